"""The white flash over the workout screen at each phase start.

Loaded at the first phase start, after the first paint: it needs PySide6's
``Qt`` namespace, its painter and its animation classes (see gymtimer.ui.widgets).
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget


class FlashOverlay(QWidget):
    """A white flash over the whole window at each phase start, for a lifter who glances over."""

    DURATION_MS = 300

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._alpha = 0.0
        self.flashes = 0
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.75)
        self._animation.setEndValue(0.0)
        self._animation.setDuration(self.DURATION_MS)
        self._animation.setEasingCurve(QEasingCurve.Type.OutQuad)
        self._animation.valueChanged.connect(self._set_alpha)
        self._animation.finished.connect(self.hide)
        self.hide()

    @property
    def alpha(self) -> float:
        return self._alpha

    def flash(self) -> None:
        self.flashes += 1
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        self._animation.stop()
        self._animation.start()

    def _set_alpha(self, value: float) -> None:
        self._alpha = float(value)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(255, 255, 255, round(255 * self._alpha)))
