"""What the workout makes of the reps the camera saw: the words after each rep, and the set's count.

Plain Python over :class:`gymtimer.core.reps.MeasuredRep`, for the workout
screen and the session: the camera's side is ``gymtimer/vision/live.py``.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

import msgspec

from gymtimer.core.plan import Side
from gymtimer.core.records import ExerciseRecord, SetRecord
from gymtimer.core.reps import TOO_FAST_SHARE, MeasuredRep


class Cue(enum.StrEnum):
    """The cue a seen rep gets, besides the words (none for a rep as planned)."""

    SLOWER = "slower"
    SHORT = "short"


class RepWords(msgspec.Struct, frozen=True):
    """What the screen shows for a few seconds after a rep: ``lowered`` in large type, then ``verdict``, if any;
    ``body``, what the pose model saw of the rep's top (its lockout verdict), on a line of its own.

    Within a rep, the same panel says which leg the camera sees working (:func:`leg_words`).
    """

    lowered: str  # "LOWERED 1.4 s"
    verdict: str | None  # "SLOWER", "SHORT" or None
    cue: Cue | None
    body: str | None = None  # "lockout ✓", "hips low", …


#: A paced rep the camera watched and did not see: one clear word, never a silent minus one.
NOT_SEEN_WORDS = RepWords("NOT SEEN", None, None)


def leg_words(seen: Side, expected: Side, staggered: bool = False) -> RepWords:
    """Within a rep of ``expected``'s set, the camera sees ``seen`` working: "RIGHT leg ✓" when they are the
    same (the side switch confirmed); else what the lifter sees of their own feet ("LEFT FOOT UP", or in
    a staggered stance "RIGHT FOOT LEADS") in the verdict's place, under whose set it is ("RIGHT LEG'S SET")."""
    if seen is expected:
        return RepWords(f"{seen.label} leg ✓", None, None)
    foot = f"{seen.label} FOOT LEADS" if staggered else f"{seen.other.label} FOOT UP"
    return RepWords(f"{expected.label} LEG'S SET", foot, None)


def rep_words(rep: MeasuredRep, planned_lower: float | None = None) -> RepWords:
    """The words for one seen rep. A short rep is "SHORT" (it failed, whatever its speed); else a lowering
    under 75 % of ``planned_lower`` is "SLOWER" (without a plan, the rep's own verdict is used)."""
    lowered = f"LOWERED {rep.lower:.1f} s"
    if not rep.complete:
        return RepWords(lowered, "SHORT", Cue.SHORT)
    too_fast = rep.lowering_too_fast if planned_lower is None else rep.lower < TOO_FAST_SHARE * planned_lower
    if too_fast:
        return RepWords(lowered, "SLOWER", Cue.SLOWER)
    return RepWords(lowered, None, None)


def tally(record: SetRecord | ExerciseRecord) -> str | None:
    """"paced 5 · seen 4" for a set (or an exercise) lifted with the camera on (and how many were counted
    while the camera was away, if any); None when it was not."""
    if not record.watched:
        return None
    return f"paced {record.paced_count} · seen {record.seen_count}" + away_text(record)


def away_text(record: SetRecord | ExerciseRecord) -> str:
    """" · 2 counted while the camera was away" when the camera was lost for most of some counted reps."""
    away = record.away()
    return f" · {away} counted while the camera was away" if away else ""


def flags_text(reps: Sequence[MeasuredRep]) -> str:
    """'6 reps seen · 1 short · 2 lowered too fast' for what a camera measured."""
    short = sum(1 for rep in reps if not rep.complete)
    fast = sum(1 for rep in reps if rep.lowering_too_fast)
    parts = [f"{len(reps)} rep{'s' if len(reps) != 1 else ''} seen"]
    if short:
        parts.append(f"{short} short")
    if fast:
        parts.append(f"{fast} lowered too fast")
    return " · ".join(parts)


def camera_text(record: SetRecord) -> str:
    """What a camera made of a set, the same words on the summary page and in the history:
    live ('paced 6 · 4 reps seen · 1 short · 1 counted while the camera was away'), from a filmed set
    ('5 reps seen'), or nothing."""
    body = body_text(record)
    if record.watched:
        return (f"paced {record.paced_count} · " + flags_text([r.seen for r in record.reps if r.seen])
                + away_text(record) + (f" · {body}" if body else ""))
    text = flags_text(record.measured.reps) if record.measured is not None else ""
    return " · ".join(part for part in (text, body) if part)


