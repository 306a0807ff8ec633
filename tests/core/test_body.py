"""The body's geometry: synthetic figures (exact angles, a tilted camera) and landmark traces of public clips."""

from __future__ import annotations

import json
import math
import typing
from pathlib import Path

import msgspec
import pytest

from gymtimer.core import body
from gymtimer.core.body import BodySide, Floor, Landmarks, Point
from gymtimer.core.plan import Side

TRACES = Path(__file__).parent / "traces"


def _rotate(p: tuple[float, float], degrees: float) -> tuple[float, float]:
    a = math.radians(degrees)
    return (p[0] * math.cos(a) - p[1] * math.sin(a), p[0] * math.sin(a) + p[1] * math.cos(a))


def _side(points: dict[str, tuple[float, float]], tilt: float, visibility: float) -> BodySide:
    """A side from points given in floor coordinates (x along the floor, y up), seen by a camera tilted ``tilt``."""
    def at(name: str) -> Point:
        x, y = _rotate((points[name][0], -points[name][1]), tilt)  # picture y grows downwards
        return Point(500 + x, 600 + y, visibility)
    return BodySide(**{name: at(name) for name in ("shoulder", "hip", "knee", "ankle", "heel", "foot")})


def _thrust(*, shin: float = 90.0, hip_drop: float = 0.0, shoulder: float = 5.0, raise_far: bool = False,
            far_ankle_shift: float = 0.0) -> dict[str, dict[str, tuple[float, float]]]:
    """A hip thrust's top in floor coordinates (cm): the near leg, and the far leg (maybe raised or staggered)."""
    ankle = (100.0, 8.0)
    a = math.radians(shin)
    knee = (ankle[0] - 45 * math.cos(a), ankle[1] + 45 * math.sin(a))
    hip = (knee[0] - 45, knee[1] - hip_drop)
    near = {"shoulder": (hip[0] - 50, hip[1] + shoulder), "hip": hip, "knee": knee, "ankle": ankle,
            "heel": (ankle[0] - 5, 0.0), "foot": (ankle[0] + 18, 0.0)}
    far = dict(near)
    if far_ankle_shift:
        far.update({k: (near[k][0] + far_ankle_shift, near[k][1]) for k in ("ankle", "heel", "foot")})
    if raise_far:
        far.update({"knee": (knee[0] + 30, knee[1] + 10), "ankle": (knee[0] + 70, knee[1] + 15),
                    "heel": (knee[0] + 68, knee[1] + 8), "foot": (knee[0] + 85, knee[1] + 25)})
    return {"near": near, "far": far}


def _frames(figure: dict, *, tilt: float = 0.0, near_label: str = "right", n: int = 6) -> list[Landmarks]:
    near = _side(figure["near"], tilt, 0.95)
    far = _side(figure["far"], tilt, 0.6)
    sides = {near_label: near, ("left" if near_label == "right" else "right"): far}
    return [Landmarks(t=i / 30, **sides) for i in range(n)]


@pytest.mark.parametrize("tilt", [0.0, 8.0, -12.0])
def test_a_camera_that_is_not_level_measures_against_the_floor(tilt: float) -> None:
    frames = _frames(_thrust(), tilt=tilt)
    floor = body.find_floor(frames)
    assert floor is not None and floor.tilt == pytest.approx(tilt, abs=0.01)
    lockout = body.lockout(frames, floor)
    assert lockout is not None
    assert (lockout.shin, lockout.knee, lockout.thigh) == (pytest.approx(90, abs=0.2), pytest.approx(90, abs=0.2),
                                                            pytest.approx(0, abs=0.2))
    assert lockout.verdict == body.LOCKOUT_OK


def test_the_pictures_horizontal_would_have_misjudged_a_tilted_camera() -> None:
    """Against the picture's horizontal, a 20° tilt leans the shins past the tolerance; against the floor it does not."""
    frames = _frames(_thrust(), tilt=20.0)
    level = Floor(frames[0].right.heel.x, frames[0].right.heel.y, 0.0)
    assert body.lockout(frames, level).verdict != body.LOCKOUT_OK
    assert body.lockout(frames, body.find_floor(frames)).verdict == body.LOCKOUT_OK


