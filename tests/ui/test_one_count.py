"""One count everywhere: the History table, the detail, the CSV, the charts and the summary page say what was lifted.

A rep counts when it is neither failed nor paced unseen with the camera on. The
oracle below is that sentence, applied to each rep's own flags; every place that
shows a count or a volume must agree with it, to the rep and the kilogram.
"""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gymtimer.core import stats
from gymtimer.core.plan import Laterality, Plan, Side
from gymtimer.core.presets import Variation
from gymtimer.core.records import ExerciseRecord, RepRecord, SessionRecord, SetRecord
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.session_row import SessionRow
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.units import Unit, convert
from gymtimer.core.workout import Workout
from gymtimer.store import session_files
from gymtimer.store.export import csv_rows
from gymtimer.store.sessions import SessionStore
from gymtimer.ui.history_table import Column, texts
from gymtimer.ui.history_view import HistoryView
from gymtimer.ui.session_detail import SetColumn
from gymtimer.ui.summary_page import SummaryPage

STARTED = dt.datetime(2026, 3, 1, 18, tzinfo=dt.UTC)
TEMPO = Tempo(lift=1, squeeze=1, lower=3, bottom=0)


def _lifted(session: SessionRecord) -> tuple[int, int, int, float]:
    """The oracle: reps lifted (all, left, right) and the volume in kg, from each rep's own flags."""
    total = left = right = 0
    volume_kg = 0.0
    for exercise in session.exercises:
        for record in exercise.sets:
            for rep in record.reps:
                if rep.failed or rep.not_seen:
                    continue
                total += 1
                left += rep.side is Side.LEFT
                right += rep.side is Side.RIGHT
                volume_kg += convert(record.load, record.unit, Unit.KG)
    return total, left, right, volume_kg


# ------------------------------------------------------------------ a watched set, shown everywhere


def _rep(at: float, how: str) -> RepRecord:
    """A paced rep of 5 s at ``at``: 'seen', 'short' (seen, short: failed), 'not seen', or 'failed' (by key)."""
    seen = None
    if how in ("seen", "short"):
        seen = MeasuredRep(start=at, lift=1.0, top=1.0, lower=2.9, bottom=None,
                           range=40.0 if how == "seen" else 15.0, complete=how == "seen", lowering_too_fast=False)
    return RepRecord(side=Side.BOTH, phases={Phase.LIFT: at, Phase.SQUEEZE: at + 1, Phase.LOWER: at + 2},
                     ended=at + 5, failed=how in ("short", "failed"), seen=seen, not_seen=how == "not seen")


def _watched_session() -> SessionRecord:
    kinds = ["seen", "not seen", "seen", "short", "not seen", "seen", "failed"]  # 7 paced, 4 seen, 3 lifted
    record = SetRecord(number=1, side=Side.BOTH, target=7, load=100.0, unit=Unit.KG, started=0.0, ended=35.0,
                       watched=True, reps=[_rep(5.0 * i, how) for i, how in enumerate(kinds)])
    plan = Plan(tempo=TEMPO, sets=1, reps=7, load=100.0)
    exercise = ExerciseRecord(preset_name="Camera", variation=Variation.BARBELL, plan=plan, sets=[record],
                              started=0.0, ended=35.0, preset_id="p")
    return SessionRecord(id="c" * 32, started_at=STARTED, app_version="test", exercises=[exercise],
                         ended_at=STARTED + dt.timedelta(seconds=200))  # the summary page stayed open


