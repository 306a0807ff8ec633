"""Figures the benchmarks print: one way of reading a percentile off measured values."""

from __future__ import annotations


def percentile(values: list[float], share: float) -> float:
    """The value at ``share`` (0–1) of ``values`` sorted: the nearest rank, one of the values measured."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
