"""One GymTimer at a time per data folder and computer: a second copy says the first is running.

The lock is scoped by the computer's name (``gymtimer-<host>.lock``): a data folder synced
between two computers is used by both at once, and neither blocks the other.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from gymtimer.store import paths


class InstanceLock:
    """This computer's lock file in the data folder; a lock left by a crashed copy here is taken over."""

    def __init__(self, path: Path | None = None, *, host: str | None = None) -> None:
        self.path = Path(path) if path is not None else paths.lock_file(host=host)
        self._lock = QLockFile(str(self.path))
        # 0: never age out a live holder; Qt still takes over a lock whose process is gone.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        """Take the lock; False when another running GymTimer holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return self._lock.tryLock(0)

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()

    @property
    def held(self) -> bool:
        return self._lock.isLocked()

    def problem_title(self) -> str:
        """The title of the message that says why GymTimer did not start."""
        if self._lock.error() == QLockFile.LockError.PermissionError:
            return "GymTimer cannot use its data folder"
        return "GymTimer is already running"

    def holder_message(self) -> str:
        """Why we could not start, in a lifter's words."""
        info = self._lock.getLockInfo()  # PySide6: (pid, hostname, appname), or a falsy value
        pid, host = (info[0], info[1]) if info and len(info) == 3 else (0, "")
        where = f" (process {pid} on {host})" if pid else ""
        if self._lock.error() == QLockFile.LockError.PermissionError:
            return f"GymTimer cannot write to {self.path.parent}: check the folder's permissions."
        return (
            f"GymTimer is already running{where}. Switch to that window, or close it first: "
            "two copies would both write the same sessions."
        )
