"""After an exercise: what was lifted, how hard it felt, and what comes next."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gymtimer.core.durations import in_words
from gymtimer.core.plan import Side
from gymtimer.core.records import ENDED_EARLY, ExerciseRecord, SetRecord
from gymtimer.core.seen import away_text, camera_text, flags_text
from gymtimer.core.units import format_load
from gymtimer.ui.keys_help import add_keys_help

#: The summary page's keys, as ? lists them.
KEYS: tuple[tuple[str, str], ...] = (
    ("N", "Next exercise"),
    ("Enter", "Finish the session"),
    ("Ctrl+N", "Next exercise, from the note"),
    ("Tab", "The RPE, then the note"),
    ("W", "Watch the last set back (camera on)"),
)


def _reps(count: int) -> str:
    return f"{count} rep" if count == 1 else f"{count} reps"


def summary_lines(record: ExerciseRecord) -> list[str]:
    """The headline numbers of one exercise, in words."""
    plan = record.plan
    if plan.one_leg:
        reps = f"Left {_reps(record.done(Side.LEFT))} · Right {_reps(record.done(Side.RIGHT))}"
    else:
        reps = _reps(record.done())
    failed = record.failed()
    lines = [
        reps + (f" · {failed} failed" if failed else ""),
        f"{record.set_count} of {plan.sets} sets · time under tension {record.tension_seconds:.0f} s",
    ]
    if record.top_load > 0:
        lines.append(f"Load {format_load(record.top_load, record.unit)} · volume {format_load(record.volume, record.unit)}")
    filmed = [rep for s in record.sets if s.measured is not None for rep in s.measured.reps]
    if filmed:
        short = sum(1 for rep in filmed if not rep.complete)
        fast = sum(1 for rep in filmed if rep.lowering_too_fast)
        lines.append(f"Seen on video: {len(filmed)} reps · {short} short · {fast} lowered too fast")
    watched = [s for s in record.sets if s.watched and s.reps]
    if watched:
        paced = sum(s.paced_count for s in watched)
        lines.append(f"Camera: paced {paced} · " + flags_text([r.seen for s in watched for r in s.reps if r.seen])
                     + away_text(record))
    if record.started is not None and record.ended is not None:
        lines.append(f"Took {in_words(record.ended - record.started)}" + (f" · {ENDED_EARLY}" if record.ended_early else ""))
    return lines


class RpeBox(QDoubleSpinBox):
    """An RPE as the lifter says it: "8" or "8.5", never "8.00"."""

    def textFromValue(self, value: float) -> str:
        return f"{value:g}"


class SummaryPage(QWidget):
    """The exercise's summary; N picks the next exercise, Enter finishes the session."""

    next_exercise_requested = Signal()
    finish_requested = Signal()
    log_changed = Signal()  #: RPE or note edited
    replay_requested = Signal()  #: W, or the button: watch the last set back

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SummaryPage")
        self.record: ExerciseRecord | None = None
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPixelSize(36)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)  # a long preset name wraps: the page never widens the window
        self.lines = QLabel()
        self.lines.setStyleSheet("font-size: 24px;")
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(["Set", "Side", "Reps", "Failed", "Load", "Time under tension",
                                              "Seen (camera or video)"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setStyleSheet("font-size: 18px;")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rpe_box = RpeBox()
        self.rpe_box.setRange(0, 10)
        self.rpe_box.setSingleStep(0.5)
        self.rpe_box.setSpecialValueText("not given")
        self.rpe_box.valueChanged.connect(self.apply_log)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("How did it go? (optional) · Enter finishes, Ctrl+N next exercise")
        self.note_edit.editingFinished.connect(self.apply_log)
        form = QFormLayout()
        form.addRow("How hard (RPE 1–10) for the last set", self.rpe_box)
        form.addRow("Note", self.note_edit)
        next_button = QPushButton("Next exercise  (N)")
        next_button.setStyleSheet("font-size: 22px; padding: 12px;")
        next_button.clicked.connect(self.next_exercise_requested.emit)
        finish_button = QPushButton("Finish session  (Enter)")
        finish_button.setStyleSheet("font-weight: bold; font-size: 22px; padding: 12px;")
        finish_button.clicked.connect(self.finish_requested.emit)
        self.replay_button = QPushButton("▶  Watch the last set back  (W)")
        self.replay_button.setStyleSheet("font-size: 22px; padding: 12px;")
        self.replay_button.clicked.connect(self.replay_requested.emit)
        self.replay_button.hide()  # only after a set filmed with the camera on
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(next_button)
        buttons.addWidget(finish_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.lines)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.replay_button, 0, Qt.AlignmentFlag.AlignLeft)  # a row of its own: 800 px wide fits
        layout.addLayout(buttons)
        # N and Enter act wherever the focus is; in the note, where N is a letter, Ctrl+N (or Alt+N) acts,
        # and Enter ends the note and the session.
        for key, signal in (("N", self.next_exercise_requested), ("Ctrl+N", self.next_exercise_requested),
                            ("Alt+N", self.next_exercise_requested), ("Return", self.finish_requested),
                            ("Enter", self.finish_requested), ("Ctrl+Return", self.finish_requested),
                            ("W", self.replay_requested)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(signal.emit)
        # ? typed in the note is a question mark (F1 shows the keys there); from the RPE it shows them.
        self.keys_overlay = add_keys_help(self, KEYS, number_fields=[self.rpe_box])

    def offer_replay(self, ready: bool) -> None:
        """The last set can be watched back (its button shows), or not."""
        self.replay_button.setVisible(ready)

    def show_record(self, record: ExerciseRecord) -> None:
        self.record = record
        self.title.setText(f"{record.preset_name}: {record.ending}")
        self.lines.setText("\n".join(summary_lines(record)))
        lifted = [s for s in record.sets if s.reps]  # a set with no rep is not a set
        self.table.setRowCount(len(lifted))
        for row, s in enumerate(lifted):
            values = [str(s.number), s.side.label, str(s.done()), str(s.failed()),
                      format_load(s.load, s.unit), f"{s.tension_seconds:.1f} s",
                      camera_text(s)]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        last = self._last_lifted()
        self.rpe_box.blockSignals(True)
        self.rpe_box.setValue(last.rpe or 0.0 if last else 0.0)
        self.rpe_box.blockSignals(False)
        self.note_edit.setText(last.note if last else "")

    def apply_log(self) -> None:
        """Put the RPE and note shown into the record (also called before the session closes)."""
        last = self._last_lifted()
        if last is None:
            return
        last.rpe = self.rpe_box.value() or None
        last.note = self.note_edit.text().strip()
        self.log_changed.emit()

    def _last_lifted(self) -> SetRecord | None:
        """The RPE and note belong to the last set with a rep, not to one ended before its first."""
        if self.record is None:
            return None
        return next((s for s in reversed(self.record.sets) if s.reps), None)