@pytest.mark.parametrize(("figure", "words"), [
    (dict(shin=60.0), body.SHINS_NOT_VERTICAL),
    (dict(shin=120.0), body.SHINS_NOT_VERTICAL),
    (dict(hip_drop=20.0), body.HIPS_LOW),
    (dict(hip_drop=8.0), body.LOCKOUT_OK),  # "slightly lower" than the knees is still a lockout
    (dict(shoulder=-15.0), body.OVER_EXTENDED),  # hips 15 cm above the shoulders
    (dict(shoulder=-3.0), body.LOCKOUT_OK),
])
def test_each_fault_has_its_words(figure: dict, words: str) -> None:
    frames = _frames(_thrust(**figure), tilt=5.0)
    assert body.lockout(frames, body.find_floor(frames)).verdict == words


def test_a_verdict_is_one_of_the_words_and_no_others():
    assert set(typing.get_args(body.Verdict)) == {body.LOCKOUT_OK, body.HIPS_LOW, body.OVER_EXTENDED,
                                                  body.OVER_EXTENDED_LINE, body.SHINS_NOT_VERTICAL, body.KNEES_NOT_90}
    with pytest.raises(msgspec.ValidationError, match="verdict"):
        msgspec.json.decode(b'{"verdict": "great", "shin": 90, "knee": 90, "thigh": 0, "torso": 0}', type=body.Lockout)


def test_knees_not_at_90_when_shin_and_thigh_each_pass_but_add_up() -> None:
    a = body.Angles(shin=104.0, knee=114.0, thigh=10.0, torso=-5.0)
    assert body.verdict(a) == body.KNEES_NOT_90
    assert body.verdict(body.Angles(shin=90.0, knee=90.0, thigh=0.0, torso=-5.0)) == body.LOCKOUT_OK


@pytest.mark.parametrize(("near_label", "facing", "working"), [
    ("right", Side.LEFT, Side.LEFT),  # the model calls the near leg "right": labels don't decide
    ("left", Side.LEFT, Side.LEFT),
    ("right", Side.RIGHT, Side.RIGHT),
])
def test_the_planted_leg_is_found_by_geometry_and_named_by_the_side_facing_the_camera(
        near_label: str, facing: Side, working: Side) -> None:
    frames = _frames(_thrust(raise_far=True), tilt=6.0, near_label=near_label)
    floor = body.find_floor(frames)
    assert body.working_leg(frames, floor, facing) is working
    # Both feet down: no working leg to report.
    flat = _frames(_thrust(), near_label=near_label)
    assert body.working_leg(flat, body.find_floor(flat), facing) is None


def test_labels_that_swap_from_frame_to_frame_change_nothing() -> None:
    """Side views make the model flip its labels mid-set: the legs are still told apart by geometry."""
    steady = _frames(_thrust(raise_far=True), tilt=3.0, near_label="left", n=8)
    swapping = [f if i % 2 else Landmarks(f.t, left=f.right, right=f.left) for i, f in enumerate(steady)]
    floor = body.find_floor(swapping)
    assert body.working_leg(swapping, floor, Side.LEFT) is Side.LEFT
    assert body.lockout(swapping, floor).verdict == body.LOCKOUT_OK
    staggered = _frames(_thrust(far_ankle_shift=25.0), n=8)
    swapping = [f if i % 3 else Landmarks(f.t, left=f.right, right=f.left) for i, f in enumerate(staggered)]
    assert body.leading_leg(swapping, body.find_floor(swapping), Side.LEFT) is Side.LEFT


