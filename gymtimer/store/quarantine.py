"""Setting aside files that cannot be read: moved, bytes untouched, never deleted or overwritten."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from gymtimer.store.files import candidates, dashed

#: Beside each set-aside file, a short text saying why it was set aside.
REASON_SUFFIX = ".reason.txt"


def move_without_overwriting(source: Path, folder: Path) -> Path:
    """Move ``source`` into ``folder`` under its own name, or ``name-2``, ``name-3``… if taken.

    A hard link then an unlink never replaces an existing file, unlike a rename.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in candidates(source.name, dashed(source.name)):
        target = folder / name
        try:
            os.link(source, target)
        except FileExistsError:
            continue
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            # No hard links on this file system: check, then rename (a rare race at worst).
            if target.exists():
                continue
            os.replace(source, target)
            return target
        os.unlink(source)
        return target
    raise FileExistsError(errno.EEXIST, f"No free name for {source.name} in {folder}")


def move_to_quarantine(path: Path, folder: Path, reason: str) -> Path:
    """Move ``path`` into the quarantine ``folder`` and note ``reason`` beside it."""
    target = move_without_overwriting(path, folder)
    with contextlib.suppress(OSError):  # the note is a courtesy; the file itself is what matters
        (folder / f"{target.name}{REASON_SUFFIX}").write_text(reason + "\n", encoding="utf-8")
    return target


def reason_for(path: Path) -> str:
    """Why ``path`` (a file in quarantine) was set aside, as noted when it was moved."""
    try:
        return path.with_name(path.name + REASON_SUFFIX).read_text(encoding="utf-8").strip()
    except OSError:
        return "set aside earlier"
