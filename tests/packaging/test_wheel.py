"""``pip install`` of the wheel gives a GymTimer with its sounds: built, installed outside the checkout, heard."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from gymtimer.cues.mixer import load_clips
from gymtimer.cues.sound_rules import TONES, every_clip
from gymtimer.resources import resources_root
from gymtimer_dev.soundcheck import RATE, Recorder, SoundServer, find_onsets
from tests.helpers.real_parts import need_program

ROOT = Path(__file__).resolve().parents[2]
#: What the wheel is built from: the project's metadata and its one package, nothing else of the checkout.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "gymtimer")


def build_wheel(folder: Path) -> Path:
    """The wheel of a copy of the sources, built as ``pip install .`` builds it (isolated build)."""
    source = folder / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.exists():
            shutil.copy2(path, source / name)
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
                          str(folder / "wheel"), str(source)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    (wheel,) = (folder / "wheel").glob("gymtimer-*.whl")
    return wheel


def install(wheel: Path, venv: Path) -> Path:
    """A fresh virtual environment with the wheel installed; returns its python.

    GymTimer comes from the wheel alone. Its libraries (PySide6 alone is 500 MB) are not
    installed again: one .pth line lends the environment this test runs in. That folder's own
    .pth files, the editable install of the checkout among them, are not read from there.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    run = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                          "--no-deps", str(wheel)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "gymtimer-test-libraries.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GYMTIMER_DATA_DIR", "PULSE_SERVER")}
    return {**env, "QT_QPA_PLATFORM": "offscreen", **extra}


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.audio
def test_the_installed_wheel_carries_every_clip_and_its_self_test_is_heard(tmp_path):
    need_program("pulseaudio", "pactl", "parec")
    wheel = build_wheel(tmp_path)

    # Every sound and voice clip of the checkout is in the wheel, beside the code that plays it.
    names = set(zipfile.ZipFile(wheel).namelist())
    assets = resources_root()
    clips = {f"gymtimer/assets/{p.relative_to(assets).as_posix()}" for folder in ("sounds", "voice")
             for p in (assets / folder).glob("*.wav")}
    assert len(clips) == len(every_clip()) == 50
    seen = {f"gymtimer/assets/{kind}/{name}.wav" for kind in ("sounds", "voice") for name in ("slower", "short")}
    assert seen <= clips, "the camera's cues for a seen rep"
    assert clips <= names, sorted(clips - names)
    assert {f"gymtimer/assets/{clip}" for clip in every_clip()} <= names
    assert "gymtimer/assets/icons/gymtimer-256.png" in names
    assert any(".dist-info/" in name and name.endswith("LICENSE") for name in names)

    python = install(wheel, tmp_path / "venv")
    home = tmp_path / "elsewhere"  # far from the checkout: nothing can be found in it by accident
    home.mkdir()
    where = subprocess.run([str(python), "-c", "import gymtimer, gymtimer.resources as r; "
                            "print(gymtimer.__file__); print(r.resource_path('sounds/lift.wav'))"],
                           cwd=home, env=clean_env(), check=True, capture_output=True, text=True).stdout.split()
    assert all(Path(path).is_relative_to(tmp_path / "venv") for path in where), where

    server = SoundServer().start()
    try:
        recorder = Recorder(server).start()
        run = subprocess.run([str(python.parent / "gymtimer"), "--self-test", "--data-dir", str(tmp_path / "data")],
                             cwd=home, env=clean_env(**server.env), capture_output=True, text=True, timeout=120)
        recording = recorder.stop()
    finally:
        server.stop()

    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.splitlines()[-1])
    assert report["ok"] is True and report["cue_source"] == "gymtimer.cues.engine"
    assert report["resources"]["sounds"] == len(TONES)
    # The cues must be heard: the recording holds each phase's own clip, in the order paced. (That
    # each is whole, to the sample, is tests/cues/test_cue_sound.py's to prove; on a machine loaded
    # by other work one can come out cut, which says nothing about the package.)
    tones, problems = load_clips([f"sounds/{name}.wav" for name in TONES], RATE)
    assert problems == []
    heard = [o for o in find_onsets(recording.samples, tones) if o.clip != "sounds/resume.wav"]
    # Each phase's own clip in the order paced, then "workout done" after the last lowering.
    assert [o.clip for o in heard] == report["cues_in_order"]
    assert report["cues_in_order"] == [f"sounds/{phase}.wav" for phase in report["phases"]] + ["sounds/workout_done.wav"]
    assert len(heard) == report["cues_played"] == 7
