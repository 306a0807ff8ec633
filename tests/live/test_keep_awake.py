"""The screen kept on while lifting: held from Start, let go after a long pause and at the end; no window."""

from __future__ import annotations

import pytest

from gymtimer.core.notices import Notices
from gymtimer.core.presets import find_preset
from gymtimer.core.workout import Workout
from gymtimer.live.driver import WorkoutDriver
from gymtimer.live.keep_awake import PAUSED_SLEEP_AFTER_MS, AwakeWhileLifting, KeepAwake
from tests.helpers.stubs import FakeTimer


class Desktop(KeepAwake):
    """The desktop's inhibitor as seen from here (this machine may have no keep-awake service: a stand-in)."""

    def __init__(self, *, refuses: bool = False) -> None:
        super().__init__()
        self.refuses = refuses
        self.holds = 0

    def hold(self) -> bool:
        self.holds += 1
        self._mode = object()
        self.active = not self.refuses
        self.problem = "Screen may sleep: no keep-awake service on this desktop" if self.refuses else ""
        return self.active

    def release(self) -> None:
        self._mode, self.active = None, False


@pytest.fixture
def lifting(qapp, clock):
    def build(desktop: Desktop):
        driver = WorkoutDriver(clock=clock, timer=FakeTimer)
        timers = []

        def fake_timer(parent):
            timers.append(FakeTimer(parent))
            return timers[-1]

        notices = Notices()
        awake = AwakeWhileLifting(driver, desktop, notices, timer=fake_timer)
        driver.set_workout(Workout(find_preset("Bodyweight hip thrust").plan, origin=clock()))
        return driver, awake, notices, timers[0]

    return build


def test_held_from_start_and_let_go_after_a_long_pause(lifting, clock):
    desktop = Desktop()
    driver, _awake, notices, sleep_timer = lifting(desktop)
    driver.start()
    assert desktop.held and desktop.holds == 1
    assert not notices.get("sleep") or not notices.get("sleep").text
    driver.pause()
    assert desktop.held and sleep_timer.isActive() and sleep_timer.interval() == PAUSED_SLEEP_AFTER_MS
    sleep_timer.fire()  # two minutes paused
    assert not desktop.held
    driver.toggle()  # Space: back to lifting, the screen held again
    assert desktop.held and desktop.holds == 2 and not sleep_timer.isActive()


def test_a_short_pause_keeps_it_held(lifting):
    desktop = Desktop()
    driver, _awake, _notices, sleep_timer = lifting(desktop)
    driver.start()
    driver.pause()
    driver.toggle()
    assert desktop.held and desktop.holds == 1 and not sleep_timer.isActive()


def test_a_desktop_that_cannot_keep_it_on_is_told_and_the_end_clears_it(lifting):
    desktop = Desktop(refuses=True)
    driver, _awake, notices, _timer = lifting(desktop)
    driver.start()
    notice = notices.get("sleep")
    assert notice.text == "Screen may sleep" and notice.detail == "No keep-awake service on this desktop"
    driver.abandon()
    assert not desktop.held
    assert not notices.get("sleep") or not notices.get("sleep").text
