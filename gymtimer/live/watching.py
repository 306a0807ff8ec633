"""The live camera during a workout: the camera opened for the exercise, what it sees told to the workout.

One :class:`WorkoutWatch` lives with the main window. When an exercise with the
camera on starts, it opens the chosen camera (its own
:class:`~gymtimer.live.camera.CameraFeed`, no pictures: nothing is shown or kept
during a set), and every event of the watcher reaches the workout through a
:class:`~gymtimer.core.coach.Coach` and the driver, so the cues, the screen and
the session file hear of it as of any other event. After each seen rep the
screen shows its words ("LOWERED 2.9 s", "SLOWER", "SHORT", and with the pose
model its lockout verdict) and the cues play its sound in the first gap the
phase cues leave; within a rep, the leg the pose model sees working when it is
not the set's ("LEFT FOOT UP"), or the set's own after a switch ("RIGHT leg ✓"). A lost camera posts "Camera
not available — pacing only"; the workout goes on paced, and the camera is
looked for again every second (the watcher's own retry). The camera closes
a moment after the exercise ends (its last rep judged: ``LINGER_MS``), when
another is set, or when the window closes.

Each set is filmed in memory (``gymtimer/vision/replay.py``'s :class:`SetFilm`:
JPEG frames, at most 200 MB) from its start to a moment after its end, so that
it can be watched back (:meth:`WorkoutWatch.last_set`) at rest and after the
workout; the film is dropped when the next set starts or the window closes,
and nothing of it is written anywhere unless the lifter saves it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer

from gymtimer.core.coach import Coach
from gymtimer.core.notices import (
    CHECK_THE_BOX,
    Notices,
    clear_camera_notice,
    post_camera_not_available,
    post_check_the_box,
)
from gymtimer.core.plan import Side
from gymtimer.core.workout import SEEN_GRACE_SECONDS, Event, EventKind, Workout
from gymtimer.live.camera import CameraChoice, CameraFeed
from gymtimer.live.driver import WorkoutDriver

if TYPE_CHECKING:
    from gymtimer.core.camera_events import CameraEvent
    from gymtimer.core.seen import RepWords
    from gymtimer.cues.engine import CueEngine
    from gymtimer.vision.replay import SetFilm, SetReplay


class WatchedScreen(Protocol):
    """What the watch tells the workout screen (``gymtimer.ui.workout_view.WorkoutView``)."""

    def show_seen(self, words: RepWords, now: float) -> None: ...

    def set_camera_watching(self, watching: bool) -> None: ...

    def offer_replay(self, ready: bool) -> None: ...

#: How often the paced reps are checked for one the camera did not see (its grace is a second).
CHECK_MS = 200
#: After the workout's last rep the camera stays on this long: that rep's measurement comes within a second.
LINGER_MS = round(SEEN_GRACE_SECONDS * 1000) + 300


class WorkoutWatch(QObject):
    """Owns the camera while a workout with it on is set; see the module's docstring."""

    def __init__(self, driver: WorkoutDriver, view: WatchedScreen, notices: Notices, *,
                 cues: Callable[[], CueEngine | None] = lambda: None,
                 records_changed: Callable[[], None] = lambda: None,
                 feed: CameraFeed | None = None, timer: Callable[[QObject], QTimer] = QTimer,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.driver = driver
        self.view = view
        self.notices = notices
        self._cues = cues
        self._records_changed = records_changed
        self.feed = feed or CameraFeed(self)
        self.coach: Coach | None = None
        self.choice: CameraChoice | None = None
        self._told: str | None = None  # the coach's notice last posted
        self._check = timer(self)
        self._check.setInterval(CHECK_MS)
        self._check.timeout.connect(self.check_unseen)
        self._linger = timer(self)
        self._linger.setSingleShot(True)
        self._linger.timeout.connect(self._last_look)
        # The set's film: kept from its start until a moment after its end (its last rep judged and seen ending).
        self.film: SetFilm | None = None
        self._filmed: tuple[Workout, int] | None = None  # the workout and set number filmed
        self._cut = timer(self)
        self._cut.setSingleShot(True)
        self._cut.timeout.connect(self._end_film)
        self.feed.reported.connect(self.saw)
        driver.events_happened.connect(self._on_events)
        driver.workout_changed.connect(self._workout_changed)

    @property
    def watching(self) -> bool:
        """A workout with the camera on is set (the camera may be lost for now)."""
        return self.coach is not None

    def begin(self, choice: CameraChoice | None, workout: Workout, facing: Side | None = None) -> None:
        """``workout`` is set: watch it with ``choice``'s camera (None, or no box drawn and no body model: pacing
        only); ``facing`` is the side of the lifter's body facing the camera, as said on the setup page (the pose
        model, when it runs, names the working leg by it)."""
        self.stop()
        if choice is None or not choice.used:
            return
        self.choice = choice
        self.coach = Coach(workout, workout.plan.tempo.lower or None, follow=choice.follow, facing=facing)
        if workout.running:
            self._open()

    def _open(self) -> None:
        """The workout runs: the camera opens (during the lead-in, so it sees the lifter by the first rep)."""
        coach, choice = self.coach, self.choice
        assert coach is not None and choice is not None
        if self.film is None:
            from gymtimer.vision.replay import SetFilm

            self.film = SetFilm()
        self.feed.start(choice.camera, choice.box, planned_lower=coach.planned_lower, pictures=False, film=self.film)
        self._check.start()

    def stop(self) -> None:
        """The camera closes (when this returns); what was recorded stays in the workout's records."""
        self._check.stop()
        self._linger.stop()
        self.coach = None
        self.choice = None
        self._told = None
        self.feed.stop()
        self.view.set_camera_watching(False)
        clear_camera_notice(self.notices)

    # ----------------------------------------------------------------- what the camera says

    def saw(self, event: CameraEvent) -> list[Event]:
        """One event of the camera, on the main thread: the workout hears it through the coach.

        The coach alone dispatches on the event; the screen then shows what it
        made of it: the words after a rep, the notice when its state changed.
        """
        coach = self.coach
        if coach is None or coach.workout is not self.driver.workout:
            return []
        shown, camera = coach.shown, coach.camera
        events = self.driver.camera_saw(lambda now: coach.on_live(now, event))
        if coach.shown is not shown:
            self._show_rep(coach)
        if events or coach.shown is not shown:
            self._records_changed()  # a seen rep's measurement is in the records: save it as after a rep
        if coach.camera is not camera or coach.notice != self._told:
            self._tell_notice(coach)
        self._show_mark(coach)
        return events

    def check_unseen(self) -> list[Event]:
        """A few times a second: a paced rep the camera did not see in time is not counted."""
        coach = self.coach
        if coach is None or coach.workout is not self.driver.workout:
            return []
        shown = coach.shown
        events = self.driver.camera_saw(coach.tick)
        if coach.shown is not shown:
            self._show_rep(coach)  # "NOT SEEN" (and, the second in a row while moving, "CHECK THE BOX")
        if coach.notice != self._told:
            self._tell_notice(coach)
        if events:
            self._records_changed()
        return events

    def _last_look(self) -> None:
        """The workout ended a moment ago: its last rep has been judged; the camera closes."""
        self.check_unseen()
        self.stop()

    def _show_rep(self, coach: Coach) -> None:
        shown = coach.shown
        assert shown is not None
        self.view.show_seen(shown.words, shown.at)
        cues = self._cues()
        if shown.words.cue is not None and cues is not None:
            cues.play_seen(shown.words.cue, self.driver.forecast())

    def _tell_notice(self, coach: Coach) -> None:
        self._told = coach.notice
        if coach.notice == CHECK_THE_BOX:
            post_check_the_box(self.notices, following=coach.follow and not coach.workout.follow)
        elif coach.notice:
            # Following stops too: said, so that a lifter waiting to be followed knows.
            post_camera_not_available(self.notices, detail=coach.camera.detail if coach.camera else "",
                                      follow=coach.follow)
        else:
            clear_camera_notice(self.notices)

    def _show_mark(self, coach: Coach) -> None:
        """The mark shows while the device is open and the camera not lost."""
        self.view.set_camera_watching(self.feed.is_open and not coach.lost)

    # ----------------------------------------------------------------- the workout's side

    def _on_events(self, events: list[Event]) -> None:
        if self.coach is None:
            return
        kinds = {e.kind for e in events}
        if EventKind.WORKOUT_FINISHED in kinds:
            self._linger.start(LINGER_MS)  # its last rep is still to be judged
        elif EventKind.WORKOUT_STARTED in kinds and not self.feed.running and not self.feed.is_open:
            self._open()
        self._film_events(kinds)  # after the opening: the first set starts with the workout

    def _workout_changed(self, workout: Workout | None) -> None:
        if self.coach is not None and workout is not self.coach.workout:
            self.stop()

    # ----------------------------------------------------------------- the set watched back

    def _film_events(self, kinds: set[EventKind]) -> None:
        """A set starts: the last one's film is dropped and this one filmed; it ends: filmed a moment longer."""
        coach = self.coach
        if self.film is None or coach is None:
            return
        if EventKind.SET_STARTED in kinds:
            self._cut.stop()
            self.film.begin()
            self._filmed = (coach.workout, coach.workout.set_number)
            self.view.offer_replay(False)
        if EventKind.SET_FINISHED in kinds and self.film.filming:
            self._cut.start(LINGER_MS)

    def _end_film(self) -> None:
        if self.film is not None:
            self.film.end()
            self.view.offer_replay(self.has_film)

    @property
    def has_film(self) -> bool:
        """A set was filmed and can be watched back."""
        return self.film is not None and self._filmed is not None and len(self.film) > 0

    def last_set(self) -> SetReplay | None:
        """The set just lifted, to watch back: its film and its measured reps; None when none was filmed.

        Read when asked, so that the records' latest measurements are in it. Asked in the moment
        after the set's end while it is still filmed, filming stops here.
        """
        film, filmed = self.film, self._filmed
        if film is None or filmed is None or not len(film):
            return None
        from gymtimer.vision.replay import SetReplay, timeline

        if film.filming:
            self._cut.stop()
            film.end()
        workout, number = filmed
        sets = [s for s in workout.record.sets if s.number == number]
        reps = sorted((r.seen for s in sets for r in s.reps if r.seen is not None), key=lambda rep: rep.start)
        planned = workout.plan.tempo.lower or None
        sides = {s.side for s in sets} - {Side.BOTH}
        title = f"{workout.record.preset_name or 'Set'} · set {number}" + (
            f" ({' and '.join(sorted(side.value for side in sides))})" if sides else "")
        return SetReplay(film.shared(), timeline(reps, planned, shift=workout.origin), title)

    def drop_film(self) -> None:
        """The app quits: the last set's frames are let go."""
        self._cut.stop()
        if self.film is not None:
            self.film.clear()
        self._filmed = None
        self.view.offer_replay(False)
