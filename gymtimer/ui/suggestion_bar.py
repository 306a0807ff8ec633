"""The progression suggestion on the setup page: its one-line reason, Accept with A or Enter, Dismiss with D or Esc."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gymtimer.core.progression import Suggestion

ACCEPT_KEYS = (Qt.Key.Key_A, Qt.Key.Key_Return, Qt.Key.Key_Enter)
DISMISS_KEYS = (Qt.Key.Key_D, Qt.Key.Key_Escape)


class SuggestionBar(QFrame):
    """Shows suggestions one at a time; hidden when there is none left."""

    #: The lifter took this suggestion: set the preset and load it names.
    accepted = Signal(object)
    #: The lifter waved this suggestion away.
    dismissed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
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
        self._shortcuts = [QShortcut(QKeySequence(Qt.Key.Key_A), self, self.accept), QShortcut(QKeySequence(Qt.Key.Key_D), self, self.dismiss)]
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
        key = event.key()
        if key in ACCEPT_KEYS:
            self.accept()
        elif key in DISMISS_KEYS:
            self.dismiss()
        else:
            super().keyPressEvent(event)
