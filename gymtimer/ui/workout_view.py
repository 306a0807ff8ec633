"""The full-window workout screen: phase word, seconds left, counts per leg, all keys."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gymtimer.core.durations import countdown
from gymtimer.core.notices import Notices, Place, Priority
from gymtimer.core.plan import Side
from gymtimer.core.presets import FORM_REMINDERS
from gymtimer.core.tempo import REP_PHASES, Phase
from gymtimer.core.workout import REST_STEP_SECONDS, Event, EventKind, Status
from gymtimer.live.driver import WorkoutDriver
from gymtimer.ui.colours import PHASE_COLOURS, TEXT_COLOURS
from gymtimer.ui.following import until_destroyed
from gymtimer.ui.widgets import FitLabel, PhaseBar

if TYPE_CHECKING:
    from PySide6.QtGui import QShortcut

    from gymtimer.core.seen import RepWords
    from gymtimer.ui.flash import FlashOverlay
    from gymtimer.ui.seen_words import CameraMark, SeenWords

#: "Watch the set back": set when first shown (a style sheet on a widget costs at its polish even hidden).
REPLAY_BUTTON_STYLE = "font-size: 20px; padding: 8px 24px;"
#: Every key of the workout screen, as the help overlay lists them.
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Space  /  Page Down", "Start, pause, resume"),
    ("Backspace  /  Page Up", "Undo the last rep"),
    ("F", "Mark the rep failed"),
    ("Enter  /  N", "Skip the rest or lead-in: next"),
    ("Esc", "End the set (twice between sets: end the workout)"),
    ("+  /  −", f"Rest {REST_STEP_SECONDS:g} s longer / shorter"),
    ("L  /  R", "Switch to the left / right leg"),
    ("M", "Mute or unmute"),
    ("W", "Watch the set just lifted back (camera on; at rest)"),
    ("F11", "Full screen"),
    ("Ctrl+Q", "Quit (the workout is saved first)"),
    ("?", "Show or hide these keys"),
)

#: How long a form reminder stays before the next one.
REMINDER_SECONDS = 6.0
#: How long the title line says what a key did (F, Backspace).
TEXT_SHOWN_FOR_MS = 3000
#: Following, the hips still at the bottom: the set ends after a countdown, unless the lifter moves.
RACKING = "Racking? The set ends in"
RACKING_THEN = "move to keep going"
#: The status line's text: Okabe–Ito yellow on black (contrast 15:1).
NOTICE_COLOUR = "#F0E442"


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
        return f"Next: REST {countdown(status.next_length)}"
    if nxt is Phase.SWITCH:
        return f"Next: SWITCH to {status.next_side.label} leg"
    if nxt is Phase.LEAD_IN:
        side = f" · {status.next_side.label} leg first" if status.next_side is not Side.BOTH else ""
        number = status.set_number + (1 if status.phase is Phase.REST else 0)
        return f"Next: set {number} of {status.sets}{side}"
    side = f" · {status.next_side.label}" if status.next_side is not Side.BOTH and status.phase is not Phase.LOWER else ""
    length = status.next_length
    whole = abs(length - round(length)) < 1e-9
    return f"Next: {nxt.label} {countdown(length) if whole else f'{length:g}'} s{side}"  # 0.5 s, not 1 s


class WorkoutView(QWidget):
    """Shows one workout huge and in its phase's colour; every action has one key."""

    mute_requested = Signal()
    finished = Signal()  #: the workout ended (done or abandoned)
    replay_requested = Signal()  #: W, or the button: watch the set just lifted back

    def __init__(self, driver: WorkoutDriver, notices: Notices | None = None, parent: QWidget | None = None, *,
                 keys: bool = True) -> None:
        """``keys=False``: its keys wait for :meth:`bind_keys` (the app makes them after the first paint)."""
        super().__init__(parent)
        self.driver = driver
        self.notice_model = notices if notices is not None else Notices()
        self.setObjectName("WorkoutView")
        self.setAutoFillBackground(True)
        self.setProperty("focusPolicy", "StrongFocus")  # by name: see FitLabel on PySide6's Qt namespace
        self._phase: Phase | None = None
        self._paused = False
        self._confirm_abandon = False
        self._reminder_index = 0
        self._reminders: tuple[str, ...] = FORM_REMINDERS
        self.title = ""

        self.set_label = FitLabel(0.055, alignment="AlignLeft|AlignVCenter")
        self.title_label = FitLabel(0.035, bold=False)
        self.counts_label = FitLabel(0.075, alignment="AlignRight|AlignVCenter")
        self.phase_label = FitLabel(0.24)
        self.seconds_label = FitLabel(0.20)
        self.bar = PhaseBar()
        self.rep_label = FitLabel(0.06)
        self.next_label = FitLabel(0.045, bold=False)
        # Form reminders between sets; for a few seconds after F or Backspace, what the key did.
        self.reminder_label = FitLabel(0.06, bold=False)
        # One line, always there (empty or not), so nothing below it ever moves.
        self.status_line = FitLabel(0.04)
        self.status_line.setObjectName("statusLine")
        colours = self.status_line.palette()  # yellow on black, whatever the phase colour behind
        colours.setColor(QPalette.ColorRole.Window, QColor("#000000"))
        colours.setColor(QPalette.ColorRole.WindowText, QColor(NOTICE_COLOUR))
        self.status_line.setPalette(colours)
        self.hint_label = FitLabel(0.026, bold=False)
        self.hint_label.setText("Space start/pause · ⌫ undo · F failed · Enter next · Esc end set · ? all keys")

        top = self._top_row = QHBoxLayout()
        top.addWidget(self.set_label, 1)
        top.addWidget(self.counts_label, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(4)
        layout.addWidget(self.status_line)
        layout.addLayout(top)
        layout.addWidget(self.title_label)
        layout.addStretch(1)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.seconds_label)
        layout.addWidget(self.bar)
        layout.addWidget(self.rep_label)
        layout.addStretch(1)
        layout.addWidget(self.reminder_label)
        # At rest after a filmed set: the set watched back (W), shown only when there is one.
        self.replay_button = QPushButton("▶  Watch the set back  (W)")
        self.replay_button.setObjectName("replayButton")
        self.replay_button.setProperty("focusPolicy", "NoFocus")  # Space stays the workout's
        self.replay_button.clicked.connect(self.replay_requested.emit)
        self.replay_button.hide()
        centred = QHBoxLayout()  # centred by stretches: naming Qt's alignment here would build its namespace early
        centred.addStretch(1)
        centred.addWidget(self.replay_button)
        centred.addStretch(1)
        layout.addLayout(centred)
        layout.addWidget(self.next_label)
        layout.addWidget(self.hint_label)

        self._help_overlay: QLabel | None = None  # both built when first needed, after the first paint
        self._flash_overlay: FlashOverlay | None = None

        self._reminder_timer = QTimer(self)
        self._reminder_timer.setInterval(round(REMINDER_SECONDS * 1000))
        self._reminder_timer.timeout.connect(self._next_reminder)
        self._text = self._text_then = ""
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_SHOWN_FOR_MS)
        self._text_timer.timeout.connect(self._hide_text)
        self._abandon_timer = QTimer(self)
        self._abandon_timer.setSingleShot(True)
        self._abandon_timer.setInterval(5000)
        self._abandon_timer.timeout.connect(self._cancel_abandon)

        # What the camera saw of the last rep, over the lines below the phase bar; the camera's mark. Both are
        # built when first needed: a workout without the camera has neither (their style sheets are polished
        # even hidden: 5.7 million instructions before the first paint, with their module).
        self._seen_words: SeenWords | None = None
        self._camera_mark: CameraMark | None = None
        self._seen_until: float | None = None
        self._seen_timer = QTimer(self)
        self._seen_timer.setSingleShot(True)
        self._seen_timer.timeout.connect(self._clear_seen_if_due)

        self.shortcuts: dict[str, QShortcut] = {}
        if keys:
            self.bind_keys()
        driver.status_changed.connect(self.show_status)
        driver.events_happened.connect(self.on_events)
        driver.workout_changed.connect(self._on_workout_changed)
        until_destroyed(self, self.notice_model.subscribe(self._show_notices))
        self._show_notices()

    @property
    def help_overlay(self) -> QLabel:
        """Every key, over the screen (? shows it)."""
        if self._help_overlay is None:
            overlay = self._help_overlay = QLabel(self)
            overlay.setTextFormat(QtCore.Qt.TextFormat.RichText)
            overlay.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            overlay.setWordWrap(True)  # a long notice wraps inside the overlay
            overlay.setStyleSheet("background: rgba(0,0,0,225); color: white; border-radius: 16px;")
            overlay.hide()
        return self._help_overlay

    @property
    def seen_words(self) -> SeenWords:
        """What the camera saw of the last rep (built at the first)."""
        if self._seen_words is None:
            from gymtimer.ui.seen_words import SeenWords

            self._seen_words = SeenWords(self)
            self._place_seen()
        return self._seen_words

    @property
    def camera_mark(self) -> CameraMark:
        """The camera's mark in the top right corner (built when the camera first watches)."""
        if self._camera_mark is None:
            from gymtimer.ui.seen_words import CameraMark

            self._camera_mark = CameraMark(self)
            self._place_camera_mark()
        return self._camera_mark

    @property
    def flash_overlay(self) -> FlashOverlay:
        """The edges that flash at a phase start."""
        if self._flash_overlay is None:
            from gymtimer.ui.flash import FlashOverlay

            self._flash_overlay = FlashOverlay(self)
        return self._flash_overlay

    # ----------------------------------------------------------------- keys

    def bind_keys(self) -> None:
        """Every key of the screen, once (PySide6 makes the shortcut classes on first use)."""
        if self.shortcuts:
            return
        from PySide6.QtGui import QKeySequence, QShortcut

        bindings = {
            ("Space", "PgDown"): self.toggle,
            ("Backspace", "PgUp"): lambda: self.driver.undo(),
            ("F",): lambda: self.driver.fail(),
            ("Return", "Enter", "N"): self.next,
            ("Esc",): self.escape,
            ("+", "="): lambda: self.driver.adjust_rest(REST_STEP_SECONDS),
            ("-", "_"): lambda: self.driver.adjust_rest(-REST_STEP_SECONDS),
            ("L",): lambda: self.driver.switch_side(Side.LEFT),
            ("R",): lambda: self.driver.switch_side(Side.RIGHT),
            ("M",): self.mute_requested.emit,
            ("W",): self.replay_requested.emit,
            ("?", "F1", "H"): self.toggle_help,
        }
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
            if self._help_overlay is not None and self._help_overlay.isVisible() and key not in ("?", "F1", "H", "M"):
                self._help_overlay.hide()
                if key == "Esc":
                    return
            slot()

        return run

    def toggle(self) -> None:
        self.driver.toggle()

    def next(self) -> None:
        workout = self.driver.workout
        if workout is not None and workout.finished:
            self.finished.emit()
            return
        self.driver.skip()

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
            self.driver.end_set()
        elif self._confirm_abandon:
            self._cancel_abandon()
            self.driver.abandon()
        else:
            self._confirm_abandon = True
            self._abandon_timer.start()
            self.notice_model.post("abandon", "End the workout? Esc again ends it, any other key carries on",
                                   priority=Priority.QUESTION, places={Place.WORKOUT})

    def _cancel_abandon(self) -> None:
        self._confirm_abandon = False
        self._abandon_timer.stop()
        self.notice_model.clear("abandon")

    def toggle_help(self) -> None:
        import html  # when ? is pressed: the workout window paints without it (docs/performance.md)

        from gymtimer.ui.keys_help import keys_html

        if self.help_overlay.isVisible():
            self.help_overlay.hide()
            return
        size = max(11, min(self.height() // 36, self.width() // 48))  # the longest row fits 800 px wide
        text = keys_html(SHORTCUTS, size)
        notices = self.notice_model.shown(Place.WORKOUT)
        if notices:
            items = "".join(f"<li>{html.escape(n.full_text())}</li>" for n in notices)
            text += f"<h3>Notices</h3><ul style='font-size:{size}px'>{items}</ul>"
        self.help_overlay.setText(text)
        self._place_help()
        self.help_overlay.show()
        self.help_overlay.raise_()

    def _place_help(self) -> None:
        margin_x, margin_y = self.width() // 20, self.height() // 24
        self.help_overlay.setGeometry(margin_x, margin_y, self.width() - 2 * margin_x, self.height() - 2 * margin_y)

    # ----------------------------------------------------------------- notices

    def _show_notices(self) -> None:
        """The most important notice on the status line, and how many more wait behind it (? lists them)."""
        shown = self.notice_model.shown(Place.WORKOUT)
        if shown:
            more = f"   +{len(shown) - 1} more: ? shows all" if len(shown) > 1 else ""
            self.status_line.setText(shown[0].text + more)
            self.status_line.setToolTip("\n".join(n.full_text() for n in shown))
        else:
            self.status_line.setText("")
            self.status_line.setToolTip("")
        self.status_line.setAutoFillBackground(bool(shown))
        if self._help_overlay is not None and self._help_overlay.isVisible():
            self.toggle_help()  # shown again with the notices as they are now
            self.toggle_help()

    def _scale_text(self) -> None:
        """The text as large as the height allows: a long notice or a short window shrinks it, never clips it.

        Each line's size is a share of a reference height (the phase word a
        quarter of it). The height the page needs grows in step with that
        reference, so two trial layouts give the largest reference that fits.
        """
        height = self.height()
        labels = self.findChildren(FitLabel)

        def needed(reference: float) -> int:
            for label in labels:  # trial sizes: the fonts shown change once, to the size chosen
                label.set_reference_height(max(1, round(reference)), trial=True)
            self._top_row.invalidate()  # a nested layout keeps its old size hint otherwise
            self.layout().invalidate()
            return self.layout().totalSizeHint().height()

        full = needed(height)
        if full > height:
            half = needed(height / 2)
            per_pixel = (full - half) / (height / 2)  # what one more pixel of reference costs
            if per_pixel > 0:
                reference = min(height, (height - (half - per_pixel * height / 2)) / per_pixel)
                while needed(reference) > height and reference > 1:  # the fonts round: a pixel or two more
                    reference *= 0.98
        for label in labels:
            label.fit()

    def notices(self) -> list[str]:
        """The workout screen's notices in full, the most important first."""
        return [n.full_text() for n in self.notice_model.shown(Place.WORKOUT)]

    # ----------------------------------------------------------------- showing

    def set_reminders(self, reminders: tuple[str, ...]) -> None:
        self._reminders = reminders or FORM_REMINDERS
        self._reminder_index = 0

    def _next_reminder(self) -> None:
        self._reminder_index = (self._reminder_index + 1) % len(self._reminders)
        if not self._text:
            self.reminder_label.setText(self._reminders[self._reminder_index])

    def _on_workout_changed(self, workout) -> None:
        self._phase = None
        self.clear_seen()
        self._cancel_abandon()
        if self._help_overlay is not None:
            self._help_overlay.hide()

    def on_events(self, events: list[Event]) -> None:
        for event in events:
            if event.kind is EventKind.PHASE_STARTED:
                self.flash_overlay.flash(TEXT_COLOURS.get(event.phase, "#000000"))
            elif event.kind is EventKind.REP_FAILED:
                self.show_text(f"Rep marked failed{self._on_side(event)}", then=self._after_a_failed_rep())
            elif event.kind is EventKind.SIDE_SWITCHED and event.phase is Phase.SWITCH:
                self._say_what_is_owed(event)
            elif event.kind is EventKind.REP_UNDONE:
                self.show_text(f"Rep taken back{self._on_side(event)}: {event.reps_done} done")
            elif event.kind is EventKind.TICK and event.phase is Phase.BOTTOM:  # following: the bar racked?
                self.show_text(f"{RACKING} {event.count}…", then=RACKING_THEN)
            elif event.kind in (EventKind.RACKING_CANCELLED, EventKind.SET_FINISHED) and self._text.startswith(
                    RACKING):
                self._text_timer.stop()
                self._hide_text()
            if event.kind is EventKind.WORKOUT_FINISHED:
                self._reminder_timer.stop()

    def _say_what_is_owed(self, event: Event) -> None:
        """L or R mid-set: the side left still owes reps, and the set comes back for them."""
        workout = self.driver.workout
        if workout is None:
            return
        left = event.side.other
        owed = workout.status(event.at).owed.get(left, 0)
        if left is not Side.BOTH and owed > 0:
            self.show_text(f"{event.side.label} leg now · then back to {left.label} for {owed} "
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

    def show_text(self, text: str, then: str = "") -> None:
        """What a key just did, large on the reminder line for a few seconds (the lifter glances over after F);
        ``then``, what happens next, on the line below it for as long."""
        self._text = text
        self._text_then = then
        self.reminder_label.set_bold(True)
        self.reminder_label.setText(text)
        if then:
            self.next_label.setText(then[:1].upper() + then[1:])
        self._text_timer.start()

    def _hide_text(self) -> None:
        self._text = self._text_then = ""
        self.reminder_label.set_bold(False)
        self.reminder_label.setText(self._reminders[self._reminder_index % len(self._reminders)]
                                    if self._reminder_timer.isActive() else "")

    def text_shown(self) -> str:
        """What the screen says a key just did (and what follows), or ''."""
        return f"{self._text}: {self._text_then}" if self._text_then else self._text

    # ----------------------------------------------------------------- what the camera saw

    def show_seen(self, words: RepWords, now: float) -> None:
        """After a seen rep: its words, large, for :data:`SEEN_SECONDS` from ``now`` (the driver's clock).

        They cover the lines below the phase bar, never the phase word, the
        seconds or the counts, and go by themselves at the first refresh after
        their time (or, the display being still, by a timer).
        """
        from gymtimer.ui.seen_words import SEEN_SECONDS

        self._seen_until = now + SEEN_SECONDS
        self._place_seen()
        self.seen_words.show_words(words)  # built and placed at the first
        if self._help_overlay is not None and self._help_overlay.isVisible():
            self._help_overlay.raise_()
        self._seen_timer.start(round(SEEN_SECONDS * 1000) + 50)

    def seen(self) -> str:
        """The seen rep's words on the screen ('LOWERED 1.4 s', 'LOWERED 0.8 s · SLOWER', 'LOWERED 2.9 s ·
        lockout ✓'; within a rep, "LEFT LEG'S SET · LEFT FOOT UP"), or ''."""
        if self._seen_words is None:
            return ""
        words = self._seen_words.words
        if words is None or not self._seen_words.isVisible():
            return ""
        return " · ".join(part for part in (words.lowered, words.verdict, words.body) if part)

    def clear_seen(self) -> None:
        self._seen_until = None
        self._seen_timer.stop()
        if self._seen_words is not None:
            self._seen_words.clear()

    def _clear_seen_if_due(self) -> None:
        if self._seen_until is not None and self.driver.clock() >= self._seen_until:
            self.clear_seen()
        elif self._seen_until is not None:  # a clock that is not the wall's (tests, a replay): ask again later
            self._seen_timer.start(250)

    def offer_replay(self, ready: bool) -> None:
        """A filmed set can be watched back (the button shows), or no longer (the next set started)."""
        if ready and not self.replay_button.styleSheet():  # styled when first shown: polished even hidden
            self.replay_button.setStyleSheet(REPLAY_BUTTON_STYLE)
        self.replay_button.setVisible(ready)

    def set_camera_watching(self, watching: bool) -> None:
        """The mark in the top right corner while the camera watches the lifter."""
        if not watching and self._camera_mark is None:
            return
        self.camera_mark.setVisible(watching)
        if watching:
            self._place_camera_mark()
            self.camera_mark.raise_()

    def camera_watching(self) -> bool:
        return self._camera_mark is not None and self._camera_mark.isVisible()

    def _place_seen(self) -> None:
        if self._seen_words is None:
            return
        top = self.bar.geometry().bottom() + 1 + self.layout().spacing()
        margins = self.layout().contentsMargins()
        self._seen_words.place(QtCore.QRect(margins.left(), top, self.width() - margins.left() - margins.right(),
                                           self.height() - margins.bottom() - top))

    def _place_camera_mark(self) -> None:
        if self._camera_mark is None:
            return
        title = self.title_label.geometry()
        self._camera_mark.place(self.width() - self.layout().contentsMargins().right(), title.top(),
                               max(12, title.height()))

    def show_status(self, status: Status) -> None:
        if self._seen_until is not None and self.driver.clock() >= self._seen_until:
            self.clear_seen()
        phase = Phase.READY if status.paused else status.phase
        if phase is not self._phase or status.paused != self._paused:
            self._phase, self._paused = phase, status.paused
            self._apply_colours(phase)
        done = " done" if status.phase in (Phase.REST, Phase.DONE) else ""
        self.set_label.setText(f"Set {status.set_number} of {status.sets}{done}")
        self.counts_label.setText(counts_text(status))
        self.title_label.setText(self.title)
        self.bar.set_value(status.progress)
        between_sets = status.phase in (Phase.READY, Phase.LEAD_IN, Phase.REST, Phase.SWITCH)
        if status.paused:
            self.phase_label.setText("PAUSED")
            self.seconds_label.setText(countdown(status.phase_remaining))
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
            self.seconds_label.setText(countdown(status.phase_remaining))
            if status.phase is Phase.BOTTOM and math.isinf(status.phase_length):  # following: no metronome here
                rep = self._rep_text(status)
                self.rep_label.setText(f"{rep} · lift when you are ready" if rep else "Lift when you are ready")
            else:
                self.rep_label.setText(self._rep_text(status))
        if self._text_then:
            self.next_label.setText(self._text_then[:1].upper() + self._text_then[1:])
        else:
            self.next_label.setText("" if status.paused else next_text(status))
        if between_sets and not status.paused:
            if not self._reminder_timer.isActive():
                self._reminder_timer.start()
                if not self._text:
                    self.reminder_label.setText(self._reminders[self._reminder_index % len(self._reminders)])
        else:
            self._reminder_timer.stop()
            if not self._text:
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

    def background_colour(self) -> str:
        return self.palette().color(QPalette.ColorRole.Window).name().upper()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._scale_text()
        self.layout().activate()  # the lines' new places, for the panels laid over them
        self._place_seen()
        self._place_camera_mark()
        if self._flash_overlay is not None:
            self._flash_overlay.setGeometry(self.rect())
        if self._help_overlay is not None and self._help_overlay.isVisible():
            self._place_help()
