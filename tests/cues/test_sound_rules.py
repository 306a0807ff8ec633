"""Which sound each workout event makes and when: distinct phases, ticks, countdowns, no overrun."""

from __future__ import annotations

import wave

from gymtimer.core.plan import Plan
from gymtimer.core.tempo import Tempo
from gymtimer.core.workout import Workout
from gymtimer.cues.settings import CueSettings, Scheme
from gymtimer.cues.sound_rules import cues_for, every_clip

# Clip lengths as the committed files have them (read from the real files).
from gymtimer.resources import resource_path


def _lengths() -> dict[str, float]:
    out = {}
    for name in every_clip():
        with wave.open(str(resource_path(name))) as clip:
            out[name] = clip.getnframes() / clip.getframerate()
    return out


LENGTHS = _lengths()


def _run(plan: Plan, settings: CueSettings = CueSettings(), lengths=LENGTHS, until: float = 600.0):
    """Every cue of a whole workout, from events batched as a driver would see them (fake clock)."""
    workout = Workout(plan, origin=0.0)
    events = workout.start(0.0) + workout.advance(until)
    return cues_for(events, settings, lengths)


def _clips(cues):
    return [c.clip for c in cues]


def test_each_rep_phase_starts_with_its_own_tone():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=1, bottom=1), sets=1, reps=2, lead_in=0)
    cues = _run(plan)
    assert _clips(cues)[:4] == ["sounds/lift.wav", "sounds/squeeze.wav", "sounds/lower.wav", "sounds/bottom.wav"]
    assert [c.at for c in cues[:4]] == [0.0, 1.0, 2.0, 3.0]


def test_the_lowering_ticks_once_a_second_unless_turned_off():
    plan = Plan(tempo=Tempo(lift=1, squeeze=0, lower=3, bottom=0), sets=1, reps=1, lead_in=0)
    ticks = [c.at for c in _run(plan) if c.clip == "sounds/tick.wav"]
    assert ticks == [2.0, 3.0]  # lower starts at 1 s with its own tone, then 2 and 3 s
    quiet = _run(plan, CueSettings(lowering_ticks=False))
    assert "sounds/tick.wav" not in _clips(quiet)


def test_the_lead_in_counts_down_three_two_one_in_words_with_the_voice():
    plan = Plan(tempo=Tempo(), sets=1, reps=1, lead_in=5)
    words = [c.clip for c in _run(plan, CueSettings(scheme=Scheme.VOICE)) if c.at < 5.0]
    assert words[-3:] == ["voice/three.wav", "voice/two.wav", "voice/one.wav"]
    beeps = [c.at for c in _run(plan) if c.clip == "sounds/countdown.wav" and c.at < 5.0]
    assert beeps == [2.0, 3.0, 4.0]


def test_a_word_never_overruns_a_phase_too_short_for_it():
    lift_word = LENGTHS["voice/lift.wav"]
    short = Plan(tempo=Tempo(lift=round(lift_word / 2, 2), squeeze=2, lower=2), sets=1, reps=1, lead_in=0)
    cues = _run(short, CueSettings(scheme=Scheme.VOICE))
    assert cues[0].clip == "sounds/lift.wav"  # the tone says it instead
    long = Plan(tempo=Tempo(lift=2, squeeze=2, lower=2), sets=1, reps=1, lead_in=0)
    assert _run(long, CueSettings(scheme=Scheme.VOICE))[0].clip == "voice/lift.wav"


def test_no_spoken_cue_runs_into_the_next_cue_in_a_whole_voiced_workout():
    plan = Plan(tempo=Tempo(lift=1, squeeze=0.5, lower=2, bottom=0.5), sets=2, reps=3, lead_in=5, rest=15)
    for scheme in (Scheme.VOICE, Scheme.BOTH):
        cues = sorted(_run(plan, CueSettings(scheme=scheme)), key=lambda c: c.at)
        words = [c for c in cues if c.clip.startswith("voice/")]
        assert words
        for word in words:
            # the cues of any later event, and the next word, start after this word ends
            later = [c.at for c in cues if c.key[2] > word.key[2]]
            later += [c.at for c in words if c.at > word.at]
            assert not later or word.at + word.length <= min(later) + 1e-9, word


