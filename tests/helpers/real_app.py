"""The real app in its own process on a private X server and sound server, driven by keys (xdotool)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.real_parts import wait_for

ROOT = Path(__file__).resolve().parents[2]


def grab(env: dict, path: Path):
    """The whole screen of ``env``'s X server, saved to ``path``; returned as a QImage."""
    from PySide6.QtGui import QImage

    code = ("from PySide6.QtGui import QGuiApplication; import sys; app = QGuiApplication(sys.argv[:1]); "
            f"app.primaryScreen().grabWindow(0).save({str(path)!r})")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=30)
    return QImage(str(path))


class App:
    """``gymtimer --preset PRESET`` with its data in ``tmp_path/data`` and ``clip`` as the camera; ``body_model``:
    the optional body model on (the tests turn it off by default)."""

    def __init__(self, tmp_path: Path, display: str, sound, clip: Path, preset: str, *,
                 body_model: bool = False) -> None:
        self.data = tmp_path / "data"
        self.env = {**os.environ, **sound.env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                    "PYTHONPATH": str(ROOT), "GYMTIMER_TEST_CAMERA": str(clip)}
        if body_model:
            self.env["GYMTIMER_BODY_MODEL"] = "on"
        self.env.pop("GYMTIMER_DATA_DIR", None)
        self.x = {k: v for k, v in self.env.items() if k != "PULSE_SERVER"}
        self.log_path = tmp_path / "app.log"
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen([sys.executable, "-m", "gymtimer", "--preset", preset,
                                         "--data-dir", str(self.data)],
                                        env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        self.window = wait_for(lambda: subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^GymTimer$"],
                                                      env=self.x, capture_output=True, text=True).stdout.split(),
                               30, "the window")[0]
        subprocess.run(["xdotool", "windowfocus", "--sync", self.window], env=self.x, check=True, timeout=10)

    def key(self, name: str) -> None:
        subprocess.run(["xdotool", "key", "--window", self.window, name], env=self.x, check=True, timeout=10)

    def session(self):
        from gymtimer.store import session_files as files

        found = sorted((self.data / "sessions").glob("*.json"))
        return files.decode(found[0].read_bytes()) if found else None

    def close(self) -> None:
        if self.process.poll() is None:
            self.key("ctrl+q")
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")
