"""Renders synthetic side-view hip thrust sets with exact truth, for the tests and benchmarks/vision.py.

    python -m gymtimer_dev.synthetic OUT_FOLDER [--set NAME ...] [--width 320] [--fps 30] [--codec mp4v]

Each set is a video (a textured hip on a thigh and a torso, over a cluttered
background, with pixel noise, a slow drift of the light, a camera bump and
someone walking behind) and a JSON file beside it: the box around the hip in
the first frame, the planned tempo, and the truth, which is the rule of
gymtimer/core/reps.py applied to the exact path of the hip (sampled every
millisecond, without the camera's motion). Frames are written only here, into
the folder given (the tests give a temporary one).

A set with ``figure="person"`` is drawn instead as a shaded lifter in colour on
a bench (gymtimer_dev/mannequin.py), the hip on the same path: a human shape the
body model sees, each rep's raised foot (``RepSpec.raised``) and lockout in its
JSON (``body``).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import msgspec
import numpy as np

from gymtimer.core.reps import count_reps

#: Scene sizes are for a 320-pixel-wide frame and scale with the width.
BASE_WIDTH = 320
#: The hip's range of motion on screen, in pixels at 320 wide.
RANGE_PX = 60.0
#: The hip's patch, in pixels at 320 wide.
HIP_W, HIP_H = 44, 36
#: What the truth counts as a rep's smallest rise, as a share of the range (the analyser's own rule).
TRUTH_MIN_RANGE = 0.25


@dataclass(frozen=True)
class RepSpec:
    lift: float = 1.0
    top: float = 1.0
    lower: float = 3.0
    bottom: float = 1.0
    share: float = 1.0  # of the full range
    pause_at: float | None = None  # a pause during the lowering, at this share of the range
    pause: float = 0.0
    overshoot: float = 0.0  # the lift goes this share of the range past the lockout, then settles back
    sag: float = 0.0  # the hold sinks this share of the range, steadily, before the lowering
    short: float = 0.0  # the lowering stops this share of the range above the bottom it rose from
    preshift: float = 0.0  # before the lift the pelvis rises this share of the range in 0.4 s and rests 0.5 s
    ease_out: float = 0.0  # the lowering eases out of the lockout: this share of the range in its first 0.45 s,
    # ever faster (a seventh, two sevenths, four sevenths of it in each 0.15 s), then falls steadily
    creep: float = 0.0  # the lift creeps up its last share this large in CREEP_SECONDS more, slower and slower
    hinge: float = 0.0  # the hold ends with the hip rising this share in HINGE_SECONDS, the lowering from there
    raised: str = ""  # figure="person": the foot held up through the rep, "left" or "right" ("": both planted)
    through: float = 0.0  # THROUGH_AT into the hold the hips come through (a settle forward at the lockout): the
    # hip drops this share of the range in THROUGH_SECONDS and holds there to the lowering (not with ``sag``)


@dataclass(frozen=True)
class SetSpec:
    name: str
    tempo: str  # E-B-C-T, what the lifter was meant to do
    reps: tuple[RepSpec, ...]
    settle: float = 3.0  # seconds of settling in before the first rep
    tail: float = 1.5  # seconds after the last rep
    bump_at: float | None = None  # seconds: the camera is knocked then settles a little off
    walker: bool = True
    wobble: tuple[float, float] | None = None  # seconds: a hand-held camera wobbles (turns and slides) in between
    flicker: float = 0.0  # the light flickers by this share, frame to frame (a mains lamp beating with the camera)
    extra: dict = field(default_factory=dict)
    # What real sets do (issue 20); all off by default.
    drift: float = 0.0  # the bottom moves this share of the range during each bottom pause
    shift_at: float | None = None  # the lifter shifts on the bench then (seconds), by ``shift`` px at 320 wide
    shift: tuple[float, float] = (8.0, -5.0)
    setup: bool = False  # the hip comes down from standing (walking in, sitting down) before settling
    walk_out: bool = False  # after the last rep the lifter slides out of the picture sideways
    handheld: bool = False  # the camera is held: it turns, zooms and shakes
    blur: bool = False  # motion blur: the hip smeared along its motion, the picture along the camera's
    exposure: tuple[tuple[float, float], ...] = ()  # (seconds, gain): the camera's exposure steps then
    passer_at: float | None = None  # a second person walks across, close behind the lifter, from then
    dip: float = 0.0  # before the set the hip sinks this many ranges and comes straight back up (DIP_SECONDS)
    figure: str = "hip"  # "hip": a textured hip on grey limbs; "person": a shaded person in colour (mannequin.py)


ON = RepSpec()
SETS = {
    "on_tempo": SetSpec("on_tempo", "3-1-1-1", (ON, ON, ON, ON), bump_at=14.2),
    "short_rep": SetSpec("short_rep", "3-1-1-1", (ON, ON, RepSpec(share=0.5), ON), bump_at=8.2),
    "too_fast": SetSpec("too_fast", "3-1-1-1", (ON, RepSpec(lower=1.2), ON, RepSpec(lower=1.0)), bump_at=14.0),
    "paused": SetSpec("paused", "3-1-1-1", (RepSpec(pause_at=0.5, pause=1.2),) * 3, bump_at=10.8),
    # A short one for quick tests: two reps.
    "quick": SetSpec("quick", "3-1-1-1", (ON, RepSpec(lower=1.2)), settle=2.0, tail=1.0, bump_at=7.4),
    # Nobody lifts: the lifter lies still, the camera wobbles in a hand and the light flickers (see POSTER).
    "wobble_still": SetSpec("wobble_still", "3-1-1-1", (RepSpec(share=0.0),), settle=1.0, tail=8.0, walker=False,
                            wobble=(1.0, 9.0), flicker=0.12),
}
#: A box on the wall poster (at 320 px wide), away from the lifter: nothing in it ever lifts.
POSTER = (262, 40, 40, 30)
#: The sets of the benchmark and the slow tests.
FULL_SETS = ("on_tempo", "short_rep", "too_fast", "paused")

# What real sets do, short and small for CI (issue 20): each rep's lockout overshoots and sags, returns
# stop short, the bottom drifts, the pelvis is set a little higher before a lift, the lifter walks in,
# shifts and walks out, the camera is held.
_LOCK = RepSpec(lift=1.0, top=1.5, lower=2.0, bottom=1.0, overshoot=0.08, sag=0.06)
REAL_SETS = {
    "real_lockout": SetSpec(
        "real_lockout", "2-1-1-1",
        (replace(_LOCK, short=0.05), replace(_LOCK, short=0.12, overshoot=0.12, preshift=0.12),
         replace(_LOCK, sag=0.08, preshift=0.15)),
        settle=2.0, tail=1.2, drift=0.03, exposure=((5.3, 0.8), (9.6, 1.15))),
    "real_handheld": SetSpec(
        "real_handheld", "3-1-1-1",
        tuple(RepSpec(lift=0.8, top=1.3, lower=0.8, bottom=0.9, overshoot=0.06, sag=0.04, short=s)
              for s in (0.08, 0.03, 0.15, 0.02)),
        settle=2.0, tail=1.2, walker=False, handheld=True, blur=True, passer_at=3.0),
    "real_setup": SetSpec(
        "real_setup", "2-1-1-1",
        (replace(_LOCK, short=0.1), replace(_LOCK, overshoot=0.05, ease_out=0.07), replace(_LOCK, short=0.04)),
        settle=4.0, tail=2.5, drift=-0.04, setup=True, walk_out=True, shift_at=8.6, blur=True),
}
# What the real clips showed next (issue 20): a lift that creeps into its lockout, a hold that ends by
# rising a little before the lowering (a deadlift's hinge back), and a dip before the set that comes back up
# with no rest at its bottom (a hinge; the single-leg deadlift), which is no lift.
_CREEP = RepSpec(lift=0.9, top=1.2, lower=2.0, bottom=1.0, creep=0.12, hinge=0.06)
REAL_SETS["real_creep"] = SetSpec(
    "real_creep", "2-1-1-1",
    (_CREEP, replace(_CREEP, creep=0.15, hinge=0.0, short=0.05), replace(_CREEP, creep=0.13, hinge=0.08)),
    settle=4.5, tail=1.2, dip=1.3, bump_at=12.1)
# And a lifter who settles at the lockout (the real side-view deadlift's second rep): the hips come through
# 0.4 s into the hold, the hip drops a tenth of the range in a quarter of a second and holds there a second.
_THROUGH = RepSpec(lift=1.0, top=1.8, lower=2.0, bottom=1.0, through=0.11)
REAL_SETS["real_through"] = SetSpec(
    "real_through", "2-1-1-1", (_THROUGH, replace(_THROUGH, through=0.0), replace(_THROUGH, through=0.09)),
    settle=2.0, tail=1.2)
SETS.update(REAL_SETS)
#: How long a creep into the lockout, a hinge out of the hold and a dip before the set take (seconds).
CREEP_SECONDS, HINGE_SECONDS, DIP_SECONDS = 0.5, 0.3, 2.0
#: When the hips come through at the lockout (seconds into the hold), and how long it takes.
THROUGH_AT, THROUGH_SECONDS = 0.4, 0.25
#: When the dip begins (seconds).
DIP_AT = 0.3


#: Share of each movement spent speeding up, and as much braking: the rest is at a steady speed.
RAMP = 0.05


def _ease(x: float) -> float:
    """Where a movement is at share ``x`` of its time: it speeds up and brakes smoothly, as a body does."""
    x = min(1.0, max(0.0, x))
    speed = 1.0 / (1.0 - RAMP)
    if x < RAMP:
        return speed * x * x / (2 * RAMP)
    if x > 1.0 - RAMP:
        return 1.0 - speed * (1.0 - x) ** 2 / (2 * RAMP)
    return speed * (x - RAMP / 2)


def _reach(share: float) -> float:
    """The share of a movement's time at which it has covered ``share`` of its way (the inverse of _ease)."""
    low, high = 0.0, 1.0
    for _ in range(40):
        mid = (low + high) / 2
        low, high = (mid, high) if _ease(mid) < share else (low, mid)
    return high


