"""A shaded person doing hip thrusts on a bench, seen from the side, in colour: what a body model sees as a person.

Used by :mod:`gymtimer_dev.synthetic` for sets rendered with ``figure="person"``.
The lifter lies with their upper back on the bench's edge, head to the left of
the picture and feet to the right, so their right side faces the camera. The
body moves as a hip thrust does: the shoulders pivot on the bench, the planted
feet stay where they are, the hips rise on the torso's arc and the knees follow
(two circles: thigh from the hip, shin from the ankle). In single-leg reps the
other leg is held straight out, its foot off the floor; a rep whose ``share``
is over 1 locks out with the hips above the shoulders (over-extended).

Everything is in metres (x to the right, y up from the floor) until drawn.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

#: Body sizes, metres.
TORSO = 0.50  # shoulder joint to hip joint
THIGH = 0.45
SHIN = 0.42  # knee to ankle
ANKLE_UP = 0.08  # the ankle joint above the floor, foot flat
#: Where the shoulders rest (on the bench's edge) and where the planted ankle is.
SHOULDER = (0.0, 0.50)
ANKLE_X = 0.95
#: How far the hips drop below the lockout at the bottom of a rep.
DROP = 0.34
#: The bench (seen end-on), metres.
BENCH = (-0.40, 0.0, 0.02, 0.42)  # x0, y0, x1, y1
#: The far leg and arm are drawn this far off the near ones (the camera is a little above and in front).
FAR = (-0.03, 0.04)
#: Pixels a metre at 640 px wide; the floor's line and the shoulder's x in the picture at 640 px wide.
SCALE = 255.0
FLOOR_Y = 420.0
ORIGIN_X = 170.0

SKIN = (120, 155, 205)  # BGR
HAIR = (30, 40, 55)
SHIRT = (150, 85, 35)
SHORTS = (60, 55, 50)
SOCK = (225, 225, 225)
SHOE = (70, 70, 200)
SOLE = (235, 235, 235)


def _circles(a: np.ndarray, ra: float, b: np.ndarray, rb: float) -> np.ndarray | None:
    """The upper crossing of the circle ``ra`` round ``a`` and the circle ``rb`` round ``b``."""
    d = float(np.linalg.norm(b - a))
    d = min(max(d, abs(ra - rb) + 1e-6), ra + rb - 1e-6)
    x = (d * d + ra * ra - rb * rb) / (2 * d)
    h = math.sqrt(max(0.0, ra * ra - x * x))
    u = (b - a) / d
    n = np.array([-u[1], u[0]])
    p1, p2 = a + u * x + n * h, a + u * x - n * h
    return p1 if p1[1] >= p2[1] else p2


def _rot(v: np.ndarray, degrees: float) -> np.ndarray:
    a = math.radians(degrees)
    return np.array([v[0] * math.cos(a) - v[1] * math.sin(a), v[0] * math.sin(a) + v[1] * math.cos(a)])


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(1e-9, float(np.linalg.norm(v)))


class Pose:
    """The joints (metres) of the lifter at one moment: ``level`` 0 at the bottom, 1 at a right lockout.

    ``up`` is how far each leg (``"near"``, ``"far"``) is raised, 0 (planted) to 1 (held straight out).
    """

    def __init__(self, level: float, up: dict[str, float] | None = None,
                 shift: tuple[float, float] = (0.0, 0.0)) -> None:
        sx, sy = SHOULDER
        hip_y = sy - DROP * (1.0 - level)
        rise = max(-TORSO * 0.95, min(TORSO * 0.95, hip_y - sy))
        self.shoulder = np.array([sx, sy]) + shift
        self.hip = np.array([sx + math.sqrt(TORSO * TORSO - rise * rise), sy + rise]) + shift
        ankle = np.array([ANKLE_X + shift[0], ANKLE_UP])
        knee = _circles(self.hip, THIGH, ankle, SHIN)
        assert knee is not None
        self.planted = (knee, ankle)
        # The raised leg: straight, 35° above the planted thigh's direction.
        thigh = _rot(_unit(knee - self.hip), 35.0)
        up_knee = self.hip + thigh * THIGH
        self.straight = (up_knee, up_knee + _rot(thigh, -8.0) * SHIN)
        self.up = dict(up or {})

    def leg(self, which: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(knee, ankle, heel, toes) of the ``near`` or ``far`` leg (without the far leg's drawing offset)."""
        u = self.up.get(which, 0.0)
        knee, ankle = (a + (b - a) * u for a, b in zip(self.planted, self.straight, strict=True))
        heel, toe = (a + (b - a) * u for a, b in zip(_foot(*self.planted, False), _foot(*self.straight, True),
                                                     strict=True))
        return knee, ankle, heel, toe

    def points(self) -> dict[str, dict[str, list[float]]]:
        """The joints as a body model names them (metres, the far side's drawing offset in): near is the right."""
        out = {}
        for side, which in (("right", "near"), ("left", "far")):
            off = np.array(FAR) if which == "far" else np.zeros(2)
            knee, ankle, heel, toe = self.leg(which)
            out[side] = {name: (p + off).tolist() for name, p in
                         (("shoulder", self.shoulder), ("hip", self.hip), ("knee", knee), ("ankle", ankle),
                          ("heel", heel), ("foot", toe))}
        return out


