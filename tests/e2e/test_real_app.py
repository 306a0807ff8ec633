"""The real app, as a lifter runs it: a real X server (Xvfb), real keys, a real sound server, real files.

One workout is started with the Space key, paced for real, heard at a PulseAudio
null sink, seen in a screenshot of the X screen, and found on disk after Ctrl+Q.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gymtimer_dev.soundcheck import Recorder, coarse_onsets
from tests.helpers.real_parts import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.audio, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
PRESET = "Bodyweight hip thrust"  # lead-in 5 s, then lift 1 s, squeeze 2 s, lower 3 s: 6 s a rep


def session_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "sessions").glob("*.json"))


def test_a_real_workout_on_a_real_screen_with_real_sound(tmp_path, display, sound):
    from PySide6.QtGui import QColor, QImage

    from gymtimer.core.tempo import REP_PHASES
    from gymtimer.store import session_files as files
    from gymtimer.ui.colours import PHASE_COLOURS

    data = tmp_path / "data"
    env = {**os.environ, **sound.env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    env.pop("GYMTIMER_DATA_DIR", None)
    x = {**env}
    x.pop("PULSE_SERVER", None)
    log = open(tmp_path / "app.log", "wb")
    app = subprocess.Popen([sys.executable, "-m", "gymtimer", "--preset", PRESET, "--data-dir", str(data)],
                           env=env, stdout=log, stderr=subprocess.STDOUT)
    recorder = None
    try:
        window = wait_for(lambda: subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^GymTimer$"], env=x,
                                                 capture_output=True, text=True).stdout.split(), 30, "the window")[0]
        subprocess.run(["xdotool", "windowfocus", "--sync", window], env=x, check=True, timeout=10)
        time.sleep(1.0)  # let the cue engine open its stream after the first paint
        recorder = Recorder(sound).start()
        subprocess.run(["xdotool", "key", "--window", window, "space"], env=x, check=True, timeout=10)
        started = time.monotonic()

        # the first rep: lead-in 5 s, lift 1 s, squeeze 2 s; screenshot in the squeeze
        wait_for(lambda: time.monotonic() - started > 6.8, 20, "the squeeze")
        shot = tmp_path / "screen.png"
        grab = ("from PySide6.QtGui import QGuiApplication; import sys; app = QGuiApplication(sys.argv[:1]); "
                f"app.primaryScreen().grabWindow(0).save({str(shot)!r})")
        subprocess.run([sys.executable, "-c", grab], env=x, check=True, timeout=30)  # a grab of the X screen
        image = QImage(str(shot))
        if os.environ.get("GYMTIMER_SCREENSHOT_DIR"):  # to look at it: the real X screen mid-rep
            image.save(str(Path(os.environ["GYMTIMER_SCREENSHOT_DIR"]) / "xvfb-squeeze.png"))
        corner = QColor(image.pixel(5, image.height() - 5)).name().upper()
        assert corner in {PHASE_COLOURS[p] for p in REP_PHASES}, f"the window takes a rep phase's colour, not {corner}"

        def reps_on_disk():
            found = session_files(data)
            return found and files.decode(found[0].read_bytes()).done() >= 2

        wait_for(reps_on_disk, 30, "two reps saved")
        recording = recorder.stop()
        recorder = None
        subprocess.run(["xdotool", "key", "--window", window, "ctrl+q"], env=x, check=True, timeout=10)
        assert app.wait(timeout=30) == 0
    finally:
        if recorder is not None:
            recorder.stop()
        if app.poll() is None:
            app.kill()
            app.wait()
        log.close()

    onsets = coarse_onsets(recording.samples)
    # 3-2-1 of the lead-in, then per rep: lift, squeeze, lower and two lowering ticks
    assert len(onsets) >= 3 + 2 * 5, (len(onsets), (tmp_path / "app.log").read_text())
    session = files.decode(session_files(data)[0].read_bytes())
    assert session.ended_at is not None, "Ctrl+Q closed the session"
    exercise = session.exercises[0]
    assert exercise.preset_name == PRESET and exercise.abandoned
    assert exercise.done() >= 2
