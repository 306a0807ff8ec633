"""CSV for spreadsheets: one row per set, with its reps, load, unit, rest, RPE and note."""

from __future__ import annotations

import csv
import datetime as dt

from gymtimer.core.plan import Laterality, Plan, Side
from gymtimer.core.presets import Variation
from gymtimer.core.records import Box, ExerciseRecord, MeasuredSet, RepRecord, SessionRecord, SetRecord
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.units import Unit
from gymtimer.store.export import COLUMNS, export_csv
from tests.helpers.lifted import START, lifted_session


def test_one_row_per_set_with_what_a_spreadsheet_needs(tmp_path):
    both = lifted_session(sets=3, reps=5, load=102.5)
    both.exercises[0].sets[1].rpe = 8.5
    both.exercises[0].sets[1].note = 'bar "slipped", reset'
    per_leg = lifted_session(START + dt.timedelta(days=1), laterality=Laterality.PER_LEG, sets=2, reps=4)
    per_leg.interrupted = True
    target = tmp_path / "sets.csv"

    rows = export_csv([both, per_leg], target)

    with open(target, encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert rows == len(table) == 3 + 4
    assert tuple(table[0]) == COLUMNS
    assert [r["set"] for r in table[:3]] == ["1", "2", "3"]
    assert table[1]["load"] == "102.5" and table[1]["unit"] == "kg" and table[1]["reps_done"] == "5"
    assert table[1]["rpe"] == "8.5" and table[1]["note"] == 'bar "slipped", reset'
    assert table[0]["rest_after_s"] == "60" and table[2]["rest_after_s"] == ""
    assert [(r["side"], r["reps_left"], r["reps_right"]) for r in table[3:5]] == [("left", "4", "0"), ("right", "0", "4")]
    assert [r["interrupted"] for r in table] == ["false"] * 3 + ["true"] * 4
    assert table[0]["tempo"] == "2-0-1-1" and float(table[0]["tension_seconds"]) == 20.0


def test_each_set_carries_the_cameras_counts_and_how_its_exercise_ended(tmp_path):
    def rep(at, lower=None, complete=True, not_seen=False):
        seen = None if lower is None else MeasuredRep(start=at, lift=1, top=1, lower=lower, bottom=None, range=40,
                                                       complete=complete, lowering_too_fast=lower < 2.25)
        return RepRecord(side=Side.BOTH, phases={Phase.LIFT: at, Phase.LOWER: at + 2}, ended=at + 5,
                         failed=not complete, seen=seen, not_seen=not_seen)

    watched = SetRecord(number=1, side=Side.BOTH, target=4, load=60, unit=Unit.KG, started=0, watched=True,
                        reps=[rep(0, 3.0), rep(5, 1.5), rep(10, 2.0, complete=False), rep(15, not_seen=True)])
    filmed = SetRecord(number=2, side=Side.BOTH, target=2, load=60, unit=Unit.KG, started=60,
                       reps=[rep(60), rep(65)],
                       measured=MeasuredSet(video="set2.mp4", box=Box(x=1, y=1, width=9, height=9),
                                            analysed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                                            reps=[MeasuredRep(start=1, lift=1, top=1, lower=2.5, bottom=None, range=40,
                                                              lowering_too_fast=False)]))
    paced = SetRecord(number=3, side=Side.BOTH, target=1, load=60, unit=Unit.KG, started=90, reps=[rep(90)])
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=4, reps=4)
    session = SessionRecord(id="e" * 32, started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), app_version="t",
                            exercises=[ExerciseRecord(preset_name="P", variation=Variation.BARBELL, plan=plan,
                                                      sets=[watched, filmed, paced])])
    path = tmp_path / "sets.csv"
    export_csv([session], path)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.DictReader(stream))
    camera = [(r["reps_done"], r["reps_seen"], r["reps_not_seen"], r["short_reps"], r["too_fast_lowerings"],
               r["mean_measured_lower_s"]) for r in table]
    assert camera == [("2", "3", "1", "1", "2", "2.25"),  # the two lifted reps' lowerings: 3.0 and 1.5
                      ("2", "1", "0", "0", "0", "2.5"),  # filmed: what the video measured
                      ("1", "", "", "", "", "")]  # no camera
    assert {r["exercise_ended"] for r in table} == {"ended early"}  # three of four sets