def _foot(knee: np.ndarray, ankle: np.ndarray, raised: bool) -> tuple[np.ndarray, np.ndarray]:
    """(heel, toes) of a foot: flat on the floor when planted, at a right angle to the shin when raised."""
    if not raised:
        return np.array([ankle[0] - 0.06, 0.02]), np.array([ankle[0] + 0.19, 0.02])
    shin = _unit(ankle - knee)
    across = _rot(shin, 90.0)  # towards the head's side of the shin when the leg points right
    if across[1] < 0:
        across = -across
    return ankle + shin * 0.06 - across * 0.05, ankle + across * 0.18 + shin * 0.03


#: The angles of a half circle's points (a capsule's round ends).
_HALF_TURN = np.linspace(0.0, math.pi, 11)


class Painter:
    """Draws shaded body parts into a colour layer and its mask (pixels, float32)."""

    def __init__(self, height: int, width: int, scale: float, origin: tuple[float, float]) -> None:
        self.layer = np.zeros((height, width, 3), np.float32)
        self.mask = np.zeros((height, width), np.float32)
        self.scale, self.origin = scale, origin

    def px(self, p: np.ndarray) -> np.ndarray:
        return np.array([self.origin[0] + p[0] * self.scale, self.origin[1] - p[1] * self.scale])

    def _poly(self, points: np.ndarray, colour: tuple[float, float, float]) -> None:
        pts = np.round(points * 16).astype(np.int32)
        colour = tuple(float(v) for v in colour)
        cv2.fillPoly(self.layer, [pts], colour, cv2.LINE_AA, 4)
        cv2.fillPoly(self.mask, [pts], 1.0, cv2.LINE_AA, 4)

    def _capsule_px(self, a: np.ndarray, ra: float, b: np.ndarray, rb: float, colour) -> None:
        """A capsule from ``a`` (radius ``ra``) to ``b`` (radius ``rb``), pixels: a half circle round each end."""
        heading = math.atan2(b[1] - a[1], b[0] - a[0])
        round_a, round_b = heading + math.pi / 2 + _HALF_TURN, heading - math.pi / 2 + _HALF_TURN
        self._poly(np.concatenate([a + ra * np.stack([np.cos(round_a), np.sin(round_a)], axis=1),
                                   b + rb * np.stack([np.cos(round_b), np.sin(round_b)], axis=1)]), colour)

    def limb(self, a, b, ra: float, rb: float, colour, dark: float = 1.0) -> None:
        """A limb from ``a`` to ``b`` (metres), radii in metres, lit from above: shadow, body, highlight."""
        pa, pb, s = self.px(np.asarray(a)), self.px(np.asarray(b)), self.scale
        base = np.array(colour, np.float32) * dark
        up = np.array([0.0, -1.0])
        self._capsule_px(pa, ra * s, pb, rb * s, tuple(base * 0.62))
        self._capsule_px(pa + up * ra * s * 0.18, ra * s * 0.8, pb + up * rb * s * 0.18, rb * s * 0.8, tuple(base * 0.85))
        self._capsule_px(pa + up * ra * s * 0.38, ra * s * 0.45, pb + up * rb * s * 0.38, rb * s * 0.45,
                         tuple(np.minimum(255, base * 1.08)))

    def blob(self, centre, rx: float, ry: float, angle: float, colour, dark: float = 1.0) -> None:
        """A shaded ellipse (metres), ``angle`` in degrees anticlockwise."""
        c, s = self.px(np.asarray(centre)), self.scale
        base = np.array(colour, np.float32) * dark
        for k, (grow, shade, lift) in enumerate(((1.0, 0.62, 0.0), (0.8, 0.85, 0.18), (0.45, 1.08, 0.4))):
            del k
            centre_px = c + np.array([0.0, -lift * ry * s])
            axes = (max(1, round(rx * s * grow * 16)), max(1, round(ry * s * grow * 16)))
            at = (round(centre_px[0] * 16), round(centre_px[1] * 16))
            cv2.ellipse(self.layer, at, axes, -angle, 0, 360, tuple(float(v) for v in np.minimum(255, base * shade)), -1,
                        cv2.LINE_AA, 4)
            cv2.ellipse(self.mask, at, axes, -angle, 0, 360, 1.0, -1, cv2.LINE_AA, 4)

    def flat(self, points, colour) -> None:
        self._poly(np.array([self.px(np.asarray(p)) for p in points]), colour)

    def line(self, a, b, colour, width: float) -> None:
        colour = tuple(float(v) for v in colour)
        pa, pb = self.px(np.asarray(a)), self.px(np.asarray(b))
        cv2.line(self.layer, tuple(np.round(pa * 16).astype(int)), tuple(np.round(pb * 16).astype(int)), colour,
                 max(1, round(width * self.scale)), cv2.LINE_AA, 4)

    def dot(self, centre, radius: float, colour) -> None:
        colour = tuple(float(v) for v in colour)
        c = self.px(np.asarray(centre))
        cv2.circle(self.layer, tuple(np.round(c * 16).astype(int)), max(1, round(radius * self.scale * 16)), colour,
                   -1, cv2.LINE_AA, 4)

    def onto(self, picture: np.ndarray) -> np.ndarray:
        """The layer laid over ``picture`` (float32 BGR), softened a little (soft shading, no hard seams)."""
        rows, cols = np.nonzero(self.mask.any(axis=1))[0], np.nonzero(self.mask.any(axis=0))[0]
        if not len(rows):
            return picture
        pad = 6
        y0, y1 = max(0, rows[0] - pad), min(self.mask.shape[0], rows[-1] + pad + 1)
        x0, x1 = max(0, cols[0] - pad), min(self.mask.shape[1], cols[-1] + pad + 1)
        mask, layer = self.mask[y0:y1, x0:x1], self.layer[y0:y1, x0:x1]
        soft = cv2.GaussianBlur(layer * mask[..., None], (0, 0), 1.2)
        weight = cv2.GaussianBlur(mask, (0, 0), 1.2)
        colour = soft / np.maximum(weight, 1e-3)[..., None]
        edge = cv2.GaussianBlur(mask, (0, 0), 0.7)[..., None]
        under = picture[y0:y1, x0:x1]
        picture[y0:y1, x0:x1] = under + (colour - under) * edge
        return picture


