"""Sounds, voice clips and icons are found by name inside the package, or inside the frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import gymtimer
from gymtimer import resources
from gymtimer.cues.sound_rules import every_clip


def test_every_clip_the_cues_use_is_package_data():
    root = resources.resources_root()
    assert root == Path(gymtimer.__file__).parent / "assets"
    assert all(resources.resource_path(clip).is_file() for clip in every_clip())


def test_a_missing_resource_is_named_with_what_its_folder_holds():
    with pytest.raises(FileNotFoundError, match=r"'sounds/lfit.wav' is missing\. .* holds: bottom\.wav, countdown\.wav"):
        resources.resource_path("sounds/lfit.wav")
    with pytest.raises(FileNotFoundError, match=r"holds: nothing: .* does not exist"):
        resources.resource_path("noises/lift.wav")


def test_a_frozen_app_reads_them_from_its_bundle(tmp_path, monkeypatch):
    (tmp_path / "gymtimer" / "assets" / "sounds").mkdir(parents=True)
    (tmp_path / "gymtimer" / "assets" / "sounds" / "lift.wav").write_bytes(b"RIFF")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert resources.resource_path("sounds/lift.wav") == tmp_path / "gymtimer" / "assets" / "sounds" / "lift.wav"
