"""CSV for spreadsheets: one row per set, with its reps, load, unit, rest, RPE and note."""

from __future__ import annotations

import csv
import datetime as dt

from gymtimer.core.plan import Laterality
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
