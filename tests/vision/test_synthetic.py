"""The renderer of synthetic sets: a readable video, and truth by the rule on the exact path."""

from __future__ import annotations

import json

import cv2
import pytest

from gymtimer_dev.synthetic import RAMP, SETS, HipPath, render


def test_a_rendered_set_is_a_video_with_its_truth_beside_it(tmp_path):
    video, sidecar = render("quick", tmp_path / "clips", width=160)

    assert sorted(p.name for p in (tmp_path / "clips").iterdir()) == ["quick-160.json", "quick-160.mp4"]
    truth = json.loads(sidecar.read_text())
    capture = cv2.VideoCapture(str(video))
    times = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        times.append(capture.get(cv2.CAP_PROP_POS_MSEC) / 1000)
    assert frame is None and len(times) == truth["frames"]
    assert times[1] == pytest.approx(1 / 30) and times[-1] == pytest.approx((truth["frames"] - 1) / 30)
    x, y, w, h = truth["box"]
    assert 0 <= x and 0 <= y and x + w <= truth["width"] and y + h <= truth["height"]
    # Two reps, the second lowered in 1.2 s of a planned 3: the truth says so.
    assert [r["lowering_too_fast"] for r in truth["reps"]] == [False, True]
    assert [r["bottom"] is None for r in truth["reps"]] == [False, True]


def test_the_truth_is_the_rule_on_the_exact_path():
    # With 5 % of each movement speeding up and 5 % braking, the rule sees 95 % of each movement's time.
    path = HipPath(SETS["quick"])
    from gymtimer_dev.synthetic import truth

    reps = truth(path, 3.0)
    spec = SETS["quick"].reps
    seen = 1 - RAMP
    assert reps[0]["lift"] == pytest.approx(spec[0].lift * seen, abs=1e-3)
    assert reps[0]["lower"] == pytest.approx(spec[0].lower * seen, abs=1e-3)
    assert reps[1]["lower"] == pytest.approx(spec[1].lower * seen, abs=1e-3)
    assert reps[0]["start"] == pytest.approx(SETS["quick"].settle + spec[0].lift * RAMP / 2, abs=1e-3)


def test_a_pause_mid_lowering_is_in_the_path():
    path = HipPath(SETS["paused"])
    t = SETS["paused"].settle + 1.0 + 1.0 + 1.5 + 0.6  # lift, top, half the lowering, into the pause
    assert path(t) == pytest.approx(0.5)
    assert path(t + 0.5) == pytest.approx(0.5)
