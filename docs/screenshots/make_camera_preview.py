"""The setup page with a rendered clip as the camera: the preview, its box over the hips, the height bar.

Run under a real X server (``xvfb-run -a -s "-screen 0 1366x768x24" python
docs/screenshots/make_camera_preview.py [OUT_DIR]``). It renders the on_tempo
set at 640 px into a temporary folder, has it stand in for the camera
(``GYMTIMER_TEST_CAMERA``) with its box remembered in a temporary
settings.json, waits until the lifter is seen ("I can see you", the bar over
60 %), and saves the window at 1366×768 and 800×600 as camera-preview*.png.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from gymtimer.live.camera import TEST_CAMERA_ENV
from gymtimer.store import paths
from gymtimer_dev.synthetic import render

ROOT = Path(__file__).resolve().parents[2]
SIZES = {"camera-preview.png": (1366, 768), "camera-preview-800x600.png": (800, 600)}


def shoot(app: QApplication, clip: Path, box: list[int], folder: Path, size: tuple[int, int], out: Path) -> str:
    from gymtimer.ui.main_window import MainWindow

    name = f"Test camera ({clip.name})"
    folder.mkdir(parents=True)
    (folder / "settings.json").write_text(json.dumps(
        {"schema_version": 3, "camera": {"chosen": name, "follow": False, "boxes": {name: box}}}))
    paths.set_data_dir(folder)
    window = MainWindow()
    window.resize(*size)
    window.show_setup()
    window.show()
    panel = window.setup_page.camera_panel
    started, said = time.monotonic(), []

    def look() -> None:
        seen = panel.guidance_label.text() == "I can see you" and panel.height_bar.value() >= 60
        if seen or time.monotonic() - started > 40:
            window.setup_page.settings_scroll.ensureWidgetVisible(panel, 0, 0)
            app.processEvents()
            if not window.grab().save(str(out)):
                raise SystemExit(f"could not write {out}")
            said.append(panel.guidance_label.text())
            app.quit()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(30)
    app.exec()
    timer.stop()
    window.close()
    return said[0]


def main() -> int:
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots" / "walkthrough"
    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as scratch:
        clip, sidecar = render("on_tempo", Path(scratch) / "clip", width=640)
        os.environ[TEST_CAMERA_ENV] = str(clip)
        box = json.loads(sidecar.read_text())["box"]
        for number, (file_name, size) in enumerate(SIZES.items()):
            said = shoot(app, clip, box, Path(scratch) / f"data{number}", size, out_dir / file_name)
            print(out_dir / file_name, said)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
