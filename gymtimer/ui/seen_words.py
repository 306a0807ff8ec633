"""What the camera saw of the last rep, over the lower part of the workout screen for a few seconds.

A panel of its own over the screen, not a line of its layout: showing and
clearing it moves nothing (the phase word, the seconds and the counts stay
where they are). Black behind white and yellow, so it reads the same on every
phase colour; the verdict is black on yellow, the one place the screen has it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gymtimer.core.seen import RepWords

#: How long the words of a seen rep stay on the workout screen.
SEEN_SECONDS = 3.0
#: The panel and its lines: white on black for the time, black on yellow (Okabe–Ito) for the verdict.
PANEL_COLOUR = "#000000"
LOWERED_COLOUR = "#FFFFFF"
VERDICT_COLOUR = "#000000"
VERDICT_BACKGROUND = "#F0E442"
#: The camera's mark while it watches: white on black, whatever the phase colour.
CAMERA_TEXT = "● camera"
CAMERA_COLOUR = "#FFFFFF"


def _fit_pixels(text: str, height: int, width: int, bold: bool = True) -> int:
    """The largest font pixel size at which ``text`` fits ``height`` (its capitals ~70 % of it) and ``width``."""
    size = max(8, round(height * 0.72))
    font = QFont()
    font.setBold(bold)
    while size > 8:
        font.setPixelSize(size)
        metrics = QFontMetrics(font)
        if metrics.horizontalAdvance(text) <= width and metrics.height() <= height:
            break
        size = max(8, round(size * 0.94))
    return size


class SeenWords(QFrame):
    """'LOWERED 1.4 s' in large type, and 'SLOWER' or 'SHORT' beneath it, in a black panel."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("seenWords")
        self.setStyleSheet(f"#seenWords {{ background: {PANEL_COLOUR}; border-radius: 12px; }}")
        self.lowered_label = QLabel(self)
        self.verdict_label = QLabel(self)
        for label in (self.lowered_label, self.verdict_label):
            label.setProperty("alignment", "AlignCenter")  # by name: touching Qt's namespace costs start-up time
        self.lowered_label.setStyleSheet(f"color: {LOWERED_COLOUR}; background: transparent;")
        self.verdict_label.setStyleSheet(
            f"color: {VERDICT_COLOUR}; background: {VERDICT_BACKGROUND}; border-radius: 8px; padding: 0 24px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 8)
        layout.setSpacing(6)
        layout.addWidget(self.lowered_label, 1)
        centred = QHBoxLayout()  # the verdict's pill only as wide as its word
        centred.addStretch(1)
        centred.addWidget(self.verdict_label)
        centred.addStretch(1)
        layout.addLayout(centred, 1)
        self._words: RepWords | None = None
        self._area = QRect()
        self.hide()

    @property
    def words(self) -> RepWords | None:
        return self._words

    def show_words(self, words: RepWords) -> None:
        self._words = words
        self.lowered_label.setText(words.lowered)
        self.verdict_label.setText(words.verdict or "")
        self.verdict_label.setVisible(bool(words.verdict))
        self._lay_out()
        self.show()
        self.raise_()

    def clear(self) -> None:
        self._words = None
        self.hide()

    def place(self, area: QRect) -> None:
        """Fill ``area`` (the screen below the phase bar): a verdict takes its lower half, else the panel shrinks."""
        self._area = QRect(area)
        self._lay_out()

    def _lay_out(self) -> None:
        area = self._area
        if area.isEmpty() or self._words is None:
            return
        verdict = bool(self._words.verdict)
        line = (area.height() - 20) // 2  # the same size with a verdict or without: the panel only shrinks
        width = area.width() - 40
        size = _fit_pixels(self._words.lowered, line, width)
        if verdict:  # the verdict as large as the time, or larger if it fits
            size = min(size, _fit_pixels(self._words.verdict, line, width - 48))
        for label in (self.lowered_label, self.verdict_label):
            font = label.font()
            font.setBold(True)
            font.setPixelSize(size)
            label.setFont(font)
        height = line * (2 if verdict else 1) + (20 if verdict else 14)
        self.setGeometry(area.x(), area.y(), area.width(), min(area.height(), height))


class CameraMark(QLabel):
    """'● camera' in small white type on black, in a corner, while the camera watches."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(CAMERA_TEXT, parent)
        self.setObjectName("cameraMark")
        self.setStyleSheet(f"#cameraMark {{ background: {PANEL_COLOUR}; color: {CAMERA_COLOUR};"
                           " border-radius: 6px; padding: 2px 10px; }")
        self.hide()

    def place(self, right: int, top: int, height: int) -> None:
        """Right-aligned at ``right``, ``height`` tall from ``top``."""
        font = self.font()
        font.setPixelSize(max(10, round(height * 0.7)))
        self.setFont(font)
        self.adjustSize()
        self.setGeometry(right - self.width(), top + (height - self.height()) // 2, self.width(), self.height())
