"""A private X server (Xvfb) for the end-to-end tests: 1366×768, like the laptop the screen is designed for."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import time

from tests.helpers.real_parts import need_program


class XServer:
    """``Xvfb`` on a display number it chose free; ``name`` is the DISPLAY to give a client."""

    def __init__(self, size: str = "1366x768x24") -> None:
        self.size = size
        self.name = ""
        self._process: subprocess.Popen | None = None

    def start(self) -> XServer:
        need_program("Xvfb", "xdotool")
        # Xvfb takes a free display number itself (its lock file made exclusively) and writes it once clients
        # can connect: two test processes starting servers at once each get their own. Looking for a free
        # number first raced: both took the same one, one server failed, and its tests talked to the other's
        # until that one was stopped.
        read_end, write_end = os.pipe()
        try:
            self._process = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", self.size,
                                              "-nolisten", "tcp"], pass_fds=(write_end,),
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            os.close(write_end)
            said = b""
            deadline = time.monotonic() + 15
            while not said.endswith(b"\n"):
                ready, _, _ = select.select([read_end], [], [], max(0.0, deadline - time.monotonic()))
                chunk = os.read(read_end, 16) if ready else b""
                if not chunk:  # the server ended before saying, or said nothing in time
                    self.stop()
                    raise RuntimeError("Xvfb did not start")
                said += chunk
        finally:
            os.close(read_end)
        self.name = f":{int(said)}"
        return self

    def stop(self) -> None:
        if self._process is not None:
            self._process.send_signal(signal.SIGTERM)
            self._process.wait(timeout=15)
            self._process = None
