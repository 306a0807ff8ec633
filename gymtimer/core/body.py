"""The body at the top of a rep, from 2-D landmarks: the floor, the angles, the lockout, the working leg.

Points are in a picture's pixels, y growing downwards, each with the pose model's
visibility score (0-1). Nothing here knows a model, a picture or a file: a frame's
landmarks come in as a :class:`Landmarks` and everything is plain geometry.

**The floor line** is estimated from the feet over the set (:func:`find_floor`):
the planted foot's heel and toes lie on it, so its direction is the camera's
tilt and every angle is measured against it, not the picture's horizontal.

**Left and right.** Pose models swap their left and right labels in side views
(they guess which way the lifter faces). So the working leg is told by geometry
alone: the raised foot's ankle is above the planted one's and off the floor; the
leading foot of a staggered stance is the one nearer the hips. Which of the two
legs is the lifter's left is then the one thing the labels cannot say: the lifter
says once which side of their body faces the camera, and the leg nearer the
camera is the one the model sees best (its points score the higher visibility,
whatever it labels them; where both score alike, as when the near foot is
raised and the far leg is in plain view, the one the model puts nearer in
depth), told frame by frame, so labels that swap mid-set change nothing.

**The lockout** (docs/vision.md#the-body) as the articles describe it: at the top,
shins vertical and knees at about 90°, thighs about parallel to the floor, the
hips level with the knees and a little below the shoulders. A hip higher than
the shoulders is over-extension, not a better rep. The lower back's arch cannot
be seen from the side without spine points, and is not guessed at.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final, Literal

import msgspec

from gymtimer.core.median import median
from gymtimer.core.plan import Side

#: A point below this visibility is not trusted for an angle.
MIN_VISIBILITY = 0.5

#: Shins "vertical": within this many degrees of 90° to the floor. The articles ask for
#: 90°; a side view's knee and ankle points wander a few degrees from frame to frame,
#: and 15° is about 10 cm of foot placement on a 40 cm shin: more is a foot to move.
SHIN_TOLERANCE = 15.0
#: Knees "at about 90°": within this many degrees. Looser than the shin, since the
#: knee angle adds the thigh's error to the shin's.
KNEE_TOLERANCE = 20.0
#: "Hips low": the thigh slopes down from the knee to the hip by more than this many
#: degrees (about 12 cm on a 45 cm thigh). The articles expect the hips level with the
#: knees or "slightly lower", so a little below is still a lockout.
HIPS_LOW_DEGREES = 15.0
#: "Over-extended": the hips above the shoulder (on the bench) by more than this many
#: degrees of the torso's slope (about 9 cm on a 50 cm torso). The articles want the
#: hips a little below the shoulders; a few degrees above is the points' jitter.
OVER_EXTENDED_DEGREES = 10.0
#: A bridge (shoulders on the floor) is locked out when the hip is on the straight line from
#: shoulder to knee: a bend of more than this many degrees below it is "hips low", and of more
#: than the other above it is over-extension (the pelvis pushed past the line).
BRIDGE_LOW_DEGREES = 20.0
BRIDGE_OVER_DEGREES = 15.0
#: A foot is raised when its ankle is this many shin lengths above the planted one's
#: and its lowest point (heel or toes) this many shin lengths off the floor.
RAISED_ANKLE_SHINS = 0.3
RAISED_OFF_FLOOR_SHINS = 0.15
#: The leading foot of a staggered stance is nearer the hips by at least this many shin lengths.
STAGGER_SHINS = 0.2
#: The near leg scores at least this much more visibility than the far one; closer is a guess.
NEAR_VISIBILITY_MARGIN = 0.05
#: Where the visibilities are that close, a model that gives depth (BlazePose's ``z``) tells the near leg:
#: its hip, knee and ankle this many shin lengths nearer the camera than the far leg's. On the public clips
#: (a glute bridge, a barbell hip thrust, a single-leg deadlift) the legs' depths differ by a median 0.19 to
#: 0.33 of the picture's width (a shin is about a sixth of it) and name the same near leg as the visibility
#: in 87 to 100 % of the frames where the visibility decides.
NEAR_DEPTH_SHINS = 0.3

LOCKOUT_OK: Final = "lockout ✓"
HIPS_LOW: Final = "hips low"
OVER_EXTENDED: Final = "over-extended — hips above the shoulders"
OVER_EXTENDED_LINE: Final = "over-extended — hips above the line"
SHINS_NOT_VERTICAL: Final = "shins not vertical — move the feet"
KNEES_NOT_90: Final = "knees not at 90°"
#: A lockout verdict's words: these and no others (a file with other words is refused).
Verdict = Literal["lockout ✓", "hips low", "over-extended — hips above the shoulders",
                  "over-extended — hips above the line", "shins not vertical — move the feet", "knees not at 90°"]




class Point(msgspec.Struct, frozen=True, array_like=True):
    """One landmark: pixels (y downwards), the model's visibility score and, when the model gives one, its depth.

    ``z`` is in pixels at the picture's scale, smaller nearer the camera (BlazePose's ``z``, which is
    measured from the middle of the hips); None when the model gave none.
    """

    x: float
    y: float
    visibility: float = 1.0
    z: float | None = None

    @property
    def seen(self) -> bool:
        return self.visibility >= MIN_VISIBILITY


class BodySide(msgspec.Struct, frozen=True):
    """The points of one side of the body, as the model labelled them."""

    shoulder: Point
    hip: Point
    knee: Point
    ankle: Point
    heel: Point
    foot: Point

    @property
    def leg_visibility(self) -> float:
        return (self.hip.visibility + self.knee.visibility + self.ankle.visibility
                + self.heel.visibility + self.foot.visibility) / 5.0

    @property
    def depth(self) -> float | None:
        """The leg's depth (the mean ``z`` of hip, knee and ankle), None when the model gave none."""
        zs = [p.z for p in (self.hip, self.knee, self.ankle)]
        if any(z is None for z in zs):
            return None
        return sum(zs) / 3.0  # type: ignore[arg-type]  # none is None here

    @property
    def shin_length(self) -> float:
        return math.dist((self.knee.x, self.knee.y), (self.ankle.x, self.ankle.y))


