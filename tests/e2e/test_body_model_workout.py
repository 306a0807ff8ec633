"""A single-leg set watched by the camera with the body model on, as a lifter runs it: the real app, real keys.

A rendered person (``figure="person"`` in dev/gymtimer_dev/synthetic.py: a
shaded lifter on a bench, seen from the side, their right side towards the
camera) stands in for the camera. settings.json has the camera chosen, the side
facing it said, and NO box: the body model finds the hips and places it. The
preset alternates legs (left, right, left, right); the lifter works the left leg
in the first two reps (the right foot, the near one, held up), so the second is
on the wrong leg, then the right leg (the left foot, the far one, up: both legs
in plain view, told apart by the model's depth); the third locks out with the
hips above the shoulders.

The test reads what a lifter would: the session file (the reps seen, the leg
the camera saw working beside the scheduled side, each rep's lockout verdict)
and the screen (the wrong-leg words in the verdict's yellow box within rep 2,
the lockout fault after rep 3). The screen's words are read back by
dev/gymtimer_dev/screen_words.py: each line's ink matched against the words the
app can show, drawn in the same font.

The body model runs only when installed (``make pose``): without it the test
skips, except under ``GYMTIMER_REQUIRE_REAL=1`` (CI), where it fails.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from gymtimer_dev.screen_words import read_panel
from tests.helpers.real_app import App, grab
from tests.helpers.real_parts import need_body_model

pytestmark = [pytest.mark.e2e, pytest.mark.audio, pytest.mark.slow]

PRESET = "Single leg, watched"
LEAD_IN = 5.0  # the model is made, finds the lifter and places the box in it
TEMPO = {"lift": 1, "squeeze": 1, "lower": 2, "bottom": 1}  # 5 s a rep


def render_person(folder: Path) -> tuple[Path, dict]:
    from gymtimer_dev.synthetic import RepSpec, SetSpec, render

    rep = {"lift": 1.0, "top": 1.0, "lower": 2.0, "bottom": 1.0}
    reps = (RepSpec(**rep, raised="right"), RepSpec(**rep, raised="right"),  # the left leg works (the near foot up)
            RepSpec(**rep, raised="left", share=1.55), RepSpec(**rep, raised="left"))  # the right (the far foot up)
    spec = SetSpec("person", "2-1-1-1", reps, settle=LEAD_IN, tail=3.0, bump_at=None, walker=False, figure="person")
    video, sidecar = render(spec, folder, width=640)
    return video, json.loads(sidecar.read_text())


def write_data(data: Path, clip: Path) -> None:
    data.mkdir(parents=True, exist_ok=True)
    preset = {"name": PRESET, "variation": "single_leg",
              "plan": {"tempo": TEMPO, "sets": 1, "reps": 2, "laterality": "alternating", "start_side": "left",
                       "lead_in": LEAD_IN, "switch_pause": 5.0, "rest": 30.0, "load": 0.0, "unit": "kg",
                       "replace_failed": False},
              "reminders": [], "builtin": False, "cue_tones": True, "cue_voice": False,
              "cue_lowering_ticks": False, "id": "named-single-leg-watched"}
    (data / "presets.json").write_text(json.dumps({"schema_version": 2, "presets": [preset]}))
    camera = f"Test camera ({clip.name})"
    (data / "settings.json").write_text(json.dumps({
        "schema_version": 3, "last_preset": PRESET, "sound": {"scheme": "tones", "volume": 1.0},
        "camera": {"chosen": camera, "follow": False, "boxes": {}, "facing": "right"}}))


def test_the_body_model_places_the_box_names_the_working_leg_and_judges_each_lockout(tmp_path, display, sound, qapp):
    need_body_model()
    from gymtimer.core.body import LOCKOUT_OK, OVER_EXTENDED
    from gymtimer.core.plan import Side

    clip, truth = render_person(tmp_path / "clip")
    assert [rep["working"] for rep in truth["body"]] == ["left", "left", "right", "right"]
    assert [rep["lockout"] for rep in truth["body"]] == [LOCKOUT_OK, LOCKOUT_OK, OVER_EXTENDED, LOCKOUT_OK]
    write_data(tmp_path / "data", clip)
    app = App(tmp_path, display, sound, clip, PRESET, body_model=True)
    grabs: list[tuple[float, Path]] = []
    try:
        time.sleep(1.0)  # the cue engine opens its stream after the first paint
        app.key("space")
        started = time.monotonic()

        def over() -> bool:
            session = app.session()
            return bool(session is not None and session.exercises[0].sets
                        and session.exercises[0].sets[0].seen_count == 4)

        # Paced: rep 2 from 10 s to 15 s, rep 3's words from its end (20 s) for 3 s.
        while not over():
            at = time.monotonic() - started
            assert at < 40, f"four reps seen and saved within 40 s\n{app.log()}"
            if 10.0 <= at <= 15.0 or 19.5 <= at <= 23.0:  # within rep 2; rep 3's words
                path = tmp_path / f"screen-{len(grabs):02}.png"
                grab(app.x, path)
                grabs.append((at, path))
            else:
                time.sleep(0.2)
    finally:
        app.close()
    (record,) = app.session().exercises[0].sets
    log = app.log()
    assert record.watched and record.seen_count == 4, log
    # The camera saw the leg that worked in each rep; the schedule asked for the right in the second.
    assert [rep.leg_seen for rep in record.reps] == [Side(rep["working"]) for rep in truth["body"]], log
    assert Side.RIGHT in [rep.side for rep in record.reps], [rep.side for rep in record.reps]
    assert record.reps[1].side is Side.RIGHT
    # Each lockout as rendered: the third with the hips above the shoulders.
    assert [rep.lockout.verdict if rep.lockout else None for rep in record.reps] == [
        rep["lockout"] for rep in truth["body"]], log
    assert record.reps[2].lockout.torso > 10.0
    # The screen: the wrong-leg words in the verdict's box within rep 2, the lockout fault in yellow after rep 3.
    read = [(at, path, read_panel(path)) for at, path in grabs]
    wrong_leg = [at for at, _, lines in read if ("pill", "RIGHT FOOT UP") in lines and at < 15.5]
    assert wrong_leg, [(round(at, 1), lines) for at, _, lines in read]
    fault = [at for at, _, lines in read if ("yellow", OVER_EXTENDED) in lines]
    assert fault and min(fault) > 19.0, [(round(at, 1), lines) for at, _, lines in read]
