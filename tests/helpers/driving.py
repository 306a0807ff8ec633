"""Let fake time pass in a window whose driver reads a fake clock, waking it as its timers would."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def tick(window, clock, seconds: float, step: float = 0.1) -> None:
    """Let ``seconds`` pass on the fake clock, waking the driver as its timers would."""
    end = clock.now + seconds
    while clock.now + step < end:
        clock.advance(step)
        window.driver.wake()
    clock.now = end
    window.driver.wake()
    QApplication.processEvents()  # one turn of the event loop: paints, then the save that follows a rep