def _mirrored(frames: list[Landmarks]) -> list[Landmarks]:
    """The same lifts filmed with the lifter's head on the other side of the picture."""
    def flip(side: BodySide) -> BodySide:
        return BodySide(**{name: Point(1000 - p.x, p.y, p.visibility)
                           for name, p in msgspec.structs.asdict(side).items()})
    return [Landmarks(f.t, left=flip(f.left), right=flip(f.right)) for f in frames]


def test_a_lifter_filmed_from_the_other_end_is_judged_the_same() -> None:
    for figure, words in ((_thrust(), body.LOCKOUT_OK), (_thrust(hip_drop=20.0), body.HIPS_LOW)):
        frames = _mirrored(_frames(figure, tilt=7.0))
        floor = body.find_floor(frames)
        assert floor.tilt == pytest.approx(-7.0, abs=0.01)
        assert body.lockout(frames, floor).verdict == words
    raised = _mirrored(_frames(_thrust(raise_far=True), tilt=-4.0, near_label="left"))
    assert body.working_leg(raised, body.find_floor(raised), Side.RIGHT) is Side.RIGHT
    staggered = _mirrored(_frames(_thrust(far_ankle_shift=25.0), near_label="left"))
    assert body.leading_leg(staggered, body.find_floor(staggered), Side.RIGHT) is Side.RIGHT


def test_the_leading_leg_of_a_staggered_stance_is_the_foot_nearer_the_hips() -> None:
    far_back = _frames(_thrust(far_ankle_shift=25.0), near_label="left")
    assert body.leading_leg(far_back, body.find_floor(far_back), Side.RIGHT) is Side.RIGHT
    far_ahead = _frames(_thrust(far_ankle_shift=-25.0), near_label="left")
    assert body.leading_leg(far_ahead, body.find_floor(far_ahead), Side.RIGHT) is Side.LEFT
    even = _frames(_thrust(far_ankle_shift=3.0), near_label="left")
    assert body.leading_leg(even, body.find_floor(even), Side.RIGHT) is None


def test_points_the_model_barely_saw_give_no_verdict() -> None:
    frames = _frames(_thrust())
    blind = [Landmarks(f.t, left=f.left, right=msgspec.structs.replace(f.right, knee=Point(0, 0, 0.1)))
             for f in frames]
    floor = body.find_floor(frames)
    assert body.lockout([msgspec.structs.replace(f, left=f.right) for f in blind], floor) is None


# Landmark traces of public clips (BlazePose, dev/gymtimer_dev/landmarks.py), labelled by looking at the
# frames (traces/labels.json; benchmarks/body.py prints the same scores).
LABELS = json.loads((TRACES / "labels.json").read_text(encoding="utf-8"))
#: The rendered hip thrust is filmed from three-quarters above: the model puts the near knee off the leg and the
#: heel-to-toe line is not the floor's horizontal. Its lockout is misjudged; counted here, not hidden.
KNOWN_ERRORS = {("anvox-barbell_hip_thrust", 2.05)}


def _trace(name: str) -> list[Landmarks]:
    data = json.loads((TRACES / f"{name}.json").read_text())
    assert data["source"]["repo"] and len(data["source"]["commit"]) == 40
    return [msgspec.convert(f, Landmarks) for f in data["frames"] if "left" in f]


def test_lockout_verdicts_on_public_clips_against_the_labels() -> None:
    errors = set()
    for label in LABELS["tops"]:
        frames = _trace(label["clip"])
        top = [f for f in frames if label["from"] <= f.t <= label["to"]]
        lockout = body.lockout(top, body.find_floor(frames), bench=label["bench"])
        assert lockout is not None, label
        if lockout.verdict != label["truly"]:
            errors.add((label["clip"], label["from"]))
    assert len(LABELS["tops"]) == 7
    assert errors == KNOWN_ERRORS, f"{len(errors)} wrong of {len(LABELS['tops'])}: {sorted(errors)}"


