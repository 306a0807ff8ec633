"""Keep my data in…: the data folder moved (or copied) to a folder the lifter picks, a synced one say.

Safe at every step: each file is copied and read back before anything of the old folder
is removed; a file already in the new folder is never overwritten (an identical one is
used as it is, a different one kept beside it under a conflict copy's name, which the
history recognises); a folder that already holds GymTimer's data (the other computer's,
synced) is used and merged with: sessions side by side, presets by id with the newest
edit winning, settings with what the new folder lacks. The choice is remembered in a small
file in the platform's config folder (:func:`gymtimer.store.paths.pointer_file`), because
``settings.json`` itself moves with the data; ``--data-dir`` and ``GYMTIMER_DATA_DIR`` still
come first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from gymtimer.store import paths, sync_copies
from gymtimer.store.atomic import SaveError, atomic_write
from gymtimer.store.presets import (
    PresetFileError,
    decode_presets_document,
    encode_presets,
    merge_documents,
    read_presets_document,
)

#: What a GymTimer data folder holds at its top: a folder holding one of them is one.
_MARKERS = ("sessions", "presets.json", "settings.json")
#: A GymTimer folder made inside a picked folder that holds other things.
FOLDER_NAME = paths.APP_NAME


class MoveError(Exception):
    """The data could not be moved; ``str()`` says why in a lifter's words. Nothing was removed."""


@dataclass
class MoveResult:
    """What moving the data did."""

    target: Path
    copied: list[str] = field(default_factory=list)  #: files copied, relative to the data folder
    already_there: list[str] = field(default_factory=list)  #: the same file was in the new folder: used as it is
    kept_beside: list[str] = field(default_factory=list)  #: a different version was there: ours kept beside it
    merged: list[str] = field(default_factory=list)  #: presets.json, settings.json merged with the new folder's
    joined_existing: bool = False  #: the new folder already held GymTimer data
    removed_old: bool = False  #: the old folder's files were removed once the copies were checked

    def summary(self) -> str:
        """One line for the lifter."""
        sessions = sum(1 for name in self.copied + self.kept_beside if name.startswith("sessions/"))
        joined = " and joined with the GymTimer data already there" if self.joined_existing else ""
        both = (f"; {len(self.kept_beside)} file(s) that differed from the ones there were kept beside them"
                if self.kept_beside else "")
        return f"Your data is now in {self.target}{joined} ({sessions} session file(s) copied{both})."


def is_data_folder(folder: Path) -> bool:
    return any((folder / marker).exists() for marker in _MARKERS)


def target_for(picked: Path) -> Path:
    """Where the data goes for a picked folder: it, when it is a GymTimer folder or empty; else a GymTimer folder in it."""
    picked = Path(picked).expanduser()
    if is_data_folder(picked) or not picked.exists():
        return picked
    if is_data_folder(picked / FOLDER_NAME):
        return picked / FOLDER_NAME
    with contextlib.suppress(OSError):
        if not any(picked.iterdir()):
            return picked
    return picked / FOLDER_NAME


def _is_ours(relative: Path) -> bool:
    """Files that move: not a lock (each computer's own) and not a half-written temporary file."""
    name = relative.name
    if name.startswith(".") or name.endswith(".rmlink"):
        return False
    return not (len(relative.parts) == 1 and name.startswith(paths.LOCK_PREFIX) and name.endswith(paths.LOCK_SUFFIX))


