"""The live camera: capture from a device or a file in real time, guidance on a fake clock, the watcher's events.

No camera exists on these machines: the device path is tested for its failure,
for real; a rendered clip stands in for the camera everywhere else.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from gymtimer.core.camera_events import CameraState, Finished, Height, PhaseSeen, RepSeen
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.vision import cameras as cameras_module
from gymtimer.vision.frames import CameraUnavailable, FrameSource, camera_time, list_cameras
from gymtimer.vision.guidance import LOST_SECONDS, STILL_SECONDS, Guidance, State
from gymtimer.vision.live import LiveWatcher
from gymtimer_dev.clock import FakeClock
from gymtimer_dev.synthetic import render

PHASE_TOLERANCE = 0.15


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    video, sidecar = render("quick", tmp_path_factory.mktemp("clips"))
    return video, json.loads(sidecar.read_text())


def drain(watcher: LiveWatcher, timeout: float = 60.0) -> list:
    """Every event until the file's end (Finished) or ``timeout``."""
    events, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            event = watcher.events.get(timeout=0.1)
        except Exception:  # noqa: BLE001 - queue.Empty: nothing yet
            continue
        events.append(event)
        if isinstance(event, Finished):
            break
    return events


# The device path, for real.
@pytest.mark.parametrize("device", [0, 7, "/dev/video0", "/dev/video9"])
def test_a_camera_that_is_not_there_is_not_available(device):
    with pytest.raises(CameraUnavailable, match=r"^Camera not available: no camera at"):
        FrameSource(device)


def test_this_machine_lists_no_camera():
    assert list_cameras() == []


def test_cameras_are_listed_by_name_without_their_metadata_nodes(tmp_path, monkeypatch):
    monkeypatch.setattr(cameras_module.sys, "platform", "linux")
    for node, name, index in (("video0", "Integrated Camera", 0), ("video1", "Integrated Camera", 1),
                              ("video10", "USB Webcam C270", 0), ("video2", "Phone (DroidCam)\n", 0)):
        (tmp_path / node).mkdir()
        (tmp_path / node / "name").write_text(name)
        (tmp_path / node / "index").write_text(f"{index}\n")
    assert [(c.device, c.name) for c in list_cameras(tmp_path)] == [
        ("/dev/video0", "Integrated Camera"), ("/dev/video2", "Phone (DroidCam)"), ("/dev/video10", "USB Webcam C270")]


def test_a_drivers_timestamp_is_kept_only_when_it_is_on_the_monotonic_clock():
    assert camera_time(1000.0, 1000.03) == 1000.0  # taken 30 ms before it was read
    assert camera_time(0.0, 1000.03) == 1000.03  # no time from the driver
    assert camera_time(1.7e9, 1000.03) == 1000.03  # the wall clock
    assert camera_time(990.0, 1000.03) == 1000.03  # far behind: another clock


def test_a_file_played_in_real_time_waits_for_each_frames_time_on_the_clock(quick):
    video, _truth = quick
    clock = FakeClock()
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        clock.advance(seconds)

    source = FrameSource(video, realtime=True, clock=clock, sleep=sleep)
    frames = iter(source)
    times = [next(frames).time for _ in range(4)]
    source.close()
    assert source.origin == 1000.0
    assert times == [pytest.approx(1000.0 + i / 30) for i in range(4)]
    assert waits == [pytest.approx(1 / 30)] * 3


# Guidance, on a fake clock.
BOX = (100.0, 100.0, 40.0, 40.0)
SIZE = (320, 240)


def feed(guidance: Guidance, clock: FakeClock, seconds: float, fps: float = 30.0, height=lambda t: 0.0,
         box=BOX) -> State:
    state = None
    for _ in range(round(seconds * fps)):
        state = guidance.frame(clock(), height(clock()), box, SIZE)
        clock.advance(1 / fps)
    return state


def test_a_moving_hip_at_30_frames_a_second_is_seen(clock):
    guidance = Guidance(40.0)
    assert guidance.at(clock()) is State.STARTING
    assert feed(guidance, clock, 12.0, height=lambda t: 20.0 * (int(t) % 6 < 3)) is State.SEEING


def test_under_20_frames_a_second_is_too_dark(clock):
    guidance = Guidance(40.0)
    assert feed(guidance, clock, 3.0, fps=21.0, height=lambda t: t) is State.SEEING
    assert feed(guidance, clock, 3.0, fps=15.0, height=lambda t: t) is State.TOO_DARK


def test_nothing_moving_in_the_box_for_a_while_is_said(clock):
    guidance = Guidance(40.0)
    assert feed(guidance, clock, STILL_SECONDS - 1, height=lambda t: 0.5) is State.SEEING  # not yet
    assert feed(guidance, clock, 2.0, height=lambda t: 0.5) is State.STILL
    assert feed(guidance, clock, 0.5, height=lambda t: 10.0) is State.SEEING


