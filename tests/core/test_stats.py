"""The chart series, checked on small hand-made histories whose answers are worked out by hand."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from gymtimer.core import stats
from gymtimer.core.plan import Laterality, Plan, Side
from gymtimer.core.presets import Variation
from gymtimer.core.records import ExerciseRecord, RepRecord, SessionRecord, SetRecord
from gymtimer.core.stats import Lift, Selection, Span
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.units import KG_PER_LB, Unit

TZ = dt.timezone(dt.timedelta(hours=2))
BARBELL = Lift(Variation.BARBELL, "Barbell 3×5")
SINGLE = Lift(Variation.SINGLE_LEG, "Single-leg")


def rep(side: Side = Side.BOTH, *, at: float = 0.0, lift=1.0, squeeze=1.0, lower=3.0, failed=False) -> RepRecord:
    """A rep whose phases last exactly the given seconds, starting ``at``."""
    return RepRecord(
        side=side,
        phases={Phase.LIFT: at, Phase.SQUEEZE: at + lift, Phase.LOWER: at + lift + squeeze},
        ended=at + lift + squeeze + lower,
        failed=failed,
    )


def a_set(number, load, reps, *, side=Side.BOTH, unit=Unit.KG, failed=0, lower=3.0) -> SetRecord:
    record = SetRecord(number=number, side=side, target=reps + failed, load=load, unit=unit, started=0.0)
    record.reps = [rep(side, at=6.0 * i, lower=lower) for i in range(reps)]
    record.reps += [rep(side, at=6.0 * (reps + i), lower=lower, failed=True) for i in range(failed)]
    return record


def exercise(lift: Lift, sets, *, one_leg=False, lower=3.0) -> ExerciseRecord:
    plan = Plan(
        tempo=Tempo(lift=1, squeeze=1, lower=lower),
        laterality=Laterality.PER_LEG if one_leg else Laterality.BOTH,
    )
    return ExerciseRecord(preset_name=lift.preset_name, variation=lift.variation, plan=plan, sets=list(sets))


def session(day: int, *exercises, id: str | None = None, hour: int = 18) -> SessionRecord:
    """A session on June ``day`` 2025 at ``hour`` (local, UTC+2)."""
    return SessionRecord(
        id=id or f"s{day:02d}",
        started_at=dt.datetime(2025, 6, day, hour, tzinfo=TZ),
        app_version="test",
        exercises=list(exercises),
    )


NOW = dt.datetime(2025, 6, 30, 20, tzinfo=TZ)


# ----------------------------------------------------------------------------- formulas


def test_epley_estimates_one_rep_max_from_reps_up_to_twelve():
    assert stats.epley_one_rep_max(100, 5) == pytest.approx(100 * (1 + 5 / 30))
    assert stats.epley_one_rep_max(90, 12) == pytest.approx(126.0)
    assert stats.epley_one_rep_max(140, 1) == 140
    assert stats.epley_one_rep_max(60, 13) is None
    assert stats.epley_one_rep_max(60, 0) is None


def test_imbalance_is_the_weaker_legs_shortfall_against_the_stronger():
    assert stats.imbalance_percent(18, 20) == pytest.approx(10.0)
    assert stats.imbalance_percent(20, 17) == pytest.approx(15.0)
    assert stats.imbalance_percent(0, 0) == 0.0


# ----------------------------------------------------------------------------- load


def test_top_set_is_the_heaviest_load_with_the_reps_done_at_it():
    history = [session(2, exercise(BARBELL, [a_set(1, 80, 8), a_set(2, 100, 5), a_set(3, 100, 4, failed=1)]))]
    [point] = stats.load_series(stats.summarize(history), Unit.KG)[BARBELL]
    assert (point.load, point.reps) == (100, 5)
    assert point.session_id == "s02"


def test_estimated_one_rep_max_takes_the_best_set_and_ignores_sets_over_twelve_reps():
    # 80 × 15 is beyond Epley's range; 100 × 5 → 116.67; 90 × 8 → 114.
    history = [session(2, exercise(BARBELL, [a_set(1, 80, 15), a_set(2, 90, 8), a_set(3, 100, 5)]))]
    [point] = stats.load_series(stats.summarize(history), Unit.KG)[BARBELL]
    assert point.e1rm == pytest.approx(100 + 100 * 5 / 30)


def test_no_estimate_when_every_set_has_more_than_twelve_reps_or_no_load():
    history = [
        session(2, exercise(BARBELL, [a_set(1, 60, 15)])),
        session(3, exercise(BARBELL, [a_set(1, 0, 5)])),
    ]
    points = stats.load_series(stats.summarize(history), Unit.KG)[BARBELL]
    assert [p.e1rm for p in points] == [None, None]


def test_load_is_converted_to_the_display_unit_and_records_stay_untouched():
    history = [session(2, exercise(BARBELL, [a_set(1, 225, 5, unit=Unit.LB)]))]
    [kg_point] = stats.load_series(stats.summarize(history), Unit.KG)[BARBELL]
    [lb_point] = stats.load_series(stats.summarize(history), Unit.LB)[BARBELL]
    assert kg_point.load == pytest.approx(225 * KG_PER_LB)
    assert lb_point.load == 225
    assert history[0].exercises[0].sets[0].load == 225
    assert history[0].exercises[0].sets[0].unit is Unit.LB


def test_sets_in_another_unit_are_compared_in_the_exercises_own_unit():
    # 100 kg beats 200 lb (90.7 kg) even though 200 > 100.
    history = [session(2, exercise(BARBELL, [a_set(1, 100, 3), a_set(2, 200, 5, unit=Unit.LB)]))]
    [point] = stats.load_series(stats.summarize(history), Unit.KG)[BARBELL]
    assert (point.load, point.reps) == (100, 3)


def test_each_preset_gets_its_own_load_line():
    other = Lift(Variation.BARBELL, "Barbell 5×5")
    history = [session(2, exercise(BARBELL, [a_set(1, 100, 5)]), exercise(other, [a_set(1, 80, 5)]))]
    series = stats.load_series(stats.summarize(history), Unit.KG)
    assert {lift: [p.load for p in points] for lift, points in series.items()} == {BARBELL: [100], other: [80]}


# ----------------------------------------------------------------------------- volume


def test_session_volume_adds_load_times_good_reps_of_every_exercise():
    history = [
        session(
            2,
            exercise(BARBELL, [a_set(1, 100, 5), a_set(2, 100, 4, failed=1)]),  # 900
            exercise(SINGLE, [a_set(1, 20, 6, side=Side.LEFT), a_set(1, 20, 6, side=Side.RIGHT)], one_leg=True),  # 240
        )
    ]
    [point] = stats.session_volumes(stats.summarize(history), Unit.KG)
    assert point.volume == pytest.approx(1140)
    assert point.reps == 21


def test_weekly_volume_groups_sessions_by_iso_week_in_local_dates():
    # 2025-06-01 is a Sunday (ISO week 22); the 2nd and 8th are in week 23; the 9th starts week 24.
    history = [
        session(1, exercise(BARBELL, [a_set(1, 100, 1)])),
        session(2, exercise(BARBELL, [a_set(1, 100, 2)])),
        session(8, exercise(BARBELL, [a_set(1, 100, 3)]), hour=23),
        session(9, exercise(BARBELL, [a_set(1, 100, 4)]), hour=0),
    ]
    weeks = stats.weekly_volumes(stats.summarize(history), Unit.KG)
    assert [(w.week, w.monday, w.volume, w.sessions) for w in weeks] == [
        (22, dt.date(2025, 5, 26), 100, 1),
        (23, dt.date(2025, 6, 2), 500, 2),
        (24, dt.date(2025, 6, 9), 400, 1),
    ]


# ----------------------------------------------------------------------------- left and right


def test_balance_counts_each_leg_and_flags_a_gap_over_ten_percent():
    lagging = exercise(
        SINGLE,
        [a_set(1, 20, 8, side=Side.LEFT), a_set(1, 20, 10, side=Side.RIGHT)],
        one_leg=True,
    )
    even = exercise(SINGLE, [a_set(1, 20, 9, side=Side.LEFT), a_set(1, 20, 10, side=Side.RIGHT)], one_leg=True)
    history = [session(2, lagging), session(3, even), session(4, exercise(BARBELL, [a_set(1, 100, 5)]))]
    first, second = stats.balance_series(stats.summarize(history), Unit.KG)
    assert (first.left_reps, first.right_reps, first.left_volume, first.right_volume) == (8, 10, 160, 200)
    assert first.imbalance_percent == pytest.approx(20.0)
    assert first.flagged and first.weaker is Side.LEFT
    assert second.imbalance_percent == pytest.approx(10.0)
    assert not second.flagged  # exactly ten percent is not over it


def test_balance_uses_reps_when_one_leg_work_has_no_load():
    history = [
        session(2, exercise(SINGLE, [a_set(1, 0, 10, side=Side.LEFT), a_set(1, 0, 7, side=Side.RIGHT)], one_leg=True))
    ]
    [point] = stats.balance_series(stats.summarize(history), Unit.KG)
    assert point.imbalance_percent == pytest.approx(30.0)
    assert point.weaker is Side.RIGHT


def test_failed_reps_do_not_count_for_a_leg():
    history = [
        session(
            2,
            exercise(
                SINGLE,
                [a_set(1, 20, 6, side=Side.LEFT, failed=2), a_set(1, 20, 6, side=Side.RIGHT)],
                one_leg=True,
            ),
        )
    ]
    [point] = stats.balance_series(stats.summarize(history), Unit.KG)
    assert (point.left_reps, point.right_reps) == (6, 6)
    assert not point.flagged


def test_balance_puts_a_rep_on_the_leg_the_camera_saw_working():
    """"LEFT 6/6" with the left foot in the air twice: those two reps were the right leg's."""
    left = a_set(1, 20, 6, side=Side.LEFT)
    left.reps[4].leg_seen = left.reps[5].leg_seen = Side.RIGHT
    left.reps[0].leg_seen = Side.LEFT  # seen as scheduled
    history = [session(2, exercise(SINGLE, [left, a_set(1, 20, 6, side=Side.RIGHT)], one_leg=True))]
    [point] = stats.balance_series(stats.summarize(history), Unit.KG)
    assert (point.left_reps, point.right_reps) == (4, 8)
    assert point.flagged and point.weaker is Side.LEFT


