"""The camera's word on the body, per set: lockout verdicts and the leg seen, in the History detail and the summary."""

from __future__ import annotations

import datetime as dt

from gymtimer.core.body import HIPS_LOW, LOCKOUT_OK, Lockout
from gymtimer.core.plan import Laterality, Plan, Side
from gymtimer.core.presets import Variation
from gymtimer.core.records import ExerciseRecord, RepRecord, SessionRecord, SetRecord
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.seen import body_text
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.units import Unit
from gymtimer.store import session_files
from gymtimer.store.sessions import SessionStore
from gymtimer.ui.history_view import HistoryView
from gymtimer.ui.session_detail import SetColumn
from gymtimer.ui.summary_page import SummaryPage

STARTED = dt.datetime(2026, 3, 1, 18, tzinfo=dt.UTC)
GOOD = Lockout(LOCKOUT_OK, shin=89.0, knee=91.0, thigh=-2.0, torso=-6.0)
LOW = Lockout(HIPS_LOW, shin=84.0, knee=75.0, thigh=-21.0, torso=-24.0)


def _rep(at: float, lockout: Lockout | None, leg_seen: Side | None = None) -> RepRecord:
    seen = MeasuredRep(start=at, lift=1.0, top=1.0, lower=2.9, bottom=None, range=40.0, complete=True,
                       lowering_too_fast=False)
    return RepRecord(side=Side.LEFT, phases={Phase.LIFT: at, Phase.SQUEEZE: at + 1, Phase.LOWER: at + 2},
                     ended=at + 5, seen=seen, lockout=lockout, leg_seen=leg_seen)


def _session() -> SessionRecord:
    reps = [_rep(0.0, GOOD, Side.LEFT), _rep(5.0, LOW, Side.LEFT), _rep(10.0, GOOD, Side.RIGHT), _rep(15.0, None)]
    record = SetRecord(number=1, side=Side.LEFT, target=4, load=20.0, unit=Unit.KG, started=0.0, ended=20.0,
                       watched=True, reps=reps)
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=3), sets=1, reps=4, load=20.0, laterality=Laterality.PER_LEG)
    exercise = ExerciseRecord(preset_name="Single-leg", variation=Variation.SINGLE_LEG, plan=plan, sets=[record],
                              started=0.0, ended=20.0, preset_id="p")
    return SessionRecord(id="b" * 32, started_at=STARTED, app_version="test", exercises=[exercise],
                         ended_at=STARTED + dt.timedelta(seconds=30))


def test_a_sets_body_words_count_each_verdict_and_the_reps_on_the_other_leg():
    assert body_text(_session().exercises[0].sets[0]) == "lockout ✓ 2 · hips low 1 · 1 on the other leg"
    assert body_text(SetRecord(number=1, side=Side.BOTH, target=1, load=0, unit=Unit.KG, started=0.0,
                               reps=[RepRecord(side=Side.BOTH)])) == ""


def test_history_detail_and_summary_show_the_lockout_per_set_and_per_rep(qtbot):
    session = _session()
    store = SessionStore()
    store.sessions_dir.mkdir(parents=True)
    (store.sessions_dir / session_files.file_name(session)).write_bytes(session_files.encode(session))
    view = HistoryView(store)
    qtbot.addWidget(view)
    view.reload()
    view.select_session(session.id)  # read back from the file: the fields survive a save
    model = view.detail.model
    assert model.index(0, SetColumn.WHAT).data() == (
        "Set 1 · left · paced 4 · 4 reps seen · lockout ✓ 2 · hips low 1 · 1 on the other leg")
    set_index = model.index(0, 0)
    rows = [[model.index(row, column, set_index).data() for column in SetColumn] for row in range(4)]
    assert rows[0][SetColumn.NOTE] == LOCKOUT_OK
    assert rows[1][SetColumn.NOTE] == HIPS_LOW
    assert "shins 84° to the floor" in model.index(1, SetColumn.NOTE, set_index).data(3)  # the tooltip
    assert rows[2][SetColumn.WHAT] == "Rep 3 · left · right leg worked · seen"
    assert rows[3][SetColumn.NOTE] == ""

    page = SummaryPage()
    qtbot.addWidget(page)
    page.show_record(session.exercises[0])
    assert page.table.item(0, 6).text().endswith("lockout ✓ 2 · hips low 1 · 1 on the other leg")
