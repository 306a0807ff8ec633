"""The session being lifted, written to disk atomically after every rep.

When the disk is full or the folder read-only, the session stays whole in
memory, :attr:`SessionJournal.last_error` says why in plain words (for a
banner), and saving is retried on the next rep and on a timer until it works
or the lifter picks another folder with :meth:`SessionJournal.move_to`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from gymtimer.core.records import SessionRecord
from gymtimer.store import session_files
from gymtimer.store.atomic import SaveError, atomic_write

#: How often a failed save is tried again while nothing else triggers one.
RETRY_INTERVAL_MS = 5_000


class SessionJournal(QObject):
    """Keeps one session's file in step with the session in memory."""

    #: The banner text: a plain sentence when saving fails, ``None`` once it works again (str | None).
    error_changed = Signal(object)
    #: Emitted after each successful write, with the file's path.
    saved = Signal(Path)

    def __init__(
        self,
        session: SessionRecord,
        folder: Path,
        parent: QObject | None = None,
        *,
        retry_ms: int = RETRY_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._folder = Path(folder)
        self._last_error: str | None = None
        self._saved_once = False
        self._retry = QTimer(self)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self.save)

    @property
    def folder(self) -> Path:
        """The sessions folder the file is written to."""
        return self._folder

    @property
    def path(self) -> Path:
        return self._folder / session_files.file_name(self.session)

    @property
    def last_error(self) -> str | None:
        """Why the last save failed, in a lifter's words; ``None`` when the file is up to date."""
        return self._last_error

    @property
    def unsaved(self) -> bool:
        """True while the file on disk lags behind the session in memory."""
        return self._last_error is not None or not self._saved_once

    def save(self) -> bool:
        """Write the whole session now; on failure keep it in memory and retry later."""
        try:
            atomic_write(self.path, session_files.encode(self.session))
        except SaveError as error:
            self._set_error(str(error))
            if not self._retry.isActive():
                self._retry.start()
            return False
        self._saved_once = True
        self._retry.stop()
        self._set_error(None)
        self.saved.emit(self.path)
        return True

    def finish(self, ended_at: dt.datetime | None = None) -> bool:
        """Close the session (now, unless told when) and save it."""
        self.session.ended_at = ended_at or dt.datetime.now(dt.UTC)
        return self.save()

    def move_to(self, folder: str | Path) -> bool:
        """Write to ``folder`` from now on (another disk, when this one is full or read-only).

        The old folder's copy, if any, is left as it is: it may be the only one that made it.
        """
        self._folder = Path(folder)
        return self.save()

    def _set_error(self, message: str | None) -> None:
        if message != self._last_error:
            self._last_error = message
            self.error_changed.emit(message)
