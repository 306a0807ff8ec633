"""Keeps the screen and the machine awake while a workout runs (wakepy's presenting mode)."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


class KeepAwake:
    """Holds the desktop's inhibitor while held; says plainly when the screen may still sleep."""

    def __init__(self) -> None:
        self._mode = None
        self.active = False
        self.problem = ""

    @property
    def held(self) -> bool:
        return self._mode is not None

    def hold(self) -> bool:
        """Ask the desktop not to blank the screen or sleep; True when it agreed."""
        if self._mode is not None:
            return self.active
        try:
            from wakepy import keep  # imported here: start-up does not pay for it

            mode = keep.presenting(on_fail="pass")
            mode.__enter__()
        except Exception as error:  # noqa: BLE001 - wakepy talks to D-Bus and OS services: anything can fail there
            log.warning("keep-awake failed: %s", error)
            self.active, self.problem = False, "Screen may sleep: the desktop refused to keep it on"
            return False
        self._mode = mode
        self.active = bool(getattr(mode, "active", False))
        self.problem = "" if self.active else "Screen may sleep: no keep-awake service on this desktop"
        return self.active

    def release(self) -> None:
        """Let the screen sleep again (workout over, or paused for long)."""
        mode, self._mode = self._mode, None
        self.active = False
        if mode is not None:
            try:
                mode.__exit__(None, None, None)
            except Exception as error:  # noqa: BLE001 - releasing must never take the workout down
                log.warning("keep-awake release failed: %s", error)
