"""The history model: one list of sessions, and each real change announced to its subscribers."""

from __future__ import annotations

import datetime as dt

import msgspec

from gymtimer.core.history import Change, History
from tests.helpers.lifted import START, lifted_session


def _heard(history: History) -> list[tuple[Change, str | None]]:
    heard: list[tuple[Change, str | None]] = []
    history.subscribe(lambda change: heard.append((change.kind, change.session and change.session.id)))
    return heard


def test_added_replaced_and_removed_sessions_are_announced_with_the_session():
    first, second = lifted_session(START), lifted_session(START + dt.timedelta(days=2))
    history = History([first])
    heard = _heard(history)
    history.add(second)
    edited = msgspec.structs.replace(first, interrupted=True)
    history.replace(edited)
    history.remove(second.id)
    assert heard == [(Change.ADDED, second.id), (Change.REPLACED, first.id), (Change.REMOVED, second.id)]
    assert history.sessions == [edited]


def test_only_real_changes_are_announced():
    session = lifted_session(START)
    history = History([session])
    heard = _heard(history)
    history.add(session)  # already there
    history.remove("no-such-id")
    history.replace(lifted_session(START + dt.timedelta(days=1)))  # not in the history
    history.reset([session])  # the very same sessions
    assert heard == []
    history.reset([])
    assert heard == [(Change.RESET, None)]


def test_a_subscriber_that_stops_hears_nothing_more_and_the_list_handed_out_is_a_copy():
    history = History()
    heard: list[Change] = []
    stop = history.subscribe(lambda change: heard.append(change.kind))
    history.add(lifted_session(START))
    stop()
    history.add(lifted_session(START + dt.timedelta(days=1)))
    assert heard == [Change.ADDED]
    history.sessions.clear()
    assert len(history) == 2
