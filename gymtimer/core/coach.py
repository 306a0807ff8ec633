"""The live camera's coach during a workout: the watcher's events turned into the workout's calls.

Qt-free glue the workout screen owns while the camera is on. The watcher
(``gymtimer/vision/live.py``) hands over :class:`~gymtimer.core.reps.PhaseSeen`,
:class:`~gymtimer.core.reps.Still` and its ``RepSeen`` and ``CameraState``
events (taken here by their fields, so the core never loads the camera's side);
:meth:`Coach.on_live` makes the :class:`~gymtimer.core.workout.Workout` count by
what was seen (and, following, move when the lifter moves), and
:meth:`Coach.tick` marks the paced reps nobody saw. Every call is handed
``now`` on the workout's clock, like the workout itself.
"""

from __future__ import annotations

import msgspec

from gymtimer.core.reps import MeasuredRep, PhaseSeen, Still
from gymtimer.core.seen import TOO_FAST_SHARE, RepWords, rep_words
from gymtimer.core.tempo import Phase
from gymtimer.core.workout import RACK_STILL_SECONDS, Event, Workout

#: How long the words after a rep ("LOWERED 2.9 s", "SLOWER", "SHORT") stay on screen.
WORDS_SECONDS = 3.0
#: The camera's states (``gymtimer.vision.guidance.State`` values) in which it is lost: pacing only.
LOST_STATES = frozenset({"lost"})
#: The states in which it sees the lifter again: the reps count by it from the next one.
SEEING_STATES = frozenset({"seeing"})
#: What the lifter is told when the camera is lost during a workout.
PACING_ONLY = "Camera not available — pacing only"

_FOLLOWED = {Phase.LIFT.value: Phase.LIFT, Phase.SQUEEZE.value: Phase.SQUEEZE, Phase.LOWER.value: Phase.LOWER}


class Shown(msgspec.Struct, frozen=True):
    """The words after the latest seen rep, and when (on the workout's clock) they were seen."""

    words: RepWords
    at: float
    number: int  #: 1-based among the reps seen by this coach


class Coach:
    """Owns nothing but its last words: the workout keeps every record.

    ``planned_lower`` is the plan's lowering (the "SLOWER" verdict is against
    it); ``follow`` says the workout follows the lifter (phase and stillness
    events are used; pacing, they are not needed and are ignored).
    """

    def __init__(self, workout: Workout, planned_lower: float | None, follow: bool = False) -> None:
        self.workout = workout
        self.planned_lower = planned_lower
        self.follow = follow
        self.shown: Shown | None = None
        self._seen = 0
        self._lost = False

    def on_live(self, now: float, event: object) -> list[Event]:
        """One event from the watcher, at ``now``; returns the workout's events, for the cues and the screen."""
        if isinstance(event, PhaseSeen):
            phase = _FOLLOWED.get(str(event.phase))
            if not self.follow or phase is None:
                return []
            return self.workout.phase_seen(now, phase, event.at)
        if isinstance(event, Still):
            if not self.follow or event.seconds < RACK_STILL_SECONDS:
                return []
            return self.workout.hips_still(now)
        rep = getattr(event, "rep", None)
        if isinstance(rep, MeasuredRep):
            if self.planned_lower:  # the record's flag is the verdict the lifter was shown and heard
                rep = msgspec.structs.replace(rep, lowering_too_fast=rep.lower < TOO_FAST_SHARE * self.planned_lower)
            self._seen += 1
            self.shown = Shown(rep_words(rep, self.planned_lower), now, self._seen)
            return self.workout.rep_seen(now, rep)
        state = getattr(event, "state", None)
        if state is not None:
            return self._camera(now, str(state))
        return []  # heights and a file's end say nothing to the workout

    def _camera(self, now: float, state: str) -> list[Event]:
        if state in LOST_STATES:
            self._lost = True
            return self.workout.watch(now, False)
        if state in SEEING_STATES:
            self._lost = False
            return self.workout.watch(now, True)
        return []

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