def test_the_rep_number_is_spoken_with_the_next_phase_as_a_tone():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=1), sets=1, reps=3, lead_in=0)
    cues = _run(plan, CueSettings(scheme=Scheme.VOICE))
    at_rep_end = sorted(c.clip for c in cues if abs(c.at - 4.0) < 1e-9)
    assert at_rep_end == ["sounds/bottom.wav", "voice/rep_01.wav"]


def test_a_set_ends_with_set_done_then_rest_back_to_back_and_the_workout_with_workout_done_alone():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=1), sets=2, reps=1, lead_in=0, rest=20)
    cues = _run(plan)
    end = [c for c in cues if 3.0 <= c.at < 4.0]
    assert _clips(end) == ["sounds/set_done.wav", "sounds/rest.wav"]
    assert end[1].at >= end[0].at + end[0].length  # the second follows, it does not talk over
    last = [c for c in cues if c.at >= 26.0]
    assert _clips(last) == ["sounds/workout_done.wav"]


def test_the_rest_warns_ten_seconds_before_it_ends():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=1), sets=2, reps=1, lead_in=0, rest=30)
    warnings = [c.at for c in _run(plan) if c.clip == "sounds/rest_warning.wav"]
    assert warnings == [3.0 + 30 - 10]


def test_silent_makes_no_sound_and_a_missing_word_falls_back_to_its_tone():
    plan = Plan(tempo=Tempo(lift=2, squeeze=2, lower=2), sets=1, reps=1, lead_in=0)
    assert _run(plan, CueSettings(scheme=Scheme.SILENT)) == []
    without_lift_word = {k: v for k, v in LENGTHS.items() if k != "voice/lift.wav"}
    assert _run(plan, CueSettings(scheme=Scheme.VOICE), without_lift_word)[0].clip == "sounds/lift.wav"


def test_the_same_forecast_gives_the_same_cue_keys_so_planning_twice_is_harmless():
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=2), sets=1, reps=5, lead_in=3)
    workout = Workout(plan, origin=100.0)
    workout.start(100.0)
    first = cues_for(workout.forecast(101.0, 1.5), CueSettings(), LENGTHS)
    workout.advance(101.2)
    second = cues_for(workout.forecast(101.2, 1.5), CueSettings(), LENGTHS)
    shared = {c.key for c in first} & {c.key for c in second}
    assert shared and all(a.at == b.at for a in first for b in second if a.key == b.key)


def test_following_racking_is_heard_three_two_one():
    """Hips still at the bottom after a rep, following: "the set ends in 3…2…1" is heard, not only shown."""
    from gymtimer.core.reps import MeasuredRep
    from gymtimer.core.tempo import Phase

    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0), sets=1, reps=12, lead_in=0)
    workout = Workout(plan, origin=0.0, watched=True, follow=True)
    events = workout.start(0.0)
    for phase, at in ((Phase.LIFT, 1.0), (Phase.SQUEEZE, 2.0), (Phase.LOWER, 3.0)):
        events += workout.phase_seen(at, phase, at)
    rep = MeasuredRep(start=1.0, lift=1.0, top=1.0, lower=2.9, bottom=None, range=40.0, complete=True)
    events += workout.rep_seen(6.2, rep)
    events += workout.hips_still(11.2) + workout.advance(15.0)
    beeps = [round(c.at, 1) for c in cues_for(events, CueSettings(), LENGTHS) if c.clip == "sounds/countdown.wav"]
    assert beeps == [11.2, 12.2, 13.2]
    words = [c.clip for c in cues_for(events, CueSettings(scheme=Scheme.VOICE), LENGTHS) if c.at > 11]
    assert words[:3] == ["voice/three.wav", "voice/two.wav", "voice/one.wav"]