def _leg(p: Painter, hip, leg, dark: float, off) -> None:
    hip = hip + off
    knee, ankle, heel, toe = (q + off for q in leg)
    p.limb(knee, ankle, 0.055, 0.037, SKIN, dark)  # shin
    shin = _unit(ankle - knee)
    back = _rot(shin, -90.0 if shin[0] >= 0 else 90.0)
    if back[1] > 0:
        back = -back
    p.blob(knee + (ankle - knee) * 0.32 + back * 0.022, 0.1, 0.05, math.degrees(math.atan2(shin[1], shin[0])), SKIN,
           dark)  # the calf
    p.limb(ankle - shin * 0.04, ankle + shin * 0.015, 0.042, 0.042, SOCK, dark)
    p.limb(heel, toe, 0.045, 0.035, SHOE, dark)  # the shoe
    sole = _unit(toe - heel)
    down = _rot(sole, -90.0)
    if float(np.dot(down, _unit(ankle - knee))) > 0.5 or down[1] > 0.5:
        down = -down
    p.line(heel + down * 0.035, toe + down * 0.028, tuple(v * dark for v in SOLE), 0.018)
    p.limb(hip, knee, 0.09, 0.06, SKIN, dark)  # thigh
    p.limb(hip, hip + (knee - hip) * 0.45, 0.1, 0.085, SHORTS, dark)  # the shorts' leg


