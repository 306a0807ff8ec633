"""Frames of a video file or a camera, each with its own timestamp, scaled down for tracking."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# FFmpeg and OpenCV would print their own lines about a file they cannot read: the lifter gets ours.
os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")

import cv2
from cv2.typing import MatLike

# At home in cameras.py (no OpenCV there, for the setup page's list); here for the code that knew them here.
from gymtimer.vision.cameras import PROBED_INDICES, V4L_FOLDER, Camera, is_device, list_cameras  # noqa: F401
from gymtimer.vision.network import (
    OPEN_SECONDS,
    PHONE_SECONDS,
    READ_SECONDS,
    ArrivalDelay,
    CameraNotReached,
    camera_name,
    is_network,
    reach,
    shown_address,
)

#: A picture as OpenCV gives it: its pixels in a numpy array, height × width (grey) or height × width × 3 (BGR).
Image = MatLike

#: Width the frames are tracked at: the hip still moves 0.2-0.5 px a frame in a slow lowering.
TRACK_WIDTH = 320
#: A driver's timestamp is taken as on ``time.monotonic()`` when it is this close behind it.
DRIVER_STAMP_WINDOW = 0.5


class VideoError(Exception):
    """A video or camera that cannot be read, in the lifter's words."""


class CameraUnavailable(VideoError):
    """The camera is missing, busy, unplugged or refused by the system."""


def camera_time(driver_seconds: float, now: float) -> float:
    """A camera frame's time on ``time.monotonic()``: the driver's own if it is on that clock, else ``now``.

    Linux drivers stamp each frame on the monotonic clock when it was taken
    (a little before it is read); others give nothing, or another clock.
    """
    if 0.0 <= now - driver_seconds <= DRIVER_STAMP_WINDOW:
        return driver_seconds
    return now


@dataclass(frozen=True)
class Frame:
    time: float  # seconds, from the stream (CAP_PROP_POS_MSEC), not from a frame count
    grey: Image  # the frame in grey, scaled to ``FrameSource.scale``
    #: The frame as decoded (BGR, the video's own pixels), for the body model: no copy is made, and none
    #: is kept once the frame is dropped.
    picture: Image | None = None


