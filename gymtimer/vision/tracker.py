"""Follows the hip up and down: sparse Lucas–Kanade features in the lifter's box, less the background's motion."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TypedDict

import cv2
import numpy as np
import numpy.typing as npt
from cv2.typing import MatLike

from gymtimer.vision.frames import Frame, Image

#: Features' positions, one (x, y) row each, in the frames' pixels at tracking size.
Points = npt.NDArray[np.float32]
#: A motion (x right, y down), in the frames' pixels at tracking size.
Shift = npt.NDArray[np.float32 | np.float64]

#: Most features followed in the hip's box, and in the background.
HIP_FEATURES = 120
BACKGROUND_FEATURES = 120
#: Forward-backward check: a feature that does not come back within this (px at tracking size) is dropped.
FB_LIMIT = 0.5
#: A fresh set of features is found when fewer than this share of the last set is left.
RESEED_SHARE = 0.5
#: The background is looked for outside the box grown by this many box sizes on each side.
BACKGROUND_CLEARANCE = 1.0
#: A background feature that moved less than this in a frame (px at tracking size) stayed put; when at least
#: STILL_SHARE of them did, the camera did not move in that frame (the rest are on the lifter, the bar, a
#: passer-by): a camera at rest is the likeliest camera, whatever else moves around the box.
STILL_PX = 0.1
STILL_SHARE = 0.3
#: A "background" that travels the same way as the hip, FOLLOW_RATIO times as far and at least FOLLOW_SHARE of
#: the picture's height within FOLLOW_SECONDS, is on the lifter (the torso, the bar on a plain backdrop): a
#: camera's move carries the hip as far as what is behind it. From then on the picture's frame is used, and the
#: heights of those FOLLOW_SECONDS are given again in it (:meth:`HipTracker.take_revised`).
FOLLOW_RATIO = 1.5
FOLLOW_SHARE = 0.05
FOLLOW_SECONDS = 1.0
#: Corner quality for the hip's features (OpenCV's qualityLevel): low, so that plain clothes give some.
HIP_QUALITY = 0.001

#: Lucas–Kanade: a 15 px window on 3 levels follows up to ~30 px a frame (a knock at 320 px moves ~7).
WINDOW, LEVELS = (15, 15), 2
class _LucasKanade(TypedDict):
    winSize: tuple[int, int]
    maxLevel: int
    criteria: tuple[int, int, float]


_LK = _LucasKanade(winSize=WINDOW, maxLevel=LEVELS,
                   criteria=(cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 20, 0.03))



class TrackingError(Exception):
    """Nothing to follow, in the lifter's words."""


@dataclass
class _Points:
    """Features and where each was when it joined, with the motion measured up to then."""

    xy: Points  # (n, 2) float32, where they are now
    start: Points  # (n, 2) where each was found
    offset: Points  # (n, 2) the group's motion when each was found

    @classmethod
    def empty(cls) -> _Points:
        return cls(np.empty((0, 2), np.float32), np.empty((0, 2), np.float32), np.empty((0, 2), np.float32))

    def motion(self) -> Points | None:
        """The group's displacement since the first frame (x right, y down): median of its features."""
        if len(self.xy) == 0:
            return None
        median: Points = np.median(self.offset + (self.xy - self.start), axis=0)  # numpy types it Any
        return median

    def keep(self, good: npt.NDArray[np.bool_]) -> None:
        self.xy, self.start, self.offset = self.xy[good], self.start[good], self.offset[good]

    def add(self, found: MatLike, motion: Points) -> None:
        self.xy = np.vstack([self.xy, found])
        self.start = np.vstack([self.start, found])
        self.offset = np.vstack([self.offset, np.repeat(motion[None, :], len(found), axis=0)])