def _arm(p: Painter, shoulder, hip, dark: float, off) -> None:
    along = _unit(hip - shoulder)
    chest = _rot(along, 90.0 if along[0] >= 0 else -90.0)
    if chest[1] < 0:
        chest = -chest
    shoulder = shoulder + off
    elbow = shoulder + along * 0.2 - chest * 0.16
    wrist = shoulder + along * 0.42 + chest * 0.13
    p.limb(elbow, wrist, 0.04, 0.03, SKIN, dark)  # forearm, hand on the belly
    p.blob(wrist + along * 0.05 + chest * 0.01, 0.055, 0.03, math.degrees(math.atan2(along[1], along[0])), SKIN, dark)
    p.limb(shoulder, elbow, 0.055, 0.042, SKIN, dark)
    p.limb(shoulder, shoulder + (elbow - shoulder) * 0.5, 0.065, 0.055, SHIRT, dark)  # the sleeve


def _body(p: Painter, pose: Pose) -> None:
    s, h = pose.shoulder, pose.hip
    along = _unit(h - s)
    chest = _rot(along, 90.0 if along[0] >= 0 else -90.0)
    if chest[1] < 0:
        chest = -chest
    angle = math.degrees(math.atan2(along[1], along[0]))
    # The neck and head: the chin tucked, the eyes on the hips.
    head_dir = -along
    neck_top = s + head_dir * 0.1 + chest * 0.035
    p.limb(s + chest * 0.02, neck_top, 0.055, 0.05, SKIN)
    centre = neck_top + head_dir * 0.09 + chest * 0.03
    up = head_dir  # towards the crown
    face = _rot(chest, -20.0 if along[0] >= 0 else 20.0)  # the face turned a little towards the hips
    p.blob(centre, 0.115, 0.095, math.degrees(math.atan2(up[1], up[0])), SKIN)
    p.blob(centre + face * 0.05 - up * 0.075, 0.05, 0.04, math.degrees(math.atan2(face[1], face[0])), SKIN)  # jaw
    # Hair over the crown and the back of the head.
    p.blob(centre + up * 0.035 - face * 0.03, 0.1, 0.08, math.degrees(math.atan2(up[1], up[0])), HAIR)
    # The nose, the eye, the brow, the mouth, the ear.
    tip = centre + face * 0.118 - up * 0.005
    p.flat([centre + face * 0.085 + up * 0.025, tip, centre + face * 0.09 - up * 0.03], tuple(v * 0.9 for v in SKIN))
    p.dot(centre + face * 0.075 + up * 0.035, 0.013, (240, 240, 240))
    p.dot(centre + face * 0.082 + up * 0.035, 0.008, (40, 30, 30))
    p.line(centre + face * 0.06 + up * 0.06, centre + face * 0.095 + up * 0.055, HAIR, 0.008)
    p.line(centre + face * 0.075 - up * 0.05, centre + face * 0.095 - up * 0.048, (70, 80, 150), 0.007)
    p.blob(centre - face * 0.005 - up * 0.005, 0.025, 0.035, math.degrees(math.atan2(up[1], up[0])), SKIN, 0.85)
    # The torso in its shirt, the chest and the glutes in the shorts.
    p.limb(s, h, 0.12, 0.11, SHIRT)
    p.blob(s + along * 0.17 + chest * 0.05, 0.14, 0.07, angle, SHIRT)
    p.blob(h - along * 0.02 - chest * 0.01, 0.13, 0.115, angle, SHORTS)
    p.limb(s + along * (TORSO - 0.07), h, 0.115, 0.12, SHORTS)  # the waistband up to the shirt's hem
    p.line(s + along * (TORSO - 0.08) + chest * 0.11, s + along * (TORSO - 0.08) - chest * 0.11,
           (30, 30, 30), 0.02)  # the waistband
    p.line(h + chest * 0.02, h + (pose.leg("near")[0] - h) * 0.45 + chest * 0.0, (200, 200, 200), 0.012)  # a stripe


