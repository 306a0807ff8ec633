"""Whether the box drawn over the hips fits them, and whether the hips were seen to rise in it.

Plain Python over the tracked heights (no OpenCV, no Qt), so that the rules
are tested on hand-made signals; the setup page's camera section feeds it the
camera's ``Height`` events. Heights, boxes and pictures are all in the
camera's own pixels.

The box's size is judged two ways:

- **Against the picture**, from the moment it is drawn. From the side, at a
  distance that shows the lifter from shoulders to feet, the hips are about a
  sixth of the picture's height (36 of 240 px in the rendered sets) and the
  box asked for (the hips with "about a hand to spare above, below and
  either side") about a quarter to a third. A box over half the picture's
  height or width (``TOO_BIG_SHARE``) holds more room than hips: the hip is
  followed as the median of the corners in the box, and the room's still
  corners then outvote the hip's, so the bar hardly rises and no rep is
  counted. A box under 6 % of the picture's height a side (``TOO_SMALL_SHARE``:
  under 15 px of the 240 the tracker works at, its 15 px corner window) has too
  few corners to follow, and a pixel of jitter is a large share of it.
- **Against how far the hips moved**, once the camera has seen them rise
  clearly (``MOVED_SHARE`` of the picture's height, by the rise rule below).
  The lifter is told "I can see you" when the hips rise half the box's height
  (``SEEN_SHARE``, the bar's half way): hips that rose clearly but less than
  half the box mean a box too big for them. Hips that rose over three box
  heights (``TOO_SMALL_RISE``) mean a box so small that the height bar is full
  at a twelfth of a real rep: a breath or a shift fills it.

A **rise** is a sustained upward move, then held or returned: the height,
smoothed by a running median over ``SMOOTH_SECONDS`` (a shaking camera, a
flickering light and a one-frame jolt are gone from it), climbs from its low
of the last ``BASE_SECONDS`` to the rise's top (where it stops going up: a
rise is judged whole, never half way), its middle 60 % taking at least
``MIN_CLIMB_SECONDS`` (a jolt of the tracker takes one frame), and then stays
over half the rise for ``HOLD_SECONDS`` (a top held, or a lowering that takes
its time). All the while, from the rise's low to the end of its hold, the
picture as a whole moved less than a quarter of the rise (``STEADY_SHARE``):
while the camera shakes, the hips' height in the picture is the camera's as
much as theirs. A 1 s lift of the rendered sets passes it 0.4 s after it
reaches its top.
"""

from __future__ import annotations

import enum
from collections import deque
from statistics import median

#: A box over this share of the picture's height, or of its width, is too big.
TOO_BIG_SHARE = 0.5
#: A box side under this share of the picture's height is too small.
TOO_SMALL_SHARE = 0.06
#: The hips are "seen" once they rose this share of the box's height (the height bar's half way).
SEEN_SHARE = 0.5
#: Hips that rose this share of the picture's height moved clearly: the box is then judged against the rise.
MOVED_SHARE = 0.04
#: Hips that rose over this many box heights: the box is too small for them.
TOO_SMALL_RISE = 3.0
#: The running median that takes shakes, flicker and jolts out of the height.
SMOOTH_SECONDS = 0.3
#: A rise starts from the lowest height of this many seconds before its top.
BASE_SECONDS = 3.0
#: The middle 60 % of a rise takes at least this long (a tracker's jump takes a frame).
MIN_CLIMB_SECONDS = 0.1
#: After its top, a rise stays over half its size this long (held, or lowered slowly).
HOLD_SECONDS = 0.3
#: A rise's top is no more than this share of the rise under the heights after it (a held top's jitter).
TOP_SHARE = 0.1
#: While a rise is measured, the picture as a whole moves less than this share of it (a steady camera).
STEADY_SHARE = 0.25


class Fit(enum.StrEnum):
    GOOD = "good"
    TOO_BIG = "too_big"
    TOO_SMALL = "too_small"