def test_a_box_at_the_pictures_edge_is_said(clock):
    guidance = Guidance(40.0)
    assert feed(guidance, clock, 1.0, box=(2.0, 100.0, 40.0, 40.0)) is State.AT_EDGE
    assert feed(guidance, clock, 1.0, box=(100.0, 198.0, 40.0, 40.0)) is State.AT_EDGE


def test_no_frame_for_a_second_is_a_lost_camera(clock):
    guidance = Guidance(40.0)
    feed(guidance, clock, 2.0, height=lambda t: t)
    assert guidance.at(clock.advance(LOST_SECONDS - 0.1)) is State.SEEING
    assert guidance.at(clock.advance(0.2)) is State.LOST


# The watcher, with a rendered clip standing in for the camera.
def test_the_watcher_sees_every_rep_of_a_clip_and_no_frame_leaves_it(quick):
    video, truth = quick
    watcher = LiveWatcher(lambda: FrameSource(video), tuple(truth["box"]),
                          planned_lower=Tempo.parse(truth["tempo"]).lower)
    with watcher:
        events = drain(watcher)
    assert not watcher.running
    seen = [e for e in events if isinstance(e, RepSeen)]
    assert [e.number for e in seen] == [1, 2]
    for event, want in zip(seen, truth["reps"]):
        assert event.rep.lower == pytest.approx(want["lower"], abs=PHASE_TOLERANCE)
        assert event.rep.start == pytest.approx(want["start"], abs=PHASE_TOLERANCE)  # the file's own times
    assert [e.rep.lowering_too_fast for e in seen] == [False, True]
    heights = [e for e in events if isinstance(e, Height)]
    assert len(heights) == truth["frames"] and max(e.level for e in heights) == 1.0
    assert max(e.height for e in heights) == pytest.approx(60.0, abs=2.0)
    states = [e.state for e in events if isinstance(e, CameraState)]
    assert states[:2] == [State.STARTING, State.SEEING] and State.LOST not in states
    assert len(events[-1].reps) == 2
    # What leaves the worker is numbers and words: no picture.
    assert all(type(v) in (int, float, str, bool, type(None), State, Phase) or hasattr(v, "__struct_fields__")
               for e in events if not isinstance(e, Finished) for v in (getattr(e, f) for f in e.__struct_fields__))


def test_the_watcher_sees_each_phase_of_a_clip_begin_near_its_truth(quick):
    """Follow mode's moves through the real tracker: lift, squeeze and lowering, once a rep, in order."""
    video, truth = quick
    watcher = LiveWatcher(lambda: FrameSource(video), tuple(truth["box"]))
    with watcher:
        events = drain(watcher)
    moves = [e for e in events if isinstance(e, PhaseSeen)]
    assert [m.phase for m in moves] == [Phase.LIFT, Phase.SQUEEZE, Phase.LOWER] * 2
    begins = [(r["start"], r["start"] + r["lift"], r["start"] + r["lift"] + r["top"]) for r in truth["reps"]]
    for move, want in zip(moves, [t for rep in begins for t in rep]):
        assert move.at == pytest.approx(want, abs=2 * PHASE_TOLERANCE), move
    lowered = [e.at for e in events if isinstance(e, RepSeen)]
    assert all(any(m.phase is Phase.LOWER and m.at < at for m in moves) for at in lowered)


class _Unplugged(FrameSource):
    """Stands in for a camera pulled out after ``frames`` frames (its reads fail): no camera exists here."""

    def __init__(self, video, frames: int):
        super().__init__(video, realtime=True, as_camera=True)
        self._frames = frames

    def __iter__(self):
        for count, frame in enumerate(super().__iter__()):
            if count == self._frames:
                return
            yield frame


def test_a_camera_missing_then_unplugged_is_lost_and_picked_up_again(quick):
    video, truth = quick
    opened = []

    def open_source():
        opened.append(len(opened))
        if len(opened) in (1, 3):
            raise CameraUnavailable("Camera not available: no camera at /dev/video0 (is it plugged in?)")
        return _Unplugged(video, 15)

    watcher = LiveWatcher(open_source, tuple(truth["box"]), retry_seconds=0.05)
    events = []
    with watcher:
        deadline = time.monotonic() + 20
        while len(opened) < 5 and time.monotonic() < deadline:
            events.append(watcher.events.get(timeout=20))
    states = [(e.state, e.detail) for e in events if isinstance(e, CameraState)]
    assert [s for s, _ in states][:4] == [State.STARTING, State.LOST, State.SEEING, State.LOST]
    assert "no camera at /dev/video0" in states[1][1]
    assert "stopped giving pictures" in states[3][1]
    assert sum(1 for e in events if isinstance(e, Height)) >= 30  # two times 15 frames


class _Paused(FrameSource):
    """A camera that stops giving frames for ``pause`` seconds (its read blocks), then goes on."""

    def __init__(self, video, at: int, pause: float):
        super().__init__(video)
        self._at, self._pause = at, pause

    def __iter__(self):
        for count, frame in enumerate(super().__iter__()):
            if count == self._at:
                time.sleep(self._pause)
            yield frame


