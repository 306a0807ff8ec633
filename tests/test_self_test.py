"""``gymtimer --self-test`` fails loudly, in plain words, when a part is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def run_self_test(data_dir, timeout=60, extra=(), **env):
    return subprocess.run(
        [sys.executable, "-m", "gymtimer", "--self-test", "--data-dir", str(data_dir), *extra],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_self_test_without_a_sound_server_exits_1_and_says_so(tmp_path):
    # A sound server that cannot exist: the one missing part here is the sound output.
    run = run_self_test(tmp_path / "data", PULSE_SERVER=f"unix:{tmp_path}/no-such-server")

    report = json.loads(run.stdout.splitlines()[-1])
    assert run.returncode == 1
    assert report["ok"] is False
    assert any("No sound output found" in problem for problem in report["problems"])
    assert "No sound output found" in run.stderr
    assert report["gymtimer_modules"] >= 10  # the checks before the sound did run
    assert json.loads((tmp_path / "data" / "self-test.json").read_text()) == report
    assert not (tmp_path / "data" / "sessions").exists()  # nothing half-written


def test_a_build_without_the_cue_engine_fails_its_self_test_naming_it(tmp_path):
    # A copy of the app with gymtimer/cues/engine.py left out, as a build that lost it: no plain tone
    # stands in for it, the self-test fails before anything is lifted.
    import shutil
    from pathlib import Path

    import gymtimer

    build = tmp_path / "build"
    shutil.copytree(Path(gymtimer.__file__).parent, build / "gymtimer", ignore=shutil.ignore_patterns("__pycache__"))
    (build / "gymtimer" / "cues" / "engine.py").unlink()

    run = subprocess.run([sys.executable, "-m", "gymtimer", "--self-test", "--data-dir", str(tmp_path / "data")],
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(build)},
                         cwd=build, capture_output=True, text=True, timeout=60)

    report = json.loads(run.stdout.splitlines()[-1])
    assert run.returncode == 1 and report["ok"] is False
    assert report["problems"][0].startswith("Modules are missing: ")
    assert "gymtimer.cues.engine: not in this build" in report["problems"][0]
    assert "note" not in report and "cues_played" not in report
    assert not (tmp_path / "data" / "sessions").exists()


def test_self_test_draws_every_chart_of_a_session_and_saves_one_as_png(qtbot, tmp_path):
    import datetime as dt

    from gymtimer.self_test import check_charts
    from gymtimer_dev.sample_history import make_sessions

    # A recent two-leg session, like the self-test's own: every chart but left-against-right has it.
    recent = make_sessions(years=0.02, sessions=8, end=dt.datetime.now(dt.UTC))
    session = next(s for s in recent if len(s.exercises) == 1)

    report = check_charts(session, tmp_path)

    assert report["charts_drawn"] == ["load", "volume", "tension", "tempo"]
    png = tmp_path / "self-test-chart.png"
    assert report["chart_png"] == str(png)
    assert png.read_bytes().startswith(b"\x89PNG")


def test_self_test_fails_in_words_when_no_chart_can_be_drawn(qtbot, tmp_path):
    import datetime as dt

    import pytest

    from gymtimer.core.records import SessionRecord
    from gymtimer.self_test import SelfTestFailure, check_charts

    now = dt.datetime.now(dt.UTC)
    empty = SessionRecord(id="empty", started_at=now, ended_at=now, app_version="0", exercises=[])

    with pytest.raises(SelfTestFailure, match="No history chart could be drawn"):
        check_charts(empty, tmp_path)
    assert not (tmp_path / "self-test-chart.png").exists()


def test_camera_and_box_are_for_the_self_test_and_go_together(capsys):
    from gymtimer.app import parse_args

    for argv, words in ((["--camera", "clip.mp4", "--box", "1,2,30,40"], "are for --self-test"),
                        (["--self-test", "--camera", "clip.mp4"], "--camera needs --box X,Y,W,H"),
                        (["--self-test", "--box", "1,2,30,40"], "--box goes with --camera CLIP"),
                        (["--self-test", "--camera", "clip.mp4", "--box", "1,2,30"], "is not a box")):
        with pytest.raises(SystemExit) as stopped:
            parse_args(argv)
        assert stopped.value.code == 2
        assert words in capsys.readouterr().err
    args = parse_args(["--self-test", "--camera", "clip.mp4", "--box", "1,2,30.4,40"])
    assert (args.camera, args.box) == ("clip.mp4", (1, 2, 30, 40))


def test_pose_is_for_the_self_test(capsys):
    from gymtimer.app import parse_args

    with pytest.raises(SystemExit) as stopped:
        parse_args(["--pose", "person.mp4"])
    assert stopped.value.code == 2 and "--pose is for --self-test" in capsys.readouterr().err
    assert parse_args(["--self-test", "--pose", "person.mp4"]).pose == "person.mp4"


def test_the_body_model_check_says_in_words_when_the_build_has_no_model(monkeypatch, tmp_path):
    from gymtimer import self_test
    from gymtimer.vision import pose

    monkeypatch.setattr(pose, "missing_reason", lambda *a: pose.NOT_IN_THIS_BUILD)  # as the default frozen app
    with pytest.raises(self_test.SelfTestFailure, match="The body model cannot run: the body model is not in this build"):
        self_test.check_body_model(tmp_path / "person.mp4")


def test_the_body_model_check_fails_on_a_clip_without_a_person(tmp_path):
    """The rendered hip figure is no body the model sees: the check cannot pass on any clip."""
    from gymtimer import self_test
    from gymtimer_dev.synthetic import render
    from tests.helpers.real_parts import need_body_model

    need_body_model()
    with pytest.raises(self_test.SelfTestFailure, match=r"The body model saw the person in 0 of \d+ frames"):
        self_test.check_body_model(render("quick", tmp_path)[0])
    assert "mediapipe" in sys.modules


def test_a_camera_clip_that_is_not_there_fails_in_words_before_anything_opens(qapp, tmp_path):
    from gymtimer.self_test import SelfTestFailure, run_watched_workout

    with pytest.raises(SelfTestFailure, match=r"The camera clip .*gone\.mp4 is not there"):
        run_watched_workout(tmp_path / "gone.mp4", (1, 2, 30, 40))


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.audio
def test_the_unfrozen_self_test_watches_a_clip_as_the_camera_and_says_slower(tmp_path):
    """``python -m gymtimer --self-test --camera``: the smoke test's clip and judges, on a private sound server."""
    from gymtimer_dev.soundcheck import Recorder, SoundServer
    from tests.helpers.real_parts import need_program

    import smoke_test

    pytest.importorskip("cv2")
    need_program("pulseaudio", "pactl", "parec")
    clip, truth = smoke_test.watched_clip(tmp_path / "clip")
    server = SoundServer().start()
    try:
        recorder = Recorder(server).start()
        run = run_self_test(tmp_path / "data", **server.env, timeout=90, extra=[
            "--camera", str(clip), "--box", ",".join(str(v) for v in truth["box"])])
        recording = recorder.stop()
    finally:
        server.stop()

    report = json.loads(run.stdout.splitlines()[-1])
    assert run.returncode == 0, run.stderr
    assert (report["paced"], report["seen"], report["camera_flags"]) == (2, 2, [False, True])
    result = smoke_test.SmokeResult()
    assert smoke_test.check_watched(tmp_path / "data", {**report, "opencv": {"loaded": True, "in_bundle": True}},
                                    truth, result) == []
    heard = smoke_test.heard_clips((recording.samples * 32768).astype("int16"))
    assert heard == report["cues_in_order"] + report["camera_cues"]
    assert report["camera_cues"].count("sounds/slower.wav") == 1
