"""A stand-in for the body model: it reports a lifter where a rendered set's hip truly is.

The body model does not see the rendered sets' figure (a textured hip on a thigh and a torso, not a
human shape: tests/vision/test_pose.py), so the tests of what is done with its finds use this instead.
"""

from __future__ import annotations

import os
import threading
import time

from gymtimer.core import body
from gymtimer.core.body import BodySide, Landmarks, Point
from gymtimer.vision.pose import Seen


class StandInModel:
    """Stands in for the body model: one person, hips at the centre of ``box`` (+ ``shift`` from ``shift_at`` s on).

    Its thigh is sized so that the box placed from it is ``box``'s width. ``people`` is how many it says are
    there; ``delay`` is how long each look takes (a slow model).
    """

    def __init__(self, box: tuple[int, int, int, int], *, shift: tuple[float, float] = (0.0, 0.0),
                 shift_at: float = float("inf"), people: int = 1, delay: float = 0.0) -> None:
        self.box, self.shift, self.shift_at, self.n, self.delay = box, shift, shift_at, people, delay
        self.start: float | None = None
        self.looks = 0
        self.niceness: int | None = None  # the looking thread's own nice value (Linux)

    def look(self, picture, at: float) -> Seen | None:
        self.start = at if self.start is None else self.start
        self.looks += 1
        if self.niceness is None and hasattr(os, "getpriority"):
            self.niceness = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        if self.delay:
            time.sleep(self.delay)
        if self.n == 0:
            return None
        x, y, w, h = self.box
        dx, dy = self.shift if at - self.start >= self.shift_at else (0.0, 0.0)
        cx, cy, thigh = x + w / 2 + dx, y + h / 2 + dy, w / body.BOX_THIGHS

        def side() -> BodySide:
            hip, knee = Point(cx, cy, 0.95), Point(cx + thigh, cy, 0.95)
            return BodySide(Point(cx - thigh, cy - 5, 0.95), hip, knee, Point(cx + thigh, cy + thigh, 0.9),
                            Point(cx + thigh - 5, cy + thigh + 5, 0.9), Point(cx + thigh + 15, cy + thigh + 5, 0.9))
        outline = (round(cx - thigh), round(cy - thigh), round(2 * thigh), round(2 * thigh))
        return Seen(Landmarks(at, side(), side()), outline)

    def people(self, picture, seen: Seen | None) -> int:
        return 0 if seen is None else self.n

    def close(self) -> None:
        pass
