"""The sessions folder watched while the app runs: a session synced in from another computer joins the history.

A sync tool writes a file, renames it into place, and often touches several files in a
burst: the folder's changes are gathered for ``DEBOUNCE_MS`` and then read once by
:meth:`SessionStore.refresh`, which announces each added, replaced or removed session on
the store's history (so the History table and the charts follow without a restart).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

from gymtimer.core.notices import Notices, Place, Priority
from gymtimer.store.sessions import RefreshResult, SessionStore, SyncConflict

#: The notice that names sessions changed on two computers at once.
SYNC_CONFLICT_KEY = "sync-conflict"

#: Changes closer together than this are read as one (a sync tool's burst of renames).
DEBOUNCE_MS = 700


class SessionsFolderWatch(QObject):
    """Follows the store's sessions folder and refreshes the store after each burst of changes.

    ``on_conflicts`` hears each session found changed on two computers (both versions kept),
    to tell the lifter.
    """

    def __init__(
        self,
        store: SessionStore,
        on_conflicts: Callable[[list[SyncConflict]], None] | None = None,
        parent: QObject | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._on_conflicts = on_conflicts
        store.sessions_dir.mkdir(parents=True, exist_ok=True)
        self._watcher = QFileSystemWatcher([str(store.sessions_dir)], self)
        self._watcher.directoryChanged.connect(self._changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.refresh)

    @property
    def watching(self) -> bool:
        return bool(self._watcher.directories())

    def _changed(self, _folder: str) -> None:
        self._timer.start()  # restarted by each change of a burst

    def refresh(self) -> RefreshResult:
        """Read the folder now (also what the debounced change does)."""
        result = self.store.refresh()
        if result.conflicts and self._on_conflicts is not None:
            self._on_conflicts(result.conflicts)
        return result


def post_sync_conflicts(notices: Notices, conflicts: Sequence[SyncConflict]) -> None:
    """Tell the lifter which session was changed on two computers at once (both versions are kept)."""
    if not conflicts:
        return
    when = conflicts[0].session.started_at.astimezone().strftime("%a %d %b %Y %H:%M")
    more = f" and {len(conflicts) - 1} more" if len(conflicts) > 1 else ""
    notices.post(SYNC_CONFLICT_KEY, f"The session of {when}{more} was changed on two computers: both versions kept",
                 detail="\n".join(str(conflict) for conflict in conflicts),
                 priority=Priority.DATA, places={Place.SETUP})
