"""The main window: the setup, workout, summary and history pages, and the keys of every page.

The session those pages fill is kept by :class:`gymtimer.live.session_keeper.SessionKeeper`, the
screen kept on by :class:`gymtimer.live.keep_awake.AwakeWhileLifting`, the camera during a workout
by :class:`gymtimer.live.watching.WorkoutWatch`, and the sound (the cue engine, mute, the lifter's
sound and a preset's) by :class:`gymtimer.live.sound_control.SoundControl`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from gymtimer.core.notices import Notices, Place, Priority
from gymtimer.core.presets import Preset
from gymtimer.core.units import Unit
from gymtimer.live.driver import WorkoutDriver
from gymtimer.live.sound_control import SoundControl
from gymtimer.ui.following import until_destroyed

if TYPE_CHECKING:  # built on first use, so their imports wait too
    from gymtimer.core.plan import Side
    from gymtimer.core.records import ExerciseRecord, SessionRecord
    from gymtimer.core.workout import Event, Workout
    from gymtimer.live.camera import CameraChoice
    from gymtimer.live.keep_awake import AwakeWhileLifting, KeepAwake
    from gymtimer.live.session_keeper import SessionKeeper
    from gymtimer.live.sessions_watch import SessionsFolderWatch
    from gymtimer.live.setup_choices import SetupChoices
    from gymtimer.live.watching import WorkoutWatch
    from gymtimer.store.presets import PresetStore
    from gymtimer.store.sessions import LoadResult, SessionStore
    from gymtimer.store.settings import SettingsStore
    from gymtimer.ui.history_page import HistoryPage
    from gymtimer.ui.replay import ReplayDialog
    from gymtimer.ui.setup_page import SetupPage
    from gymtimer.ui.summary_page import SummaryPage
    from gymtimer.ui.workout_view import WorkoutView


class MainWindow(QMainWindow):
    """Setup → workout → summary, with one session spanning the exercises done in a row."""

    #: Follows the sessions folder once the history is loaded (made after the first paint).
    sessions_watch: SessionsFolderWatch | None = None

    def __init__(self, driver: WorkoutDriver | None = None, *, sessions: SessionStore | None = None,
                 presets: PresetStore | None = None, keep_awake: KeepAwake | None = None,
                 keys_after_first_paint: bool = False, parent: QWidget | None = None) -> None:
        """``keys_after_first_paint`` (the app's start): the window's keys, and the first page's keys and the
        rest of it, wait for that page's first paint (:meth:`first_painted`, or the setup page's own)."""
        super().__init__(parent)
        self.setWindowTitle("GymTimer")
        self.resize(1366, 768)
        font = self.font()
        font.setPixelSize(max(16, font.pixelSize()))  # the pages are read from a step or two away too
        # Drawn as designed, without hinting: at these sizes (16 px and up, the workout's words far larger)
        # hinting changes nothing the eye sees, and each glyph is loaded without running it (4 million
        # instructions before either first paint: docs/performance.md). Every page's fonts derive from this one.
        font.setHintingPreference(font.HintingPreference.PreferNoHinting)
        self.setFont(font)
        self.driver = driver or WorkoutDriver(parent=self)
        self._sessions: SessionStore | None = None
        if sessions is not None:
            self._follow(sessions)
        self._presets = presets
        self._preset_problems_told = False
        self.history_page: HistoryPage | None = None  # built when first opened
        self._maximized_before_full_screen = False
        self._watch: WorkoutWatch | None = None  # the camera during a workout, made when first needed
        self._choices: SetupChoices | None = None  # the setup page's preset, load and suggestions

        self.pages = QStackedWidget()
        self._setup_page: SetupPage | None = None
        self._summary_page: SummaryPage | None = None
        #: Every notice of the app (sound, saving, keep-awake, mute, recovered sessions…): each banner reads it.
        self.notices = Notices()
        until_destroyed(self, self.notices.subscribe(self._show_setup_notices))
        # The workout screen, the session keeper and the keep-awake are built together when first needed
        # (a plain start paints the setup page without them; app.py builds them right after that paint).
        self._keep_awake = keep_awake
        self._workout_view: WorkoutView | None = None
        self._keeper: SessionKeeper | None = None
        self._awake: AwakeWhileLifting | None = None
        #: The cue engine once attached, mute, the lifter's sound and the preset's.
        self.sound_control = SoundControl(self.driver, self.notices, lambda: self.settings, parent=self)
        self.setCentralWidget(self.pages)
        self._window_keys_bound = False
        self._keys_wait = keys_after_first_paint
        if not keys_after_first_paint:
            self._bind_window_keys()

    def first_painted(self) -> None:
        """The first screen is painted: its keys and the window's are made now (if they waited)."""
        self._keys_wait = False
        self._bind_window_keys()
        if self._workout_view is not None:
            self._workout_view.bind_keys()
        if self._setup_page is not None:
            self._setup_page.complete()

    def _bind_window_keys(self) -> None:
        """Ctrl+Q and F11, once (PySide6 makes the shortcut classes on first use: not before a first paint)."""
        if self._window_keys_bound:
            return
        self._window_keys_bound = True
        from PySide6.QtGui import QKeySequence, QShortcut

        quit_key = QShortcut(QKeySequence("Ctrl+Q"), self)  # saves first; Command+Q on a Mac
        quit_key.activated.connect(self.close)
        full_screen_key = QShortcut(QKeySequence("F11"), self)  # on every page, wherever the focus is
        full_screen_key.activated.connect(self.toggle_fullscreen)

    # ----------------------------------------------------------------- the workout's parts

    @property
    def workout_view(self) -> WorkoutView:
        """The workout screen (built with the keeper and the keep-awake when first needed)."""
        if self._workout_view is None:
            self._build_workout_parts()
        assert self._workout_view is not None
        return self._workout_view

    @property
    def keeper(self) -> SessionKeeper:
        """The session in progress and its file; it follows the driver's events itself."""
        if self._keeper is None:
            self._build_workout_parts()
        assert self._keeper is not None
        return self._keeper

    @property
    def awake(self) -> AwakeWhileLifting:
        """The screen kept on while lifting; it too follows the driver's events itself."""
        if self._awake is None:
            self._build_workout_parts()
        assert self._awake is not None
        return self._awake

    def _build_workout_parts(self) -> None:
        """The workout screen, the session keeper and the keep-awake, in this order.

        Built together, so the view still hears the driver's events first (it paints), then the
        keeper, the keep-awake and the window. No workout reaches the driver before they are
        built: :meth:`prepare_exercise` asks for them.
        """
        from gymtimer.live.keep_awake import AwakeWhileLifting, KeepAwake
        from gymtimer.live.session_keeper import SessionKeeper
        from gymtimer.ui.workout_view import WorkoutView

        view = self._workout_view = WorkoutView(self.driver, self.notices, keys=not self._keys_wait)
        if not self._keys_wait:
            self._bind_window_keys()  # with the workout screen's own keys
        self.pages.addWidget(view)
        self._keeper = SessionKeeper(self.driver, lambda: self.sessions, self.notices, parent=self)
        self._keeper.exercise_joined.connect(self._remember_choice)
        self._awake = AwakeWhileLifting(self.driver, self._keep_awake or KeepAwake(), self.notices, parent=self)
        view.mute_requested.connect(self.sound_control.toggle_mute)
        view.finished.connect(self.show_summary)
        view.replay_requested.connect(self.watch_set_back)
        self.driver.events_happened.connect(self._on_events)


    # ----------------------------------------------------------------- pages

    def current_page(self) -> QWidget:
        return self.pages.currentWidget()

    @property
    def presets(self) -> PresetStore:
        """The lifter's presets and remembered choices (read when first needed: not before the first paint)."""
        if self._presets is None:
            from gymtimer.store.presets import PresetStore
            from gymtimer.store.settings import SettingsStore

            self._presets = PresetStore(settings=SettingsStore())
        if not self._preset_problems_told:
            self._preset_problems_told = True
            for problem in (self._presets.problem, getattr(self._presets.settings, "problem", None)):
                if problem:
                    self.notices.post("presets", "Presets file not read", detail=problem,
                                      priority=Priority.DATA, places={Place.SETUP})
        return self._presets

    @property
    def settings(self) -> SettingsStore:
        """settings.json: the remembered presets and loads, the increments, the sound."""
        if self.presets.settings is None:
            from gymtimer.store.settings import SettingsStore

            self.presets.settings = SettingsStore()
        return self.presets.settings

    @property
    def sessions(self) -> SessionStore:
        """The session store of the data folder (imported when first needed)."""
        if self._sessions is None:
            from gymtimer.store.sessions import SessionStore

            self._follow(SessionStore())
        assert self._sessions is not None
        return self._sessions

    def _follow(self, store: SessionStore) -> None:
        """The load suggestions follow the store's history: a delete, an undo or an import counts at once."""
        self._sessions = store
        until_destroyed(self, store.history.subscribe(lambda _change: self._preset_chosen()))

    @property
    def history(self) -> list[SessionRecord]:
        """The sessions the suggestions are drawn from (none before the store is first needed)."""
        return [] if self._sessions is None else self._sessions.history.sessions

    @property
    def choices(self) -> SetupChoices:
        """The setup page's preset, load, plate jump and suggestions (a part of its own, without Qt)."""
        if self._choices is None:
            from gymtimer.live.setup_choices import SetupChoices

            self._choices = SetupChoices(lambda: self.settings, lambda: self.presets.all_presets(), lambda: self.history)
        return self._choices

    @property
    def setup_page(self) -> SetupPage:
        """Built on first use: with ``--preset`` the workout screen comes first and paints sooner."""
        if self._setup_page is None:
            from gymtimer.ui.setup_page import SetupPage

            page = self._setup_page = SetupPage(list(self.presets.all_presets()))
            self._show_setup_notices()
            self.pages.insertWidget(0, page)
            self._restore_last_choice()
            page.start_requested.connect(self.start_exercise)
            page.preset_chosen.connect(self._preset_chosen)
            page.presets_requested.connect(self.edit_presets)
            page.history_requested.connect(self.show_history)
            page.set_sound(self.sound_control.current)
            page.unit_changed.connect(self._show_increment)
            page.increment_changed.connect(self._set_increment)
            self._show_increment(page.unit())
            page.sound_changed.connect(self.sound_control.set_sound)
            page.test_sound_requested.connect(self.test_sound)
            if self._keys_wait:  # the app's start: the page completes itself after its first paint
                page.completed.connect(self._bind_window_keys)
            else:
                page.complete()
        return self._setup_page

    @property
    def summary_page(self) -> SummaryPage:
        if self._summary_page is None:
            from gymtimer.ui.summary_page import SummaryPage

            page = self._summary_page = SummaryPage()
            self.pages.addWidget(page)
            page.next_exercise_requested.connect(self.show_setup)
            page.finish_requested.connect(self.finish_session)
            page.log_changed.connect(self.keeper.save)
            page.replay_requested.connect(self.watch_set_back)
        return self._summary_page

    def show_setup(self) -> None:
        self.pages.setCurrentWidget(self.setup_page)
        self.setup_page.focus_presets()

    def show_summary(self) -> None:
        if self.keeper.workout is not None:
            self.summary_page.show_record(self.keeper.workout.record)
        self.summary_page.offer_replay(self._watch is not None and self._watch.has_film)
        self.pages.setCurrentWidget(self.summary_page)

    def _show_setup_notices(self) -> None:
        if self._setup_page is not None:
            self._setup_page.show_notices(self.notices.shown(Place.SETUP))

    def setup_notices(self) -> list[str]:
        """The setup page's notices in full, the most important first."""
        return [n.full_text() for n in self.notices.shown(Place.SETUP)]

    def _restore_last_choice(self) -> None:
        name = self.choices.last_preset()
        if name:
            try:
                self.setup_page.choose_preset(name)
            except KeyError:
                return
        self._preset_chosen()

    def _preset_chosen(self, *_args) -> None:
        """The setup page shows the chosen preset's load, sound and suggestions."""
        page = self._setup_page
        if page is None:
            return
        preset = page.preset()
        if self.sound_control.apply_preset(preset):
            page.set_sound(self.sound_control.current)
        offer = self.choices.offer(preset, page.unit())
        page.set_load(offer.load, offer.unit)
        page.show_suggestions(offer.suggestions)

    def _show_increment(self, unit: Unit) -> None:
        increment = self.choices.increment(unit)
        self.setup_page.set_increment(increment.amount, increment.unit, increment.most)

    def _set_increment(self, amount: float, unit: Unit) -> None:
        self.choices.set_increment(amount, unit)
        self._preset_chosen()

    def set_history(self, result: LoadResult) -> None:
        """The sessions on disk: for the suggestions, the history page and the charts."""
        self.sessions.history.reset(result.sessions)  # already so when ``result`` is the store's last load
        self.driver.spare_from_collector()  # with --preset the workout was set before the history came
        if result.problems or result.set_aside:
            count = len(result.set_aside or result.problems)
            self.notices.post(
                "unreadable", f"{count} session file{'s' if count != 1 else ''} could not be read",
                detail=f"{'They were' if count != 1 else 'It was'} set aside untouched: open History to see which.",
                priority=Priority.DATA, places={Place.SETUP})
        from gymtimer.live.sessions_watch import post_sync_conflicts

        post_sync_conflicts(self.notices, result.conflicts)
        if self.history_page is not None:
            self.history_page.show_history(result)
        self._preset_chosen()

    def edit_presets(self) -> None:
        from gymtimer.ui.preset_editor import PresetDialog

        dialog = PresetDialog(self.presets, select=self.setup_page.preset().name, parent=self)
        dialog.presets_changed.connect(lambda: self.setup_page.set_presets(list(self.presets.all_presets())))
        dialog.preset_saved.connect(lambda name: self.setup_page.set_presets(list(self.presets.all_presets()), name))
        dialog.exec()
        self.setup_page.set_presets(list(self.presets.all_presets()))

    def show_history(self) -> None:
        if self.history_page is None:
            from gymtimer.ui.history_page import HistoryPage

            self.history_page = HistoryPage(self.sessions)
            from gymtimer.ui.keys_help import HISTORY_KEYS, add_keys_help

            add_keys_help(self.history_page, HISTORY_KEYS)
            self.history_page.back_requested.connect(self.show_setup)
            self.pages.addWidget(self.history_page)
            from gymtimer.store.sessions import LoadResult

            self.history_page.show_history(LoadResult(sessions=self.history, set_aside=self.sessions.set_aside_files()))
        # A renamed preset's sessions are charted under its name now.
        self.history_page.summaries.names = {p.id: p.name for p in self.presets.all_presets()}
        self.history_page.set_unit(self.setup_page.unit())
        self.pages.setCurrentWidget(self.history_page)

    def open_exercise(self, preset: Preset, load: float, unit: Unit) -> Workout | None:
        """``--preset``: the workout screen, ready; a barbell (dumbbell, belt) preset at 0 asks for its load first.

        The setup page asks, showing the preset with the load lifted last on it, if any.
        """
        if load > 0 or not preset.variation.carries_load:
            return self.prepare_exercise(preset, load, unit)
        self.show_setup()
        page = self.setup_page
        page.set_presets(list(self.presets.all_presets()), preset.name)
        self._preset_chosen()  # the load lifted last on it, if any
        if page.load() <= 0:
            page.request_start()  # asks for the load rather than start at 0
        return None

    def prepare_exercise(self, preset: Preset, load: float, unit: Unit) -> Workout:
        """Show the workout screen for ``preset``, ready: Space starts it."""
        from gymtimer.core.workout import Workout

        plan = msgspec.structs.replace(preset.plan, load=load, unit=unit)
        choice = self.camera_choice()
        watched = choice is not None and choice.used
        workout = self.keeper.begin_exercise(lambda origin: Workout(
            plan, origin=origin, preset_name=preset.name, variation=preset.variation, preset_id=preset.id,
            watched=watched, follow=watched and choice.follow))
        self.workout_view.title = f"{preset.name} · {preset.plan.tempo.notation()}" + (
            f" · {load:g} {unit.value}" if load else "")
        self.workout_view.set_reminders(preset.reminders)
        self.pages.setCurrentWidget(self.workout_view)
        self.workout_view.setFocus()
        self.driver.set_workout(workout)
        if watched or self._watch is not None:
            self.watch.begin(choice if watched else None, workout, facing=self.camera_facing() if watched else None)
        self._say_camera_not_used(choice)
        return workout

    def _say_camera_not_used(self, choice: CameraChoice | None) -> None:
        """A camera chosen that the workout cannot use is said at Start, never dropped without a word."""
        from gymtimer.core.notices import CAMERA_KEY, post_camera_not_used

        if choice is not None and not choice.used:
            post_camera_not_used(self.notices, follow=choice.follow)
        elif choice is None and self._setup_page is None:
            from gymtimer.store.camera_settings import CameraMemory

            memory = CameraMemory(self.settings)
            if memory.chosen() is not None:  # remembered, but not on the system now
                post_camera_not_used(self.notices, follow=memory.follow(), why=f"{memory.chosen()} not found")
        elif self._watch is None:
            self.notices.clear(CAMERA_KEY)

    def camera_facing(self) -> Side | None:
        """The side of the lifter's body that faces the camera, as they said on the setup page (or remembered)."""
        if self._setup_page is not None:
            return self._setup_page.camera_panel.facing()
        from gymtimer.store.camera_settings import CameraMemory

        return CameraMemory(self.settings).facing()

    def camera_choice(self) -> CameraChoice | None:
        """The camera the next exercise is watched with: the setup page's, or (not shown yet) the one remembered."""
        if self._setup_page is not None:
            return self._setup_page.camera_choice()
        from gymtimer.store.camera_settings import CameraMemory

        memory = CameraMemory(self.settings)
        if memory.chosen() is None:  # the camera is Off: nothing of it loads before the first paint
            return None
        from gymtimer.live.camera import remembered_choice

        return remembered_choice(memory)

    @property
    def watch(self) -> WorkoutWatch:
        """The camera during a workout (made at the first exercise watched)."""
        if self._watch is None:
            from gymtimer.live.watching import WorkoutWatch

            self._watch = WorkoutWatch(self.driver, self.workout_view, self.notices, cues=lambda: self.sound_control.cues,
                                       records_changed=self._camera_counted, parent=self)
        return self._watch

    def _camera_counted(self) -> None:
        """The camera changed the records (a rep seen, short, or not seen): save; a summary on screen follows."""
        self.keeper.records_changed()
        workout = self.keeper.workout
        if self._summary_page is not None and self.current_page() is self._summary_page and workout is not None:
            self._summary_page.show_record(workout.record)

    # ----------------------------------------------------------------- the set watched back (W)

    def watch_set_back(self) -> ReplayDialog | None:
        """W, or the button at rest and on the summary: the set just lifted, watched back (never during a set)."""
        from gymtimer.ui.replay import open_replay, replay_allowed

        if not replay_allowed(self.driver.workout):
            return None
        replay = self._watch.last_set() if self._watch is not None else None
        if replay is None and self.current_page() is self.workout_view:
            self.workout_view.show_text("No set filmed to watch back: the camera was off")
        return open_replay(self, replay, driver=self.driver)

    def start_exercise(self, preset: Preset, load: float, unit: Unit) -> Workout:
        """The lifter pressed Start: the lead-in begins at once."""
        workout = self.prepare_exercise(preset, load, unit)
        self.driver.start()
        return workout

    # ----------------------------------------------------------------- sound (the sound control's)

    def test_sound(self) -> str:
        """Play the lift cue now; the setup page says what happened."""
        text = self.sound_control.test_sound()
        self.setup_page.show_sound_test(text)
        return text

    # ----------------------------------------------------------------- events

    def _on_events(self, events: list[Event]) -> None:
        """The session's part of the events is the keeper's, the screen's the keep-awake's: here, the summary."""
        from gymtimer.core.workout import EventKind

        if any(event.kind is EventKind.WORKOUT_FINISHED for event in events):
            self.show_summary()

    def _remember_choice(self, record: ExerciseRecord) -> None:
        """The preset and load just lifted are offered first next time; a disk problem must not stop the workout."""
        try:
            self.choices.remember(record)
        except OSError as error:
            self.notices.post("memory", "The last preset and load are not remembered", detail=str(error),
                              priority=Priority.DATA, places={Place.SETUP})

    def finish_session(self) -> None:
        """Close the session: it joins the history, and the next Start begins a new one."""
        if self._summary_page is not None:
            self._summary_page.apply_log()  # a note still being typed belongs to this session
        self.keeper.finish()
        self.driver.set_workout(None)
        self.show_setup()
        self._preset_chosen()

    # ----------------------------------------------------------------- window

    def toggle_fullscreen(self) -> None:
        """F11; leaving full screen goes back to maximized if it was (on a laptop it opens so)."""
        if self.isFullScreen():
            self.showMaximized() if self._maximized_before_full_screen else self.showNormal()
        else:
            self._maximized_before_full_screen = self.isMaximized()
            self.showFullScreen()

    def closeEvent(self, event) -> None:
        # Unsaved sessions first: Cancel must leave everything (the workout, paused) as it was.
        if self.keeper.unsaved_journals() and not self.offer_other_folder():
            event.ignore()
            return
        if self.keeper.workout is not None and self.keeper.workout.running:
            self.driver.abandon()
        if self.keeper.session is not None:
            self.finish_session()
        if self.keeper.unsaved_journals() and not self.offer_other_folder():
            event.ignore()
            return
        self.awake.release()
        if self._watch is not None:
            self._watch.stop()  # the camera closes with the window
            self._watch.drop_film()  # and the last set's frames are let go
        self.sound_control.close()
        super().closeEvent(event)

    def offer_other_folder(self) -> bool:
        """Sessions could not be saved: ask for another folder rather than lose them. True to quit."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox  # PySide6 builds these classes on first use

        workout = self.keeper.workout
        if workout is not None and workout.running and not workout.paused:
            # No rep is paced behind the question; after Cancel the lifter resumes with Space when set.
            self.driver.pause()
        while journals := self.keeper.unsaved_journals():
            journal = journals[0]
            count = f"{len(journals)} sessions are" if len(journals) > 1 else "This session is"
            answer = QMessageBox.warning(
                self, "GymTimer: session not saved",
                f"{journal.last_error}.\n\n{count} still only in memory. "
                "Save in another folder before quitting?",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
            if answer == QMessageBox.StandardButton.Cancel:
                return False
            if answer == QMessageBox.StandardButton.Discard:
                return True
            folder = QFileDialog.getExistingDirectory(self, "Save the sessions in")
            if folder:
                self.keeper.move_unsaved_to(folder)
        return True
