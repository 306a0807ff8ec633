"""End to end through a real sound server: a short workout recorded at a null sink, and losing the output."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from gymtimer.core.plan import Plan
from gymtimer.core.tempo import Tempo
from gymtimer.core.workout import Workout
from gymtimer.cues.engine import NO_OUTPUT, CueEngine
from gymtimer_dev.soundcheck import RATE, Recorder, WorkoutRunner, find_onsets
from tests.helpers.real_parts import need_program

pytestmark = [pytest.mark.audio, pytest.mark.e2e]

ROOT = Path(__file__).resolve().parents[2]


def _pitch(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples)), n=1 << 15))
    return float(np.argmax(spectrum) * RATE / (1 << 15))


@pytest.mark.slow
def test_a_real_workout_sounds_every_cue_on_the_tempo_each_phase_its_own(engine, sound_server):
    recorder = Recorder(sound_server, realtime=sound_server.realtime).start()
    plan = Plan(tempo=Tempo(lift=0.5, squeeze=0.5, lower=1.5, bottom=0.5), sets=1, reps=3, lead_in=4.0)
    workout = Workout(plan, origin=time.monotonic())
    WorkoutRunner(workout, engine).run(tail=1.5, timeout=30)
    recording = recorder.stop()
    assert workout.finished

    planned = [c for c in engine.mixer.history if not c.immediate]
    tones = {name: clip for name, clip in engine.mixer.clips.items() if name.startswith("sounds/")}
    found = [o for o in find_onsets(recording.samples, tones) if o.clip != "sounds/resume.wav"]
    # Order: the recording holds exactly the planned cues, in order, each a whole clip.
    assert [o.clip for o in found] == [c.clip for c in planned]
    expected = ["countdown"] * 3 + ["lift", "squeeze", "lower", "tick", "bottom"] * 2 + [
        "lift", "squeeze", "lower", "tick", "workout_done"]
    assert [c.clip for c in planned] == [f"sounds/{name}.wav" for name in expected]
    assert min(o.match for o in found) > 0.99  # no fragment of another cue, nothing cut
    # Spacing: heard intervals match the plan's to within 2 ms.
    heard = recording.time_of(np.array([o.frame for o in found], dtype=float))
    errors = np.abs(np.diff(heard) - np.diff([c.due for c in planned])) * 1000
    assert errors.max() <= 2.0, errors
    # Each phase sounds different: pitch at its start and its end, from the recording itself.
    shapes = {}
    for onset in found:
        name = onset.clip.removeprefix("sounds/").removesuffix(".wav")
        if name in ("lift", "squeeze", "lower", "bottom") and name not in shapes:
            n = len(tones[onset.clip])
            head = recording.samples[onset.frame:onset.frame + n // 3]
            tail = recording.samples[onset.frame + 2 * n // 3:onset.frame + n]
            shapes[name] = (_pitch(head), _pitch(tail))
    assert shapes["lift"][1] > shapes["lift"][0] * 1.3  # rises
    assert shapes["lower"][1] < shapes["lower"][0] / 1.3  # falls
    assert shapes["squeeze"][0] == pytest.approx(shapes["squeeze"][1], rel=0.05)  # held
    assert shapes["bottom"][0] < 300  # a low thud
    starts = sorted(s[0] for s in shapes.values())
    assert all(b > a * 1.1 for a, b in itertools.pairwise(starts))  # four different pitches at onset


@pytest.mark.slow
def test_losing_the_output_shows_the_notice_and_sound_comes_back_with_a_device(engine, sound_server, qtbot):
    assert engine.notice == ""
    try:
        with qtbot.waitSignal(engine.notice_changed, timeout=10_000) as lost:
            sound_server.unload_sink()
        assert lost.args == [NO_OUTPUT]
        # The workout goes on: planning and playing while there is no output do not fail.
        workout = Workout(Plan(tempo=Tempo(lift=0.3, squeeze=0.3, lower=0.3), sets=1, reps=1, lead_in=0),
                          origin=time.monotonic())
        WorkoutRunner(workout, engine).run(tail=0.1, timeout=10)
        assert workout.finished
    finally:
        with qtbot.waitSignal(engine.notice_changed, timeout=10_000) as back:
            sound_server.load_sink()
    assert back.args == [""]
    started = len(engine.mixer.history)
    engine.play(Workout(Plan(sets=1, reps=1, lead_in=0), origin=time.monotonic()).start(time.monotonic()))
    qtbot.waitUntil(lambda: len(engine.mixer.history) > started, timeout=5_000)


def test_a_damaged_sound_file_is_named_at_start(qtbot, sound_server, tmp_path, monkeypatch):
    import shutil

    from gymtimer import resources

    copy = tmp_path / "resources"
    shutil.copytree(resources.resources_root(), copy, ignore=shutil.ignore_patterns("*.py"))
    (copy / "sounds" / "squeeze.wav").write_bytes(b"RIFF....WAVEjunk")
    monkeypatch.setattr(resources, "resources_root", lambda: copy)
    engine = CueEngine()
    with qtbot.waitSignal(engine.notice_changed, timeout=5_000) as notice:
        engine.start()
    try:
        assert "squeeze.wav" in notice.args[0] and "damaged" in notice.args[0]
        assert "sounds/squeeze.wav" not in engine.mixer.clips and "sounds/lift.wav" in engine.mixer.clips
    finally:
        engine.close()


_NO_SERVER_SCRIPT = textwrap.dedent("""
    import json, time
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from gymtimer.core.plan import Plan
    from gymtimer.core.tempo import Tempo
    from gymtimer.core.workout import Workout
    from gymtimer.cues.engine import CueEngine
    from gymtimer_dev.soundcheck import WorkoutRunner
    notices = []
    engine = CueEngine()
    engine.notice_changed.connect(notices.append)
    engine.start()
    plan = Plan(tempo=Tempo(lift=0.2, squeeze=0.2, lower=0.3), sets=2, reps=2, lead_in=0.5, rest=0.5)
    workout = Workout(plan, origin=time.monotonic())
    WorkoutRunner(workout, engine).run(tail=0.5, timeout=20)
    engine.close()
    print(json.dumps({"notices": notices, "finished": workout.finished,
                      "reps": sum(len(s.reps) for s in workout.record.sets)}))
