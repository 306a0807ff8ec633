"""Fixtures for the window tests: a main window driven by a fake clock."""

from __future__ import annotations

import pytest

from gymtimer.live.driver import WorkoutDriver
from gymtimer.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, clock):
    """The real main window, 1366×768, its driver reading the test's fake clock."""
    driver = WorkoutDriver(clock=clock)
    win = MainWindow(driver=driver)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show_setup()  # as the app does without --preset
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win
