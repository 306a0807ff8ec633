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


def test_real_sets_overshoot_sag_stop_short_drift_and_shift_before_a_lift_in_the_path():
    from gymtimer_dev.synthetic import REAL_SETS

    spec = REAL_SETS["real_lockout"]
    path = HipPath(spec)
    (lift, top, lower, bottom), second = path.labels[0], path.labels[1]
    rep = spec.reps[0]
    assert (lift, lower) == pytest.approx((spec.settle, spec.settle + rep.lift + rep.top))
    assert path(top) == pytest.approx(1.0)  # the lockout first reached, on the way up
    assert path(lift + rep.lift) == pytest.approx(1 + rep.overshoot)  # past it
    assert path(lift + rep.lift + 0.3) == pytest.approx(1.0, abs=0.01)  # settled back
    assert path(lower) == pytest.approx(1 - rep.sag)  # sagged through the hold
    assert path(bottom) == pytest.approx(rep.short)  # stopped short of where it rose from
    bottom_level = rep.short + spec.drift  # and drifted during the pause
    assert path(second[0] - 0.9) == pytest.approx(bottom_level)
    shift = spec.reps[1].preshift  # then set the pelvis higher and rested there: the lift begins from the rest
    assert path(second[0] - 0.4) == pytest.approx(bottom_level + shift)
    assert path(second[0]) == pytest.approx(bottom_level + shift)


def test_a_held_camera_turns_and_zooms_and_the_box_is_where_it_puts_the_hip(tmp_path):
    from gymtimer_dev.synthetic import Renderer

    renderer = Renderer(SETS["real_handheld"], 160)
    angles = {round(renderer.turn(t)[0], 1) for t in (0.0, 1.0, 2.0, 3.0)}
    zooms = {round(renderer.turn(t)[1], 3) for t in (0.0, 2.0, 4.0)}
    assert len(angles) > 1 and len(zooms) > 1
    x, y, w, h = renderer.box
    picture = renderer.frame(0.0)[:, :, 0].astype(float)
    inside = picture[y:y + h, x:x + w]
    assert inside.std() > 30  # the textured hip is in the box


def test_a_lowering_that_eases_out_of_the_lockout_in_the_path():
    from gymtimer_dev.synthetic import REAL_SETS

    spec = REAL_SETS["real_setup"]
    path = HipPath(spec)
    rep = spec.reps[1]
    lower = path.labels[1][2]  # labelled where the easing begins
    held = 1.0 - rep.sag
    assert path(lower) == pytest.approx(held)
    # ever faster: a seventh of the way in the first 0.15 s, three sevenths by 0.3 s, all of it by 0.45 s
    assert [held - path(lower + k * 0.15) for k in (1, 2, 3)] == pytest.approx(
        [rep.ease_out / 7, 3 * rep.ease_out / 7, rep.ease_out], abs=1e-6)
    assert path(lower + 0.45 + 0.5) < held - rep.ease_out - 0.2  # then the steady fall


def test_a_creep_into_the_lockout_a_hinge_out_of_the_hold_and_a_dip_before_the_set_in_the_path():
    from gymtimer_dev.synthetic import CREEP_SECONDS, DIP_AT, DIP_SECONDS, HINGE_SECONDS, REAL_SETS

    spec = REAL_SETS["real_creep"]
    path = HipPath(spec)
    rep = spec.reps[0]
    lift, top, lower, _bottom = path.labels[0]
    assert top == pytest.approx(lift + rep.lift + CREEP_SECONDS)  # labelled where the creep ends
    assert path(lift + rep.lift) == pytest.approx(1.0 - rep.creep)  # the steady part's end
    assert path(lift + rep.lift + CREEP_SECONDS / 2) == pytest.approx(1.0 - rep.creep / 3)  # slower and slower
    assert path(top) == pytest.approx(1.0)
    assert lower == pytest.approx(top + rep.top + HINGE_SECONDS)  # labelled at the hinge's peak
    assert path(lower) == pytest.approx(1.0 + rep.hinge)
    assert path(lower - HINGE_SECONDS) == pytest.approx(1.0)
    turn = DIP_AT + DIP_SECONDS / 2  # the dip: down and straight back up, before the lifter settles
    assert path.settling(turn) == pytest.approx(-spec.dip, abs=0.1)
    assert abs(path.settling(DIP_AT + DIP_SECONDS + 0.1)) < 0.1
    assert all(path.settling(t) == 0.0 for t in (spec.settle - 1.1, spec.settle - 0.1))  # then at rest


def test_a_settle_forward_at_the_lockout_then_a_hold_in_the_path():
    from gymtimer_dev.synthetic import REAL_SETS, THROUGH_AT, THROUGH_SECONDS

    spec = REAL_SETS["real_through"]
    path = HipPath(spec)
    rep = spec.reps[0]
    _lift, top, lower, _bottom = path.labels[0]
    assert path(top + THROUGH_AT) == pytest.approx(1.0)  # held at the lockout
    assert path(top + THROUGH_AT + THROUGH_SECONDS) == pytest.approx(1.0 - rep.through)  # the hips came through
    assert lower == pytest.approx(top + rep.top)  # the lowering labelled where the hip leaves where it settled
    assert path(lower) == pytest.approx(1.0 - rep.through)
    assert path(lower + 0.5) < 1.0 - rep.through - 0.1
