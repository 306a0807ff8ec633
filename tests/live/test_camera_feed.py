"""The camera's Qt bridge: the worker's events as signals on the main thread, the device closed when stop returns."""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from gymtimer.core.camera_events import CameraOpened, CameraState, Height, PhaseSeen, RepSeen, Still
from gymtimer.live.camera import TEST_CAMERA_ENV, CameraFeed, available_cameras, clip_camera, open_camera
from gymtimer.vision.cameras import Camera
from gymtimer.vision.frames import FrameSource
from gymtimer.vision.guidance import State
from gymtimer_dev.synthetic import render

WAIT_MS = 30_000


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    video, sidecar = render("quick", tmp_path_factory.mktemp("clips"))
    return video, json.loads(sidecar.read_text())


class Recorded(FrameSource):
    """The clip as a camera, remembering when it was closed (what a device's release is here)."""

    closed = threading.Event()

    def close(self) -> None:
        super().close()
        Recorded.closed.set()


def test_the_test_camera_is_the_clip_named_in_the_environment(clip, monkeypatch, tmp_path):
    video, _truth = clip
    monkeypatch.delenv(TEST_CAMERA_ENV, raising=False)
    assert clip_camera() is None
    monkeypatch.setenv(TEST_CAMERA_ENV, str(video))
    assert clip_camera() == Camera(str(video), f"Test camera ({video.name})")
    assert available_cameras(tmp_path) == [clip_camera()]  # this machine lists no camera
    source = open_camera(clip_camera())
    try:
        assert source.realtime and source.ends_lost  # played as a camera gives it; its end is an unplugging
    finally:
        source.close()


def test_events_arrive_on_the_main_thread_and_stop_closes_the_camera_before_it_returns(qtbot, clip):
    video, truth = clip
    Recorded.closed.clear()
    feed = CameraFeed(open_source=lambda camera: Recorded(camera.device, realtime=True, as_camera=True))
    threads, states, opened, reported = [], [], [], []
    feed.height_seen.connect(lambda _h: threads.append(QThread.currentThread()))
    feed.reported.connect(reported.append)
    feed.reported.connect(lambda e: states.append(e.state) if isinstance(e, CameraState) else None)
    feed.reported.connect(lambda e: opened.append(e.open) if isinstance(e, CameraOpened) else None)
    feed.start(Camera(str(video), "clip"), tuple(truth["box"]))
    qtbot.waitUntil(lambda: len(threads) >= 10, timeout=WAIT_MS)
    assert set(threads) == {QApplication.instance().thread()}
    assert states[:2] == [State.STARTING, State.SEEING] and opened == [True] and feed.is_open
    # Every event but the heights comes on the one signal, as the worker made it (the watcher's own types).
    assert {type(e) for e in reported} <= {CameraState, CameraOpened, RepSeen, PhaseSeen, Still}
    assert not [e for e in reported if isinstance(e, Height)]
    feed.stop()
    assert Recorded.closed.is_set() and not feed.running and not feed.is_open and opened == [True, False]
    count = len(threads)
    qtbot.wait(200)  # anything the stopped watcher had on its way is dropped
    assert len(threads) == count


def test_pictures_come_at_the_screens_pace_as_grey_images(qtbot, clip):
    video, truth = clip
    feed = CameraFeed(open_source=lambda camera: FrameSource(camera.device, realtime=True, as_camera=True))
    pictures = []
    feed.picture_ready.connect(lambda image, size: pictures.append((image.width(), image.height(), size)))
    feed.start(Camera(str(video), "clip"))
    qtbot.waitUntil(lambda: len(pictures) >= 5, timeout=WAIT_MS)
    feed.stop()
    assert pictures[0] == (320, 240, (truth["width"], truth["height"]))


def test_a_camera_that_does_not_open_is_lost_and_no_mark_shows(qtbot):
    feed = CameraFeed()
    states, opened = [], []
    feed.reported.connect(lambda e: states.append(e) if isinstance(e, CameraState) else None)
    feed.reported.connect(lambda e: opened.append(e.open) if isinstance(e, CameraOpened) else None)
    feed.start(Camera("/dev/video9", "Gone"))  # no such device here, for real
    qtbot.waitUntil(lambda: any(s.state is State.LOST for s in states), timeout=WAIT_MS)
    assert "no camera at /dev/video9" in states[-1].detail and opened == [] and not feed.is_open
    feed.stop()
    assert not feed.running
