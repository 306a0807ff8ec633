"""The lifter's sessions in memory: one list, and every change to it announced to whoever follows it.

The store keeps it in step with the files (load, delete, undo, import, edits, recovery); the
History table, the charts and the setup page's load suggestions subscribe and never keep a
copy of their own.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from gymtimer.core.records import SessionRecord


class Change(enum.Enum):
    """What happened to the history."""

    ADDED = "added"  #: a session joined (lifted, imported, brought back from the trash)
    REPLACED = "replaced"  #: a session's content changed (an edited note or RPE, a recovered session closed)
    REMOVED = "removed"  #: a session left (moved to the trash)
    RESET = "reset"  #: the whole list was read again


@dataclass(frozen=True, slots=True)
class HistoryChange:
    """One announcement: what changed, and the session it concerns (``None`` for a reset)."""

    kind: Change
    session: SessionRecord | None = None


Subscriber = Callable[[HistoryChange], None]


class History:
    """Every session of the data folder, oldest first as read; subscribers hear each real change."""

    def __init__(self, sessions: Iterable[SessionRecord] = ()) -> None:
        self._sessions: list[SessionRecord] = list(sessions)
        self._subscribers: list[Subscriber] = []

    # ------------------------------------------------------------------ following

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call ``subscriber`` after every change; returns the call that stops it."""
        self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

        return unsubscribe

    def _announce(self, change: HistoryChange) -> None:
        for subscriber in list(self._subscribers):  # one may unsubscribe while hearing it
            subscriber(change)

    # ------------------------------------------------------------------ reading

    @property
    def sessions(self) -> list[SessionRecord]:
        """A copy of the list: changing it changes nothing here."""
        return list(self._sessions)

    def __iter__(self) -> Iterator[SessionRecord]:
        return iter(list(self._sessions))

    def __len__(self) -> int:
        return len(self._sessions)

    def __contains__(self, session: object) -> bool:
        return isinstance(session, SessionRecord) and self.find(session.id) is not None

    def find(self, session_id: str) -> SessionRecord | None:
        return next((s for s in self._sessions if s.id == session_id), None)

    def ids(self) -> set[str]:
        return {s.id for s in self._sessions}

    # ------------------------------------------------------------------ changing

    def reset(self, sessions: Iterable[SessionRecord]) -> None:
        """The list read afresh; nothing is announced if it holds the very same sessions."""
        sessions = list(sessions)
        if len(sessions) == len(self._sessions) and all(a is b for a, b in zip(sessions, self._sessions)):
            return
        self._sessions = sessions
        self._announce(HistoryChange(Change.RESET))

    def add(self, session: SessionRecord) -> None:
        """``session`` joins the history (a second add of the same id is not a change)."""
        if session in self:
            return
        self._sessions.append(session)
        self._announce(HistoryChange(Change.ADDED, session))

    def replace(self, session: SessionRecord) -> None:
        """``session`` changed (or a new copy of it was read): it takes its old place."""
        for index, old in enumerate(self._sessions):
            if old.id == session.id:
                self._sessions[index] = session
                self._announce(HistoryChange(Change.REPLACED, session))
                return

    def remove(self, session_id: str) -> None:
        """The session with ``session_id`` leaves the history (an unknown id is not a change)."""
        for index, session in enumerate(self._sessions):
            if session.id == session_id:
                del self._sessions[index]
                self._announce(HistoryChange(Change.REMOVED, session))
                return
