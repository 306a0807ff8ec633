"""The one module that knows where GymTimer keeps its files."""

from __future__ import annotations

import os
import platform
from pathlib import Path

APP_NAME = "GymTimer"
#: Set by ``--data-dir`` (and by tests) to keep every file in one folder.
DATA_DIR_ENV = "GYMTIMER_DATA_DIR"

#: Set by tests to keep the pointer to a moved data folder out of the real config folder.
CONFIG_DIR_ENV = "GYMTIMER_CONFIG_DIR"
#: The small file, in the platform's config folder, that names a data folder the lifter chose.
POINTER_NAME = "data-folder.txt"

_override: Path | None = None


def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    """Use ``path`` instead of the platform's data folder (``None`` restores the default)."""
    global _override
    _override = Path(path).expanduser().resolve() if path is not None else None


def data_dir() -> Path:
    """The user's data folder: sessions, presets, settings live below it."""
    if _override is not None:
        return _override
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    chosen = chosen_data_dir()
    if chosen is not None:
        return chosen
    return default_data_dir()


def default_data_dir() -> Path:
    """The platform's user data folder, where the data lives unless the lifter chose another."""
    import platformdirs  # only when no folder was given: --data-dir starts without it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=True))


def data_dir_given() -> str | None:
    """How the data folder was given for this run (``--data-dir`` or the environment), or None."""
    if _override is not None:
        return "--data-dir"
    if os.environ.get(DATA_DIR_ENV):
        return DATA_DIR_ENV
    return None


def config_dir() -> Path:
    """The platform's config folder for GymTimer (settings.json lives in the data folder, not here)."""
    env = os.environ.get(CONFIG_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=True))


def pointer_file() -> Path:
    """Names the data folder chosen with "Keep my data in…"; absent while the default is used."""
    return config_dir() / POINTER_NAME


def chosen_data_dir() -> Path | None:
    """The data folder the lifter chose, as the pointer file names it (None: no choice, or unreadable)."""
    try:
        text = pointer_file().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(text).expanduser() if text else None


def chosen_data_dir_missing() -> Path | None:
    """The chosen data folder when it is in use and not there (a drive or a synced folder not connected)."""
    if data_dir_given() is not None:
        return None
    chosen = chosen_data_dir()
    return chosen if chosen is not None and not chosen.is_dir() else None


def host_name() -> str:
    """This computer's name, as a file name may carry it (two computers syncing one folder differ by it)."""
    # platform's name is socket's host name (uname's node, or socket's where there is no uname); socket's
    # import costs a start-up 3 ms, platform's none on Linux, where msgspec's uuid imports it (docs/performance.md).
    # Kept by hand rather than by a pattern: compiling one is 0.7 million instructions before the first paint.
    return "".join(c if c in _NAME_CHARACTERS else "_" for c in platform.node()) or "this-computer"


#: What a host name keeps in a file's name (the rest becomes "_").
_NAME_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")


def sessions_dir(base: Path | None = None) -> Path:
    """One JSON file per session."""
    return (base if base is not None else data_dir()) / "sessions"


def quarantine_dir(base: Path | None = None) -> Path:
    """Damaged or too-new files are moved here, bytes untouched, never deleted."""
    return (base if base is not None else data_dir()) / "quarantine"


def trash_dir(base: Path | None = None) -> Path:
    """Sessions the lifter deleted, kept so that delete can be undone."""
    return (base if base is not None else data_dir()) / "trash"


def presets_file() -> Path:
    """The lifter's own presets (the built-ins live in the code)."""
    return data_dir() / "presets.json"


def settings_file() -> Path:
    """Lifter preferences: unit, sound scheme, volume, increments, last loads."""
    return data_dir() / "settings.json"


LOCK_PREFIX = "gymtimer-"
LOCK_SUFFIX = ".lock"


def lock_file(base: Path | None = None, host: str | None = None) -> Path:
    """Held while a GymTimer on ``host`` (this computer by default) writes to this data folder.

    One lock per computer: a folder synced between two computers is used by both at once,
    each through its own lock, and each sees only its own computer's copies of GymTimer.
    """
    return (base if base is not None else data_dir()) / f"{LOCK_PREFIX}{host or host_name()}{LOCK_SUFFIX}"


def other_hosts_locks(base: Path | None = None, host: str | None = None) -> list[Path]:
    """The lock files other computers left in this (synced) data folder: GymTimer may run there now."""
    folder = base if base is not None else data_dir()
    mine = lock_file(folder, host).name
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [folder / n for n in sorted(names)
            if n.startswith(LOCK_PREFIX) and n.endswith(LOCK_SUFFIX) and n != mine]
