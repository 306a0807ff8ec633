"""The preset editor: create, edit, duplicate, rename and delete tempo presets, with a live preview of one rep."""

from __future__ import annotations

import math
import os
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gymtimer.core.durations import clock
from gymtimer.core.plan import (
    MAX_LEAD_IN_SECONDS,
    MAX_REPS,
    MAX_REST_SECONDS,
    MAX_SETS,
    MAX_SWITCH_SECONDS,
    Laterality,
    Plan,
    PlanError,
    Side,
)
from gymtimer.core.presets import MAX_NAME_LENGTH, Preset, PresetError, Variation, new_preset_id
from gymtimer.core.preview import plan_times
from gymtimer.core.tempo import MAX_PHASE_SECONDS, REP_PHASES, Phase, Tempo, TempoError
from gymtimer.store.atomic import SaveError
from gymtimer.store.presets import PresetFileError, PresetStore
from gymtimer.ui.colours import PHASE_COLOURS, TEXT_COLOURS

#: The editor's grain for phase durations.
HALF_SECOND = 0.5

_PHASE_LABELS = {Phase.LIFT: "Lift", Phase.SQUEEZE: "Squeeze", Phase.LOWER: "Lower", Phase.BOTTOM: "Bottom pause"}


class FieldSpinBox(QLineEdit):
    """A number field that keeps what was typed; a value it cannot take is named with its field and range.

    A spin box clamps or swallows what does not fit, so the lifter sees a number other than the one
    typed; this field keeps the text and reports instead, and the dialog refuses to save until it fits.
    """

    refused = Signal(str)
    valueChanged = Signal(float)  # noqa: N815 (Qt's name)

    def __init__(
        self,
        label: str,
        minimum: float,
        maximum: float,
        *,
        unit: str = "seconds",
        step: float = 1.0,
        whole: bool = False,
        half_steps: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.label = label
        self.unit = unit
        self.whole = whole
        self.half_steps = half_steps
        self._minimum, self._maximum = float(minimum), float(maximum)
        self._step = HALF_SECOND if half_steps else step
        self._value = float(minimum)
        self._problem: str | None = None
        self.setAccessibleName(label)
        self.setToolTip(self.range_message() + (", in half-second steps" if half_steps else ""))
        self.setText(self._show(self._value))
        self.textChanged.connect(self._read)

    def lineEdit(self) -> QLineEdit:
        return self

    def minimum(self) -> float:
        return self._minimum

    def maximum(self) -> float:
        return self._maximum

    def value(self) -> float:
        """The last value that fitted (what the text says, when it fits)."""
        return self._value

    def problem(self) -> str | None:
        """Why the text typed cannot be taken, or None when it fits."""
        return self._problem

    def setValue(self, value: float) -> None:
        self.setText(self._show(min(self._maximum, max(self._minimum, float(value)))))

    def stepUp(self) -> None:
        self.setValue(self._value + self._step)

    def stepDown(self) -> None:
        self.setValue(self._value - self._step)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Up:
            self.stepUp()
        elif event.key() == Qt.Key.Key_Down:
            self.stepDown()
        else:
            super().keyPressEvent(event)

    def range_message(self) -> str:
        """'Lower must be between 0.5 and 60 seconds'."""
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.label} must be between {self.minimum():g} and {self.maximum():g}{unit}"

    def _show(self, value: float) -> str:
        return self.locale().toString(value, "f", 0 if self.whole else 1)

    def _number(self, text: str) -> float | None:
        value, ok = self.locale().toDouble(text.strip())
        if ok:
            return value
        try:
            return float(text.strip().replace(",", "."))
        except ValueError:
            return None

    def _read(self, text: str) -> None:
        number = self._number(text)
        unit = f" {self.unit}" if self.unit else ""
        if not text.strip():
            problem = f"{self.label} is empty: type a number between {self._minimum:g} and {self._maximum:g}{unit}"
        elif number is None or not math.isfinite(number):
            problem = f"{self.label} takes a number (like {self._maximum / 2:g}), not \u201c{text.strip()}\u201d"
        elif not self._minimum <= number <= self._maximum:
            problem = self.range_message()
        elif self.whole and number != int(number):
            problem = f"{self.label} takes a whole number, not {number:g}"
        elif self.half_steps and not _on_half_seconds(number):
            problem = f"{self.label} goes in half-second steps (like 2 or 2.5), not {number:g}"
        else:
            problem = None
        self._problem = problem
        self.setStyleSheet("" if problem is None else "border: 2px solid #B00020")
        if problem is not None:
            self.refused.emit(problem)
            self.valueChanged.emit(self._value)  # the dialog looks again and refuses to save
            return
        self._value = float(number)
        self.valueChanged.emit(self._value)


