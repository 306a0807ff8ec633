"""Keeps the screen and the machine awake while a workout runs (wakepy's presenting mode).

:class:`KeepAwake` holds the desktop's inhibitor; :class:`AwakeWhileLifting` follows the
driver's events: held from Start, let go after a long pause and at the end, and the
"Screen may sleep" notice posted when the desktop cannot keep it on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from gymtimer.core.notices import Notices, Place, Priority
from gymtimer.core.workout import Event, EventKind

if TYPE_CHECKING:
    from wakepy import Mode

    from gymtimer.live.driver import WorkoutDriver

log = logging.getLogger(__name__)

#: Paused this long, the screen is allowed to sleep again.
PAUSED_SLEEP_AFTER_MS = 2 * 60 * 1000


class KeepAwake:
    """Holds the desktop's inhibitor while held; says plainly when the screen may still sleep."""

    def __init__(self) -> None:
        self._mode: Mode | None = None
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
        self.active = mode.active
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


class AwakeWhileLifting(QObject):
    """The screen stays on from Start (or Space after a pause) until the workout ends or waits paused for long."""

    def __init__(self, driver: WorkoutDriver, keep_awake: KeepAwake, notices: Notices,
                 parent: QObject | None = None, *, timer: Callable[[QObject], QTimer] = QTimer) -> None:
        super().__init__(parent)
        self.keep_awake = keep_awake
        self._notices = notices
        self._sleep_timer = timer(self)  # a test hands in a fake timer it fires itself
        self._sleep_timer.setSingleShot(True)
        self._sleep_timer.setInterval(PAUSED_SLEEP_AFTER_MS)
        self._sleep_timer.timeout.connect(keep_awake.release)
        driver.events_happened.connect(self._on_events)

    def _on_events(self, events: list[Event]) -> None:
        kinds = {event.kind for event in events}
        if kinds & {EventKind.WORKOUT_STARTED, EventKind.RESUMED}:
            self._sleep_timer.stop()
            if not self.keep_awake.held:
                self.keep_awake.hold()
            self._sleep_notice(self.keep_awake.problem)
        if EventKind.PAUSED in kinds:
            self._sleep_timer.start()
        if EventKind.WORKOUT_FINISHED in kinds:
            self.release()
            self._sleep_notice("")

    def release(self) -> None:
        """Let the screen sleep (the workout is over, or the app quits)."""
        self._sleep_timer.stop()
        self.keep_awake.release()

    def _sleep_notice(self, problem: str) -> None:
        self._notices.post("sleep", "Screen may sleep" if problem else "", priority=Priority.SCREEN,
                           detail=problem.removeprefix("Screen may sleep: ").capitalize(), places={Place.WORKOUT})
