"""The one Qt driver: feeds the workout engine its clock and publishes what happened.

Two timers, both reading the clock rather than counting ticks:

- a precise single-shot wake-up at the next phase boundary (and, a little
  before it, one that lets the cues plan the coming sounds ahead), and
- one display timer that repaints the countdown while a workout runs.

While a workout is set, everything alive before it is frozen out of Python's
cyclic garbage collector (:func:`gc.freeze`): with ten years of history in
memory a full collection holds the main thread long enough to put the
screen's phase change behind its sound (docs/performance.md).
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QObject, QTimer, Signal

from gymtimer.core.plan import Side

if TYPE_CHECKING:  # the workout's engine is imported with the first workout set: not before the setup page's first paint
    from gymtimer.core.workout import Event, Status, Workout

#: How long before a boundary the cues are asked to plan it (the event loop may be busy then).
PLAN_AHEAD_SECONDS = 1.0
#: Display refresh: 30 frames a second keeps the progress bar smooth.
DISPLAY_INTERVAL_MS = 33


class WorkoutDriver(QObject):
    """Runs a :class:`Workout` in real time; views and cues subscribe to its signals."""

    #: list[Event], in order, each time anything happens
    events_happened = Signal(list)
    #: the forecast changed: cues should call :meth:`forecast` and plan again
    schedule_changed = Signal()
    #: at every display refresh and after every event
    status_changed = Signal(object)  #: Status
    #: a new workout was set (the views reset): the Workout, or None when there is none
    workout_changed = Signal(object)

    def __init__(self, clock: Callable[[], float] = time.monotonic, parent: QObject | None = None, *,
                 timer: Callable[[QObject], QTimer] = QTimer) -> None:
        super().__init__(parent)
        self.clock = clock
        self.workout: Workout | None = None
        self._planned_for: float | None = None
        self._plan_due: float | None = None  # the boundary the pending wake-up plans for, if it is a plan wake-up
        self._wakeup = timer(self)  # a test hands in a fake timer it fires itself
        self._wakeup.setSingleShot(True)  # made precise when first armed: see gymtimer.ui.widgets on Qt's enums
        self._wakeup.timeout.connect(self._on_wakeup)
        self._display = timer(self)
        self._display.setInterval(DISPLAY_INTERVAL_MS)
        self._display.timeout.connect(self.refresh)

    # ----------------------------------------------------------------- state

    def set_workout(self, workout: Workout | None) -> None:
        """Drive ``workout`` from now on (``None`` stops everything)."""
        self.workout = workout
        self._planned_for = None
        self._wakeup.stop()
        self._display.stop()
        if workout is None:
            gc.unfreeze()  # the history and pages are the collector's again
        else:
            self.spare_from_collector()
        self.workout_changed.emit(workout)
        if workout is not None:
            self.refresh()

    def spare_from_collector(self) -> None:
        """While a workout is set, freeze what exists now: a collection looks only at what came after.

        Called when a workout is set, and by whoever brings a large load in meanwhile (the history
        read after the first paint, when ``--preset`` set the workout before it).
        """
        if self.workout is not None:
            gc.freeze()

    def status(self) -> Status | None:
        return None if self.workout is None else self.workout.status(self.clock())

    def forecast(self, horizon: float | None = None) -> list[Event]:
        """What is due in the next ``horizon`` seconds (the engine's forecast by default) if the lifter does nothing."""
        if self.workout is None:
            return []
        if horizon is None:
            from gymtimer.core.workout import FORECAST_SECONDS

            horizon = FORECAST_SECONDS
        return self.workout.forecast(self.clock(), horizon)

    # ----------------------------------------------------------------- time

    def wake(self) -> None:
        """The wake-up timer fired (or a test says time has passed): catch up and look ahead."""
        if self.workout is None:
            return
        now = self.clock()
        events = self.workout.advance(now)
        self._publish(events, now)

    def refresh(self) -> None:
        """Repaint: the countdown and the progress bar move between events."""
        if self.workout is None:
            return
        now = self.clock()
        events = self.workout.advance(now)
        if events:
            self._publish(events, now)
        else:
            self.status_changed.emit(self.workout.status(now))

    # ----------------------------------------------------------------- the lifter's actions

    def start(self) -> list[Event]:
        """Start: the lead-in begins."""
        return self._act(lambda workout, now: workout.start(now))

    def toggle(self) -> list[Event]:
        """Space: start, pause or go on."""
        return self._act(lambda workout, now: workout.toggle(now))

    def pause(self) -> list[Event]:
        return self._act(lambda workout, now: workout.pause(now))

    def undo(self) -> list[Event]:
        """Backspace: the last rep did not count."""
        return self._act(lambda workout, now: workout.undo(now))

    def fail(self) -> list[Event]:
        """F: the rep in progress (or the last one) failed."""
        return self._act(lambda workout, now: workout.fail(now))

    def skip(self) -> list[Event]:
        """N: on to what comes next (the rest, the next set)."""
        return self._act(lambda workout, now: workout.skip(now))

    def end_set(self) -> list[Event]:
        """Esc during a set: the set ends here."""
        return self._act(lambda workout, now: workout.end_set(now))

    def abandon(self) -> list[Event]:
        """The workout ends here (Esc between sets, or quitting)."""
        return self._act(lambda workout, now: workout.abandon(now))

    def adjust_rest(self, delta: float | None = None) -> list[Event]:
        """+ / -: the rest ``delta`` seconds longer (negative: shorter; the engine's step by default)."""
        if delta is None:
            from gymtimer.core.workout import REST_STEP_SECONDS

            delta = REST_STEP_SECONDS
        return self._act(lambda workout, now: workout.adjust_rest(now, delta))

    def switch_side(self, side: Side) -> list[Event]:
        """L / R: lift with that leg now."""
        return self._act(lambda workout, now: workout.switch_side(now, side))

    def camera_saw(self, tell: Callable[[float], list[Event]]) -> list[Event]:
        """The camera saw something: ``tell(now)`` hands it to the workout (``Coach.on_live``, ``Coach.tick``);
        what it did is published like a lifter's action (nothing is, when it did nothing)."""
        if self.workout is None:
            return []
        now = self.clock()
        events = tell(now)
        if events:
            self._planned_for = None
            self._publish(events, now, force_plan=True)
        return events

    def _act(self, action: Callable[[Workout, float], list[Event]]) -> list[Event]:
        """Run a lifter's action on the engine at the current time, and publish what it did."""
        if self.workout is None:
            return []
        now = self.clock()
        events = action(self.workout, now)
        self._planned_for = None
        self._publish(events, now, force_plan=True)
        return events

    def _publish(self, events: list[Event], now: float, force_plan: bool = False) -> None:
        workout = self.workout
        assert workout is not None
        if events:
            self.events_happened.emit(events)
        if events or force_plan:
            self.schedule_changed.emit()
        self.status_changed.emit(workout.status(now))
        self._schedule(now)

    def _schedule(self, now: float) -> None:
        workout = self.workout
        assert workout is not None
        due = workout.next_wakeup(now)
        if workout.running and not workout.paused:
            if not self._display.isActive():
                self._display.start()
        else:
            self._display.stop()
        if due is None:
            self._wakeup.stop()
            return
        if due - now > PLAN_AHEAD_SECONDS and self._planned_for != due:
            self._plan_due, target = due, due - PLAN_AHEAD_SECONDS
        else:
            self._plan_due, target = None, due
        if self._wakeup.timerType() is not QtCore.Qt.TimerType.PreciseTimer:
            self._wakeup.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        self._wakeup.start(max(0, math.ceil((target - now) * 1000)))

    def _on_wakeup(self) -> None:
        if self._plan_due is None:
            self.wake()
        else:
            self._plan_ahead(self._plan_due)

    def _plan_ahead(self, due: float) -> None:
        """A moment before a boundary: let the cues schedule its sounds while the loop is free."""
        if self.workout is None:
            return
        self._planned_for = due
        now = self.clock()
        events = self.workout.advance(now)
        self._publish(events, now, force_plan=True)