def test_a_watched_set_with_unseen_and_failed_reps_reads_the_same_everywhere(qtbot, tmp_path):
    session = _watched_session()
    assert _lifted(session) == (3, 0, 0, 300.0)
    store = SessionStore()
    store.sessions_dir.mkdir(parents=True)
    (store.sessions_dir / session_files.file_name(session)).write_bytes(session_files.encode(session))
    view = HistoryView(store)
    qtbot.addWidget(view)
    view.reload()

    # The table: 3 reps and 300 kg, not the 5 reps and 500 kg of the reps not failed.
    table = {column: view.proxy.index(0, column).data() for column in Column}
    assert (table[Column.REPS], table[Column.TOP_LOAD], table[Column.VOLUME]) == ("3", "100 kg", "300 kg")
    assert table[Column.TENSION] == "0:25"  # 5 reps lifted of 5 s; the two not seen were not lifted
    assert table[Column.DURATION] == "1 min"  # 35 s lifting, not the 200 s until the summary page closed

    # The detail: the set's count, the camera's words, and each rep as it was.
    view.select_session(session.id)
    model = view.detail.model
    assert model.index(0, SetColumn.REPS).data() == "3 / 7"
    assert model.index(0, SetColumn.WHAT).data() == "Set 1 · paced 7 · 4 reps seen · 1 short"
    assert model.index(0, SetColumn.FAILED).data() == "2"
    set_index = model.index(0, 0)
    reps = [[model.index(row, column, set_index).data() for column in SetColumn] for row in range(7)]
    assert reps[0][SetColumn.WHAT] == "Rep 1 · seen" and reps[0][SetColumn.PHASES] == "1.0 · 1.0 · 2.9 · –"
    assert reps[1][SetColumn.WHAT] == "Rep 2" and reps[1][SetColumn.FAILED] == "not seen"
    assert reps[1][SetColumn.TENSION] == "not seen" and "0.0 s" not in reps[1]
    assert reps[3][SetColumn.FAILED] == "short" and "short rep" in reps[3][SetColumn.NOTE]
    assert reps[6][SetColumn.FAILED] == "failed"
    assert "done" in view.detail.heading.text() and "3 min" not in view.detail.heading.text()

    # The CSV.
    target = tmp_path / "sets.csv"
    view.export_csv(target)
    with target.open(encoding="utf-8-sig", newline="") as stream:
        (row,) = list(csv.DictReader(stream))
    assert (row["reps_done"], row["reps_failed"], row["load"], row["unit"]) == ("3", "2", "100", "kg")
    assert (row["reps_seen"], row["reps_not_seen"], row["short_reps"], row["too_fast_lowerings"]) == ("4", "2", "1", "0")
    assert row["mean_measured_lower_s"] == "2.9"  # the lifted reps' lowering as the camera measured it

    # The charts.
    (day,) = stats.summarize([session])
    assert (day.reps, day.volume, day.top_load) == (3, 300.0, 100.0)
    (volume,) = stats.session_volumes([day], Unit.KG)
    assert (volume.reps, volume.volume) == (3, 300.0)

    # The summary page.
    page = SummaryPage()
    qtbot.addWidget(page)
    page.show_record(session.exercises[0])
    lines = page.lines.text().splitlines()
    assert lines[0] == "3 reps · 2 failed"
    assert lines[2] == "Load 100 kg · volume 300 kg"
    assert page.title.text() == "Camera: done"
    assert [page.table.item(0, c).text() for c in (2, 3)] == ["3", "2"]


# ------------------------------------------------------------------ every session, every place


#: Each step: some seconds of pacing, then what the lifter or the camera did.
STEPS = st.lists(
    st.tuples(
        st.floats(0.5, 9.0),
        st.sampled_from(["nothing", "nothing", "seen", "seen", "too fast", "short", "not seen", "fail", "undo",
                         "switch", "end set"]),
    ),
    min_size=3,
    max_size=30,
)


