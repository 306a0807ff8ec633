"""Atomic file writes: the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class SaveError(OSError):
    """A file could not be saved; ``str()`` says why in a lifter's words."""

    def __str__(self) -> str:
        # OSError's own text would start with "[Errno 28]": not for a banner.
        return self.strerror or super().__str__()


def _umask() -> int:
    """The process's umask (reading it means setting it: it is put back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], *, shared: bool = False) -> Iterator[BinaryIO]:
    """Write to a temporary file beside ``path``; on success fsync it and move it into place.

    On any error the temporary file is removed and ``path`` is left exactly as it was.
    The file is readable by its owner alone unless ``shared``: then it gets the permissions
    of any new file (0666 less the umask), for a file the lifter hands to other programs.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if shared and os.name == "posix":
            os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(target.parent)


def atomic_write(path: str | os.PathLike[str], data: bytes, *, shared: bool = False) -> None:
    """Replace ``path`` with ``data`` atomically; raises :class:`SaveError` with a plain message.

    ``shared``: a file for other programs, with a new file's usual permissions (see :func:`atomic_open`).
    """
    try:
        with atomic_open(path, shared=shared) as handle:
            handle.write(data)
    except OSError as error:
        raise SaveError(error.errno, describe_os_error(error, Path(path))) from error


def describe_os_error(error: OSError, path: Path) -> str:
    """'The disk is full', 'The folder … is read-only', … for a banner."""
    import errno

    folder = path.parent
    if error.errno == errno.ENOSPC:
        return f"The disk is full: could not save {path.name}"
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"The folder {folder} is read-only: could not save {path.name}"
    if error.errno == errno.EDQUOT:
        return f"Your disk quota is used up: could not save {path.name}"
    return f"Could not save {path.name}: {error.strerror or error}"


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
