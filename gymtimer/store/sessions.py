"""The lifter's history: every session file in the data folder, loaded, recovered, imported, trashed."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import gymtimer
from gymtimer.core.history import History
from gymtimer.core.records import SessionRecord
from gymtimer.core.units import Unit
from gymtimer.store import paths, session_files, sync_copies
from gymtimer.store.atomic import SaveError, atomic_write
from gymtimer.store.files import free_path
from gymtimer.store.journal import SessionJournal
from gymtimer.store.quarantine import REASON_SUFFIX, move_to_quarantine, move_without_overwriting, reason_for
from gymtimer.store.session_files import NotAFileError, SessionFileError
from gymtimer.store.tracker_import import TrackerFileError, looks_like_tracker_csv, read_tracker_csv

log = logging.getLogger(__name__)

#: An open session on another computer whose file has not changed for this long is taken as interrupted.
OPEN_ELSEWHERE_SECONDS = 6 * 3600

#: A tracker's export of years of training is a few MB: a larger file is not one.
MAX_TRACKER_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """A file that could not be read: its name and why, in plain words."""

    name: str
    message: str
    path: Path | None = None  #: where the file is now (in quarantine when it could be moved)

    def __post_init__(self) -> None:
        # A name that is not valid text (bytes from another system) is shown with a stand-in character.
        object.__setattr__(self, "name", self.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))

    def __str__(self) -> str:
        return f"{self.name}: {self.message}"


@dataclass(frozen=True)
class SyncConflict:
    """A session changed on two computers at once: the version shown, and the other versions' files, all kept."""

    session: SessionRecord
    shown: Path
    others: tuple[Path, ...]

    def __str__(self) -> str:
        when = self.session.started_at.astimezone().strftime("%a %d %b %Y %H:%M")
        kept = ", ".join(p.name for p in self.others)
        return (f"The session of {when} was changed on two computers: {self.shown.name} is shown, "
                f"the other version is kept as {kept}")


@dataclass
class LoadResult:
    """Every session that loaded, oldest first, and every file that did not."""

    sessions: list[SessionRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  #: found (and set aside) by this load
    set_aside: list[Problem] = field(default_factory=list)  #: everything in quarantine, this load's included
    #: Sessions a sync tool found changed on two computers: both versions are kept, one is shown.
    conflicts: list[SyncConflict] = field(default_factory=list)


@dataclass
class RefreshResult:
    """What :meth:`SessionStore.refresh` found changed in the sessions folder."""

    added: list[SessionRecord] = field(default_factory=list)
    replaced: list[SessionRecord] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  #: ids of sessions whose file went away
    conflicts: list[SyncConflict] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.replaced or self.removed or self.conflicts)


@dataclass
class ImportResult:
    """What an import did with each file it was given."""

    imported: list[SessionRecord] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  #: file names of sessions already in the history
    problems: list[Problem] = field(default_factory=list)
    #: Per tracker export read (Strong, Hevy): a line on what it held that is not imported.
    notes: list[str] = field(default_factory=list)


