"""The cue tests' started engine (the private sound server itself is ``sound_server`` in tests/conftest.py)."""

from __future__ import annotations

import time

import pytest

from gymtimer.cues.engine import CueEngine


@pytest.fixture
def engine(qtbot, sound_server):
    """A started engine whose sound has run for 3 s: as on the workout screen, sound opens a few seconds
    before the first rep, so the clock has settled."""
    engine = CueEngine()
    engine.start()
    qtbot.waitUntil(lambda: engine.sound_working and engine.mixer.playing_for(time.monotonic()) > 3.0,
                    timeout=15_000)
    yield engine
    engine.close()
