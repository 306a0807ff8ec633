"""The live camera for the screens: one :class:`LiveWatcher` at a time, its worker's events as queued Qt signals.

Whoever shows the preview, or runs a workout with the camera on, calls
:meth:`CameraFeed.start` and :meth:`CameraFeed.stop`; the camera is open only
in between. OpenCV loads at the first start, never at the app's start-up.
Pictures are handed to the screen at its own pace (``PAINT_MS``) from the
watcher's one-picture slot: none is queued, kept or written anywhere.

A clip can stand in for the camera (tests, the end-to-end test, the frozen
app's smoke test): ``GYMTIMER_TEST_CAMERA=/path/clip.mp4`` lists it as a
camera, played in real time, again from its start a second after its end (as
a camera unplugged and plugged back in).

A network camera (a phone's camera app: ``http://…`` or ``rtsp://…``) is a
:class:`Camera` whose device is its address and whose name has no password
(:func:`network_camera`); settings.json remembers its address. It is opened
on the watcher's worker thread with time limits, so the window never waits
for it, and a stop does not wait for a slow host either.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage

from gymtimer.core.camera_events import CameraEvent, CameraOpened, Height
from gymtimer.vision import cameras
from gymtimer.vision.cameras import Camera, is_device, list_cameras
from gymtimer.vision.network import camera_name, is_network

if TYPE_CHECKING:
    from gymtimer.store.camera_settings import CameraMemory
    from gymtimer.vision.frames import Frame, FrameSource
    from gymtimer.vision.live import LiveWatcher
    from gymtimer.vision.replay import SetFilm

#: The environment variable naming a clip that stands in for a camera.
TEST_CAMERA_ENV = "GYMTIMER_TEST_CAMERA"
#: ``GYMTIMER_BODY_MODEL=off`` keeps the optional body model from running even where it is installed (the tests
#: turn it on where they need it: it costs a share of a core while the camera is open).
BODY_MODEL_ENV = "GYMTIMER_BODY_MODEL"


def body_model_wanted() -> bool:
    """The body model runs with the camera when it is installed and not turned off (``GYMTIMER_BODY_MODEL=off``)."""
    from gymtimer.vision import pose

    return os.environ.get(BODY_MODEL_ENV, "").strip().lower() != "off" and pose.available()
#: How long a stop waits for a network camera's worker: one opening a slow host finishes on its own.
NETWORK_STOP_SECONDS = 0.2
#: How often the screen takes the latest picture: 20 a second, whatever the camera's rate.
PAINT_MS = 50

Box = tuple[int, int, int, int]


class CameraChoice(msgspec.Struct, frozen=True):
    """The camera the lifter chose for the workout: what to open, its name, the box over the hips, follow mode.

    ``box`` is in the camera's own pixels; None until one is drawn. ``finds_hips``: the body model runs and
    places the box itself when none is drawn.
    """

    device: int | str
    name: str
    box: Box | None = None
    follow: bool = False
    finds_hips: bool = False

    @property
    def used(self) -> bool:
        """Whether the workout can watch with it: a box drawn, or the body model to place one."""
        return self.box is not None or self.finds_hips

    @property
    def camera(self) -> Camera:
        return Camera(self.device, self.name)


def clip_camera() -> Camera | None:
    """The clip named by ``GYMTIMER_TEST_CAMERA``, as a camera; None when it is not set."""
    path = os.environ.get(TEST_CAMERA_ENV, "").strip()
    return Camera(path, f"Test camera ({Path(path).name})") if path else None


def available_cameras(folder: Path | None = None) -> list[Camera]:
    """The system's cameras by name (none is opened on Linux), then the test camera when one is set.

    ``folder`` is where Linux lists them (by default :data:`gymtimer.vision.cameras.V4L_FOLDER`).
    """
    found = list_cameras(folder if folder is not None else cameras.V4L_FOLDER)
    clip = clip_camera()
    return [*found, clip] if clip is not None else found


def network_camera(address: str) -> Camera:
    """The network camera at ``address`` (checked by ``gymtimer.vision.network.parse_address``)."""
    return Camera(address, camera_name(address))


def remembered_network_camera(memory: CameraMemory) -> Camera | None:
    """The network camera settings.json remembers, if any."""
    address = memory.network()
    return network_camera(address) if address else None


def remembered_choice(memory: CameraMemory, folder: Path | None = None) -> CameraChoice | None:
    """The camera settings.json remembers, as a workout's choice (no setup page shown: ``--preset``).

    None when the camera is Off, or the one chosen is not on the system now (the workout is paced).
    A network camera is always taken: whether it answers is known once it is tried.
    """
    name = memory.chosen()
    if name is None:
        return None
    network = remembered_network_camera(memory)
    for camera in [*available_cameras(folder), *([network] if network is not None else [])]:
        if camera.name == name:
            return CameraChoice(camera.device, camera.name, memory.box(camera.name), memory.follow(),
                                body_model_wanted())
    return None


def open_camera(camera: Camera, folder: Path | None = None) -> FrameSource:
    """Open ``camera``: a device (found again by name, should it come back on another node) or a clip in real time.

    Raises :class:`~gymtimer.vision.frames.CameraUnavailable` (or ``VideoError``
    for a clip that cannot be read) in the lifter's words.
    """
    from gymtimer.vision.frames import FrameSource

    if is_network(camera.device):
        return FrameSource(camera.device)
    if not is_device(camera.device):
        return FrameSource(camera.device, realtime=True, as_camera=True)
    listed = list_cameras(folder if folder is not None else cameras.V4L_FOLDER)
    device = next((c.device for c in listed if c.name == camera.name), camera.device)
    return FrameSource(device)


class _SaysWhenOpen:
    """A frame source that reports its opening and (once) its closing; the watcher reads it as it would the source.

    It is the watcher's :class:`~gymtimer.vision.frames.Frames`: what it reads is the source's own.
    """

    def __init__(self, source: FrameSource, say: Callable[[CameraOpened], None]) -> None:
        self._source, self._say = source, say
        self._closed = False
        say(CameraOpened(True))

    @property
    def width(self) -> int:
        return self._source.width

    @property
    def height(self) -> int:
        return self._source.height

    @property
    def scale(self) -> float:
        return self._source.scale

    @property
    def ends_lost(self) -> bool:
        return self._source.ends_lost

    @property
    def stops_because(self) -> str:
        return self._source.stops_because

    @property
    def behind(self) -> float | None:
        return self._source.behind

    @property
    def network_lateness(self) -> float:
        return self._source.network_lateness

    def __iter__(self) -> Iterator[Frame]:
        return iter(self._source)

    def close(self) -> None:
        self._source.close()
        if not self._closed:
            self._closed = True
            self._say(CameraOpened(False))


class CameraFeed(QObject):
    """One camera, watched on a worker thread; every event it reports arrives here on the main thread.

    ``open_source`` opens a :class:`Camera` (default :func:`open_camera`); a
    test may hand another. ``reported`` carries each
    :data:`~gymtimer.core.camera_events.CameraEvent` unchanged, as the worker
    made it; only the two that feed a picture on screen have signals of their
    own: the preview's picture (a ``QImage``) and the height bar's ``Height``.
    """

    picture_ready = Signal(QImage, object)  #: the latest picture (grey, 320 px wide), the camera's (width, height)
    height_seen = Signal(object)  #: Height, every frame: the height bar
    reported = Signal(object)  #: every other CameraEvent (RepSeen, PhaseSeen, Still, CameraState, CameraOpened, …)
    _relay = Signal(int, object)  # (the watcher's number, its event), from the worker thread

    def __init__(self, parent: QObject | None = None, *,
                 open_source: Callable[[Camera], FrameSource] | None = None) -> None:
        super().__init__(parent)
        self.open_source = open_source or open_camera
        self.camera: Camera | None = None
        self.watcher: LiveWatcher | None = None
        self.is_open = False
        self._number = 0  # events of a watcher stopped meanwhile are dropped
        self._last_picture: float | None = None
        self._relay.connect(self._on_worker, Qt.ConnectionType.QueuedConnection)
        self._paint_timer = QTimer(self)
        self._paint_timer.setInterval(PAINT_MS)
        self._paint_timer.timeout.connect(self._take_picture)

    @property
    def running(self) -> bool:
        return self.watcher is not None and self.watcher.running

    def start(self, camera: Camera, box: Box | None = None, *, planned_lower: float | None = None,
              pictures: bool = True, film: SetFilm | None = None) -> None:
        """Open ``camera`` and watch it (the hip in ``box``, or a preview only while it is None); ``film`` keeps the
        set's frames in memory to be watched back."""
        from gymtimer.vision.live import LiveWatcher

        self.stop()
        self.camera = camera
        self._number += 1
        number = self._number
        relay = self._relay

        def open_source() -> _SaysWhenOpen:
            return _SaysWhenOpen(self.open_source(camera), lambda event: relay.emit(number, event))

        body_model = None
        if body_model_wanted():
            from gymtimer.vision.pose import PoseModel

            body_model = PoseModel  # made on the watcher's model thread, where it runs
        self.watcher = LiveWatcher(open_source, box, planned_lower=planned_lower, pictures=pictures, film=film,
                                   on_event=lambda event: relay.emit(number, event), body_model=body_model)
        self._last_picture = None
        self.watcher.start()
        if pictures:
            self._paint_timer.start()

    def set_box(self, box: Box) -> None:
        """Follow the hip in ``box`` (the camera's pixels) from the next frame: a new tracker and count."""
        if self.watcher is not None:
            self.watcher.set_box(box)

    def place_again(self) -> None:
        """The body model places the box afresh, as if none had been drawn (it keeps following the old one until)."""
        if self.watcher is not None:
            self.watcher.place_again()

    def stop(self) -> None:
        """Stop watching and close the camera: it is closed when this returns (within a frame's time)."""
        self._paint_timer.stop()
        watcher, self.watcher = self.watcher, None
        if watcher is not None:
            network = self.camera is not None and is_network(self.camera.device)
            watcher.stop(NETWORK_STOP_SECONDS if network else 5.0)
        self._number += 1  # what the stopped watcher still had on its way is dropped
        if self.is_open:
            self.is_open = False
            self.reported.emit(CameraOpened(False))

    def _on_worker(self, number: int, event: CameraEvent) -> None:
        if number != self._number:
            return
        match event:
            case Height():
                self.height_seen.emit(event)
            case CameraOpened(open=is_open):
                if is_open != self.is_open:
                    self.is_open = is_open
                    self.reported.emit(event)
            case _:
                self.reported.emit(event)

    def _take_picture(self) -> None:
        """The watcher's latest picture, when it is a new one, for the screen (a copy the screen owns)."""
        picture = self.watcher.picture if self.watcher is not None else None
        if picture is None or picture.at == self._last_picture or not self.is_open:
            return
        self._last_picture = picture.at
        grey = picture.grey
        height, width = grey.shape
        image = QImage(grey.data, width, height, grey.strides[0], QImage.Format.Format_Grayscale8).copy()
        self.picture_ready.emit(image, picture.video_size)
