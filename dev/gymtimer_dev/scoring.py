"""Measured reps against a lifter's labels: found, ghost, false SHORT, phase and lift-interval errors.

One scoring for the real clips (benchmarks/realclips.py) and the rendered sets
with real-world faults (tests/vision/test_real_faults.py). A label is a dict
with ``lift``, ``top``, ``lower`` and ``bottom`` (seconds; ``bottom`` None when
the clip ends first, ``top``/``lower`` None when not seen either).
"""

from __future__ import annotations

import statistics

from gymtimer.core.reps import MeasuredRep
from gymtimer.core.tempo import Phase

#: A phase within this of its label is right (seconds); 95 % of them must be.
PHASE_TARGET = 0.25


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def match(labels: list[dict], reps: list[MeasuredRep], end: float) -> dict[int, int]:
    """Labelled rep index → measured rep index, one each, by the most time overlapped (greedy)."""
    pairs = []
    for i, label in enumerate(labels):
        l1 = label["bottom"] if label["bottom"] is not None else end
        for j, rep in enumerate(reps):
            o = _overlap(label["lift"], l1, rep.start, rep.lowering_ends)
            if o > 0:
                pairs.append((o, i, j))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _o, i, j in sorted(pairs, reverse=True):
        if i not in matched and j not in used:
            matched[i] = j
            used.add(j)
    return matched


def _spread(errors: list[float]) -> dict:
    if not errors:
        return {"median": None, "p95": None, "max": None, "within": None}
    ordered = sorted(errors)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    within = sum(e <= PHASE_TARGET for e in errors) / len(errors)
    return {"median": round(statistics.median(errors), 3), "p95": round(p95, 3), "max": round(max(errors), 3),
            "within": round(within, 3)}


def score(labels: list[dict], reps: list[MeasuredRep], end: float, moves: list | None = None) -> dict:
    """One path's figures on one clip (``moves``: follow mode's PhaseSeen, else the reps' own phases)."""
    matched = match(labels, reps, end)
    expected = [i for i, label in enumerate(labels) if label["bottom"] is not None]
    errors: list[float] = []
    found = 0
    starts: dict[int, float] = {}
    ghost = len(reps) - len(matched)
    seen_again = 0  # follow mode: phases seen again and re-dated (the cue was given at the first)
    for i in expected:
        label = labels[i]
        if i not in matched:
            continue
        rep = reps[matched[i]]
        if moves is None:
            begins = {"lift": rep.start, "top": rep.start + rep.lift, "lower": rep.start + rep.lift + rep.top}
            found += 1
        else:
            window = (label["lift"] - 1.0, label["bottom"])
            begins = {}
            last = None
            for move in moves:
                key = {Phase.LIFT: "lift", Phase.SQUEEZE: "top", Phase.LOWER: "lower"}[move.phase]
                if not window[0] <= move.at <= window[1]:
                    continue
                if key not in begins or key == last:  # seen again straight after itself: re-dated, as the workout does
                    seen_again += key in begins
                    begins[key] = move.at
                last = key
            found += "lift" in begins
        starts[i] = begins.get("lift", rep.start)
        for key in ("lift", "top", "lower"):
            if label[key] is not None:
                errors.append(abs(begins[key] - label[key]) if key in begins else float("inf"))
        errors.append(abs(rep.lowering_ends - label["bottom"]))
    if moves is not None:  # follow mode's ghosts: lifts seen in no labelled rep
        spans = [(lb["lift"] - 1.0, lb["bottom"] if lb["bottom"] is not None else end) for lb in labels]
        ghost = sum(1 for m in moves if m.phase is Phase.LIFT and not any(a <= m.at <= b for a, b in spans))
    false_short = sum(1 for i in expected if i in matched and not reps[matched[i]].complete)
    intervals = [abs((starts[i + 1] - starts[i]) - (labels[i + 1]["lift"] - labels[i]["lift"]))
                 for i in expected if i in starts and i + 1 in starts]
    finite = [e for e in errors if e != float("inf")]
    return {"found": found, "expected": len(expected), "ghost": ghost, "false_short": false_short,
            **({"seen_again": seen_again} if moves is not None else {}),
            "phases": len(errors), "phases_missed": len(errors) - len(finite),
            "phase_error_s": _spread(errors if len(finite) == len(errors) else finite + [99.0] * (len(errors) - len(finite))),
            "interval_error_max_s": round(max(intervals), 3) if intervals else None}