class Landmarks(msgspec.Struct, frozen=True):
    """One frame's landmarks: ``t`` in seconds, and the two sides as the model labelled them."""

    t: float
    left: BodySide
    right: BodySide


class Floor(msgspec.Struct, frozen=True):
    """The floor line: a point on it and its slope in the picture (degrees, positive when it falls to the right)."""

    x: float
    y: float
    tilt: float = 0.0

    def height(self, p: Point) -> float:
        """Pixels from the floor line up to ``p`` (negative below it)."""
        a = math.radians(self.tilt)
        # The floor's direction is (cos a, sin a); "up" is perpendicular to it, towards smaller y.
        return -((p.x - self.x) * -math.sin(a) + (p.y - self.y) * math.cos(a))

    def along(self, p: Point) -> float:
        """Pixels along the floor line (the floor's own horizontal)."""
        a = math.radians(self.tilt)
        return (p.x - self.x) * math.cos(a) + (p.y - self.y) * math.sin(a)

    def slope(self, low: Point, high: Point) -> float:
        """Degrees the line from ``low`` to ``high`` rises above the floor: -90 to 90 (negative: ``high`` is lower)."""
        rise = self.height(high) - self.height(low)
        run = abs(self.along(high) - self.along(low))
        return math.degrees(math.atan2(rise, run))


class Angles(msgspec.Struct, frozen=True):
    """The top of a rep in degrees, against the floor line.

    ``shin``: the shin to the floor (90 is vertical); ``knee``: the angle at the
    knee between thigh and shin; ``thigh``: how far the hip is above the knee as
    the thigh's slope (0 is parallel to the floor, negative is hips below the
    knees); ``torso``: how far the hip is above the shoulder as the torso's slope
    (negative is below the shoulders, as the articles want); ``line``: how far
    the hip is off the straight line from shoulder to knee, as the bend at the
    hip (0 is straight, positive is the hip above the line).
    """

    shin: float
    knee: float
    thigh: float
    torso: float
    line: float = 0.0


