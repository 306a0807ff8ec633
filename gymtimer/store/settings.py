"""The lifter's settings in ``settings.json``: what is remembered about the presets, and other preferences.

The file is shared: :class:`SettingsStore` keeps the last preset and loads and the
load increments under its own keys, and every other part's key (``"sound"``) as it
found it. A file that cannot be used is set aside beside itself and the settings
start afresh, with the reason for a banner.

In a data folder synced between two computers, each change reads the file again and
changes only its own key (a load remembered at the gym is kept when the home computer
remembers another), and a sync tool's conflict copy of ``settings.json`` gives the file
what it lacks (a load, a preference) and is then removed.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeAlias

import msgspec

from gymtimer.core.plan import MAX_LOAD
from gymtimer.core.progression import Increments
from gymtimer.core.units import Unit
from gymtimer.store import paths, sync_copies
from gymtimer.store.atomic import atomic_write
from gymtimer.store.files import back_up_damaged
from gymtimer.store.migrations import SETTINGS_MIGRATIONS, MigrationError

#: Version of ``settings.json`` (version 1 files had no ``schema_version``); bump it with a registered step.
#: Version 3 may carry ``camera`` (store/camera_settings.py).
SETTINGS_SCHEMA_VERSION = 3

#: A value as a JSON file holds it: what another part's key in the file may be, before that part checks it.
JsonValue: TypeAlias = "dict[str, JsonValue] | list[JsonValue] | str | int | float | bool | None"


class LastLoad(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The load last lifted on a preset, in the unit it was entered in."""

    load: float
    unit: Unit

    def __post_init__(self) -> None:
        if not (math.isfinite(self.load) and 0 <= self.load <= MAX_LOAD):
            raise ValueError(f"Load must be between 0 and {MAX_LOAD:g} {self.unit.value}, not {self.load:g}")


class _Memory(msgspec.Struct, forbid_unknown_fields=True):
    last_preset: str | None = None
    last_loads: dict[str, LastLoad] = msgspec.field(default_factory=dict)
    increments: Increments = msgspec.field(default_factory=Increments)


_MEMORY_KEYS = tuple(_Memory.__struct_fields__)


