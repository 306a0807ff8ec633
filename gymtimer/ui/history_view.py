"""The History's session list: the table, one session's detail below it, delete with undo, export, import.

The table (:mod:`gymtimer.ui.history_table`), the detail (:mod:`gymtimer.ui.session_detail`),
the undo step (:mod:`gymtimer.ui.delete_session`) and attaching a filmed set
(:mod:`gymtimer.ui.attach_filmed_set`) are modules of their own; this view lays them out and
follows the history, the one road every change comes by.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
from collections.abc import Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFontMetrics, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gymtimer.core.history import Change, HistoryChange
from gymtimer.core.records import SessionRecord
from gymtimer.core.units import Unit
from gymtimer.store.atomic import SaveError
from gymtimer.store.export import export_csv
from gymtimer.store.fit_export import export_fit
from gymtimer.store.sessions import ImportResult, LoadResult, Problem, SessionStore
from gymtimer.ui.attach_filmed_set import FilmedSetAttacher
from gymtimer.ui.delete_session import DeleteSession
from gymtimer.ui.following import until_destroyed
from gymtimer.ui.history_table import COLUMNS, SORT_ROLE, Column, SessionTableModel
from gymtimer.ui.session_detail import SessionDetailView

EMPTY_SESSIONS_MESSAGE = (
    "No sessions yet.\n\nEvery workout you finish is listed here, with its sets, reps and times."
)


class HistoryView(QWidget):
    """Every session, newest first: sort, open, edit notes and RPE, attach a filmed set, delete with undo, export, import."""

    def __init__(self, store: SessionStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.filming = FilmedSetAttacher(self)
        self.filming.busy_changed.connect(self._update_buttons)
        self.undo_stack = QUndoStack(self)
        self.table_model = SessionTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.table_model)
        self.proxy.setSortRole(SORT_ROLE)

        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Fixed row heights and column widths: measuring 2,600 rows' contents would cost seconds.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.PRESET, QHeaderView.ResizeMode.Stretch)  # the room left goes to names
        self._size_columns()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.DATE, Qt.SortOrder.DescendingOrder)

        self.detail = SessionDetailView()
        self.detail.session_edited.connect(self._save_edit)

        self.export_all_button = QPushButton("All to CSV…")
        self.export_selected_button = QPushButton("Selected to CSV…")
        self.export_fit_button = QPushButton("To FIT (Garmin)…")
        self.export_fit_button.setToolTip("FIT activity files for Garmin Connect and the apps that read FIT: "
                                          "the selected sessions, or the sessions between two dates")
        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip("Import GymTimer session files (.json), or a Strong or Hevy export (.csv)")
        self.export_all_button.setToolTip("Export every session to CSV, one row per set")
        self.export_selected_button.setToolTip("Export the selected sessions to CSV, one row per set")
        #: The unit assumed for a tracker's export that does not say its own (the page's unit).
        self.unit = Unit.KG
        self.delete_button = QPushButton("Delete")
        self.undo_button = QPushButton("Undo")
        self.attach_button = self.detail.attach_button
        self.attach_button.clicked.connect(self.filming.ask_and_attach)
        self.watch_button = self.detail.watch_button
        self.watch_button.clicked.connect(self.filming.ask_and_watch)
        self.export_all_button.clicked.connect(lambda: self._ask_and_export(selected_only=False))
        self.export_selected_button.clicked.connect(lambda: self._ask_and_export(selected_only=True))
        self.export_fit_button.clicked.connect(self._ask_and_export_fit)
        self.import_button.clicked.connect(self._ask_and_import)
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.undo_action = self.undo_stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.undo_action)
        self.table.installEventFilter(self)

        # The buttons get a widget of their own: a parentless QHBoxLayout handed to addLayout()
        # made PySide delete it twice when the view was destroyed ("shared QObject was deleted").
        button_row = QWidget(self)
        buttons = QHBoxLayout(button_row)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.export_all_button, self.export_selected_button, self.export_fit_button, self.import_button,
                       self.delete_button, self.undo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        splitter = self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problems)
        layout.addWidget(button_row)
        layout.addWidget(splitter, 1)
        self.empty_message = QLabel(EMPTY_SESSIONS_MESSAGE)
        self.empty_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_message.setWordWrap(True)
        font = self.empty_message.font()
        font.setPointSize(max(font.pointSize(), 16))
        self.empty_message.setFont(font)
        layout.addWidget(self.empty_message, 1)
        layout.addWidget(self.status)

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.detail.tree.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.table_model.set_sessions(store.history.sessions)
        until_destroyed(self, store.history.subscribe(self._history_changed))
        self._update_buttons()

    # ------------------------------------------------------------------ filling

    def _size_columns(self) -> None:
        """Widths from the font: a column's title or the widest text its cells show, whichever is wider."""
        metrics = QFontMetrics(self.table.font())
        header = self.table.horizontalHeader()
        for column in Column:
            spec = COLUMNS[column]
            widest = max(metrics.horizontalAdvance(spec.title), metrics.horizontalAdvance(spec.widest))
            header.resizeSection(column, widest + 28)  # the cell's margins and the sort arrow

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # e.g. the window's larger font, once it is placed in it
            self._size_columns()

    def show_history(self, result: LoadResult) -> None:
        """Show what :meth:`SessionStore.load_all` found, and name every file it set aside."""
        self.store.history.reset(result.sessions)  # the same sessions as the store's: nothing to redo
        self.show_problems(result.set_aside or result.problems)
        self.detail.show_session(None)
        self._update_buttons()

    def _history_changed(self, change: HistoryChange) -> None:
        """The table follows the history: a delete, an undo, an import or a new session shows at once."""
        if change.kind is Change.RESET:  # read again: what was picked stays picked, if it is still there
            picked = [session.id for session in self.selected_sessions()]
            self.table_model.set_sessions(self.store.history.sessions)
            self.detail.show_session(None)
            for session_id in picked:
                self._select(session_id, keep=True)
        elif change.kind is Change.ADDED:
            self.table_model.add_session(change.session)
        elif change.kind is Change.REMOVED:
            self.table_model.remove_session(change.session.id)
        else:
            self.table_model.refresh(change.session)
        self._update_buttons()

    def reload(self) -> LoadResult:
        """Read the data folder again (after a workout, say) and show it."""
        result = self.store.load_all()
        self.show_history(result)
        return result

    def show_problems(self, problems: Sequence[Problem]) -> None:
        if not problems:
            self.problems.hide()
            return
        folder = self.store.quarantine_dir
        lines = "".join(f"<li><b>{_escape(p.name)}</b>: {_escape(p.message)}</li>" for p in problems)
        self.problems.setText(
            f"{len(problems)} file{'s' if len(problems) != 1 else ''} could not be read and "
            f"{'were' if len(problems) != 1 else 'was'} set aside, untouched, in {_escape(str(folder))}:"
            f"<ul>{lines}</ul>"
        )
        self.problems.show()

    # ------------------------------------------------------------------ selection

    def selected_sessions(self) -> list[SessionRecord]:
        rows = self.table.selectionModel().selectedRows()
        sources = sorted(self.proxy.mapToSource(index).row() for index in rows)
        return [self.table_model.session_at(row) for row in sources]

    def select_session(self, session_id: str) -> None:
        self._select(session_id)

    def _select(self, session_id: str, keep: bool = False) -> None:
        row = self.table_model.row_of(session_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.table_model.index(row, 0))
        how = QItemSelectionModel.SelectionFlag.Select if keep else QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.table.selectionModel().select(index, how | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _selection_changed(self, *_args) -> None:
        chosen = self.selected_sessions()
        self.detail.show_session(chosen[0] if len(chosen) == 1 else None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.delete_button.setEnabled(chosen)
        self.export_selected_button.setEnabled(chosen)
        self.export_all_button.setEnabled(self.table_model.rowCount() > 0)
        self.export_fit_button.setEnabled(self.table_model.rowCount() > 0)
        self.attach_button.setEnabled(self.detail.selected_set() is not None and self.filming.analysis is None)
        chosen_set = self.detail.selected_set()
        self.watch_button.setEnabled(chosen_set is not None and chosen_set.measured is not None)
        # An empty table says why it is empty instead of showing bare column titles.
        empty = self.table_model.rowCount() == 0
        self.empty_message.setVisible(empty)
        self.splitter.setVisible(not empty)

    def eventFilter(self, watched, event):
        if watched is self.table and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Delete:
            self.delete_selected()
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ actions

    def delete_selected(self) -> None:
        """Move the selected sessions to the trash; each delete can be undone."""
        chosen = self.selected_sessions()
        if len(chosen) > 1:
            self.undo_stack.beginMacro(f"Delete {len(chosen)} sessions")
        for session in chosen:
            self.undo_stack.push(DeleteSession(self, session))
        if len(chosen) > 1:
            self.undo_stack.endMacro()
        self._update_buttons()

    def export_csv(self, path: str | Path, *, selected_only: bool = False) -> int:
        """Write one row per set of all (or the selected) sessions; returns the rows written."""
        sessions = self.selected_sessions() if selected_only else self.table_model.sessions
        sessions.sort(key=lambda s: s.started_at)
        try:
            rows = export_csv(sessions, path)
        except SaveError as error:
            self.show_message(str(error))
            return 0
        with_sets = sum(1 for s in sessions if any(e.sets for e in s.exercises))
        message = f"Exported {_count(rows, 'set')} of {_count(with_sets, 'session')} to {path}."
        if with_sets < len(sessions):
            without = len(sessions) - with_sets
            message += f" {_count(without, 'other session')} had no sets."
        self.show_message(message)
        return rows

    def export_fit(
        self, folder: str | Path, *, first: dt.date | None = None, last: dt.date | None = None,
        selected_only: bool = False,
    ) -> list[Path]:
        """One FIT activity file per session (the selected ones, or those from ``first`` to ``last``)."""
        sessions = self.selected_sessions() if selected_only else self.table_model.sessions
        sessions = [s for s in sessions if _on_or_between(s.started_at.astimezone().date(), first, last)]
        sessions.sort(key=lambda s: s.started_at)
        try:
            written = export_fit(sessions, folder)
        except SaveError as error:
            self.show_message(str(error))
            return []
        message = f"Exported {_count(len(written), 'FIT file')} to {folder}."
        if len(written) < len(sessions):
            message += f" {_count(len(sessions) - len(written), 'other session')} had no sets."
        self.show_message(message)
        return written

    def import_files(self, files: Sequence[str | Path]) -> ImportResult:
        """Copy session files (or a Strong or Hevy export) into the history; ones already there are skipped,
        bad ones named."""
        result = self.store.import_files(files, known_ids=self.store.history.ids(), unit=self.unit)
        parts = [f"Imported {len(result.imported)} session{'s' if len(result.imported) != 1 else ''}."]
        if result.duplicates:
            parts.append(f"{len(result.duplicates)} already in the history, skipped.")
        parts.extend(result.notes)
        if result.problems:
            parts.append("Not imported: " + "; ".join(str(p) for p in result.problems))
        self.show_message(" ".join(parts))
        self._update_buttons()
        return result

    def show_message(self, message: str) -> None:
        self.status.setText(message)

    def _save_edit(self, session: SessionRecord) -> None:
        try:
            self.store.save(session)  # the history announces the change: the table and the charts follow
        except SaveError as error:
            self.store.history.replace(session)  # changed in memory all the same: announced the one way
            self.show_message(f"{error}. The change is kept on screen; edit again to retry.")
            return
        self.show_message("Saved.")

    # File dialogs are modal: kept thin so that tests call export_csv/import_files directly.
    def _ask_and_export(self, *, selected_only: bool) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export sets to CSV", str(Path.home() / "gymtimer-sets.csv"),
                                              "CSV files (*.csv)")
        if path:
            self.export_csv(path, selected_only=selected_only)

    def _ask_and_import(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import sessions", str(Path.home()),
            "Sessions and workout exports (*.json *.csv);;GymTimer sessions (*.json);;Strong or Hevy export (*.csv)",
        )
        if files:
            with _busy():  # years of a tracker's history are thousands of files to write
                self.import_files(files)

    def _ask_and_export_fit(self) -> None:
        chosen = self.selected_sessions()
        dialog = FitRangeDialog(chosen or self.table_model.sessions, bool(chosen), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        folder = QFileDialog.getExistingDirectory(self, "Export FIT files to", str(Path.home()))
        if folder:
            first, last = dialog.dates()
            with _busy():
                self.export_fit(folder, first=first, last=last, selected_only=dialog.selected_only)


class FitRangeDialog(QDialog):
    """Which sessions go to FIT: the ones selected, or those between two dates (the selection's, at first)."""

    def __init__(self, sessions: Sequence[SessionRecord], selected: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export to FIT")
        self.selected_only = selected
        days = [s.started_at.astimezone().date() for s in sessions] or [dt.date.today()]
        self.first = QDateEdit(min(days))
        self.last = QDateEdit(max(days))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout(self)
        what = "the selected sessions" if selected else "every session"
        form.addRow(QLabel(f"One FIT activity file per session: {what} from"))
        form.addRow("From", self.first)
        form.addRow("To", self.last)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def dates(self) -> tuple[dt.date, dt.date]:
        first, last = self.first.date().toPython(), self.last.date().toPython()
        return (first, last) if first <= last else (last, first)


@contextlib.contextmanager
def _busy() -> Iterator[None]:
    """The wait cursor while a long import or export runs."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def _on_or_between(day: dt.date, first: dt.date | None, last: dt.date | None) -> bool:
    return (first is None or day >= first) and (last is None or day <= last)


def _count(number: int, word: str) -> str:
    """'1 set', '4 sets'."""
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _escape(text: str) -> str:
    return html.escape(text)
