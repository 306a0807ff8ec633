"""Stand-ins for Qt parts a test must command: a timer that fires only when the test says so."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal


class FakeTimer(QObject):
    """A QTimer as the driver uses it, that never fires by itself: the test calls :meth:`fire`.

    The driver reads its clock, never the timer's ticks, so a test moves the fake clock to
    when the timer would have fired and fires it then.
    """

    timeout = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval = 0
        self._single_shot = False
        self._active = False
        self._type = Qt.TimerType.CoarseTimer
        self.starts = 0  #: how many times it was (re)armed

    def setInterval(self, ms: int) -> None:
        self._interval = ms

    def interval(self) -> int:
        return self._interval

    def setSingleShot(self, single: bool) -> None:
        self._single_shot = single

    def isSingleShot(self) -> bool:
        return self._single_shot

    def setTimerType(self, kind: Qt.TimerType) -> None:
        self._type = kind

    def timerType(self) -> Qt.TimerType:
        return self._type

    def start(self, ms: int | None = None) -> None:
        if ms is not None:
            self._interval = ms
        self._active = True
        self.starts += 1

    def stop(self) -> None:
        self._active = False

    def isActive(self) -> bool:
        return self._active

    def fire(self) -> None:
        """The time came: a single-shot timer stops first, as Qt's does."""
        assert self._active, "a stopped timer does not fire"
        if self._single_shot:
            self._active = False
        self.timeout.emit()
