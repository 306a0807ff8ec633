"""Which sound each workout event makes, and when, so that no word overruns its phase.

Pure Python: no Qt, no audio device. ``cues_for`` turns a batch of events into
:class:`Cue` s (a clip and the monotonic time it must be heard); the mixer
plays them.

The rules, in the lifter's terms:

* A phase start (lift, squeeze, lower, bottom), a lowering tick and a
  countdown beep sound exactly on time: they are the tempo.
* Several cues due at the same instant do not talk over each other: the most
  important sounds first and the others follow back to back ("eight ... set
  done ... rest"); a tone and a word may sound together.
* A spoken word must end before the phase it announces ends and before the
  next cue; when it would not, the tone plays instead (or, with tones and
  voice, the tone alone).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from gymtimer.core.seen import Cue as SeenCue
from gymtimer.core.tempo import REP_PHASES, Phase
from gymtimer.core.workout import Event, EventKind
from gymtimer.cues.settings import CueSettings, Scheme

#: Every tone, as asset names (gymtimer/resources.py).
TONES = (
    "lift", "squeeze", "lower", "bottom", "tick", "countdown", "switch", "rest", "rest_warning",
    "set_done", "workout_done", "fail", "undo", "pause", "resume", "slower", "short",
)
#: Every spoken clip, as asset names.
WORDS = (
    "lift", "squeeze", "lower", "three", "two", "one", "switch_legs", "rest", "next_set", "set_done",
    "workout_done", "slower", "short", *(f"rep_{n:02d}" for n in range(1, 21)),
)
#: Gap between cues that follow each other at one instant.
CHAIN_GAP = 0.06
#: A word must end this long before the next cue or the end of its phase.
WORD_MARGIN = 0.05

_COUNT_WORDS = {3: "three", 2: "two", 1: "one"}
_PHASE_TONES = {Phase.LIFT: "lift", Phase.SQUEEZE: "squeeze", Phase.LOWER: "lower", Phase.BOTTOM: "bottom",
                Phase.REST: "rest"}
_PHASE_WORDS = {Phase.LIFT: "lift", Phase.SQUEEZE: "squeeze", Phase.LOWER: "lower", Phase.REST: "rest"}
_COUNTDOWN_PHASES = (Phase.LEAD_IN, Phase.SWITCH, Phase.REST)
# Who speaks first when several cues fall on one instant.
_ORDER = {
    EventKind.REP_COUNTED: 0,
    EventKind.WORKOUT_FINISHED: 1,
    EventKind.SET_FINISHED: 2,
    EventKind.SIDE_SWITCHED: 3,
    EventKind.PHASE_STARTED: 4,
    EventKind.REST_ENDING_SOON: 5,
    EventKind.TICK: 6,
}


def tone_path(name: str) -> str:
    return f"sounds/{name}.wav"


def word_path(name: str) -> str:
    return f"voice/{name}.wav"


def every_clip() -> list[str]:
    """The asset name of every clip the cues can use."""
    return [tone_path(n) for n in TONES] + [word_path(n) for n in WORDS]


#: What tells one cue's event from another's (``event_key``; a cue for no event keys itself).
Key = tuple[Hashable, ...]


def event_key(event: Event) -> Key:
    """Identity of an event across forecasts: the same (kind, phase, time, count, rep) is the same cue."""
    return (event.kind, event.phase, round(event.at, 4), event.count, event.reps_done)


@dataclass(frozen=True, slots=True)
class Cue:
    """One clip to be heard at ``at`` (time.monotonic()), for the event ``key``."""

    key: Key
    at: float
    clip: str  #: resources name, e.g. "sounds/lift.wav"
    length: float  #: seconds
    event_at: float | None = None  #: when its event is due; later than ``at`` for a cue that follows another


@dataclass(frozen=True, slots=True)
class StartedCue:
    """A cue the mixer put into the stream: when it was due and when it is heard."""

    key: Key
    clip: str
    due: float  #: monotonic time it was due (``at``)
    frame: int  #: first frame of it in the stream
    heard: float  #: monotonic time the mixer expects it heard
    late: float  #: seconds it started after its due time
    immediate: bool  #: played at once for an event that had not been planned


@dataclass(slots=True)
class _Sounds:
    event: Event
    tone: str | None
    word: str | None


def _sounds_of(event: Event, settings: CueSettings) -> _Sounds:
    kind, phase = event.kind, event.phase
    tone = word = None
    if kind is EventKind.PHASE_STARTED:
        tone, word = _PHASE_TONES.get(phase), _PHASE_WORDS.get(phase)
    elif kind is EventKind.TICK:
        if phase is Phase.LOWER:
            tone = "tick" if settings.lowering_ticks else None
        elif phase in _COUNTDOWN_PHASES or phase is Phase.BOTTOM:  # the bottom's: "racking? the set ends in 3…"
            tone, word = "countdown", _COUNT_WORDS.get(event.count)
    elif kind is EventKind.REP_COUNTED:
        word = f"rep_{event.reps_done:02d}" if 1 <= event.reps_done <= 20 else None
    else:
        tone, word = {
            EventKind.WORKOUT_STARTED: ("resume", None),
            EventKind.SIDE_SWITCHED: ("switch", "switch_legs"),
            EventKind.SET_FINISHED: ("set_done", "set_done"),
            EventKind.REST_ENDING_SOON: ("rest_warning", "next_set"),
            EventKind.WORKOUT_FINISHED: ("workout_done", "workout_done"),
            EventKind.REP_FAILED: ("fail", None),
            EventKind.REP_UNDONE: ("undo", None),
            EventKind.PAUSED: ("pause", None),
            EventKind.RESUMED: ("resume", None),
        }.get(kind, (None, None))
    return _Sounds(event, tone, word)


def cues_for(events: Iterable[Event], settings: CueSettings, lengths: Mapping[str, float]) -> list[Cue]:
    """The cues a batch of events makes; ``lengths`` maps each playable clip to its seconds.

    A clip absent from ``lengths`` (missing or damaged) is treated as not
    there: a word falls back to its tone, a missing tone is silent.
    """
    if settings.scheme is Scheme.SILENT:
        return []
    ordered = sorted(events, key=lambda e: (round(e.at, 4), _ORDER.get(e.kind, 9)))
    finished_at = {round(e.at, 4) for e in ordered if e.kind is EventKind.WORKOUT_FINISHED}
    sounds = []
    for event in ordered:
        if event.kind is EventKind.SET_FINISHED and round(event.at, 4) in finished_at:
            continue  # "workout done" says it
        s = _sounds_of(event, settings)
        s.tone = s.tone if s.tone and tone_path(s.tone) in lengths else None
        s.word = s.word if s.word and word_path(s.word) in lengths else None
        if s.tone or s.word:
            sounds.append(s)

    groups: dict[float, list[_Sounds]] = {}
    for s in sounds:
        groups.setdefault(round(s.event.at, 4), []).append(s)
    instants = sorted(groups)
    cues: list[Cue] = []
    for index, instant in enumerate(instants):
        group = groups[instant]
        limit = instants[index + 1] - instant if index + 1 < len(instants) else float("inf")
        for s in group:
            if s.event.kind is EventKind.PHASE_STARTED and s.event.duration > 0:
                limit = min(limit, s.event.duration)
        cues += _arrange(group, settings.scheme, lengths, limit)
    return cues


def _arrange(group: list[_Sounds], scheme: Scheme, lengths: Mapping[str, float], limit: float) -> list[Cue]:
    """Lay out one instant's cues: tones and words each in their own back-to-back chain."""
    speaks = scheme in (Scheme.VOICE, Scheme.BOTH)
    counted = speaks and any(s.event.kind is EventKind.REP_COUNTED and s.word for s in group)
    tones: list[tuple[Event, str]] = []
    words: list[tuple[Event, str, str | None]] = []  # (event, word clip, its tone)
    for s in group:
        word = s.word if speaks else None
        if counted and s.event.kind is EventKind.PHASE_STARTED and s.event.phase in REP_PHASES:
            word = None  # the rep number is spoken; the phase start is the tone
        if scheme is Scheme.BOTH or word is None:
            if s.tone:
                tones.append((s.event, tone_path(s.tone)))
        if word:
            words.append((s.event, word_path(word), s.tone))

    cues: list[Cue] = []
    delay = 0.0
    for event, clip, tone in words:
        length = lengths[clip]
        if delay + length <= limit - WORD_MARGIN:
            cues.append(Cue(event_key(event), event.at + delay, clip, length, event.at))
            delay += length + CHAIN_GAP
        elif scheme is Scheme.VOICE and tone:
            tones.append((event, tone_path(tone)))  # the word does not fit: the tone says it
    if len(tones) > 1:  # the first phase's tone says "started" already
        tones = [t for t in tones if t[0].kind is not EventKind.WORKOUT_STARTED]
    tones.sort(key=lambda t: _ORDER.get(t[0].kind, 9))
    delay = 0.0
    for event, clip in tones:
        length = lengths[clip]
        if delay > 0 and delay + length > limit:
            continue  # a follower that would run into the next cue
        cues.append(Cue(event_key(event), event.at + delay, clip, length, event.at))
        delay += length + CHAIN_GAP
    return cues