def _on_half_seconds(value: float) -> bool:
    return math.isclose(value * 2, round(value * 2), abs_tol=1e-9)


class RepPreview(QWidget):
    """One rep animated on a timeline in its phase colours, looping."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tempo = Tempo()
        self.animation = QVariantAnimation(self)
        self.animation.setLoopCount(-1)
        self.animation.setStartValue(0.0)
        self._position = 0.0
        # Keep the value from the signal: reading currentValue() while stopped hands back None.
        self.animation.valueChanged.connect(self._moved)
        self.setMinimumSize(320, 72)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Preview of one rep")
        self.set_tempo(self.tempo)

    def set_tempo(self, tempo: Tempo) -> None:
        """Show ``tempo``; the rep starts again from the lift."""
        self.tempo = tempo
        running = self.animation.state() == QVariantAnimation.State.Running
        self.animation.stop()
        self.animation.setEndValue(float(tempo.rep_seconds))
        self.animation.setDuration(max(1, round(tempo.rep_seconds * 1000)))
        self.animation.setCurrentTime(0)
        self._position = 0.0
        if running or self.isVisible():
            self.animation.start()
        self.update()

    @property
    def position(self) -> float:
        """Seconds into the rep the cursor is at."""
        return self._position

    def _moved(self, value: float) -> None:
        self._position = float(value)
        self.update()

    def phase_at(self, seconds: float) -> Phase:
        """The rep phase running ``seconds`` into the rep."""
        start = 0.0
        phases = [p for p in REP_PHASES if self.tempo.seconds(p) > 0]
        for phase in phases:
            start += self.tempo.seconds(phase)
            if seconds < start:
                return phase
        return phases[-1]

    def segments(self) -> list[tuple[Phase, QRectF]]:
        """Each phase's bar on the widget, in rep order."""
        bar = self._bar()
        total = self.tempo.rep_seconds
        out, x = [], bar.left()
        for phase in REP_PHASES:
            width = bar.width() * self.tempo.seconds(phase) / total
            if width > 0:
                out.append((phase, QRectF(x, bar.top(), width, bar.height())))
            x += width
        return out

    def _bar(self) -> QRectF:
        return QRectF(4, 26, self.width() - 8, self.height() - 30)

    def showEvent(self, event) -> None:
        self.animation.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self.animation.stop()
        super().hideEvent(event)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = QFont(self.font())
        small.setBold(True)
        painter.setFont(small)
        for phase, rect in self.segments():
            painter.fillRect(rect, QColor(PHASE_COLOURS[phase]))
            label = phase.label
            if painter.fontMetrics().horizontalAdvance(label) + 6 <= rect.width():
                painter.setPen(QColor(TEXT_COLOURS[phase]))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        position = self.position
        phase = self.phase_at(position)
        bar = self._bar()
        x = bar.left() + bar.width() * position / self.tempo.rep_seconds
        painter.setPen(QPen(QColor("#000000"), 4))
        painter.drawLine(round(x), round(bar.top()) - 4, round(x), round(bar.bottom()))
        painter.setPen(QPen(QColor("#FFFFFF"), 2))
        painter.drawLine(round(x), round(bar.top()) - 4, round(x), round(bar.bottom()))
        painter.setPen(self.palette().windowText().color())
        heading = f"{phase.label}  {position:.1f} s of {self.tempo.rep_seconds:g} s"
        painter.drawText(QRectF(4, 0, self.width() - 8, 22), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, heading)
        painter.end()


