"""The main window: setup, workout and summary pages, and the session they fill."""

from __future__ import annotations

import datetime as dt
import uuid

import msgspec
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from gymtimer import __version__
from gymtimer.core.presets import BUILTIN_PRESETS, Preset
from gymtimer.core.records import SessionRecord
from gymtimer.core.units import Unit
from gymtimer.core.workout import Event, EventKind, Workout
from gymtimer.cues.keep_awake import KeepAwake
from gymtimer.ui.driver import WorkoutDriver
from gymtimer.ui.setup_page import SetupPage
from gymtimer.ui.summary_page import SummaryPage
from gymtimer.ui.workout_view import PAUSED_SLEEP_AFTER_MS, WorkoutView

#: Events after which the session on disk must be brought up to date.
SAVE_EVENTS = frozenset({
    EventKind.REP_COUNTED, EventKind.REP_FAILED, EventKind.REP_UNDONE, EventKind.SET_FINISHED,
    EventKind.REST_FINISHED, EventKind.WORKOUT_FINISHED,
})


class MainWindow(QMainWindow):
    """Setup → workout → summary, with one session spanning the exercises done in a row."""

    session_saved = Signal(object)  #: SessionRecord

    def __init__(self, driver: WorkoutDriver | None = None, presets: list[Preset] | None = None,
                 keep_awake: KeepAwake | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("GymTimer")
        self.resize(1366, 768)
        self.driver = driver or WorkoutDriver(parent=self)
        self.keep_awake = keep_awake or KeepAwake()
        self.session: SessionRecord | None = None
        self._session_origin = 0.0
        self.workout: Workout | None = None
        self.muted = False

        self.pages = QStackedWidget()
        self.setup_page = SetupPage(list(presets or BUILTIN_PRESETS))
        self.workout_view = WorkoutView(self.driver)
        self.summary_page = SummaryPage()
        for page in (self.setup_page, self.workout_view, self.summary_page):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)

        self.setup_page.start_requested.connect(self.start_exercise)
        self.workout_view.fullscreen_requested.connect(self.toggle_fullscreen)
        self.workout_view.mute_requested.connect(self.toggle_mute)
        self.workout_view.finished.connect(self.show_summary)
        self.summary_page.next_exercise_requested.connect(self.show_setup)
        self.summary_page.finish_requested.connect(self.finish_session)
        self.summary_page.log_changed.connect(self.save_session)
        self.driver.events_happened.connect(self._on_events)

        self._sleep_timer = QTimer(self)
        self._sleep_timer.setSingleShot(True)
        self._sleep_timer.setInterval(PAUSED_SLEEP_AFTER_MS)
        self._sleep_timer.timeout.connect(self.keep_awake.release)

    # ----------------------------------------------------------------- pages

    def current_page(self) -> QWidget:
        return self.pages.currentWidget()

    def show_setup(self) -> None:
        self.pages.setCurrentWidget(self.setup_page)
        self.setup_page.preset_list.setFocus()

    def show_summary(self) -> None:
        if self.workout is not None:
            self.summary_page.show_record(self.workout.record)
        self.pages.setCurrentWidget(self.summary_page)

    def prepare_exercise(self, preset: Preset, load: float, unit: Unit) -> Workout:
        """Show the workout screen for ``preset``, ready: Space starts it."""
        plan = msgspec.structs.replace(preset.plan, load=load, unit=unit)
        if self.session is None:
            self._session_origin = self.driver.clock()
            self.session = SessionRecord(
                id=uuid.uuid4().hex,
                started_at=dt.datetime.now(dt.timezone.utc).astimezone(),
                app_version=__version__,
            )
        self.workout = Workout(plan, origin=self._session_origin, preset_name=preset.name,
                               variation=preset.variation)
        self.workout_view.title = f"{preset.name} · {preset.plan.tempo.notation()}" + (
            f" · {load:g} {unit.value}" if load else "")
        self.workout_view.set_reminders(preset.reminders)
        self.pages.setCurrentWidget(self.workout_view)
        self.workout_view.setFocus()
        self.driver.set_workout(self.workout)
        return self.workout

    def start_exercise(self, preset: Preset, load: float, unit: Unit) -> Workout:
        """The lifter pressed Start: the lead-in begins at once."""
        workout = self.prepare_exercise(preset, load, unit)
        self.driver.act("start")
        return workout

    # ----------------------------------------------------------------- events

    def _on_events(self, events: list[Event]) -> None:
        kinds = {event.kind for event in events}
        if EventKind.WORKOUT_STARTED in kinds and self.session is not None and self.workout is not None:
            if self.workout.record not in self.session.exercises:
                self.session.exercises.append(self.workout.record)
        if kinds & {EventKind.WORKOUT_STARTED, EventKind.RESUMED}:
            self._sleep_timer.stop()
            if not self.keep_awake.held:
                self.keep_awake.hold()
            self.workout_view.set_notice("sleep", self.keep_awake.problem)
        if EventKind.PAUSED in kinds:
            self._sleep_timer.start()
        if kinds & SAVE_EVENTS:
            self.save_session()
        if EventKind.WORKOUT_FINISHED in kinds:
            self._sleep_timer.stop()
            self.keep_awake.release()
            self.workout_view.set_notice("sleep", "")
            self.show_summary()

    def save_session(self) -> None:
        """Bring the session on disk up to date (a session store subscribes to ``session_saved``)."""
        if self.session is not None:
            self.session_saved.emit(self.session)

    def finish_session(self) -> None:
        if self.session is not None:
            self.session.ended_at = dt.datetime.now(dt.timezone.utc).astimezone()
            self.save_session()
        self.session = None
        self.workout = None
        self.driver.set_workout(None)
        self.show_setup()

    # ----------------------------------------------------------------- window

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def toggle_mute(self) -> None:
        self.muted = not self.muted
        self.workout_view.set_notice("mute", "Muted: press M for sound" if self.muted else "")

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.workout is not None and self.workout.running:
            self.driver.act("abandon")
        if self.session is not None:
            self.finish_session()
        self.keep_awake.release()
        super().closeEvent(event)
