"""The cue of a rep the camera saw: its own sounds, per scheme, and never over a planned cue."""

from __future__ import annotations

import pytest

from gymtimer.core.seen import Cue as SeenCue
from gymtimer.cues.mixer import load_clip
from gymtimer.cues.settings import CueSettings, Scheme
from gymtimer.cues.sound_rules import (
    CHAIN_GAP,
    SEEN_WAIT,
    TONES,
    WORD_MARGIN,
    room_for,
    seen_choices,
    seen_cues,
)
from tests.cues.test_sound_rules import LENGTHS

RATE = 48_000


@pytest.mark.parametrize(("scheme", "cue", "clips"), [
    (Scheme.TONES, SeenCue.SLOWER, ["sounds/slower.wav"]),
    (Scheme.TONES, SeenCue.SHORT, ["sounds/short.wav"]),
    (Scheme.VOICE, SeenCue.SLOWER, ["voice/slower.wav"]),
    (Scheme.VOICE, SeenCue.SHORT, ["voice/short.wav"]),
    (Scheme.BOTH, SeenCue.SLOWER, ["sounds/slower.wav", "voice/slower.wav"]),
    (Scheme.BOTH, SeenCue.SHORT, ["sounds/short.wav", "voice/short.wav"]),
    (Scheme.SILENT, SeenCue.SLOWER, []),
])
def test_each_scheme_sounds_the_seen_cue_as_its_tone_or_its_word(scheme, cue, clips):
    cues = seen_cues(cue, CueSettings(scheme=scheme), LENGTHS, [], earliest=10.0, latest=20.0)
    assert [c.clip for c in cues] == clips
    assert all(c.at == 10.0 for c in cues), "nothing planned: at once"
    assert len({c.key for c in cues}) == len(cues) and all(c.key[0] == "seen" for c in cues)


def test_a_missing_word_falls_back_to_the_tone():
    lengths = {k: v for k, v in LENGTHS.items() if k != "voice/slower.wav"}
    assert seen_choices(SeenCue.SLOWER, Scheme.VOICE, lengths) == [["sounds/slower.wav"]]
    assert seen_choices(SeenCue.SLOWER, Scheme.VOICE, {}) == []


def test_the_seen_cue_waits_for_the_gap_after_a_planned_cue_and_ends_before_the_next():
    slower = LENGTHS["sounds/slower.wav"]
    # A phase tone due 0.2 s from now: the seen cue would run into it, so it follows it.
    busy = [(10.2, 10.36), (12.0, 12.25)]
    (cue,) = seen_cues(SeenCue.SLOWER, CueSettings(), LENGTHS, busy, earliest=10.0, latest=20.0)
    assert cue.at == pytest.approx(10.36 + CHAIN_GAP)
    assert cue.at + slower + WORD_MARGIN <= 12.0
    # Room before the phase tone: it sounds at once and ends WORD_MARGIN before it.
    assert room_for(slower, [(10.0 + slower + WORD_MARGIN, 11.0)], 10.0, 20.0) == 10.0
    assert room_for(slower, [(10.0 + slower + WORD_MARGIN - 0.001, 11.0)], 10.0, 20.0) == pytest.approx(
        11.0 + CHAIN_GAP)


def test_a_word_with_no_room_becomes_the_tone_and_with_no_room_at_all_is_left_out():
    word, tone = LENGTHS["voice/short.wav"], LENGTHS["sounds/short.wav"]
    assert tone < word
    gap = (tone + word) / 2 + WORD_MARGIN  # room for the tone, not for the word
    busy = [(10.0 + gap + k * (gap + CHAIN_GAP), 10.0 + gap + k * (gap + CHAIN_GAP) + 0.001) for k in range(40)]
    voice = CueSettings(scheme=Scheme.VOICE)
    assert [c.clip for c in seen_cues(SeenCue.SHORT, voice, LENGTHS, busy, 10.0, 30.0)] == ["sounds/short.wav"]
    # Busy from now until past SEEN_WAIT: nothing, rather than a cue long after the rep.
    assert seen_cues(SeenCue.SHORT, voice, LENGTHS, [(10.0, 10.0 + SEEN_WAIT + 0.1)], 10.0, 30.0) == []
    # Past what the plan is known for: nothing either (a phase cue not planned yet might fall there).
    assert seen_cues(SeenCue.SHORT, CueSettings(), LENGTHS, [(10.0, 10.5)], 10.0, 10.5 + tone) == []


