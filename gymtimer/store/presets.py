"""The lifter's own presets on disk, their export and import.

``presets.json`` holds only the lifter's presets (the built-ins live in the
code and are never written). What is remembered about them (the last preset and
loads) is in ``settings.json``: :mod:`gymtimer.store.settings`.

In a data folder synced between two computers both may change the presets: every write
reads the file again and merges by preset id, the newest edit of each preset winning (a
deletion is an edit too), and a sync tool's conflict copy of ``presets.json`` is merged in
the same way and then removed. No preset changed on one computer is lost by a change on the
other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from gymtimer.core.presets import BUILTIN_PRESETS, Preset, PresetError, find_preset, new_preset_id
from gymtimer.store import paths, sync_copies
from gymtimer.store.atomic import atomic_write
from gymtimer.store.files import back_up_damaged, free_name
from gymtimer.store.migrations import PRESET_MIGRATIONS, MigrationError

if TYPE_CHECKING:
    from gymtimer.store.settings import SettingsStore

log = logging.getLogger(__name__)

#: Version of the presets document; bump it with a registered upgrade step. Version 2 added each
#: preset's ``id`` and the plan's ``replace_failed``; both have defaults (its step changes nothing).
#: Version 3 added ``edited`` and ``deleted`` (when each preset was last changed or deleted, by id).
SCHEMA_VERSION = 3

#: The time of a preset whose file never said when it was edited: older than any edit.
NEVER = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class PresetFileError(ValueError):
    """A presets file that cannot be used; the message names the file and the field at fault."""


class PresetsDocument(msgspec.Struct, forbid_unknown_fields=True):
    """What ``presets.json`` and an exported ``.json`` file hold."""

    schema_version: int
    presets: list[Preset] = msgspec.field(default_factory=list)
    #: When each preset was last saved, by id (UTC): the newest edit wins when two computers merge.
    edited: dict[str, dt.datetime] = msgspec.field(default_factory=dict)
    #: When each deleted preset was deleted, by id: a deletion newer than every edit keeps it deleted.
    deleted: dict[str, dt.datetime] = msgspec.field(default_factory=dict)


def read_presets_file(path: str | os.PathLike[str]) -> list[Preset]:
    """The presets in ``path``; raises :class:`PresetFileError` saying what is wrong and where."""
    return read_presets_document(path).presets


def read_presets_document(path: str | os.PathLike[str]) -> PresetsDocument:
    """The presets document in ``path`` with its edit times; raises :class:`PresetFileError`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PresetFileError(f"Could not read {path.name}: {error.strerror or error}") from error
    return decode_presets_document(data, path.name)


