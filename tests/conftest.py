"""Shared fixtures: every test gets its own data folder and an offscreen Qt."""

from __future__ import annotations

import os
import shutil

import pytest

# Offscreen, on the screen the workout window is designed for: a 1366×768 laptop.
LAPTOP_SCREEN = os.path.join(os.path.dirname(__file__), "laptop-screen.json")
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={LAPTOP_SCREEN}")
# Never let a test reach the lifter's real home folder or sound settings.
os.environ.pop("GYMTIMER_DATA_DIR", None)

#: In CI (.ci/run) a test that needs a real part must run, not skip.
REQUIRE_REAL = os.environ.get("GYMTIMER_REQUIRE_REAL") == "1"


def need_program(*names: str) -> None:
    """Skip (or, in CI, fail) when a real part this test needs is not installed."""
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        message = f"needs {', '.join(missing)} (installed by .ci/run)"
        if REQUIRE_REAL:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """A fresh data folder for each test; the real one is never touched."""
    from gymtimer.store import paths

    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(folder))
    paths.set_data_dir(folder)
    yield folder
    paths.set_data_dir(None)


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def collector_unfrozen():
    """A window left with a workout set keeps objects frozen (see WorkoutDriver): not past its test."""
    import gc

    yield
    gc.unfreeze()