class PresetDialog(QDialog):
    """Create, edit, duplicate, rename and delete tempo presets; built-ins are read-only."""

    #: The name of a preset just saved (created, edited or renamed).
    preset_saved = Signal(str)
    #: Presets were added, changed or removed: the setup page refreshes its list.
    presets_changed = Signal()

    def __init__(self, store: PresetStore, *, select: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Tempo presets")
        self._current: Preset = store.all_presets()[0]
        self._filling = False
        self._notation_error: str | None = None
        self._last_draft: Preset | None = None
        self._fitted = False
        self._new: Preset | None = None  # made by New, saved only when the lifter saves it
        self._build()
        self._refresh_list()
        self.select(select or self._current.name)
        if store.problem:
            self._say(store.problem)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        """As tall as the whole form, but never past the screen: Save and Close stay in reach."""
        room = self.screen().availableGeometry()
        form = self.form.sizeHint().height() + 2 * self.form_scroll.frameWidth()
        wanted = self.sizeHint().height() - self.form_scroll.sizeHint().height() + form
        title_bar = 40  # not known before the window manager frames the dialog
        height = min(wanted, room.height() - title_bar)
        width = min(max(self.width(), self.sizeHint().width()), room.width())
        self.resize(width, height)
        frame = self.frameGeometry()
        if not room.contains(frame):  # move it back on screen, top left first
            self.move(max(room.left(), min(frame.left(), room.right() - frame.width())),
                      max(room.top(), min(frame.top(), room.bottom() - frame.height())))

    # ----------------------------------------------------------------- building

    def _build(self) -> None:
        self.preset_list = QListWidget()
        self.preset_list.setAccessibleName("Presets")
        self.preset_list.setWordWrap(True)  # a long name wraps instead of hiding behind a scroll bar
        self.preset_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preset_list.currentItemChanged.connect(self._picked)
        self.new_button = QPushButton("&New")
        self.duplicate_button = QPushButton("D&uplicate")
        self.delete_button = QPushButton("&Delete")
        self.import_button = QPushButton("&Import…")
        self.export_button = QPushButton("E&xport…")
        self.new_button.clicked.connect(self.new_preset)
        self.duplicate_button.clicked.connect(self.duplicate)
        self.delete_button.clicked.connect(self.delete)
        self.import_button.clicked.connect(self._ask_import)
        self.export_button.clicked.connect(self._ask_export)
        side = QVBoxLayout()
        side.addWidget(self.preset_list)
        for button in (self.new_button, self.duplicate_button, self.delete_button, self.import_button, self.export_button):
            side.addWidget(button)

        self.read_only_label = QLabel("Built-in presets are read-only: Duplicate makes a copy you can change.")
        self.read_only_label.setWordWrap(True)

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(MAX_NAME_LENGTH)
        self.name_edit.setAccessibleName("Name")
        self.variation_box = QComboBox()
        for variation in Variation:
            self.variation_box.addItem(variation.label, variation)
        self.laterality_box = QComboBox()
        for laterality in Laterality:
            self.laterality_box.addItem(laterality.label, laterality)
        self.start_side_box = QComboBox()
        self.start_side_box.addItem("Left leg", Side.LEFT)
        self.start_side_box.addItem("Right leg", Side.RIGHT)

        self.lift_box = FieldSpinBox("Lift", 0, MAX_PHASE_SECONDS, half_steps=True)
        self.squeeze_box = FieldSpinBox("Squeeze", 0, MAX_PHASE_SECONDS, half_steps=True)
        self.lower_box = FieldSpinBox("Lower", HALF_SECOND, MAX_PHASE_SECONDS, half_steps=True)
        self.bottom_box = FieldSpinBox("Bottom pause", 0, MAX_PHASE_SECONDS, half_steps=True)
        self.notation_edit = QLineEdit()
        self.notation_edit.setAccessibleName("Tempo notation")
        self.notation_edit.setPlaceholderText("lower-bottom-lift-squeeze, e.g. 3-0-1-1")
        self.notation_edit.setToolTip("Tempo as lower-bottom-lift-squeeze in seconds, e.g. 3-0-1-1")

        self.reps_box = FieldSpinBox("Reps per set", 1, MAX_REPS, unit="", whole=True)
        self.sets_box = FieldSpinBox("Sets", 1, MAX_SETS, unit="", whole=True)
        self.rest_box = FieldSpinBox("Rest", 0, MAX_REST_SECONDS, step=15, whole=True)
        self.lead_in_box = FieldSpinBox("Lead-in", 0, MAX_LEAD_IN_SECONDS, whole=True)
        self.switch_box = FieldSpinBox("Side-switch pause", 0, MAX_SWITCH_SECONDS, whole=True)
        self.reps_label = QLabel("Reps per set")
        self.replace_failed_check = QCheckBox("A failed rep is made up by one more")
        self.replace_failed_check.setToolTip("Unticked, a failed rep counts toward the set's reps")

        self.tones_check = QCheckBox("A tone for each phase")
        self.voice_check = QCheckBox("Voice (\u201clift\u201d, \u201csqueeze\u201d, \u201clower\u201d…)")
        self.ticks_check = QCheckBox("A tick each second of the lowering")

        self.reminders_list = QListWidget()
        self.reminders_list.setAccessibleName("Form reminders")
        self.reminders_list.setMaximumHeight(120)
        self.add_reminder_button = QPushButton("Add reminder")
        self.remove_reminder_button = QPushButton("Remove reminder")
        self.add_reminder_button.clicked.connect(self.add_reminder)
        self.remove_reminder_button.clicked.connect(self._remove_reminder)

        self.preview = RepPreview()
        self.times_label = QLabel()
        self.times_label.setAccessibleName("Set time and time under tension")
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName("Message")
        self.message_label.setStyleSheet("color: #B00020; font-weight: bold")

        form = QFormLayout()
        form.addRow("Name", self.name_edit)
        form.addRow("Variation", self.variation_box)
        form.addRow("Legs", self.laterality_box)
        form.addRow("Start on", self.start_side_box)
        form.addRow("Lift (s)", self.lift_box)
        form.addRow("Squeeze at the top (s)", self.squeeze_box)
        form.addRow("Lower (s)", self.lower_box)
        form.addRow("Bottom pause (s)", self.bottom_box)
        form.addRow("Tempo (E-B-C-T)", self.notation_edit)
        form.addRow(self.reps_label, self.reps_box)
        form.addRow("", self.replace_failed_check)
        form.addRow("Sets", self.sets_box)
        form.addRow("Rest (s)", self.rest_box)
        form.addRow("Lead-in (s)", self.lead_in_box)
        form.addRow("Side-switch pause (s)", self.switch_box)
        cues = QVBoxLayout()
        for check in (self.tones_check, self.voice_check, self.ticks_check):
            cues.addWidget(check)
        form.addRow("Cues", cues)
        reminder_buttons = QHBoxLayout()
        reminder_buttons.addWidget(self.add_reminder_button)
        reminder_buttons.addWidget(self.remove_reminder_button)
        reminders = QVBoxLayout()
        reminders.addWidget(self.reminders_list)
        reminders.addLayout(reminder_buttons)
        form.addRow("Form reminders", reminders)
        self.form = QGroupBox("Preset")
        self.form.setLayout(form)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Reset | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.revert_button = self.buttons.button(QDialogButtonBox.StandardButton.Reset)
        self.revert_button.setText("Undo changes")
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(lambda: self._fill(self._current))
        self.buttons.rejected.connect(self.reject)

        self.form_scroll = QScrollArea()  # on a 768-pixel laptop screen the form scrolls, the buttons stay
        self.form_scroll.setWidget(self.form)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        right = QVBoxLayout()
        right.addWidget(self.read_only_label)
        right.addWidget(self.form_scroll, 1)
        right.addWidget(self.preview)
        right.addWidget(self.times_label)
        right.addWidget(self.message_label)
        right.addWidget(self.buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(side, 1)
        layout.addLayout(right, 2)

        for box in self._number_boxes():
            box.refused.connect(self._say)
        for box in self._phase_boxes().values():
            box.valueChanged.connect(self._durations_changed)
        for box in (self.reps_box, self.sets_box, self.rest_box, self.lead_in_box, self.switch_box):
            box.valueChanged.connect(self._changed)
        self.notation_edit.textEdited.connect(self._notation_edited)
        self.notation_edit.editingFinished.connect(self._notation_finished)
        self.name_edit.textEdited.connect(self._changed)
        self.variation_box.currentIndexChanged.connect(self._variation_changed)
        self.laterality_box.currentIndexChanged.connect(self._changed)
        self.start_side_box.currentIndexChanged.connect(self._changed)
        for check in (self.tones_check, self.voice_check, self.ticks_check, self.replace_failed_check):
            check.toggled.connect(self._changed)
        self.reminders_list.itemChanged.connect(self._changed)

    def _phase_boxes(self) -> dict[Phase, FieldSpinBox]:
        return {Phase.LIFT: self.lift_box, Phase.SQUEEZE: self.squeeze_box, Phase.LOWER: self.lower_box, Phase.BOTTOM: self.bottom_box}

    def _number_boxes(self) -> list[FieldSpinBox]:
        return [*self._phase_boxes().values(), self.reps_box, self.sets_box, self.rest_box, self.lead_in_box, self.switch_box]

    # ----------------------------------------------------------------- the list

    def _refresh_list(self) -> None:
        self.preset_list.blockSignals(True)
        self.preset_list.clear()
        for preset in self.store.all_presets():
            item = QListWidgetItem(f"{preset.name} (built-in)" if preset.builtin else preset.name)
            item.setData(Qt.ItemDataRole.UserRole, preset.name)
            self.preset_list.addItem(item)
        if self._new is not None:
            item = QListWidgetItem(f"{self._new.name} (not saved)")
            item.setData(Qt.ItemDataRole.UserRole, self._new.name)
            self.preset_list.addItem(item)
        self.preset_list.blockSignals(False)

    def preset_names(self) -> list[str]:
        """The names in the list, in order."""
        return [self.preset_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.preset_list.count())]

    def select(self, name: str) -> None:
        """Show the preset called ``name`` in the form (showing another drops an unsaved new one)."""
        if self._new is not None and name == self._new.name:
            preset = self._new
        else:
            preset = self.store.find(name)
            if self._new is not None:
                self._new = None
                self._refresh_list()
        self.preset_list.blockSignals(True)
        self.preset_list.setCurrentRow(self.preset_names().index(preset.name))
        self.preset_list.blockSignals(False)
        self._fill(preset)

    @property
    def current(self) -> Preset:
        """The saved preset the form shows."""
        return self._current

    def _picked(self, item: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        wanted = item.data(Qt.ItemDataRole.UserRole)  # saving below rebuilds the list and its items
        if not self._may_leave():
            self.preset_list.blockSignals(True)
            self.preset_list.setCurrentItem(previous)
            self.preset_list.blockSignals(False)
            return
        self.select(wanted)

    # ----------------------------------------------------------------- the form

    def _fill(self, preset: Preset) -> None:
        self._current = preset
        self._filling = True
        try:
            plan = preset.plan
            self.name_edit.setText(preset.name)
            self.variation_box.setCurrentIndex(self.variation_box.findData(preset.variation))
            self.laterality_box.setCurrentIndex(self.laterality_box.findData(plan.laterality))
            side = plan.start_side if plan.start_side is not Side.BOTH else Side.LEFT
            self.start_side_box.setCurrentIndex(self.start_side_box.findData(side))
            for phase, box in self._phase_boxes().items():
                box.setValue(plan.tempo.seconds(phase))
            self.notation_edit.setText(plan.tempo.notation())
            self.reps_box.setValue(plan.reps)
            self.sets_box.setValue(plan.sets)
            self.rest_box.setValue(plan.rest)
            self.lead_in_box.setValue(plan.lead_in)
            self.switch_box.setValue(plan.switch_pause)
            self.replace_failed_check.setChecked(plan.replace_failed)
            self.tones_check.setChecked(preset.cue_tones)
            self.voice_check.setChecked(preset.cue_voice)
            self.ticks_check.setChecked(preset.cue_lowering_ticks)
            self.reminders_list.clear()
            for reminder in preset.reminders:
                self._add_reminder_item(reminder)
        finally:
            self._filling = False
        self._notation_error = None
        editable = not preset.builtin
        self.form.setEnabled(editable)
        self.read_only_label.setVisible(not editable)
        self.delete_button.setEnabled(editable)
        self.message_label.clear()
        self._changed()

    def draft(self) -> Preset:
        """The preset the form describes; raises PresetError, TempoError or PlanError naming the field at fault."""
        name = self.name_edit.text().strip()
        if not name:
            raise PresetError("Name must not be empty")
        if self.store.name_taken(name, ignoring=self._current.name):
            raise PresetError(f"A preset called {name!r} already exists: choose another name")
        if self._notation_error is not None:
            raise TempoError(self._notation_error)
        for box in self._number_boxes():
            if box.problem() is not None and box.isEnabled():
                raise PlanError(box.problem())
        tempo = Tempo(**{phase.value: box.value() for phase, box in self._phase_boxes().items()})
        laterality = Laterality(self.laterality_box.currentData())
        plan = Plan(
            tempo=tempo,
            sets=int(self.sets_box.value()),
            reps=int(self.reps_box.value()),
            laterality=laterality,
            start_side=Side(self.start_side_box.currentData()) if laterality is not Laterality.BOTH else Side.LEFT,
            lead_in=self.lead_in_box.value(),
            switch_pause=self.switch_box.value(),
            rest=self.rest_box.value(),
            load=self._current.plan.load,
            unit=self._current.plan.unit,
            replace_failed=self.replace_failed_check.isChecked(),
        )
        return Preset(
            id=self._current.id,  # kept through a rename: the preset's history stays its own
            name=name,
            variation=Variation(self.variation_box.currentData()),
            plan=plan,
            reminders=self.reminders(),
            builtin=False,
            cue_tones=self.tones_check.isChecked(),
            cue_voice=self.voice_check.isChecked(),
            cue_lowering_ticks=self.ticks_check.isChecked(),
        )

    def reminders(self) -> tuple[str, ...]:
        """The form reminders in the list, blank ones left out."""
        texts = (self.reminders_list.item(i).text().strip() for i in range(self.reminders_list.count()))
        return tuple(text for text in texts if text)

    @property
    def dirty(self) -> bool:
        """The form holds changes not saved yet (or changes that cannot be saved)."""
        if self._current.builtin:
            return False
        if self._new is not None:
            return True
        try:
            return self.draft() != self._current
        except (PresetError, TempoError, PlanError):
            return True

    def _changed(self, *_args) -> None:
        if self._filling:
            return
        laterality = Laterality(self.laterality_box.currentData())
        one_leg = laterality is not Laterality.BOTH
        self.start_side_box.setEnabled(one_leg)
        self.switch_box.setEnabled(laterality is Laterality.PER_LEG)
        self.reps_label.setText("Reps per leg" if one_leg else "Reps per set")
        self.reps_box.label = "Reps per leg" if one_leg else "Reps per set"
        try:
            draft = self.draft()
        except (PresetError, TempoError, PlanError) as error:
            self._say(str(error))
            self.times_label.setText("Set and workout times show once every field is valid")
            self.save_button.setEnabled(False)
            self.revert_button.setEnabled(not self._current.builtin)
            self._last_draft = None
            return
        if draft != self._last_draft:
            # A real change answers the last message; a field going back to its old value does not.
            self.message_label.clear()
        self._last_draft = draft
        changed = not self._current.builtin and (draft != self._current or self._new is not None)
        self.save_button.setEnabled(changed)
        self.revert_button.setEnabled(changed)
        if draft.plan.tempo != self.preview.tempo:
            self.preview.set_tempo(draft.plan.tempo)
        times = plan_times(draft.plan)
        self.times_label.setText(
            f"One set {clock(times.set_seconds)} · under tension {clock(times.set_tension_seconds)} · "
            f"whole workout about {clock(times.workout_seconds)}"
        )

    def _durations_changed(self, *_args) -> None:
        if self._filling:
            return
        tempo = Tempo(**{phase.value: box.value() for phase, box in self._phase_boxes().items()})
        self.notation_edit.setText(tempo.notation())
        self._notation_error = None
        self._changed()

    def _notation_edited(self, text: str) -> None:
        try:
            tempo = Tempo.parse(text)
            for phase in REP_PHASES:
                seconds = tempo.seconds(phase)
                if not _on_half_seconds(seconds):
                    raise TempoError(f"{_PHASE_LABELS[phase]} goes in half-second steps (like 2 or 2.5), not {seconds:g}")
        except TempoError as error:
            self._notation_error = str(error)
            self._changed()
            return
        self._notation_error = None
        self._filling = True
        try:
            for phase, box in self._phase_boxes().items():
                box.setValue(tempo.seconds(phase))
        finally:
            self._filling = False
        self._changed()

    def _notation_finished(self) -> None:
        if self._notation_error is None:
            tempo = Tempo(**{phase.value: box.value() for phase, box in self._phase_boxes().items()})
            self.notation_edit.setText(tempo.notation())

    def _variation_changed(self, *_args) -> None:
        if self._filling:
            return
        variation = Variation(self.variation_box.currentData())
        # The variation decides how reps are counted; the lifter can still change it after.
        self.laterality_box.setCurrentIndex(self.laterality_box.findData(variation.laterality))
        self._changed()

    def _add_reminder_item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.reminders_list.addItem(item)
        return item

    def add_reminder(self, text: str = "") -> None:
        """Add a reminder line and start editing it."""
        item = self._add_reminder_item(text or "New reminder")
        self.reminders_list.setCurrentItem(item)
        if not text:
            self.reminders_list.editItem(item)
        self._changed()

    def _remove_reminder(self) -> None:
        row = self.reminders_list.currentRow()
        if row >= 0:
            self.reminders_list.takeItem(row)
            self._changed()

    def _say(self, text: str) -> None:
        self.message_label.setText(text)

    # ----------------------------------------------------------------- actions

    def save(self) -> bool:
        """Save the form over the preset it shows (a rename when the name changed); False when refused."""
        if self._current.builtin:
            self._say("Built-in presets are read-only: Duplicate makes a copy you can change.")
            return False
        try:
            preset = self.draft()
            self.store.save(preset, replacing=None if self._new is not None else self._current.name)
        except (PresetError, TempoError, PlanError, SaveError) as error:
            self._say(str(error))
            return False
        self._new = None
        self._refresh_list()
        self.select(preset.name)
        self.preset_saved.emit(preset.name)
        self.presets_changed.emit()
        return True

    def new_preset(self) -> None:
        """Show a fresh preset with the default plan; it is saved only when the lifter saves it."""
        if not self._may_leave():
            return
        self._new = Preset(name=self.store.free_name("New preset"), variation=Variation.BARBELL, plan=Plan(),
                           id=new_preset_id())
        self._refresh_list()
        self.select(self._new.name)

    def duplicate(self) -> None:
        """Save an editable copy of the preset shown and show the copy."""
        if not self._may_leave():
            return
        copies: list[Preset] = []
        if self._store_call(lambda: copies.append(self.store.duplicate(self._current.name))):
            self._refresh_list()
            self.select(copies[0].name)
            self.presets_changed.emit()

    def delete(self) -> None:
        """Delete the preset shown, after the lifter confirms."""
        name = self._current.name
        if self._current.builtin:
            return
        answer = QMessageBox.question(self, "Delete preset", f"Delete the preset {name!r}? This cannot be undone.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self._store_call(lambda: self.store.delete(name)):
            self._refresh_list()
            self.select(self.store.all_presets()[0].name)
            self.presets_changed.emit()

    def import_file(self, path: str | os.PathLike[str]) -> list[Preset]:
        """Add the presets in ``path``; a bad file is explained and nothing saved changes."""
        try:
            added = self.store.import_file(path)
        except (PresetFileError, SaveError) as error:
            self._say(f"Nothing was imported. {error}")
            return []
        self._refresh_list()
        if added:
            self.select(added[0].name)
            self.presets_changed.emit()
        names = ", ".join(p.name for p in added) or "none"
        self._say(f"Imported {len(added)} {'preset' if len(added) == 1 else 'presets'}: {names}")
        return added

    def export_file(self, path: str | os.PathLike[str]) -> Path:
        """Write the preset shown to ``path`` (``.json`` added when missing)."""
        target = Path(path)
        if target.suffix.lower() != ".json":
            target = target.with_name(target.name + ".json")
        if self._store_call(lambda: self.store.export(target, [self._current.name])):
            self._say(f"Saved {self._current.name!r} to {target.name}")
        return target

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import presets", str(Path.home()), "Presets (*.json)")
        if path:
            self.import_file(path)

    def _ask_export(self) -> None:
        suggested = str(Path.home() / f"{self._current.name}.json")
        path, _ = QFileDialog.getSaveFileName(self, "Export preset", suggested, "Presets (*.json)")
        if path:
            self.export_file(path)

    def _store_call(self, action) -> bool:
        try:
            action()
        except (PresetError, SaveError, KeyError) as error:
            self._say(str(error))
            return False
        return True

    def _may_leave(self) -> bool:
        """Unsaved changes: ask to save, discard or stay; True when the form may show something else."""
        if not self.dirty:
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the new preset {self._current.name!r}?" if self._new is not None
            else f"Save the changes to {self._current.name!r}?",
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        if answer == buttons.Save:
            return self.save()
        if answer == buttons.Discard and self._new is not None:
            self._new = None
            self._refresh_list()
        return answer == buttons.Discard

    def done(self, result: int) -> None:
        if self._may_leave():
            super().done(result)