def scene(height: int, width: int, seed: int) -> np.ndarray:
    """A gym's corner, in colour: a painted wall with a poster and a shelf, a wooden floor (float32 BGR)."""
    rng = np.random.default_rng(seed)
    s = width / 640.0
    floor_y = round(FLOOR_Y * s * height / (width * 0.75))
    picture = np.zeros((height, width, 3), np.float32)
    rows = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    picture[:] = np.array([175, 190, 200], np.float32) * (1.05 - 0.2 * rows)
    wood = np.array([60, 100, 150], np.float32)
    picture[floor_y:] = wood * (0.9 + 0.2 * rows[floor_y:])
    for k in range(0, width, int(90 * s)):
        cv2.line(picture, (k, floor_y), (k - int(120 * s), height), (45, 80, 125), 1, cv2.LINE_AA)
    noise = cv2.GaussianBlur(rng.normal(0, 1, (height, width)).astype(np.float32), (0, 0), 2.0 * s)
    picture += (noise * 6.0)[..., None]
    cv2.rectangle(picture, (int(440 * s), int(40 * s)), (int(560 * s), int(150 * s)), (90, 120, 60), -1)  # a poster
    cv2.rectangle(picture, (int(455 * s), int(55 * s)), (int(545 * s), int(100 * s)), (200, 210, 215), -1)
    cv2.rectangle(picture, (int(30 * s), int(90 * s)), (int(250 * s), int(98 * s)), (80, 80, 85), -1)  # a shelf
    for k in range(5):
        cv2.circle(picture, (int((60 + 40 * k) * s), int(75 * s)), int(14 * s), (40 + 10 * k, 40, 45), -1, cv2.LINE_AA)
    cv2.line(picture, (0, floor_y), (width, floor_y), (120, 135, 150), max(1, int(3 * s)))  # the skirting board
    return picture


def draw(picture: np.ndarray, pose: Pose, scale: float, origin: tuple[float, float]) -> np.ndarray:
    """``picture`` (float32 BGR) with the bench and the lifter in ``pose`` drawn on it."""
    p = Painter(picture.shape[0], picture.shape[1], scale, origin)
    x0, _, x1, y1 = BENCH
    p.flat([(x0 + 0.04, 0.0), (x0 + 0.07, 0.0), (x0 + 0.07, y1 - 0.08), (x0 + 0.04, y1 - 0.08)], (70, 70, 75))
    p.flat([(x1 - 0.07, 0.0), (x1 - 0.04, 0.0), (x1 - 0.04, y1 - 0.08), (x1 - 0.07, y1 - 0.08)], (70, 70, 75))
    p.flat([(x0, y1 - 0.1), (x1, y1 - 0.1), (x1, y1), (x0, y1)], (35, 35, 40))  # the pad
    far = np.array(FAR)
    _arm(p, pose.shoulder, pose.hip, 0.72, far)
    _leg(p, pose.hip, pose.leg("far"), 0.72, far)
    _body(p, pose)
    _leg(p, pose.hip, pose.leg("near"), 1.0, np.zeros(2))
    _arm(p, pose.shoulder, pose.hip, 1.0, np.zeros(2))
    return p.onto(picture)


#: The lifter's side nearer the camera (head to the left, lying on their back): the right.
NEAR_SIDE = "right"
#: Seconds a foot takes to come down, or to go up, when the raised foot changes between reps.
SWITCH_SECONDS = 0.3


