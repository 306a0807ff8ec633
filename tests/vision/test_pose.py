"""The optional body model: said missing in the lifter's words, and run for real where it is installed."""

from __future__ import annotations

import importlib.util

import cv2
import numpy as np
import pytest

from gymtimer.vision import pose
from gymtimer.vision.frames import FrameSource
from gymtimer_dev.synthetic import render
from tests.helpers.real_parts import need_body_model


def test_without_the_package_the_lifter_is_told_how_to_install_it(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(pose.importlib.util, "find_spec", lambda name, *a: None if name == "mediapipe" else real(name, *a))
    assert pose.missing_reason((3, 11)) == "the body model is not installed: `make pose`"
    assert not pose.available()
    with pytest.raises(RuntimeError, match="make pose"):
        pose.PoseModel()


def test_on_a_python_it_is_not_made_for_it_says_so():
    assert pose.missing_reason((3, 13, 1)) == ("the body model is not available for Python 3.13 (only up to 3.12): "
                                               "draw the box by hand")


def test_the_rendered_figure_is_not_a_body_the_model_sees(tmp_path):
    """The rendered sets' hip on a thigh and a torso is no human shape: the model rightly finds nobody.

    (So the watcher's tests stand a stand-in in for the model, and the model is measured on the public
    clips in benchmarks/pose.py.)
    """
    need_body_model()
    video, _sidecar = render("quick", tmp_path, width=640)
    source = FrameSource(video)
    with pose.PoseModel() as model:
        frames = [f for i, f in enumerate(source) if i < 45]
        seen = [model.look(f.picture, f.time) for f in frames]
        assert seen == [None] * len(frames)
        assert model.people(frames[-1].picture, None) == 0


def test_an_empty_room_has_nobody_in_it():
    need_body_model()
    room = np.full((360, 640, 3), 128, np.uint8)
    cv2.rectangle(room, (100, 200), (500, 260), (90, 60, 40), cv2.FILLED)  # a bench, nobody on it
    with pose.PoseModel() as model:
        seen = model.look(room, 0.0)
        assert seen is None and model.people(room, seen) == 0


def test_a_frozen_app_built_without_the_model_says_it_is_not_in_it(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(pose.importlib.util, "find_spec", lambda name, *a: None if name == "mediapipe" else real(name, *a))
    monkeypatch.setattr(pose.sys, "frozen", True, raising=False)
    assert pose.missing_reason((3, 11)) == "the body model is not in this build of GymTimer: draw the box by hand"
    assert pose.missing_reason((3, 13)) == "the body model is not in this build of GymTimer: draw the box by hand"


def test_a_frozen_app_built_with_the_model_finds_it_without_loading_it(monkeypatch):
    """A build with the model (``make freeze WITH_POSE=1``) has its package and files: it is there, not yet loaded."""
    need_body_model()
    monkeypatch.setattr(pose.sys, "frozen", True, raising=False)
    monkeypatch.delitem(pose.sys.modules, "mediapipe", raising=False)
    assert pose.missing_reason((3, 11)) is None
    assert "mediapipe" not in pose.sys.modules


def test_without_the_models_files_the_model_is_missing(monkeypatch):
    """The package without the graph or a model (a bundle that left them out, a broken install) is no model."""
    need_body_model()
    monkeypatch.setattr(pose, "MODEL_FILES", (*pose.MODEL_FILES, "modules/pose_landmark/not_there.tflite"))
    assert pose.missing_reason((3, 11)) == "the body model's files are missing: reinstall it with `make pose`"
    monkeypatch.setattr(pose.sys, "frozen", True, raising=False)
    assert pose.missing_reason((3, 11)) == "the body model is not in this build of GymTimer: draw the box by hand"


def test_the_model_loads_and_runs_where_matplotlib_is_not_there(tmp_path):
    """``import mediapipe`` imports matplotlib.pyplot; the frozen app with the model leaves matplotlib out.

    In a fresh interpreter (mediapipe's bindings load once a process), with matplotlib made unimportable.
    """
    import os
    import subprocess
    import sys
    from pathlib import Path

    need_body_model()
    script = tmp_path / "without_matplotlib.py"
    script.write_text(
        "import sys\n"
        "sys.modules['matplotlib'] = None  # not there: its import fails, find_spec says None\n"
        "import numpy as np\n"
        "from gymtimer.vision import pose\n"
        "assert pose.missing_reason() is None\n"
        "with pose.PoseModel() as model:\n"
        "    assert model.look(np.zeros((480, 640, 3), np.uint8), 0.0) is None\n"
        "assert sys.modules['matplotlib'] is None  # the stand-in is gone again\n"
        "print('ran without matplotlib')\n")
    root = Path(pose.__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    run = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "ran without matplotlib" in run.stdout

