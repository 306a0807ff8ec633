"""The box's size against the picture and the hips' rise, and what counts as a rise: hand-made signals, 30 frames a second."""

from __future__ import annotations

import math

import pytest

from gymtimer.vision.box_fit import (
    MOVED_SHARE,
    SEEN_SHARE,
    TOO_BIG_SHARE,
    TOO_SMALL_RISE,
    TOO_SMALL_SHARE,
    Fit,
    RiseWatch,
    fit_to_picture,
    fit_to_rise,
)

PICTURE = (640, 480)
BOX = 80.0  # the rendered sets' box at 640 px: 97 × 79
FPS = 30.0


def watch(path, seconds: float, shift=lambda t: (0.0, 0.0), box: float = BOX) -> RiseWatch:
    """A RiseWatch fed ``path(t)`` (px, up) every frame for ``seconds``, the picture moved by ``shift(t)``."""
    rise = RiseWatch(box)
    for i in range(int(seconds * FPS) + 1):
        t = i / FPS
        rise.push(t, path(t), shift(t))
    return rise


def ramp(t: float, start: float, seconds: float, size: float) -> float:
    return size * min(1.0, max(0.0, (t - start) / seconds))


def lift(t: float, size: float = 1.5 * BOX, top: float = 1.0, lower: float = 3.0) -> float:
    """A rep: 1 s still, a 1 s lift, ``top`` s held, a ``lower`` s lowering, still."""
    return ramp(t, 1.0, 1.0, size) - ramp(t, 2.0 + top, lower, size)


# ----------------------------------------------------------------- against the picture

@pytest.mark.parametrize(("box", "fit"), [
    ((252, 260, 97, 79), Fit.GOOD),  # the rendered sets' box
    ((100, 100, 200, TOO_BIG_SHARE * 480 + 1), Fit.TOO_BIG),  # over half the picture's height
    ((0, 200, TOO_BIG_SHARE * 640 + 1, 100), Fit.TOO_BIG),  # over half its width
    ((0, 0, 640, 480), Fit.TOO_BIG),  # the whole picture: at every edge, and too big
    ((300, 300, 80, TOO_SMALL_SHARE * 480 - 1), Fit.TOO_SMALL),
    ((300, 300, TOO_SMALL_SHARE * 480 - 1, 80), Fit.TOO_SMALL),
    ((300, 300, TOO_SMALL_SHARE * 480, TOO_SMALL_SHARE * 480), Fit.GOOD),
])
def test_the_box_against_the_picture(box, fit):
    assert fit_to_picture(box, PICTURE) is fit


def test_the_box_against_how_far_the_hips_rose():
    moved = MOVED_SHARE * 480
    assert fit_to_rise(BOX, 0.0, 480) is Fit.GOOD, "nothing judged before the hips moved"
    assert fit_to_rise(BOX, moved - 1, 480) is Fit.GOOD, "a shift is not a lift"
    assert fit_to_rise(300.0, moved + 1, 480) is Fit.TOO_BIG
    assert fit_to_rise(300.0, SEEN_SHARE * 300 - 1, 480) is Fit.TOO_BIG
    assert fit_to_rise(300.0, SEEN_SHARE * 300, 480) is Fit.GOOD
    assert fit_to_rise(30.0, TOO_SMALL_RISE * 30 + 1, 480) is Fit.TOO_SMALL
    assert fit_to_rise(BOX, 1.5 * BOX, 480) is Fit.GOOD  # the rendered sets: their hips rise 1.5 boxes


# ----------------------------------------------------------------- what a rise is

def test_a_lift_held_at_the_top_is_a_rise():
    rise = watch(lift, 3.0)
    assert rise.seen() and rise.largest == pytest.approx(1.5 * BOX, abs=1)


def test_a_rise_is_judged_when_it_stops_never_half_way():
    assert watch(lift, 1.9).largest == 0.0, "half way up a lift: nothing yet"
    rise = RiseWatch(BOX)
    for i in range(int(2.6 * FPS)):
        rise.push(i / FPS, lift(i / FPS))
        assert rise.largest == 0.0 or rise.largest >= 0.9 * 1.5 * BOX, f"{rise.largest} at {i / FPS:.2f} s"
    assert rise.largest == pytest.approx(1.5 * BOX, abs=1)


def test_a_lift_lowered_at_once_is_a_rise():
    assert watch(lambda t: lift(t, top=0.0, lower=1.0), 4.0).seen()


def test_a_rise_too_small_for_the_box_is_measured_but_not_seen():
    rise = watch(lambda t: lift(t, size=0.4 * BOX), 4.0)
    assert not rise.seen() and rise.largest == pytest.approx(0.4 * BOX, abs=1)


def test_a_jump_of_the_tracker_held_is_not_a_rise():
    assert watch(lambda t: BOX if t >= 1.0 else 0.0, 5.0).largest == 0.0


def test_a_bump_up_and_back_is_not_a_rise():
    assert watch(lambda t: BOX if 1.0 <= t < 1.25 else 0.0, 4.0).largest == 0.0


def test_a_shaking_camera_is_not_a_rise():
    """The box's height shakes by a box height, 4 times a second, the picture shaking with it."""
    rise = watch(lambda t: BOX * math.sin(2 * math.pi * 4 * t), 6.0,
                 shift=lambda t: (3.0 * math.sin(2 * math.pi * 4 * t), 8.0 * math.sin(2 * math.pi * 4 * t)))
    assert not rise.seen()


def test_a_flickering_light_is_not_a_rise():
    """One frame in three the tracker is thrown a box height up (the light beating with the camera's rate)."""
    assert watch(lambda t: BOX if round(t * FPS) % 3 == 0 else 0.0, 6.0).largest == 0.0


def test_a_rise_while_the_picture_moves_is_the_cameras():
    """A slow 1 s rise of a box height, while the whole picture slides by half of it: not the hips'."""
    rise = watch(lambda t: lift(t, size=BOX), 4.0, shift=lambda t: (0.0, -ramp(t, 1.0, 1.0, BOX / 2)))
    assert not rise.seen()
    assert watch(lambda t: lift(t, size=BOX), 4.0, shift=lambda t: (0.0, -ramp(t, 1.0, 1.0, 4.0))).seen(), \
        "a camera settling by a few pixels does not hide a lift"
