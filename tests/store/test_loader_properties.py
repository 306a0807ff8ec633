"""Thousands of random and mutated documents: each one loads or is reported, none crashes the loader."""

from __future__ import annotations

import copy
import datetime as dt

import msgspec
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gymtimer.core.plan import Laterality
from gymtimer.core.records import SessionRecord
from gymtimer.store import session_files
from gymtimer.store.session_files import SessionFileError
from gymtimer.store.sessions import SessionStore, close_interrupted
from tests.helpers.lifted import START, lifted_session

VALID = [
    msgspec.to_builtins(lifted_session(sets=2, reps=2)),
    msgspec.to_builtins(lifted_session(START + dt.timedelta(days=1), laterality=Laterality.PER_LEG, sets=1, reps=2)),
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
# Values a session document really holds, so that mutations reach deep validation, not just the top.
plausible = st.sampled_from(
    [None, True, 0, -1, 1, 2**63, 1e308, -1e-9, "", "left", "both", "middle", "barbell", "kg", "stone",
     "2026-03-14T18:30:00Z", "2026-03-14T18:30:00", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
     [], {}, {"lift": 0.0}, {"lower": 0}, [{}]]
).map(copy.deepcopy) | json_values  # a fresh copy each time: a shared [] could end up inside itself


def _paths(document, prefix=()):
    """Every (path, value) inside a JSON document."""
    yield prefix, document
    if isinstance(document, dict):
        for key, value in document.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _paths(value, (*prefix, index))


@st.composite
def mutated_documents(draw):
    """A valid session with a few fields replaced, removed or added anywhere in it."""
    document = msgspec.json.decode(msgspec.json.encode(draw(st.sampled_from(VALID))))
    for _ in range(draw(st.integers(1, 3))):
        places = list(_paths(document))
        path, _ = draw(st.sampled_from(places))
        if not path:
            continue
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(plausible)
        elif action == "remove":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(plausible)
        else:
            parent.append(draw(plausible))
    return msgspec.json.encode(document)


@st.composite
def damaged_bytes(draw):
    """A valid file cut short, or with bytes overwritten, as a bad disk or a bad sync would leave it."""
    data = bytearray(msgspec.json.encode(draw(st.sampled_from(VALID))))
    if draw(st.booleans()):
        return bytes(data[: draw(st.integers(0, len(data) - 1))])
    for _ in range(draw(st.integers(1, 4))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


def _load_or_report(data: bytes) -> SessionRecord | None:
    try:
        session = session_files.decode(data)
    except SessionFileError as error:
        assert str(error)  # every report says something
        return None
    # A document that loads is one the rest of the program can use: name it, write it, add it up.
    session_files.file_name(session)
    assert session_files.decode(session_files.encode(session)) == session
    session.done(), session.tension_seconds, session.duration_seconds
    if session.ended_at is None:
        close_interrupted(msgspec.structs.replace(session))
    return session


def _with(**changes) -> bytes:
    return msgspec.json.encode({**VALID[0], **changes})


@settings(max_examples=1500, deadline=None)
@given(st.binary(max_size=300) | json_values.map(msgspec.json.encode))
def test_random_bytes_and_random_json_are_loaded_or_reported(data):
    _load_or_report(data)


@pytest.mark.slow
@settings(max_examples=2500, deadline=None)
@given(mutated_documents())
@example(_with(started_at="0001-01-01T00:00:00+01:00"))
@example(_with(ended_at="9999-12-31T23:59:59-01:00"))
@example(_with(ended_at=None, exercises=[{**VALID[0]["exercises"][0], "ended": 1e308}]))
def test_mutated_sessions_are_loaded_or_reported(data):
    _load_or_report(data)


@settings(max_examples=1000, deadline=None)
@given(damaged_bytes())
def test_damaged_files_are_loaded_or_reported(data):
    _load_or_report(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(mutated_documents() | damaged_bytes(), min_size=1, max_size=6))
def test_a_folder_of_bad_files_loads_every_good_one_and_names_every_other(tmp_path_factory, files):
    store = SessionStore(tmp_path_factory.mktemp("data"))
    store.sessions_dir.mkdir()
    for index, data in enumerate(files):
        (store.sessions_dir / f"{index:02}.json").write_bytes(data)
    result = store.load_all()
    assert len(result.sessions) + len(result.problems) == len(files)
    kept = sorted(p.read_bytes() for p in store.quarantine_dir.glob("*.json")) if store.quarantine_dir.exists() else []
    damaged = [p for p in result.problems if "second copy" not in p.message]
    assert len(kept) == len(damaged)  # every unreadable file is kept, byte for byte