class SessionStore:
    """The sessions of one data folder (the platform's, ``--data-dir``'s, or a test's)."""

    def __init__(self, data_dir: str | os.PathLike[str] | None = None) -> None:
        base = Path(data_dir) if data_dir is not None else paths.data_dir()
        self.data_dir = base
        #: the store of the lifter's own data folder, wherever it is: it stops following once that moves
        self._follows_choice = data_dir is None
        self.sessions_dir = paths.sessions_dir(base)
        self.quarantine_dir = paths.quarantine_dir(base)
        self.trash_dir = paths.trash_dir(base)
        self._paths: dict[str, Path] = {}  # session id -> its file, as last loaded or saved
        #: each file as last read or written (size, time, inode): refresh reads only what changed since
        self._signatures: dict[str, tuple[int, int, int]] = {}  # by file name in the sessions folder
        #: sessions this store's journals write (lifted here): not news when their files change
        self._writing: set[str] = set()
        #: the other versions of a session already reported, so that each is told once
        self._told: set[Path] = set()
        #: the sessions in memory, kept in step with the files by every method here
        self.history = History()
        self._loaded = False

    # ------------------------------------------------------------------ reading

    def load_all(self) -> LoadResult:
        """Read every session file; unreadable ones are moved to quarantine and reported by name."""
        result = LoadResult()
        self._paths.clear()
        self._signatures.clear()
        self._bring_back_readable_from_quarantine()
        loaded: dict[str, SessionRecord] = {}
        others: dict[str, list[Path]] = {}
        # Conflict copies after the files they are copies of: the original is the one shown.
        files = sorted(self._session_files(self.sessions_dir, any_kind=True),
                       key=lambda p: (sync_copies.is_conflict_copy(p.name), p.name))
        for path in files:
            signature = _signature(path)
            try:
                session = session_files.decode(session_files.read_bytes(path))
            except NotAFileError as error:
                # A folder, a pipe or a broken link is not GymTimer's to move: report it, leave it.
                result.problems.append(Problem(path.name, f"{error}; it was left where it is", path))
                continue
            except SessionFileError as error:
                result.problems.append(self._quarantine(path, str(error)))
                continue
            except OSError as error:
                # Unreadable right now (permissions, I/O): report, but leave the file where it is.
                result.problems.append(Problem(path.name, f"could not be read: {error.strerror or error}", path))
                continue
            except Exception as error:  # one file must never stop the history loading (logged below)
                log.exception("could not read %s", path)
                result.problems.append(Problem(path.name, f"could not be read ({type(error).__name__}); "
                                                          "it was left where it is", path))
                continue
            if signature is not None:
                self._signatures[path.name] = signature
            if session.id in self._paths:
                if sync_copies.is_conflict_copy(path.name):
                    if not self._same_session_again(path, session, loaded[session.id]):
                        others.setdefault(session.id, []).append(path)
                    continue
                other = self._paths[session.id].name
                result.problems.append(Problem(path.name, f"is a second copy of {other}; only one is shown", path))
                continue
            self._paths[session.id] = path
            loaded[session.id] = session
            result.sessions.append(session)
        result.sessions.sort(key=lambda s: s.started_at)
        result.set_aside = self.set_aside_files()
        result.conflicts = [SyncConflict(loaded[i], self._paths[i], tuple(p)) for i, p in others.items()]
        self._told = {p for c in result.conflicts for p in c.others}
        self._loaded = True
        self.history.reset(result.sessions)
        return result

    def refresh(self) -> RefreshResult:
        """Read what changed in the sessions folder since the last load or refresh (synced in from another computer).

        A new finished session joins the history, a changed one replaces its copy, a session whose
        file went away leaves it. A file that cannot be read yet (still arriving) is tried again at
        the next refresh, and set aside only by the next start's :meth:`load_all`. A session still
        being lifted (here or on the other computer) waits until it is finished.
        """
        result = RefreshResult()
        if not self._loaded:
            return result
        if self._follows_choice and paths.data_dir() != self.data_dir:
            return result  # the data was moved (Keep my data in…): its old files leaving are no news
        current = self._scan()
        if current is None:
            return result
        for name in [n for n in self._signatures if n not in current]:
            del self._signatures[name]
            path = self.sessions_dir / name
            self._told.discard(path)
            session_id = next((i for i, p in self._paths.items() if p == path), None)
            if session_id is not None and self.history.find(session_id) is not None:
                del self._paths[session_id]
                self.history.remove(session_id)
                result.removed.append(session_id)
        # The files this store's journals are writing (a workout in progress here): no news, and not read.
        lifting = {self._paths[i].name for i in self._writing if i in self._paths and self.history.find(i) is None}
        changed = [n for n, sig in current.items() if self._signatures.get(n) != sig and n not in lifting]
        for name in sorted(changed, key=lambda n: (sync_copies.is_conflict_copy(n), n)):
            path = self.sessions_dir / name
            try:
                session = session_files.decode(session_files.read_bytes(path))
            except Exception as error:  # noqa: BLE001 - maybe half arrived: tried again at the next change
                log.info("could not read %s yet: %s", path.name, error)
                continue
            self._signatures[name] = current[name]
            known = self.history.find(session.id)
            if known is None and (session.id in self._writing or session.ended_at is None):
                continue  # being lifted: it joins the history when finished
            own = self._paths.get(session.id)
            if known is None:
                self._paths[session.id] = path
                self.history.add(session)
                result.added.append(session)
            elif own is None or own == path or not own.exists():
                self._paths[session.id] = path
                if session != known:
                    self.history.replace(session)
                    result.replaced.append(session)
            elif sync_copies.is_conflict_copy(path.name):
                if not self._same_session_again(path, session, known) and path not in self._told:
                    self._told.add(path)
                    result.conflicts.append(SyncConflict(known, own, (path,)))
            else:
                log.warning("%s is a second copy of %s; only one is shown", path.name, own.name)
        return result

    def _same_session_again(self, copy: Path, session: SessionRecord, shown: SessionRecord) -> bool:
        """A sync tool's copy holding the very session shown is redundant: it goes to the trash folder (never
        deleted: the lifter's files are only ever moved), and True."""
        if session != shown:
            return False
        try:
            move_without_overwriting(copy, self.trash_dir)
        except OSError as error:
            log.warning("could not move %s, a copy of a session shown, to the trash: %s", copy.name, error)
        self._signatures.pop(copy.name, None)
        return True

    def _written(self, path: Path) -> None:
        """Remember a file this store wrote, so that refresh does not read it back as news."""
        signature = _signature(path)
        if signature is not None:
            self._signatures[path.name] = signature

    def set_aside_files(self) -> list[Problem]:
        """Every file in quarantine, with the reason noted when it was set aside."""
        return [Problem(path.name, reason_for(path), path) for path in self._session_files(self.quarantine_dir)]

    def path_of(self, session: SessionRecord) -> Path:
        """The file ``session`` lives in (where it was loaded from, or where it will be written)."""
        return self._paths.get(session.id) or self.sessions_dir / session_files.file_name(session)

    def _scan(self) -> dict[str, tuple[int, int, int]] | None:
        """Each session file's name and signature; None when the folder cannot be listed right now."""
        found: dict[str, tuple[int, int, int]] = {}
        try:
            with os.scandir(self.sessions_dir) as entries:
                for entry in entries:
                    name = entry.name
                    if not name.endswith(session_files.SUFFIX) or name.startswith("."):
                        continue
                    with contextlib.suppress(OSError):
                        if entry.is_file():
                            info = entry.stat()
                            found[name] = (info.st_size, info.st_mtime_ns, info.st_ino)
        except OSError as error:  # gone for a moment (a network drive, a sync tool at work): nothing is gone
            log.warning("could not list %s: %s", self.sessions_dir, error)
            return None
        return found

    @staticmethod
    def _session_files(folder: Path, any_kind: bool = False) -> list[Path]:
        """The ``.json`` files of ``folder``; with ``any_kind``, also what has the name but is no file."""
        try:
            with os.scandir(folder) as entries:
                names = sorted(entry.name for entry in entries if any_kind or _is_file(entry))
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as error:  # the folder itself cannot be listed: nothing to load from it
            log.warning("could not list %s: %s", folder, error)
            return []
        # Temporary files of interrupted writes start with a dot and end in .tmp: never sessions.
        return [folder / n for n in names if n.endswith(session_files.SUFFIX) and not n.startswith(".")]

    def _quarantine(self, path: Path, reason: str) -> Problem:
        try:
            moved = move_to_quarantine(path, self.quarantine_dir, reason)
        except OSError as error:
            log.warning("could not move %s to quarantine: %s", path, error)
            return Problem(path.name, f"{reason} (left in place: {error.strerror or error})", path)
        return Problem(path.name, reason, moved)

    def _bring_back_readable_from_quarantine(self) -> None:
        """A file set aside as too new becomes readable once GymTimer is updated: put it back."""
        for path in self._session_files(self.quarantine_dir):
            try:
                session = session_files.decode(session_files.read_bytes(path))
            except Exception:  # noqa: BLE001 - still unreadable: it stays set aside
                continue
            with contextlib.suppress(OSError):
                move_without_overwriting(path, self.sessions_dir)
                path.with_name(path.name + REASON_SUFFIX).unlink(missing_ok=True)
                log.info("brought %s (%s) back from quarantine", path.name, session.id)

    # ------------------------------------------------------------------ writing

    def new_session(self, started_at: dt.datetime | None = None) -> SessionRecord:
        """A fresh, empty session starting now (or at ``started_at``)."""
        return SessionRecord(
            id=uuid.uuid4().hex,
            started_at=started_at or dt.datetime.now(dt.UTC),
            app_version=gymtimer.__version__,
        )

    def new_journal(self, session: SessionRecord) -> SessionJournal:
        """The journal that writes ``session`` to this store after every rep."""
        self._paths[session.id] = self.sessions_dir / session_files.file_name(session)
        self._writing.add(session.id)
        return SessionJournal(session, self.sessions_dir)

    def save(self, session: SessionRecord) -> Path:
        """Write an edited session (notes, RPE) back to its file atomically; raises SaveError.

        When the file changed on disk since it was read (another computer's edit, synced in and
        not refreshed yet), it is not written over: this version is kept beside it under a
        conflict copy's name, and the next :meth:`refresh` shows theirs and tells of both.
        """
        path = self.path_of(session)
        recorded = self._signatures.get(path.name)
        if recorded is not None and _signature(path) not in (None, recorded):
            beside = sync_copies.free_copy_path(path, dt.date.today())
            atomic_write(beside, session_files.encode(session))  # news to refresh: it tells
            self.history.replace(session)
            return beside
        atomic_write(path, session_files.encode(session))
        self._written(path)
        self._paths[session.id] = path
        self.history.replace(session)
        return path

    def recover(self) -> list[SessionRecord]:
        """Close every session left open by a crash at its last rep, mark it interrupted, save it.

        Call it only while holding the instance lock, so that no running GymTimer's open session
        is mistaken for an interrupted one. While another computer's lock is in the (synced)
        folder, an open session whose file changed in the last hours may be lifted there right
        now: it is left alone.
        """
        sessions = self.history.sessions if self._loaded else self.load_all().sessions
        self._remove_stale_temporary_files()
        elsewhere = bool(paths.other_hosts_locks(self.data_dir))
        recovered = []
        for session in sessions:
            if session.ended_at is not None:
                continue
            if elsewhere and self._changed_lately(self.path_of(session)):
                continue
            close_interrupted(session)
            try:
                self.save(session)
            except SaveError as error:
                log.warning("could not save recovered session %s: %s", session.id, error)
            recovered.append(session)
        return recovered

    @staticmethod
    def _changed_lately(path: Path) -> bool:
        try:
            return time.time() - path.stat().st_mtime < OPEN_ELSEWHERE_SECONDS
        except OSError:
            return False

    def _remove_stale_temporary_files(self) -> None:
        """Half-written copies from a killed save; the session file beside each is whole."""
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.sessions_dir):
                if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    # ------------------------------------------------------------------ delete, undo, import

    def delete(self, session: SessionRecord) -> Path:
        """Move the session's file to the trash folder; returns where, for :meth:`undo_delete`."""
        path = self.path_of(session)
        moved = move_without_overwriting(path, self.trash_dir)
        self._paths.pop(session.id, None)
        self.history.remove(session.id)
        return moved

    def undo_delete(self, trashed: Path) -> SessionRecord:
        """Bring a deleted session back from the trash; returns it as loaded."""
        session = session_files.decode(trashed.read_bytes())
        back = move_without_overwriting(trashed, self.sessions_dir)
        self._written(back)
        self._paths[session.id] = back
        self.history.add(session)
        return session

    def import_files(
        self, files: Iterable[str | os.PathLike[str]], known_ids: Iterable[str] = (), *, unit: Unit = Unit.KG,
    ) -> ImportResult:
        """Copy session files into the history; a session whose id is already there is skipped.

        A ``.csv`` file is read as a Strong or Hevy export (:mod:`gymtimer.store.tracker_import`):
        all of its hip thrust sessions are imported, or none (a line it cannot read is named).
        ``unit`` is assumed for an export that does not say its unit.
        """
        result = ImportResult()
        known = set(self._paths) | set(known_ids)
        for name in files:
            path = Path(name)
            if looks_like_tracker_csv(path.name):
                self._import_tracker_export(path, known, unit, result)
                continue
            try:
                session = session_files.decode(session_files.read_bytes(path))
            except SessionFileError as error:
                result.problems.append(Problem(path.name, str(error), path))
                continue
            except OSError as error:
                result.problems.append(Problem(path.name, f"could not be read: {error.strerror or error}", path))
                continue
            if session.id in known:
                result.duplicates.append(path.name)
                continue
            # Same start second and id prefix, another id: keep both, the newcomer numbered.
            target = free_path(self.sessions_dir, session_files.file_name(session))
            try:
                # Written from the decoded record: an upgraded old file lands in today's format.
                atomic_write(target, session_files.encode(session))
            except SaveError as error:
                result.problems.append(Problem(path.name, str(error), path))
                continue
            known.add(session.id)
            self._written(target)
            self._paths[session.id] = target
            self.history.add(session)
            result.imported.append(session)
        return result

    def _import_tracker_export(self, path: Path, known: set[str], unit: Unit, result: ImportResult) -> None:
        """Every hip thrust session of a Strong or Hevy export, or none: a failed write takes back the rest."""
        try:
            with open(path, "rb") as file:
                data = file.read(MAX_TRACKER_BYTES + 1)
        except OSError as error:
            result.problems.append(Problem(path.name, f"could not be read: {error.strerror or error}", path))
            return
        if len(data) > MAX_TRACKER_BYTES:
            result.problems.append(Problem(path.name, "is too large to be a workout export (over 200 MB)", path))
            return
        try:
            found = read_tracker_csv(data, unit=unit)
        except TrackerFileError as error:
            result.problems.append(Problem(path.name, f"{error}. Nothing of it was imported", path))
            return
        written: list[tuple[SessionRecord, Path]] = []
        for session in found.sessions:
            if session.id in known:
                result.duplicates.append(f"{path.name} ({session.started_at.astimezone():%Y-%m-%d %H:%M})")
                continue
            target = free_path(self.sessions_dir, session_files.file_name(session))
            try:
                atomic_write(target, session_files.encode(session))
            except SaveError as error:
                for _, done in written:
                    with contextlib.suppress(OSError):
                        done.unlink()
                result.problems.append(Problem(path.name, f"{error}. Nothing of it was imported", path))
                return
            written.append((session, target))
        for session, target in written:
            known.add(session.id)
            self._written(target)
            self._paths[session.id] = target
            self.history.add(session)
            result.imported.append(session)
        if found.left_out_line:
            result.notes.append(f"{path.name} ({found.app}): {found.left_out_line}")


def _signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is written or replaced (a sync tool renames a new copy into place)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def close_interrupted(session: SessionRecord) -> None:
    """Close a session, its exercises and sets at the last moment recorded, and mark it interrupted."""
    session_last = 0.0
    for exercise in session.exercises:
        exercise_last = exercise.started or 0.0
        for record in exercise.sets:
            times = [record.started]
            for rep in record.reps:
                times.append(rep.ended if rep.ended is not None else max(rep.phases.values(), default=0.0))
            set_last = max(times)
            if record.ended is None:
                record.ended = set_last
                record.ended_early = exercise.toward(record)[0] < record.target
            exercise_last = max(exercise_last, record.ended)
        if exercise.ended is None:
            exercise.ended = exercise_last
            exercise.abandoned = True
        session_last = max(session_last, exercise.ended)
    try:
        session.ended_at = session.started_at + dt.timedelta(seconds=session_last)
    except (OverflowError, ValueError):  # a nonsense rep time in a hand-edited file
        session.ended_at = session.started_at
    session.interrupted = True