def test_a_rep_seen_on_both_legs_is_refused():
    with pytest.raises(ValueError, match="left or right"):
        RepRecord(side=Side.LEFT, leg_seen=Side.BOTH)


# ----------------------------------------------------------------------------- tension and tempo


def test_time_under_tension_adds_lift_squeeze_and_lower_of_every_rep_failed_ones_too():
    # 5 good reps and 1 failed rep, each 1 + 1 + 3 s.
    history = [session(2, exercise(BARBELL, [a_set(1, 100, 5, failed=1)]))]
    [point] = stats.tension_series(stats.summarize(history))
    assert point.seconds == pytest.approx(30.0)
    assert point.reps == 5


def test_tempo_adherence_compares_the_recorded_lowering_with_the_plan():
    record = SetRecord(number=1, side=Side.BOTH, target=3, load=100, unit=Unit.KG, started=0.0)
    record.reps = [rep(at=0, lower=2.0), rep(at=10, lower=2.5), rep(at=20, lower=3.5)]
    history = [session(2, exercise(BARBELL, [record], lower=3.0))]
    [point] = stats.tempo_series(stats.summarize(history))[BARBELL]
    assert point.planned == 3.0
    assert point.mean == pytest.approx(8.0 / 3)
    assert (point.shortest, point.longest, point.reps) == (2.0, 3.5, 3)
    assert point.adherence_percent == pytest.approx(8.0 / 9 * 100)


