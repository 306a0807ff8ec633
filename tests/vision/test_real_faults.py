"""Rendered sets with what real sets do (issue 20), measured against the moments a lifter would label.

Lockouts that overshoot and sag, returns that stop short of the last bottom,
a drifting bottom, walking in and out, a shift on the bench, a held camera
that turns, zooms and shakes, motion blur, exposure steps, a second person
passing. Each set goes through ``gymtimer analyse`` and through the live
watcher fed the same frames at their own times; both must find every rep,
no ghost, no false SHORT, 95 % of phases within 0.25 s, lift-to-lift
intervals within 0.25 s, and the same reps.
"""

from __future__ import annotations

import json

import pytest

from gymtimer.core.tempo import Phase, Tempo
from gymtimer.vision.analyse import analyse
from gymtimer.vision.frames import FrameSource
from gymtimer.vision.live import Finished, LiveWatcher, PhaseSeen, RepSeen
from gymtimer_dev.scoring import PHASE_TARGET, score
from gymtimer_dev.synthetic import REAL_SETS, render


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """Each set rendered once for the module (320×240, 17–22 s), on demand."""
    folder, made = tmp_path_factory.mktemp("real"), {}

    def clip(name: str):
        if name not in made:
            video, sidecar = render(name, folder)
            made[name] = (video, json.loads(sidecar.read_text()))
        return made[name]

    return clip


@pytest.fixture(params=sorted(REAL_SETS))
def rendered(request, clips):
    return clips(request.param)


def watch(video, truth) -> list:
    events: list = []
    watcher = LiveWatcher(lambda: FrameSource(video), tuple(truth["box"]),
                          planned_lower=Tempo.parse(truth["tempo"]).lower, on_event=events.append)
    watcher.start()
    watcher._threads[0].join(120)  # the camera thread ends with the file (Finished)
    watcher.stop()
    assert any(isinstance(e, Finished) for e in events)
    return events


def assert_targets(figures: dict) -> None:
    assert figures["found"] == figures["expected"]
    assert figures["ghost"] == 0
    assert figures["false_short"] == 0
    assert figures["phase_error_s"]["within"] >= 0.95, figures
    assert figures["interval_error_max_s"] <= PHASE_TARGET, figures


def test_a_set_with_real_faults_is_measured_right_from_the_file_and_live(rendered):
    video, truth = rendered
    labels = truth["labels"]
    end = truth["frames"] / truth["fps"]
    analysis = analyse(video, tuple(truth["box"]), planned_lower=Tempo.parse(truth["tempo"]).lower)
    events = watch(video, truth)
    seen = [e.rep for e in events if isinstance(e, RepSeen)]
    moves = [e for e in events if isinstance(e, PhaseSeen)]

    assert_targets(score(labels, analysis.reps, end))
    assert_targets(score(labels, seen, end))  # pacing: the reps as they were seen
    assert_targets(score(labels, seen, end, moves))  # follow mode: each phase as it was seen beginning
    def phases(reps):  # the bottom pause is known only once the next rep starts: not in a RepSeen
        return [(r.start, r.lift, r.top, r.lower, r.range) for r in reps]

    assert phases(seen) == phases(analysis.reps)  # the same frames, the same reps, to the last digit
    assert [r.complete for r in analysis.reps] == [True] * len(labels)


def test_a_fast_lowering_under_a_held_camera_is_too_fast(clips):
    video, truth = clips("real_handheld")
    analysis = analyse(video, tuple(truth["box"]), planned_lower=Tempo.parse(truth["tempo"]).lower)

    # 0.8 s lowerings of a planned 3 s, with 1.3 s squeezes: both seen for what they are.
    assert [r.lowering_too_fast for r in analysis.reps] == [True] * 4
    assert all(r.top > 0.9 for r in analysis.reps)


def test_boxes_a_pixel_or_two_apart_find_the_same_reps(clips):
    video, truth = clips("real_handheld")
    x, y, w, h = truth["box"]
    planned = Tempo.parse(truth["tempo"]).lower
    end = truth["frames"] / truth["fps"]

    for box in ((x - 2, y, w, h), (x + 1, y - 1, w, h), (x, y + 2, w - 2, h + 1)):
        figures = score(truth["labels"], analyse(video, box, planned_lower=planned).reps, end)
        assert_targets(figures)


def test_a_lifter_who_settles_at_the_lockout_is_cued_once_and_the_lowering_dated_from_the_real_one(clips):
    """Rendered: the hips come through 0.4 s into the hold, the hip drops 11 % in a quarter of a second and
    holds. Live, follow mode sees that as the lowering, then, once it has held, sees the real lowering again
    and dates it where it began; from the file and paced, the rep is measured from the real lowering."""
    video, truth = clips("real_through")
    events = watch(video, truth)
    moves = [e for e in events if isinstance(e, PhaseSeen)]
    labels = truth["labels"]
    first = [m for m in moves if labels[0]["lift"] - 1.0 <= m.at <= labels[0]["bottom"]]
    assert [m.phase for m in first][-2:] == [Phase.LOWER, Phase.LOWER]  # the settle, then the real one
    assert first[-2].at < labels[0]["lower"] - 0.8
    assert first[-1].at == pytest.approx(labels[0]["lower"], abs=PHASE_TARGET)
    second = [m for m in moves if labels[1]["lift"] - 1.0 <= m.at <= labels[1]["bottom"]]
    assert [m.phase for m in second] == [Phase.LIFT, Phase.SQUEEZE, Phase.LOWER]  # no settle: seen once
