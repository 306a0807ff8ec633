"""The end-to-end tests' real parts: a private X server and a private sound server."""

from __future__ import annotations

import pytest

from gymtimer_dev.soundcheck import SoundServer
from tests.helpers.display import XServer
from tests.helpers.real_parts import need_program


@pytest.fixture
def display():
    """A private X server, 1366×768 like the laptop the screen is designed for."""
    server = XServer().start()
    yield server.name
    server.stop()


@pytest.fixture
def sound():
    need_program("pulseaudio", "pactl", "parec")
    server = SoundServer().start()
    yield server
    server.stop()
