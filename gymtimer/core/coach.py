"""The live camera's coach during a workout: the camera's events turned into the workout's calls.

Qt-free glue the workout screen owns while the camera is on. Every event the
camera reports (:data:`~gymtimer.core.camera_events.CameraEvent`, made by the
watcher in ``gymtimer/vision/live.py`` and relayed unchanged) comes to
:meth:`Coach.on_live`, which dispatches on it once: the
:class:`~gymtimer.core.workout.Workout` counts by what was seen (and,
following, moves when the lifter moves); :meth:`Coach.tick` marks the paced
reps nobody saw. Every call is handed ``now`` on the workout's clock, like the
workout itself. What the screen shows after an event (the words after a rep,
the camera's notice) is kept here for it to read.
"""

from __future__ import annotations

from typing import assert_never

import msgspec

from gymtimer.core.camera_events import (
    Behind,
    CameraEvent,
    CameraOpened,
    CameraState,
    Finished,
    Height,
    PhaseSeen,
    RepSeen,
    State,
    Still,
)
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.seen import TOO_FAST_SHARE, RepWords, rep_words
from gymtimer.core.tempo import Phase
from gymtimer.core.workout import RACK_STILL_SECONDS, Event, Workout

#: How long the words after a rep ("LOWERED 2.9 s", "SLOWER", "SHORT") stay on screen.
WORDS_SECONDS = 3.0
#: What the lifter is told when the camera is lost during a workout.
PACING_ONLY = "Camera not available — pacing only"


class Shown(msgspec.Struct, frozen=True):
    """The words after the latest seen rep, and when (on the workout's clock) they were seen."""

    words: RepWords
    at: float
    number: int  #: 1-based among the reps seen by this coach


class Coach:
    """Owns nothing but what the screen shows after an event (the last words, the camera's latest state):
    the workout keeps every record.

    ``planned_lower`` is the plan's lowering (the "SLOWER" verdict is against
    it); ``follow`` says the workout follows the lifter (phase and stillness
    events are used; pacing, they are not needed and are ignored).
    """

    def __init__(self, workout: Workout, planned_lower: float | None, follow: bool = False) -> None:
        self.workout = workout
        self.planned_lower = planned_lower
        self.follow = follow
        self.shown: Shown | None = None
        #: The camera's latest state heard (its ``detail`` says why it is lost, when it is).
        self.camera: CameraState | None = None
        self._seen = 0
        self._lost = False

    def on_live(self, now: float, event: CameraEvent) -> list[Event]:
        """One event of the camera, at ``now``; returns the workout's events, for the cues and the screen.

        Pacing, the phases and the stillness seen are not needed; a lost camera
        (state ``lost``) paces the reps until it sees the lifter again (``seeing``).
        """
        match event:
            case PhaseSeen(phase=Phase.LIFT | Phase.SQUEEZE | Phase.LOWER as phase, at=at) if self.follow:
                return self.workout.phase_seen(now, phase, at)
            case Still(seconds=seconds) if self.follow and seconds >= RACK_STILL_SECONDS:
                return self.workout.hips_still(now)
            case RepSeen(rep=rep):
                return self._rep_seen(now, rep)
            case CameraState(state=state):
                self.camera = event
                if state is State.LOST:
                    self._lost = True
                    return self.workout.watch(now, False)
                if state is State.SEEING:
                    self._lost = False
                    return self.workout.watch(now, True)
                return []
            case PhaseSeen() | Still() | CameraOpened() | Height() | Behind() | Finished():
                return []  # the device, the heights and a file's end say nothing to the workout
            case _:
                assert_never(event)

    def _rep_seen(self, now: float, rep: MeasuredRep) -> list[Event]:
        if self.planned_lower:  # the record's flag is the verdict the lifter was shown and heard
            rep = msgspec.structs.replace(rep, lowering_too_fast=rep.lower < TOO_FAST_SHARE * self.planned_lower)
        self._seen += 1
        self.shown = Shown(rep_words(rep, self.planned_lower), now, self._seen)
        return self.workout.rep_seen(now, rep)

    def tick(self, now: float) -> list[Event]:
        """Call from the display timer: the paced reps the camera did not see in time are not counted."""
        return self.workout.rep_not_seen(now)

    def words(self, now: float) -> Shown | None:
        """The words to show at ``now``: the latest rep's, for :data:`WORDS_SECONDS` after it was seen."""
        shown = self.shown
        if shown is None or now - shown.at > WORDS_SECONDS or now < shown.at:
            return None
        return shown

    @property
    def notice(self) -> str | None:
        """"Camera not available — pacing only" while the camera is lost, else None."""
        return PACING_ONLY if self._lost else None