def test_lowering_ends_at_the_bottom_pause_when_one_was_recorded():
    # Lower from 2.0 s, bottom pause from 4.5 s, rep ended at 5.0 s: 2.5 s of lowering.
    with_bottom = RepRecord(
        side=Side.BOTH,
        phases={Phase.LIFT: 0.0, Phase.SQUEEZE: 1.0, Phase.LOWER: 2.0, Phase.BOTTOM: 4.5},
        ended=5.0,
    )
    record = SetRecord(number=1, side=Side.BOTH, target=1, load=100, unit=Unit.KG, started=0.0, reps=[with_bottom])
    history = [session(2, exercise(BARBELL, [record]))]
    [point] = stats.tempo_series(stats.summarize(history))[BARBELL]
    assert point.mean == pytest.approx(with_bottom.phase_seconds(Phase.LOWER)) == pytest.approx(2.5)


def test_reps_without_a_recorded_lowering_and_failed_reps_are_left_out_of_the_tempo():
    cut_short = RepRecord(side=Side.BOTH, phases={Phase.LIFT: 0.0, Phase.SQUEEZE: 1.0}, ended=1.5)
    record = SetRecord(number=1, side=Side.BOTH, target=2, load=100, unit=Unit.KG, started=0.0)
    record.reps = [rep(at=0, lower=3.0), cut_short, rep(at=20, lower=1.0, failed=True)]
    history = [session(2, exercise(BARBELL, [record]))]
    [point] = stats.tempo_series(stats.summarize(history))[BARBELL]
    assert (point.mean, point.reps) == (3.0, 1)


