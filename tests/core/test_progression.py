"""Progression rules on small hand-made histories with known answers."""

from __future__ import annotations

import datetime as dt

import pytest

from gymtimer.core.plan import Laterality, Plan, Side
from gymtimer.core.presets import BUILTIN_PRESETS, Preset, Variation, find_preset
from gymtimer.core.progression import (
    Increments,
    SuggestionKind,
    back_off,
    exercises_of,
    suggest,
)
from gymtimer.core.records import ExerciseRecord, RepRecord, SessionRecord, SetRecord
from gymtimer.core.tempo import Phase
from gymtimer.core.units import Unit

BARBELL = find_preset("Barbell hip thrust 3×5, 5 s squeeze")
STAGGERED = find_preset("Staggered-stance hip thrust")


def a_set(number, load, done, target=5, failed=0, unit=Unit.KG, side=Side.BOTH, rpe=None):
    reps = [RepRecord(side=side, phases={Phase.LIFT: 0.0}, ended=8.0) for _ in range(done)]
    reps += [RepRecord(side=side, phases={Phase.LIFT: 0.0}, failed=True) for _ in range(failed)]
    return SetRecord(number=number, side=side, target=target, load=load, unit=unit, started=0.0, reps=reps, rpe=rpe)


def session(day, *sets, preset=BARBELL, plan=None):
    plan = plan or preset.plan
    exercise = ExerciseRecord(preset_name=preset.name, variation=preset.variation, plan=plan, sets=list(sets))
    return SessionRecord(
        id=f"s{day}", started_at=dt.datetime(2025, 3, day, 18, 0, tzinfo=dt.UTC), app_version="test", exercises=[exercise]
    )


def all_hit(day, load, unit=Unit.KG):
    return session(day, *(a_set(n, load, 5, unit=unit) for n in (1, 2, 3)))


def one_failed(day, load):
    return session(day, a_set(1, load, 5), a_set(2, load, 5), a_set(3, load, 4, failed=1))


def only(suggestions):
    assert len(suggestions) == 1, suggestions
    return suggestions[0]


def test_no_history_means_no_suggestion():
    assert suggest(BARBELL, []) == []


def test_every_set_on_target_adds_two_and_a_half_kilograms():
    result = only(suggest(BARBELL, [all_hit(1, 100.0)]))
    assert result.kind is SuggestionKind.ADD_LOAD
    assert (result.load, result.unit, result.preset_name) == (102.5, Unit.KG, BARBELL.name)
    assert result.reason == "Every set hit its target last time at 100 kg: add 2.5 kg and lift 102.5 kg"


def test_every_set_on_target_in_pounds_adds_five_pounds():
    result = only(suggest(BARBELL, [all_hit(1, 225.0, unit=Unit.LB)]))
    assert (result.load, result.unit) == (230.0, Unit.LB)


def test_increments_are_a_setting():
    result = only(suggest(BARBELL, [all_hit(1, 100.0)], increments=Increments(kg=5.0, lb=10.0)))
    assert result.load == 105.0


def test_a_failed_rep_keeps_the_load():
    result = only(suggest(BARBELL, [all_hit(1, 95.0), one_failed(2, 100.0)]))
    assert result.kind is SuggestionKind.KEEP_LOAD
    assert result.load == 100.0
    assert result.reason == "Last time at 100 kg: 1 failed rep; stay at 100 kg until every set hits its target"


def test_a_set_short_of_its_target_keeps_the_load():
    last = session(1, a_set(1, 100.0, 5), a_set(2, 100.0, 3))
    result = only(suggest(BARBELL, [last]))
    assert result.kind is SuggestionKind.KEEP_LOAD
    assert "set 2 stopped at 3 of 5 reps" in result.reason


def test_a_missing_set_keeps_the_load():
    last = session(1, a_set(1, 100.0, 5), a_set(2, 100.0, 5))
    result = only(suggest(BARBELL, [last]))
    assert result.kind is SuggestionKind.KEEP_LOAD
    assert "only 2 of 3 sets done" in result.reason


def test_two_sessions_in_a_row_with_failures_back_off_ten_percent():
    result = only(suggest(BARBELL, [one_failed(1, 100.0), one_failed(2, 100.0)]))
    assert result.kind is SuggestionKind.BACK_OFF
    assert result.load == 90.0
    assert result.reason.startswith("Two sessions in a row fell short")
    assert result.reason.endswith("take 10 % off and lift 90 kg")


def test_failures_separated_by_a_good_session_do_not_back_off():
    history = [one_failed(1, 100.0), all_hit(2, 100.0), one_failed(3, 102.5)]
    assert only(suggest(BARBELL, history)).kind is SuggestionKind.KEEP_LOAD


def test_history_order_on_disk_does_not_matter():
    history = [all_hit(9, 100.0), one_failed(2, 90.0)]
    assert only(suggest(BARBELL, history)).kind is SuggestionKind.ADD_LOAD


