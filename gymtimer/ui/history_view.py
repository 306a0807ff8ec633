"""The history page: every session in a sortable table, its sets and reps in detail, edits, export, import."""

from __future__ import annotations

import datetime as dt
import enum
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QKeySequence,
    QStandardItem,
    QStandardItemModel,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from gymtimer.core.durations import clock, hours_minutes
from gymtimer.core.history import Change, HistoryChange
from gymtimer.core.plan import Side
from gymtimer.core.records import Box, MeasuredSet, SessionRecord, SetRecord
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.tempo import REP_PHASES
from gymtimer.core.units import Unit, convert, format_load
from gymtimer.store.atomic import SaveError
from gymtimer.store.export import export_csv
from gymtimer.store.sessions import ImportResult, LoadResult, Problem, SessionStore
from gymtimer.ui.filmed_set import AnalysisThread, BoxDialog, VideoProblem, first_frame, flags_text, stated_length
from gymtimer.ui.following import until_destroyed

#: The role the proxy sorts by: numbers and times, not their text.
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
# Plain ints: data() is called tens of thousands of times while sorting, and enum compares are slow.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class Column(enum.IntEnum):
    """The columns of the session table, in order."""

    DATE = 0
    PRESET = enum.auto()
    SETS = enum.auto()
    REPS = enum.auto()
    TOP_LOAD = enum.auto()
    VOLUME = enum.auto()
    TENSION = enum.auto()
    DURATION = enum.auto()
    INTERRUPTED = enum.auto()

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    Column.DATE: "Date",
    Column.PRESET: "Preset",
    Column.SETS: "Sets",
    Column.REPS: "Reps (both + L / R)",
    Column.TOP_LOAD: "Top load",
    Column.VOLUME: "Volume",
    Column.TENSION: "Time under tension",
    Column.DURATION: "Duration",
    Column.INTERRUPTED: "",
}
#: The widest text each column usually shows (its width is set from these, not from 2,600 rows).
_WIDEST = {
    Column.DATE: "2026-12-31 23:59",
    Column.PRESET: "Eccentric single-leg hip thrust",
    Column.REPS: "18 + L 18 / R 18",
    Column.TOP_LOAD: "152.5 kg",
    Column.VOLUME: "12,345 kg",
    Column.TENSION: "12:30",
    Column.DURATION: "1 h 05 min",
    Column.INTERRUPTED: "interrupted",
}
_NUMERIC = {Column.SETS, Column.REPS, Column.TOP_LOAD, Column.VOLUME, Column.TENSION, Column.DURATION}


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One row of the table: what a lifter scans a history for."""

    started: dt.datetime  #: local time
    preset: str
    sets: int
    reps_total: int
    reps_left: int
    reps_right: int
    one_leg: bool
    top_load_kg: float
    top_load_text: str
    volume_kg: float
    volume_text: str
    tension_seconds: float
    duration_seconds: float
    interrupted: bool

    @classmethod
    def of(cls, session: SessionRecord) -> SessionSummary:
        names: list[str] = []
        sets = reps_left = reps_right = reps_total = 0
        one_leg = False
        top_kg, top_text = 0.0, "—"
        volume_kg, tension = 0.0, 0.0
        shown_unit: Unit | None = None
        for exercise in session.exercises:
            if exercise.preset_name not in names:
                names.append(exercise.preset_name)
            one_leg = one_leg or exercise.plan.one_leg
            sets += exercise.set_count
            for record in exercise.sets:
                shown_unit = shown_unit or record.unit
                done = left = right = 0
                for rep in record.reps:
                    if not rep.failed:
                        done += 1
                        left += rep.side is Side.LEFT
                        right += rep.side is Side.RIGHT
                    if rep.ended is not None and rep.phases:
                        tension += rep.tension_seconds  # pauses left out
                reps_total += done
                reps_left += left
                reps_right += right
                load_kg = convert(record.load, record.unit, Unit.KG)
                volume_kg += load_kg * done
                if done and load_kg > top_kg:
                    top_kg, top_text = load_kg, format_load(record.load, record.unit)
        unit = shown_unit or Unit.KG
        volume = convert(volume_kg, Unit.KG, unit)
        return cls(
            started=session.started_at.astimezone(),
            preset=" + ".join(names) or "—",
            sets=sets,
            reps_total=reps_total,
            reps_left=reps_left,
            reps_right=reps_right,
            one_leg=one_leg,
            top_load_kg=top_kg,
            top_load_text=top_text,
            volume_kg=volume_kg,
            volume_text=f"{volume:,.0f} {unit.value}" if volume_kg else "—",
            tension_seconds=tension,
            duration_seconds=session.duration_seconds,
            interrupted=session.interrupted,
        )

    @property
    def reps_both(self) -> int:
        """Good reps done with both legs at once (the rest were done on one leg)."""
        return self.reps_total - self.reps_left - self.reps_right

    def reps_text(self) -> str:
        """'15' for two-leg work, 'L 12 / R 12' for one-leg work, '4 + L 0 / R 1' for both in one session."""
        if not self.one_leg:
            return str(self.reps_total)
        one_leg = f"L {self.reps_left} / R {self.reps_right}"
        return f"{self.reps_both} + {one_leg}" if self.reps_both else one_leg

    def reps_tip(self) -> str:
        """The reps column in words, for a session that mixes two-leg and one-leg work."""
        if not (self.one_leg and self.reps_both):
            return ""
        return (
            f"{self.reps_total} reps: {self.reps_both} with both legs, "
            f"{self.reps_left} with the left leg and {self.reps_right} with the right leg"
        )

    def text(self, column: Column) -> str:
        if column is Column.DATE:
            return f"{self.started:%Y-%m-%d %H:%M}"
        if column is Column.PRESET:
            return self.preset
        if column is Column.SETS:
            return str(self.sets)
        if column is Column.REPS:
            return self.reps_text()
        if column is Column.TOP_LOAD:
            return self.top_load_text
        if column is Column.VOLUME:
            return self.volume_text
        if column is Column.TENSION:
            return clock(self.tension_seconds)
        if column is Column.DURATION:
            return hours_minutes(self.duration_seconds)
        return "interrupted" if self.interrupted else ""

    def sort_keys(self) -> tuple[float | str, ...]:
        """What each column sorts by, in column order."""
        return (
            self.started.timestamp(),
            self.preset.casefold(),
            self.sets,
            self.reps_total,
            self.top_load_kg,
            self.volume_kg,
            self.tension_seconds,
            self.duration_seconds,
            int(self.interrupted),
        )

    def texts(self) -> tuple[str, ...]:
        """What each column shows, in column order."""
        return tuple(self.text(column) for column in Column)


class SessionTableModel(QAbstractTableModel):
    """The sessions, one row each, oldest first; the view's proxy sorts them."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._sessions: list[SessionRecord] = []
        self._summaries: list[SessionSummary] = []
        self._keys: list[tuple[float | str, ...]] = []
        self._texts: list[tuple[str, ...] | None] = []  # filled as rows come into sight

    def set_sessions(self, sessions: Sequence[SessionRecord]) -> None:
        self.beginResetModel()
        self._sessions = list(sessions)
        self._summaries = [SessionSummary.of(s) for s in self._sessions]
        self._keys = [summary.sort_keys() for summary in self._summaries]
        self._texts = [None] * len(self._sessions)
        self.endResetModel()

    @property
    def sessions(self) -> list[SessionRecord]:
        return list(self._sessions)

    def session_at(self, row: int) -> SessionRecord:
        return self._sessions[row]

    def summary_at(self, row: int) -> SessionSummary:
        return self._summaries[row]

    def row_of(self, session_id: str) -> int:
        for row, session in enumerate(self._sessions):
            if session.id == session_id:
                return row
        return -1

    def add_session(self, session: SessionRecord) -> None:
        row = len(self._sessions)
        self.beginInsertRows(QModelIndex(), row, row)
        summary = SessionSummary.of(session)
        self._sessions.append(session)
        self._summaries.append(summary)
        self._keys.append(summary.sort_keys())
        self._texts.append(None)
        self.endInsertRows()

    def remove_session(self, session_id: str) -> None:
        row = self.row_of(session_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        for rows in (self._sessions, self._summaries, self._keys, self._texts):
            del rows[row]
        self.endRemoveRows()

    def refresh(self, session_id: str) -> None:
        """The session was edited: recompute its row."""
        row = self.row_of(session_id)
        if row >= 0:
            summary = SessionSummary.of(self._sessions[row])
            self._summaries[row], self._keys[row], self._texts[row] = summary, summary.sort_keys(), None
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    # Qt's model interface ------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._sessions)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def data(self, index, role=_DISPLAY):
        role = int(role)
        if role == SORT_ROLE:
            return self._keys[index.row()][index.column()]
        if role == _DISPLAY:
            row = index.row()
            texts = self._texts[row]
            if texts is None:
                texts = self._texts[row] = self._summaries[row].texts()
            return texts[index.column()]
        if role == _ALIGN and index.column() in _NUMERIC:
            return _RIGHT
        if role == _TOOLTIP and index.column() == Column.INTERRUPTED and self._summaries[index.row()].interrupted:
            return "The program stopped during this session; it was closed at its last rep."
        if role == _TOOLTIP and index.column() == Column.REPS:
            return self._summaries[index.row()].reps_tip() or None
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return Column(section).title
        return None


class SetColumn(enum.IntEnum):
    """Columns of the detail view: a set per row, its reps below it."""

    WHAT = 0
    LOAD = enum.auto()
    REPS = enum.auto()
    FAILED = enum.auto()
    TENSION = enum.auto()
    PHASES = enum.auto()
    REST = enum.auto()
    RPE = enum.auto()
    NOTE = enum.auto()


_SET_TITLES = ("Set / rep", "Load", "Reps", "Failed", "Under tension", "Lift · squeeze · lower · bottom (s)",
               "Rest", "RPE", "Note")
_EDITABLE = (SetColumn.RPE, SetColumn.NOTE)
_SET_ROLE = Qt.ItemDataRole.UserRole + 2
#: Filmed reps that were short or lowered too fast (a dark vermilion, readable on white).
FLAG_TEXT_COLOUR = "#B04A00"
#: What the video picker offers (any file can still be picked).
VIDEO_FILTER = "Videos (*.mp4 *.mov *.m4v *.avi *.mkv *.webm *.3gp);;All files (*)"


class SessionDetailView(QWidget):
    """One session's sets and reps; RPE and note of each set can be edited afterwards."""

    #: The lifter changed a set's RPE or note; the session is already updated in memory.
    session_edited = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: SessionRecord | None = None
        self.heading = QLabel("Pick a session to see its sets and reps.")
        self.heading.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(list(_SET_TITLES))
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.attach_button = QPushButton("Attach a filmed set…")
        self.attach_button.setToolTip("Measure the reps of a video of the chosen set and keep them with it")
        top = QWidget(self)  # a widget of its own: see the button row of HistoryView
        top_row = QHBoxLayout(top)
        top_row.setContentsMargins(0, 0, 0, 0)
        top_row.addWidget(self.heading, 1)
        top_row.addWidget(self.attach_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(top)
        layout.addWidget(self.tree)
        layout.addWidget(self.message)
        self.model.itemChanged.connect(self._item_changed)

    def selected_set(self) -> SetRecord | None:
        """The set of the row picked in the tree (a rep's or a filmed rep's row picks its set)."""
        index = self.tree.currentIndex()
        while index.isValid():
            record = index.siblingAtColumn(0).data(_SET_ROLE)
            if record is not None:
                return record
            index = index.parent()
        return None

    def select_set(self, record: SetRecord) -> None:
        for row in range(self.model.rowCount()):
            if self.model.item(row, 0).data(_SET_ROLE) is record:
                self.tree.setCurrentIndex(self.model.index(row, 0))
                return

    def show_session(self, session: SessionRecord | None) -> None:
        self.session = session
        self.message.clear()
        self.model.blockSignals(True)
        self.model.removeRows(0, self.model.rowCount())
        self.model.blockSignals(False)
        if session is None:
            self.heading.setText("Pick a session to see its sets and reps.")
            self.tree.reset()
            return
        summary = SessionSummary.of(session)
        mark = " · interrupted: closed at its last rep" if session.interrupted else ""
        filmed = [r.measured for e in session.exercises for r in e.sets if r.measured is not None]
        if filmed:
            seen = [rep for measured in filmed for rep in measured.reps]
            mark += f" · filmed: {flags_text(seen)}"
        self.heading.setText(
            f"<b>{summary.text(Column.DATE)}</b> · {summary.preset} · {hours_minutes(summary.duration_seconds)}{mark}"
        )
        self.model.blockSignals(True)
        for exercise in session.exercises:
            several = len(session.exercises) > 1
            for record in exercise.sets:
                row = self._set_row(record, exercise.preset_name if several else "")
                for number, rep in enumerate(record.reps, start=1):
                    row[0].appendRow(self._rep_row(number, rep))
                if record.measured is not None:
                    row[0].appendRow(self._filmed_rows(record.measured))
                self.model.appendRow(row)
        self.model.blockSignals(False)
        self.tree.reset()
        self.tree.expandAll()
        for column in SetColumn:  # a session has a few dozen rows: measuring them is cheap
            if column is not SetColumn.NOTE:
                self.tree.resizeColumnToContents(column)

    def _set_row(self, record: SetRecord, preset: str) -> list[QStandardItem]:
        side = "" if record.side is Side.BOTH else f" · {record.side.value}"
        title = f"{preset} · " if preset else ""
        cells = {
            SetColumn.WHAT: f"{title}Set {record.number}{side}",
            SetColumn.LOAD: format_load(record.load, record.unit),
            SetColumn.REPS: f"{record.done()} / {record.target}",
            SetColumn.FAILED: str(record.failed()) if record.failed() else "",
            SetColumn.TENSION: clock(record.tension_seconds),
            SetColumn.PHASES: "",
            SetColumn.REST: clock(record.rest_after) if record.rest_after is not None else "",
            SetColumn.RPE: f"{record.rpe:g}" if record.rpe is not None else "",
            SetColumn.NOTE: record.note,
        }
        row = []
        for column in SetColumn:
            item = QStandardItem(cells[column])
            item.setEditable(column in _EDITABLE)
            item.setData(record, _SET_ROLE)
            row.append(item)
        return row

    @staticmethod
    def _rep_row(number: int, rep) -> list[QStandardItem]:
        times = []
        for phase in REP_PHASES:
            seconds = rep.phase_seconds(phase)
            times.append("–" if seconds is None else f"{seconds:.1f}")
        side = "" if rep.side is Side.BOTH else f" · {rep.side.value}"
        cells = [f"Rep {number}{side}", "", "", "failed" if rep.failed else "", f"{rep.tension_seconds:.1f} s",
                 " · ".join(times), "", "", ""]
        row = []
        for text in cells:
            item = QStandardItem(text)
            item.setEditable(False)
            row.append(item)
        return row

    @staticmethod
    def _filmed_rows(measured: MeasuredSet) -> list[QStandardItem]:
        """'Filmed: set1.mp4', what it saw, and under it each rep the video measured, flags in words."""
        head = [QStandardItem(f"Filmed: {measured.video}"), QStandardItem(""), QStandardItem(str(len(measured.reps))),
                QStandardItem(""), QStandardItem(""), QStandardItem("measured on video"), QStandardItem(""),
                QStandardItem(""), QStandardItem(flags_text(measured.reps))]
        for number, rep in enumerate(measured.reps, start=1):
            head[0].appendRow(SessionDetailView._measured_row(number, rep, measured.planned_lower))
        for item in head:
            item.setEditable(False)
        return head

    @staticmethod
    def _measured_row(number: int, rep: MeasuredRep, planned_lower: float | None) -> list[QStandardItem]:
        bottom = "–" if rep.bottom is None else f"{rep.bottom:.1f}"
        flags = []
        if not rep.complete:
            flags.append("short rep: the hips did not rise as high as in the others")
        if rep.lowering_too_fast:
            planned = f" (planned {planned_lower:g} s)" if planned_lower else ""
            flags.append(f"lowered too fast: {rep.lower:.1f} s{planned}")
        cells = [f"Seen {number}", "", "", "short" if not rep.complete else "",
                 f"{rep.lift + rep.top + rep.lower:.1f} s",
                 f"{rep.lift:.1f} · {rep.top:.1f} · {rep.lower:.1f} · {bottom}", "", "", "; ".join(flags)]
        row = []
        for text in cells:
            item = QStandardItem(text)
            item.setEditable(False)
            if flags:
                item.setForeground(QColor(FLAG_TEXT_COLOUR))
            row.append(item)
        return row

    def _item_changed(self, item: QStandardItem) -> None:
        record: SetRecord | None = item.data(_SET_ROLE)
        if record is None or self.session is None:
            return
        column = SetColumn(item.column())
        text = item.text().strip()
        if column is SetColumn.NOTE:
            record.note = text
        elif column is SetColumn.RPE:
            rpe = _parse_rpe(text)
            if rpe is False:
                self.message.setText(f"RPE is a number from 1 to 10, like 8 or 8.5, not {text!r}.")
                self._set_text_quietly(item, f"{record.rpe:g}" if record.rpe is not None else "")
                return
            record.rpe = rpe
            self._set_text_quietly(item, f"{rpe:g}" if rpe is not None else "")
        self.message.clear()
        self.session_edited.emit(self.session)

    def _set_text_quietly(self, item: QStandardItem, text: str) -> None:
        self.model.blockSignals(True)
        item.setText(text)
        self.model.blockSignals(False)
        self.tree.update(item.index())


def _parse_rpe(text: str) -> float | bool | None:
    """None for empty, the number for 1-10 in half steps or finer, False for anything else."""
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return False
    return value if math.isfinite(value) and 1 <= value <= 10 else False


class _DeleteSession(QUndoCommand):
    """Delete a session to the trash; undo brings it back."""

    def __init__(self, view: HistoryView, session: SessionRecord) -> None:
        super().__init__(f"Delete session of {SessionSummary.of(session).text(Column.DATE)}")
        self.view, self.session = view, session
        self.trashed: Path | None = None

    def redo(self) -> None:
        try:
            self.trashed = self.view.store.delete(self.session)
        except OSError as error:
            self.trashed = None
            self.view.show_message(f"Could not delete the session: {error.strerror or error}")
            self.setObsolete(True)
            return
        self.view.show_message("Session moved to the trash. Undo (Ctrl+Z) brings it back.")

    def undo(self) -> None:
        if self.trashed is None:
            return
        try:
            self.session = self.view.store.undo_delete(self.trashed)
        except (OSError, ValueError) as error:
            self.view.show_message(f"Could not bring the session back from {self.trashed}: {error}")
            return
        self.view.select_session(self.session.id)
        self.view.show_message("Session restored.")


EMPTY_SESSIONS_MESSAGE = (
    "No sessions yet.\n\nEvery workout you finish is listed here, with its sets, reps and times."
)


class HistoryView(QWidget):
    """Every session, newest first: sort, open, edit notes and RPE, attach a filmed set, delete with undo, export, import."""

    #: A filmed set was attached to a session, and the session saved (or kept on screen if it could not be).
    session_changed = Signal(object)

    def __init__(self, store: SessionStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.box_dialog: BoxDialog | None = None
        self.analysis: AnalysisThread | None = None
        self.progress: QProgressDialog | None = None
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

        self.export_all_button = QPushButton("Export all to CSV…")
        self.export_selected_button = QPushButton("Export selected to CSV…")
        self.import_button = QPushButton("Import sessions…")
        self.delete_button = QPushButton("Delete")
        self.undo_button = QPushButton("Undo")
        self.attach_button = self.detail.attach_button
        self.attach_button.clicked.connect(self._ask_and_attach)
        self.export_all_button.clicked.connect(lambda: self._ask_and_export(selected_only=False))
        self.export_selected_button.clicked.connect(lambda: self._ask_and_export(selected_only=True))
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
        for button in (self.export_all_button, self.export_selected_button, self.import_button,
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
            widest = max(metrics.horizontalAdvance(column.title), metrics.horizontalAdvance(_WIDEST.get(column, "")))
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
            self.table_model.refresh(change.session.id)
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
        self.attach_button.setEnabled(self.detail.selected_set() is not None and self.analysis is None)
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
            self.undo_stack.push(_DeleteSession(self, session))
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

    def import_files(self, files: Sequence[str | Path]) -> ImportResult:
        """Copy session files into the history; ones already there are skipped, bad ones named."""
        result = self.store.import_files(files, known_ids=self.store.history.ids())
        parts = [f"Imported {len(result.imported)} session{'s' if len(result.imported) != 1 else ''}."]
        if result.duplicates:
            parts.append(f"{len(result.duplicates)} already in the history, skipped.")
        if result.problems:
            parts.append("Not imported: " + "; ".join(str(p) for p in result.problems))
        self.show_message(" ".join(parts))
        self._update_buttons()
        return result

    def show_message(self, message: str) -> None:
        self.status.setText(message)

    def _save_edit(self, session: SessionRecord) -> None:
        try:
            self.store.save(session)
        except SaveError as error:
            self.show_message(f"{error}. The change is kept on screen; edit again to retry.")
            return
        self.show_message("Saved.")

    # ------------------------------------------------------------------ a filmed set

    def attach_video(self, path: str | Path, record: SetRecord | None = None) -> BoxDialog | None:
        """Open the video and ask for the box around the hip on its first frame; Measure starts the analysis."""
        path = Path(path)
        record = record or self.detail.selected_set()
        session = self.detail.session
        if record is None or session is None:
            self.show_message("Pick the set the video shows first (click its row), then attach the video.")
            return None
        try:
            image = first_frame(path)
        except VideoProblem as error:
            self.show_message(f"Could not use that video: {_sentence(str(error))}")
            return None
        self.box_dialog = dialog = BoxDialog(image, path.name, self)
        dialog.finished.connect(lambda result: self._box_drawn(result, dialog, path, session, record))
        dialog.open()  # not exec(): the event loop runs on, and the dialog can be driven
        return dialog

    def _box_drawn(self, result: int, dialog: BoxDialog, path: Path, session: SessionRecord,
                   record: SetRecord) -> None:
        self.box_dialog = None
        box = dialog.box()
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted and box is not None:
            self.measure(path, box, session, record)

    def measure(self, path: str | Path, box: tuple[int, int, int, int], session: SessionRecord,
                record: SetRecord) -> AnalysisThread | None:
        """Measure the video off the main thread, with a progress bar that can cancel it; the reps go with ``record``."""
        if self.analysis is not None:
            self.show_message("A video is being measured already: wait for it, or cancel it.")
            return None
        path = Path(path)
        planned = self._planned(session, record)  # so that a lowering too fast for the plan is flagged
        self.progress = progress = QProgressDialog(f"Measuring the reps in {path.name}…", "Cancel", 0, 0, self)
        progress.setWindowTitle("Measuring a filmed set")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self.analysis = thread = AnalysisThread(path, box, planned, self)
        length = stated_length(path)
        if length:
            progress.setMaximum(round(length * 10))
        thread.progressed.connect(lambda at: progress.setValue(min(round(at * 10), progress.maximum() - 1))
                                  if progress.maximum() else None)
        progress.canceled.connect(thread.cancel)
        thread.measured.connect(lambda analysis: self._measured(analysis, path, box, session, record))
        thread.failed.connect(lambda message: self.show_message(f"Could not measure that video: {_sentence(message)} The set is as it was."))
        thread.cancelled.connect(lambda: self.show_message(f"Measuring {path.name} was cancelled; the set is as it was."))
        thread.finished.connect(self._analysis_ended)
        progress.show()
        self._update_buttons()
        thread.start()
        return thread

    def _analysis_ended(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if self.analysis is not None:
            self.analysis.wait()
            self.analysis.deleteLater()
            self.analysis = None
        self._update_buttons()

    def _measured(self, analysis, path: Path, box: tuple[int, int, int, int], session: SessionRecord,
                  record: SetRecord) -> None:
        if not analysis.reps:
            self.show_message(f"No reps were found in {path.name}. Is the box around the hip, and the whole set filmed "
                     "from the side with the camera still? The set is as it was.")
            return
        row = self.table_model.row_of(session.id)
        if row < 0 or self.table_model.session_at(row) is not session:
            self.show_message(f"The session was deleted or reloaded while {path.name} was measured; nothing was saved.")
            return
        replaced = record.measured.video if record.measured is not None else None
        record.measured = MeasuredSet(
            video=path.name, box=Box(*box), analysed_at=dt.datetime.now(dt.UTC).astimezone(), reps=analysis.reps,
            planned_lower=self._planned(session, record),
            frames=analysis.frames, fps=analysis.fps,
        )
        what = f"Set {record.number}: {flags_text(analysis.reps)} in {path.name}"
        if replaced:
            what += f" (in place of {replaced})"
        try:
            self.store.save(session)
        except SaveError as error:
            self.show_message(f"{what}. {error}. It is kept on screen; attach the video again to retry saving.")
        else:
            self.show_message(f"{what}. Saved with the session.")
        if self.detail.session is session:
            self.detail.show_session(session)
            self.detail.select_set(record)
        self.session_changed.emit(session)

    @staticmethod
    def _planned(session: SessionRecord, record: SetRecord) -> float | None:
        for exercise in session.exercises:
            if any(r is record for r in exercise.sets):
                return exercise.plan.tempo.lower or None
        return None

    def _ask_and_attach(self) -> None:
        if self.detail.selected_set() is None:
            self.show_message("Pick the set the video shows first (click its row), then attach the video.")
            return
        path, _ = QFileDialog.getOpenFileName(self, "Attach a filmed set", str(Path.home()), VIDEO_FILTER)
        if path:
            self.attach_video(path)

    # File dialogs are modal: kept thin so that tests call export_csv/import_files directly.
    def _ask_and_export(self, *, selected_only: bool) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export sets to CSV", str(Path.home() / "gymtimer-sets.csv"),
                                              "CSV files (*.csv)")
        if path:
            self.export_csv(path, selected_only=selected_only)

    def _ask_and_import(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import GymTimer sessions", str(Path.home()),
                                                "GymTimer sessions (*.json)")
        if files:
            self.import_files(files)


def _sentence(text: str) -> str:
    """A message with a full stop at its end (its first word may be a file name: left as it is)."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def _count(number: int, word: str) -> str:
    """'1 set', '4 sets'."""
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _escape(text: str) -> str:
    return html.escape(text)
