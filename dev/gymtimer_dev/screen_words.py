"""The seen rep's panel read back from a screen grab: its lines, their colour and their words (numbers only).

Development tool for the end-to-end tests and the screenshots of the body
model at work: no OCR, only the words the workout screen can show, told apart
by their ink. The panel (gymtimer/ui/seen_words.py) is found as the black
block at the bottom of the screen; in it the verdict's yellow box ("pill"),
white lines and yellow lines (a lockout fault). Each line's ink, cut to its
bounds, is compared with each candidate drawn bold in the app's font and
brought to the same size; the best overlap over 60 % names it, else "?".

Needs a ``QGuiApplication`` (the candidates are drawn with Qt).
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

#: Words the workout screen can show in the seen rep's panel, to tell a grab's lines apart.
WORDS = ("LEFT FOOT UP", "RIGHT FOOT UP", "LEFT LEG'S SET", "RIGHT LEG'S SET", "LEFT leg ✓", "RIGHT leg ✓",
         "LOWERED 1.9 s", "SLOWER", "SHORT", "NOT SEEN", "lockout ✓", "hips low",
         "over-extended — hips above the shoulders", "shins not vertical — move the feet", "knees not at 90°")


@functools.lru_cache(maxsize=64)
def _ink(text: str) -> np.ndarray:
    """``text``'s ink, bold, as the panel draws it (the font the app gets here too), cut to its bounds (0-1)."""
    from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter

    font = QFont()
    font.setBold(True)
    font.setPixelSize(120)
    width = QFontMetrics(font).horizontalAdvance(text) + 40
    image = QImage(width, 200, QImage.Format.Format_Grayscale8)
    image.fill(QColor("black"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(20, 150, text)
    painter.end()
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(200, image.bytesPerLine())[:, :width]
    return _cut(pixels > 100)


def _cut(ink: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero(ink)
    return ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1].astype(np.float32)


def words_of(ink: np.ndarray) -> str:
    """The one of :data:`WORDS` whose ink, brought to the same size, overlaps ``ink`` best; "?" when none does well."""
    import cv2

    seen = _cut(ink)
    h, w = seen.shape

    def overlap(text: str) -> float:
        shape = _ink(text)
        if abs(shape.shape[1] / shape.shape[0] / (w / h) - 1) > 0.15:
            return 0.0
        drawn = cv2.resize(shape, (w, h), interpolation=cv2.INTER_AREA) > 0.5
        return float((drawn & (seen > 0)).sum() / max(1, (drawn | (seen > 0)).sum()))

    scores = sorted(((overlap(text), text) for text in WORDS), reverse=True)
    return scores[0][1] if scores[0][0] > 0.6 else "?"


def read_panel(path: Path) -> list[tuple[str, str]]:
    """The lines of the seen rep's panel in a screen grab, top to bottom, as (colour, words): "pill" for the
    verdict's yellow box, "white" or "yellow" for text on the black; each line's words the one of
    :data:`WORDS` whose ink matches (:func:`words_of`), or "?"."""
    import cv2
    from PySide6.QtGui import QImage

    from gymtimer.ui.seen_words import BODY_FAULT_COLOUR, PANEL_COLOUR

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    pixels = pixels[:, :image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)

    def near(colour: str, tolerance: int) -> np.ndarray:
        rgb = np.array([int(colour[k:k + 2], 16) for k in (1, 3, 5)])
        return np.abs(pixels - rgb).sum(axis=2) <= tolerance

    # The panel: its bottom margin is black nearly across the screen; its left margin black all its height.
    black = near(PANEL_COLOUR, 6)
    wide = np.nonzero(black.sum(axis=1) > image.width() * 0.8)[0]
    wide = wide[wide > image.height() // 2]
    if not len(wide):
        return []
    bottom = wide[-1]
    left = int(np.argmax(black[bottom - 3]))
    right = image.width() - 1 - int(np.argmax(black[bottom - 3][::-1]))
    top = bottom
    while top > 0 and black[top - 1, left + 12]:
        top -= 1
    if bottom - top > image.height() * 0.4:  # not the panel alone (the screen flashing black)
        return []
    rgb = pixels[top:bottom + 1, left:right + 1]
    yellow = (np.abs(rgb - np.array([int(BODY_FAULT_COLOUR[k:k + 2], 16) for k in (1, 3, 5)])).sum(axis=2)
              <= 90).astype(np.uint8)
    lines: list[tuple[int, str, np.ndarray]] = []  # (top row, colour, ink)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(yellow)
    text_yellow = np.zeros(yellow.shape, bool)
    for k in range(1, count):
        x, y, w, h, area = stats[k]
        if h > 20 and w > 40 and area > 0.6 * w * h:  # the verdict's box: its dark words inside it
            inside = rgb[y + 3:y + h - 3, x + 10:x + w - 10].max(axis=2) < 110
            if inside.sum() > 30:
                lines.append((y, "pill", inside))
        else:
            text_yellow |= labels == k
    white = rgb.min(axis=2) > 150
    for colour, ink in (("white", white), ("yellow", text_yellow)):
        ink_rows = np.nonzero(ink.sum(axis=1) > 0)[0]
        if not len(ink_rows):
            continue
        start = previous = ink_rows[0]
        for y in [*ink_rows[1:], None]:
            if y is None or y - previous > 4:
                if ink[start:previous + 1].sum() > 30:
                    lines.append((start, colour, ink[start:previous + 1]))
                start = y
            previous = y
    return [(colour, words_of(ink)) for _, colour, ink in sorted(lines, key=lambda line: line[0])]
