"""A phone as the camera, end to end: a real MJPEG stream on the loopback address watched through a workout.

The app's own live path, on the real clock: the workout's driver and its
timers, the watch that tells the workout what the camera sees, the camera
feed and its worker, the FrameSource reading http:// through FFmpeg. The
stream (dev/gymtimer_dev/mjpeg.py) serves a rendered set as a phone would, is
cut in the rest between the two reps and started again. The address holds a
password, which must reach no log, no notice, no event and no file but
settings.json.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path

import msgspec
import pytest

from gymtimer.core.camera_events import CameraState, RepSeen, State
from gymtimer.core.notices import CAMERA_NOT_AVAILABLE, Notices
from gymtimer.core.plan import Plan
from gymtimer.core.tempo import Tempo
from gymtimer.core.workout import Workout
from gymtimer.live.camera import CameraChoice, CameraFeed, network_camera, remembered_choice
from gymtimer.live.driver import WorkoutDriver
from gymtimer.live.watching import WorkoutWatch
from gymtimer.store import paths
from gymtimer.store.camera_settings import CameraMemory
from gymtimer.ui.workout_view import WorkoutView
from gymtimer_dev.mjpeg import MjpegServer, SilentHost, jpeg_frames
from gymtimer_dev.synthetic import RepSpec, SetSpec, render

SECRET = "s3cret-Pa55"
WAIT_MS = 30_000
#: Two reps with a long rest between them (the stream is cut and back in it): lower 2, bottom 3, lift 1, top 1.
SET = SetSpec("network", "2-3-1-1", (RepSpec(lower=2.0, bottom=3.0), RepSpec(lower=2.0)), settle=3.0, tail=2.0,
              bump_at=None)


@pytest.fixture(scope="module")
def stream(tmp_path_factory):
    video, sidecar = render(SET, tmp_path_factory.mktemp("clips"))
    return jpeg_frames(video), msgspec.json.decode(sidecar.read_bytes())


def with_password(url: str) -> str:
    return url.replace("http://", f"http://lifter:{SECRET}@")


def files_holding(folder: Path, text: str, since: float = 0.0) -> list[Path]:
    found = []
    # os.walk passes over a folder that another program removes while it is read (an installer's build folder
    # in the shared temporary folder), where Path.rglob raises.
    for root, _folders, files in os.walk(folder, onerror=lambda _error: None):
        for name in files:
            path = Path(root, name)
            try:
                if path.is_file() and path.stat().st_mtime >= since and text.encode() in path.read_bytes():
                    found.append(path)
            except OSError:
                continue  # another program's file, gone or not ours to read
    return found


def test_a_set_watched_through_a_phone_stream_cut_and_back_counts_its_reps_and_keeps_its_password(
        qtbot, stream, caplog, capfd, data_dir):
    caplog.set_level(logging.DEBUG)
    began = time.time()
    frames, truth = stream
    server = MjpegServer(frames).start()
    address = with_password(server.url)
    memory = CameraMemory()
    memory.set_network(address)
    memory.set_chosen(network_camera(address).name)
    memory.set_box(network_camera(address).name, tuple(truth["box"]))
    choice = remembered_choice(memory)
    assert choice == CameraChoice(address, f"Network camera (127.0.0.1:{server.port})", tuple(truth["box"]))

    driver = WorkoutDriver()
    notices = Notices()
    said: list[str] = []
    notices.subscribe(lambda: said.extend(n.full_text() for n in notices.shown()))
    view = WorkoutView(driver, notices)
    qtbot.addWidget(view)
    feed = CameraFeed()
    reported: list = []
    feed.reported.connect(reported.append)
    watch = WorkoutWatch(driver, view, notices, feed=feed)
    plan = Plan(tempo=Tempo.parse(SET.tempo), sets=1, reps=2, lead_in=0, rest=30)
    try:
        # The workout starts as the lifter would: just before the set's first rep (3 s into the stream).
        qtbot.waitUntil(lambda: time.monotonic() >= server.origin + 2.5, timeout=WAIT_MS)
        workout = Workout(plan, origin=time.monotonic(), watched=True)
        driver.set_workout(workout)
        watch.begin(choice, workout)
        driver.start()
        seen = lambda: [e for e in reported if isinstance(e, RepSeen)]  # noqa: E731
        qtbot.waitUntil(lambda: len(seen()) == 1, timeout=WAIT_MS)

        server.stop()  # the phone's app closed in the rest after the first rep
        qtbot.waitUntil(lambda: notices.get("camera") is not None, timeout=WAIT_MS)
        assert notices.get("camera").text == CAMERA_NOT_AVAILABLE
        assert "the phone's stream stopped" in notices.get("camera").detail
        assert workout.running, "the set goes on paced"
        server.start()  # the same address again, the set where it is now
        qtbot.waitUntil(lambda: notices.get("camera") is None, timeout=WAIT_MS)  # tried again, and found
        qtbot.waitUntil(lambda: len(seen()) == 2, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not watch.watching, timeout=WAIT_MS)  # the workout ended, the camera closed
    finally:
        watch.stop()
        server.stop()

    assert [e.number for e in seen()] == [1, 2]
    (record,) = workout.record.sets
    assert (record.done(), record.seen_count) == (2, 2)
    states = [e.state for e in reported if isinstance(e, CameraState)]
    assert State.LOST in states and states[-1] is State.SEEING
    for event, want in zip(seen(), truth["reps"]):
        assert event.rep.lower == pytest.approx(want["lower"], abs=0.15)

    # The password: in settings.json, nowhere else.
    words = " ".join([*said, *(msgspec.json.encode(e).decode() for e in reported),
                      *(r.getMessage() for r in caplog.records)])
    assert SECRET not in words
    out, err = capfd.readouterr()
    assert SECRET not in out + err
    settings = paths.data_dir() / "settings.json"
    assert files_holding(data_dir, SECRET) == [settings]
    assert files_holding(Path(tempfile.gettempdir()), SECRET, since=began) == [settings]  # the data folder is in it


@pytest.mark.parametrize("kind", ["refused", "silent"])
def test_a_phone_that_does_not_answer_is_said_without_its_password_and_the_set_is_paced(qtbot, kind, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    host = SilentHost()
    if kind == "refused":
        host.close()
    address = f"http://lifter:{SECRET}@127.0.0.1:{host.port}/video"
    driver = WorkoutDriver()
    notices = Notices()
    view = WorkoutView(driver, notices)
    qtbot.addWidget(view)
    watch = WorkoutWatch(driver, view, notices, feed=CameraFeed())
    workout = Workout(Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=1, reps=20, lead_in=0, rest=30),
                      origin=time.monotonic(), watched=True)
    driver.set_workout(workout)
    watch.begin(CameraChoice(address, network_camera(address).name, (10, 10, 40, 40)), workout)
    try:
        driver.start()
        started = time.monotonic()
        qtbot.waitUntil(lambda: notices.get("camera") is not None, timeout=WAIT_MS)
        notice = notices.get("camera")
        stopping = time.monotonic()
        watch.stop()  # the lifter ends it while a slow host is still being asked: the window does not wait
        stopped = time.monotonic() - stopping
    finally:
        host.close()
    assert workout.running, "the set goes on paced"
    why = "refuses to connect" if kind == "refused" else "connects but does not answer"
    assert why in notice.detail and f"127.0.0.1:{host.port}" in notice.detail
    assert time.monotonic() - started < 10, "a few seconds, not a hang"
    assert stopped < 1.0
    words = notice.full_text() + " ".join(r.getMessage() for r in caplog.records)
    out, err = capfd.readouterr()
    assert SECRET not in words + out + err
