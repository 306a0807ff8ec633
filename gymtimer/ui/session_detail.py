"""One session in detail: its sets, each rep under its set, what a camera measured; RPE and note editable."""

from __future__ import annotations

import enum
import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QTreeView, QVBoxLayout, QWidget

from gymtimer.core.durations import clock
from gymtimer.core.plan import Side
from gymtimer.core.records import MeasuredSet, RepRecord, SessionRecord, SetRecord
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.seen import camera_text, flags_text
from gymtimer.core.session_row import SessionRow
from gymtimer.core.tempo import REP_PHASES
from gymtimer.core.units import format_load


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


def _angles_text(rep: RepRecord) -> str:
    """The angles a lockout verdict was judged on, in degrees."""
    lockout = rep.lockout
    if lockout is None:
        return ""
    return (f"At the top: shins {lockout.shin:.0f}° to the floor, knees {lockout.knee:.0f}°, "
            f"thighs {lockout.thigh:+.0f}° (hips above the knees), torso {lockout.torso:+.0f}° "
            "(hips above the shoulders)")


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
        self.watch_button = QPushButton("Watch the filmed set…")
        self.watch_button.setToolTip("Play the chosen set's video again, its reps on a timeline (the file is read, "
                                     "not copied)")
        top_row.addWidget(self.watch_button)
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
        row = SessionRow.of(session)
        mark = " · interrupted: closed at its last rep" if session.interrupted else ""
        if session.imported:
            mark += f" · imported from {session.imported_from}: reps counted there, not timed (no phase times)"
        filmed = [r.measured for e in session.exercises for r in e.sets if r.measured is not None]
        if filmed:
            seen = [rep for measured in filmed for rep in measured.reps]
            mark += f" · filmed: {flags_text(seen)}"
        self.heading.setText(
            f"<b>{row.date_text}</b> · {row.preset} · {row.duration_text} · {row.outcome}{mark}"
        )
        self.model.blockSignals(True)
        for exercise in session.exercises:
            several = len(session.exercises) > 1
            for record in exercise.sets:
                set_row = self._set_row(record, exercise.preset_name if several else "", timed=not session.imported)
                planned_lower = exercise.plan.tempo.lower or None
                for number, rep in enumerate(record.reps if not session.imported else (), start=1):
                    set_row[0].appendRow(self._rep_row(number, rep, planned_lower))
                if record.measured is not None:
                    set_row[0].appendRow(self._filmed_rows(record.measured))
                self.model.appendRow(set_row)
        self.model.blockSignals(False)
        self.tree.reset()
        self.tree.expandAll()
        for column in SetColumn:  # a session has a few dozen rows: measuring them is cheap
            if column is not SetColumn.NOTE:
                self.tree.resizeColumnToContents(column)

    def _set_row(self, record: SetRecord, preset: str, *, timed: bool = True) -> list[QStandardItem]:
        side = "" if record.side is Side.BOTH else f" · {record.side.value}"
        title = f"{preset} · " if preset else ""
        camera = camera_text(record)
        cells = {
            SetColumn.WHAT: f"{title}Set {record.number}{side}" + (f" · {camera}" if camera else ""),
            SetColumn.LOAD: format_load(record.load, record.unit),
            SetColumn.REPS: f"{record.done()} / {record.target}",
            SetColumn.FAILED: str(record.failed()) if record.failed() else "",
            SetColumn.TENSION: clock(record.tension_seconds) if timed else "",
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
    def _rep_row(number: int, rep: RepRecord, planned_lower: float | None) -> list[QStandardItem]:
        """A paced rep: its phase times; seen live, what the camera measured of it, as a filmed rep's row."""
        side = "" if rep.side is Side.BOTH else f" · {rep.side.value}"
        what = f"Rep {number}{side}"
        if rep.leg_seen is not None and rep.leg_seen is not rep.side:
            what += f" · {rep.leg_seen.value} leg worked"
        if rep.seen is not None:
            row = SessionDetailView._measured_row(what + " · seen", rep.seen, planned_lower,
                                                  "failed" if rep.failed else "")
            if rep.lockout is not None:
                flags = row[-1].text()
                row[-1].setText(f"{flags}; {rep.lockout.verdict}" if flags else rep.lockout.verdict)
                row[-1].setToolTip(_angles_text(rep))
            return row
        if rep.not_seen:
            cells = [what, "", "", "not seen", "not seen", "not seen by the camera: not counted", "", "", ""]
        else:
            times = []
            for phase in REP_PHASES:
                seconds = rep.phase_seconds(phase)
                times.append("–" if seconds is None else f"{seconds:.1f}")
            cells = [what, "", "", "failed" if rep.failed else "", f"{rep.tension_seconds:.1f} s",
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
            head[0].appendRow(SessionDetailView._measured_row(f"Seen {number}", rep, measured.planned_lower))
        for item in head:
            item.setEditable(False)
        return head

    @staticmethod
    def _measured_row(what: str, rep: MeasuredRep, planned_lower: float | None,
                      failed: str = "") -> list[QStandardItem]:
        """A rep as a camera measured it: its times, and its flags in words (in the flag colour)."""
        bottom = "–" if rep.bottom is None else f"{rep.bottom:.1f}"
        flags = []
        if not rep.complete:
            flags.append("short rep: the hips did not rise as high as in the others")
        if rep.lowering_too_fast:
            planned = f" (planned {planned_lower:g} s)" if planned_lower else ""
            flags.append(f"lowered too fast: {rep.lower:.1f} s{planned}")
        cells = [what, "", "", "short" if not rep.complete else failed,
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
