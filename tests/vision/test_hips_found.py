"""The live watcher places the hip box by itself from the body model, follows a shift, and lets a drawn box win.

The body model does not see the rendered sets' figure (a textured hip on a
thigh and a torso, not a human shape: tests/vision/test_pose.py), so here a
stand-in for it reports landmarks where the rendered hip truly is (the clip's
own truth box), moved when the test says the lifter shifted. Everything else
is real: the clip played in real time as a camera, the watcher's threads, the
hip tracker and the rep counter.
"""

from __future__ import annotations

import json
import time

import pytest

from gymtimer.core import body
from gymtimer.core.camera_events import BodySeen, CameraState, Finished, Height, HipsFound, RepSeen, State
from gymtimer.core.tempo import Tempo
from gymtimer.vision.frames import FrameSource
from gymtimer.vision.live import LiveWatcher
from gymtimer_dev.synthetic import SetSpec, render
from tests.helpers.body_model import StandInModel


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    video, sidecar = render("quick", tmp_path_factory.mktemp("clips"))
    return video, json.loads(sidecar.read_text())


@pytest.fixture(scope="module")
def still(tmp_path_factory):
    """A lifter lying still for 9 s: what a shift on the bench is played over."""
    from gymtimer_dev.synthetic import RepSpec

    spec = SetSpec("lying_still", "3-1-1-1", (RepSpec(share=0.0),), settle=1.0, tail=8.0, walker=False)
    video, sidecar = render(spec, tmp_path_factory.mktemp("clips"))
    return video, json.loads(sidecar.read_text())


def _until(watcher: LiveWatcher, done, timeout: float = 30.0) -> list:
    events, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            events.append(watcher.events.get(timeout=0.1))
        except Exception:  # noqa: BLE001 - queue.Empty: nothing yet
            continue
        if done(events):
            break
    return events


def _camera(video):
    return lambda: FrameSource(video, realtime=True)


def test_without_a_drawn_box_the_box_is_placed_on_the_hips_and_the_reps_are_counted(quick):
    video, truth = quick
    model = StandInModel(tuple(truth["box"]))
    watcher = LiveWatcher(_camera(video), None, planned_lower=Tempo.parse(truth["tempo"]).lower,
                          body_model=lambda: model)
    with watcher:
        events = _until(watcher, lambda es: isinstance(es[-1], Finished))
    found = [e for e in events if isinstance(e, HipsFound)]
    assert found and all(e.people == 1 for e in found)
    placed = next(e for e in found if e.box is not None)
    x, y, w, h = truth["box"]
    px, py, pw, ph = placed.box
    assert (px + pw / 2, py + ph / 2) == pytest.approx((x + w / 2, y + h / 2), abs=1.5)  # on the hips
    assert (pw, ph) == pytest.approx((w, body.BOX_ASPECT * w), abs=1.5)  # sized from the body
    assert placed.at - found[0].at < 1.0  # placed once settled, before the first lift at 2 s
    states = [e.state for e in events if isinstance(e, CameraState)]
    assert states[:2] == [State.STARTING, State.NO_BOX] and State.SEEING in states
    assert [e.number for e in events if isinstance(e, RepSeen)] == [1, 2]  # the real tracker in the placed box
    assert any(isinstance(e, BodySeen) for e in events)
    assert watcher.box == placed.box and watcher.placing


def test_the_box_follows_a_lifter_who_shifts_while_no_rep_is_under_way(still):
    video, truth = still
    model = StandInModel(tuple(truth["box"]), shift=(40.0, -10.0), shift_at=2.0)
    watcher = LiveWatcher(_camera(video), None, body_model=lambda: model)
    with watcher:
        events = _until(watcher, lambda es: len({e.box for e in es if isinstance(e, HipsFound) and e.box}) == 2)
    boxes = [e for e in events if isinstance(e, HipsFound) and e.box is not None]
    first, moved = boxes[0].box, boxes[-1].box
    assert moved[0] - first[0] == pytest.approx(40, abs=2) and moved[1] - first[1] == pytest.approx(-10, abs=2)
    shifted = next(e.at for e in events if isinstance(e, BodySeen) and e.at - model.start >= 2.0)
    assert boxes[-1].at - shifted >= body.SHIFT_SECONDS * 0.9  # held there a couple of seconds first
    assert [e.state for e in events if isinstance(e, CameraState)].count(State.SEEING) >= 1


def test_a_box_the_lifter_draws_wins_and_is_never_moved(still):
    video, truth = still
    model = StandInModel(tuple(truth["box"]), shift=(40.0, -10.0), shift_at=1.0)
    watcher = LiveWatcher(_camera(video), None, body_model=lambda: model)
    drawn = (10, 10, 60, 50)
    with watcher:
        _until(watcher, lambda es: any(isinstance(e, HipsFound) and e.box for e in es))
        watcher.set_box(drawn)
        events = _until(watcher, lambda es: False, timeout=4.5)  # past the shift and its 2 s
    assert not watcher.placing and watcher.box == drawn
    assert not any(isinstance(e, HipsFound) for e in events[3:])  # no longer placing (a few already on their way)
    assert sum(isinstance(e, BodySeen) for e in events) > 10  # the landmarks still come, for the verdicts


