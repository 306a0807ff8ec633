"""The frozen app built with the body model (``make freeze WITH_POSE=1``, dist-pose/) passes the smoke test, and
its self-test runs the model over a rendered person.

Not in CI's ``make test``: a second bundle would take minutes more to build. It runs when dist-pose/ is there
(it is rebuilt when older than the sources), or when ``GYMTIMER_TEST_POSE_BUILD=1`` asks for it to be built.
"""

from __future__ import annotations

import os

import pytest

from tests.helpers.real_parts import need_body_model, need_program

import build  # packaging/build.py (packaging/ is on the tests' import path)
import smoke_test  # packaging/smoke_test.py

pytestmark = pytest.mark.skipif(
    not build.executable(build.POSE_DIST).exists() and os.environ.get("GYMTIMER_TEST_POSE_BUILD") != "1",
    reason="no build with the body model (make freeze WITH_POSE=1, or GYMTIMER_TEST_POSE_BUILD=1 to build one)")


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.audio
def test_frozen_app_with_the_body_model_runs_it_only_when_asked_and_sees_a_person():
    need_program("pulseaudio", "pactl", "parec")
    need_body_model()
    pytest.importorskip("PyInstaller")

    result = smoke_test.run(with_pose=True)

    assert result.problems == []
    report = result.report
    assert report["frozen"] is True and report["body_model_available"] is True
    # Not loaded by the app's start, its modules, a workout and its charts: only when the camera was used.
    assert report["body_model_lazy"] is True and report["body_model_in_bundle"] is True
    assert report["body_model_seen"] >= smoke_test.POSE_SEEN_SHARE * report["body_model_frames"] > 0
    # The rest of the smoke test as for the default build: the watched set, with the model running beside it.
    assert result.watched["flags"] == [False, True]
