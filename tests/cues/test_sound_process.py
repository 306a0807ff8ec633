"""The sound process: it plays the plan it is sent, drops what is cancelled, reports a missing
device, and never outlives the app. Real processes, a real sound server and its recording."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from gymtimer.cues import wire
from gymtimer.cues.engine import NO_OUTPUT, RESTART_SECONDS, UNAVAILABLE, CueEngine
from gymtimer.cues.sound_rules import Cue
from gymtimer_dev.soundcheck import RATE, Recorder, find_onsets

ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie waiting for its new parent to reap it has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_every_message_crosses_the_pipe_whole_and_the_end_of_the_pipe_is_seen():
    buffer = io.BytesIO()
    out = wire.sound_end(None, buffer)
    cues = [wire.WireCue("('phase_started', 'lift', 12.5, 0, 1)", 1012.5, "sounds/lift.wav", 0.16),
            wire.WireCue("rest", 1013.0, "voice/rest.wav", 0.4, event_at=1012.9)]
    sent = [wire.Plan(cues, 1011.5), wire.Play(cues[:1], 1011.6), wire.Cancel(), wire.Settings(0.5, True),
            wire.ResetCounters(), wire.Quit()]
    for message in sent:
        out.send(message)
    buffer.seek(0)
    back = wire.sound_end(buffer, None)
    assert [back.receive() for _ in sent] == sent
    assert back.receive() is None  # the app's end closed: the sound process ends on this


def _cue(name: str, at: float) -> Cue:
    return Cue((name, at), at, f"sounds/{name}.wav", 0.2)


@pytest.mark.audio
def test_the_sound_process_plays_the_plan_at_the_planned_times(engine, sound_server, qtbot):
    assert engine.mixer.pid != os.getpid() and _alive(engine.mixer.pid)
    qtbot.waitUntil(lambda: engine.mixer.playing_for(time.monotonic()) > 6.0, timeout=10_000)  # a settled clock
    recorder = Recorder(sound_server, realtime=sound_server.realtime).start()
    start = time.monotonic() + 1.2  # sent further ahead than the stream's lead
    plan = [_cue("lift", start), _cue("squeeze", start + 0.6), _cue("lower", start + 1.1), _cue("bottom", start + 1.9)]
    engine._link.plan(plan, time.monotonic())
    qtbot.wait(round((start + 2.4 - time.monotonic()) * 1000))
    recording = recorder.stop()

    tones = {name: clip for name, clip in engine.mixer.clips.items() if name.startswith("sounds/")}
    found = find_onsets(recording.samples, tones)
    assert [o.clip for o in found] == [c.clip for c in plan]
    assert min(o.match for o in found) > 0.99  # each whole
    frames = np.array([o.frame for o in found], dtype=float)
    due = np.array([c.at for c in plan])
    # The spacing, counted in the null sink's own samples, to the sample clock's error.
    assert np.abs(np.diff(frames) / RATE - np.diff(due)).max() < 0.002, np.diff(frames) / RATE - np.diff(due)
    heard = recording.time_of(frames)
    # Where planned: the stream's latency is judged (SERVER_LATENCY), so within a few tens of ms.
    assert np.abs(heard - due).max() < 0.060, heard - due
    # And the sound process said what it played, under the app's own keys.
    assert [c.key for c in engine.mixer.history if not c.immediate][-4:] == [c.key for c in plan]


@pytest.mark.audio
def test_a_cancelled_plan_is_not_heard(engine, sound_server, qtbot):
    recorder = Recorder(sound_server, realtime=sound_server.realtime).start()
    soon = time.monotonic() + 1.0
    engine._link.plan([_cue("lift", soon), _cue("lower", soon + 0.5)], time.monotonic())
    qtbot.waitUntil(lambda: len(engine.mixer.pending()) == 2, timeout=2_000)
    engine._link.plan([], time.monotonic())  # paused: nothing is forecast any more
    qtbot.waitUntil(lambda: engine.mixer.pending() == [], timeout=2_000)
    qtbot.wait(round((soon + 1.0 - time.monotonic()) * 1000))
    recording = recorder.stop()
    assert np.abs(recording.samples).max() < 0.01  # silence
    assert not [c for c in engine.mixer.history if c.key[0] in ("lift", "lower")]


@pytest.mark.audio
def test_closing_the_engine_ends_the_sound_process(qtbot, sound_server):
    engine = CueEngine()
    engine.start()
    qtbot.waitUntil(lambda: engine.mixer.requests > 0, timeout=15_000)
    pid = engine.mixer.pid
    engine.close()
    assert not _alive(pid)


@pytest.mark.audio
def test_a_sound_process_that_dies_is_reported_and_started_again(engine, qtbot):
    pid = engine.mixer.pid
    with qtbot.waitSignal(engine.notice_changed, timeout=5_000) as lost:
        os.kill(pid, signal.SIGKILL)
    assert lost.args == [NO_OUTPUT]
    with qtbot.waitSignal(engine.notice_changed, timeout=15_000) as back:
        pass
    assert back.args == [""]
    assert engine.mixer.pid != pid and _alive(engine.mixer.pid)


@pytest.mark.audio
def test_no_output_at_start_is_reported_and_sound_comes_when_one_is_plugged_in(qtbot, sound_server):
    engine = CueEngine()
    sound_server.unload_sink()
    try:
        with qtbot.waitSignal(engine.notice_changed, timeout=15_000) as missing:
            engine.start()
        assert missing.args == [NO_OUTPUT]
    finally:
        with qtbot.waitSignal(engine.notice_changed, timeout=15_000) as back:
            sound_server.load_sink()
    try:
        assert back.args == [""]
        qtbot.waitUntil(lambda: engine.mixer.requests > 0, timeout=5_000)
    finally:
        engine.close()


_KILLED_APP = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
    from gymtimer.cues.engine import CueEngine
    engine = CueEngine()
    engine.start()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not engine.mixer.requests:
        app.processEvents()
        time.sleep(0.01)
    print(engine.mixer.pid, engine.mixer.requests, flush=True)
    time.sleep(60)
""")


