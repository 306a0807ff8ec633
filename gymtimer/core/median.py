"""The median of measured values (the rep rules' and the body's), from the standard library when first needed.

``statistics`` is imported on the first median taken, for a rep or a set seen: neither first screen
loads it before its paint (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Iterable


def median(values: Iterable[float]) -> float:
    """The middle value of ``values`` (the mean of the two middle ones for an even count)."""
    import statistics

    return statistics.median(values)
