"""A private X server (Xvfb) for the end-to-end tests: 1366×768, like the laptop the screen is designed for."""

from __future__ import annotations

import itertools
import signal
import subprocess
import time
from pathlib import Path

from tests.helpers.real_parts import need_program


class XServer:
    """``Xvfb`` on the first free display number from 90; ``name`` is the DISPLAY to give a client."""

    def __init__(self, size: str = "1366x768x24") -> None:
        self.size = size
        self.name = ""
        self._process: subprocess.Popen | None = None

    def start(self) -> XServer:
        need_program("Xvfb", "xdotool")
        for number in itertools.count(90):
            if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
                break
        self._process = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", self.size, "-nolisten", "tcp"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        socket = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.monotonic() + 15
        while not socket.exists():
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)  # waiting for a real server: no clock to fake
        self.name = f":{number}"
        return self

    def stop(self) -> None:
        if self._process is not None:
            self._process.send_signal(signal.SIGTERM)
            self._process.wait(timeout=15)
            self._process = None
