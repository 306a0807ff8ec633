"""settings.json's network camera: its address kept as typed, a damaged one ignored in words, the rest kept."""

from __future__ import annotations

import json

from gymtimer.store import paths
from gymtimer.store.camera_settings import CameraMemory
from gymtimer.store.settings import SettingsStore


def test_the_network_cameras_address_is_kept_as_typed_with_the_other_camera_settings():
    memory = CameraMemory()
    memory.set_box("Integrated Camera", (212, 160, 90, 80))
    memory.set_network("http://lifter:pw@192.168.1.20:8080/video")
    again = CameraMemory()
    assert again.network() == "http://lifter:pw@192.168.1.20:8080/video"
    assert again.box("Integrated Camera") == (212, 160, 90, 80) and again.problem is None


def test_an_address_that_is_not_one_is_ignored_with_words_and_the_rest_is_used():
    store = SettingsStore()
    store.set_other_setting("camera", {"chosen": "Integrated Camera", "network": 42,
                                       "boxes": {"Integrated Camera": [212, 160, 90, 80]}})
    memory = CameraMemory()
    assert memory.network() is None and memory.chosen() == "Integrated Camera"
    assert "the network camera's address is not an address" in memory.problem
    assert json.loads((paths.data_dir() / "settings.json.bak").read_text())["camera"]["network"] == 42
