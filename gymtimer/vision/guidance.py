"""What the live camera tells the lifter about itself: too dark, nothing moving, box at the edge, camera lost.

Plain Python over timestamps (no OpenCV, no Qt), so that the rules are tested
with a fake clock; :class:`gymtimer.vision.live.LiveWatcher` feeds it.
"""

from __future__ import annotations

from collections import deque

from gymtimer.core.camera_events import State

#: Under this frame rate the camera is taken as struggling for light (it lengthens its exposure).
MIN_FPS = 20.0
#: The frame rate is measured over this many seconds of frames.
FPS_WINDOW = 2.0
#: The hip moving less than this share of the box's height for ``STILL_SECONDS`` is "nothing moving".
STILL_SHARE = 0.05
STILL_SECONDS = 8.0
#: The box within this share of the picture's width (or height) of a side is at the edge.
EDGE_SHARE = 0.02
#: No frame for this long: the camera is lost.
LOST_SECONDS = 1.0


#: The words for each state, in the lifter's words.
MESSAGES = {
    State.STARTING: "Starting the camera…",
    State.LOST: "Camera not available — pacing only",
    State.AT_EDGE: "The box is at the edge of the picture: move the camera back or draw the box again",
    State.TOO_DARK: "Too dark: the camera slowed under 20 frames a second. More light, please",
    State.STILL: "Nothing moving in the box: is it over the hips?",
    State.NO_BOX: "Drag a box over your hips on the picture",
    State.SEEING: "I can see you",
}


class Guidance:
    """The state after each frame (:meth:`frame`) or at any moment (:meth:`at`), from frame times and heights."""

    def __init__(self, box_height: float) -> None:
        self.box_height = box_height
        self._times: deque[float] = deque()
        self._moves: deque[tuple[float, float]] = deque()  # (time, height) over the last STILL_SECONDS
        self._first: float | None = None
        self._edge = False
        self._lost = False

    def frame(self, time: float, height: float, box: tuple[float, float, float, float],
              size: tuple[int, int]) -> State:
        """One frame tracked at ``time``: the hip's ``height``, the box as moved (x, y, w, h) in a picture of ``size``."""
        self._lost = False
        if self._first is None:
            self._first = time
        self._times.append(time)
        while self._times and self._times[0] < time - FPS_WINDOW:
            self._times.popleft()
        self._moves.append((time, height))
        while self._moves and self._moves[0][0] < time - STILL_SECONDS:
            self._moves.popleft()
        x, y, w, h = box
        width, picture_height = size
        mx, my = EDGE_SHARE * width, EDGE_SHARE * picture_height
        self._edge = x < mx or y < my or x + w > width - mx or y + h > picture_height - my
        return self.at(time)

    def lose(self) -> None:
        """The frames stopped (or the camera could not be opened)."""
        self._lost = True
        self._times.clear()
        self._moves.clear()
        self._first = None

    def fps(self) -> float | None:
        """Frames a second over the last ``FPS_WINDOW`` seconds; None before a second of frames."""
        if len(self._times) < 2 or self._times[-1] - self._times[0] < 1.0:
            return None
        return (len(self._times) - 1) / (self._times[-1] - self._times[0])

    def at(self, now: float) -> State:
        if self._lost or (self._times and now - self._times[-1] > LOST_SECONDS):
            return State.LOST
        if self._first is None:
            return State.STARTING
        if self._edge:
            return State.AT_EDGE
        fps = self.fps()
        if fps is not None and fps < MIN_FPS:
            return State.TOO_DARK
        if now - self._first >= STILL_SECONDS:
            heights = [h for _, h in self._moves]
            if max(heights) - min(heights) < STILL_SHARE * self.box_height:
                return State.STILL
        return State.SEEING
