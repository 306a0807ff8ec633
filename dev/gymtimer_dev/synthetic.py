"""Renders synthetic side-view hip thrust sets with exact truth, for the tests and benchmarks/vision.py.

    python -m gymtimer_dev.synthetic OUT_FOLDER [--set NAME ...] [--width 320] [--fps 30] [--codec mp4v]

Each set is a video (a textured hip on a thigh and a torso, over a cluttered
background, with pixel noise, a slow drift of the light, a camera bump and
someone walking behind) and a JSON file beside it: the box around the hip in
the first frame, the planned tempo, and the truth, which is the rule of
gymtimer/core/reps.py applied to the exact path of the hip (sampled every
millisecond, without the camera's motion). Frames are written only here, into
the folder given (the tests give a temporary one).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class SetSpec:
    name: str
    tempo: str  # E-B-C-T, what the lifter was meant to do
    reps: tuple[RepSpec, ...]
    settle: float = 3.0  # seconds of settling in before the first rep
    tail: float = 1.5  # seconds after the last rep
    bump_at: float | None = None  # seconds: the camera is knocked then settles a little off
    walker: bool = True
    extra: dict = field(default_factory=dict)


ON = RepSpec()
SETS = {
    "on_tempo": SetSpec("on_tempo", "3-1-1-1", (ON, ON, ON, ON), bump_at=14.2),
    "short_rep": SetSpec("short_rep", "3-1-1-1", (ON, ON, RepSpec(share=0.5), ON), bump_at=8.2),
    "too_fast": SetSpec("too_fast", "3-1-1-1", (ON, RepSpec(lower=1.2), ON, RepSpec(lower=1.0)), bump_at=14.0),
    "paused": SetSpec("paused", "3-1-1-1", (RepSpec(pause_at=0.5, pause=1.2),) * 3, bump_at=10.8),
    # A short one for quick tests: two reps.
    "quick": SetSpec("quick", "3-1-1-1", (ON, RepSpec(lower=1.2)), settle=2.0, tail=1.0, bump_at=7.4),
}
#: The sets of the benchmark and the slow tests.
FULL_SETS = ("on_tempo", "short_rep", "too_fast", "paused")


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


class HipPath:
    """The hip's exact height (share of the range, up positive) at any time, from a set's spec."""

    def __init__(self, spec: SetSpec) -> None:
        self.spec = spec
        self.pieces: list[tuple[float, float, float, float]] = []  # (t0, t1, from, to)
        t = spec.settle
        for rep in spec.reps:
            top = rep.share
            self._go(t, rep.lift, 0.0, top)
            t += rep.lift + rep.top
            if rep.pause_at is not None:
                first = rep.lower * (top - rep.pause_at) / top
                self._go(t, first, top, rep.pause_at)
                t += first + rep.pause
                self._go(t, rep.lower - first, rep.pause_at, 0.0)
            else:
                self._go(t, rep.lower, top, 0.0)
            t += rep.lower + rep.bottom
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
        """The lifter shuffling in before the set: small moves, then a shift, then still (share of range)."""
        settle = self.spec.settle
        if t >= settle - 1.2:
            return 0.0
        return 0.04 * math.sin(2 * math.pi * 1.3 * t) + (0.05 if t > settle * 0.4 else 0.0)


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
        hw, hh = HIP_W * self.s * 1.1, HIP_H * self.s * 1.1
        return (round(x - self.m - hw / 2), round(y - self.m - hh / 2), round(hw), round(hh))

    def hip_centre(self, t: float) -> tuple[float, float]:
        level = self.path(t) + self.path.settling(t)
        return (self.hip_x0 + 6 * self.s * level, self.hip_y0 - RANGE_PX * self.s * level)

    def camera(self, t: float) -> tuple[float, float]:
        """The camera's offset: knocked at ``bump_at``, it shakes for 0.4 s and rests 2-3 px off."""
        at = self.spec.bump_at
        if at is None or t < at:
            return (0.0, 0.0)
        x = t - at
        shake = math.exp(-x / 0.12) * math.sin(2 * math.pi * 4 * x)
        return ((2.0 + 5.0 * shake) * self.s, (3.0 + 8.0 * shake) * self.s)

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
        cx, cy = self.hip_centre(t)
        shift = 16
        def p(pt):
            return (round(pt[0] * shift), round(pt[1] * shift))
        cv2.line(canvas, p((20 * s, self.shoulder[1] + 14 * s)), p((120 * s, self.shoulder[1] + 14 * s)), 50.0,
                 int(8 * s), cv2.LINE_AA, 4)  # the bench
        for a, b, grey, thick in ((self.shoulder, (cx, cy), 95.0, 26), ((cx, cy), self.knee, 110.0, 22),
                                  (self.knee, self.foot, 100.0, 14)):
            cv2.line(canvas, p(a), p(b), grey, int(thick * s), cv2.LINE_AA, 4)
        cv2.circle(canvas, p((self.shoulder[0] - 14 * s, self.shoulder[1] - 4 * s)), int(14 * s * shift), 90.0,
                   -1, cv2.LINE_AA, 4)
        h, w = self.hip.shape
        move = np.float32([[1, 0, cx - w / 2], [0, 1, cy - h / 2]])
        size = (canvas.shape[1], canvas.shape[0])
        hip = cv2.warpAffine(self.hip, move, size, flags=cv2.INTER_LINEAR)
        alpha = cv2.warpAffine(self.hip_mask, move, size, flags=cv2.INTER_LINEAR)
        canvas += alpha * (hip - canvas)
        ox, oy = self.camera(t)
        view = np.float32([[1, 0, -self.m - ox], [0, 1, -self.m - oy]])
        frame = cv2.warpAffine(canvas, view, (self.width, self.height), flags=cv2.INTER_LINEAR)
        gain = 1.0 + 0.08 * math.sin(2 * math.pi * t / 17.0)  # the light drifts slowly
        frame = frame * gain + self.noise_rng.normal(0.0, 3.0, frame.shape).astype(np.float32)
        grey = np.clip(frame, 0, 255).astype(np.uint8)
        return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)


def render(spec: SetSpec | str, folder: Path, *, width: int = 320, fps: float = 30.0, codec: str = "mp4v",
           seed: int = 14) -> tuple[Path, Path]:
    """Writes ``NAME.mp4`` (or ``.avi`` for MJPG) and ``NAME.json`` into ``folder``; returns both paths."""
    spec = SETS[spec] if isinstance(spec, str) else spec
    folder.mkdir(parents=True, exist_ok=True)
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
              "box": list(renderer.box), "tempo": spec.tempo, "reps": truth(renderer.path, planned)}
    sidecar = video.with_suffix(".json")
    sidecar.write_text(json.dumps(report, indent=1))
    return video, sidecar


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
