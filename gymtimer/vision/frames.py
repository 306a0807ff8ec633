"""Frames of a video file or a camera, each with its own timestamp, scaled down for tracking."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# FFmpeg and OpenCV would print their own lines about a file they cannot read: the lifter gets ours.
os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")

import cv2
import numpy as np

#: Width the frames are tracked at: the hip still moves 0.2-0.5 px a frame in a slow lowering.
TRACK_WIDTH = 320


class VideoError(Exception):
    """A video or camera that cannot be read, in the lifter's words."""


@dataclass(frozen=True)
class Frame:
    time: float  # seconds, from the stream (CAP_PROP_POS_MSEC), not from a frame count
    grey: np.ndarray  # the frame in grey, scaled to ``FrameSource.scale``


class FrameSource:
    """One code path for a recorded set and a camera: ``cv2.VideoCapture`` and each frame's timestamp.

    Times come from the stream's own presentation time (phone clips are often
    variable frame rate, and their frame count can be wrong). A camera whose
    driver gives no usable time gets the moment each frame was read.
    """

    def __init__(self, source: str | Path | int, width: int = TRACK_WIDTH) -> None:
        self.is_camera = isinstance(source, int)
        self.name = f"camera {source}" if self.is_camera else str(source)
        if self.is_camera:
            self._capture = cv2.VideoCapture(source)
        else:
            path = Path(source)
            if not path.is_file():
                raise VideoError(f"{path}: no such file")
            self._capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
        if not self._capture.isOpened():
            raise VideoError(f"{self.name}: no camera there" if self.is_camera
                             else f"{self.name}: not a video GymTimer can read")
        ok, first = self._capture.read()
        if not ok or first is None:
            self._capture.release()
            raise VideoError(f"{self.name}: not a video GymTimer can read (no picture in it)")
        self.height, self.width = first.shape[:2]
        self.scale = min(1.0, width / self.width)
        self._pending = [(self._timestamp(None), first)]
        ok, second = self._capture.read()
        if not ok or second is None:
            self._capture.release()
            raise VideoError(f"{self.name}: a single picture, not a video of a set")
        self._pending.append((self._timestamp(self._pending[0][0]), second))
        self._last_time: float | None = None

    def _timestamp(self, previous: float | None) -> float:
        msec = self._capture.get(cv2.CAP_PROP_POS_MSEC)
        if self.is_camera and (msec <= 0 or (previous is not None and msec / 1000 <= previous)):
            return time.monotonic()
        return msec / 1000

    def _shrink(self, image: np.ndarray) -> np.ndarray:
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
                yield Frame(stamp, self._shrink(image))
        finally:
            self.close()

    def close(self) -> None:
        self._capture.release()
