"""The flash of the workout screen's edges at each phase start.

Only a frame round the edges flashes, in the phase's text colour: the phase
colour fills the middle from the first frame on (a white wash over the whole
window hid half of a 0.5 s phase and looked like the white SWITCH screen).

Loaded at the first phase start, after the first paint: it needs PySide6's
``Qt`` namespace, its painter and its animation classes (see gymtimer.ui.widgets).
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget


class FlashOverlay(QWidget):
    """A frame round the window flashes at each phase start, for a lifter who glances over."""

    DURATION_MS = 300
    #: The frame's width, as a share of the window's shorter side.
    EDGE = 0.05

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._alpha = 0.0
        self._colour = QColor("#000000")
        self.flashes = 0
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(1.0)
        self._animation.setEndValue(0.0)
        self._animation.setDuration(self.DURATION_MS)
        self._animation.setEasingCurve(QEasingCurve.Type.OutQuad)
        self._animation.valueChanged.connect(self._set_alpha)
        self._animation.finished.connect(self.hide)
        self.hide()

    @property
    def alpha(self) -> float:
        return self._alpha

    def flash(self, colour: str = "#000000") -> None:
        """Flash the edges in ``colour`` (the phase's text colour: it stands out on the phase colour)."""
        self._colour = QColor(colour)
        self.flashes += 1
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        self._animation.stop()
        self._animation.start()

    def _set_alpha(self, value: float) -> None:
        self._alpha = float(value)
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        colour = QColor(self._colour)
        colour.setAlphaF(max(0.0, min(1.0, self._alpha)))
        edge = max(6, round(min(self.width(), self.height()) * self.EDGE))
        rect = self.rect()
        painter.fillRect(rect.x(), rect.y(), rect.width(), edge, colour)
        painter.fillRect(rect.x(), rect.bottom() - edge + 1, rect.width(), edge, colour)
        painter.fillRect(rect.x(), rect.y() + edge, edge, rect.height() - 2 * edge, colour)
        painter.fillRect(rect.right() - edge + 1, rect.y() + edge, edge, rect.height() - 2 * edge, colour)