#: How big the box should be, in the lifter's words: beside the picture, and over it while no box is drawn.
HOW_BIG = "Draw the box around your hips, with about a hand to spare above, below and either side."
DRAW_BOX = "Drag a box around your hips, about a hand to spare above, below and either side"
#: The words for a box that does not fit: against the picture, and against how far the hips rose.
TOO_BIG_FOR_PICTURE = "Box too big: it covers over half the picture. Draw it around your hips only."
TOO_SMALL_FOR_PICTURE = "Box too small: draw it around your whole hips, a hand to spare all round."
TOO_BIG_FOR_RISE = "Box too big: your hips rose less than half its height. Draw it around your hips only."
TOO_SMALL_FOR_RISE = ("Box too small: your hips rose over three times its height. "
                      "Draw it around your whole hips, a hand to spare all round.")


def fit_to_picture(box: tuple[float, float, float, float], picture: tuple[int, int]) -> Fit:
    """The box's size against the picture's ``(width, height)``."""
    _x, _y, w, h = box
    width, height = picture
    if h > TOO_BIG_SHARE * height or w > TOO_BIG_SHARE * width:
        return Fit.TOO_BIG
    if min(w, h) < TOO_SMALL_SHARE * height:
        return Fit.TOO_SMALL
    return Fit.GOOD


def fit_to_rise(box_height: float, rise: float, picture_height: float) -> Fit:
    """The box's size against the largest ``rise`` seen; GOOD while the hips have not clearly moved."""
    if rise < MOVED_SHARE * picture_height:
        return Fit.GOOD
    if rise < SEEN_SHARE * box_height:
        return Fit.TOO_BIG
    if rise > TOO_SMALL_RISE * box_height:
        return Fit.TOO_SMALL
    return Fit.GOOD


class RiseWatch:
    """The hips' rises in one box, from each frame's time, tracked height (px, up positive) and the picture's shift.

    :attr:`largest` is the largest rise seen (0.0 until one is); :meth:`seen`
    says whether one reached ``share`` of ``box_height``.
    """

    def __init__(self, box_height: float) -> None:
        self.box_height = box_height
        self.largest = 0.0
        self._raw: deque[tuple[float, float]] = deque()  # the last SMOOTH_SECONDS of heights
        # The running median, over BASE_SECONDS + HOLD_SECONDS: (time, height, the picture's shift then).
        self._smooth: deque[tuple[float, float, tuple[float, float]]] = deque()

    def seen(self, share: float = SEEN_SHARE) -> bool:
        return self.largest >= share * self.box_height

    def push(self, at: float, height: float, shift: tuple[float, float] = (0.0, 0.0)) -> None:
        raw, smooth = self._raw, self._smooth
        raw.append((at, height))
        while raw[0][0] < at - SMOOTH_SECONDS:
            raw.popleft()
        smooth.append((at - SMOOTH_SECONDS / 2, median(h for _, h in raw), shift))  # dated at the window's middle
        while smooth[0][0] < smooth[-1][0] - BASE_SECONDS - HOLD_SECONDS:
            smooth.popleft()
        self._judge()

    def _judge(self) -> None:
        """The sample HOLD_SECONDS back as a rise's top: it counts when it climbed, then held or came back slowly."""
        samples = list(self._smooth)
        end = samples[-1][0]
        tops = [i for i, sample in enumerate(samples) if sample[0] <= end - HOLD_SECONDS]
        if not tops:
            return
        top = tops[-1]
        heights = [h for _, h, _ in samples]
        start = min(range(top + 1), key=heights.__getitem__)
        base = heights[start]
        rise = heights[top] - base
        if rise <= self.largest or rise <= 0.0:
            return
        if max(heights[top:]) > heights[top] + TOP_SHARE * rise:
            return  # still going up: not its top yet (a rise is judged whole, never half way)
        if min(heights[top:]) < base + rise / 2:
            return  # it fell back at once: a bump, not a rise
        low = max(i for i in range(top + 1) if heights[i] <= base + 0.2 * rise)
        high = next(i for i in range(low, top + 1) if heights[i] >= base + 0.8 * rise)
        if samples[high][0] - samples[low][0] < MIN_CLIMB_SECONDS:
            return  # a jump in one frame: the tracker, not the hips
        for axis in (0, 1):
            moved = [shift[axis] for _, _, shift in samples[start:]]
            if max(moved) - min(moved) >= STEADY_SHARE * rise:
                return  # the camera moved: the rise may be its own
        self.largest = rise
