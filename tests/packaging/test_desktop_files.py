"""The Linux desktop entry and AppStream metainfo pass their reference validators."""

from __future__ import annotations

import subprocess

from gymtimer.resources import resources_root
from tests.helpers.real_parts import need_program

DESKTOP = resources_root() / "desktop"


def test_desktop_entry_is_valid():
    need_program("desktop-file-validate")
    run = subprocess.run(["desktop-file-validate", str(DESKTOP / "io.github.gymtimer.GymTimer.desktop")],
                         capture_output=True, text=True)
    assert run.returncode == 0 and "error" not in run.stdout, run.stdout


def test_appstream_metainfo_is_valid():
    need_program("appstreamcli")
    run = subprocess.run(["appstreamcli", "validate", "--no-net",
                          str(DESKTOP / "io.github.gymtimer.GymTimer.metainfo.xml")], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_desktop_entry_names_an_icon_that_exists_in_every_theme_size():
    entry = (DESKTOP / "io.github.gymtimer.GymTimer.desktop").read_text()
    icons = DESKTOP.parent / "icons"
    assert "Icon=io.github.gymtimer.GymTimer" in entry
    assert all((icons / f"gymtimer-{size}.png").is_file() for size in (16, 24, 32, 48, 64, 128, 256, 512))