@pytest.mark.audio
def test_the_sound_process_ends_within_a_second_when_the_app_is_killed(sound_server):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    app = subprocess.Popen([sys.executable, "-c", _KILLED_APP], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        pid, requests = (int(v) for v in app.stdout.readline().split())
        assert requests > 0 and _alive(pid)  # it was playing
        app.kill()  # SIGKILL: no clean-up of any kind in the app
        app.wait()
        assert _wait_until(lambda: not _alive(pid), 1.0)
    finally:
        app.kill()
        app.wait()
        app.stdout.close()


@pytest.mark.audio
def test_a_frozen_app_starts_its_own_executable_as_the_sound_process(qtbot, sound_server, tmp_path, monkeypatch):
    # A frozen app's sys.executable is the app itself: stand in for it with a program that runs the
    # app's entry point (what packaging/gymtimer_main.py does), so the --sound-process flag is what
    # makes it the sound process. Building a real bundle takes minutes: tests/packaging does that.
    app = tmp_path / "gymtimer"
    app.write_text(f"#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -m gymtimer \"$@\"\n")
    app.chmod(0o755)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app))
    engine = CueEngine()
    engine.start()
    try:
        qtbot.waitUntil(lambda: engine.sound_working and engine.mixer.requests > 0, timeout=15_000)
        assert engine.notice == ""
        command = Path(f"/proc/{engine.mixer.pid}/cmdline").read_bytes().split(b"\0")
        assert b"--sound-process" in command
    finally:
        engine.close()


#: Stands in for a computer without libpulse: importing Qt Multimedia fails as it then does.
_NO_LIBPULSE = textwrap.dedent("""
    import sys

    class NoLibpulse:
        def find_spec(self, name, path=None, target=None):
            if name == "PySide6.QtMultimedia":
                raise ImportError("libpulse.so.0: cannot open shared object file: No such file or directory")
            return None

    sys.meta_path.insert(0, NoLibpulse())
""")

_APP_WITHOUT_SOUND = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
    from gymtimer.cues.engine import CueEngine
    engine = CueEngine()
    engine.start()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not engine.notice:
        app.processEvents()
        time.sleep(0.01)
    started = engine.mixer.pid
    settle = time.monotonic() + float(sys.argv[1])  # longer than a restart would take
    while time.monotonic() < settle:
        app.processEvents()
        time.sleep(0.01)
    print(repr((engine.notice, engine.sound_working, engine.mixer.pid == started)), flush=True)
    engine.close()
""")


def test_without_libpulse_the_lifter_gets_the_notice_and_one_log_line_not_tracebacks(tmp_path):
    # Qt Multimedia made unimportable (a sitecustomize on the path: in the app and in the sound
    # process it starts), as on a computer without libpulse. No sound server is needed: none is reached.
    (tmp_path / "sitecustomize.py").write_text(_NO_LIBPULSE)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join(filter(None, (str(tmp_path), str(ROOT), os.environ.get("PYTHONPATH")))))
    run = subprocess.run([sys.executable, "-c", _APP_WITHOUT_SOUND, str(RESTART_SECONDS + 1.0)], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=60)

    assert run.returncode == 0, run.stderr
    notice, working, same_process = eval(run.stdout.strip().splitlines()[-1])
    assert (notice, working, same_process) == (UNAVAILABLE, False, True)  # and no restart
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert lines == ["sound unavailable: Qt Multimedia cannot load (libpulse.so.0: cannot open shared object file: "
                     "No such file or directory); install libpulse0 (PulseAudio's client library) for sound"]