def move_data(source: Path, picked: Path, *, keep_old: bool = False, today: dt.date | None = None,
              progress: Callable[[int, int], None] | None = None) -> MoveResult:
    """Copy the data folder ``source`` to the folder for ``picked``, check every copy, remember it, then remove the old.

    ``keep_old`` leaves the old folder as it is (a copy, not a move); ``progress(done, total)`` hears
    each file copied (ten years of sessions take seconds: each copy is flushed to disk). Raises :class:`MoveError`
    before anything of the old folder is removed and before the choice is remembered.
    """
    source = Path(source).resolve()
    target = target_for(picked).resolve()
    if target == source:
        raise MoveError(f"Your data is already in {target}.")
    if target.is_relative_to(source) or source.is_relative_to(target):
        raise MoveError(f"{target} is inside your data folder or holds it: pick a folder beside it.")
    from gymtimer.store.instance_lock import InstanceLock

    lock = InstanceLock(paths.lock_file(target))
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise MoveError(f"Could not make the folder {target}: {error.strerror or error}") from error
    if not lock.acquire():
        raise MoveError(lock.holder_message())
    try:
        result = MoveResult(target=target, joined_existing=is_data_folder(target))
        checked = _copy_all(source, target, result, today or dt.date.today(), progress)
        _remember(target)
    finally:
        lock.release()
    if not keep_old:
        for path in checked:
            with contextlib.suppress(OSError):
                path.unlink()
        for folder in sorted((p for p in source.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty: anything not checked stays
        result.removed_old = True
    return result


def _copy_all(source: Path, target: Path, result: MoveResult, today: dt.date,
              progress: Callable[[int, int], None] | None) -> list[Path]:
    """Copy and check every file; the old files whose data is now in ``target`` (to remove once all is checked)."""
    checked: list[Path] = []
    try:
        files = sorted(p for p in source.rglob("*") if p.is_file() and _is_ours(p.relative_to(source)))
    except OSError as error:
        raise MoveError(f"Could not read your data folder {source}: {error.strerror or error}") from error
    for path in files:
        relative = path.relative_to(source)
        destination = target / relative
        name = relative.as_posix()
        try:
            data = path.read_bytes()
            if name in ("presets.json", "settings.json") and destination.exists():
                _merge_into(name, data, destination)
                result.merged.append(name)
            elif destination.exists():
                if destination.read_bytes() == data:
                    result.already_there.append(name)
                else:
                    _copy_checked(data, path, sync_copies.free_copy_path(destination, today))
                    result.kept_beside.append(name)
            else:
                _copy_checked(data, path, destination)
                result.copied.append(name)
        except (OSError, SaveError) as error:
            raise MoveError(f"Could not copy {name} to {target}: {getattr(error, 'strerror', None) or error}. "
                            "Nothing was removed from your data folder.") from error
        checked.append(path)
        if progress is not None:
            progress(len(checked), len(files))
    return checked


def _copy_checked(data: bytes, original: Path, destination: Path) -> None:
    """Write ``data`` atomically, keep the original's time, read it back: OSError when the copy differs."""
    atomic_write(destination, data)
    info = original.stat()
    os.utime(destination, ns=(info.st_atime_ns, info.st_mtime_ns))
    if destination.read_bytes() != data:
        raise OSError(f"the copy of {original.name} does not read back the same")


def _merge_into(name: str, data: bytes, destination: Path) -> None:
    """presets.json by id (newest edit wins), settings.json keeping the new folder's and adding what it lacks."""
    if name == "presets.json":
        try:
            merged = merge_documents(read_presets_document(destination), decode_presets_document(data, name))
        except PresetFileError as error:
            raise OSError(str(error)) from error
        atomic_write(destination, encode_presets(merged.presets, merged.edited, merged.deleted))
        return
    try:
        theirs, mine = msgspec.json.decode(destination.read_bytes()), msgspec.json.decode(data)
    except msgspec.DecodeError as error:
        raise OSError(f"settings.json is not readable ({error})") from error
    if not (isinstance(theirs, dict) and isinstance(mine, dict)):
        raise OSError("settings.json does not hold settings")
    if mine.get("schema_version", 1) != theirs.get("schema_version", 1):
        raise OSError("the two settings.json files are of different GymTimer versions: update GymTimer on both")
    loads = {**(mine.get("last_loads") or {}), **(theirs.get("last_loads") or {})}
    merged_settings = {**mine, **theirs}
    if loads:
        merged_settings["last_loads"] = loads
    atomic_write(destination, msgspec.json.format(msgspec.json.encode(merged_settings), indent=2) + b"\n")


def _remember(target: Path) -> None:
    """Write the pointer file (or remove it when the platform's own folder is chosen again)."""
    pointer = paths.pointer_file()
    try:
        if target == paths.default_data_dir().resolve():
            pointer.unlink(missing_ok=True)
        else:
            atomic_write(pointer, f"{target}\n".encode())
    except (OSError, SaveError) as error:
        raise MoveError(f"Could not remember the new folder in {pointer}: {error}. "
                        "Nothing was removed from your data folder.") from error