class FrameSource:
    """One code path for a recorded set and a camera: ``cv2.VideoCapture`` and each frame's timestamp.

    Times come from the stream's own presentation time (phone clips are often
    variable frame rate, and their frame count can be wrong). A camera's
    frames are stamped on ``clock`` (``time.monotonic()``; see :func:`camera_time`).

    ``realtime=True`` plays a file as a camera would give it: each frame is
    held back until its own time has come (``sleep``), and stamped on ``clock``
    at that moment (``origin`` + its time in the file), so a recorded set
    stands in for the camera. ``as_camera=True`` has its end taken as a
    camera unplugged (:attr:`ends_lost`) rather than the set's end. The camera
    (or file) is open from the constructor until the frames run out or :meth:`close`.

    A network camera's address (``http://…``, ``rtsp://…``: a phone's camera
    app) is asked first (:func:`~gymtimer.vision.network.reach`), then opened
    and read with time limits, so that it fails in words within seconds. Its
    frames are stamped when they arrive, less :attr:`behind` (how far behind
    the stream is: :class:`~gymtimer.vision.network.ArrivalDelay`), so that the
    reps' times are when they were lifted. Its name never holds a password.
    """

    def __init__(self, source: str | Path | int, width: int = TRACK_WIDTH, *, realtime: bool = False,
                 as_camera: bool = False, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.is_network = is_network(source)
        self.is_camera = is_device(source) or self.is_network
        self.name = (camera_name(str(source)) if self.is_network
                     else f"camera {source}" if self.is_camera else str(source))
        self.realtime = realtime and not self.is_camera
        self.ends_lost = self.is_camera or as_camera  # frames that run out are a camera lost, not a set's end
        self.origin: float | None = None  # the clock's time of the file's time 0, once playing in real time
        self._clock, self._sleep = clock, sleep
        #: How far behind a network camera's pictures are, in seconds (None for a device or a file).
        self.arrivals: ArrivalDelay | None = None
        #: Why its pictures may stop, in the lifter's words (a phone's stream is not unplugged).
        self.stops_because = ("the phone's stream stopped (camera app closed, or off the Wi-Fi?)" if self.is_network
                              else "unplugged?")
        if self.is_network:
            self._capture = self._open_network(str(source))
        elif self.is_camera:
            self._capture = cv2.VideoCapture(source if isinstance(source, int) else str(source))
        else:
            assert not isinstance(source, int)  # an index is always a camera (is_device)
            path = Path(source)
            if not path.is_file():
                raise VideoError(f"{path}: no such file")
            self._capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
        if not self._capture.isOpened():
            self._capture.release()
            if self.is_network:
                raise CameraUnavailable(f"Camera not available: {shown_address(str(source))} answers, but not "
                                        "with a video GymTimer can read (is it the app's video address?)")
            if self.is_camera:
                raise CameraUnavailable(f"Camera not available: no camera at {source} (is it plugged in?)")
            raise VideoError(f"{self.name}: not a video GymTimer can read")
        ok, first = self._capture.read()
        if not ok or first is None:
            self._capture.release()
            if self.is_network:
                raise CameraUnavailable(f"Camera not available: {self.name} sends no picture it can read "
                                        "(is it the app's video address?)")
            if self.is_camera:
                raise CameraUnavailable(f"Camera not available: {self.name} gives no picture "
                                        "(busy in another program, or refused by the system?)")
            raise VideoError(f"{self.name}: not a video GymTimer can read (no picture in it)")
        self.height: int  # the picture's, in the video's pixels
        self.width: int
        self.height, self.width = first.shape[:2]
        self.scale = min(1.0, width / self.width)
        self._pending = [(self._timestamp(None), first)]
        ok, second = self._capture.read()
        if not ok or second is None:
            self._capture.release()
            if self.is_camera:
                raise CameraUnavailable(f"Camera not available: {self.name} stopped after one picture")
            raise VideoError(f"{self.name}: a single picture, not a video of a set")
        self._pending.append((self._timestamp(self._pending[0][0]), second))
        self._last_time: float | None = None

    def _open_network(self, address: str) -> cv2.VideoCapture:
        """Ask the camera, then open its stream, each within the time limit; raises in words."""
        started = self._clock()
        try:
            reach(address, OPEN_SECONDS)
        except CameraNotReached as error:
            raise CameraUnavailable(f"Camera not available: {error}") from None
        self.arrivals = ArrivalDelay(PHONE_SECONDS[address.split("://", 1)[0].lower()])
        left = max(0.5, OPEN_SECONDS - (self._clock() - started))
        return cv2.VideoCapture(address, cv2.CAP_FFMPEG, [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, round(left * 1000),
                                                          cv2.CAP_PROP_READ_TIMEOUT_MSEC, round(READ_SECONDS * 1000)])

    @property
    def network_lateness(self) -> float:
        """The measured part of :attr:`behind`: how late the frames arrive (0 for a device or a file)."""
        return self.arrivals.network if self.arrivals is not None else 0.0

    @property
    def behind(self) -> float | None:
        """How far behind a network camera's pictures are (seconds); None for a device or a file."""
        return self.arrivals.behind if self.arrivals is not None else None

    def _timestamp(self, previous: float | None) -> float:
        if self.arrivals is not None:  # the stream's parts carry no time: when it arrived, less the delay
            now = self._clock()
            self.arrivals.arrived(now)
            stamp = now - self.arrivals.behind
            return max(stamp, previous + 1e-6) if previous is not None else stamp
        msec = self._capture.get(cv2.CAP_PROP_POS_MSEC)
        if self.is_camera:
            stamp = camera_time(msec / 1000, self._clock())
            return self._clock() if previous is not None and stamp <= previous else stamp
        return msec / 1000

    def _shrink(self, image: Image) -> Image:
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
        if self.scale < 1.0:
            size = (round(self.width * self.scale), round(self.height * self.scale))
            grey = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
        return grey

    def __iter__(self) -> Iterator[Frame]:
        try:
            while True:
                if self._pending:
                    stamp, image = self._pending.pop(0)
                else:
                    ok, image = self._capture.read()
                    if not ok:
                        return
                    stamp = self._timestamp(self._last_time)
                if self._last_time is not None and stamp <= self._last_time:
                    continue  # a frame without a later time than the last adds nothing
                self._last_time = stamp
                if self.realtime:
                    if self.origin is None:
                        self.origin = self._clock() - stamp
                    stamp += self.origin
                    wait = stamp - self._clock()
                    if wait > 0:
                        self._sleep(wait)
                yield Frame(stamp, self._shrink(image), image)
        finally:
            self.close()

    def close(self) -> None:
        self._capture.release()


class Frames(Protocol):
    """What the live watcher reads of an open camera or file: a :class:`FrameSource`, or one wrapped around it."""

    @property
    def width(self) -> int: ...  # the picture's, in the video's pixels
    @property
    def height(self) -> int: ...
    @property
    def scale(self) -> float: ...  # the frames' size against the video's
    @property
    def ends_lost(self) -> bool: ...
    @property
    def stops_because(self) -> str: ...
    @property
    def behind(self) -> float | None: ...
    @property
    def network_lateness(self) -> float: ...
    def __iter__(self) -> Iterator[Frame]: ...
    def close(self) -> None: ...


def first_picture(video: str | Path) -> Image:
    """A video file's first frame, full size and in colour (BGR): the picture its box is drawn on."""
    source = FrameSource(video)
    try:
        return source._pending[0][1]
    finally:
        source.close()