def _which(side: str) -> str:
    """``"near"`` or ``"far"`` for the lifter's ``"left"`` or ``"right"``."""
    return "near" if side == NEAR_SIDE else "far"


class PersonRenderer:
    """The frames of one set (``synthetic.SetSpec`` with ``figure="person"``), the hip on ``path``.

    The hip's level in the picture is the set's hip path (share of the range,
    plus the settling in), so the truth of :func:`gymtimer_dev.synthetic.truth`
    holds for the person as for the textured hip. Each rep's raised foot
    (``RepSpec.raised``) goes up halfway through the bottom before the rep (the
    first: a second before its lift) and stays up until the next one's switch.
    """

    def __init__(self, spec, path, width: int = 640, seed: int = 14) -> None:
        self.spec, self.path = spec, path
        self.s = width / 640.0
        self.width, self.height = width, round(width * 0.75 / 2) * 2
        self.scale = SCALE * self.s
        self.origin = (ORIGIN_X * self.s, FLOOR_Y * self.s)
        self.background = scene(self.height, self.width, seed)
        noise = np.random.default_rng(seed + 1)
        #: The camera's pixel noise: a few frames of it, taken in turn.
        self.noise = [noise.normal(0.0, 2.5, (self.height, self.width, 3)).astype(np.float32) for _ in range(7)]
        self._frames = 0
        # (time of the switch, the rep's raised leg: "near", "far" or "")
        self.switches: list[tuple[float, str]] = []
        for k, (rep, label) in enumerate(zip(spec.reps, path.labels, strict=True)):
            at = max(0.5, label[0] - 1.0) if k == 0 else (path.labels[k - 1][3] + label[0]) / 2
            self.switches.append((at, _which(rep.raised) if rep.raised else ""))
        #: The range in metres a level of 1 rises the hip (the drop at the bottom): pixels for the path's truth.
        self.range_px = DROP * self.scale

    def raised(self, t: float) -> dict[str, float]:
        """How far each leg is up at ``t``: the old foot comes down, then the new one goes up, around a switch."""
        before, up = "", {"near": 0.0, "far": 0.0}
        for at, leg in self.switches:
            if t < at - SWITCH_SECONDS:
                break
            if t < at + SWITCH_SECONDS and leg != before:
                x = (t - (at - SWITCH_SECONDS)) / SWITCH_SECONDS  # 0-1 coming down, 1-2 going up
                if before:
                    up[before] = max(0.0, 1.0 - x)
                if leg:
                    up[leg] = max(0.0, x - 1.0)
                return up
            before = leg
        if before:
            up[before] = 1.0
        return up

    def pose(self, t: float) -> Pose:
        level = self.path(t) + self.path.settling(t)
        bx, by = self.path.body(t)  # pixels at 320 wide
        metres = 2.0 / SCALE
        return Pose(level, self.raised(t), (bx * metres, -by * metres))

    def pixels(self, p) -> tuple[float, float]:
        return (self.origin[0] + p[0] * self.scale, self.origin[1] - p[1] * self.scale)

    def landmarks(self, t: float) -> dict[str, dict[str, list[float]]]:
        """The exact joints at ``t`` in the picture's pixels, by the lifter's side."""
        return {side: {name: [round(v, 1) for v in self.pixels(p)] for name, p in points.items()}
                for side, points in self.pose(t).points().items()}

    @property
    def box(self) -> tuple[int, int, int, int]:
        """A box around the hip in the first frame, as a lifter would draw it (a hand to spare around the hips)."""
        x, y = self.pixels(self.pose(0.0).hip)
        half = 0.17 * self.scale
        return (round(x - half), round(y - half * 0.85), round(2 * half), round(2 * half * 0.85))

    def frame(self, t: float) -> np.ndarray:
        picture = draw(self.background.copy(), self.pose(t), self.scale, self.origin)
        gain = 1.0 + 0.05 * math.sin(2 * math.pi * t / 17.0)  # the light drifts slowly
        picture *= gain
        picture += self.noise[self._frames % len(self.noise)]
        self._frames += 1
        return np.clip(picture, 0, 255, out=picture).astype(np.uint8)
