"""What the camera saw of the last rep, over the lower part of the workout screen for a few seconds.

A panel of its own over the screen, not a line of its layout: showing and
clearing it moves nothing (the phase word, the seconds and the counts stay
where they are). Black behind white and yellow, so it reads the same on every
phase colour; the verdict is black on yellow, the one place the screen has it.
With the pose model, the rep's lockout verdict has a line of its own under
them (white when locked out, yellow for a fault); within a rep the same panel
says which leg the camera sees working ("LEFT FOOT UP").
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from gymtimer.core.body import LOCKOUT_OK
from gymtimer.core.seen import RepWords

#: How long the words of a seen rep stay on the workout screen.
SEEN_SECONDS = 3.0
#: The panel and its lines: white on black for the time, black on yellow (Okabe–Ito) for the verdict.
PANEL_COLOUR = "#000000"
LOWERED_COLOUR = "#FFFFFF"
VERDICT_COLOUR = "#000000"
VERDICT_BACKGROUND = "#F0E442"
#: The lockout's line: white for "lockout ✓", yellow (on the black) for a fault.
BODY_OK_COLOUR = "#FFFFFF"
BODY_FAULT_COLOUR = "#F0E442"
#: The lockout's line is never larger than the time, and at least this share of it: when the room the time and
#: the verdict leave is smaller, this share of the panel's height is taken off theirs for it.
BODY_SHARE = 0.4
#: The camera's mark while it watches: white on black, whatever the phase colour.
CAMERA_TEXT = "● camera"
CAMERA_COLOUR = "#FFFFFF"


#: Around the words inside the panel, and between the time and the verdict.
MARGIN_X, MARGIN_Y, SPACING = 24, 8, 6
#: A line's height for its capitals, when nothing in it reaches below the baseline ("LOWERED 1.4 s", "SLOWER").
LINE_PER_CAP = 1.4
#: Stacked (when that makes the verdict larger than one line would), the verdict takes this share of the height.
VERDICT_SHARE = 0.6
#: The widest verdict: the time alone is as large as a verdict beside it would be, whatever the rep.
WIDEST_VERDICT = "SLOWER"


class _Sized:
    """One bold font size's measures: capital height, the height of a text's line, a text's width."""

    def __init__(self, pixels: int) -> None:
        self.pixels = pixels
        self.font = QFont()
        self.font.setBold(True)
        self.font.setPixelSize(pixels)
        self.metrics = QFontMetrics(self.font)
        self.cap = self.metrics.capHeight()
        self.pad = max(12, round(self.cap * 0.35))  # the verdict's yellow either side of its word

    def width(self, text: str) -> int:
        return self.metrics.horizontalAdvance(text)

    def line(self, text: str) -> int:
        """Room for ``text``'s capitals; the font's whole height if a letter of it hangs below the line (g, p, Q)."""
        if self.metrics.tightBoundingRect(text).bottom() > max(1, self.cap // 20):
            return self.metrics.height()
        return math.ceil(self.cap * LINE_PER_CAP)


def _largest(fits: Callable[[_Sized], bool]) -> _Sized:
    """The largest size (8 px at the least) for which ``fits`` holds: it holds for every smaller one."""
    low, high = 8, 2000
    while low < high:
        middle = (low + high + 1) // 2
        if fits(_Sized(middle)):
            low = middle
        else:
            high = middle - 1
    return _Sized(low)


class SeenWords(QFrame):
    """'LOWERED 1.4 s' and 'SLOWER' or 'SHORT' in a black panel, the verdict as large as the panel lets it be.

    Side by side where the window is wide enough for both at one size, else
    the time above the verdict, the verdict the larger of the two: it is what
    the lifter needs to read from the bench.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("seenWords")
        self.setStyleSheet(f"#seenWords {{ background: {PANEL_COLOUR}; border-radius: 12px; }}")
        self.lowered_label = QLabel(self)
        self.verdict_label = QLabel(self)
        self.body_label = QLabel(self)
        self.body_label.hide()
        for label in (self.lowered_label, self.verdict_label, self.body_label):
            label.setProperty("alignment", "AlignCenter")  # by name: touching Qt's namespace costs start-up time
        self.lowered_label.setStyleSheet(f"color: {LOWERED_COLOUR}; background: transparent;")
        self.verdict_label.setStyleSheet(
            f"color: {VERDICT_COLOUR}; background: {VERDICT_BACKGROUND}; border-radius: 8px;")
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
        self.body_label.setText(words.body or "")
        self.body_label.setVisible(bool(words.body))
        colour = BODY_OK_COLOUR if words.body == LOCKOUT_OK else BODY_FAULT_COLOUR
        self.body_label.setStyleSheet(f"color: {colour}; background: transparent;")
        self._lay_out()
        self.show()
        self.raise_()

    def clear(self) -> None:
        self._words = None
        self.hide()

    def place(self, area: QRect) -> None:
        """Lie in ``area`` (the screen below the phase bar), from its top, only as tall as the words need."""
        self._area = QRect(area)
        self._lay_out()

    def _lay_out(self) -> None:
        area = self._area
        if area.isEmpty() or self._words is None:
            return
        body = self._words.body
        width, height = area.width() - 2 * MARGIN_X, area.height() - 2 * MARGIN_Y
        self._show_time()
        used = self._lay_out_words(area, width, height)
        if not body:
            self.setGeometry(area.x(), area.y(), area.width(), min(area.height(), used + 2 * MARGIN_Y))
            return
        # The lockout's line under the rest, in the room they leave. When that is too little for it to be read:
        # beside a verdict (SLOWER), it takes the time's place (the verdict keeps its size; the time is in the
        # records); alone, its share of the height is taken off the time's.
        time_size = self.lowered_label.font().pixelSize()
        room = height - used - SPACING
        below = _largest(lambda s: s.pixels <= time_size and s.line(body) <= room and s.width(body) <= width)
        if below.pixels < BODY_SHARE * time_size and self._words.verdict:
            self.lowered_label.setText(body)
            self.lowered_label.setStyleSheet(self.body_label.styleSheet())
            self.body_label.hide()
            used = self._lay_out_words(area, width, height, lowered=body)
            self.setGeometry(area.x(), area.y(), area.width(), min(area.height(), used + 2 * MARGIN_Y))
            return
        if below.pixels < BODY_SHARE * time_size:
            below = _largest(lambda s: s.line(body) <= height * BODY_SHARE * (1 - VERDICT_SHARE)
                             and s.width(body) <= width)
            used = self._lay_out_words(area, width, height, reserve=below.line(body) + SPACING)
            time_size = self.lowered_label.font().pixelSize()
            if below.pixels > time_size:
                below = _Sized(time_size)
        self.body_label.show()
        line = below.line(body)
        self._set(self.body_label, below, QRect(0, MARGIN_Y + used + SPACING, area.width(), line))
        used += SPACING + line
        self.setGeometry(area.x(), area.y(), area.width(), min(area.height(), used + 2 * MARGIN_Y))

    def _show_time(self) -> None:
        assert self._words is not None
        self.lowered_label.setText(self._words.lowered)
        self.lowered_label.setStyleSheet(f"color: {LOWERED_COLOUR}; background: transparent;")

    def _lay_out_words(self, area: QRect, width: int, height: int, reserve: int = 0, lowered: str = "") -> int:
        """The time (or ``lowered`` in its place) and the verdict in ``height``, ``reserve`` of it left below them
        (taken off the time's room when they are stacked: the verdict keeps its size): the height they take."""
        assert self._words is not None
        lowered, verdict = lowered or self._words.lowered, self._words.verdict
        beside = verdict or WIDEST_VERDICT
        one_line = _largest(lambda s: max(s.line(lowered), s.line(beside)) <= height - reserve
                            and s.width(lowered) + 3 * s.pad + s.width(beside) <= width)
        on_top = _largest(lambda s: s.line(beside) <= height * VERDICT_SHARE
                          and s.width(beside) + 2 * s.pad <= width)
        stacked = one_line.pixels < on_top.pixels
        if not verdict:  # the time alone, as large as the verdict would be (or as the width lets it)
            size = _largest(lambda s: s.pixels <= max(one_line.pixels, on_top.pixels)
                            and s.line(lowered) <= height - reserve and s.width(lowered) <= width)
            used = size.line(lowered)
            self._set(self.lowered_label, size, QRect(0, MARGIN_Y, area.width(), used))
        elif stacked:
            room = height - reserve - on_top.line(verdict) - SPACING
            under = _largest(lambda s: s.line(lowered) <= room and s.width(lowered) <= width)
            pill = on_top.width(verdict) + 2 * on_top.pad
            top_line = under.line(lowered)
            self._set(self.lowered_label, under, QRect(0, MARGIN_Y, area.width(), top_line))
            self._set(self.verdict_label, on_top, QRect((area.width() - pill) // 2, MARGIN_Y + top_line + SPACING,
                                                        pill, on_top.line(verdict)))
            used = top_line + SPACING + on_top.line(verdict)
        else:
            size = one_line
            text, pill = size.width(lowered) + size.pad // 2, size.width(verdict) + 2 * size.pad
            left = (area.width() - text - size.pad - pill) // 2
            used = max(size.line(lowered), size.line(verdict))
            self._set(self.lowered_label, size, QRect(left, MARGIN_Y, text, used))
            self._set(self.verdict_label, size, QRect(left + text + size.pad, MARGIN_Y, pill, used))
        return used

    @staticmethod
    def _set(label: QLabel, size: _Sized, place: QRect) -> None:
        label.setFont(size.font)
        label.setGeometry(place)


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
