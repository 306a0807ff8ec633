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

With the optional pose model, its frames (``BodySeen``) go to a
:class:`~gymtimer.core.body_watch.BodyWatch`: within a rep of one-leg work the
screen is told as soon as the camera sees the wrong leg working ("LEFT FOOT UP",
"LEFT LEG'S SET"), or the set's leg after a switch ("RIGHT leg ✓");
each rep seen carries its working leg and lockout verdict to the workout's
records, and its words the lockout. Without frames, nothing of this is said.
"""

from __future__ import annotations

from typing import assert_never

import msgspec

from gymtimer.core.body import Landmarks
from gymtimer.core.body_watch import BodyWatch, Stance
from gymtimer.core.camera_events import (
    Behind,
    BodySeen,
    CameraEvent,
    CameraOpened,
    CameraState,
    Finished,
    Height,
    HipsFound,
    PhaseSeen,
    RepSeen,
    State,
    Still,
)
from gymtimer.core.notices import CHECK_THE_BOX
from gymtimer.core.plan import Laterality, Side
from gymtimer.core.reps import TOO_FAST_SHARE, MeasuredRep
from gymtimer.core.seen import NOT_SEEN_WORDS, RepWords, leg_words, rep_words
from gymtimer.core.tempo import REP_PHASES, Phase
from gymtimer.core.workout import RACK_STILL_SECONDS, Event, EventKind, Workout

#: How long the words after a rep ("LOWERED 2.9 s", "SLOWER", "SHORT") stay on screen.
WORDS_SECONDS = 3.0
#: What the lifter is told when the camera is lost during a workout.
PACING_ONLY = "Camera not available — pacing only"
#: A rise of a quarter of the box's height is a rep as a lifter moves it (the box is drawn a hand above and
#: below the hips). The coach's own yardstick for "the hips moved like a rep": the rep counter's floor comes
#: from the picture and the set (``gymtimer.vision.analyse.min_range``), not from the box.
SMALLEST_REP = 0.25
#: The hips within this share of the box's height are still.
STILL_BAND = SMALLEST_REP / 4
#: A rise and fall of the hips this big (a share of the box's height) looks like a rep to the lifter,
#: though maybe too small for the camera to count one: a box far too big. A third of the smallest rep
#: counted, so that a box up to about five times too tall still warns.
SWING = SMALLEST_REP / 3
#: Reps in a row the lifter seems to lift and the camera does not see before "check the box".
UNSEEN_BEFORE_WARNING = 2


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
    events are used; pacing, they are not needed and are ignored); ``facing``
    is the side of the lifter's body facing the camera, as they said (None:
    the pose model's frames name no leg); ``body`` replaces the watch of the
    body the workout's variation calls for (a bridge's, judged without a bench).
    """

    def __init__(self, workout: Workout, planned_lower: float | None, follow: bool = False,
                 facing: Side | None = None, body: BodyWatch | None = None) -> None:
        self.workout = workout
        self.planned_lower = planned_lower
        self.follow = follow
        #: The pose model's recent frames and what they say of the body (empty without the model).
        self.body = body if body is not None else BodyWatch.for_variation(workout.record.variation, facing)
        self._leg_told: tuple[int, float] | None = None  # the rep (set, start) whose leg was last told
        self._leg_confirmed: Side | None = None  # the leg the camera last saw working a rep
        self.shown: Shown | None = None
        #: The camera's latest state heard (its ``detail`` says why it is lost, when it is).
        self.camera: CameraState | None = None
        self._seen = 0
        self._lost = False
        #: "The camera doesn't see your reps — check the box": the hips move like reps and none is seen.
        self.warning: str | None = None
        self._unseen_moving = 0  # reps in a row not seen while the hips moved like reps
        self._swings = 0  # rises and falls of the hips in the set since the last rep seen (or judged)
        self._bottom_swings = 0  # following: rises and falls while the bottom waits for a lift
        self._low: float | None = None  # the lowest level since the last swing
        self._rising = False  # the hips rose a swing above that low, and are to come down again
        self._still: tuple[float, float, float] | None = None  # since when, lowest, highest level

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
            case Height(at=at, level=level):
                return self._height(now, at, level)
            case CameraState(state=state):
                self.camera = event
                if state is State.LOST:
                    self._lost = True
                    return self.workout.watch(now, False)
                if state is State.SEEING:
                    self._lost = False
                    return self.workout.watch(now, True)
                return []
            case BodySeen(landmarks=landmarks):
                return self._body_seen(now, landmarks)
            case PhaseSeen() | Still() | CameraOpened() | Behind() | Finished() | HipsFound():
                return []  # the device, a network camera's delay, a file's end and the hips found say nothing to the workout
            case _:
                assert_never(event)

    def _rep_seen(self, now: float, rep: MeasuredRep) -> list[Event]:
        """The words are shown (and heard) only for a rep the set keeps: one lifted at rest or in the
        lead-in is not judged, so what the lifter is told is what the file keeps."""
        if self.planned_lower:  # the record's flag is the verdict the lifter was shown and heard
            rep = msgspec.structs.replace(rep, lowering_too_fast=rep.lower < TOO_FAST_SHARE * self.planned_lower)
        body = self.body.judge(rep) if len(self.body) else None
        events = self.workout.rep_seen(now, rep, leg=body.leg if body else None, lockout=body.lockout if body else None)
        if any(e.kind in (EventKind.REP_SEEN, EventKind.REP_COUNTED, EventKind.REP_FAILED) for e in events):
            self._seen += 1
            words = rep_words(rep, self.planned_lower)
            if body is not None and body.lockout is not None:
                words = msgspec.structs.replace(words, body=body.lockout.verdict)
            self.shown = Shown(words, now, self._seen)
            self._unseen_moving = self._swings = self._bottom_swings = 0
            self.warning = None
        return events

    def _body_seen(self, now: float, landmarks: Landmarks) -> list[Event]:
        """One frame of the pose model: kept; within a rep of one-leg work, the leg it sees working is told
        once a rep, as soon as the latest frames agree: the wrong one at once, the set's own after a switch
        (or at the first rep). Nothing changes in the workout: the rep's leg is recorded when it is measured."""
        self.body.add(landmarks)
        workout = self.workout
        started = workout.rep_started
        expected = workout.side
        if started is None or workout.paused or expected is Side.BOTH or not self.body.names_legs:
            return []
        rep = (workout.set_number, started)
        if self._leg_told == rep:
            return []
        leg = self.body.leg_now(started)
        if leg is None:
            return []
        confirm = leg is expected and self._leg_confirmed is not expected
        if leg is not expected or (confirm and workout.plan.laterality is Laterality.PER_LEG):
            self.shown = Shown(leg_words(leg, expected, staggered=self.body.stance is Stance.STAGGERED),
                               now, self._seen)
            self._leg_told = rep
        self._leg_confirmed = leg
        return []

    def tick(self, now: float) -> list[Event]:
        """Call from the display timer: the paced reps the camera did not see in time are not counted, and
        each gets the words "NOT SEEN"; two in a row while the hips moved like reps: "check the box"."""
        events = self.workout.rep_not_seen(now)
        for event in events:
            if event.kind is not EventKind.REP_NOT_SEEN:
                continue
            self._unseen_moving = self._unseen_moving + 1 if self._swings else 0
            self._swings = 0
            if self._unseen_moving >= UNSEEN_BEFORE_WARNING:
                self.warning = CHECK_THE_BOX
            self.shown = Shown(NOT_SEEN_WORDS if self.warning is None else
                               msgspec.structs.replace(NOT_SEEN_WORDS, verdict="CHECK THE BOX"), now, self._seen)
        return events

    def _height(self, now: float, at: float, level: float) -> list[Event]:
        """Every frame's height: the swings of the hips during the set (reps the camera may be missing) and
        their stillness (following, any movement calls off the racking announced after a still while)."""
        workout = self.workout
        lifting = workout.phase in REP_PHASES and not workout.paused
        waiting = workout.following and workout.phase is Phase.BOTTOM
        if not lifting:
            self._low, self._rising = None, False
        if not waiting:
            self._bottom_swings = 0
        if lifting:
            if self._low is None or level < self._low:
                self._low = level
            if not self._rising and level - self._low >= SWING:
                self._rising = True
            elif self._rising and level <= self._low + SWING / 2:
                self._rising, self._low = False, level
                self._swings += 1
                self._bottom_swings += waiting
        events: list[Event] = []
        since, low, high = self._still or (at, level, level)
        low, high = min(low, level), max(high, level)
        moved = high - low > STILL_BAND
        self._still = (at, level, level) if moved else (since, low, high)
        if moved and workout.racking:
            events += workout.keep_going(now)
        if not self.follow:
            return events
        if waiting and self._bottom_swings >= UNSEEN_BEFORE_WARNING:
            # The hips rose and fell twice at the bottom and no lift was seen: the set is paced from here.
            self._bottom_swings = 0
            self.warning = CHECK_THE_BOX
            events += workout.stop_following(now)
        return events

    def words(self, now: float) -> Shown | None:
        """The words to show at ``now``: the latest rep's, for :data:`WORDS_SECONDS` after it was seen."""
        shown = self.shown
        if shown is None or now - shown.at > WORDS_SECONDS or now < shown.at:
            return None
        return shown

    @property
    def lost(self) -> bool:
        """The camera is lost: the reps are paced until it sees the lifter again."""
        return self._lost

    @property
    def notice(self) -> str | None:
        """"Camera not available — pacing only" while the camera is lost, else the warning to check the box,
        if any, else None."""
        return PACING_ONLY if self._lost else self.warning
