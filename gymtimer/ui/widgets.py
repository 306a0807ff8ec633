"""Small widgets the workout screen is made of: text that scales, a thick bar, a flash."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QRectF, QSize, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class FitLabel(QLabel):
    """A label whose text height is a fraction of a reference height, shrunk to fit its width.

    Readable from three metres: the phase word takes a quarter of the window's
    height whatever size the window is.
    """

    def __init__(self, fraction: float, parent: QWidget | None = None, bold: bool = True) -> None:
        super().__init__(parent)
        self.fraction = fraction
        self._reference = 768
        self._bold = bold
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._apply()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # The window may shrink freely: the text shrinks with it.
        return QSize(0, 0)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        lines = max(1, self.text().count("\n") + 1)
        return QSize(0, round(QFontMetricsF(self.font()).height() * lines * 1.05))

    def set_reference_height(self, height: int) -> None:
        """The height the fraction is taken of (the workout window's)."""
        if height != self._reference:
            self._reference = max(1, height)
            self._apply()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        if text != self.text():
            super().setText(text)
            self._apply()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._apply()

    def pixel_size(self) -> int:
        return self.font().pixelSize()

    def _apply(self) -> None:
        target = max(8.0, self._reference * self.fraction)
        font = QFont(self.font())
        font.setBold(self._bold)
        font.setPixelSize(round(target))
        width = self.width() - 8
        if width > 0 and self.text():
            widest = max(QFontMetricsF(font).horizontalAdvance(line) for line in self.text().splitlines() or [""])
            if widest > width:
                font.setPixelSize(max(8, int(target * width / widest)))
        if font != self.font():
            self.setFont(font)
            self.updateGeometry()


class PhaseBar(QWidget):
    """A thick bar: how far through the phase the lifter is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = 0.0
        self._fill = QColor("#000000")
        self._track = QColor(0, 0, 0, 60)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(24)

    @property
    def value(self) -> float:
        return self._value

    def set_value(self, value: float) -> None:
        value = min(1.0, max(0.0, value))
        if abs(value - self._value) > 1e-4:
            self._value = value
            self.update()

    def set_colour(self, colour: str) -> None:
        fill = QColor(colour)
        if fill != self._fill:
            self._fill = fill
            self._track = QColor(fill.red(), fill.green(), fill.blue(), 60)
            self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        rect = QRectF(self.rect())
        radius = rect.height() / 2
        painter.setBrush(self._track)
        painter.drawRoundedRect(rect, radius, radius)
        if self._value > 0:
            painter.setBrush(self._fill)
            painter.drawRoundedRect(QRectF(rect.x(), rect.y(), rect.width() * self._value, rect.height()), radius, radius)


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
