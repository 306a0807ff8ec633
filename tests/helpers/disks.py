"""Disks that fail on demand: a real small tmpfs where this machine can mount one, else injected faults."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gymtimer.store import atomic


class TmpfsDisk:
    """A real 256 KiB tmpfs: truly read-only, truly full (needs root and mount)."""

    kind = "tmpfs"

    def __init__(self, mountpoint: Path) -> None:
        self.mountpoint = mountpoint
        self.folder = mountpoint / "sessions"

    @classmethod
    def mount(cls, mountpoint: Path) -> TmpfsDisk | None:
        mountpoint.mkdir()
        if os.geteuid() != 0 or shutil.which("mount") is None:
            return None
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mountpoint)],
                              capture_output=True)
        if done.returncode != 0:
            return None
        disk = cls(mountpoint)
        disk.folder.mkdir()
        return disk

    def make_read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.mountpoint)], check=True)

    def make_writable(self) -> None:
        subprocess.run(["mount", "-o", "remount,rw", str(self.mountpoint)], check=True)

    def fill(self) -> None:
        with open(self.mountpoint / "filler", "wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * 4096)
            except OSError as error:
                assert error.errno == errno.ENOSPC

    def free(self) -> None:
        (self.mountpoint / "filler").unlink()

    def unmount(self) -> None:
        subprocess.run(["umount", "-l", str(self.mountpoint)], check=False)


class FaultyDisk:
    """A plain folder whose atomic writes fail with the errno a read-only or full disk gives.

    Used where mount is not allowed (not root, or a container without the capability):
    the fault is injected at the temporary file the atomic write starts with.
    """

    kind = "fault-injecting"

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = folder / "sessions"
        self.folder.mkdir(parents=True)
        self.failure: int | None = None
        real_mkstemp = atomic.tempfile.mkstemp

        def mkstemp(*args, **kwargs):
            inside = Path(kwargs.get("dir", "")).is_relative_to(self.folder)
            if self.failure is not None and inside:
                raise OSError(self.failure, os.strerror(self.failure))
            return real_mkstemp(*args, **kwargs)

        monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)

    def make_read_only(self) -> None:
        self.failure = errno.EROFS

    def fill(self) -> None:
        self.failure = errno.ENOSPC

    def make_writable(self) -> None:
        self.failure = None

    free = make_writable

    def unmount(self) -> None:
        pass