# ----------------------------------------------------------------- what the camera saw

#: How long a seen rep's cue may wait for room between the planned cues before it is left out
#: (the screen still shows the words): later than this it no longer goes with the rep.
SEEN_WAIT = 1.0

_SEEN_CLIPS = {SeenCue.SLOWER: "slower", SeenCue.SHORT: "short"}


def seen_choices(cue: SeenCue, scheme: Scheme, lengths: Mapping[str, float]) -> list[list[str]]:
    """The clips a seen rep's cue can sound as, the first choice first: each choice sounds together.

    Tones: the tone. Voice: the word, else the shorter tone. Tones and voice: both, else the tone.
    A clip absent from ``lengths`` (missing or damaged) is not there.
    """
    tone, word = tone_path(_SEEN_CLIPS[cue]), word_path(_SEEN_CLIPS[cue])
    choices = {
        Scheme.TONES: [[tone]],
        Scheme.VOICE: [[word], [tone]],
        Scheme.BOTH: [[tone, word], [tone]],
        Scheme.SILENT: [],
    }[scheme]
    return [choice for choice in choices if all(clip in lengths for clip in choice)]


def room_for(length: float, busy: Sequence[tuple[float, float]], earliest: float, latest: float) -> float | None:
    """The first time from ``earliest`` at which a clip of ``length`` s sounds alone, or None after ``latest``.

    ``busy``: the (start, end) of every cue planned or sounding. The clip starts
    :data:`CHAIN_GAP` after a busy span and ends :data:`WORD_MARGIN` before the next,
    so it never runs into a planned cue, and a planned cue is never moved for it.
    """
    at = earliest
    for start, end in sorted(busy):
        if end + CHAIN_GAP <= at:
            continue  # over before it
        if at + length + WORD_MARGIN <= start:
            break  # it fits before this one, and every later one starts later still
        at = max(at, end + CHAIN_GAP)
    return at if at <= latest else None


def seen_cues(cue: SeenCue, settings: CueSettings, lengths: Mapping[str, float],
              busy: Sequence[tuple[float, float]], earliest: float, latest: float) -> list[Cue]:
    """A seen rep's cue ("slower", "short"), placed in the first gap the planned cues leave.

    The tempo comes first: when the word does not fit before :data:`SEEN_WAIT`
    (or ``latest``, as far as the plan is known), the shorter tone is tried; when
    nothing fits, the cue is left out. Its key is its own, so it is never taken
    for a workout event.
    """
    if settings.scheme is Scheme.SILENT:
        return []
    for choice in seen_choices(cue, settings.scheme, lengths):
        length = max(lengths[clip] for clip in choice)
        at = room_for(length, busy, earliest, min(latest - length - WORD_MARGIN, earliest + SEEN_WAIT))
        if at is not None:
            return [Cue(("seen", cue.value, round(at, 4), clip), at, clip, lengths[clip], at) for clip in choice]
    return []
