"""Thousands of random and mutated documents: each one loads or is reported, none crashes the loader."""

from __future__ import annotations

import copy
import datetime as dt
import os

import msgspec
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gymtimer.core.plan import Laterality
from gymtimer.core.records import SessionRecord
from gymtimer.store import session_files
from gymtimer.store.session_files import SessionFileError
from gymtimer.store.sessions import SessionStore, close_interrupted
from tests.helpers.lifted import START, filmed, lifted_session

VALID = [
    msgspec.to_builtins(lifted_session(sets=2, reps=2)),
    msgspec.to_builtins(lifted_session(START + dt.timedelta(days=1), laterality=Laterality.PER_LEG, sets=1, reps=2)),
    # Format 3: a filmed set, so that mutations reach the measured reps, the box and the video's name.
    msgspec.to_builtins(filmed(lifted_session(START + dt.timedelta(days=2), sets=2, reps=2), set_index=1)),
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
     [], {}, {"lift": 0.0}, {"lower": 0}, [{}],
     "clip.mp4", "../clip.mp4", "C:\\clips\\set.mp4", 3, {"x": 0, "y": 0, "width": 4, "height": 4},
     {"start": 0.0, "lift": 1.0, "top": 0.0, "lower": 2.0, "bottom": None, "range": 5.0}]
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
    for exercise in session.exercises:
        for record in exercise.sets:
            if record.measured is not None:  # a loaded filmed set names a file, never a folder, and measures ≥ 0
                assert "/" not in record.measured.video and "\\" not in record.measured.video
                assert all(rep.start >= 0 and rep.lower >= 0 for rep in record.measured.reps)
                assert 0 <= record.measured.short + record.measured.too_fast <= 2 * len(record.measured.reps)
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


# ------------------------------------------------------------------ structure: depth, size, name, kind of file


def _nested(depth: int, kind: str) -> bytes:
    if kind == "arrays":
        return b"[" * depth + b"]" * depth
    if kind == "objects":
        return b'{"a":' * depth + b"1" + b"}" * depth
    # a real session whose note field holds the nesting
    inner = b"[" * depth + b"]" * depth
    return msgspec.json.encode({**VALID[0], "exercises": []})[:-1] + b',"deep":' + inner + b"}"


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([1, 2, 50, 500, 1_000, 5_000, 200_000]), st.sampled_from(["arrays", "objects", "inside"]))
@example(200_000, "arrays")  # the walk-through's file: RecursionError out of load_all before
def test_deeply_nested_documents_are_reported_not_raised(depth, kind):
    assert _load_or_report(_nested(depth, kind)) is None


def test_a_file_too_large_to_be_a_session_is_set_aside_without_reading_it_all(tmp_path):
    store = SessionStore(tmp_path / "data")
    store.sessions_dir.mkdir(parents=True)
    huge = store.sessions_dir / "huge.json"
    with huge.open("wb") as file:  # sparse: 2 GB on the name, nothing on the disk
        file.truncate(2 * 1024**3)
    (store.sessions_dir / "good.json").write_bytes(msgspec.json.encode(VALID[0]))
    result = store.load_all()
    assert len(result.sessions) == 1
    (problem,) = result.problems
    assert problem.name == "huge.json" and "too large" in problem.message
    assert (store.quarantine_dir / "huge.json").stat().st_size == 2 * 1024**3, "set aside, not deleted"


# Names a file system allows: anything but "/" and NUL, ending in .json, not starting with a dot.
file_names = st.text(st.characters(blacklist_characters="/\0", blacklist_categories=("Cs",)), min_size=1, max_size=40)
kinds = st.sampled_from(["good", "bad", "deep", "folder", "fifo", "dangling link", "link to good",
                         "link to itself", "link to a folder", "empty"])


def _make(folder, name: str, kind: str, index: int, elsewhere) -> None:
    path = folder / name
    if kind == "good":
        document = msgspec.to_builtins(lifted_session(START + dt.timedelta(days=index), sets=1, reps=1))
        path.write_bytes(msgspec.json.encode(document))
    elif kind == "bad":
        path.write_bytes(b'{"schema_version": 1, "id": 3}')
    elif kind == "deep":
        path.write_bytes(_nested(200_000, "arrays"))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "folder":
        path.mkdir()
        (path / "inside.json").write_bytes(msgspec.json.encode(VALID[0]))
    elif kind == "fifo":
        os.mkfifo(path)  # opening it to read would wait for a writer for ever
    elif kind == "dangling link":
        path.symlink_to(elsewhere / f"gone-{index}.json")
    elif kind == "link to good":
        target = elsewhere / f"target-{index}.json"
        document = msgspec.to_builtins(lifted_session(START + dt.timedelta(days=index), sets=1, reps=1))
        target.write_bytes(msgspec.json.encode(document))
        path.symlink_to(target)
    elif kind == "link to itself":  # a real file that cannot be opened (root reads any mode 000 file)
        path.symlink_to(path)
    elif kind == "link to a folder":
        path.symlink_to(elsewhere, target_is_directory=True)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pipes and symbolic links as POSIX makes them")
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(file_names, kinds), min_size=1, max_size=7, unique_by=lambda entry: entry[0].casefold()))
def test_no_name_or_kind_of_file_raises_and_every_bad_one_is_named_and_kept(tmp_path_factory, entries):
    base = tmp_path_factory.mktemp("data")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    store = SessionStore(base)
    store.sessions_dir.mkdir()
    made = {}
    for index, (stem, kind) in enumerate(entries):
        name = f"{stem.lstrip('.') or 'x'}-{index}.json"
        try:
            _make(store.sessions_dir, name, kind, index, elsewhere)
        except OSError:  # a name this file system refuses (too long in bytes, say)
            continue
        made[name] = kind
    interrupted = lifted_session(START - dt.timedelta(days=1), sets=1, reps=1)
    interrupted.ended_at = None
    (store.sessions_dir / "open.json").write_bytes(session_files.encode(interrupted))

    result = store.load_all()
    recovered = store.recover()  # the recovery of an interrupted session still runs

    assert [s.id for s in recovered] == [interrupted.id]
    good = sum(1 for kind in made.values() if kind in ("good", "link to good"))
    assert len(result.sessions) == good + 1
    reported = {p.name for p in result.problems}
    for name, kind in made.items():
        if kind in ("good", "link to good"):
            assert name not in reported
            continue
        assert name in reported, (name, kind)
        if kind in ("bad", "deep", "empty"):  # set aside, bytes kept
            assert (store.quarantine_dir / name).exists() and not (store.sessions_dir / name).exists()
        else:  # not a file of GymTimer's: left as it was
            assert os.path.lexists(store.sessions_dir / name)
    assert all(str(p) for p in result.problems)
