"""The hip box placed from the body: its geometry and when it is placed or moved, on landmark traces of public clips."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

from gymtimer.core import body
from gymtimer.core.body import BodySide, BoxPlacer, Landmarks, Point, hip_box

TRACES = Path(__file__).parent / "traces"
CLIPS = ["glute-bridge", "anvox-barbell_hip_thrust", "anvox-glute_bridge", "anvox-frog_pumps",
         "anvox-single_leg_deadlift"]


def _trace(name: str) -> tuple[list[Landmarks], tuple[int, int]]:
    data = json.loads((TRACES / f"{name}.json").read_text(encoding="utf-8"))
    return [msgspec.convert(f, Landmarks) for f in data["frames"] if "left" in f], (data["width"], data["height"])


def _moved(frame: Landmarks, dx: float, dy: float = 0.0, t: float | None = None) -> Landmarks:
    def side(s: BodySide) -> BodySide:
        return BodySide(**{name: Point(p.x + dx, p.y + dy, p.visibility)
                           for name in ("shoulder", "hip", "knee", "ankle", "heel", "foot")
                           for p in [getattr(s, name)]})
    return Landmarks(t=frame.t if t is None else t, left=side(frame.left), right=side(frame.right))


def _scaled(frame: Landmarks, k: float) -> Landmarks:
    def side(s: BodySide) -> BodySide:
        return BodySide(**{name: Point(p.x * k, p.y * k, p.visibility)
                           for name in ("shoulder", "hip", "knee", "ankle", "heel", "foot")
                           for p in [getattr(s, name)]})
    return Landmarks(t=frame.t, left=side(frame.left), right=side(frame.right))


@pytest.mark.parametrize("clip", CLIPS)
def test_the_box_holds_the_hips_and_is_sized_from_the_thigh(clip: str) -> None:
    frames, picture = _trace(clip)
    frame = frames[0]
    box = hip_box(frame, picture)
    assert box is not None
    x, y, w, h = box
    for hip in (frame.left.hip, frame.right.hip):
        assert x <= hip.x <= x + w and y <= hip.y <= y + h
    thigh = body.thigh_length(frame)
    assert thigh is not None
    assert body.BOX_THIGHS * thigh - 2 <= w <= body.BOX_THIGHS * thigh + abs(frame.left.hip.x - frame.right.hip.x) + 2
    assert h == pytest.approx(body.BOX_ASPECT * w, abs=2)


def test_the_box_follows_the_body_not_the_picture() -> None:
    frames, (width, height) = _trace("anvox-barbell_hip_thrust")
    frame = frames[0]
    in_a_bigger_picture = hip_box(frame, (width * 2, height * 2))
    assert in_a_bigger_picture == hip_box(frame, (width, height))  # the same lifter, the same box
    half = hip_box(_scaled(frame, 0.5), (width, height))  # the lifter twice as far from the camera
    assert half is not None and in_a_bigger_picture is not None
    assert half[2] == pytest.approx(in_a_bigger_picture[2] / 2, abs=1)


def test_no_box_without_a_hip_or_a_thigh_seen() -> None:
    frames, picture = _trace("glute-bridge")
    frame = frames[0]

    def unseen(s: BodySide) -> BodySide:
        return BodySide(s.shoulder, Point(s.hip.x, s.hip.y, 0.1), s.knee, s.ankle, s.heel, s.foot)
    assert hip_box(Landmarks(frame.t, unseen(frame.left), unseen(frame.right)), picture) is None


def test_a_box_at_the_edge_stays_inside_the_picture() -> None:
    frames, (width, height) = _trace("anvox-frog_pumps")
    hips_x = (frames[0].left.hip.x + frames[0].right.hip.x) / 2
    box = hip_box(_moved(frames[0], width - hips_x - 5), (width, height))  # the hips 5 px from the right edge
    assert box is not None and box[0] + box[2] <= width


#: The glute bridge's reps, from its labels in benchmarks/realclips.json: lift to bottom (the last runs to the end).
REPS = [(0.55, 4.05), (5.45, 8.6), (10.3, 99.0)]


def _under_way(t: float) -> bool:
    return any(lift <= t <= bottom for lift, bottom in REPS)


def test_the_box_is_placed_once_the_lifter_is_settled() -> None:
    frames, picture = _trace("glute-bridge")  # settled on the mat for 0.55 s before the first lift
    placer = BoxPlacer(picture)
    placed = [(f.t, box) for f in frames if (box := placer.push(f.t, f, rep_under_way=_under_way(f.t))) is not None]
    assert placed, "no box placed"
    at, box = placed[0]
    assert body.PLACE_SECONDS * 0.9 <= at <= 0.6
    hips = frames[0].left.hip
    assert box[0] <= hips.x <= box[0] + box[2] and box[1] <= hips.y <= box[1] + box[3]
    # The reps that follow (a top held still over 2 s, as the lowering starts slowly) never move it.
    assert len(placed) == 1


def _shifted_set(frames: list[Landmarks], shift: float, after: float, gap: float = 0.5) -> list[Landmarks]:
    """The frames up to ``after`` as filmed, then nobody for ``gap`` s, then the lifter ``shift`` px along, still."""
    still = frames[0]
    before = [f for f in frames if f.t <= after]
    later = [_moved(still, shift, t=after + gap + i / 30) for i in range(150)]
    return before + later


def test_the_box_follows_a_lifter_who_shifted_between_sets() -> None:
    frames, picture = _trace("glute-bridge")
    placer = BoxPlacer(picture)
    first = None
    moved = []
    for f in _shifted_set(frames, 250.0, after=0.5):
        box = placer.push(f.t, f)
        if box is not None and first is None:
            first = box
        elif box is not None:
            moved.append((f.t, box))
    assert first is not None and len(moved) == 1
    at, box = moved[0]
    assert box == hip_box(_moved(frames[0], 250.0), picture)  # where the lifter now sits
    assert at >= 1.0 + body.SHIFT_SECONDS * 0.9  # steady there for the shift's seconds, not at once


def test_the_box_stays_while_a_rep_is_under_way_and_for_a_small_shift() -> None:
    frames, picture = _trace("glute-bridge")
    for shift, under_way in ((250.0, True), (20.0, False)):
        placer = BoxPlacer(picture)
        boxes = [b for f in _shifted_set(frames, shift, after=0.5)
                 if (b := placer.push(f.t, f, rep_under_way=under_way and f.t > 0.5)) is not None]
        assert len(boxes) == 1, (shift, under_way)