def body_text(record: SetRecord) -> str:
    """What the camera saw of the body in a set: 'lockout ✓ 4 · hips low 1 · 2 on the other leg', or nothing.

    Each lockout verdict with how many reps got it (in the order first seen), then
    the reps the camera saw worked by the leg the set did not schedule.
    """
    verdicts: dict[str, int] = {}
    other = 0
    for rep in record.reps:
        if rep.lockout is not None:
            verdicts[rep.lockout.verdict] = verdicts.get(rep.lockout.verdict, 0) + 1
        if rep.leg_seen is not None and rep.side is not Side.BOTH and rep.leg_seen is not rep.side:
            other += 1
    parts = [f"{words} {count}" for words, count in verdicts.items()]
    if other:
        parts.append(f"{other} on the other leg")
    return " · ".join(parts)


class Verdict(enum.StrEnum):
    COUNTED = "counted"  # a complete rep was seen in it
    FAILED = "failed"  # a short rep was seen in it
    NOT_SEEN = "not_seen"  # paced, but no rep seen: not counted


class CameraCount(msgspec.Struct, frozen=True):
    """A set counted with the camera on. ``verdicts`` go with the paced reps, in order; ``unpaced`` are reps
    seen outside every paced rep (lifted all the same, and counted)."""

    verdicts: list[Verdict]
    unpaced: list[MeasuredRep]
    paced: int
    seen: int
    counted: int
    failed: int


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


#: What one more pair is worth in :func:`match_in_order`, beyond any overlap: as many seen reps as can be
#: go with a paced rep, and then the most time overlapped.
_PAIR = 1_000_000.0


def match_in_order(paced: Sequence[tuple[float, float]], seen: Sequence[MeasuredRep]) -> list[int | None]:
    """For each seen rep (in time order), the paced rep it goes with, the whole set at once: in order, each
    paced rep at most one seen rep, a pair only where they overlap in time; as many pairs as can be, then
    the most time overlapped in all. A lifter two seconds ahead of the metronome keeps every rep."""
    n, m = len(seen), len(paced)
    gain = [[_overlap(r.start, r.lowering_ends, p0, p1) for p0, p1 in paced] for r in seen]
    gain = [[g + _PAIR if g > 0 else 0.0 for g in row] for row in gain]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]  # best[i][j]: the first i seen with the first j paced
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            pair = best[i - 1][j - 1] + gain[i - 1][j - 1] if gain[i - 1][j - 1] > 0 else -1.0
            best[i][j] = max(best[i - 1][j], best[i][j - 1], pair)
    owner: list[int | None] = [None] * n
    i, j = n, m
    while i > 0 and j > 0:
        if gain[i - 1][j - 1] > 0 and best[i][j] == best[i - 1][j - 1] + gain[i - 1][j - 1]:
            owner[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return owner


def count_with_camera(paced: Sequence[tuple[float, float]], seen: Sequence[MeasuredRep]) -> CameraCount:
    """THE rule of a set with the camera on: the count is the reps seen, not the reps paced.

    ``paced`` is each paced rep's (start, end) and ``seen`` the reps seen, on
    one clock. The seen reps (each from its start to its lowering's end) go with
    the paced reps in order, one each, so that they overlap in time as much as
    can be; a paced rep with no rep seen is not counted; a short seen rep is
    counted as failed. A seen rep that goes with no paced rep (the lifter ran
    ahead, or on after the pace) is complete or short all the same.
    """
    ordered = sorted(seen, key=lambda r: r.start)
    owner = match_in_order(paced, ordered)
    by_paced: list[MeasuredRep | None] = [None] * len(paced)
    unpaced = []
    for rep, index in zip(ordered, owner):
        if index is None:
            unpaced.append(rep)
        else:
            by_paced[index] = rep
    verdicts = [Verdict.NOT_SEEN if rep is None else Verdict.COUNTED if rep.complete else Verdict.FAILED
                for rep in by_paced]
    failed = sum(1 for rep in seen if not rep.complete)
    return CameraCount(verdicts=verdicts, unpaced=unpaced, paced=len(paced), seen=len(seen),
                       counted=len(seen) - failed, failed=failed)
