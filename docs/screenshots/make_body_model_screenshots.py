"""The body model at work, on a real X server: the setup page finding the lifter, the workout screen judging them.

Run under a real X server with the body model installed (``make pose``)::

    xvfb-run -a -s "-screen 0 1366x768x24" python docs/screenshots/make_body_model_screenshots.py [OUT_DIR]

A rendered person (``figure="person"`` in dev/gymtimer_dev/synthetic.py, the
clip of tests/e2e/test_body_model_workout.py) stands in for the camera
(``GYMTIMER_TEST_CAMERA``), with no box drawn and the lifter's right side said
to face the camera. Writes, at 1366×768, into OUT_DIR (by default
docs/screenshots/walkthrough/):

- ``body-model-setup.png``: the setup page once the model has found the lifter
  and placed the box over their hips itself;
- ``body-model-wrong-leg.png``: the real app in a single-leg set alternating
  legs, within the second rep (the right leg's) with the left leg working:
  "RIGHT LEG'S SET", "RIGHT FOOT UP";
- ``body-model-lockout.png``: after the third rep, locked out with the hips
  above the shoulders: "over-extended — hips above the shoulders" under its
  lowering time.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZE = (1366, 768)


def setup_page(app, clip: Path, folder: Path, out: Path) -> str:
    """The setup page until the model has placed the box (40 s at most): saved to ``out``; the words shown."""
    from PySide6.QtCore import QTimer

    from gymtimer.store import paths
    from gymtimer.ui.main_window import MainWindow

    name = f"Test camera ({clip.name})"
    folder.mkdir(parents=True)
    (folder / "settings.json").write_text(json.dumps(
        {"schema_version": 3, "camera": {"chosen": name, "follow": False, "boxes": {}, "facing": "right"}}))
    paths.set_data_dir(folder)
    window = MainWindow()
    window.resize(*SIZE)
    window.show_setup()
    window.show()
    panel = window.setup_page.camera_panel
    started, placed, said = time.monotonic(), [], []

    def look() -> None:
        hips = panel._hips
        if hips is not None and hips.box is not None and not placed:
            placed.append(time.monotonic())
        if (placed and time.monotonic() - placed[0] > 1.5) or time.monotonic() - started > 40:
            window.setup_page.settings_scroll.ensureWidgetVisible(panel, 0, 0)
            app.processEvents()
            if not window.grab().save(str(out)):
                raise SystemExit(f"could not write {out}")
            said.append(f"{panel.guidance_label.text()} (box {hips.box if hips else None})")
            app.quit()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(50)
    app.exec()
    timer.stop()
    window.close()
    return said[0]


def workout(app, clip: Path, scratch: Path, out_dir: Path) -> list[str]:
    """The real app with the model through a single-leg set; the first grabs showing each verdict are kept."""
    sys.path.insert(0, str(ROOT))
    from gymtimer.core.body import OVER_EXTENDED
    from gymtimer_dev.screen_words import read_panel
    from gymtimer_dev.soundcheck import SoundServer
    from tests.e2e.test_body_model_workout import App, write_data

    wanted = {("pill", "RIGHT FOOT UP"): out_dir / "body-model-wrong-leg.png",
              ("yellow", OVER_EXTENDED): out_dir / "body-model-lockout.png"}
    kept: list[str] = []
    sound = SoundServer().start()
    try:
        write_data(scratch / "data", clip)
        app_process = App(scratch, os.environ["DISPLAY"], sound, clip)
        try:
            time.sleep(1.0)
            app_process.key("space")
            started = time.monotonic()
            while wanted and time.monotonic() - started < 30:
                path = scratch / "grab.png"
                app.primaryScreen().grabWindow(0).save(str(path))
                lines = read_panel(path)
                for line in [line for line in wanted if line in lines]:
                    os.replace(path, wanted[line])
                    kept.append(f"{wanted.pop(line)} at {time.monotonic() - started:.1f} s: {lines}")
                time.sleep(0.2)
        finally:
            app_process.close()
    finally:
        sound.stop()
    kept += [f"not seen: {line}" for line in wanted]
    return kept


def main() -> int:
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots" / "walkthrough"
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ["GYMTIMER_BODY_MODEL"] = "on"
    from PySide6.QtWidgets import QApplication

    from gymtimer.live.camera import TEST_CAMERA_ENV

    sys.path.insert(0, str(ROOT))
    from tests.e2e.test_body_model_workout import render_person

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        clip, _ = render_person(scratch / "clip")
        os.environ[TEST_CAMERA_ENV] = str(clip)
        print(out_dir / "body-model-setup.png", setup_page(app, clip, scratch / "setup", out_dir / "body-model-setup.png"))
        for line in workout(app, clip, scratch / "workout", out_dir):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