def decode_presets_document(data: bytes, name: str) -> PresetsDocument:
    """A presets document from the bytes of the file called ``name`` (for messages); raises PresetFileError."""
    try:
        raw = msgspec.json.decode(data)
    except msgspec.DecodeError as error:
        raise PresetFileError(f"{name} is not a JSON file ({error})") from error
    if not isinstance(raw, dict) or "schema_version" not in raw:
        raise PresetFileError(f"{name} is not a GymTimer presets file: it has no schema_version")
    version = raw["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PresetFileError(f"{name}: schema_version must be a whole number from 1, not {version!r}")
    if version > SCHEMA_VERSION:
        raise PresetFileError(
            f"{name} was written by a newer GymTimer (format {version}; this one reads up to {SCHEMA_VERSION})"
        )
    if version < SCHEMA_VERSION:
        try:
            raw = PRESET_MIGRATIONS.upgrade(raw, SCHEMA_VERSION)
        except MigrationError as error:
            raise PresetFileError(f"{name}: {error}") from error
    try:
        document = msgspec.convert(raw, PresetsDocument)
    except msgspec.ValidationError as error:
        raise PresetFileError(f"{name}: {_explain(error, raw)}") from error
    seen: set[str] = set()
    for preset in document.presets:
        key = preset.name.strip().casefold()
        if key in seen:
            raise PresetFileError(f"{name}: the name {preset.name!r} is used by two presets")
        seen.add(key)
    # A file may carry an exported built-in: once on disk it is the lifter's own copy.
    document.presets = [msgspec.structs.replace(p, builtin=False) if p.builtin else p for p in document.presets]
    return document


def merge_documents(ours: PresetsDocument, theirs: PresetsDocument) -> PresetsDocument:
    """Both computers' presets, by id: the newest edit of each wins, a newer deletion removes it.

    Ours win a tie. Two different presets given one name on the two computers are both
    kept, the second renamed 'NAME (2)'. Ours keep their order; theirs new to us follow.
    """
    deleted = dict(theirs.deleted)
    for pid, when in ours.deleted.items():
        deleted[pid] = max(when, deleted.get(pid, NEVER))
    order = list(dict.fromkeys([p.id for p in ours.presets] + [p.id for p in theirs.presets]))
    merged: list[Preset] = []
    edited: dict[str, dt.datetime] = {}
    for pid in order:
        versions = [(d.edited.get(pid, NEVER), p) for d in (ours, theirs) for p in d.presets if p.id == pid]
        when, preset = max(versions, key=lambda version: version[0])  # the first (ours) of equal times
        if pid in deleted and deleted[pid] >= when:
            continue
        deleted.pop(pid, None)
        merged.append(preset)
        edited[pid] = when
    taken = {p.name.casefold() for p in BUILTIN_PRESETS}
    for index, preset in enumerate(merged):
        name = _free_preset_name(preset.name, lambda candidate: candidate.casefold() in taken)
        taken.add(name.casefold())
        if name != preset.name:
            merged[index] = msgspec.structs.replace(preset, name=name)
    return PresetsDocument(schema_version=SCHEMA_VERSION, presets=merged, edited=edited, deleted=deleted)


def _explain(error: msgspec.ValidationError, raw: Mapping[str, object]) -> str:
    """'Lower must be … (preset 2 "Heavy", field plan.tempo)': where, as the lifter counts presets."""
    from gymtimer.store.explain import explain  # only a damaged file needs it: not imported at every start

    what, where, _ = explain(error)
    what = what[:1].upper() + what[1:]
    if not where.startswith("presets["):
        return f"{what} (field {where or 'the whole file'})"
    index_text, _, field = where[len("presets[") :].partition("]")
    index = int(index_text)
    name = ""
    entries = raw.get("presets")
    if isinstance(entries, list) and index < len(entries) and isinstance(entries[index], dict):
        if isinstance(entries[index].get("name"), str):
            name = f" {entries[index]['name']!r}"
    field = field.lstrip(".")
    return f"{what} (preset {index + 1}{name}{', field ' + field if field else ''})"


def encode_presets(presets: Iterable[Preset], edited: Mapping[str, dt.datetime] | None = None,
                   deleted: Mapping[str, dt.datetime] | None = None) -> bytes:
    """A presets document as indented JSON, readable and diffable by hand."""
    document = PresetsDocument(schema_version=SCHEMA_VERSION, presets=list(presets),
                               edited=dict(edited or {}), deleted=dict(deleted or {}))
    return msgspec.json.format(msgspec.json.encode(document), indent=2) + b"\n"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _free_preset_name(base: str, taken: Callable[[str], bool]) -> str:
    """``base``, or ``base (2)``, ``base (3)``… whichever is not ``taken``."""
    return free_name(base, lambda number: f"{base} ({number})", taken)


class PresetStore:
    """The lifter's own presets in ``presets.json``, next to the read-only built-ins."""

    def __init__(self, path: str | os.PathLike[str] | None = None, settings: SettingsStore | None = None,
                 *, now: Callable[[], dt.datetime] = _utc_now) -> None:
        self.path = Path(path) if path is not None else paths.presets_file()
        self._now = now
        self._edited: dict[str, dt.datetime] = {}
        self._deleted: dict[str, dt.datetime] = {}
        #: What is remembered about the presets (last choice, last loads), kept in step on rename and delete.
        self.settings = settings
        #: What went wrong when loading, in a lifter's words, for a banner; None when all was well.
        self.problem: str | None = None
        self._unreadable = False
        self._presets: list[Preset] = self._load()
        if not self._unreadable and sync_copies.copies_of(self.path):
            with contextlib.suppress(OSError, PresetError):
                self._write(self._presets)  # merges the sync tool's copies in, then removes them

    def _load(self) -> list[Preset]:
        if not self.path.exists():
            return []
        try:
            document = read_presets_document(self.path)
        except PresetFileError as error:
            if isinstance(error.__cause__, OSError):
                # Unreadable is not damaged: keep it where it is, and never write over it.
                self._unreadable = True
                self.problem = f"{error}. Your own presets cannot be changed until it can be read."
                return []
            aside = back_up_damaged(self.path)
            self.problem = f"{error}. The file was set aside as {aside.name}; your own presets start empty."
            return []
        self._edited, self._deleted = document.edited, document.deleted
        return document.presets

    # ----------------------------------------------------------------- reading

    @property
    def presets(self) -> tuple[Preset, ...]:
        """The lifter's own presets, in the order they were made."""
        return tuple(self._presets)

    def all_presets(self) -> tuple[Preset, ...]:
        """Built-ins first, then the lifter's own."""
        return (*BUILTIN_PRESETS, *self._presets)

    def find(self, name: str) -> Preset:
        """The preset called ``name`` (case-insensitive); KeyError lists what exists."""
        return find_preset(name, self.all_presets())

    def name_taken(self, name: str, *, ignoring: str | None = None) -> bool:
        """Whether another preset (built-in or own, other than ``ignoring``) is called ``name``."""
        wanted = name.strip().casefold()
        skip = ignoring.strip().casefold() if ignoring is not None else None
        return any(p.name.casefold() == wanted and p.name.casefold() != skip for p in self.all_presets())

    def free_name(self, base: str) -> str:
        """``base``, or ``base (2)``, ``base (3)``… whichever no preset uses yet."""
        return _free_preset_name(base, self.name_taken)

    # ----------------------------------------------------------------- changing

    def save(self, preset: Preset, *, replacing: str | None = None) -> None:
        """Add ``preset``, or put it in the place of the own preset called ``replacing`` (a rename or an edit)."""
        if preset.builtin:
            raise PresetError("Built-in presets are read-only: duplicate one to change it")
        if replacing is not None and any(p.name.casefold() == replacing.casefold() for p in BUILTIN_PRESETS):
            raise PresetError(f"{replacing!r} is a built-in preset and is read-only: duplicate it to change it")
        if self.name_taken(preset.name, ignoring=replacing):
            raise PresetError(f"A preset called {preset.name!r} already exists: choose another name")
        updated = list(self._presets)
        index = self._index(replacing) if replacing is not None else None
        others = [*BUILTIN_PRESETS, *(p for i, p in enumerate(updated) if i != index)]
        if any(p.id == preset.id for p in others):  # a new preset must not take over another's history
            preset = msgspec.structs.replace(preset, id=new_preset_id())
        if index is None:
            updated.append(preset)
        else:
            updated[index] = preset
        self._write(updated)
        if self.settings is not None and replacing is not None and replacing != preset.name:
            self.settings.rename_preset(replacing, preset.name)

    def delete(self, name: str) -> None:
        """Remove the own preset called ``name``; built-ins cannot be deleted."""
        index = self._index(name)
        if index is None:
            if any(p.name.casefold() == name.casefold() for p in BUILTIN_PRESETS):
                raise PresetError(f"{name!r} is a built-in preset and cannot be deleted")
            raise KeyError(f"No preset of yours is called {name!r}")
        self._write([p for i, p in enumerate(self._presets) if i != index])
        if self.settings is not None:
            self.settings.forget_preset(name)

    def duplicate(self, name: str) -> Preset:
        """Save an editable copy of any preset, called 'NAME (copy)', and return it."""
        original = self.find(name)
        copy = msgspec.structs.replace(original, name=self.free_name(f"{original.name} (copy)"), builtin=False,
                                       id=new_preset_id())
        self.save(copy)
        return copy

    def export(self, path: str | os.PathLike[str], names: Iterable[str] | None = None) -> None:
        """Write the presets called ``names`` (default: all the lifter's own) to a ``.json`` file."""
        chosen = self.presets if names is None else tuple(self.find(n) for n in names)
        copies = [msgspec.structs.replace(p, builtin=False) for p in chosen]
        atomic_write(path, encode_presets(copies))

    def import_file(self, path: str | os.PathLike[str]) -> list[Preset]:
        """Add every preset in ``path``; a name already used gets ' (2)'. All or nothing.

        Raises :class:`PresetFileError` for a bad file; nothing saved changes then.
        """
        incoming = read_presets_file(path)
        added: list[Preset] = []
        updated = list(self._presets)
        taken = {p.name.casefold() for p in (*BUILTIN_PRESETS, *updated)}

        def is_taken(candidate: str) -> bool:
            return candidate.casefold() in taken

        for preset in incoming:
            name = _free_preset_name(preset.name, is_taken)
            taken.add(name.casefold())
            renamed = msgspec.structs.replace(preset, name=name) if name != preset.name else preset
            if any(p.id == renamed.id for p in (*BUILTIN_PRESETS, *updated)):
                renamed = msgspec.structs.replace(renamed, id=new_preset_id())
            updated.append(renamed)
            added.append(renamed)
        self._write(updated)
        return added

    def _index(self, name: str) -> int | None:
        wanted = name.strip().casefold()
        return next((i for i, p in enumerate(self._presets) if p.name.casefold() == wanted), None)

    def _write(self, presets: list[Preset]) -> None:
        """Save first, then change what the program holds: a failed save changes nothing.

        What changed from the presets held is stamped with the time; the file as it is on disk
        now (changed meanwhile on another computer) and any sync tool's conflict copies of it
        are merged in by id, the newest edit of each preset winning.
        """
        if self._unreadable:
            raise PresetError(self.problem or f"{self.path.name} cannot be read")
        now = self._now()
        edited, deleted = dict(self._edited), dict(self._deleted)
        before = {p.id: p for p in self._presets}
        for preset in presets:
            if before.get(preset.id) != preset:
                edited[preset.id] = now
                deleted.pop(preset.id, None)
        for pid in before.keys() - {p.id for p in presets}:
            deleted[pid] = now
            edited.pop(pid, None)
        document = PresetsDocument(SCHEMA_VERSION, list(presets), edited, deleted)
        copies = sync_copies.copies_of(self.path)
        for other in ([self.path] if self.path.exists() else []) + copies:
            try:
                document = merge_documents(document, read_presets_document(other))
            except PresetFileError as error:
                log.warning("not merged: %s", error)  # damaged: left as it is, and never removed below
                copies = [c for c in copies if c != other]
        atomic_write(self.path, encode_presets(document.presets, document.edited, document.deleted))
        for copy in copies:  # all of it is in the file now
            with contextlib.suppress(OSError):
                copy.unlink()
        self._presets, self._edited, self._deleted = document.presets, document.edited, document.deleted
        self.problem = None