def _correlation(a, b) -> float:
    import numpy as np

    n = len(a) + len(b)
    cross = np.fft.irfft(np.fft.rfft(a, n) * np.conj(np.fft.rfft(b, n)), n)
    return float(np.max(np.abs(cross)) / (np.linalg.norm(a) * np.linalg.norm(b)))


def _pitch(samples) -> float:
    import numpy as np

    head = samples[: RATE // 10]
    spectrum = np.abs(np.fft.rfft(head * np.hanning(len(head)), n=1 << 15))
    return float(np.argmax(spectrum) * RATE / (1 << 15))


def test_slower_and_short_sound_like_no_other_cue_and_not_like_each_other():
    import numpy as np

    tones = {name: load_clip(f"sounds/{name}.wav", RATE) for name in TONES}
    for new in ("slower", "short"):
        for other, samples in tones.items():
            if other != new:
                assert _correlation(tones[new], samples) < 0.3, (new, other)
        assert np.max(np.abs(tones[new])) == pytest.approx(10 ** (-1 / 20), abs=0.002), "-1 dBFS like the rest"
    slower, short = tones["slower"], tones["short"]
    # "slower" falls an octave: its end is half the pitch of its start.
    assert _pitch(slower[-RATE // 5:]) == pytest.approx(_pitch(slower) / 2, rel=0.05)
    # "short" is low, lower than the failed rep's buzz and the bottom thud, and comes twice.
    assert _pitch(short) < min(_pitch(tones["fail"]), _pitch(tones["bottom"]))
    loud = np.abs(short) > 0.1
    starts = np.flatnonzero(loud[1:] & ~np.convolve(loud, np.ones(480), "full")[:len(loud) - 1].astype(bool))
    assert len(starts) == 2


@pytest.mark.parametrize("muted", [False, True])
def test_the_engine_plays_the_seen_cue_at_the_lifters_volume_and_not_at_all_when_muted(qtbot, muted):
    """The engine's rule on a real mixer rendered by hand (no sound device or sound process needed: the
    link's end in the sound process is the same Mixer, stood in here for the one it would run there)."""
    import time

    import numpy as np

    from gymtimer.cues.engine import CueEngine
    from gymtimer.cues.mixer import Mixer

    class Link:
        """The sound process's end as the engine talks to it: the plan, at-once cues, volume and mute."""

        def __init__(self, mixer: Mixer) -> None:
            self.state = mixer

        def plan(self, cues, now) -> None:
            self.state.plan(cues, now)

        def play(self, cues, now) -> None:
            self.state.play(cues, now)

        def cancel(self) -> None:
            pass

        def settings(self, volume: float, muted: bool) -> None:
            self.state.volume, self.state.muted = volume, muted

    clips = {name: load_clip(name, RATE) for name in ("voice/slower.wav", "sounds/slower.wav")}
    engine = CueEngine()
    mixer = Mixer(clips, RATE)
    engine._link = Link(mixer)
    engine._lengths = {name: len(samples) / RATE for name, samples in clips.items()}
    engine.set_settings(CueSettings(scheme=Scheme.VOICE, volume=0.5))  # as the main window does
    engine.set_muted(muted)
    engine.play_seen(SeenCue.SLOWER, forecast=[])
    assert [c.clip for c in mixer.pending()] == ["voice/slower.wav"]
    out = np.frombuffer(mixer.render(RATE, time.monotonic() + 0.1), dtype="<i2") / 32767
    assert [c.clip for c in mixer.history] == ["voice/slower.wav"]
    expected = 0.0 if muted else 0.5 * float(np.max(np.abs(clips["voice/slower.wav"])))
    assert float(np.max(np.abs(out))) == pytest.approx(expected, abs=2e-4)
