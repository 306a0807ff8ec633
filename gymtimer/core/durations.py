"""Lengths of time as the lifter reads them: every screen's durations are written here, once."""

from __future__ import annotations

import math


def countdown(seconds: float) -> str:
    """'3' for a phase, '1:45' for a rest: whole seconds, rounded up so 0 shows only at the end.

    Nothing for a phase with no end (following the lifter, the bottom waits for them).
    """
    if not math.isfinite(seconds):
        return ""
    whole = max(0, math.ceil(seconds - 1e-9))
    if whole >= 60:
        return f"{whole // 60}:{whole % 60:02d}"
    return str(whole)


def clock(seconds: float) -> str:
    """'0:40', '6:15', '1:02:05': a time under tension, a rest, a set or a whole workout."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def in_words(seconds: float) -> str:
    """'45 s', '4 min 05 s': a length in a sentence."""
    minutes, secs = divmod(max(0, round(seconds)), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def hours_minutes(seconds: float) -> str:
    """'48 min', '1 h 05 min' for a session's length."""
    minutes = max(0, round(seconds / 60))
    return f"{minutes // 60} h {minutes % 60:02} min" if minutes >= 60 else f"{minutes} min"
