"""Every file GymTimer ever wrote still opens: a sample of each format version, read by today's loaders.

``tests/store/formats/`` keeps one file of every version of every document, as
GymTimer wrote it then. When a format changes, add its upgrade step in
``gymtimer/store/migrations.py`` and keep the old sample: this test upgrades it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gymtimer.core import records
from gymtimer.store import paths, presets, session_files, settings
from gymtimer.store.camera_settings import CameraMemory
from gymtimer.store.migrations import registry

FORMATS = Path(__file__).resolve().parent / "formats"
#: Today's version of each kind of document.
CURRENT = {
    "session": records.SCHEMA_VERSION,
    "presets": presets.SCHEMA_VERSION,
    "settings": settings.SETTINGS_SCHEMA_VERSION,
}
EVERY_VERSION = [(kind, version) for kind, current in CURRENT.items() for version in range(1, current + 1)]


def sample(kind: str, version: int) -> Path:
    path = FORMATS / f"{kind}-v{version}.json"
    assert path.is_file(), f"keep a {kind} file of format version {version} in {FORMATS}"
    return path


def test_every_kind_of_document_has_a_step_from_each_older_version():
    assert set(registry()) == set(CURRENT)
    for kind, steps in registry().items():
        assert steps.versions == list(range(1, CURRENT[kind])), kind


def test_the_settings_chain_has_its_first_step():
    # settings.json said no version before version 2: the chain is one step today.
    assert CURRENT["settings"] >= 2 and registry()["settings"].versions[0] == 1


@pytest.mark.parametrize("kind, version", EVERY_VERSION)
def test_a_file_of_each_version_opens_as_todays_version(kind, version):
    path = sample(kind, version)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document.get("schema_version", 1) == version  # the sample is what it says

    if kind == "session":
        session = session_files.decode(path.read_bytes())
        assert session.schema_version == CURRENT["session"]
        assert session.id == document["id"] and session.done() == 6
    elif kind == "presets":
        (preset,) = presets.read_presets_file(path)
        assert preset.name == "Paused triples" and preset.plan.reps == 3 and preset.plan.load == 120.0
    else:
        shutil.copyfile(path, paths.settings_file())
        memory = settings.SettingsStore()
        assert memory.problem is None
        assert memory.last_preset() == "Paused triples"
        assert memory.last_load("Paused triples") == settings.LastLoad(load=120.0, unit="kg")
        assert memory.other_setting("sound") == {"scheme": "voice", "volume": 0.8, "lowering_ticks": True}
        camera = CameraMemory(memory)
        assert camera.problem is None
        if version >= 3:  # version 3 remembers the camera
            assert camera.chosen() == "Integrated Camera" and camera.follow()
            assert camera.box("Integrated Camera") == (212, 160, 90, 80)
        else:
            assert camera.chosen() is None and not camera.follow() and camera.box("Integrated Camera") is None
        memory.set_last_preset("Paused triples")  # the next save writes today's version, every key kept
        saved = json.loads(paths.settings_file().read_text(encoding="utf-8"))
        assert saved == {**document, "schema_version": CURRENT["settings"]}