""")


@pytest.mark.slow
def test_with_no_sound_server_the_notice_shows_and_the_workout_completes(tmp_path):
    need_program("pulseaudio")  # libpulse present, but no server to reach
    env = dict(os.environ, PULSE_SERVER=f"unix:{tmp_path / 'no-such-socket'}", QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _NO_SERVER_SCRIPT], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["notices"] == [NO_OUTPUT]
    assert result["finished"] and result["reps"] == 4


@pytest.mark.slow
def test_changing_the_scheme_replans_the_cues_to_come(engine, qtbot):
    from gymtimer.cues.settings import CueSettings, Scheme

    plan = Plan(tempo=Tempo(lift=2, squeeze=2, lower=2), sets=1, reps=2, lead_in=5)
    now = time.monotonic()
    workout = Workout(plan, origin=now)
    workout.start(now)
    engine.plan(workout.forecast(now, 4.0))
    # The plan lives in the sound process: what it holds comes back with its next report.
    qtbot.waitUntil(lambda: {c.clip for c in engine.mixer.pending()} == {"sounds/countdown.wav"}, timeout=2_000)
    engine.set_settings(CueSettings(scheme=Scheme.VOICE, volume=0.5))
    qtbot.waitUntil(lambda: sorted(c.clip for c in engine.mixer.pending())
                    == ["voice/one.wav", "voice/three.wav", "voice/two.wav"], timeout=2_000)
    assert engine.mixer.volume == 0.5
    engine.plan([])  # paused: nothing to come
    qtbot.waitUntil(lambda: engine.mixer.pending() == [], timeout=2_000)


@pytest.mark.slow
def test_a_seen_rep_cue_just_before_a_phase_start_leaves_the_phase_on_its_time(engine, sound_server):
    """The camera's "slower" comes as the next lift is about to sound: the lift is heard where the plan put it,
    and "slower" whole after it, mixed with nothing."""
    from PySide6.QtCore import QTimer

    from gymtimer.core.seen import Cue as SeenCue
    from gymtimer.cues.engine import SEEN_LEAD

    recorder = Recorder(sound_server, realtime=sound_server.realtime).start()
    # Four reps: three lifts that a lowering came before, so that a busy machine's late poll that misses the
    # moment before one lift has two more to catch (the cue is asked for once).
    plan = Plan(tempo=Tempo(lift=1.0, squeeze=1.0, lower=2.0, bottom=0.0), sets=1, reps=4, lead_in=3.0)
    workout = Workout(plan, origin=time.monotonic())
    runner = WorkoutRunner(workout, engine)
    fired: dict[str, float] = {}

    def watch() -> None:
        """After the first lowering (the camera's rep), once the earliest an at-once cue can be heard falls
        within 0.33 s before the next lift's tone: the seen rep's cue, which would run into it."""
        mixer = engine.mixer
        if fired or not any(c.clip == "sounds/lower.wav" for c in mixer.history):
            return
        now = time.monotonic()
        earliest = max(now, mixer.clock.time_of(mixer.frames_out)) + SEEN_LEAD
        # The next lift, planned or already handed to the device but not yet heard: on a busy machine the sound
        # process hands a cue over earlier, so the last report may show it started before the moment comes.
        lifts = sorted([c.at for c in mixer.pending() if c.clip == "sounds/lift.wav"]
                       + [c.due for c in list(mixer.history)[-8:] if c.clip == "sounds/lift.wav" and c.heard > now])
        # Within the last 0.33 s before the lift: "slower" (0.38 s) at once would run into it. A window this wide
        # is met even when a busy machine's sound process hands the device a whole buffer (0.15 s) at a time.
        if lifts and lifts[0] - 0.33 <= earliest < lifts[0]:
            fired.update(lift=lifts[0], earliest=earliest)
            engine.play_seen(SeenCue.SLOWER, runner.driver.forecast(runner.horizon))

    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(watch)
    poll.start()
    runner.run(tail=1.5, timeout=45)
    poll.stop()
    recording = recorder.stop()
    assert workout.finished and fired, "the seen cue was asked for"
    assert fired["lift"] - fired["earliest"] < engine.mixer.clips["sounds/slower.wav"].size / RATE, \
        "at once, 'slower' would have run into the lift"

    planned = [c for c in engine.mixer.history if not c.immediate]
    (seen,) = [c for c in engine.mixer.history if c.clip == "sounds/slower.wav"]
    tones = {name: clip for name, clip in engine.mixer.clips.items() if name.startswith("sounds/")}
    found = [o for o in find_onsets(recording.samples, tones) if o.clip != "sounds/resume.wav"]
    heard_clips = [o.clip for o in found]
    assert heard_clips.count("sounds/slower.wav") == 1
    slower = found[heard_clips.index("sounds/slower.wav")]
    phases = [o for o in found if o is not slower]
    # Every planned cue is heard, in order, whole, and the intervals are the plan's within 2 ms.
    assert [o.clip for o in phases] == [c.clip for c in planned]
    assert min(o.match for o in found) > 0.99, [(o.clip, round(o.match, 3), o.frame) for o in found if o.match <= 0.99]
    heard = recording.time_of(np.array([o.frame for o in phases], dtype=float))
    errors = np.abs(np.diff(heard) - np.diff([c.due for c in planned])) * 1000
    assert errors.max() <= 2.0, errors
    # "slower" sounds alone: after the lift's tone ends, and over before the squeeze's starts.
    index = next(i for i, c in enumerate(planned) if c.due == pytest.approx(fired["lift"], abs=1e-6))
    lift, squeeze = phases[index], phases[index + 1]
    assert (lift.clip, squeeze.clip) == ("sounds/lift.wav", "sounds/squeeze.wav")
    assert lift.frame + len(tones[lift.clip]) < slower.frame
    assert slower.frame + len(tones[slower.clip]) < squeeze.frame
    # Where the engine put it, to the recording's clock: offset from the lift as planned, within 2 ms.
    gap = (slower.frame - lift.frame) / RATE
    # "slower" plays on the sound process's at-once stream, the lift on its planned one: each stream's
    # own clock places its cues to the sample, the two against each other within a few milliseconds.
    assert gap * 1000 == pytest.approx((seen.heard - planned[index].heard) * 1000, abs=10.0)
    print(f"seen cue: at once it would have started {1000 * (fired['lift'] - fired['earliest']):.0f} ms before the "
          f"lift; heard {gap * 1000:.1f} ms after the lift's start; interval error max {errors.max():.2f} ms")