def test_an_exercise_without_reps_shows_nowhere():
    history = [session(2, exercise(BARBELL, [])), session(3, exercise(BARBELL, [a_set(1, 100, 5)]))]
    assert [d.session_id for d in stats.summarize(history)] == ["s03"]


# ----------------------------------------------------------------------------- filters


def test_spans_count_back_from_now():
    history = [session(day, exercise(BARBELL, [a_set(1, 100, 5)])) for day in (1, 2, 29, 30)]
    history.append(
        SessionRecord(
            id="old",
            started_at=dt.datetime(2025, 3, 1, 18, tzinfo=TZ),
            app_version="test",
            exercises=[exercise(BARBELL, [a_set(1, 100, 5)])],
        )
    )
    days = stats.summarize(history)
    now = dt.datetime(2025, 6, 30, 20, tzinfo=TZ)  # 28 days back is June 2nd, 20:00
    ids = {span: [d.session_id for d in stats.select(days, Selection(span=span), now)] for span in Span}
    assert ids[Span.WEEKS_4] == ["s29", "s30"]
    assert ids[Span.MONTHS_3] == ["s01", "s02", "s29", "s30"]
    assert ids[Span.ALL] == ["old", "s01", "s02", "s29", "s30"]


def test_filter_by_variation_or_by_preset():
    other = Lift(Variation.BARBELL, "Barbell 5×5")
    history = [
        session(2, exercise(BARBELL, [a_set(1, 100, 5)]), exercise(SINGLE, [a_set(1, 20, 6, side=Side.LEFT)], one_leg=True)),
        session(3, exercise(other, [a_set(1, 80, 5)])),
    ]
    days = stats.summarize(history)

    def kept(selection):
        return [(d.session_id, d.lift.preset_name) for d in stats.select(days, selection, NOW)]

    assert kept(Selection(variation=Variation.BARBELL)) == [("s02", "Barbell 3×5"), ("s03", "Barbell 5×5")]
    assert kept(Selection(variation=Variation.BARBELL, preset_name="Barbell 5×5")) == [("s03", "Barbell 5×5")]
    assert kept(Selection(variation=Variation.SINGLE_LEG)) == [("s02", "Single-leg")]
    assert stats.lifts(days) == sorted([BARBELL, other, SINGLE])


def test_series_are_oldest_first_whatever_order_the_sessions_come_in():
    history = [session(day, exercise(BARBELL, [a_set(1, 100 + day, 5)])) for day in (9, 2, 5)]
    points = stats.load_series(stats.summarize(history), Unit.KG)[BARBELL]
    assert [p.session_id for p in points] == ["s02", "s05", "s09"]


def test_summaries_keep_each_session_until_its_record_is_replaced_or_forgotten():
    first, second = (session(day, exercise(BARBELL, [a_set(1, 100, 5)])) for day in (2, 3))
    summaries = stats.Summaries()
    before = summaries.days([first, second])
    again = summaries.days([second, first])
    assert [a is b for a, b in zip(before, again, strict=True)] == [True, True]
    # Reloaded from disk: another record with the same id is summed up anew.
    reloaded = session(3, exercise(BARBELL, [a_set(1, 110, 5)]))
    assert [d.top_load for d in summaries.days([first, reloaded])] == [100, 110]
    # Changed in place: the kept summary stands until the session is forgotten.
    first.exercises[0].sets[0].load = 105
    assert summaries.days([first, reloaded])[0].top_load == 100
    summaries.forget("s02")
    assert summaries.days([first, reloaded])[0].top_load == 105


