"""Fixtures for the cue tests: a private PulseAudio server with a null sink, shared by the session."""

from __future__ import annotations

import os

import pytest

from tests.helpers.real_parts import need_program


@pytest.fixture(scope="session")
def sound_server():
    """A real sound server with one null sink; Qt Multimedia in this process plays into it.

    Session-wide because Qt Multimedia connects to a sound server once per
    process: every in-process audio test must share the same one.
    """
    need_program("pulseaudio", "pactl", "parec")
    from tests.helpers.soundcheck import SoundServer

    # Real-time where allowed (root, as a desktop's server through rtkit): the server, not the app
    # under test, must not be what a loaded machine holds up.
    server = SoundServer(realtime=os.geteuid() == 0).start()
    saved = os.environ.get("PULSE_SERVER")
    os.environ.update(server.env)
    yield server
    server.stop()
    if saved is None:
        os.environ.pop("PULSE_SERVER", None)
    else:
        os.environ["PULSE_SERVER"] = saved
