"""The frozen app starts, plays cues the sound server hears, saves a session, exits 0, and measures a filmed set."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.helpers.real_parts import need_program

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def load_smoke_test():
    """packaging/ is not a package (its name would hide the 'packaging' library): load the script by path."""
    sys.path.insert(0, str(PACKAGING))
    try:
        spec = importlib.util.spec_from_file_location("gymtimer_smoke_test", PACKAGING / "smoke_test.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(PACKAGING))


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.audio
def test_frozen_app_passes_its_self_test_and_is_heard():
    need_program("pulseaudio", "pactl", "parec")
    pytest.importorskip("PyInstaller")
    smoke_test = load_smoke_test()

    result = smoke_test.run()

    assert result.problems == []
    assert result.report["frozen"] is True
    assert result.report["reps"] == 2
    assert len(result.cue_onsets) == result.report["cues_played"] == 6
    phase = result.report["phase_seconds"]
    intervals = [b - a for a, b in zip(result.cue_onsets, result.cue_onsets[1:])]
    assert all(abs(gap - phase) < 0.1 for gap in intervals), intervals  # one cue per phase
    # The frozen app measured the rendered two-rep clip (OpenCV inside the bundle); the second lowering too fast.
    assert [rep["lowering_too_fast"] for rep in result.analysis["reps"]] == [False, True]


def test_cue_detection_finds_each_tone_and_its_time():
    smoke_test = load_smoke_test()
    rate = smoke_test.RATE
    samples = [0] * rate
    for start in (0.2, 0.5):  # two 60 ms tones of amplitude 0.5
        first = int(start * rate)
        for i in range(int(0.06 * rate)):
            samples[first + i] = 16000 if i % 2 else -16000

    onsets = smoke_test.find_cues(samples)

    assert [round(t, 2) for t in onsets] == [0.2, 0.5]


def test_cue_detection_hears_nothing_in_quiet_hiss():
    smoke_test = load_smoke_test()

    assert smoke_test.find_cues([300, -300] * smoke_test.RATE) == []