def test_a_drawn_box_given_back_is_placed_on_the_hips_again(still):
    video, truth = still
    model = StandInModel(tuple(truth["box"]))
    drawn = (10, 10, 60, 50)
    watcher = LiveWatcher(_camera(video), drawn, body_model=lambda: model)
    with watcher:
        _until(watcher, lambda es: False, timeout=1.0)
        assert watcher.box == drawn and not watcher.placing
        watcher.place_again()
        events = _until(watcher, lambda es: any(isinstance(e, HipsFound) and e.box for e in es), timeout=10.0)
        _until(watcher, lambda es: False, timeout=0.5)  # followed from the next frame
    placed = next(e.box for e in events if isinstance(e, HipsFound) and e.box)
    x, y, w, h = truth["box"]
    assert (placed[0] + placed[2] / 2, placed[1] + placed[3] / 2) == pytest.approx((x + w / 2, y + h / 2), abs=1.5)
    assert watcher.placing and watcher.box == placed


def test_a_box_given_at_the_start_is_a_drawn_one(still):
    video, truth = still
    model = StandInModel(tuple(truth["box"]))
    watcher = LiveWatcher(_camera(video), (10, 10, 60, 50), body_model=lambda: model)
    with watcher:
        events = _until(watcher, lambda es: False, timeout=1.5)
    assert not any(isinstance(e, HipsFound) for e in events) and watcher.box == (10, 10, 60, 50)


@pytest.mark.parametrize("people", [0, 2])
def test_nobody_or_two_people_place_no_box_and_say_where_it_looks(still, people: int):
    video, truth = still
    watcher = LiveWatcher(_camera(video), None, body_model=lambda: StandInModel(tuple(truth["box"]), people=people))
    with watcher:
        events = _until(watcher, lambda es: False, timeout=1.5)
    found = [e for e in events if isinstance(e, HipsFound)]
    assert found and all(e.people == people and e.box is None for e in found)
    if people == 0:
        assert found[0].looking == (0, 0, truth["width"], truth["height"])  # the whole picture searched
    assert watcher.box is None
    assert not any(isinstance(e, Height) for e in events)


def test_a_slow_model_never_holds_the_hips_tracking_up(quick):
    """The model takes the newest frame when free: every frame is tracked, the model looks at a few."""
    video, truth = quick
    model = StandInModel(tuple(truth["box"]), delay=0.25)
    watcher = LiveWatcher(lambda: FrameSource(video), tuple(truth["box"]), body_model=lambda: model)
    with watcher:
        events = _until(watcher, lambda es: isinstance(es[-1], Finished))
    assert sum(isinstance(e, Height) for e in events) == truth["frames"]
    assert 0 < model.looks < truth["frames"] / 3


def test_a_body_model_that_cannot_start_leaves_the_box_to_be_drawn(still):
    video, truth = still

    def broken():
        raise OSError("libGL.so.1: cannot open shared object file")
    watcher = LiveWatcher(_camera(video), None, pictures=True, body_model=broken)
    with watcher:
        events = _until(watcher, lambda es: any(isinstance(e, CameraState) and e.state is State.NO_BOX for e in es))
        time.sleep(0.3)
        assert not watcher.placing and watcher.running  # the preview goes on; a box drawn is followed
        watcher.set_box(tuple(truth["box"]))
        events += _until(watcher, lambda es: any(isinstance(e, Height) for e in es), timeout=5)
    assert not any(isinstance(e, HipsFound) for e in events) and any(isinstance(e, Height) for e in events)


def test_the_model_looks_at_most_its_rate_on_a_thread_nicer_than_the_rest(still):
    """At most BODY_FPS looks a second, however fast the model; the screen and the sound come first."""
    import os
    import sys

    from gymtimer.vision.live import BODY_FPS, BODY_NICENESS

    video, truth = still
    model = StandInModel(tuple(truth["box"]))
    watcher = LiveWatcher(_camera(video), tuple(truth["box"]), body_model=lambda: model)
    with watcher:
        events = _until(watcher, lambda es: False, timeout=3.0)
    seen = [e.at for e in events if isinstance(e, BodySeen)]
    assert len(seen) >= 2
    assert (len(seen) - 1) / (seen[-1] - seen[0]) <= BODY_FPS * 1.05  # a 30 fps camera, half of it looked at
    assert sum(isinstance(e, Height) for e in events) > 1.6 * len(seen)  # every frame tracked all the same
    if sys.platform.startswith("linux"):
        assert model.niceness == min(19, os.getpriority(os.PRIO_PROCESS, 0) + BODY_NICENESS)


def test_a_model_that_cannot_start_leaves_the_box_to_be_drawn_and_says_why_in_the_log(still, caplog):
    """A broken install of the optional model (its import fails on the model's thread): no box is placed, the
    watcher asks for one as without the model, and the log says why (the lifter draws the box)."""
    video, _truth = still

    def broken():
        raise ImportError("libmediapipe.so: cannot open shared object file")

    watcher = LiveWatcher(_camera(video), None, body_model=broken)
    with caplog.at_level("WARNING", logger="gymtimer.vision.live"), watcher:
        events = _until(watcher, lambda es: False, timeout=1.5)
    assert not watcher.placing and watcher.box is None
    assert not any(isinstance(e, HipsFound | BodySeen) for e in events)
    assert State.NO_BOX in [e.state for e in events if isinstance(e, CameraState)]
    assert any("body model could not start" in r.getMessage() and "libmediapipe" in r.getMessage()
               for r in caplog.records)
