"""The keys of a page over the page itself: ? (or F1) shows or hides them on every page.

The workout screen has its own overlay (it lists the notices too); the setup,
summary and history pages each name their keys here with :func:`add_keys_help`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

#: The keys that work on every page, last in each list.
WINDOW_KEYS: tuple[tuple[str, str], ...] = (
    ("F11", "Full screen"),
    ("Ctrl+Q", "Quit"),
    ("?  /  F1", "Show or hide these keys"),
)
HELP_KEYS = ("?", "F1")
#: The history page's keys (the page is built by the window, which adds them).
HISTORY_KEYS: tuple[tuple[str, str], ...] = (
    ("Esc", "Back to the setup page"),
    ("↑  /  ↓", "Choose a session: its sets show below"),
    ("Delete", "Delete the sessions chosen"),
    ("Ctrl+Z", "Undo the delete"),
    ("Ctrl+Tab", "Sessions or Charts"),
)


def keys_html(keys: Sequence[tuple[str, str]], size: int) -> str:
    rows = "".join(f"<tr><td style='padding:2px 24px'><b>{k}</b></td><td>{v}</td></tr>" for k, v in keys)
    return f"<h2>Keys</h2><table style='font-size:{size}px'>{rows}</table>"


class KeysOverlay(QLabel):
    """The keys of its page over the whole page; any click, or ? again, hides it."""

    def __init__(self, page: QWidget, keys: Sequence[tuple[str, str]]) -> None:
        super().__init__(page)
        self._page = page  # its parent, whose size it takes
        self.setObjectName("keysOverlay")
        self.keys = (*keys, *WINDOW_KEYS)
        # Enums by name through Qt's property system: a page is built, and painted first, without
        # PySide6's Qt namespace (docs/performance.md).
        self.setProperty("textFormat", "RichText")
        self.setProperty("alignment", "AlignCenter")
        self.setWordWrap(True)
        self.setStyleSheet("background: rgba(0,0,0,225); color: white; border-radius: 16px;")
        self.hide()
        page.installEventFilter(self)  # it follows the page's size

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
            return
        page = self._page
        size = max(11, min(page.height() // 36, page.width() // 48))  # the longest row fits 800 px wide
        self.setText(keys_html(self.keys, size))
        self._place()
        self.show()
        self.raise_()

    def _place(self) -> None:
        page = self._page
        margin_x, margin_y = page.width() // 20, page.height() // 24
        self.setGeometry(margin_x, margin_y, page.width() - 2 * margin_x, page.height() - 2 * margin_y)

    def mousePressEvent(self, event) -> None:
        self.hide()
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        elif event.type() == QEvent.Type.Hide:
            self.hide()  # another page: it is not waiting there when the lifter comes back
        return False


class _QuestionPasses(QObject):
    """A number field takes no ?: the page's shortcut gets it (a text field keeps it: there it is typing)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        from PySide6.QtGui import QKeyEvent  # its class is made on first use: once a key is pressed

        return isinstance(event, QKeyEvent) and event.key() == QtCore.Qt.Key.Key_Question


def add_keys_help(page: QWidget, keys: Sequence[tuple[str, str]], *, number_fields: Sequence[QWidget] = ()) -> KeysOverlay:
    """? and F1 show ``keys`` (and the window's own) over ``page`` while it is the page shown.

    ``number_fields`` (spin boxes) would swallow the ?: it reaches the shortcut from them too.
    """
    overlay = KeysOverlay(page, keys)
    if number_fields:
        passes = _QuestionPasses(overlay)
        for field in number_fields:
            field.installEventFilter(passes)
            line = field.findChild(QLineEdit)
            if line is not None:
                line.installEventFilter(passes)
    for key in HELP_KEYS:
        shortcut = QShortcut(QKeySequence(key), page)  # its window's by default: only while the page is shown
        shortcut.setAutoRepeat(False)
        shortcut.activated.connect(overlay.toggle)
    return overlay