class HipPath:
    """The hip's exact height (share of the range, up positive) at any time, from a set's spec."""

    def __init__(self, spec: SetSpec) -> None:
        self.spec = spec
        self.pieces: list[tuple[float, float, float, float]] = []  # (t0, t1, from, to)
        #: Each rep's moments as a lifter would label them: (lift begins, lockout first reached, lowering
        #: begins, bottom reached), seconds.
        self.labels: list[tuple[float, float, float, float]] = []
        t, bottom = spec.settle, 0.0
        for rep in spec.reps:
            top = rep.share
            base = bottom
            if rep.preshift:  # settling the pelvis: not the lift, which begins from where it rests
                self._go(t, 0.4, bottom, bottom + rep.preshift)
                t, bottom = t + 0.9, bottom + rep.preshift
            began = t
            self._go(t, rep.lift, bottom, top + rep.overshoot - rep.creep)
            if rep.creep:  # two thirds of the creep in its first half, the last third in its second
                self._go(t + rep.lift, CREEP_SECONDS / 2, top - rep.creep, top - rep.creep / 3)
                self._go(t + rep.lift + CREEP_SECONDS / 2, CREEP_SECONDS / 2, top - rep.creep / 3, top)
                t += CREEP_SECONDS
            if rep.overshoot:
                self._go(t + rep.lift, min(0.3, rep.top / 2), top + rep.overshoot, top)
            held = top - rep.sag
            if rep.sag:
                settled = min(0.3, rep.top / 2) if rep.overshoot else 0.0
                self._go(t + rep.lift + settled, rep.top - settled, top, held)
            if rep.through:  # part of the hold: the lowering begins where the hip leaves where it settled
                self._go(t + rep.lift + THROUGH_AT, THROUGH_SECONDS, held, held - rep.through)
                held -= rep.through
            rise = top + rep.overshoot - bottom  # nothing for a lifter who lies still (the box tests' sets)
            reached = began + rep.lift * (_reach((top - bottom) / rise) if rise else 1.0)
            if rep.creep:  # the lockout is reached where the creep ends
                reached = t + rep.lift
            t += rep.lift + rep.top
            if rep.hinge:  # part of the hold: the lowering begins from its peak
                self._go(t, HINGE_SECONDS, held, held + rep.hinge)
                t, held = t + HINGE_SECONDS, held + rep.hinge
            lowering = t
            end = base + rep.short
            if rep.ease_out:  # part of the lowering: the lifter labels its start where the easing begins
                levels = [held - rep.ease_out * k for k in (0.0, 1 / 7, 3 / 7, 1.0)]
                for k in range(3):
                    self._go(t + 0.15 * k, 0.15, levels[k], levels[k + 1])
                t, held = t + 0.45, levels[-1]
                rep = replace(rep, lower=rep.lower - 0.45)
            if rep.pause_at is not None:
                first = rep.lower * (held - rep.pause_at) / (held - end)
                self._go(t, first, held, rep.pause_at)
                t += first + rep.pause
                self._go(t, rep.lower - first, rep.pause_at, end)
                self.labels.append((began, reached, lowering, t + rep.lower - first))
            else:
                self._go(t, rep.lower, held, end)
                self.labels.append((began, reached, lowering, t + rep.lower))
            t += rep.lower
            if spec.drift:
                self._go(t, rep.bottom, end, end + spec.drift)
            bottom = end + spec.drift
            t += rep.bottom
        self.duration = t - spec.reps[-1].bottom + spec.tail

    def _go(self, t0: float, seconds: float, start: float, end: float) -> None:
        self.pieces.append((t0, t0 + seconds, start, end))

    def __call__(self, t: float) -> float:
        level = 0.0
        for t0, t1, start, end in self.pieces:
            if t < t0:
                return level
            if t <= t1:
                return start + (end - start) * _ease((t - t0) / (t1 - t0))
            level = end
        return level

    def settling(self, t: float) -> float:
        """The lifter shuffling in before the set: small moves, then a shift, then still (share of range).

        With ``setup`` the hip first comes down from standing (1.6 ranges up) in the first 40 % of it.
        """
        settle = self.spec.settle
        if t >= settle - 1.2:
            return 0.0
        shuffle = 0.04 * math.sin(2 * math.pi * 1.3 * t) + (0.05 if t > settle * 0.4 else 0.0)
        if self.spec.setup:
            shuffle += 1.6 * (1.0 - _ease(t / (0.4 * settle)))
        if self.spec.dip and DIP_AT <= t <= DIP_AT + DIP_SECONDS:  # down and straight back up, slowest at the turn
            shuffle -= self.spec.dip * math.sin(math.pi * (t - DIP_AT) / DIP_SECONDS)
        return shuffle

    def body(self, t: float) -> tuple[float, float]:
        """Where the whole body is moved (px at 320 wide): walked in, shifted on the bench, walked out."""
        spec, dx, dy = self.spec, 0.0, 0.0
        if spec.setup:
            dx += 60.0 * (1.0 - _ease(t / (0.4 * spec.settle)))
        if spec.shift_at is not None:
            share = _ease((t - spec.shift_at) / 0.4)
            dx, dy = dx + spec.shift[0] * share, dy + spec.shift[1] * share
        if spec.walk_out:
            out = self.duration - self.spec.tail + 0.6
            dx += 220.0 * _ease((t - out) / 1.5)
        return dx, dy


