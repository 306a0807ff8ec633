"""Load suggestions from the history: add weight, keep it, back off, or move on to a harder variation.

The rules are the articles' double progression:

* every set of the last session reached its target → add the increment
  (2.5 kg or 5 lb unless the lifter set another);
* a rep failed, or a set fell short of its target → keep the load;
* that happened in the last two sessions in a row → 10 % less, rounded to
  the unit's plate step;
* a rep the camera did not see is not a failed rep: it never leads to a
  back-off; with no other shortfall the load is kept (nobody saw it lifted);
* every set hit its target but a camera flagged lowerings as too fast → keep
  the load: the point is the controlled 2–3 s lowering, not the kilograms;
* 15 reps with ease (no failed rep, RPE 8 or less when one was logged) in a
  set of the two-leg barbell hip thrust → try the staggered stance at the
  same load.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import msgspec

from gymtimer.core.plan import Laterality, Side
from gymtimer.core.presets import BUILTIN_PRESETS, Preset, Variation
from gymtimer.core.units import Unit, format_load

if TYPE_CHECKING:  # the records come with the history, after the first paint: the setup page paints without them
    from gymtimer.core.records import ExerciseRecord, SessionRecord, SetRecord

#: Reps in one set, with ease, that earn the staggered stance.
MILESTONE_REPS = 15
#: The hardest a milestone set may have felt, when the lifter logged how hard.
EASY_RPE = 8.0
#: How much to take off after two sessions in a row with failures.
BACK_OFF = 0.10
#: Largest increment a lifter can set, per unit.
MAX_INCREMENT = {Unit.KG: 50.0, Unit.LB: 100.0}


class Increments(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """How much to add after a session where every set reached its target, per unit."""

    kg: float = 2.5
    lb: float = 5.0

    def __post_init__(self) -> None:
        for unit in Unit:
            value = self.for_unit(unit)
            high = MAX_INCREMENT[unit]
            if not (math.isfinite(value) and 0 < value <= high):
                raise ValueError(f"The {unit.value} increment must be more than 0 and at most {high:g} {unit.value}, not {value:g}")

    def for_unit(self, unit: Unit) -> float:
        return self.kg if unit is Unit.KG else self.lb


class SuggestionKind(enum.StrEnum):
    """What a suggestion asks the lifter to do."""

    ADD_LOAD = "add_load"
    ADD_REPS = "add_reps"  #: no load was lifted (bodyweight): progress in reps, not in kilograms
    KEEP_LOAD = "keep_load"
    BACK_OFF = "back_off"
    NEXT_VARIATION = "next_variation"


class Suggestion(msgspec.Struct, frozen=True):
    """Lift ``load`` on the preset called ``preset_name``, because of ``reason`` (one line)."""

    kind: SuggestionKind
    preset_name: str
    load: float
    unit: Unit
    reason: str


def suggest(
    preset: Preset,
    history: Iterable[SessionRecord],
    *,
    increments: Increments = Increments(),
    presets: Sequence[Preset] = BUILTIN_PRESETS,
) -> list[Suggestion]:
    """What to lift next on ``preset``: a milestone first when one was reached, then the load.

    ``presets`` are searched for the staggered-stance preset a milestone points
    to. The list is empty when ``preset`` has no session with a rep in it yet.
    """
    past = exercises_of(preset, history)
    if not past:
        return []
    out: list[Suggestion] = []
    milestone = _milestone(preset, past[0], presets)
    if milestone is not None:
        out.append(milestone)
    out.append(_load_suggestion(preset, past, increments))
    return out


def exercises_of(preset: Preset | str, history: Iterable[SessionRecord]) -> list[ExerciseRecord]:
    """The exercises done with ``preset`` (by its id, whatever it was called then), newest session first.

    Given a name instead, the exercises recorded under that name. Only exercises
    with at least one rep (counted or failed) count: a workout abandoned during
    its lead-in says nothing about the load.
    """
    if isinstance(preset, Preset):
        wanted_id, wanted = preset.id, preset.name.strip().casefold()
    else:
        wanted_id, wanted = None, preset.strip().casefold()

    def same(exercise: ExerciseRecord) -> bool:
        if wanted_id is not None and exercise.preset_id:
            return exercise.preset_id == wanted_id
        return exercise.preset_name.strip().casefold() == wanted

    found: list[ExerciseRecord] = []
    for session in sorted(history, key=lambda s: s.started_at, reverse=True):
        done = [e for e in session.exercises if same(e) and e.all_reps()]
        if done:
            found.append(done[-1])
    return found


def _reps(count: int) -> str:
    return f"{count} {'rep' if count == 1 else 'reps'}"


def shortfall(exercise: ExerciseRecord) -> str | None:
    """How the lifter fell short of the plan, in a few words, or None when every set hit its target.

    A rep the camera did not see is not the lifter's shortfall (see :func:`camera_doubt`): a set
    whose only missing reps went unseen did not stop short.
    """
    failed = exercise.failed()
    if failed:
        return f"{failed} failed {'rep' if failed == 1 else 'reps'}"
    for record in exercise.sets:
        done, not_seen = exercise.toward(record)
        if done + not_seen < record.target:
            side = "" if record.side is Side.BOTH else f" ({record.side.value} leg)"
            return f"set {record.number}{side} stopped at {done} of {record.target} reps"
    if exercise.set_count < exercise.plan.sets:
        return f"only {exercise.set_count} of {exercise.plan.sets} sets done"
    return None


def camera_doubt(exercise: ExerciseRecord) -> str | None:
    """Why a camera says not to add load yet, in a few words: reps it did not see, or lowerings it
    measured too fast; None when it saw nothing to doubt (or was not on)."""
    not_seen = exercise.not_seen()
    if not_seen:
        return f"{_reps(not_seen)} not seen by the camera"
    too_fast = exercise.too_fast
    if too_fast:
        lower = exercise.plan.tempo.lower
        planned = f" (planned {lower:g} s)" if lower else ""
        return f"{too_fast} {'lowering' if too_fast == 1 else 'lowerings'} too fast{planned}"
    return None


def working_load(exercise: ExerciseRecord) -> tuple[float, Unit]:
    """The heaviest load the exercise's reps were done with, and its unit."""
    lifted = [s for s in exercise.sets if s.reps]
    heaviest = max(lifted, key=lambda s: (s.done() > 0, s.load))
    return heaviest.load, heaviest.unit


