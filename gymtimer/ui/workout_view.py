"""The full-window workout screen: phase word, seconds left, counts per leg, all keys."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gymtimer.core.plan import Side
from gymtimer.core.presets import FORM_REMINDERS
from gymtimer.core.tempo import REP_PHASES, Phase
from gymtimer.core.workout import Event, EventKind, Status
from gymtimer.ui.driver import WorkoutDriver
from gymtimer.ui.palette import PHASE_COLOURS, TEXT_COLOURS
from gymtimer.ui.widgets import FitLabel, PhaseBar

if TYPE_CHECKING:
    from gymtimer.ui.flash import FlashOverlay

#: Every key of the workout screen, as the help overlay lists them.
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Space  /  Page Down", "Start, pause, resume"),
    ("Backspace  /  Page Up", "Undo the last rep"),
    ("F", "Mark the rep failed"),
    ("Enter  /  N", "Skip the rest or lead-in: next"),
    ("Esc", "End the set (twice between sets: end the workout)"),
    ("+  /  −", "Rest 15 s longer / shorter"),
    ("L  /  R", "Switch to the left / right leg"),
    ("M", "Mute or unmute"),
    ("F11", "Full screen"),
    ("Ctrl+Q", "Quit (the workout is saved first)"),
    ("?", "Show or hide these keys"),
)

#: How long a form reminder stays before the next one.
REMINDER_SECONDS = 6.0
#: How long the title line says what a key did (F, Backspace).
SAID_FOR_MS = 3000
#: Paused this long, the screen is allowed to sleep again.
PAUSED_SLEEP_AFTER_MS = 2 * 60 * 1000


def format_seconds(seconds: float) -> str:
    """'3' for a phase, '1:45' for a rest: whole seconds, rounded up so 0 shows only at the end."""
    whole = max(0, math.ceil(seconds - 1e-9))
    if whole >= 60:
        return f"{whole // 60}:{whole % 60:02d}"
    return str(whole)


def counts_text(status: Status) -> str:
    """'LEFT 4/6 · RIGHT 0/6', or 'REPS 3/5' for two-leg work."""
    if Side.BOTH in status.counts:
        return f"REPS {status.counts[Side.BOTH]}/{status.reps_target}"
    parts = [f"{side.label} {status.counts.get(side, 0)}/{status.reps_target}" for side in (Side.LEFT, Side.RIGHT)]
    return " · ".join(parts)


def next_text(status: Status) -> str:
    """What comes after this phase, in a few words."""
    nxt = status.next_phase
    if nxt is None:
        return ""
    if nxt is Phase.DONE:
        return "Next: workout done"
    if nxt is Phase.REST:
        return f"Next: REST {format_seconds(status.next_length)}"
    if nxt is Phase.SWITCH:
        return f"Next: SWITCH to {status.next_side.label} leg"
    if nxt is Phase.LEAD_IN:
        side = f" · {status.next_side.label} leg first" if status.next_side is not Side.BOTH else ""
        number = status.set_number + (1 if status.phase is Phase.REST else 0)
        return f"Next: set {number} of {status.sets}{side}"
    side = f" · {status.next_side.label}" if status.next_side is not Side.BOTH and status.phase is not Phase.LOWER else ""
    return f"Next: {nxt.label} {format_seconds(status.next_length)} s{side}"


class WorkoutView(QWidget):
    """Shows one workout huge and in its phase's colour; every action has one key."""

    fullscreen_requested = Signal()
    mute_requested = Signal()
    finished = Signal()  #: the workout ended (done or abandoned)

    def __init__(self, driver: WorkoutDriver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.driver = driver
        self.setObjectName("WorkoutView")
        self.setAutoFillBackground(True)
        self.setProperty("focusPolicy", "StrongFocus")  # by name: see FitLabel on PySide6's Qt namespace
        self._phase: Phase | None = None
        self._paused = False
        self._confirm_abandon = False
        self._reminder_index = 0
        self._reminders: tuple[str, ...] = FORM_REMINDERS
        self._notices: dict[str, str] = {}
        self.title = ""

        self.set_label = FitLabel(0.055, alignment="AlignLeft|AlignVCenter")
        self.title_label = FitLabel(0.035, bold=False)
        self.counts_label = FitLabel(0.075, alignment="AlignRight|AlignVCenter")
        self.phase_label = FitLabel(0.24)
        self.seconds_label = FitLabel(0.20)
        self.bar = PhaseBar()
        self.rep_label = FitLabel(0.06)
        self.next_label = FitLabel(0.045, bold=False)
        self.reminder_label = FitLabel(0.05, bold=False)
        self.notice_label = QLabel()
        self.notice_label.setProperty("alignment", "AlignCenter")
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        self.hint_label = FitLabel(0.026, bold=False)
        self.hint_label.setText("Space start/pause · ⌫ undo · F failed · Enter next · Esc end set · ? all keys")

        top = QHBoxLayout()
        top.addWidget(self.set_label, 1)
        top.addWidget(self.counts_label, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(4)
        layout.addWidget(self.notice_label)
        layout.addLayout(top)
        layout.addWidget(self.title_label)
        layout.addStretch(1)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.seconds_label)
        layout.addWidget(self.bar)
        layout.addWidget(self.rep_label)
        layout.addStretch(1)
        layout.addWidget(self.reminder_label)
        layout.addWidget(self.next_label)
        layout.addWidget(self.hint_label)

        self._help_overlay: QLabel | None = None  # both built when first needed, after the first paint
        self._flash_overlay: FlashOverlay | None = None

        self._reminder_timer = QTimer(self)
        self._reminder_timer.setInterval(round(REMINDER_SECONDS * 1000))
        self._reminder_timer.timeout.connect(self._next_reminder)
        self._said = ""
        self._said_timer = QTimer(self)
        self._said_timer.setSingleShot(True)
        self._said_timer.setInterval(SAID_FOR_MS)
        self._said_timer.timeout.connect(self._unsay)
        self._abandon_timer = QTimer(self)
        self._abandon_timer.setSingleShot(True)
        self._abandon_timer.setInterval(5000)
        self._abandon_timer.timeout.connect(self._cancel_abandon)

        self._bind_keys()
        driver.status_changed.connect(self.show_status)
        driver.events_happened.connect(self.on_events)
        driver.workout_changed.connect(self._on_workout_changed)

    @property
    def help_overlay(self) -> QLabel:
        """Every key, over the screen (? shows it)."""
        if self._help_overlay is None:
            overlay = self._help_overlay = QLabel(self)
            overlay.setTextFormat(QtCore.Qt.TextFormat.RichText)
            overlay.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            overlay.setStyleSheet("background: rgba(0,0,0,225); color: white; border-radius: 16px;")
            overlay.hide()
        return self._help_overlay

    @property
    def flash_overlay(self) -> FlashOverlay:
        """The white flash of a phase start."""
        if self._flash_overlay is None:
            from gymtimer.ui.flash import FlashOverlay

            self._flash_overlay = FlashOverlay(self)
        return self._flash_overlay

    # ----------------------------------------------------------------- keys

    def _bind_keys(self) -> None:
        bindings = {
            ("Space", "PgDown"): self.toggle,
            ("Backspace", "PgUp"): lambda: self.driver.act("undo"),
            ("F",): lambda: self.driver.act("fail"),
            ("Return", "Enter", "N"): self.next,
            ("Esc",): self.escape,
            ("+", "="): lambda: self.driver.act("adjust_rest", 15.0),
            ("-", "_"): lambda: self.driver.act("adjust_rest", -15.0),
            ("L",): lambda: self.driver.act("switch_side", Side.LEFT),
            ("R",): lambda: self.driver.act("switch_side", Side.RIGHT),
            ("M",): self.mute_requested.emit,
            ("F11",): self.fullscreen_requested.emit,
            ("?", "F1", "H"): self.toggle_help,
        }
        self.shortcuts: dict[str, QShortcut] = {}
        for keys, slot in bindings.items():
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)  # in the whole window: Qt's default context
                shortcut.setAutoRepeat(False)
                shortcut.activated.connect(self._key_action(slot, key))
                self.shortcuts[key] = shortcut

    def _key_action(self, slot, key: str):
        def run() -> None:
            if key != "Esc" and self._confirm_abandon:
                self._cancel_abandon()  # "any other key to carry on": that key does only that
                return
            if self._help_overlay is not None and self._help_overlay.isVisible() and key not in ("?", "F1", "H", "M", "F11"):
                self._help_overlay.hide()
                if key == "Esc":
                    return
            slot()

        return run

    def toggle(self) -> None:
        self.driver.act("toggle")

    def next(self) -> None:
        workout = self.driver.workout
        if workout is not None and workout.finished:
            self.finished.emit()
            return
        self.driver.act("skip")

    def escape(self) -> None:
        """Esc ends the set; between sets it asks (a second Esc) before ending the workout."""
        workout = self.driver.workout
        if workout is None:
            return
        if workout.finished:
            self.finished.emit()
            return
        in_set = workout.phase in REP_PHASES or workout.phase is Phase.SWITCH
        if in_set:  # paused too: the set ends where the pause began
            self.driver.act("end_set")
        elif self._confirm_abandon:
            self._cancel_abandon()
            self.driver.act("abandon")
        else:
            self._confirm_abandon = True
            self._abandon_timer.start()
            self.set_notice("abandon", "End the workout? Press Esc again to end it, any other key to carry on")

    def _cancel_abandon(self) -> None:
        self._confirm_abandon = False
        self._abandon_timer.stop()
        self.set_notice("abandon", "")

    def toggle_help(self) -> None:
        if self.help_overlay.isVisible():
            self.help_overlay.hide()
            return
        rows = "".join(f"<tr><td style='padding:4px 24px'><b>{k}</b></td><td>{v}</td></tr>" for k, v in SHORTCUTS)
        self.help_overlay.setText(f"<h1>Keys</h1><table style='font-size:{max(14, self.height() // 34)}px'>{rows}</table>")
        self._place_help()
        self.help_overlay.show()
        self.help_overlay.raise_()

    def _place_help(self) -> None:
        margin_x, margin_y = self.width() // 10, self.height() // 12
        self.help_overlay.setGeometry(margin_x, margin_y, self.width() - 2 * margin_x, self.height() - 2 * margin_y)

    # ----------------------------------------------------------------- notices

    def set_notice(self, key: str, text: str) -> None:
        """Show (or with empty text clear) a banner line, e.g. 'No sound output — visual cues only'."""
        if text:
            self._notices[key] = text
        else:
            self._notices.pop(key, None)
        if self._notices:
            self.notice_label.setText("\n".join(self._notices.values()))
            self.notice_label.show()
        else:
            self.notice_label.hide()
        self._scale_text()

    def _scale_text(self) -> None:
        """The text as large as the height allows: a long notice or a short window shrinks it, never clips it.

        Each line's size is a share of a reference height (the phase word a
        quarter of it). The height the page needs grows in step with that
        reference, so two trial layouts give the largest reference that fits.
        """
        height = self.height()
        labels = self.findChildren(FitLabel)

        def needed(reference: float) -> int:
            for label in labels:
                label.set_reference_height(max(1, round(reference)))
            layout = self.layout()
            if layout.hasHeightForWidth():  # the notice wraps its words
                return layout.totalHeightForWidth(self.width())
            return layout.totalSizeHint().height()

        full = needed(height)
        if full <= height:
            return
        half = needed(height / 2)
        per_pixel = (full - half) / (height / 2)  # what one more pixel of reference costs
        if per_pixel > 0:
            needed(min(height, (height - (half - per_pixel * height / 2)) / per_pixel))

    def notices(self) -> list[str]:
        return list(self._notices.values())

    # ----------------------------------------------------------------- showing

    def set_reminders(self, reminders: tuple[str, ...]) -> None:
        self._reminders = reminders or FORM_REMINDERS
        self._reminder_index = 0

    def _next_reminder(self) -> None:
        self._reminder_index = (self._reminder_index + 1) % len(self._reminders)
        self.reminder_label.setText(self._reminders[self._reminder_index])

    def _on_workout_changed(self, workout) -> None:
        self._phase = None
        self._cancel_abandon()
        if self._help_overlay is not None:
            self._help_overlay.hide()

    def on_events(self, events: list[Event]) -> None:
        for event in events:
            if event.kind is EventKind.PHASE_STARTED:
                self.flash_overlay.flash()
            elif event.kind is EventKind.REP_FAILED:
                self.say(f"Rep marked failed{self._on_side(event)}: {self._after_a_failed_rep()}")
            elif event.kind is EventKind.SIDE_SWITCHED and event.phase is Phase.SWITCH:
                self._say_what_is_owed(event)
            elif event.kind is EventKind.REP_UNDONE:
                self.say(f"Rep taken back{self._on_side(event)}: {event.rep} done")
            elif event.kind is EventKind.WORKOUT_FINISHED:
                self._reminder_timer.stop()

    def _say_what_is_owed(self, event: Event) -> None:
        """L or R mid-set: the side left still owes reps, and the set comes back for them."""
        workout = self.driver.workout
        if workout is None:
            return
        status = workout.status(event.at)
        left = event.side.other
        owed = status.reps_target - status.counts.get(left, 0)
        if not workout.plan.replace_failed:
            owed -= status.failed.get(left, 0)
        if left is not Side.BOTH and owed > 0:
            self.say(f"{event.side.label} leg now · then back to {left.label} for {owed} "
                     f"rep{'s' if owed != 1 else ''}")

    def _after_a_failed_rep(self) -> str:
        """What the set does next, so that a lifter who racks the bar knows the key that ends it."""
        workout = self.driver.workout
        replaced = workout is None or workout.plan.replace_failed
        return ("one more rep makes it up · Esc ends the set" if replaced
                else "it counts toward the set · Esc ends the set")

    @staticmethod
    def _on_side(event: Event) -> str:
        return "" if event.side is Side.BOTH else f" ({event.side.label} leg)"

    def say(self, text: str) -> None:
        """What a key just did, on the title line for a few seconds (the lifter glances over after F)."""
        self._said = text
        self.title_label.setText(text)
        self._said_timer.start()

    def _unsay(self) -> None:
        self._said = ""
        self.title_label.setText(self.title)

    def show_status(self, status: Status) -> None:
        phase = Phase.READY if status.paused else status.phase
        if phase is not self._phase or status.paused != self._paused:
            self._phase, self._paused = phase, status.paused
            self._apply_colours(phase)
        done = " done" if status.phase in (Phase.REST, Phase.DONE) else ""
        self.set_label.setText(f"Set {status.set_number} of {status.sets}{done}")
        self.counts_label.setText(counts_text(status))
        self.title_label.setText(self._said or self.title)
        self.bar.set_value(status.progress)
        between_sets = status.phase in (Phase.READY, Phase.LEAD_IN, Phase.REST, Phase.SWITCH)
        if status.paused:
            self.phase_label.setText("PAUSED")
            self.seconds_label.setText(format_seconds(status.phase_remaining))
            self.rep_label.setText(f"{status.phase.label} — Space to resume")
        elif status.phase is Phase.READY:
            self.phase_label.setText("READY")
            self.seconds_label.setText("")
            first = f" · {status.side.label} leg first" if status.side is not Side.BOTH else ""
            self.rep_label.setText(f"Press Space to start{first}")
        elif status.phase is Phase.DONE:
            self.phase_label.setText("DONE")
            self.seconds_label.setText("")
            self.rep_label.setText("Enter for the summary")
        else:
            self.phase_label.setText(status.phase.label)
            self.seconds_label.setText(format_seconds(status.phase_remaining))
            self.rep_label.setText(self._rep_text(status))
        self.next_label.setText("" if status.paused else next_text(status))
        if between_sets and not status.paused:
            if not self._reminder_timer.isActive():
                self.reminder_label.setText(self._reminders[self._reminder_index % len(self._reminders)])
                self._reminder_timer.start()
        else:
            self._reminder_timer.stop()
            self.reminder_label.setText("")

    def _rep_text(self, status: Status) -> str:
        if status.phase is Phase.SWITCH:
            return f"Switch to your {status.next_side.label} leg"
        if status.phase in (Phase.LEAD_IN, Phase.REST):
            side = f" · {status.side.label} leg" if status.side is not Side.BOTH else ""
            return f"Get set for set {status.set_number + (status.phase is Phase.REST)}{side}"
        side = f" · {status.side.label} leg" if status.side is not Side.BOTH else ""
        if status.rep_number:
            return f"Rep {status.rep_number} of {status.reps_target}{side}"
        return side.strip(" ·")

    def _apply_colours(self, phase: Phase) -> None:
        background, text = PHASE_COLOURS[phase], TEXT_COLOURS[phase]
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(background))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
        self.setPalette(palette)
        self.bar.set_colour(text)
        self.notice_label.setStyleSheet(
            "background: #000000; color: #F0E442; font-weight: bold; padding: 6px; border-radius: 6px;"
            f"font-size: {max(14, self.height() // 30)}px;"
        )

    def background_colour(self) -> str:
        return self.palette().color(QPalette.ColorRole.Window).name().upper()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._scale_text()
        if self._flash_overlay is not None:
            self._flash_overlay.setGeometry(self.rect())
        if self._help_overlay is not None and self._help_overlay.isVisible():
            self._place_help()