class Lockout(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A rep's lockout verdict, in the words shown after the rep, with the angles it was judged on."""

    verdict: Verdict
    shin: float
    knee: float
    thigh: float
    torso: float

    @property
    def ok(self) -> bool:
        return self.verdict == LOCKOUT_OK


def _lower_foot(frame: Landmarks) -> BodySide:
    """The side whose foot is lower in the picture (good enough to find a floor that tilts a few degrees)."""
    def depth(s: BodySide) -> float:
        return (s.heel.y + s.foot.y) / 2.0
    return frame.left if depth(frame.left) >= depth(frame.right) else frame.right


def find_floor(frames: Sequence[Landmarks]) -> Floor | None:
    """The floor line under a set, from the planted foot of every frame: ``None`` if no foot was seen.

    Its tilt is the median direction from heel to toes (a camera that is not level
    tilts it), its height the median of those points, so a raised foot or a frame
    of bad points does not move it.
    """
    tilts: list[float] = []
    xs: list[float] = []
    ys: list[float] = []
    for frame in frames:
        side = _lower_foot(frame)
        if not (side.heel.seen and side.foot.seen):
            continue
        dx, dy = side.foot.x - side.heel.x, side.foot.y - side.heel.y
        if dx < 0:
            dx, dy = -dx, -dy
        if dx == 0:
            continue
        tilt = math.degrees(math.atan2(dy, dx))
        if abs(tilt) > 30.0:  # a foot on its toes, not flat: no floor in it
            continue
        tilts.append(tilt)
        xs.append((side.heel.x + side.foot.x) / 2.0)
        ys.append((side.heel.y + side.foot.y) / 2.0)
    if not tilts:
        return None
    tilt = median(tilts)
    x = median(xs)
    # The floor passes through the feet's median height, measured across the tilt.
    a = math.radians(tilt)
    offsets = [(yy - y0) for yy, y0 in zip(ys, (math.tan(a) * (xx - x) for xx in xs), strict=True)]
    return Floor(x=x, y=median(offsets), tilt=tilt)


def _interior(a: Point, b: Point, c: Point) -> float:
    """The angle at ``b`` between ``b→a`` and ``b→c``, degrees (0-180)."""
    v1 = (a.x - b.x, a.y - b.y)
    v2 = (c.x - b.x, c.y - b.y)
    n = math.hypot(*v1) * math.hypot(*v2)
    if n == 0:
        return 0.0
    cos = max(-1.0, min(1.0, (v1[0] * v2[0] + v1[1] * v2[1]) / n))
    return math.degrees(math.acos(cos))


def angles(side: BodySide, floor: Floor) -> Angles | None:
    """The angles of one side, or ``None`` if one of its points is not seen well enough."""
    points = (side.shoulder, side.hip, side.knee, side.ankle)
    if not all(p.seen for p in points):
        return None
    shin = abs(floor.slope(side.ankle, side.knee))
    return Angles(
        shin=shin,
        knee=_interior(side.hip, side.knee, side.ankle),
        thigh=floor.slope(side.knee, side.hip),
        torso=floor.slope(side.shoulder, side.hip),
        line=_off_line(side, floor),
    )


def _off_line(side: BodySide, floor: Floor) -> float:
    """Degrees the hip bends off the shoulder-knee line: positive above it, negative below."""
    bend = 180.0 - _interior(side.shoulder, side.hip, side.knee)
    s, k, h = floor.along(side.shoulder), floor.along(side.knee), floor.along(side.hip)
    if k == s:
        return 0.0
    on_line = floor.height(side.shoulder) + (floor.height(side.knee) - floor.height(side.shoulder)) * (h - s) / (k - s)
    return bend if floor.height(side.hip) >= on_line else -bend


def verdict(a: Angles, bench: bool = True) -> Verdict:
    """The lockout's words for one set of angles: the worst fault first.

    ``bench``: the shoulders rest on a bench (the hip thrust). Without one (a glute
    bridge, frog pumps: shoulders on the floor) the hips cannot be level with both
    knees and shoulders; the lockout there is the straight line from shoulder to
    knee, and the shins are judged as in the hip thrust (the knee angle is not: a
    bridge's feet sit closer than 90°).
    """
    if not bench:
        if a.line > BRIDGE_OVER_DEGREES:
            return OVER_EXTENDED_LINE
        if a.line < -BRIDGE_LOW_DEGREES:
            return HIPS_LOW
        if abs(a.shin - 90.0) > SHIN_TOLERANCE:
            return SHINS_NOT_VERTICAL
        return LOCKOUT_OK
    if a.torso > OVER_EXTENDED_DEGREES:
        return OVER_EXTENDED
    if a.thigh < -HIPS_LOW_DEGREES:
        return HIPS_LOW
    if abs(a.shin - 90.0) > SHIN_TOLERANCE:
        return SHINS_NOT_VERTICAL
    if abs(a.knee - 90.0) > KNEE_TOLERANCE:
        return KNEES_NOT_90
    return LOCKOUT_OK


def _near_in(frame: Landmarks) -> str | None:
    """The label the model gave the leg nearer the camera in one frame, ``None`` if it cannot tell.

    Judged frame by frame: a model that swaps its labels between frames still
    scores the near leg the more visible, whatever it calls it. When both legs
    score alike (the far leg in plain view: the near foot raised above it), the
    legs' depths tell, if the model gave them (:data:`NEAR_DEPTH_SHINS`).
    """
    left, right = frame.left.leg_visibility, frame.right.leg_visibility
    if abs(left - right) >= NEAR_VISIBILITY_MARGIN:
        return "left" if left > right else "right"
    near, far = frame.left.depth, frame.right.depth
    if near is None or far is None:
        return None
    shin = max(frame.left.shin_length, frame.right.shin_length, 1.0)
    if abs(near - far) < NEAR_DEPTH_SHINS * shin:
        return None
    return "left" if near < far else "right"


def _judged(frame: Landmarks, floor: Floor) -> BodySide:
    """The side a frame's lockout is judged on: the planted leg if a foot is up, else the near (or better-seen) one."""
    raised = raised_in(frame, floor)
    if raised is not None:
        return frame.right if raised == "left" else frame.left
    return frame.left if frame.left.leg_visibility >= frame.right.leg_visibility else frame.right


def lockout(top: Sequence[Landmarks], floor: Floor, bench: bool = True) -> Lockout | None:
    """The verdict on a rep from the frames of its top (its squeeze): ``None`` if the body was not seen there.

    The angles are the medians over the frames, of the working leg (the planted
    one in single-leg work, else the one nearer the camera) with its shoulder.
    """
    seen = [a for f in top if (a := angles(_judged(f, floor), floor)) is not None]
    if not seen:
        return None
    a = Angles(
        shin=median(x.shin for x in seen),
        knee=median(x.knee for x in seen),
        thigh=median(x.thigh for x in seen),
        torso=median(x.torso for x in seen),
        line=median(x.line for x in seen),
    )
    return Lockout(verdict(a, bench), round(a.shin, 1), round(a.knee, 1), round(a.thigh, 1), round(a.torso, 1))


def raised_in(frame: Landmarks, floor: Floor) -> str | None:
    """The label of the foot held off the floor in one frame: its ankle well above the other's, heel and toes off the floor."""
    left, right = frame.left, frame.right
    if not all(p.seen for p in (left.ankle, right.ankle, left.knee, right.knee)):
        return None
    shin = max(left.shin_length, right.shin_length, 1.0)
    for up, down, name in ((left, right, "left"), (right, left, "right")):
        above = floor.height(up.ankle) - floor.height(down.ankle)
        off = min(floor.height(up.heel), floor.height(up.foot))
        if above > RAISED_ANKLE_SHINS * shin and off > RAISED_OFF_FLOOR_SHINS * shin:
            return name
    return None


def raised_label(frames: Sequence[Landmarks], floor: Floor) -> str | None:
    """The label of the foot held off the floor in most of ``frames``, ``None`` if both are down (or it flips)."""
    votes = [r for f in frames if (r := raised_in(f, floor)) is not None]
    if len(votes) * 2 <= len(frames):
        return None
    left = votes.count("left")
    right = len(votes) - left
    if left * 3 >= len(votes) * 2:
        return "left"
    if right * 3 >= len(votes) * 2:
        return "right"
    return None


def _vote(votes: Sequence[bool], frames: int) -> bool | None:
    """True or False when two thirds of the votes agree and more than half the frames voted; else None."""
    if not votes or len(votes) * 2 <= frames:
        return None
    yes = sum(votes)
    if yes * 3 >= len(votes) * 2:
        return True
    if (len(votes) - yes) * 3 >= len(votes) * 2:
        return False
    return None


def working_leg(frames: Sequence[Landmarks], floor: Floor, facing: Side) -> Side | None:
    """Single-leg work: the leg whose foot stays planted (the one working); ``None`` if no foot is up or it can't tell.

    ``facing`` is the side of the lifter's body that faces the camera: in each
    frame, is the planted foot the near leg's or the far one's?
    """
    votes = []
    for f in frames:
        raised, near = raised_in(f, floor), _near_in(f)
        if raised is not None and near is not None:
            votes.append(raised != near)  # True: the near leg is planted
    near_planted = _vote(votes, len(frames))
    if near_planted is None or facing is Side.BOTH:
        return None
    return facing if near_planted else facing.other


def leading_leg(frames: Sequence[Landmarks], floor: Floor, facing: Side) -> Side | None:
    """Staggered stance: the leg whose foot is nearer the hips (it takes most of the load); ``None`` if level.

    In each frame, how much nearer the hips the near leg's ankle is than the far
    one's (in shin lengths, along the floor); the median decides.
    """
    gaps: list[float] = []
    for f in frames:
        near = _near_in(f)
        hip = f.left.hip if f.left.hip.visibility >= f.right.hip.visibility else f.right.hip
        if near is None or not (hip.seen and f.left.ankle.seen and f.right.ankle.seen):
            continue
        close, far = (f.left, f.right) if near == "left" else (f.right, f.left)
        shin = max(f.left.shin_length, f.right.shin_length, 1.0)
        gaps.append((abs(floor.along(far.ankle) - floor.along(hip))
                     - abs(floor.along(close.ankle) - floor.along(hip))) / shin)
    if len(gaps) * 2 <= len(frames) or facing is Side.BOTH:
        return None
    gap = median(gaps)
    if abs(gap) < STAGGER_SHINS:
        return None
    return facing if gap > 0 else facing.other


# The hip box, placed from the body (docs/vision.md#hips-found-by-themselves).

#: The hip box's width: this many thigh lengths, plus how far apart the two hips are seen (a front view's
#: hips are side by side; a side view's one behind the other). Sized from the body, never from the
#: picture: a lifter far from the camera gets a small box, one near it a large one. Hand-drawn boxes of
#: the clips in benchmarks/realclips.json span 0.5 to 1.4 thigh lengths; the box asked for ("a hand to
#: spare" around the hips) is about 0.75 on a side view.
BOX_THIGHS = 0.75
#: The box's height against its width (the hand-drawn ones: 0.8 to 1.0).
BOX_ASPECT = 0.85
#: The box is placed once the hips stayed this long within :data:`STEADY_THIGHS` of where they are.
PLACE_SECONDS = 0.5
#: It follows the lifter once the hips stayed this long somewhere else (shifting on the bench between sets).
SHIFT_SECONDS = 2.0
#: "Steady": every hip point of the last seconds within this many thigh lengths of their median.
STEADY_THIGHS = 0.15
#: "Somewhere else": the steady hips' box centre this share of the box's side off the box followed.
SHIFT_SHARE = 0.5

#: (x, y, width, height) in the picture's pixels.
BoxPixels = tuple[int, int, int, int]


def _hips(frame: Landmarks) -> tuple[float, float] | None:
    """The middle of the hips seen (either hip alone when only one is seen well)."""
    seen = [p for p in (frame.left.hip, frame.right.hip) if p.seen]
    if not seen:
        return None
    return (sum(p.x for p in seen) / len(seen), sum(p.y for p in seen) / len(seen))


def thigh_length(frame: Landmarks) -> float | None:
    """The longer of the thighs seen (hip to knee, pixels): one seen end-on looks short, the other does not."""
    lengths = [math.dist((s.hip.x, s.hip.y), (s.knee.x, s.knee.y))
               for s in (frame.left, frame.right) if s.hip.seen and s.knee.seen]
    return max(lengths) if lengths else None


def hip_box(frame: Landmarks, picture: tuple[int, int]) -> BoxPixels | None:
    """The box around the hips of one frame, sized from the body, inside the ``(width, height)`` picture.

    Centred on the middle of the hips; :data:`BOX_THIGHS` thigh lengths plus the
    hips' own spread wide, :data:`BOX_ASPECT` of that tall. ``None`` when no hip or
    no thigh is seen well enough, or the box would hardly be in the picture.
    """
    middle, thigh = _hips(frame), thigh_length(frame)
    if middle is None or thigh is None or thigh < 1.0:
        return None
    spread = abs(frame.left.hip.x - frame.right.hip.x) if frame.left.hip.seen and frame.right.hip.seen else 0.0
    width = BOX_THIGHS * thigh + spread
    height = BOX_ASPECT * width
    x0, y0 = max(0.0, middle[0] - width / 2), max(0.0, middle[1] - height / 2)
    x1, y1 = min(float(picture[0]), middle[0] + width / 2), min(float(picture[1]), middle[1] + height / 2)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    return (round(x0), round(y0), round(x1 - x0), round(y1 - y0))


def _centre(box: BoxPixels) -> tuple[float, float]:
    return (box[0] + box[2] / 2, box[1] + box[3] / 2)


class BoxPlacer:
    """Where the hip box goes, frame by frame, from the landmarks of one lifter.

    The first box is placed once the hips have held still :data:`PLACE_SECONDS`
    (the lifter settled, not walking past); after that the box moves only when the
    hips have held still :data:`SHIFT_SECONDS` somewhere else (the lifter shifted
    on the bench) and no rep is under way: a rep's top, however long its squeeze,
    never moves it. :meth:`push` returns the box to use from now on, or ``None``
    when it stays as it is.
    """

    def __init__(self, picture: tuple[int, int]) -> None:
        self.picture = picture
        self.box: BoxPixels | None = None
        self._recent: list[tuple[float, BoxPixels, float]] = []  # (time, the frame's box, its thigh length)

    def forget(self) -> None:
        """Nobody (or somebody else too) in the picture: stillness starts again from the next frame seen."""
        self._recent.clear()

    def push(self, at: float, frame: Landmarks | None, *, rep_under_way: bool = False) -> BoxPixels | None:
        box = hip_box(frame, self.picture) if frame is not None else None
        thigh = thigh_length(frame) if frame is not None else None
        if box is None or thigh is None:
            self.forget()
            return None
        self._recent.append((at, box, thigh))
        wait = PLACE_SECONDS if self.box is None else SHIFT_SECONDS
        while self._recent and self._recent[0][0] < at - wait:
            self._recent.pop(0)
        if self._recent[-1][0] - self._recent[0][0] < wait * 0.9:
            return None  # not seen for long enough yet
        centres = [_centre(b) for _, b, _ in self._recent]
        mx, my = median(c[0] for c in centres), median(c[1] for c in centres)
        reach = STEADY_THIGHS * median(t for _, _, t in self._recent)
        if any(math.dist(c, (mx, my)) > reach for c in centres):
            return None  # still moving
        steady = (round(median(b[0] for _, b, _ in self._recent)), round(median(b[1] for _, b, _ in self._recent)),
                  round(median(b[2] for _, b, _ in self._recent)), round(median(b[3] for _, b, _ in self._recent)))
        if self.box is not None:
            if rep_under_way:
                return None
            cx, cy = _centre(self.box)
            if (abs(mx - cx) < SHIFT_SHARE * self.box[2]) and (abs(my - cy) < SHIFT_SHARE * self.box[3]):
                return None  # where the box already is
        self.box = steady
        self._recent.clear()
        return steady
