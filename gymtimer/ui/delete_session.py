"""Deleting a session from the History, as a step the lifter can undo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from gymtimer.core.records import SessionRecord
from gymtimer.core.session_row import SessionRow

if TYPE_CHECKING:
    from gymtimer.ui.history_view import HistoryView


class DeleteSession(QUndoCommand):
    """Delete a session to the trash; undo brings it back."""

    def __init__(self, view: HistoryView, session: SessionRecord) -> None:
        super().__init__(f"Delete session of {SessionRow.of(session).date_text}")
        self.view, self.session = view, session
        self.trashed: Path | None = None

    def redo(self) -> None:
        try:
            self.trashed = self.view.store.delete(self.session)
        except OSError as error:
            self.trashed = None
            self.view.show_message(f"Could not delete the session: {error.strerror or error}")
            self.setObsolete(True)
            return
        self.view.show_message("Session moved to the trash. Undo (Ctrl+Z) brings it back.")

    def undo(self) -> None:
        if self.trashed is None:
            return
        try:
            self.session = self.view.store.undo_delete(self.trashed)
        except (OSError, ValueError) as error:
            self.view.show_message(f"Could not bring the session back from {self.trashed}: {error}")
            return
        self.view.select_session(self.session.id)
        self.view.show_message("Session restored.")