@pytest.mark.parametrize(
    ("load", "unit", "expected"),
    [
        (100.0, Unit.KG, 90.0),
        (80.0, Unit.KG, 72.5),  # 72 → nearest 2.5 kg plate step
        (62.5, Unit.KG, 55.0),  # 56.25 is halfway: the lighter step
        (225.0, Unit.LB, 200.0),  # 202.5 is halfway: the lighter step
        (315.0, Unit.LB, 285.0),  # 283.5 → nearest 5 lb
        (10.0, Unit.KG, 7.5),  # 9 rounds back to 10: still one step lighter
        (2.5, Unit.KG, 0.0),
    ],
)
def test_back_off_lands_on_the_plate_step(load, unit, expected):
    assert back_off(load, unit) == expected


def test_other_presets_sessions_are_ignored():
    other = session(3, a_set(1, 40.0, 1, failed=4), preset=BUILTIN_PRESETS[1])
    result = only(suggest(BARBELL, [all_hit(1, 100.0), other]))
    assert result.kind is SuggestionKind.ADD_LOAD


def test_a_workout_abandoned_before_any_rep_says_nothing():
    empty = session(5)
    result = only(suggest(BARBELL, [all_hit(1, 100.0), empty]))
    assert result.load == 102.5
    assert exercises_of(BARBELL.name, [empty]) == []


def test_one_leg_sets_must_each_hit_their_target():
    preset = find_preset("Eccentric single-leg hip thrust")
    sets = []
    for number in (1, 2, 3):
        sets += [a_set(number, 20.0, 6, target=6, side=Side.LEFT), a_set(number, 20.0, 6, target=6, side=Side.RIGHT)]
    sets[-1] = a_set(3, 20.0, 5, target=6, side=Side.RIGHT)
    result = only(suggest(preset, [session(1, *sets, preset=preset)]))
    assert result.kind is SuggestionKind.KEEP_LOAD
    assert "set 3 (right leg) stopped at 5 of 6 reps" in result.reason


def fifteen_rep_plan():
    return Plan(tempo=BARBELL.plan.tempo, sets=1, reps=15)


def test_fifteen_easy_reps_on_the_barbell_suggest_the_staggered_stance_at_the_same_load():
    last = session(1, a_set(1, 80.0, 15, target=15, rpe=7.5), plan=fifteen_rep_plan())
    milestone, load = suggest(BARBELL, [last])
    assert milestone.kind is SuggestionKind.NEXT_VARIATION
    assert (milestone.preset_name, milestone.load, milestone.unit) == (STAGGERED.name, 80.0, Unit.KG)
    assert milestone.reason == "15 reps with ease at 80 kg on the barbell hip thrust: try Staggered-stance hip thrust at 80 kg"
    assert load.kind is SuggestionKind.ADD_LOAD


def test_fifteen_reps_without_a_logged_rpe_count_as_easy():
    last = session(1, a_set(1, 80.0, 15, target=15), plan=fifteen_rep_plan())
    assert suggest(BARBELL, [last])[0].kind is SuggestionKind.NEXT_VARIATION


@pytest.mark.parametrize(
    "the_set",
    [
        a_set(1, 80.0, 15, target=15, rpe=9),  # too hard
        a_set(1, 80.0, 15, target=16, failed=1),  # a failed rep
        a_set(1, 80.0, 14, target=15),  # one short
    ],
    ids=["rpe-9", "failed-rep", "fourteen-reps"],
)
def test_fifteen_reps_that_were_not_easy_are_no_milestone(the_set):
    last = session(1, the_set, plan=fifteen_rep_plan())
    assert suggest(BARBELL, [last]), "a history with reps always gives a load suggestion"
    assert SuggestionKind.NEXT_VARIATION not in [s.kind for s in suggest(BARBELL, [last])]


def test_the_milestone_is_only_for_the_two_leg_barbell_thrust():
    dumbbell = Preset(name="Dumbbell 15s", variation=Variation.DUMBBELL, plan=fifteen_rep_plan())
    last = session(1, a_set(1, 30.0, 15, target=15), preset=dumbbell)
    assert [s.kind for s in suggest(dumbbell, [last])] == [SuggestionKind.ADD_LOAD]


def test_the_milestone_points_to_the_lifters_own_staggered_preset_when_given():
    mine = Preset(
        name="My staggered",
        variation=Variation.STAGGERED_STANCE,
        plan=Plan(laterality=Laterality.PER_LEG),
    )
    last = session(1, a_set(1, 80.0, 15, target=15), plan=fifteen_rep_plan())
    assert suggest(BARBELL, [last], presets=[mine])[0].preset_name == "My staggered"


@pytest.mark.parametrize(("kg", "lb"), [(0.0, 5.0), (2.5, -5.0), (51.0, 5.0), (2.5, float("nan"))])
def test_impossible_increments_are_refused_with_their_range(kg, lb):
    with pytest.raises(ValueError, match="increment must be more than 0 and at most"):
        Increments(kg=kg, lb=lb)
