"""A history brought in from Strong or Hevy: their CSV exports, written here by hand in each app's layout."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from gymtimer.core import progression
from gymtimer.core.presets import BUILTIN_PRESETS, Variation
from gymtimer.core.units import Unit
from gymtimer.store.sessions import SessionStore
from gymtimer.store.tracker_import import HEVY, STRONG, TrackerFileError, read_tracker_csv

# Strong today: commas, no unit column (the app's unit), 12-hour times with a narrow no-break space.
STRONG_CSV = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
    "2024-03-02 6:00:00\u202fPM,Lower A,1h 5m,Hip Thrust (Barbell),W,60,10,0,0,,Felt strong,\n"
    "2024-03-02 6:00:00\u202fPM,Lower A,1h 5m,Hip Thrust (Barbell),1,100,8,0,0,pause at top,Felt strong,7\n"
    "2024-03-02 6:00:00\u202fPM,Lower A,1h 5m,Hip Thrust (Barbell),2,100,8,0,0,,Felt strong,8.5\n"
    "2024-03-02 6:00:00\u202fPM,Lower A,1h 5m,Squat (Barbell),1,80,5,0,0,,Felt strong,\n"
    "2024-03-02 6:00:00\u202fPM,Lower A,1h 5m,Squat (Barbell),2,80,5,0,0,,Felt strong,\n"
    "2024-03-05 6:30:00\u202fPM,Upper,50m,Bench Press (Barbell),1,60,8,0,0,,,\n"
    "2024-03-07 7:00:00\u202fAM,Lower B,40m,Single Leg Hip Thrust,1,0,12,0,0,,,\n"
    "2024-03-07 7:00:00\u202fAM,Lower B,40m,Glute Bridge,1,20,15,0,0,,,\n"
)

# Strong's older export: semicolons, a unit column, a workout length of its own.
STRONG_SEMICOLON_CSV = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;"
    "Notes;Workout Notes;Workout Duration\n"
    '2019-01-11 12:31:54;"Leg";"Hip Thrust (Barbell)";1;102,5;kg;5;;;;0;"";"";"45m"\n'
    '2019-01-11 12:31:54;"Leg";"Hip Thrust (Barbell)";2;225;lbs;4;9;;;0;"";"";"45m"\n'
)

HEVY_CSV = (
    '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index",'
    '"set_type","weight_lbs","reps","distance_miles","duration_seconds","rpe"\n'
    '"Glutes","26 Jul 2025, 07:06","26 Jul 2025, 08:11","Gym at home","Hip Thrust (Barbell)",,"Pad on",0,'
    '"warmup",95,10,,,\n'
    '"Glutes","26 Jul 2025, 07:06","26 Jul 2025, 08:11","Gym at home","Hip Thrust (Barbell)",,"Pad on",1,'
    '"normal",225,8,,,8\n'
    '"Glutes","26 Jul 2025, 07:06","26 Jul 2025, 08:11","Gym at home","Hip Thrust (Barbell)",,"Pad on",2,'
    '"failure",225,6,,,10\n'
    '"Glutes","26 Jul 2025, 07:06","26 Jul 2025, 08:11","Gym at home","Lying Leg Curl (Machine)",,"",0,'
    '"normal",100,10,,,\n'
)


def local(*args) -> dt.datetime:
    return dt.datetime(*args).astimezone()


def test_strong_hip_thrusts_become_sessions_with_their_loads_reps_rpe_and_notes():
    found = read_tracker_csv(STRONG_CSV.encode(), unit=Unit.LB)
    assert found.app == STRONG
    first, second = found.sessions  # the upper-body day had no hip thrust
    assert first.imported and first.imported_from == STRONG
    assert first.started_at == local(2024, 3, 2, 18, 0)
    assert first.duration_seconds == 65 * 60
    (thrust,) = first.exercises
    assert thrust.preset_name == "Hip Thrust (Barbell)" and thrust.variation is Variation.BARBELL
    assert [(s.load, s.unit, s.done(), s.rpe) for s in thrust.sets] == [(100, Unit.LB, 8, 7), (100, Unit.LB, 8, 8.5)]
    assert thrust.sets[0].note == "Felt strong\npause at top"
    assert thrust.sets[0].reps[0].phases == {}  # nothing was timed there
    assert [e.variation for e in second.exercises] == [Variation.SINGLE_LEG, Variation.BARBELL]
    assert found.warmups == 1
    assert found.left_out == {"Squat (Barbell)": 2, "Bench Press (Barbell)": 1}
    assert found.left_out_line == (
        "3 sets of 2 other exercises (Squat (Barbell), Bench Press (Barbell)) left out: GymTimer keeps hip thrusts "
        "only; 1 warm-up set left out; the export does not say its unit: loads read as lb."
    )


def test_strongs_older_semicolon_export_with_its_units_and_decimal_commas():
    (session,) = read_tracker_csv(STRONG_SEMICOLON_CSV.encode()).sessions
    first, second = session.exercises[0].sets
    assert (first.load, first.unit, first.done()) == (102.5, Unit.KG, 5)
    assert (second.load, second.unit, second.done(), second.rpe) == (225, Unit.LB, 4, 9)
    assert session.duration_seconds == 45 * 60


def test_hevy_sets_in_pounds_with_exercise_notes_once():
    found = read_tracker_csv(HEVY_CSV.encode())
    assert found.app == HEVY
    (session,) = found.sessions
    assert session.started_at == local(2025, 7, 26, 7, 6)
    assert session.duration_seconds == 65 * 60
    (thrust,) = session.exercises
    assert [(s.load, s.unit, s.done(), s.rpe) for s in thrust.sets] == [(225, Unit.LB, 8, 8), (225, Unit.LB, 6, 10)]
    assert [s.note for s in thrust.sets] == ["Gym at home\nPad on", ""]
    assert found.warmups == 1 and found.left_out == {"Lying Leg Curl (Machine)": 1}


def test_a_hevy_export_saved_again_by_a_spreadsheet_with_semicolons_and_decimal_commas():
    rows = [["102,5" if cell == "225" else cell for cell in row] for row in csv.reader(io.StringIO(HEVY_CSV))]
    resaved = io.StringIO(newline="")
    csv.writer(resaved, delimiter=";").writerows(rows)
    assert resaved.getvalue().startswith("title;start_time;")
    (session,) = read_tracker_csv(resaved.getvalue().encode()).sessions
    assert [(s.load, s.done()) for s in session.exercises[0].sets] == [(102.5, 8), (102.5, 6)]


def test_a_set_logged_without_reps_is_left_out_and_said():
    export = STRONG_SEMICOLON_CSV.replace(";kg;5;", ";kg;0;")
    found = read_tracker_csv(export.encode())
    (session,) = found.sessions
    assert [s.done() for s in session.exercises[0].sets] == [4]
    assert found.left_out_line == "1 set with no rep left out."


@pytest.mark.parametrize("name, load, variation", [
    ("Hip Thrust (Barbell)", 0, Variation.BARBELL),
    ("Hip Thrust (Smith Machine)", 80, Variation.BARBELL),
    ("Hip Thrust (Machine)", 80, Variation.WEIGHTED),
    ("Hip Thrust (Dumbbell)", 30, Variation.DUMBBELL),
    ("Single Leg Hip Thrust (Dumbbell)", 10, Variation.SINGLE_LEG),
    ("Reverse Hip Raise", 0, Variation.REVERSE),
    ("Glute Bridge", 60, Variation.BARBELL),
    ("Glute Bridge", 0, Variation.BODYWEIGHT),
])
def test_the_variation_comes_from_the_exercises_name_and_load(name, load, variation):
    export = STRONG_CSV.splitlines()[0] + f"\n2024-03-02 18:00:00,Legs,45m,{name},1,{load},10,0,0,,,\n"
    (session,) = read_tracker_csv(export.encode()).sessions
    assert session.exercises[0].variation is variation


@pytest.mark.parametrize("written, meant", [
    ("2024-03-02 18:00:00", local(2024, 3, 2, 18, 0)),
    ("2024-03-02 12:30:00 AM", local(2024, 3, 2, 0, 30)),
    ("2024-03-02 12:30:00\u202fPM", local(2024, 3, 2, 12, 30)),
    ("2024-03-02 6:05:09 pm", local(2024, 3, 2, 18, 5, 9)),
    ("2024-03-02 18:00", local(2024, 3, 2, 18, 0)),
    ("2024-03-02T18:00:00+02:00", dt.datetime(2024, 3, 2, 16, 0, tzinfo=dt.UTC)),
    ("2 Mar 2024, 18:00", local(2024, 3, 2, 18, 0)),
    ("12 Sept 2024, 07:06", local(2024, 9, 12, 7, 6)),
])
def test_dates_as_the_apps_write_them(written, meant):
    export = STRONG_CSV.splitlines()[0] + f"\n\"{written}\",Legs,45m,Glute Bridge,1,0,10,0,0,,,\n"
    (session,) = read_tracker_csv(export.encode()).sessions
    assert session.started_at == meant


@pytest.mark.parametrize("written", ["2024-02-30 18:00:00", "2024-03-02 13:00:00 PM", "2 Mär 2024, 18:00"])
def test_a_date_that_is_no_date_is_refused_naming_the_line(written):
    export = STRONG_CSV.splitlines()[0] + f"\n\"{written}\",Legs,45m,Glute Bridge,1,0,10,0,0,,,\n"
    with pytest.raises(TrackerFileError, match=f"line 2: the date '{written}' is not one the app writes"):
        read_tracker_csv(export.encode())


def test_a_utf16_export_reads_as_the_utf8_one():
    as_utf8 = read_tracker_csv(HEVY_CSV.encode())
    as_utf16 = read_tracker_csv(HEVY_CSV.encode("utf-16"))
    assert [s.id for s in as_utf16.sessions] == [s.id for s in as_utf8.sessions]


@pytest.mark.parametrize("data, words", [
    (b"Name,Sets,Reps\nHip thrust,3,8\n", "line 1: is not a Strong or Hevy export"),
    (b"Date;Exercise;Weight\n2024-01-01;Hip thrust;100\n", "line 1: is not a Strong or Hevy export"),
    (STRONG_CSV.encode()[:-40], "line 9: has 2 columns where the first line has 12 (the file may be cut short)"),
    (HEVY_CSV.replace('"Gym at home","Lying', '"Gym à la maison","Lying').encode("latin-1"),
     "line 5: is not UTF-8 text (byte 0xe0, perhaps Latin-1 or Windows text)"),
    (STRONG_CSV.replace("2024-03-07 7:00:00\u202fAM", "07/03/2024 07:00").encode(),
     "line 8: the date '07/03/2024 07:00' is not one the app writes"),
    (HEVY_CSV.replace("26 Jul 2025, 07:06", "2025/07/26 07:06").encode(), "line 2: the date '2025/07/26 07:06'"),
    (HEVY_CSV.replace('"normal",225,6', '"normal",225,six').replace('"failure",225,6', '"failure",225,six').encode(),
     "line 4: the reps 'six' is not a number"),
    (b"", "line 1: the file is empty"),
    (STRONG_CSV.encode()[:-20] + b'"unfinished\n', "line 9"),
])
def test_a_file_that_cannot_be_read_is_refused_naming_the_line(data, words):
    with pytest.raises(TrackerFileError) as error:
        read_tracker_csv(data)
    assert words in str(error.value)


def test_importing_the_same_export_twice_adds_nothing_the_second_time(tmp_path):
    export = tmp_path / "strong.csv"
    export.write_text(STRONG_CSV, encoding="utf-8")
    store = SessionStore(tmp_path / "data")
    first = store.import_files([export])
    assert len(first.imported) == 2 and not first.problems
    assert first.notes and "left out" in first.notes[0]
    again = store.import_files([export])
    assert again.imported == [] and len(again.duplicates) == 2
    reloaded = SessionStore(tmp_path / "data").load_all()
    assert len(reloaded.sessions) == 2 and not reloaded.problems
    assert all(s.imported_from == STRONG for s in reloaded.sessions)
    assert reloaded.sessions[0].exercises[0].sets[1].rpe == 8.5


def test_a_bad_line_late_in_the_file_imports_nothing(tmp_path):
    export = tmp_path / "strong.csv"
    export.write_text(STRONG_CSV + "2024-03-09 6:00:00 PM,Lower C,1h,Hip Thrust (Barbell),1,heavy,8,0,0,,,\n",
                      encoding="utf-8")
    store = SessionStore(tmp_path / "data")
    result = store.import_files([export])
    assert result.imported == []
    (problem,) = result.problems
    assert str(problem) == "strong.csv: line 10: the weight 'heavy' is not a number. Nothing of it was imported"
    assert store.history.sessions == [] and not list(store.sessions_dir.glob("*.json"))


def test_the_load_suggestion_reads_an_imported_barbell_history():
    barbell = next(p for p in BUILTIN_PRESETS if p.variation is Variation.BARBELL)
    history = read_tracker_csv(HEVY_CSV.encode()).sessions
    (load,) = [s for s in progression.suggest(barbell, history) if s.kind is progression.SuggestionKind.ADD_LOAD]
    assert (load.load, load.unit) == (230, Unit.LB)
    assert "225 lb" in load.reason