def back_off(load: float, unit: Unit) -> float:
    """10 % less, on the unit's plate step, and at least one step less than ``load`` (never below 0).

    Halfway between two plate steps goes to the lighter one: this follows two sessions of failures.
    """
    step = unit.step
    lighter = math.ceil(load * (1 - BACK_OFF) / step - 0.5) * step
    if lighter >= load:
        lighter = load - step
    return max(0.0, float(lighter))


def _load_suggestion(preset: Preset, past: list[ExerciseRecord], increments: Increments) -> Suggestion:
    last = past[0]
    load, unit = working_load(last)
    shown = format_load(load, unit)
    problem = shortfall(last)
    if load == 0:
        return _reps_suggestion(preset, last, unit, problem or camera_doubt(last))
    doubt = camera_doubt(last)
    if problem is None and doubt is not None:
        if last.not_seen():
            reason = (f"Last time at {shown}: {doubt} (a rep not seen is not a failed rep); "
                      f"stay at {shown} until the camera sees every set hit its target")
        else:
            reason = (f"Last time at {shown}: {doubt}; stay at {shown} and lower for the full "
                      f"{format_seconds(last.plan.tempo.lower)} before adding load")
        return Suggestion(SuggestionKind.KEEP_LOAD, preset.name, load, unit, reason)
    if problem is None:
        step = increments.for_unit(unit)
        heavier = load + step
        reason = (
            f"Every set hit its target last time at {shown}: "
            f"add {format_load(step, unit)} and lift {format_load(heavier, unit)}"
        )
        return Suggestion(SuggestionKind.ADD_LOAD, preset.name, heavier, unit, reason)
    before = shortfall(past[1]) if len(past) > 1 else None
    if before is not None and load > 0:
        lighter = back_off(load, unit)
        reason = (
            f"Two sessions in a row fell short ({problem} last time, {before} before): "
            f"take 10 % off and lift {format_load(lighter, unit)}"
        )
        return Suggestion(SuggestionKind.BACK_OFF, preset.name, lighter, unit, reason)
    reason = f"Last time at {shown}: {problem}; stay at {shown} until every set hits its target"
    return Suggestion(SuggestionKind.KEEP_LOAD, preset.name, load, unit, reason)


def format_seconds(seconds: float) -> str:
    """'3 s', '2.5 s'."""
    return f"{seconds:g} s"


def _reps_suggestion(preset: Preset, last: ExerciseRecord, unit: Unit, problem: str | None) -> Suggestion:
    """Work done with no load: what to do next is said in reps."""
    reps = f"{last.plan.reps} reps{' per leg' if last.plan.one_leg else ''}"
    if problem is None:
        reason = (f"Every set hit its {reps} last time: add reps to the preset, "
                  "or hold a light weight to make it harder")
        return Suggestion(SuggestionKind.ADD_REPS, preset.name, 0.0, unit, reason)
    reason = f"Last time: {problem}; stay at {reps} until every set hits them"
    return Suggestion(SuggestionKind.KEEP_LOAD, preset.name, 0.0, unit, reason)


def _milestone(preset: Preset, last: ExerciseRecord, presets: Sequence[Preset]) -> Suggestion | None:
    two_leg_barbell = (
        preset.variation is Variation.BARBELL
        and last.variation is Variation.BARBELL
        and last.plan.laterality is Laterality.BOTH
    )
    if not two_leg_barbell:
        return None
    easy = [s for s in last.sets if _with_ease(s)]
    staggered = next((p for p in presets if p.variation is Variation.STAGGERED_STANCE), None)
    if not easy or staggered is None:
        return None
    best = max(easy, key=lambda s: s.load)
    shown = format_load(best.load, best.unit)
    reason = (
        f"{best.done()} reps with ease at {shown} on the barbell hip thrust: "
        f"try {staggered.name} at {shown}"
    )
    return Suggestion(SuggestionKind.NEXT_VARIATION, staggered.name, best.load, best.unit, reason)


def _with_ease(record: SetRecord) -> bool:
    easy_enough = record.rpe is None or record.rpe <= EASY_RPE
    return record.done() >= MILESTONE_REPS and record.failed() == 0 and easy_enough
