"""The rendered person (``figure="person"``): its truth, and the body model seeing it as the lifter it draws."""

from __future__ import annotations

import json

import cv2
import pytest

from gymtimer.core import body
from gymtimer.core.plan import Side
from gymtimer_dev.synthetic import RepSpec, SetSpec, render
from tests.helpers.real_parts import need_body_model

pytestmark = pytest.mark.slow  # a 19 s set rendered (about 10 s), and the model run over it

REP = {"lift": 1.0, "top": 1.0, "lower": 1.5, "bottom": 1.5}
SPEC = SetSpec("person_test", "1.5-1.5-1-1",
               (RepSpec(**REP, raised="right"), RepSpec(**REP, raised="left", share=1.55), RepSpec(**REP),
                RepSpec(**REP, share=0.6)),
               settle=1.5, tail=1.5, bump_at=None, walker=False, figure="person")


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    video, sidecar = render(SPEC, tmp_path_factory.mktemp("person"), width=640, fps=15.0)
    return video, json.loads(sidecar.read_text())


def test_each_rep_is_rendered_with_its_raised_foot_and_its_lockout(clip) -> None:
    video, truth = clip
    assert (truth["width"], truth["height"]) == (640, 480)
    assert [(r["raised"], r["working"]) for r in truth["body"]] == [("right", "left"), ("left", "right"), (None, None),
                                                                              (None, None)]
    assert [r["lockout"] for r in truth["body"]] == [body.LOCKOUT_OK, body.OVER_EXTENDED, body.LOCKOUT_OK,
                                                      body.HIPS_LOW]
    # The last rises 60 % as high as the others: its lockout is low, and the rep is short by the set's own range.
    assert [r["complete"] for r in truth["reps"]] == [True, True, True, False]
    capture = cv2.VideoCapture(str(video))
    ok, picture = capture.read()
    capture.release()
    assert ok and picture.shape == (480, 640, 3)
    assert picture[..., 2].astype(int).mean() - picture[..., 0].astype(int).mean() > 5  # in colour: warm, not grey


def _landmarks(video) -> list[body.Landmarks | None]:
    from gymtimer.vision.frames import FrameSource
    from gymtimer.vision.pose import PoseModel

    found: list[body.Landmarks | None] = []
    start = None
    with PoseModel() as model:
        source = FrameSource(video)
        for frame in source:
            start = frame.time if start is None else start
            if frame.picture is None:
                continue
            seen = model.look(frame.picture, frame.time - start)  # seconds from the video's first frame
            found.append(seen.landmarks if seen is not None else None)
        source.close()
    return found


def test_the_body_model_sees_the_rendered_person_and_judges_each_rep_as_rendered(clip) -> None:
    need_body_model()
    video, truth = clip
    found = _landmarks(video)
    seen = [f for f in found if f is not None]
    assert len(seen) >= 0.9 * len(found), f"{len(seen)} of {len(found)} frames"
    floor = body.find_floor(seen)
    for rep, (label, expected) in enumerate(zip(truth["labels"], truth["body"], strict=True)):
        within = [f for f in seen if label["lift"] <= f.t <= label["bottom"]]
        top = [f for f in seen if label["top"] <= f.t <= label["lower"]]
        leg = body.working_leg(within, floor, Side.RIGHT)
        assert leg == (Side(expected["working"]) if expected["working"] else None), rep
        assert body.lockout(top, floor).verdict == expected["lockout"], rep
