"""``gymtimer analyse`` as a lifter runs it: a table, or one JSON object; bad input gets one line and status 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gymtimer_dev.synthetic import render

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["start", "lift", "top", "lower", "bottom", "range", "complete", "lowering_too_fast"]


def gymtimer(*args, cwd=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "gymtimer", *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=cwd)


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    video, sidecar = render("quick", tmp_path_factory.mktemp("clips"))
    truth = json.loads(sidecar.read_text())
    return video, truth, ",".join(str(v) for v in truth["box"])


def test_json_gives_the_issue_keys_on_the_last_line(clip):
    video, truth, box = clip
    result = gymtimer("analyse", str(video), "--box", box, "--tempo", truth["tempo"], "--json")

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert list(report) == ["video", "frames", "fps", "reps"]
    assert report["video"] == str(video) and report["frames"] == truth["frames"] and report["fps"] == 30.0
    assert [list(rep) for rep in report["reps"]] == [KEYS] * len(truth["reps"])
    for rep, want in zip(report["reps"], truth["reps"]):
        assert rep["lower"] == pytest.approx(want["lower"], abs=0.15)
    assert [r["lowering_too_fast"] for r in report["reps"]] == [False, True]
    assert [r["bottom"] is None for r in report["reps"]] == [False, True]


def test_without_a_tempo_no_verdict_on_the_lowering(clip):
    video, _truth, box = clip
    report = json.loads(gymtimer("analyse", str(video), "--box", box, "--json").stdout.splitlines()[-1])

    assert [r["lowering_too_fast"] for r in report["reps"]] == [None, None]


def test_the_table_reads_like_the_set(clip):
    video, truth, box = clip
    result = gymtimer("analyse", str(video), "--box", box, "--tempo", truth["tempo"])

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{video}: {truth['frames']} frames, 30.0 frames a second"
    rows = [line for line in lines if line[:3].strip().isdigit()]
    assert len(rows) == 2 and rows[1].endswith("lowering too fast") and not rows[0].endswith("fast")
    assert "2 reps: 2 complete, 0 short; 1 lowering too fast (under 75 % of the planned 3 s)" in lines


@pytest.mark.parametrize("make, args, words", [
    (lambda d: (d / "set.mp4").write_text("not a film"), ["set.mp4", "--box", "1,1,10,10"], "not a video"),
    (None, ["missing.mp4", "--box", "1,1,10,10"], "no such file"),
    (None, ["CLIP", "--box", "300,200,40,60"], "not inside the video's 320×240 picture"),
    (None, ["CLIP", "--box=-5,10,40,40"], "not inside"),
    (None, ["CLIP", "--box", "10,10"], "not a box"),
    (None, ["CLIP", "--box", "126,130,48,40", "--tempo", "slow"], "--tempo"),
    (None, ["CLIP"], "--box"),
])
def test_bad_input_gets_one_line_and_status_2(clip, tmp_path, make, args, words):
    if make:
        make(tmp_path)
    args = [str(clip[0]) if a == "CLIP" else a for a in args]
    result = gymtimer("analyse", *args, cwd=tmp_path)

    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("gymtimer analyse: ") and words in result.stderr


def test_a_single_picture_is_not_a_set(tmp_path):
    import cv2
    import numpy as np

    picture = tmp_path / "hip.png"  # written by the test, into its own folder
    cv2.imwrite(str(picture), np.full((120, 160, 3), 128, np.uint8))
    result = gymtimer("analyse", str(picture), "--box", "10,10,40,40")

    assert result.returncode == 2 and "single picture" in result.stderr


def test_the_app_starts_without_opencv(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        from gymtimer.app import main
        code = main(["--data-dir", {str(tmp_path)!r}, "--startup-probe"])
        print("cv2" in sys.modules, "numpy" in sys.modules, code)
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)

    assert result.stdout.strip().splitlines()[-1] == "False False 0", result.stdout + result.stderr


def test_the_app_help_points_to_the_command():
    assert "gymtimer analyse VIDEO --box X,Y,W,H" in gymtimer("--help").stdout.replace("\n", " ").replace("  ", " ")


def test_without_a_box_or_the_body_model_it_says_to_give_one_or_install_it(clip, monkeypatch, capsys):
    import importlib.util

    from gymtimer.vision import cli, pose

    real = importlib.util.find_spec
    monkeypatch.setattr(pose.importlib.util, "find_spec", lambda name, *a: None if name == "mediapipe" else real(name, *a))
    assert cli.main([str(clip[0])]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ("gymtimer analyse: no --box, and the body model is not installed: `make pose`. Give --box X,Y,W,H "
                   "around the hip (--grid PICTURE.png helps find it), or install the body model to have it placed\n")


def test_without_a_box_the_body_model_says_where_it_looked_when_it_finds_nobody(clip):
    """The rendered figure is no human shape (tests/vision/test_pose.py): the model looks at the whole picture."""
    from tests.helpers.real_parts import need_body_model

    need_body_model()
    result = gymtimer("analyse", str(clip[0]))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("gymtimer analyse: no --box, and the body model found nobody in the first 6.0 s "
                                    "(it looked at 0,0,320,240)"), result.stderr


@pytest.mark.parametrize("as_json", [False, True])
def test_without_a_box_the_body_model_places_it_and_the_output_says_where(clip, monkeypatch, capsys, as_json):
    """A stand-in for the model (tests/helpers/body_model.py: it does not see the rendered figure) finds the hips
    where the rendered hip is; the rest is the command as a lifter runs it."""
    from gymtimer.vision import cli, pose
    from tests.helpers.body_model import StandInModel

    video, truth, _box = clip
    monkeypatch.setattr(pose, "missing_reason", lambda *a: None)
    monkeypatch.setattr(pose, "PoseModel", lambda: StandInModel(tuple(truth["box"])))
    assert cli.main([str(video), *(["--json"] if as_json else [])]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    if as_json:
        report = json.loads(out)
        assert list(report) == ["video", "frames", "fps", "box", "reps"] and len(report["reps"]) == 2
        x, y, w, h = report["box"]
    else:
        first = out.splitlines()[0]
        assert first.startswith("No --box: the body model found the lifter at 0.") and "(it looked at " in first
        x, y, w, h = (int(v) for v in first.split("placed the box at ")[1].split(" ")[0].split(","))
        assert "2 reps: 2 complete, 0 short" in out
    tx, ty, tw, th = truth["box"]
    assert abs((x + w / 2) - (tx + tw / 2)) <= 1.5 and abs((y + h / 2) - (ty + th / 2)) <= 1.5