class SettingsStore:
    """``settings.json``: the last preset chosen, the last load per preset and the load increments, and the
    other parts' preferences (the sound) under their own keys, each kept as it was found."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else paths.settings_file()
        #: What went wrong when loading, for a banner; None when all was well.
        self.problem: str | None = None
        self._memory = self._load()
        if sync_copies.copies_of(self.path):
            self._merge_sync_copies()

    def last_preset(self) -> str | None:
        return self._memory.last_preset

    def set_last_preset(self, name: str) -> None:
        self._change(lambda memory: setattr(memory, "last_preset", name))

    def last_load(self, preset_name: str) -> LastLoad | None:
        return self._memory.last_loads.get(preset_name)

    def set_last_load(self, preset_name: str, load: float, unit: Unit) -> None:
        last = LastLoad(load=load, unit=unit)
        self._change(lambda memory: memory.last_loads.__setitem__(preset_name, last))

    def increments(self) -> Increments:
        return self._memory.increments

    def set_increments(self, increments: Increments) -> None:
        self._change(lambda memory: setattr(memory, "increments", increments))

    def rename_preset(self, old: str, new: str) -> None:
        """Carry the remembered load and choice over to a renamed preset."""

        def rename(memory: _Memory) -> None:
            if old in memory.last_loads:
                memory.last_loads[new] = memory.last_loads.pop(old)
            if memory.last_preset == old:
                memory.last_preset = new

        self._change(rename)

    def forget_preset(self, name: str) -> None:
        """Drop what was remembered about a deleted preset."""

        def forget(memory: _Memory) -> None:
            memory.last_loads.pop(name, None)
            if memory.last_preset == name:
                memory.last_preset = None

        self._change(forget)

    def other_setting(self, key: str) -> JsonValue:
        """A preference kept in the same file by another part of the program (e.g. ``"sound"``)."""
        return self._read_document().get(key)

    def set_other_setting(self, key: str, value: Mapping[str, object]) -> None:
        """Save one such preference, leaving every other key of the file as it is."""
        if key in _MEMORY_KEYS or key == "schema_version":
            raise KeyError(f"{key!r} belongs to the remembered presets and loads")
        self._save_document({**self._read_document(), key: value})

    def _read_document(self) -> dict[str, JsonValue]:
        """The whole settings document, upgraded to this version; a file that cannot be used is set aside."""
        if not self.path.exists():
            return {}
        try:
            raw = msgspec.json.decode(self.path.read_bytes())
        except msgspec.DecodeError as error:
            aside = back_up_damaged(self.path)
            self.problem = f"{self.path.name} is not a JSON file ({error}); it was set aside as {aside.name}"
            return {}
        if not isinstance(raw, dict):
            aside = back_up_damaged(self.path)
            self.problem = f"{self.path.name} does not hold settings; it was set aside as {aside.name}"
            return {}
        raw.setdefault("schema_version", 1)  # written before settings said their version
        version = raw["schema_version"]
        if isinstance(version, int) and not isinstance(version, bool) and version > SETTINGS_SCHEMA_VERSION:
            aside = back_up_damaged(self.path)
            self.problem = (
                f"{self.path.name} was written by a newer GymTimer (format {version}; this one reads up to "
                f"{SETTINGS_SCHEMA_VERSION}); it was set aside as {aside.name} and the settings start afresh"
            )
            return {}
        try:
            raw = SETTINGS_MIGRATIONS.upgrade(raw, SETTINGS_SCHEMA_VERSION)
        except MigrationError as error:
            aside = back_up_damaged(self.path)
            self.problem = f"{self.path.name}: {error}; it was set aside as {aside.name}"
            return {}
        raw.pop("schema_version")
        return raw

    def _save_document(self, document: Mapping[str, object]) -> None:
        """Write the settings, their format version first."""
        stamped = {"schema_version": SETTINGS_SCHEMA_VERSION, **document}
        atomic_write(self.path, msgspec.json.format(msgspec.json.encode(stamped), indent=2) + b"\n")

    def _load(self) -> _Memory:
        document = self._read_document()
        mine = {key: document[key] for key in _MEMORY_KEYS if key in document}
        try:
            return msgspec.convert(mine, _Memory)
        except msgspec.ValidationError as error:
            # Other preferences in the file are fine: keep them in place, keep a copy of the whole.
            aside = back_up_damaged(self.path, keep_original=True)
            self.problem = (
                f"{self.path.name}: the remembered presets and loads were damaged ({error}); "
                f"a copy was kept as {aside.name} and they start afresh"
            )
            return _Memory()

    def _change(self, change: Callable[[_Memory], None]) -> None:
        """Apply ``change`` to the file as it is now (another computer may have changed it) and save it."""
        document = self._read_document()  # keep what other parts, or another computer, saved meanwhile
        mine = {key: document[key] for key in _MEMORY_KEYS if key in document}
        with contextlib.suppress(msgspec.ValidationError):  # damaged on disk: what is held is written
            self._memory = msgspec.convert(mine, _Memory)
        change(self._memory)
        document.update(msgspec.to_builtins(self._memory))
        self._save_document(document)

    def _merge_sync_copies(self) -> None:
        """A sync tool's copies of the file: what the file lacks is taken from them, then they are removed."""
        document = self._read_document()
        copies = sync_copies.copies_of(self.path)
        merged = []
        for copy in copies:
            try:
                other = msgspec.json.decode(copy.read_bytes())
            except (OSError, msgspec.DecodeError):
                continue  # not readable: left where it is
            if not isinstance(other, dict) or other.get("schema_version", 1) != SETTINGS_SCHEMA_VERSION:
                continue
            loads = other.get("last_loads")
            if isinstance(loads, dict) and isinstance(document.get("last_loads", {}), dict):
                document["last_loads"] = {**loads, **document.get("last_loads", {})}  # type: ignore[dict-item]
            for key, value in other.items():
                if key != "schema_version":
                    document.setdefault(key, value)
            merged.append(copy)
        if not merged:
            return
        mine = {key: document[key] for key in _MEMORY_KEYS if key in document}
        try:
            memory = msgspec.convert(mine, _Memory)
            self._save_document(document)
        except (msgspec.ValidationError, OSError):
            return
        self._memory = memory
        for copy in merged:
            with contextlib.suppress(OSError):
                copy.unlink()