def truth(path: HipPath, planned_lower: float) -> list[dict]:
    samples = [(i / 1000, RANGE_PX * (path(i / 1000) + path.settling(i / 1000)))
               for i in range(int(path.duration * 1000) + 1)]
    reps = count_reps(samples, TRUTH_MIN_RANGE * RANGE_PX, despike=1, planned_lower=planned_lower)
    return msgspec.to_builtins(reps)


def _texture(rng: np.random.Generator, h: int, w: int, blur: float, low=40, high=220) -> np.ndarray:
    noise = rng.random((h, w)).astype(np.float32)
    noise = cv2.GaussianBlur(noise, (0, 0), blur)
    noise = (noise - noise.min()) / max(1e-6, noise.max() - noise.min())
    return (low + (high - low) * noise).astype(np.float32)


def _background(rng: np.random.Generator, h: int, w: int, s: float) -> np.ndarray:
    """A cluttered room: a textured wall, shelves, boxes and discs of many greys."""
    wall = _texture(rng, h, w, 3 * s, 70, 170)
    for _ in range(60):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        size = int(rng.integers(int(4 * s), int(30 * s)))
        grey = float(rng.integers(20, 235))
        if rng.random() < 0.5:
            cv2.rectangle(wall, (x, y), (x + size, y + int(size * rng.uniform(0.3, 1.5))), grey, -1)
        else:
            cv2.circle(wall, (x, y), size // 2, grey, -1, cv2.LINE_AA)
    return wall


class Renderer:
    """Draws the frames of one set at a width; the hip's box is fixed by the first frame."""

    MARGIN = 16  # canvas border (at 320 px) the camera can move into

    def __init__(self, spec: SetSpec, width: int = 320, seed: int = 14) -> None:
        self.spec = spec
        self.path = HipPath(spec)
        self.s = s = width / BASE_WIDTH
        self.width, self.height = width, round(width * 0.75 / 2) * 2
        m = int(self.MARGIN * s)
        self.m = m
        rng = np.random.default_rng(seed)
        self.background = _background(rng, self.height + 2 * m, self.width + 2 * m, s)
        hw, hh = int(HIP_W * s), int(HIP_H * s)
        self.hip = _texture(rng, hh, hw, 1.2 * s, 30, 240)
        mask = np.zeros((hh, hw), np.float32)
        cv2.ellipse(mask, (hw // 2, hh // 2), (hw // 2 - 1, hh // 2 - 1), 0, 0, 360, 1.0, -1, cv2.LINE_AA)
        self.hip_mask = mask
        self.walker = _texture(rng, int(110 * s), int(36 * s), 2 * s, 20, 120)
        self.passer = _texture(np.random.default_rng(seed + 2), int(150 * s), int(60 * s), 1.5 * s, 10, 250)
        self.noise_rng = np.random.default_rng(seed + 1)
        # The hip at the bottom: on the canvas (margin included).
        self.hip_x0, self.hip_y0 = m + 150 * s, m + 150 * s
        self.shoulder = (m + 50 * s, m + 118 * s)
        self.knee = (m + 235 * s, m + 112 * s)
        self.foot = (m + 240 * s, m + 170 * s)

    @property
    def box(self) -> tuple[int, int, int, int]:
        """The box around the hip in the first frame, in the video's pixels (a little larger than the hip)."""
        x, y = self.hip_centre(0.0)
        x, y = self._view(0.0) @ np.array([x, y, 1.0])  # where the camera puts it
        hw, hh = HIP_W * self.s * 1.1, HIP_H * self.s * 1.1
        return (round(x - hw / 2), round(y - hh / 2), round(hw), round(hh))

    def hip_centre(self, t: float) -> tuple[float, float]:
        level = self.path(t) + self.path.settling(t)
        bx, by = self.path.body(t)
        return (self.hip_x0 + (6 * level + bx) * self.s, self.hip_y0 + (by - RANGE_PX * level) * self.s)

    def camera(self, t: float) -> tuple[float, float]:
        """The camera's offset: knocked at ``bump_at``, it shakes for 0.4 s and rests 2-3 px off; held, it wanders."""
        ox = oy = 0.0
        at = self.spec.bump_at
        if at is not None and t >= at:
            x = t - at
            shake = math.exp(-x / 0.12) * math.sin(2 * math.pi * 4 * x)
            ox, oy = (2.0 + 5.0 * shake) * self.s, (3.0 + 8.0 * shake) * self.s
        if self.spec.handheld:  # a hand's sway and tremor: slow drift, a few Hz of shake
            ox += (4.0 * math.sin(2 * math.pi * 0.23 * t) + 1.2 * math.sin(2 * math.pi * 4.7 * t + 1.0)) * self.s
            oy += (5.0 * math.sin(2 * math.pi * 0.17 * t + 2.0) + 1.5 * math.sin(2 * math.pi * 6.1 * t)) * self.s
        return (ox, oy)

    def turn(self, t: float) -> tuple[float, float]:
        """A held camera's roll (degrees) and zoom (scale) at ``t``."""
        if not self.spec.handheld:
            return (0.0, 1.0)
        return (1.5 * math.sin(2 * math.pi * 0.19 * t) + 0.3 * math.sin(2 * math.pi * 3.3 * t),
                1.0 + 0.04 * math.sin(2 * math.pi * 0.11 * t + 0.5))

    def _view(self, t: float) -> np.ndarray:
        """The affine map from the canvas to the picture at ``t``: the camera's offset, roll and zoom."""
        ox, oy = self.camera(t)
        angle, zoom = self.turn(t)
        wobble, wx, wy = self.wobble(t)  # a hand-held camera's turn and slide (the box tests' still set)
        ox, oy, angle = ox + wx, oy + wy, angle + wobble
        centre = (self.m + self.width / 2, self.m + self.height / 2)
        view = cv2.getRotationMatrix2D(centre, angle, zoom)
        view[0, 2] += -self.m - ox
        view[1, 2] += -self.m - oy
        return view

    def wobble(self, t: float) -> tuple[float, float, float]:
        """A hand-held camera: it turns (degrees) and slides (x, y) a little, several times a second."""
        span = self.spec.wobble
        if span is None or not span[0] <= t <= span[1]:
            return (0.0, 0.0, 0.0)
        x = t - span[0]
        return (3.5 * math.sin(2 * math.pi * 3.1 * x) + 2.0 * math.sin(2 * math.pi * 7.3 * x),
                3.0 * self.s * math.sin(2 * math.pi * 4.3 * x), 4.0 * self.s * math.sin(2 * math.pi * 5.7 * x + 1.0))

    def frame(self, t: float) -> np.ndarray:
        canvas = self.background.copy()
        s = self.s
        if self.spec.walker:  # someone crossing the room behind the bench, 45 px a second
            x = int(-40 * s + 45 * s * t) % (canvas.shape[1] + int(80 * s)) - int(40 * s)
            y = int(20 * s + 2 * s * math.sin(8 * t))
            h, w = self.walker.shape
            x0, x1 = max(0, x), min(canvas.shape[1], x + w)
            if x1 > x0:
                canvas[y:y + h, x0:x1] = self.walker[:, x0 - x:x1 - x]
        if self.spec.passer_at is not None and t >= self.spec.passer_at:  # someone close behind, 90 px a second
            h, w = self.passer.shape
            x = int(canvas.shape[1] - 90 * s * (t - self.spec.passer_at))
            x0, x1 = max(0, x), min(canvas.shape[1], x + w)
            if x1 > x0:
                canvas[int(10 * s):int(10 * s) + h, x0:x1] = self.passer[:, x0 - x:x1 - x]
        cx, cy = self.hip_centre(t)
        bx, by = self.path.body(t)
        bx, by = bx * s, by * s
        shoulder, knee, foot = ((x + bx, y + by) for x, y in (self.shoulder, self.knee, self.foot))
        shift = 16
        def p(pt):
            return (round(pt[0] * shift), round(pt[1] * shift))
        cv2.line(canvas, p((20 * s, self.shoulder[1] + 14 * s)), p((120 * s, self.shoulder[1] + 14 * s)), 50.0,
                 int(8 * s), cv2.LINE_AA, 4)  # the bench
        for a, b, grey, thick in ((shoulder, (cx, cy), 95.0, 26), ((cx, cy), knee, 110.0, 22),
                                  (knee, foot, 100.0, 14)):
            cv2.line(canvas, p(a), p(b), grey, int(thick * s), cv2.LINE_AA, 4)
        cv2.circle(canvas, p((shoulder[0] - 14 * s, shoulder[1] - 4 * s)), int(14 * s * shift), 90.0,
                   -1, cv2.LINE_AA, 4)
        hip_patch, hip_mask = self.hip, self.hip_mask
        if self.spec.blur:  # smeared over the distance the hip moves in a 1/60 s exposure
            smear = abs(self.hip_centre(t + 1 / 120)[1] - self.hip_centre(t - 1 / 120)[1])
            if smear >= 1.0:
                k = (1, round(smear) | 1)
                hip_patch, hip_mask = cv2.blur(hip_patch, k), cv2.blur(hip_mask, k)
        h, w = hip_patch.shape
        move = np.float32([[1, 0, cx - w / 2], [0, 1, cy - h / 2]])
        size = (canvas.shape[1], canvas.shape[0])
        hip = cv2.warpAffine(hip_patch, move, size, flags=cv2.INTER_LINEAR)
        alpha = cv2.warpAffine(hip_mask, move, size, flags=cv2.INTER_LINEAR)
        canvas += alpha * (hip - canvas)
        border = cv2.BORDER_REFLECT if self.spec.wobble else cv2.BORDER_CONSTANT  # a turn shows past the margin
        frame = cv2.warpAffine(canvas, self._view(t), (self.width, self.height), flags=cv2.INTER_LINEAR,
                               borderMode=border)
        if self.spec.blur and self.spec.handheld:  # the picture smeared along the camera's motion
            (ax, ay), (bx2, by2) = self.camera(t - 1 / 120), self.camera(t + 1 / 120)
            kx, ky = round(abs(bx2 - ax)) | 1, round(abs(by2 - ay)) | 1
            if kx > 1 or ky > 1:
                frame = cv2.blur(frame, (kx, ky))
        gain = 1.0 + 0.08 * math.sin(2 * math.pi * t / 17.0)  # the light drifts slowly
        for at, step in self.spec.exposure:  # the camera's exposure steps
            if t >= at:
                gain *= step
        if self.spec.flicker:
            gain *= 1.0 + self.spec.flicker * math.sin(2 * math.pi * 100.0 * t + 0.3)  # 100 Hz seen at the camera's rate
        frame = frame * gain + self.noise_rng.normal(0.0, 3.0, frame.shape).astype(np.float32)
        grey = np.clip(frame, 0, 255).astype(np.uint8)
        return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)


def render(spec: SetSpec | str, folder: Path, *, width: int = 320, fps: float = 30.0, codec: str = "mp4v",
           seed: int = 14) -> tuple[Path, Path]:
    """Writes ``NAME.mp4`` (or ``.avi`` for MJPG) and ``NAME.json`` into ``folder``; returns both paths."""
    spec = SETS[spec] if isinstance(spec, str) else spec
    folder.mkdir(parents=True, exist_ok=True)
    if spec.figure == "person":
        from gymtimer_dev.mannequin import PersonRenderer

        renderer = PersonRenderer(spec, HipPath(spec), width, seed)
    else:
        renderer = Renderer(spec, width, seed)
    video = folder / f"{spec.name}-{width}.{'avi' if codec == 'MJPG' else 'mp4'}"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*codec), fps, (renderer.width, renderer.height))
    if not writer.isOpened():
        raise RuntimeError(f"OpenCV cannot write {codec} video to {video}")
    frames = int(renderer.path.duration * fps) + 1
    try:
        for i in range(frames):
            writer.write(renderer.frame(i / fps))
    finally:
        writer.release()
    from gymtimer.core.tempo import Tempo

    planned = Tempo.parse(spec.tempo).lower
    report = {"video": video.name, "frames": frames, "fps": fps, "width": renderer.width, "height": renderer.height,
              "box": list(renderer.box), "tempo": spec.tempo, "reps": truth(renderer.path, planned),
              "labels": [dict(zip(("lift", "top", "lower", "bottom"), (round(x, 4) for x in label)))
                         for label in renderer.path.labels]}
    if spec.figure == "person":
        report["body"] = body_truth(renderer)
    sidecar = video.with_suffix(".json")
    sidecar.write_text(json.dumps(report, indent=1))
    return video, sidecar


