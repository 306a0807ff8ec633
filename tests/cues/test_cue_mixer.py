"""The mixer on a fake device clock: cues start at their sample, once, mixed, and follow a drifting device."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from gymtimer.cues import mixer as mixer_module
from gymtimer.cues.mixer import CueFileError, Mixer, load_clip
from gymtimer.cues.sound_rules import Cue

RATE = 48_000
BLOCK = 256  # frames the fake device asks for at a time, as PulseAudio does here


class FakeDevice:
    """Pulls blocks from a mixer on a fake clock, its sample clock ``ppm`` off the monotonic one."""

    def __init__(self, mixer: Mixer, start: float = 1000.0, ppm: float = 0.0, block: int = BLOCK) -> None:
        self.mixer, self.now, self.ppm, self.block = mixer, start, ppm, block
        self.out = np.zeros(0, dtype=np.int16)

    def run_until(self, t: float) -> None:
        rate = RATE * (1 + self.ppm * 1e-6)
        chunks = []
        while self.now < t:
            chunks.append(np.frombuffer(self.mixer.render(self.block, self.now), dtype="<i2"))
            self.now += self.block / rate
        if chunks:
            self.out = np.concatenate([self.out, *chunks])

    def onsets(self) -> list[int]:
        loud = np.flatnonzero(np.abs(self.out) > 0)
        return [int(i) for k, i in enumerate(loud) if k == 0 or i - loud[k - 1] > 1]


def _mixer() -> Mixer:
    clips = {"a": np.full(480, 0.5, dtype=np.float32), "b": np.full(480, 0.25, dtype=np.float32)}
    return Mixer(clips, RATE, latency=0.0)


def _cue(at: float, clip: str = "a", key: str | None = None) -> Cue:
    return Cue((key or f"{clip}@{at}",), at, clip, 0.01)


def _heard_at(device: FakeDevice, frame: int) -> float:
    return device.mixer.clock.time_of(frame)


def test_a_planned_cue_starts_at_the_sample_it_is_due():
    device = FakeDevice(_mixer())
    device.run_until(1003.0)  # the clock learns the device
    device.mixer.plan([_cue(1003.5)], device.now)
    device.run_until(1004.0)
    (onset,) = device.onsets()
    assert abs(_heard_at(device, onset) - 1003.5) < 1 / RATE * 2


def test_planning_the_same_forecast_again_does_not_double_the_cue():
    device = FakeDevice(_mixer())
    device.run_until(1001.0)
    for _ in range(5):
        device.mixer.plan([_cue(1001.5)], device.now)
        device.run_until(device.now + 0.1)
    device.run_until(1002.0)
    assert len(device.onsets()) == 1
    assert np.max(np.abs(device.out)) == round(0.5 * 32767)  # one copy, not five summed


def test_a_new_forecast_without_a_cue_cancels_it_as_a_pause_does():
    device = FakeDevice(_mixer())
    device.run_until(1001.0)
    device.mixer.plan([_cue(1001.5), _cue(1001.8)], device.now)
    device.run_until(1001.2)
    device.mixer.plan([], device.now)  # paused: nothing is forecast
    device.run_until(1002.5)
    assert device.onsets() == []


def test_a_cue_following_another_at_a_past_instant_survives_the_next_forecast():
    device = FakeDevice(_mixer())
    device.run_until(1001.0)
    follower = Cue(("rest",), 1001.8, "a", 0.01, event_at=1001.2)  # "rest" after "set done" at 1001.2
    device.mixer.plan([follower], device.now)
    device.run_until(1001.5)
    device.mixer.plan([], device.now)  # the set's end is past: the new forecast no longer holds it
    device.run_until(1002.0)
    assert len(device.onsets()) == 1


def test_an_event_played_after_its_cue_was_planned_is_not_cued_twice():
    device = FakeDevice(_mixer())
    device.run_until(1001.0)
    cue = _cue(1001.5, key="lift")
    device.mixer.plan([cue], device.now)
    device.run_until(1001.6)
    device.mixer.play([cue], device.now)  # the driver reports the event that just happened
    device.run_until(1002.0)
    assert len(device.onsets()) == 1


def test_an_unplanned_event_is_cued_at_once():
    device = FakeDevice(_mixer())
    device.run_until(1001.0)
    asked = device.now
    device.mixer.play([_cue(asked - 0.01, key="undo")], asked)
    device.run_until(1001.5)
    (onset,) = device.onsets()
    assert onset <= (asked - 1000.0) * RATE + BLOCK  # in the very next block


def test_overlapping_cues_are_mixed_not_cut():
    device = FakeDevice(_mixer())
    device.run_until(1001.0)
    device.mixer.plan([_cue(1001.500), _cue(1001.505, "b")], device.now)
    device.run_until(1002.0)
    levels = sorted(set(np.abs(device.out[device.out != 0]).tolist()))
    assert levels == [round(0.25 * 32767), round(0.5 * 32767), round(0.75 * 32767)]
    assert np.count_nonzero(device.out) == 480 + 240  # both whole: a's 10 ms, then the rest of b


def test_cues_keep_their_spacing_on_a_device_clock_that_runs_fast():
    device = FakeDevice(_mixer(), ppm=200.0)  # the null sink here ran 160-240 ppm fast
    device.run_until(1030.0)
    dues = [1030.5 + k * 2.0 for k in range(10)]
    device.mixer.plan([_cue(t) for t in dues], device.now)
    device.run_until(1052.0)
    onsets = np.array(device.onsets())
    assert len(onsets) == len(dues)
    # Frames between onsets follow the device's rate, so the heard spacing matches the plan.
    heard = onsets / (RATE * (1 + 200e-6))
    errors = np.abs(np.diff(heard) - np.diff(dues))
    assert errors.max() < 0.0005


def test_over_a_long_workout_the_measured_rate_keeps_cues_on_the_monotonic_clock():
    device = FakeDevice(_mixer(), ppm=200.0, block=2048)  # big blocks: a fast test
    device.run_until(1330.0)
    assert abs(device.mixer.clock.rate_ppm - 200.0) < 10
    device.mixer.plan([_cue(1330.5)], device.now)
    device.run_until(1331.0)
    (onset,) = device.onsets()
    # Heard when the request handing it over is made, one block ahead (no latency here).
    heard = 1000.0 + (onset - 2048) / (RATE * (1 + 200e-6))
    assert abs(heard - 1330.5) < 0.001


def test_a_cue_that_can_no_longer_start_near_its_time_is_dropped_not_played_late():
    device = FakeDevice(_mixer())
    device.run_until(1001.0)
    device.mixer.plan([_cue(1001.1)], device.now)
    device.now += 1.0  # the device stalls past the cue
    device.run_until(1002.5)
    assert device.onsets() == []
    assert device.mixer.dropped == 1


def test_muted_cues_are_silent_and_not_saved_for_later():
    device = FakeDevice(_mixer())
    device.run_until(1001.0)
    device.mixer.muted = True
    device.mixer.plan([_cue(1001.5)], device.now)
    device.run_until(1002.0)
    device.mixer.muted = False
    device.run_until(1003.0)
    assert device.onsets() == []


@pytest.fixture
def resources(tmp_path, monkeypatch):
    """A resources folder in tmp_path, with a real 16-bit WAV and damaged files beside it."""
    (tmp_path / "sounds").mkdir()
    with wave.open(str(tmp_path / "sounds" / "good.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(24_000)
        out.writeframes(np.full(240, 1000, dtype="<i2").tobytes())
    (tmp_path / "sounds" / "garbage.wav").write_bytes(b"this is not a wav file")
    good = (tmp_path / "sounds" / "good.wav").read_bytes()
    (tmp_path / "sounds" / "cut.wav").write_bytes(good[:-100])
    monkeypatch.setattr("gymtimer.resources.resources_root", lambda: tmp_path)
    return tmp_path


def test_a_clip_at_another_rate_is_resampled_to_the_stream(resources):
    samples = load_clip("sounds/good.wav", RATE)
    assert len(samples) == 480 and abs(float(samples[100]) - 1000 / 32768) < 1e-6


@pytest.mark.parametrize("name, words", [
    ("sounds/missing.wav", "sounds/missing.wav is missing"),
    ("sounds/garbage.wav", "garbage.wav is damaged"),
    ("sounds/cut.wav", "cut.wav is damaged"),
])
def test_a_missing_or_damaged_sound_file_is_named_in_the_message(resources, name, words):
    with pytest.raises(CueFileError, match=words):
        load_clip(name, RATE)
    clips, problems = mixer_module.load_clips(["sounds/good.wav", name], RATE)
    assert list(clips) == ["sounds/good.wav"] and len(problems) == 1


def test_after_the_device_runs_dry_cues_land_on_time_again_within_a_second():
    device = FakeDevice(_mixer(), ppm=150.0)
    device.run_until(1025.0)
    device.now += 0.055  # the audio thread was held up: the device played 55 ms of silence
    device.run_until(1026.0)
    device.mixer.plan([_cue(1026.5), _cue(1027.5)], device.now)
    device.run_until(1028.0)
    onsets = device.onsets()
    assert len(onsets) == 2
    rate = RATE * (1 + 150e-6)
    # Heard (with no latency) when the request handing it over is made: the fake asks one block ahead,
    # and every frame after the pause comes 55 ms later than before it.
    first_after = (1025.0 - 1000.0) * rate
    heard = [1000.0 + (k - BLOCK) / rate + (0.055 if k >= first_after else 0.0) for k in onsets]
    assert abs(heard[0] - 1026.5) < 0.001 and abs(heard[1] - 1027.5) < 0.001
    assert device.mixer.clock.restarts == 1


def test_a_wait_longer_than_the_device_buffer_is_counted_as_an_underrun_with_its_times():
    mixer = _mixer()
    mixer.new_stream(latency=0.0, buffer=0.150)
    device = FakeDevice(mixer)
    device.run_until(1001.0)
    assert mixer.underruns == 0
    device.now += 0.100  # held up, but the buffer still held sound
    device.run_until(1002.0)
    assert mixer.underruns == 0
    stalled_at = device.now
    device.now += 0.200  # held up longer than the buffer holds
    device.run_until(1003.0)
    assert mixer.underruns == 1
    (start, end), = mixer.stalls
    assert start < stalled_at + 0.01 and abs(end - start - 0.2) < 0.01


def test_a_device_that_says_it_ran_dry_is_counted_once_per_request():
    mixer = _mixer()
    mixer.new_stream(latency=0.0, buffer=0.150)
    mixer.render(256, 1000.0)
    mixer.render(256, 1000.01, ran_dry=True)
    mixer.render(256, 1000.02)
    assert mixer.underruns == 1 and mixer.last_request == 1000.02


def test_how_long_a_stream_has_played_starts_at_its_first_request_and_again_on_a_new_stream():
    mixer = _mixer()
    assert mixer.playing_for(1000.0) == 0.0
    mixer.render(256, 1000.0)
    mixer.render(256, 1002.0)
    assert mixer.playing_for(1003.0) == 3.0
    mixer.new_stream(latency=0.0)
    assert mixer.playing_for(1004.0) == 0.0

def _rendered(clips: dict[str, np.ndarray], names: list[str]) -> tuple[np.ndarray, dict[str, int]]:
    """The real clips ``names`` planned for one instant, rendered through the mixer on a fake device.

    Returns the samples and the frame each clip started at.
    """
    device = FakeDevice(Mixer(clips, RATE, latency=0.0))
    device.run_until(1001.0)
    device.mixer.plan([_cue(1001.5, name, key=name) for name in names], device.now)
    device.run_until(1004.0)
    return device.out.astype(np.int32), {started.clip: started.frame for started in device.mixer.history}


def test_a_tone_and_a_word_together_never_clip_and_a_cue_alone_is_untouched():
    # The real "lift" tone and the spoken "lift": each peaks at -1 dBFS, together near +5 dBFS.
    clips = {name: load_clip(name, RATE) for name in ("sounds/lift.wav", "voice/lift.wav")}
    together, frames = _rendered(clips, list(clips))
    assert set(frames) == set(clips)
    ceiling = round(mixer_module.MIX_CEILING * 32767)
    assert np.abs(together).max() <= ceiling  # peak under full scale: nothing clipped
    assert np.count_nonzero(np.abs(together) >= 32767) == 0
    # Turned down smoothly, not cut: where the sum is loud, out / sum changes by a hair a sample.
    ideal = np.zeros(len(together))
    for name, clip in clips.items():
        ideal[frames[name]:frames[name] + len(clip)] += clip[: len(together) - frames[name]] * 32767
    assert np.abs(ideal).max() > 32767  # the plain sum would clip
    loud = np.abs(ideal) > 3000
    gain = together[loud] / ideal[loud]
    assert gain.min() > 0.4 and gain.max() < 1.01
    # Consecutive loud samples: the gain never jumps, not even where a block ends just before a
    # peak (the mixer looks past the block), by no more than the attack's 1/48 a sample.
    steps = np.abs(np.diff(gain))[np.diff(np.flatnonzero(loud)) == 1]
    assert steps.max() < 0.03 and np.median(steps) < 0.001
    # Each clip alone plays exactly as recorded.
    for name, clip in clips.items():
        alone, frames = _rendered(clips, [name])
        start = frames[name]
        assert np.abs(alone[start:start + len(clip)] - np.rint(clip * 32767)).max() <= 1
