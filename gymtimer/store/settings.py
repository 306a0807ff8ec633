"""The lifter's settings in ``settings.json``: what is remembered about the presets, and other preferences.

The file is shared: :class:`SettingsStore` keeps the last preset and loads and the
load increments under its own keys, and every other part's key (``"sound"``) as it
found it. A file that cannot be used is set aside beside itself and the settings
start afresh, with the reason for a banner.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TypeAlias

import msgspec

from gymtimer.core.plan import MAX_LOAD
from gymtimer.core.progression import Increments
from gymtimer.core.units import Unit
from gymtimer.store import paths
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

    def last_preset(self) -> str | None:
        return self._memory.last_preset

    def set_last_preset(self, name: str) -> None:
        self._memory.last_preset = name
        self._write()

    def last_load(self, preset_name: str) -> LastLoad | None:
        return self._memory.last_loads.get(preset_name)

    def set_last_load(self, preset_name: str, load: float, unit: Unit) -> None:
        self._memory.last_loads[preset_name] = LastLoad(load=load, unit=unit)
        self._write()

    def increments(self) -> Increments:
        return self._memory.increments

    def set_increments(self, increments: Increments) -> None:
        self._memory.increments = increments
        self._write()

    def rename_preset(self, old: str, new: str) -> None:
        """Carry the remembered load and choice over to a renamed preset."""
        loads = self._memory.last_loads
        if old in loads:
            loads[new] = loads.pop(old)
        if self._memory.last_preset == old:
            self._memory.last_preset = new
        self._write()

    def forget_preset(self, name: str) -> None:
        """Drop what was remembered about a deleted preset."""
        self._memory.last_loads.pop(name, None)
        if self._memory.last_preset == name:
            self._memory.last_preset = None
        self._write()

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

    def _write(self) -> None:
        document = self._read_document()  # keep what other parts of the program saved meanwhile
        document.update(msgspec.to_builtins(self._memory))
        self._save_document(document)