def body_truth(renderer) -> list[dict]:
    """Each rep of a person's set as rendered: the raised foot, the working leg (the lifter's side, None on two
    feet) and the lockout verdict :mod:`gymtimer.core.body` gives on the exact joints of the middle of its top."""
    from gymtimer.core.body import BodySide, Landmarks, Point, find_floor, lockout

    def exact(t: float) -> Landmarks:
        sides = {side: BodySide(**{name: Point(*xy) for name, xy in points.items()})
                 for side, points in renderer.landmarks(t).items()}
        return Landmarks(t=t, left=sides["left"], right=sides["right"])

    duration = renderer.path.duration
    floor = find_floor([exact(k / 10) for k in range(int(duration * 10))])
    assert floor is not None
    out = []
    for rep, (_, top, lower, _) in zip(renderer.spec.reps, renderer.path.labels, strict=True):
        judged = lockout([exact(top + (lower - top) * k / 4) for k in (1, 2, 3)], floor)
        working = {"left": "right", "right": "left"}.get(rep.raised)
        out.append({"raised": rep.raised or None, "working": working,
                    "lockout": judged.verdict if judged is not None else None})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--set", dest="sets", action="append", choices=sorted(SETS))
    parser.add_argument("--width", type=int, default=320)
    parser.add_argument("--fps", type=float, default=30.0)
    parser.add_argument("--codec", choices=["mp4v", "MJPG"], default="mp4v")
    args = parser.parse_args(argv)
    for name in args.sets or FULL_SETS:
        video, sidecar = render(name, args.folder, width=args.width, fps=args.fps, codec=args.codec)
        print(video, sidecar)
    return 0


if __name__ == "__main__":
    sys.exit(main())
