"""The progression suggestion on the setup page: its one-line reason, Accept with A or Enter, Dismiss with D or Esc.

Built with the setup page, before its first paint: like the workout screen (``widgets.py``), it
does not touch PySide6's ``Qt`` namespace until a key is pressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gymtimer.core.progression import Suggestion

if TYPE_CHECKING:  # PySide6 makes a class on first use: this one waits until a key is pressed
    from PySide6.QtGui import QKeyEvent

#: The keys that take the suggestion shown, and that wave it away (Qt.Key's names).
ACCEPT_KEYS = ("Key_A", "Key_Return", "Key_Enter")
DISMISS_KEYS = ("Key_D", "Key_Escape")


class SuggestionBar(QFrame):
    """Shows suggestions one at a time; hidden when there is none left."""

    #: The lifter took this suggestion: set the preset and load it names.
    accepted = Signal(object)
    #: The lifter waved this suggestion away.
    dismissed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setProperty("focusPolicy", "StrongFocus")
        self.setAccessibleName("Suggestion")
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.accept_button = QPushButton("&Accept (A)")
        self.dismiss_button = QPushButton("&Dismiss (D)")
        self.accept_button.clicked.connect(self.accept)
        self.dismiss_button.clicked.connect(self.dismiss)
        # The reason above its buttons: side by side they widened the setup page's column past 800×600.
        layout = QVBoxLayout(self)
        layout.addWidget(self.reason_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        # Window-wide single keys; a text field with focus keeps its letters (Qt gives them to it first).
        self._shortcuts = [QShortcut(QKeySequence("A"), self, self.accept), QShortcut(QKeySequence("D"), self, self.dismiss)]
        self._waiting: list[Suggestion] = []
        self.hide()

    @property
    def suggestion(self) -> Suggestion | None:
        """The suggestion shown, if any."""
        return self._waiting[0] if self._waiting else None

    def show_suggestions(self, suggestions: Sequence[Suggestion]) -> None:
        """Show the first of ``suggestions``; each Accept or Dismiss moves to the next."""
        self._waiting = list(suggestions)
        self._show_first()

    def accept(self) -> None:
        shown = self.suggestion
        if shown is None:
            return
        self._waiting.clear()  # taking one suggestion settles the load: the rest no longer apply
        self._show_first()
        self.accepted.emit(shown)

    def dismiss(self) -> None:
        shown = self.suggestion
        if shown is None:
            return
        self._waiting.pop(0)
        self._show_first()
        self.dismissed.emit(shown)

    def _show_first(self) -> None:
        shown = self.suggestion
        if shown is None:
            self.reason_label.clear()
            self.hide()
            return
        self.reason_label.setText(shown.reason)
        self.show()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        key = event.key()
        if key in {getattr(Qt.Key, name) for name in ACCEPT_KEYS}:
            self.accept()
        elif key in {getattr(Qt.Key, name) for name in DISMISS_KEYS}:
            self.dismiss()
        else:
            super().keyPressEvent(event)
