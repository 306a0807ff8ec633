"""The one module that knows where GymTimer keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "GymTimer"
#: Set by ``--data-dir`` (and by tests) to keep every file in one folder.
DATA_DIR_ENV = "GYMTIMER_DATA_DIR"

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
    import platformdirs  # only when no folder was given: --data-dir starts without it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=True))


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


def lock_file(base: Path | None = None) -> Path:
    """Held while a GymTimer writes to this data folder."""
    return (base if base is not None else data_dir()) / "gymtimer.lock"
