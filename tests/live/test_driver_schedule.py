"""The driver's wake-ups: one plan-ahead a second before each boundary, then the boundary itself, on a fake timer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gymtimer.core.presets import find_preset
from gymtimer.core.workout import EventKind, Workout
from gymtimer.live.driver import DISPLAY_INTERVAL_MS, PLAN_AHEAD_SECONDS, WorkoutDriver
from tests.helpers.stubs import FakeTimer


@pytest.fixture
def driver(qapp, clock):
    timers: list[FakeTimer] = []

    def timer(parent):
        timers.append(FakeTimer(parent))
        return timers[-1]

    driver = WorkoutDriver(clock=clock, timer=timer)
    driver.wakeup, driver.display = timers  # made in this order
    return driver


def _run(driver, clock):
    workout = Workout(find_preset("Bodyweight hip thrust").plan, origin=clock())
    driver.set_workout(workout)
    heard: dict[str, list] = {"events": [], "plans": []}
    driver.events_happened.connect(heard["events"].append)
    driver.schedule_changed.connect(lambda: heard["plans"].append(clock()))
    return workout, heard


def test_the_wake_up_comes_a_second_early_to_plan_then_at_the_boundary(driver, clock):
    workout, heard = _run(driver, clock)
    driver.start()
    due = workout.next_wakeup(clock())
    assert due - clock() > PLAN_AHEAD_SECONDS
    assert driver.wakeup.isActive() and driver.wakeup.timerType() is Qt.TimerType.PreciseTimer
    assert driver.wakeup.interval() == pytest.approx((due - PLAN_AHEAD_SECONDS - clock()) * 1000, abs=1)

    clock.now = due - PLAN_AHEAD_SECONDS
    heard["plans"].clear()
    driver.wakeup.fire()  # the plan-ahead: the cues are asked to plan, nothing has happened yet
    assert heard["plans"] == [clock()]
    assert heard["events"][1:] == [], "nothing is due a second early"
    assert driver.wakeup.interval() == pytest.approx(PLAN_AHEAD_SECONDS * 1000, abs=1), "now the boundary itself"

    clock.now = due
    heard["events"].clear()
    driver.wakeup.fire()
    assert heard["events"], "what was due at the boundary happened"
    assert driver.wakeup.isActive(), "armed for the next boundary"


def test_the_display_runs_only_while_the_workout_does(driver, clock):
    _run(driver, clock)
    assert not driver.display.isActive(), "ready, not started: nothing moves"
    driver.start()
    assert driver.display.isActive() and driver.display.interval() == DISPLAY_INTERVAL_MS
    clock.advance(1)
    driver.pause()
    assert not driver.display.isActive()
    driver.toggle()  # goes on
    assert driver.display.isActive()
    driver.set_workout(None)
    assert not driver.display.isActive() and not driver.wakeup.isActive()


def test_a_late_wake_up_catches_up_from_the_clock_not_from_counted_ticks(driver, clock):
    _workout, heard = _run(driver, clock)
    driver.start()
    clock.advance(30.0)  # the event loop was held for half a minute
    driver.wakeup.fire()
    reps = [e for batch in heard["events"] for e in batch if e.kind is EventKind.REP_COUNTED]
    assert len(reps) >= 2, "every rep due by now is counted at once"
