"""The session in progress: its records, its journal, when it is saved, and whether it is kept.

The keeper follows the driver's events itself. A session begins at the first Start, gathers
each exercise lifted in a row, is written after every rep (after the screen has painted the
change) and ends with :meth:`SessionKeeper.finish`: into the history, or into the trash when
nothing was lifted. A save that fails is shown as a notice and retried; the journals still
unsaved when the lifter quits are listed by :meth:`SessionKeeper.unsaved_journals`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from gymtimer.core.notices import Notices, Place, Priority
from gymtimer.core.records import ExerciseRecord, SessionRecord
from gymtimer.core.workout import Event, EventKind, Workout

if TYPE_CHECKING:
    from gymtimer.live.driver import WorkoutDriver
    from gymtimer.store.journal import SessionJournal
    from gymtimer.store.sessions import SessionStore

#: Events after which the session on disk must be brought up to date.
SAVE_EVENTS = frozenset({
    EventKind.REP_COUNTED, EventKind.REP_FAILED, EventKind.REP_UNDONE, EventKind.SET_FINISHED,
    EventKind.REST_FINISHED, EventKind.WORKOUT_FINISHED, EventKind.REP_SEEN, EventKind.REP_NOT_SEEN,
})


def nothing_lifted(session: SessionRecord) -> bool:
    """No rep done or failed, and no effort or note given, in any exercise of ``session``."""
    return not any(s.reps or s.rpe is not None or s.note for e in session.exercises for s in e.sets)


def goes_to_trash(session: SessionRecord, *, unsaved: bool, folder: Path, sessions_dir: Path) -> bool:
    """A finished session that is not one for the history: started and ended before a single rep.

    Only a file safely in the sessions folder is trashed; one still unsaved, or saved in another
    folder the lifter picked, is left for the lifter.
    """
    return nothing_lifted(session) and not unsaved and folder == sessions_dir


class SessionKeeper(QObject):
    """Owns the session in progress and its file, from the first Start to Finish."""

    #: An exercise joined the session (at its Start), with its record: the window remembers the choice.
    exercise_joined = Signal(ExerciseRecord)

    def __init__(self, driver: WorkoutDriver, sessions: Callable[[], SessionStore], notices: Notices,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._driver = driver
        self._sessions = sessions  # called when first needed: the store loads after the first paint
        self._notices = notices
        self.session: SessionRecord | None = None
        self.journal: SessionJournal | None = None
        #: The exercise being lifted (or ready to start), ``None`` between sessions.
        self.workout: Workout | None = None
        self._unsaved_journals: list[SessionJournal] = []
        self._save_pending = False
        self._origin = 0.0
        driver.events_happened.connect(self._on_events)

    # ----------------------------------------------------------------- the exercises

    def begin_exercise(self, workout_for: Callable[[float], Workout]) -> Workout:
        """The next exercise of this session, built by ``workout_for(origin)``.

        Record times count from the session's origin: the first exercise's preparation, so every
        exercise of a session shares one time line.
        """
        if self.session is None:  # the session starts with its first exercise's Start
            self._origin = self._driver.clock()
        self.workout = workout_for(self._origin)
        return self.workout

    @property
    def current_exercise(self) -> ExerciseRecord | None:
        """The record being written now (the one a coach adds its measurements to)."""
        return None if self.workout is None else self.workout.record

    def records_changed(self) -> None:
        """Something other than the workout wrote into the session's records (e.g. measured
        phase times): save it, after the paint, as after a rep."""
        self._save_after_paint()

    def _on_events(self, events: list[Event]) -> None:
        kinds = {event.kind for event in events}
        if EventKind.WORKOUT_STARTED in kinds:
            self._start_or_continue()
        if kinds & SAVE_EVENTS:
            self._save_after_paint()

    def _start_or_continue(self) -> None:
        sessions = self._sessions()
        if self.session is None:
            # Record times count from the origin, so the session starts there on the wall clock too.
            waited = dt.timedelta(seconds=self._driver.clock() - self._origin)
            self.session = sessions.new_session(started_at=dt.datetime.now(dt.UTC) - waited)
        if self.workout is None:
            return
        if self.journal is None or self.journal.session is not self.session:
            self.journal = sessions.new_journal(self.session)  # one journal per session
            self.journal.setParent(self)
            self.journal.error_changed.connect(self._save_problem)
        if self.workout.record not in self.session.exercises:
            self.session.exercises.append(self.workout.record)
            self.exercise_joined.emit(self.workout.record)

    # ----------------------------------------------------------------- saving

    def _save_after_paint(self) -> None:
        """Save on the next turn of the event loop: the new phase is painted first, then the file
        is written and synced (milliseconds on a slow disk, never in front of the screen's change)."""
        if not self._save_pending:
            self._save_pending = True
            QTimer.singleShot(0, self, self._save_now)

    def _save_now(self) -> None:
        self._save_pending = False
        self.save()

    def save(self) -> None:
        """Bring the session file up to date: after every rep, so a crash loses at most one."""
        if self.journal is not None:
            self.journal.save()

    def _save_problem(self, message: str | None) -> None:
        self._notices.post("save", "Not saved: retrying, nothing is lost" if message else "",
                           detail=f"{message}. The workout goes on; saving is retried.", priority=Priority.DATA,
                           places={Place.WORKOUT})
        self._notices.post("save-later", "The last session is not saved yet" if message else "",
                           detail=f"{message}. It is kept in memory and saving is retried; "
                                  "when you quit, GymTimer offers another folder.",
                           priority=Priority.DATA, places={Place.SETUP})

    # ----------------------------------------------------------------- the end

    def finish(self) -> None:
        """Close the session: it joins the history (or the trash, if nothing was lifted), and the
        next Start begins a new one. A journal still unsaved keeps retrying until the lifter quits."""
        if self.session is not None and self.journal is not None:
            self.journal.finish()
            sessions = self._sessions()
            if goes_to_trash(self.session, unsaved=self.journal.unsaved, folder=self.journal.folder,
                             sessions_dir=sessions.sessions_dir):
                # Not a session for the history. Its file goes to the trash, as a deletion in History does, not away.
                sessions.delete(self.session)
            else:
                sessions.history.add(self.session)
        self.session = None
        self.workout = None
        if self.journal is not None:
            if self.journal.unsaved:  # it keeps retrying, and is offered another folder on quit
                self._unsaved_journals.append(self.journal)
            else:
                self.journal.deleteLater()
            self.journal = None

    def unsaved_journals(self) -> list[SessionJournal]:
        """The sessions whose files lag behind: those finished unsaved, and the current one once a save failed."""
        journals = [j for j in self._unsaved_journals if j.unsaved]
        if self.journal is not None and self.journal.unsaved and self.journal.last_error is not None:
            journals.append(self.journal)
        return journals

    def move_unsaved_to(self, folder: str | Path) -> None:
        """Write every unsaved session to ``folder`` from now on (the lifter picked it on quitting)."""
        for journal in self.unsaved_journals():
            journal.move_to(folder)