def test_summaries_let_go_of_sessions_no_longer_in_the_history():
    history = [session(day, exercise(BARBELL, [a_set(1, 100, 5)])) for day in (2, 3, 4)]
    summaries = stats.Summaries()
    summaries.days(history)
    assert [d.session_id for d in summaries.days(history[1:])] == ["s03", "s04"]
    assert len(summaries) == 2


def test_the_stats_need_neither_qt_nor_numpy():
    code = "import sys, gymtimer.core.stats; print(sorted(m for m in ('numpy', 'pyqtgraph', 'PySide6') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def _filmed(record: SetRecord, lowerings: list[float]) -> SetRecord:
    from gymtimer.core.records import Box, MeasuredSet
    from gymtimer.core.reps import MeasuredRep

    record.measured = MeasuredSet(
        video="set.mp4", box=Box(0, 0, 10, 10), analysed_at=dt.datetime(2025, 6, 3, 20, tzinfo=TZ), planned_lower=3.0,
        reps=[MeasuredRep(start=5.0 * i, lift=1.0, top=1.0, lower=lower, bottom=None, range=30.0)
              for i, lower in enumerate(lowerings)])
    return record


def test_a_filmed_sets_lowering_is_what_the_video_measured_and_the_others_stay_paced():
    filmed = _filmed(a_set(1, 100, 3, lower=3.0), [2.0, 1.0, 3.0])  # paced 3 s each; the video saw otherwise
    paced = a_set(2, 100, 2, lower=3.0)
    history = [session(2, exercise(BARBELL, [filmed, paced], lower=3.0))]
    measured, scheduled = stats.tempo_series(stats.summarize(history))[BARBELL]
    assert measured.measured and not scheduled.measured
    assert (measured.mean, measured.shortest, measured.longest, measured.reps) == (2.0, 1.0, 3.0, 3)
    assert (scheduled.mean, scheduled.reps) == (3.0, 2)  # only the set not filmed


def test_a_wholly_filmed_exercise_has_only_a_measured_point():
    history = [session(2, exercise(BARBELL, [_filmed(a_set(1, 100, 2), [2.5, 2.0])]))]
    [point] = stats.tempo_series(stats.summarize(history))[BARBELL]
    assert point.measured and point.mean == pytest.approx(2.25)


def test_weeks_group_measured_and_paced_lowering_apart():
    monday = dt.datetime(2025, 6, 2, 18, tzinfo=TZ)
    history = [session(2, exercise(BARBELL, [_filmed(a_set(1, 100, 2), [1.0, 2.0]), a_set(2, 100, 2)]))]
    history[0].started_at = monday
    later = session(4, exercise(BARBELL, [_filmed(a_set(1, 100, 2), [3.0, 3.0])]))
    later.started_at = monday + dt.timedelta(days=2)
    points = stats.tempo_series(stats.summarize([history[0], later]))[BARBELL]
    measured, paced = (sorted((p for p in stats.group_tempo(points, stats.Grouping.WEEK) if p.measured is kind),
                              key=lambda p: p.started_at) for kind in (True, False))
    assert [(p.mean, p.reps, p.sessions) for p in measured] == [(2.25, 4, 2)]
    assert [(p.mean, p.reps, p.sessions) for p in paced] == [(3.0, 2, 1)]


def test_an_imported_exercise_counts_its_reps_and_load_but_has_no_tension_or_tempo():
    from gymtimer.core.units import Unit

    record = SetRecord(number=1, side=Side.BOTH, target=8, load=100.0, unit=Unit.KG, started=0.0,
                       reps=[RepRecord(side=Side.BOTH) for _ in range(8)])
    exercise = ExerciseRecord(preset_name="Hip Thrust (Barbell)", variation=Variation.BARBELL, plan=Plan(),
                              sets=[record])
    session = SessionRecord(id="imported", started_at=dt.datetime(2024, 3, 2, 18, tzinfo=dt.UTC),
                            app_version="test", exercises=[exercise], imported_from="Strong")
    (day,) = stats.summarize([session])
    assert (day.reps, day.volume, day.top_load, day.top_reps) == (8, 800.0, 100.0, 8)
    assert not day.timed and day.tension_seconds == 0 and day.lowering_reps == 0
    assert stats.tension_series([day]) == [] and stats.tempo_series([day]) == {}
    assert stats.untimed_sessions([day]) == 1
