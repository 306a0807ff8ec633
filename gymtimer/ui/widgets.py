"""Small widgets the workout screen is made of: text that scales, a thick bar.

What the first paint of the workout screen runs never touches PySide6's
``Qt`` namespace: the first use of it builds all 93 of its enum types (the
cost is in docs/performance.md). So alignments are set by name through Qt's property system, the bar
is drawn by a style sheet (a QPainter call given a colour needs the namespace)
and the flash (``gymtimer.ui.flash``) is loaded at the first phase start.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QLabel, QProgressBar, QSizePolicy, QWidget


class FitLabel(QLabel):
    """A label whose text height is a fraction of a reference height, shrunk to fit its width.

    Readable from three metres: the phase word takes a quarter of the window's
    height whatever size the window is. ``alignment`` names Qt's flags
    ("AlignCenter", "AlignLeft|AlignVCenter").
    """

    def __init__(self, fraction: float, parent: QWidget | None = None, bold: bool = True,
                 alignment: str = "AlignCenter") -> None:
        super().__init__(parent)
        self.fraction = fraction
        self._reference = 768
        self._bold = bold
        self._laid_out = False  # until its first resize, its width is not the one it will have
        self.setProperty("alignment", alignment)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._apply()

    def minimumSizeHint(self) -> QSize:
        # The window may shrink freely: the text shrinks with it.
        return QSize(0, 0)

    def sizeHint(self) -> QSize:
        # The height of the full-size text, even when a long text is shrunk to the width: a new text
        # never changes the height, so the lines below never move. Reckoned from the font's height at
        # one size (a font's height grows with its size): the screen tries several sizes before it
        # settles, and each size measured would load the font anew (docs/performance.md).
        lines = max(1, self.text().count("\n") + 1)
        font = self._full_font()
        return QSize(0, math.ceil(_height_per_pixel(font) * font.pixelSize() * lines * 1.05) + 1)

    def _full_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(self._bold)
        font.setPixelSize(round(max(8.0, self._reference * self.fraction)))
        return font

    def set_reference_height(self, height: int, *, trial: bool = False) -> None:
        """The height the fraction is taken of (the workout window's).

        A ``trial`` height changes only the size asked for (:meth:`sizeHint`), not the font shown:
        :meth:`fit` shows the one finally chosen.
        """
        if height != self._reference:
            self._reference = max(1, height)
            if trial:
                self.updateGeometry()
            else:
                self._apply()

    def fit(self) -> None:
        """Show the text at the size of the reference height, shrunk to the width."""
        self._apply()

    def setText(self, text: str) -> None:
        if text != self.text():
            super().setText(text)
            self._apply()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._laid_out = True
        self._apply()

    def set_bold(self, bold: bool) -> None:
        if bold != self._bold:
            self._bold = bold
            self._apply()

    def pixel_size(self) -> int:
        return self.font().pixelSize()

    def _apply(self) -> None:
        target = max(8.0, self._reference * self.fraction)
        font = self._full_font()
        width = self.width() - 8
        if self._laid_out and width > 0 and self.text():
            widest = max(QFontMetricsF(font).horizontalAdvance(line) for line in self.text().splitlines() or [""])
            if widest > width:
                font.setPixelSize(max(8, int(target * width / widest)))
        if font != self.font():
            self.setFont(font)
            self.updateGeometry()


#: A font's height in pixels per pixel of its size, by (family, bold): measured once each.
_HEIGHTS: dict[tuple[str, bool], float] = {}


def _height_per_pixel(font: QFont) -> float:
    key = (font.family(), font.bold())
    if key not in _HEIGHTS:
        sample = QFont(font)
        sample.setPixelSize(100)
        _HEIGHTS[key] = QFontMetricsF(sample).height() / 100
    return _HEIGHTS[key]


class PhaseBar(QProgressBar):
    """A thick rounded bar: how far through the phase the lifter is.

    Qt's progress bar drawn by a style sheet, not by Python painting: every
    QPainter call given a colour builds PySide6's ``Qt`` namespace.
    """

    STEPS = 1000
    HEIGHT = 24

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colour = ""
        self._fraction = 0.0
        self.setRange(0, self.STEPS)
        self.setValue(0)
        self.setTextVisible(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.HEIGHT)
        self.set_colour("#000000")

    @property
    def fraction(self) -> float:
        return self._fraction

    def set_value(self, fraction: float) -> None:
        self._fraction = min(1.0, max(0.0, fraction))
        self._show_fraction()

    def _show_fraction(self) -> None:
        """The fill starts as a round dot as wide as the bar is high and grows to the whole track.

        A narrower fill would be drawn square, sticking out of the rounded track.
        """
        if self._fraction <= 0 or self.width() <= self.HEIGHT:
            self.setValue(round(self._fraction * self.STEPS))
            return
        width = self.HEIGHT + self._fraction * (self.width() - self.HEIGHT)
        self.setValue(round(width / self.width() * self.STEPS))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._show_fraction()

    def set_colour(self, colour: str) -> None:
        """The fill in ``colour``; the track in the same colour, faint."""
        if colour != self._colour:
            self._colour = colour
            fill = QColor(colour)
            self.setStyleSheet(
                f"QProgressBar {{ border: none; border-radius: 12px; "
                f"background: rgba({fill.red()}, {fill.green()}, {fill.blue()}, 60); }}"
                f"QProgressBar::chunk {{ border-radius: 12px; background: {fill.name()}; }}"
            )
