"""One session as one JSON file: its name, its bytes, and reading it back safely.

Reading is declarative: msgspec checks the document against the record
classes of :mod:`gymtimer.core.records`, and its messages name the field and
the type expected. Older documents go through the registered upgrade steps of
:mod:`gymtimer.store.migrations` first.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat

import msgspec

from gymtimer.core.records import SCHEMA_VERSION, SessionRecord
from gymtimer.store.explain import explain
from gymtimer.store.migrations import SESSION_MIGRATIONS, MigrationError

SUFFIX = ".json"

#: A session is a few kilobytes (an hour of reps is about 100 KB): a larger file is not one.
MAX_SESSION_BYTES = 16 * 1024 * 1024

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(SessionRecord)

_TOO_DEEP = "is not a session: its lists or objects are nested far too deeply"


class SessionFileError(ValueError):
    """A file that is not a session this program can read; ``str()`` says why in plain words."""


class TooNewError(SessionFileError):
    """A session written by a newer GymTimer, in a format version this one does not know."""


class NotAFileError(SessionFileError):
    """Something in the folder with a session's name that is no file (a folder, a pipe, a broken link)."""


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A session file's bytes, never blocking on a pipe nor reading more than a session can hold.

    Raises :class:`NotAFileError` for what is not a regular file, :class:`SessionFileError`
    for a file too large, and ``OSError`` when the file cannot be read right now.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: opening a pipe does not wait for a writer
    except FileNotFoundError:
        if os.path.islink(path):
            raise NotAFileError("is a link to a file that is not there") from None
        raise
    except IsADirectoryError:
        raise NotAFileError("is a folder, not a session file") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise NotAFileError("is a folder, not a session file")
        if not stat.S_ISREG(info.st_mode):
            raise NotAFileError("is not a file (a pipe or a device), not a session file")
        data = file.read(MAX_SESSION_BYTES + 1)
    if len(data) > MAX_SESSION_BYTES or info.st_size > MAX_SESSION_BYTES:
        size = max(len(data), info.st_size) / 1024 / 1024
        raise SessionFileError(f"is too large to be a session ({size:.0f} MB; a session is a few KB)")
    return data


def file_name(session: SessionRecord) -> str:
    """``2026-11-21T19-54-03Z_1a2b3c4d.json``: sorts by start time, unique by id."""
    started = session.started_at.astimezone(dt.UTC)
    short_id = re.sub(r"[^0-9A-Za-z]", "", session.id)[:8] or "session"
    return f"{started:%Y-%m-%dT%H-%M-%SZ}_{short_id}{SUFFIX}"


def encode(session: SessionRecord) -> bytes:
    """The session's file contents (compact JSON, UTF-8)."""
    return _encoder.encode(session)


def decode(data: bytes) -> SessionRecord:
    """Read a session file's bytes; raise :class:`SessionFileError` saying what is wrong."""
    try:
        record = _decoder.decode(data)
    except msgspec.ValidationError:
        record = None  # maybe an older version: the slow path below tells
    except RecursionError as error:
        raise SessionFileError(_TOO_DEEP) from error
    except msgspec.DecodeError as error:
        raise SessionFileError(f"is not readable JSON ({error})") from error
    except UnicodeDecodeError as error:  # msgspec lets a bad byte inside a string through as this
        raise SessionFileError(f"is not readable text: a damaged byte at position {error.start}") from error
    # A document without schema_version would get the default; it must say its version.
    if record is None or record.schema_version != SCHEMA_VERSION or b'"schema_version"' not in data:
        record = _decode_any_version(data)
    _check_dates(record)
    return record


def _check_dates(record: SessionRecord) -> None:
    """Dates near year 1 or 9999 cannot be shown in every time zone: refuse them here, not in the table."""
    for name in ("started_at", "ended_at"):
        value = getattr(record, name)
        if value is None:
            continue
        try:
            value.astimezone(dt.UTC)
            value.astimezone()
        except (OverflowError, ValueError, OSError) as error:
            raise SessionFileError(f"field {name}: the date {value.isoformat()} is out of range") from error


def _decode_any_version(data: bytes) -> SessionRecord:
    try:
        document = msgspec.json.decode(data)
    except RecursionError as error:  # thousands of nested [[[…]]]: no session is shaped so
        raise SessionFileError(_TOO_DEEP) from error
    except msgspec.DecodeError as error:
        raise SessionFileError(f"is not readable JSON ({error})") from error
    except UnicodeDecodeError as error:
        raise SessionFileError(f"is not readable text: a damaged byte at position {error.start}") from error
    if not isinstance(document, dict):
        raise SessionFileError("is not a session: expected a JSON object {...} at the top")
    if "schema_version" not in document:
        raise SessionFileError("has no schema_version, so its format is unknown")
    version = document["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise SessionFileError(f"schema_version should be a whole number, not {version!r}")
    if version > SCHEMA_VERSION:
        raise TooNewError(
            f"was written by a newer GymTimer (format version {version}; "
            f"this one reads up to {SCHEMA_VERSION}): update GymTimer to see it"
        )
    if version < SCHEMA_VERSION:
        try:
            document = SESSION_MIGRATIONS.upgrade(document, SCHEMA_VERSION)
        except MigrationError as error:
            raise SessionFileError(str(error)) from error
    try:
        return msgspec.json.decode(_encoder.encode(document), type=SessionRecord)
    except msgspec.ValidationError as error:
        raise SessionFileError(describe_validation_error(error)) from error
    except (msgspec.EncodeError, OverflowError) as error:  # numbers out of range after an upgrade
        raise SessionFileError(f"holds a value that cannot be read: {error}") from error


def describe_validation_error(error: msgspec.ValidationError) -> str:
    """msgspec's message, with the field first and the types in words."""
    what, where, wrong_type = explain(error)
    if wrong_type:
        return f"field {where} {what}" if where else f"is not a session: {what}"
    return f"field {where}: {what[:1].lower()}{what[1:]}" if where else what