def test_no_raised_foot_in_two_legged_work_and_the_raised_one_found_on_one_leg() -> None:
    for label in LABELS["tops"]:
        frames = _trace(label["clip"])
        top = [f for f in frames if label["from"] <= f.t <= label["to"]]
        assert body.raised_label(top, body.find_floor(frames)) is None, label
    frames = _trace("anvox-single_leg_deadlift")
    floor = body.find_floor(frames)
    # Labelled from the frames: both feet down at the start and the end, the "right"-labelled leg held up
    # behind at the bottom of the hinge (1.6-2.4 s). Which of the lifter's legs that is, a three-quarter
    # view cannot say: the two legs score alike, and the answer is "not sure", not a guess.
    assert body.raised_label([f for f in frames if f.t <= 0.3], floor) is None
    assert body.raised_label([f for f in frames if f.t >= 3.7], floor) is None
    assert body.raised_label([f for f in frames if 1.6 <= f.t <= 2.4], floor) == "right"
    assert body.working_leg([f for f in frames if 1.6 <= f.t <= 2.4], floor, Side.LEFT) is None
    # Frame by frame: the foot is clearly off the floor from 0.8 to 2.9 s, down until 0.45 s and from 3.3 s
    # (between, the toes brush the floor: not counted either way). Errors counted: no foot raised when both
    # are down, never the wrong foot; 11 of 50 raised frames missed, as the foot leaves and lands.
    up = [body.raised_in(f, floor) for f in frames if 0.8 <= f.t <= 2.9]
    down = [body.raised_in(f, floor) for f in frames if f.t <= 0.45 or f.t >= 3.3]
    assert (len(up), len(down)) == (50, 28)
    assert down.count(None) == 28 and up.count("left") == 0
    assert up.count("right") >= 39


def _with_depth(frames: list[Landmarks], near_label: str, gap: float, visibility: float = 0.9) -> list[Landmarks]:
    """``frames`` with both legs scored ``visibility`` alike, the near leg ``gap`` pixels nearer in depth."""
    def put(side: BodySide, z: float) -> BodySide:
        return BodySide(**{name: Point(p.x, p.y, visibility, z) for name, p in msgspec.structs.asdict(side).items()})

    out = []
    for f in frames:
        zs = {near_label: -gap / 2, ("left" if near_label == "right" else "right"): gap / 2}
        out.append(Landmarks(f.t, left=put(f.left, zs["left"]), right=put(f.right, zs["right"])))
    return out


@pytest.mark.parametrize("near_label", ["left", "right"])
def test_legs_seen_alike_are_told_apart_by_their_depth(near_label: str) -> None:
    """The far leg in plain view scores the near one's visibility: the model's depth says which is nearer."""
    frames = _frames(_thrust(raise_far=True), tilt=4.0, near_label=near_label)
    alike = _with_depth(frames, near_label, gap=0.0)
    floor = body.find_floor(alike)
    assert body.working_leg(alike, floor, Side.RIGHT) is None  # no depth between them: it cannot tell
    shin = frames[0].left.shin_length  # 45 cm: the gap in shin lengths
    near_nearer = _with_depth(frames, near_label, gap=shin * 1.0)
    assert body.working_leg(near_nearer, floor, Side.RIGHT) is Side.RIGHT  # the near leg planted
    assert body.working_leg(near_nearer, floor, Side.LEFT) is Side.LEFT
    too_close = _with_depth(frames, near_label, gap=shin * 0.1)
    assert body.working_leg(too_close, floor, Side.RIGHT) is None


def test_the_visibility_decides_before_the_depth() -> None:
    """A model whose depth disagrees with a clear difference in visibility: the visibility is believed."""
    frames = _frames(_thrust(raise_far=True), near_label="right")  # near 0.95, far 0.6
    wrong = [Landmarks(f.t, **{label: BodySide(**{name: Point(p.x, p.y, p.visibility, z)
                                                   for name, p in msgspec.structs.asdict(getattr(f, label)).items()})
                               for label, z in (("right", 300.0), ("left", -300.0))}) for f in frames]
    assert body.working_leg(wrong, body.find_floor(wrong), Side.RIGHT) is Side.RIGHT
