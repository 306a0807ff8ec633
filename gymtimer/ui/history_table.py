"""The History table: one row per session, its columns described once, sorted by numbers and times."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from gymtimer.core.records import SessionRecord
from gymtimer.core.session_row import SessionRow

#: The role the proxy sorts by: numbers and times, not their text.
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
# Plain ints: data() is called tens of thousands of times while sorting, and enum compares are slow.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column of the table: its title, the widest text it usually shows (its width is set from that,
    not from 2,600 rows), whether it holds a number (right-aligned), its text and what it sorts by."""

    title: str
    widest: str
    numeric: bool
    text: Callable[[SessionRow], str]
    sort_key: Callable[[SessionRow], float | str]


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
    def spec(self) -> ColumnSpec:
        return COLUMNS[self]

    @property
    def title(self) -> str:
        return COLUMNS[self].title


COLUMNS: dict[Column, ColumnSpec] = {
    Column.DATE: ColumnSpec("Date", "2026-12-31 23:59", False,
                            lambda row: row.date_text, lambda row: row.started.timestamp()),
    Column.PRESET: ColumnSpec("Preset", "Eccentric single-leg hip thrust", False,
                              lambda row: row.preset, lambda row: row.preset.casefold()),
    Column.SETS: ColumnSpec("Sets", "", True, lambda row: str(row.sets), lambda row: row.sets),
    Column.REPS: ColumnSpec("Reps (both + L / R)", "18 + L 18 / R 18", True,
                            SessionRow.reps_text, lambda row: row.reps_total),
    Column.TOP_LOAD: ColumnSpec("Top load", "152.5 kg", True,
                                lambda row: row.top_load_text, lambda row: row.top_load_kg),
    Column.VOLUME: ColumnSpec("Volume", "12,345 kg", True, lambda row: row.volume_text, lambda row: row.volume_kg),
    Column.TENSION: ColumnSpec("Time under tension", "12:30", True,
                               lambda row: row.tension_text, lambda row: row.tension_seconds),
    Column.DURATION: ColumnSpec("Duration", "1 h 05 min", True,
                                lambda row: row.duration_text, lambda row: row.duration_seconds),
    Column.INTERRUPTED: ColumnSpec("", "interrupted", False,
                                   lambda row: row.mark, lambda row: row.mark),
}
_SPECS = tuple(COLUMNS[column] for column in Column)
_NUMERIC = frozenset(column for column in Column if COLUMNS[column].numeric)


def sort_keys(row: SessionRow) -> tuple[float | str, ...]:
    """What each column sorts by, in column order."""
    return tuple(spec.sort_key(row) for spec in _SPECS)


def texts(row: SessionRow) -> tuple[str, ...]:
    """What each column shows, in column order."""
    return tuple(spec.text(row) for spec in _SPECS)


class SessionTableModel(QAbstractTableModel):
    """The sessions, one row each, oldest first; the view's proxy sorts them."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._sessions: list[SessionRecord] = []
        self._rows: list[SessionRow] = []
        self._keys: list[tuple[float | str, ...]] = []
        self._texts: list[tuple[str, ...] | None] = []  # filled as rows come into sight

    def set_sessions(self, sessions: Sequence[SessionRecord]) -> None:
        self.beginResetModel()
        self._sessions = list(sessions)
        self._rows = [SessionRow.of(s) for s in self._sessions]
        self._keys = [sort_keys(row) for row in self._rows]
        self._texts = [None] * len(self._sessions)
        self.endResetModel()

    @property
    def sessions(self) -> list[SessionRecord]:
        return list(self._sessions)

    def session_at(self, row: int) -> SessionRecord:
        return self._sessions[row]

    def row_at(self, row: int) -> SessionRow:
        return self._rows[row]

    def row_of(self, session_id: str) -> int:
        for row, session in enumerate(self._sessions):
            if session.id == session_id:
                return row
        return -1

    def add_session(self, session: SessionRecord) -> None:
        row = len(self._sessions)
        self.beginInsertRows(QModelIndex(), row, row)
        summary = SessionRow.of(session)
        self._sessions.append(session)
        self._rows.append(summary)
        self._keys.append(sort_keys(summary))
        self._texts.append(None)
        self.endInsertRows()

    def remove_session(self, session_id: str) -> None:
        row = self.row_of(session_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        for rows in (self._sessions, self._rows, self._keys, self._texts):
            del rows[row]
        self.endRemoveRows()

    def refresh(self, session: SessionRecord) -> None:
        """The session was edited or replaced: recompute its row."""
        row = self.row_of(session.id)
        if row >= 0:
            self._sessions[row] = session
            summary = SessionRow.of(session)
            self._rows[row], self._keys[row], self._texts[row] = summary, sort_keys(summary), None
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
            shown = self._texts[row]
            if shown is None:
                shown = self._texts[row] = texts(self._rows[row])
            return shown[index.column()]
        if role == _ALIGN and index.column() in _NUMERIC:
            return _RIGHT
        if role == _TOOLTIP and index.column() == Column.INTERRUPTED and self._rows[index.row()].imported_from:
            return (f"Imported from {self._rows[index.row()].imported_from}'s export: "
                    "its reps were counted there, not timed (no time under tension, no tempo).")
        if role == _TOOLTIP and index.column() == Column.INTERRUPTED and self._rows[index.row()].interrupted:
            return "The program stopped during this session; it was closed at its last rep."
        if role == _TOOLTIP and index.column() == Column.REPS:
            return self._rows[index.row()].reps_tip() or None
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return Column(section).title
        return None
