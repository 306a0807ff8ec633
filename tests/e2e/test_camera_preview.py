"""The setup page's camera preview on a real X server (Xvfb), a rendered clip standing in for the camera.

Runs docs/screenshots/make_camera_preview.py as it is run for the README: the
real main window, the clip through ``GYMTIMER_TEST_CAMERA``, the box remembered
in settings.json, until the lifter is seen ("I can see you", the height bar
past 60 %) at 1366×768 and at 800×600; both screenshots are written at their size.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def test_the_preview_sees_the_lifter_on_a_real_screen(display, tmp_path):
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    env.pop("GYMTIMER_DATA_DIR", None)
    result = subprocess.run([sys.executable, str(ROOT / "docs" / "screenshots" / "make_camera_preview.py"),
                             str(tmp_path)], env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert [line.endswith("I can see you") for line in lines] == [True, True], result.stdout
    for name, size in (("camera-preview.png", (1366, 768)), ("camera-preview-800x600.png", (800, 600))):
        image = QImage(str(tmp_path / name))
        assert (image.width(), image.height()) == size
