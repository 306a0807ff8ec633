"""Fixtures of every test: its own data folder, an offscreen Qt, a fake clock (harnesses: tests/helpers/)."""

from __future__ import annotations

import os

import pytest

from gymtimer_dev.clock import FakeClock
from tests.helpers.real_parts import need_program

# Offscreen, on the screen the workout window is designed for: a 1366×768 laptop.
LAPTOP_SCREEN = os.path.join(os.path.dirname(__file__), "laptop-screen.json")
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={LAPTOP_SCREEN}")
# The optional body model runs only in the tests that turn it on (it costs a share of a core per camera).
os.environ.setdefault("GYMTIMER_BODY_MODEL", "off")
# Never let a test reach the lifter's real home folder or sound settings.
os.environ.pop("GYMTIMER_DATA_DIR", None)


#: The folders whose tests run in real time (a real screen, a real sound server, a frozen app).
REAL_TIME_FOLDERS = ("e2e", "packaging")
#: ... and the fixtures that start a real sound server or X server.
REAL_TIME_FIXTURES = frozenset({"sound_server", "display"})


def pytest_itemcollected(item: pytest.Item) -> None:
    """``realtime``: `make test` runs these one after another in a process of their own, beside the rest
    (dev/gymtimer_dev/two_runs.py)."""
    real = REAL_TIME_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    if (real or item.path.parent.name in REAL_TIME_FOLDERS or item.get_closest_marker("audio")
            or item.get_closest_marker("e2e")):
        item.add_marker(pytest.mark.realtime)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """A fresh data folder for each test; the real one is never touched."""
    from gymtimer.store import paths

    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(folder))
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(tmp_path / "config"))  # the pointer to a chosen folder
    paths.set_data_dir(folder)
    yield folder
    paths.set_data_dir(None)


@pytest.fixture
def clock() -> FakeClock:
    """The fake monotonic clock of dev/gymtimer_dev/clock.py, at 1000 s."""
    return FakeClock()


@pytest.fixture(autouse=True)
def collector_unfrozen():
    """A window left with a workout set keeps objects frozen (see WorkoutDriver): not past its test."""
    import gc

    yield
    gc.unfreeze()


@pytest.fixture(scope="session")
def sound_server():
    """A real sound server with one null sink; Qt Multimedia in this process plays into it.

    Session-wide because Qt Multimedia connects to a sound server once per
    process: every in-process audio test must share the same one.
    """
    need_program("pulseaudio", "pactl", "parec")
    from gymtimer_dev.soundcheck import SoundServer

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
