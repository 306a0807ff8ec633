"""The history page: the table, sorting, the detail view, edits, delete with undo, export, import, set-aside files."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from gymtimer.core.plan import Laterality, Side
from gymtimer.core.records import SessionRecord
from gymtimer.store import session_files
from gymtimer.store.sessions import SessionStore
from gymtimer.ui.history_table import Column
from gymtimer.ui.history_view import HistoryView
from gymtimer.ui.session_detail import SetColumn
from tests.helpers.lifted import START, lifted_session


@pytest.fixture
def sessions():
    light = lifted_session(START, sets=3, reps=5, load=60)
    heavy = lifted_session(START + dt.timedelta(days=2), sets=2, reps=3, load=140)
    one_leg = lifted_session(START + dt.timedelta(days=4), laterality=Laterality.PER_LEG, sets=2, reps=6, load=40)
    one_leg.interrupted = True
    return [light, heavy, one_leg]


@pytest.fixture
def store(sessions) -> SessionStore:
    store = SessionStore()
    store.sessions_dir.mkdir(parents=True)
    for session in sessions:
        (store.sessions_dir / session_files.file_name(session)).write_bytes(session_files.encode(session))
    return store


@pytest.fixture
def view(qtbot, store) -> HistoryView:
    view = HistoryView(store)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.reload()
    view.show()
    qtbot.waitExposed(view)
    return view


def _mixed_session(started_at: dt.datetime) -> SessionRecord:
    """A two-leg set of 4 reps, then a one-leg exercise stopped after a single rep on the right."""
    session = lifted_session(started_at, sets=1, reps=4, load=80)
    one_leg = lifted_session(started_at, laterality=Laterality.PER_LEG, sets=1, reps=1, load=20).exercises[0]
    one_leg.sets = [record for record in one_leg.sets if record.side is Side.RIGHT]
    session.exercises.append(one_leg)
    return session


def _view_of(qtbot, sessions: list[SessionRecord]) -> HistoryView:
    store = SessionStore()
    store.sessions_dir.mkdir(parents=True)
    for session in sessions:
        (store.sessions_dir / session_files.file_name(session)).write_bytes(session_files.encode(session))
    view = HistoryView(store)
    qtbot.addWidget(view)
    view.reload()
    return view


def _column(view: HistoryView, column: Column) -> list[str]:
    return [view.proxy.index(row, column).data() for row in range(view.proxy.rowCount())]


def _click_row(qtbot, view: HistoryView, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    rect = view.table.visualRect(view.proxy.index(row, Column.PRESET))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _click_header(qtbot, view: HistoryView, column: Column) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_the_table_shows_every_session_newest_first_with_its_figures(view, sessions):
    assert view.proxy.rowCount() == 3
    assert _column(view, Column.DATE)[0] == f"{sessions[2].started_at.astimezone():%Y-%m-%d %H:%M}"
    assert _column(view, Column.REPS) == ["L 12 / R 12", "6", "15"]
    assert _column(view, Column.SETS) == ["2", "2", "3"]
    assert _column(view, Column.TOP_LOAD) == ["40 kg", "140 kg", "60 kg"]
    assert _column(view, Column.VOLUME) == ["960 kg", "840 kg", "900 kg"]
    assert _column(view, Column.TENSION)[2] == "1:00"  # 15 reps of 4 s
    assert _column(view, Column.INTERRUPTED) == ["interrupted", "", ""]


def test_a_session_of_two_leg_and_one_leg_work_counts_every_rep(qtbot):
    view = _view_of(qtbot, [_mixed_session(START)])
    assert _column(view, Column.REPS) == ["4 + L 0 / R 1"]
    reps = view.proxy.index(0, Column.REPS)
    assert reps.data(Qt.ItemDataRole.ToolTipRole) == (
        "5 reps: 4 with both legs, 0 with the left leg and 1 with the right leg"
    )
    assert view.table_model.row_at(0).reps_total == 5  # what the column sorts by


def test_the_export_message_counts_only_sessions_that_had_sets(qtbot, tmp_path):
    empty = lifted_session(START + dt.timedelta(days=1))
    empty.exercises[0].sets.clear()  # closed before the first set
    view = _view_of(qtbot, [_mixed_session(START), empty])
    assert view.export_csv(tmp_path / "all.csv") == 2
    target = tmp_path / "all.csv"
    assert view.status.text() == f"Exported 2 sets of 1 session to {target}. 1 other session had no sets."
    with open(tmp_path / "all.csv", encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert [(r["reps_done"], r["reps_left"], r["reps_right"], r["interrupted"]) for r in table] == [
        ("4", "0", "0", "false"), ("1", "0", "1", "false"),
    ]


def test_clicking_a_header_sorts_by_the_number_not_the_text(qtbot, view):
    _click_header(qtbot, view, Column.TOP_LOAD)
    first = _column(view, Column.TOP_LOAD)
    _click_header(qtbot, view, Column.TOP_LOAD)
    assert sorted([first, _column(view, Column.TOP_LOAD)]) == [["140 kg", "60 kg", "40 kg"], ["40 kg", "60 kg", "140 kg"]]


def test_a_session_opens_in_a_detail_view_of_its_sets_and_reps(qtbot, view):
    _click_row(qtbot, view, 0)
    model = view.detail.model
    assert model.rowCount() == 4  # two sets, each on the left then the right leg
    assert model.index(0, SetColumn.WHAT).data() == "Set 1 · left"
    assert model.index(0, SetColumn.REPS).data() == "6 / 6"
    set_index = model.index(0, 0)
    assert model.rowCount(set_index) == 6
    assert model.index(0, SetColumn.PHASES, set_index).data() == "1.0 · 1.0 · 2.0 · –"
    assert "interrupted" in view.detail.heading.text()


def test_rpe_and_note_edited_afterwards_are_saved_to_the_file(qtbot, view, store, sessions):
    _click_row(qtbot, view, 2)  # the oldest
    model = view.detail.model
    model.setData(model.index(1, SetColumn.RPE), "8,5")
    model.setData(model.index(1, SetColumn.NOTE), "grindy last rep")
    [saved] = [s for s in SessionStore(store.data_dir).load_all().sessions if s.id == sessions[0].id]
    assert (saved.exercises[0].sets[1].rpe, saved.exercises[0].sets[1].note) == (8.5, "grindy last rep")
    assert model.index(1, SetColumn.RPE).data() == "8.5"


def test_an_rpe_that_is_not_1_to_10_is_refused_with_a_message_and_not_saved(qtbot, view, store, sessions):
    _click_row(qtbot, view, 2)
    model = view.detail.model
    model.setData(model.index(0, SetColumn.RPE), "11")
    assert "RPE is a number from 1 to 10" in view.detail.message.text()
    assert model.index(0, SetColumn.RPE).data() == ""
    [saved] = [s for s in SessionStore(store.data_dir).load_all().sessions if s.id == sessions[0].id]
    assert saved.exercises[0].sets[0].rpe is None


def test_only_rpe_and_note_can_be_edited(qtbot, view):
    _click_row(qtbot, view, 0)
    model = view.detail.model
    editable = [c for c in SetColumn if model.index(0, c).flags() & Qt.ItemFlag.ItemIsEditable]
    assert editable == [SetColumn.RPE, SetColumn.NOTE]


def test_delete_moves_the_session_to_the_trash_and_undo_brings_it_back(qtbot, view, store, sessions):
    _click_row(qtbot, view, 1)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert view.proxy.rowCount() == 2
    assert sessions[1].id not in [s.id for s in SessionStore(store.data_dir).load_all().sessions]
    assert len(list(store.trash_dir.iterdir())) == 1
    assert "trash" in view.status.text()

    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.proxy.rowCount() == 3
    assert sessions[1].id in [s.id for s in SessionStore(store.data_dir).load_all().sessions]
    assert list(store.trash_dir.iterdir()) == []
    assert [s.id for s in view.selected_sessions()] == [sessions[1].id]


def test_export_writes_one_row_per_set_of_all_or_the_selected_sessions(qtbot, view, tmp_path):
    assert view.export_csv(tmp_path / "all.csv") == 4 + 2 + 3
    _click_row(qtbot, view, 1)
    _click_row(qtbot, view, 2, Qt.KeyboardModifier.ControlModifier)
    assert view.export_csv(tmp_path / "some.csv", selected_only=True) == 2 + 3
    with open(tmp_path / "some.csv", encoding="utf-8-sig", newline="") as handle:
        assert [row["load"] for row in csv.DictReader(handle)] == ["60", "60", "60", "140", "140"]
    assert "Exported 5 sets of 2 sessions" in view.status.text()


def test_the_export_button_asks_where_and_writes_there(qtbot, view, tmp_path, monkeypatch):
    # The save dialog is modal and native-looking: replaced here by its answer.
    target = tmp_path / "picked.csv"
    monkeypatch.setattr("gymtimer.ui.history_view.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(view.export_all_button, Qt.MouseButton.LeftButton)
    assert target.read_text(encoding="utf-8-sig").count("\n") == 1 + 9


def test_import_adds_new_sessions_and_skips_those_already_in_the_history(qtbot, view, sessions, tmp_path):
    newcomer = lifted_session(START + dt.timedelta(days=9), load=90)
    files = []
    for session in (sessions[0], newcomer):
        files.append(tmp_path / session_files.file_name(session))
        files[-1].write_bytes(session_files.encode(session))
    result = view.import_files(files)
    assert [s.id for s in result.imported] == [newcomer.id]
    assert view.proxy.rowCount() == 4
    assert "Imported 1 session. 1 already in the history, skipped." == view.status.text()
    view.import_files(files)
    assert view.proxy.rowCount() == 4


def test_files_set_aside_are_named_above_the_table(qtbot, store):
    (store.sessions_dir / "2026-01-01T10-00-00Z_broken.json").write_bytes(b'{"schema_version": 1, "id": ')
    view = HistoryView(store)
    qtbot.addWidget(view)
    view.reload()
    assert view.problems.isVisibleTo(view)
    assert "2026-01-01T10-00-00Z_broken.json" in view.problems.text()
    assert "not readable JSON" in view.problems.text()
    assert view.proxy.rowCount() == 3


def test_every_column_is_wide_enough_for_its_title_and_its_dates(view):
    from PySide6.QtGui import QFontMetrics

    from gymtimer.ui.history_table import Column

    font = view.font()
    font.setPixelSize(16)  # as the main window's, which reaches the view once it is placed in the window
    view.setFont(font)
    metrics = QFontMetrics(view.table.font())
    assert metrics.height() >= 16
    header = view.table.horizontalHeader()
    for column in Column:
        assert header.sectionSize(column) > metrics.horizontalAdvance(column.title), column.title
    model = view.table.model()
    for row in range(model.rowCount()):
        date = model.index(row, Column.DATE).data()
        assert header.sectionSize(Column.DATE) > metrics.horizontalAdvance(date) + 8, date


def test_an_edit_that_could_not_be_saved_is_announced_by_the_history_all_the_same(qtbot, view, store, tmp_path):
    """The page, the table and the charts hear of edits one way, from the history, saved or not."""
    from gymtimer.core.history import Change

    _click_row(qtbot, view, 2)
    heard = []
    store.history.subscribe(heard.append)
    store.sessions_dir.rename(tmp_path / "elsewhere")
    store.sessions_dir.write_text("a file where the sessions folder was")  # nothing can be saved there
    model = view.detail.model
    model.setData(model.index(1, SetColumn.RPE), "9")
    assert "edit again to retry" in view.status.text()
    assert [change.kind for change in heard] == [Change.REPLACED]
    assert heard[0].session.exercises[0].sets[1].rpe == 9.0


STRONG_EXPORT = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
    "2024-03-02 18:00:00,Lower A,1h 5m,Hip Thrust (Barbell),1,100,8,0,0,pause at top,,7\n"
    "2024-03-02 18:00:00,Lower A,1h 5m,Hip Thrust (Barbell),2,100,7,0,0,,,9\n"
    "2024-03-02 18:00:00,Lower A,1h 5m,Squat (Barbell),1,80,5,0,0,,,\n"
)


def test_a_strong_export_imports_once_and_its_session_opens_without_rep_times(qtbot, view, tmp_path):
    export = tmp_path / "strong_workouts.csv"
    export.write_text(STRONG_EXPORT, encoding="utf-8")
    result = view.import_files([export])
    assert len(result.imported) == 1
    assert view.status.text().startswith("Imported 1 session. strong_workouts.csv (Strong): 1 set of 1 other exercise")
    assert view.proxy.rowCount() == 4
    (imported,) = result.imported
    row = view.proxy.mapFromSource(view.table_model.index(view.table_model.row_of(imported.id), 0)).row()
    assert view.proxy.index(row, Column.INTERRUPTED).data() == "from Strong"
    assert view.proxy.index(row, Column.TENSION).data() == "—"
    assert view.proxy.index(row, Column.REPS).data() == "15"
    view.select_session(imported.id)
    assert "imported from Strong" in view.detail.heading.text()
    model = view.detail.model
    assert model.rowCount() == 2
    assert model.index(0, SetColumn.REPS).data() == "8 / 8"
    assert model.index(1, SetColumn.RPE).data() == "9"
    assert model.index(0, SetColumn.TENSION).data() == ""  # never timed: no 0:00 of tension
    assert model.rowCount(model.index(0, 0)) == 0  # no rep rows of empty phase times
    view.import_files([export])
    assert view.proxy.rowCount() == 4
    assert view.status.text().startswith("Imported 0 sessions. 1 already in the history, skipped.")


def test_a_bad_export_is_named_with_its_line_and_adds_nothing(qtbot, view, tmp_path):
    export = tmp_path / "hevy.csv"
    export.write_text(STRONG_EXPORT.replace("2024-03-02 18:00:00,Lower A,1h 5m,Squat", "02/03/2024,Lower A,1h 5m,Squat"),
                      encoding="utf-8")
    view.import_files([export])
    assert view.proxy.rowCount() == 3
    assert "hevy.csv: line 4: the date '02/03/2024' is not one the app writes" in view.status.text()
    assert "Nothing of it was imported" in view.status.text()


def test_fit_export_of_a_date_range_writes_one_decodable_file_per_session(qtbot, view, sessions, tmp_path):
    from garmin_fit_sdk import Decoder, Stream

    out = tmp_path / "fit"
    out.mkdir()
    day = START.astimezone().date()
    written = view.export_fit(out, first=day + dt.timedelta(days=1), last=day + dt.timedelta(days=4))
    assert len(written) == 2  # the sessions of the third and fifth days
    assert view.status.text() == f"Exported 2 FIT files to {out}."
    for path in written:
        messages, errors = Decoder(Stream.from_byte_array(bytearray(path.read_bytes()))).read()
        assert errors == [] and messages["session_mesgs"][0]["sub_sport"] == "strength_training"
    _click_row(qtbot, view, 0)
    assert len(view.export_fit(out, selected_only=True)) == 1


def test_the_fit_dialog_starts_on_the_selections_dates_and_orders_a_reversed_range(qtbot, sessions):
    from gymtimer.ui.history_view import FitRangeDialog

    dialog = FitRangeDialog(sessions[:2], True)
    qtbot.addWidget(dialog)
    day = START.astimezone().date()
    assert dialog.selected_only
    assert dialog.dates() == (day, day + dt.timedelta(days=2))
    dialog.first.setDate(day + dt.timedelta(days=9))
    assert dialog.dates() == (day + dt.timedelta(days=2), day + dt.timedelta(days=9))