class HipTracker:
    """Gives the hip's height (video pixels, up positive, 0 at the first frame) for each frame.

    ``box`` is (x, y, w, h) around the hip in the first frame, in the video's
    pixels; ``scale`` is the frames' size against the video's. The hip's
    motion is the median of its features' motion, sub-pixel, with no
    threshold under which motion is ignored; the background's median motion
    (features well outside the box) is taken off, so a knocked camera or a
    hand-held phone does not move the hip.
    """

    def __init__(self, first: Frame, box: tuple[int, int, int, int], scale: float) -> None:
        self.scale = scale
        self.box = np.array(box, np.float64) * scale  # at tracking size
        self._previous = first.grey
        self._hip = _Points.empty()
        self._background = _Points.empty()
        self._hip_total: Shift = np.zeros(2)
        self._background_total: Shift = np.zeros(2)
        self._trusted = True  # the background is behind the lifter (see FOLLOW_RATIO)
        # (time, hip's y, background's motion), from the first frame's
        self._recent: deque[tuple[float, float, Shift]] = deque([(first.time, 0.0, np.zeros(2))])
        self._revised: list[tuple[float, float]] = []  # heights given again, not yet taken
        self._seed(first.grey, hip=True, background=True)
        if len(self._hip.xy) < 5:
            raise TrackingError("nothing to follow in the box: draw it around the hip, on the clothes' folds and edges")

    def _box_now(self) -> tuple[int, int, int, int]:
        x, y, w, h = self.box
        dx, dy = self._hip_total
        return round(x + dx), round(y + dy), round(w), round(h)

    def _seed(self, grey: Image, *, hip: bool, background: bool) -> None:
        _height, width = grey.shape
        x, y, w, h = self._box_now()
        if hip:
            mask = np.zeros_like(grey)
            mask[max(0, y):max(0, y + h), max(0, x):max(0, x + w)] = 255
            found = cv2.goodFeaturesToTrack(grey, HIP_FEATURES, HIP_QUALITY, 3, mask=mask, blockSize=5)
            self._hip_found = 0 if found is None else len(found)
            if found is not None:
                self._hip = _Points.empty()
                self._hip.add(found.reshape(-1, 2), self._hip_total.astype(np.float32))
        if background and self._trusted:
            mask = np.full_like(grey, 255)
            gx, gy = int(BACKGROUND_CLEARANCE * w), int(BACKGROUND_CLEARANCE * h)
            mask[max(0, y - gy):max(0, y + h + gy), max(0, x - gx):max(0, x + w + gx)] = 0
            found = cv2.goodFeaturesToTrack(grey, BACKGROUND_FEATURES, 0.01, max(4, width // 40), mask=mask,
                                            blockSize=5)
            self._background_found = 0 if found is None else len(found)
            if found is not None:
                self._background = _Points.empty()
                self._background.add(found.reshape(-1, 2), self._background_total.astype(np.float32))

    def update(self, frame: Frame) -> float:
        """Follows every feature into ``frame``; returns the hip's height in the video's pixels."""
        hip_n = len(self._hip.xy)
        points = np.vstack([self._hip.xy, self._background.xy]).astype(np.float32).reshape(-1, 1, 2)
        if len(points):
            # OpenCV's stubs want an array for nextPts, an output it takes as None (then makes its own).
            ahead, status, _ = cv2.calcOpticalFlowPyrLK(self._previous, frame.grey, points, None, **_LK)  # type: ignore[call-overload]
            back, status_back, _ = cv2.calcOpticalFlowPyrLK(frame.grey, self._previous, ahead, None, **_LK)  # type: ignore[call-overload]
            error = np.linalg.norm((back - points).reshape(-1, 2), axis=1)
            good = (status.ravel() == 1) & (status_back.ravel() == 1) & (error < FB_LIMIT)
            ahead = ahead.reshape(-1, 2)
            moved = (ahead[hip_n:] - self._background.xy)[good[hip_n:]]
            if len(moved):
                still = np.abs(moved).max(axis=1) < STILL_PX
                step = np.zeros(2) if still.sum() >= max(3, STILL_SHARE * len(moved)) else np.median(moved, axis=0)
                self._background_total = self._background_total + step
            self._hip.xy, self._background.xy = ahead[:hip_n], ahead[hip_n:]
            self._hip.keep(good[:hip_n])
            self._background.keep(good[hip_n:])
        hip_motion = self._hip.motion()
        if hip_motion is not None:
            self._hip_total = hip_motion
        if self._trusted:
            self._check_background(frame.time, frame.grey.shape[0])
        self._previous = frame.grey
        self._seed(frame.grey, hip=len(self._hip.xy) < RESEED_SHARE * self._hip_found,
                   background=len(self._background.xy) < RESEED_SHARE * self._background_found)
        return self.height()

    def _check_background(self, time: float, height: int) -> None:
        """Stops trusting a background that moves with the hip, further than it (see :data:`FOLLOW_RATIO`)."""
        recent = self._recent
        recent.append((time, float(self._hip_total[1]), self._background_total.copy()))
        while time - recent[0][0] > FOLLOW_SECONDS:
            recent.popleft()
        _, hip_then, background_then = recent[0]
        hip, background = self._hip_total[1] - hip_then, self._background_total[1] - background_then[1]
        if (abs(background) >= FOLLOW_SHARE * height and hip * background > 0
                and abs(background) >= FOLLOW_RATIO * abs(hip)):
            # Since the window's start, the "background" moved with the lifter: the picture stood still then.
            self._trusted = False
            self._background = _Points.empty()
            self._background_total = background_then
            self._revised = [(t, self._height(y, background_then[1])) for t, y, _ in recent]

    def take_revised(self) -> list[tuple[float, float]]:
        """The heights of the last frames given again (frame time, height), once: after the tracker found that
        its background was on the lifter (see :data:`FOLLOW_RATIO`), in the picture's frame. Usually none."""
        revised, self._revised = self._revised, []
        return revised

    @property
    def camera_shift(self) -> float:
        """How far the picture as a whole has moved down since the first frame, in the video's pixels."""
        return self.picture_shift[1]

    @property
    def picture_shift(self) -> tuple[float, float]:
        """How far the picture as a whole has moved (x right, y down) since the first frame, in the video's pixels."""
        return (float(self._background_total[0] / self.scale), float(self._background_total[1] / self.scale))

    def height(self) -> float:
        """The hip's height over the first frame's, in the video's pixels, up positive."""
        return self._height(self._hip_total[1], self._background_total[1])

    def _height(self, hip_y: float, background_y: float) -> float:
        """The height of a hip moved ``hip_y`` (down) while the picture moved ``background_y``, in the video's pixels."""
        return float(-(hip_y - background_y) / self.scale)

    def box_in_video(self) -> tuple[float, float, float, float]:
        """The box as it has moved with the hip (x, y, w, h), in the video's pixels, less the camera's motion."""
        x, y, w, h = self.box
        dx, dy = self._hip_total
        return ((x + dx) / self.scale, (y + dy) / self.scale, w / self.scale, h / self.scale)
