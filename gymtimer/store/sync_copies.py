"""The copies sync tools make when a file changed on two computers at once, recognised by their names.

- Syncthing: ``name.sync-conflict-20261206-101010-ABCDEFG.json``
- Dropbox: ``name (conflicted copy 2026-12-06).json``, ``name (Ann's conflicted copy 2026-12-06).json``
- Nextcloud and ownCloud: ``name (conflicted copy 2026-12-06 101010).json``
- many tools, and a copy made by hand: ``name (1).json``, ``name (2).json``
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from gymtimer.store.files import free_name

#: Compiled on first use (by ``re``, which keeps it): not while the app starts.
_MARK = (
    r"(?:\.sync-conflict-\d{8}-\d{6}-[0-9A-Za-z]{7}"  # Syncthing
    r"| \([^()]*conflicted copy[^()]*\)"  # Dropbox, Nextcloud, ownCloud
    r"| \(\d{1,4}\))"  # "(1)"
    r"(?P<suffix>\.[0-9A-Za-z]+)$"
)


def original_name(name: str) -> str | None:
    """The name of the file ``name`` is a sync tool's conflict copy of, or None when it is none."""
    if " (" not in name and ".sync-conflict-" not in name:  # every mark starts so: most names need no pattern
        return None
    match = re.search(_MARK, name)
    if match is None or match.start() == 0:
        return None
    return name[: match.start()] + match.group("suffix")


def is_conflict_copy(name: str) -> bool:
    return original_name(name) is not None


def copies_of(path: Path) -> list[Path]:
    """The conflict copies of ``path`` lying beside it, oldest name first."""
    try:
        names = sorted(p.name for p in path.parent.iterdir())
    except OSError:
        return []
    return [path.with_name(n) for n in names if original_name(n) == path.name]


def conflict_copy_name(name: str, when: dt.date, number: int | None = None) -> str:
    """The name GymTimer gives a second version of ``name`` it must keep beside it (the way Dropbox does)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    counted = f" {number}" if number is not None else ""
    return f"{stem} (conflicted copy {when:%Y-%m-%d}{counted}){'.' + suffix if suffix else ''}"


def free_copy_path(path: Path, when: dt.date) -> Path:
    """A free name beside ``path`` for a second version of it, named as :func:`conflict_copy_name` names one."""
    return path.with_name(free_name(
        conflict_copy_name(path.name, when),
        lambda number: conflict_copy_name(path.name, when, number),
        lambda candidate: path.with_name(candidate).exists()))
