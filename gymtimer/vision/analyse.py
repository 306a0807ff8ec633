"""A recorded set, measured: frames → hip height → reps (``gymtimer analyse``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import msgspec

from gymtimer.core.reps import MeasuredRep, RepCounter
from gymtimer.vision.frames import TRACK_WIDTH, FrameSource, VideoError
from gymtimer.vision.tracker import HipTracker

#: Before a set has reps, a rep must rise at least this share of the picture's height: smaller shuffles
#: are settling in, not reps. Not the box's: how the box is drawn does not decide what a rep is. Once the
#: set has reps, the counter asks more: a share of their own range (gymtimer/core/reps.py).
MIN_RANGE_OF_PICTURE = 0.03


def min_range(picture_height: int) -> float:
    """The smallest rise that starts a rep in a picture this tall (video pixels), before the set has reps."""
    return MIN_RANGE_OF_PICTURE * picture_height


class Analysis(msgspec.Struct, forbid_unknown_fields=True):
    """What ``gymtimer analyse --json`` prints: times in seconds from the first frame."""

    video: str
    frames: int
    fps: float
    reps: list[MeasuredRep]


def check_box(box: tuple[int, int, int, int], width: int, height: int) -> None:
    x, y, w, h = box
    if w < 4 or h < 4:
        raise VideoError(f"the box {x},{y},{w},{h} is too small: draw it around the hip (at least 4 pixels a side)")
    if x < 0 or y < 0 or x + w > width or y + h > height:
        raise VideoError(f"the box {x},{y},{w},{h} is not inside the video's {width}×{height} picture")


def analyse(video: str | Path, box: tuple[int, int, int, int], planned_lower: float | None = None,
            width: int = TRACK_WIDTH, on_frame: Callable[[float], None] | None = None) -> Analysis:
    """Measures every rep of the set filmed in ``video``; ``box`` is (x, y, w, h) around the hip in the first frame.

    ``on_frame`` is called with each frame's seconds from the first (for a progress bar);
    an exception it raises stops the analysis and comes out of this call.
    """
    source = FrameSource(video, width)
    check_box(box, source.width, source.height)
    counter = RepCounter(min_range(source.height), planned_lower=planned_lower)
    frames = iter(source)
    first = next(frames)
    tracker = HipTracker(first, box, source.scale)
    counter.push(0.0, 0.0)
    count, last = 1, first.time
    for frame in frames:
        if on_frame is not None:
            on_frame(frame.time - first.time)
        height = tracker.update(frame)
        counter.revise([(t - first.time, h) for t, h in tracker.take_revised()])
        counter.push(frame.time - first.time, height)
        count, last = count + 1, frame.time
    fps = (count - 1) / (last - first.time) if last > first.time else 0.0
    return Analysis(video=str(video), frames=count, fps=round(fps, 3), reps=counter.finish())