@st.composite
def exercises(draw) -> ExerciseRecord:
    """An exercise lifted through the real workout: paced, watched or not, with reps seen, not seen,
    short, failed, undone, sides switched and sets ended early; loads in kg or lb."""
    unit = draw(st.sampled_from(Unit))
    plan = Plan(tempo=TEMPO, sets=draw(st.integers(1, 3)), reps=draw(st.integers(1, 4)), lead_in=0, rest=10,
                laterality=draw(st.sampled_from(Laterality)), load=draw(st.sampled_from([0.0, 20.0, 102.5])),
                unit=unit, replace_failed=draw(st.booleans()))
    workout = Workout(plan, preset_name=f"Plan in {unit.value}", watched=draw(st.booleans()))
    now = 0.0
    workout.start(now)
    for wait, action in draw(STEPS):
        if workout.finished:
            break
        now += wait
        workout.advance(now)
        if action == "fail":
            workout.fail(now)
        elif action == "undo":
            workout.undo(now)
        elif action in ("seen", "too fast", "short"):
            lifted = [rep for record in workout.record.sets for rep in record.reps]
            if lifted and lifted[-1].started is not None:
                lower = 1.2 if action == "too fast" else 3.0
                rep = MeasuredRep(start=lifted[-1].started, lift=1.0, top=1.0, lower=lower, bottom=None,
                                  range=12.0 if action == "short" else 40.0, complete=action != "short",
                                  lowering_too_fast=action == "too fast")
                workout.rep_seen(now, rep)
        elif action == "not seen":
            workout.rep_not_seen(now + 1.5)
            now += 1.5
        elif action == "switch" and plan.laterality is Laterality.PER_LEG:
            workout.switch_side(now, workout.side.other if workout.side is not Side.BOTH else Side.LEFT)
        elif action == "end set":
            workout.end_set(now)
    workout.abandon(now + 0.5)
    return workout.record


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(exercises(), min_size=1, max_size=3))
def test_every_place_that_shows_a_count_or_a_volume_agrees(lifted):
    session = SessionRecord(id="d" * 32, started_at=STARTED, app_version="test", exercises=lifted)
    total, left, right, volume_kg = _lifted(session)

    # The records themselves.
    assert (session.done(), session.done(Side.LEFT), session.done(Side.RIGHT)) == (total, left, right)
    assert session.volume_in(Unit.KG) == pytest.approx(volume_kg)

    # The History table's row and its texts.
    row = SessionRow.of(session)
    assert (row.reps_total, row.reps_left, row.reps_right) == (total, left, right)
    assert row.volume_kg == pytest.approx(volume_kg)
    assert row.tension_seconds == pytest.approx(session.tension_seconds)
    shown = texts(row)[Column.REPS]
    assert shown == (str(total) if not row.one_leg else
                     (f'{total - left - right} + ' if total - left - right else '') + f'L {left} / R {right}')
    lifted_loads = [convert(r.load, r.unit, Unit.KG) for r in session.sets() if r.done()]
    assert row.top_load_kg == pytest.approx(max(lifted_loads, default=0.0))

    # The CSV.
    rows = list(csv_rows([session]))
    assert sum(int(r["reps_done"]) for r in rows) == total
    assert sum(int(r["reps_left"]) for r in rows) == left and sum(int(r["reps_right"]) for r in rows) == right
    assert sum(convert(float(r["load"]), Unit(r["unit"]), Unit.KG) * int(r["reps_done"]) for r in rows) \
        == pytest.approx(volume_kg, abs=1e-6)

    # The charts.
    days = stats.summarize([session])
    assert sum(d.reps for d in days) == total
    assert (sum(d.left_reps for d in days), sum(d.right_reps for d in days)) == (left, right)
    assert sum(convert(d.volume, d.unit, Unit.KG) for d in days) == pytest.approx(volume_kg)
    assert sum(d.tension_seconds for d in days) == pytest.approx(session.tension_seconds)

    # The summary page's figures, exercise by exercise (its volume in the exercise's unit).
    for exercise in session.exercises:
        assert convert(exercise.volume, exercise.unit, Unit.KG) == pytest.approx(
            sum(convert(r.load, r.unit, Unit.KG) * r.done() for r in exercise.sets))