def test_frames_that_stop_coming_are_a_lost_camera_and_found_when_they_come_back(quick):
    video, truth = quick
    watcher = LiveWatcher(lambda: _Paused(video, 40, 1.6), tuple(truth["box"]))
    with watcher:
        events = drain(watcher)
    states = [e.state for e in events if isinstance(e, CameraState)]
    assert states[:4] == [State.STARTING, State.SEEING, State.LOST, State.SEEING]
    assert isinstance(events[-1], Finished)


def test_stop_closes_the_camera_in_the_middle_of_a_set(quick):
    video, truth = quick
    closed = threading.Event()

    class Source(FrameSource):
        def close(self):
            super().close()
            closed.set()

    watcher = LiveWatcher(lambda: Source(video, realtime=True), tuple(truth["box"]))
    watcher.start()
    assert isinstance(watcher.events.get(timeout=10), CameraState)
    watcher.stop()
    assert closed.is_set() and not watcher.running


@pytest.mark.slow
def test_a_clip_played_in_real_time_gives_each_rep_on_the_monotonic_clock_as_it_ends(quick):
    video, truth = quick
    sources = []

    def open_source():
        sources.append(FrameSource(video, realtime=True))
        return sources[-1]

    started = time.monotonic()
    with LiveWatcher(open_source, tuple(truth["box"]), planned_lower=3.0) as watcher:
        events = drain(watcher, timeout=40)
    origin = sources[0].origin
    assert started <= origin <= started + 1.0
    seen = [e for e in events if isinstance(e, RepSeen)]
    assert len(seen) == len(truth["reps"])
    for event, want in zip(seen, truth["reps"]):
        assert event.rep.start == pytest.approx(origin + want["start"], abs=PHASE_TOLERANCE)
        true_end = origin + want["start"] + want["lift"] + want["top"] + want["lower"]
        assert event.at > true_end - 0.5  # known as it happens, not ahead of the video (the figure: benchmark)
    assert Path(video).stat().st_size > 0


# The preview: pictures in one slot, a watcher with no box, a box set while it runs.
def test_a_watcher_without_a_box_shows_pictures_and_tracks_nothing_until_a_box_is_set(quick):
    video, truth = quick
    watcher = LiveWatcher(lambda: FrameSource(video), None, pictures=True)
    with watcher:
        events = []
        while not any(isinstance(e, CameraState) and e.state is State.NO_BOX for e in events):
            events.append(watcher.events.get(timeout=10))
        assert watcher.picture is not None
        assert watcher.picture.grey.ndim == 2 and watcher.picture.grey.shape[1] == 320
        assert watcher.picture.video_size == (truth["width"], truth["height"])
        assert not any(isinstance(e, Height) for e in events)  # nothing tracked without a box
        watcher.set_box(tuple(truth["box"]))
        events += drain(watcher)
    states = [e.state for e in events if isinstance(e, CameraState)]
    assert states[:2] == [State.STARTING, State.NO_BOX] and State.SEEING in states
    heights = [e for e in events if isinstance(e, Height)]
    assert heights and max(e.level for e in heights) == 1.0  # the box set late still sees the clip's lifts
    assert [e.number for e in events if isinstance(e, RepSeen)]  # and counts


def test_without_pictures_asked_for_none_is_kept(quick):
    video, truth = quick
    watcher = LiveWatcher(lambda: FrameSource(video), tuple(truth["box"]))
    with watcher:
        drain(watcher)
    assert watcher.picture is None


def test_the_picture_slot_holds_the_latest_frame_only(quick):
    video, truth = quick
    watcher = LiveWatcher(lambda: FrameSource(video), tuple(truth["box"]), pictures=True)
    with watcher:
        events = drain(watcher)
    last = [e for e in events if isinstance(e, Height)][-1]
    assert watcher.picture is not None and watcher.picture.at == last.at  # the last frame's, nothing queued


def test_a_box_too_small_is_refused_and_the_old_one_kept(quick):
    video, truth = quick
    watcher = LiveWatcher(lambda: FrameSource(video), tuple(truth["box"]))
    with pytest.raises(ValueError, match="too small"):
        watcher.set_box((10, 10, 2, 40))
    assert watcher.box == tuple(truth["box"])


def test_a_box_set_over_nothing_to_follow_is_refused_and_the_preview_goes_on(tmp_path):
    import cv2
    import numpy as np

    plain = tmp_path / "wall.avi"  # a bare wall: no corner to follow anywhere
    writer = cv2.VideoWriter(str(plain), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (160, 120))
    for _ in range(20):
        writer.write(np.full((120, 160, 3), 128, np.uint8))
    writer.release()
    watcher = LiveWatcher(lambda: FrameSource(plain), None, pictures=True)
    watcher.set_box((40, 40, 40, 40))
    with watcher:
        events = drain(watcher)
    states = [(e.state, e.detail) for e in events if isinstance(e, CameraState)]
    assert (State.NO_BOX, "nothing to follow in the box: draw it around the hip, on the clothes' folds and edges") \
        in states and State.LOST not in [s for s, _ in states]
    assert watcher.box is None and watcher.picture is not None and isinstance(events[-1], Finished)
