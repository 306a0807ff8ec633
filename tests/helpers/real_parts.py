"""Tests that need a real part (an X server, a sound server) skip without it, or fail in CI."""

from __future__ import annotations

import os
import shutil
import sys
import time

import pytest

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


def wait_for(condition, seconds: float, what: str):
    """Polls a real app in another process (no clock to fake) until ``condition()`` is true; returns its value."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def need_body_model() -> None:
    """Skip (or, in CI, fail) when the optional body model is not installed; skip where it is not made (Python 3.13+)."""
    from gymtimer.vision import pose

    reason = pose.missing_reason()
    if reason is None:
        return
    if REQUIRE_REAL and sys.version_info[:2] <= pose.LAST_PYTHON:
        pytest.fail(f"needs the body model ({reason}; installed by .ci/run)")
    pytest.skip(reason)
