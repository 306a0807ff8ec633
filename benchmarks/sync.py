"""Ten years of history in a synced folder: what following the folder and moving it cost.

    python benchmarks/sync.py

Prints: a refresh with nothing changed (the folder listed and every file's size and time
read, after each burst of changes while the app runs), a refresh with one session synced
in, and moving the whole data folder to another one with every copy read back.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path

from gymtimer_dev import sample_history


def _ms(call) -> tuple[float, object]:
    started = time.perf_counter()
    value = call()
    return (time.perf_counter() - started) * 1000, value


def main() -> int:
    from gymtimer.store import paths, session_files
    from gymtimer.store.data_folder import move_data
    from gymtimer.store.sessions import SessionStore

    with tempfile.TemporaryDirectory(prefix="gymtimer-sync-") as scratch:
        home = Path(scratch) / "home"
        stats = sample_history.generate(home / "sessions")
        store = SessionStore(home)
        store.load_all()
        idle = [_ms(store.refresh)[0] for _ in range(20)]
        arrivals = []
        for day in range(10):
            session = sample_history.make_sessions(years=0.01, sessions=1, seed=day,
                                                   end=dt.datetime(2030, 1, 1 + day, tzinfo=dt.UTC))[0]
            (store.sessions_dir / session_files.file_name(session)).write_bytes(session_files.encode(session))
            elapsed, result = _ms(store.refresh)
            assert [s.id for s in result.added] == [session.id]
            arrivals.append(elapsed)
        paths.set_data_dir(None)
        import os

        os.environ[paths.CONFIG_DIR_ENV] = str(Path(scratch) / "config")
        move_ms, moved = _ms(lambda: move_data(home, Path(scratch) / "Sync"))
    figures = {
        "sessions": stats.sessions, "megabytes": round(stats.bytes / 1e6, 1),
        "refresh_idle_ms_median": round(statistics.median(idle), 2),
        "refresh_one_arrived_ms_median": round(statistics.median(arrivals), 2),
        "move_ms": round(move_ms), "moved_files": len(moved.copied),
    }
    print(f"{'ten years of history':<40}{stats.sessions} sessions, {stats.bytes / 1e6:.1f} MB")
    print(f"{'refresh, nothing changed (median of 20)':<40}{figures['refresh_idle_ms_median']:>8.2f} ms")
    print(f"{'refresh, one session synced in (median)':<40}{figures['refresh_one_arrived_ms_median']:>8.2f} ms")
    print(f"{'move the data folder, copies checked':<40}{figures['move_ms']:>8.0f} ms  ({len(moved.copied)} files)")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
