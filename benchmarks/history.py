"""Ten years of history: time and peak memory to load it and show the history view, vs a plain json.load.

    python benchmarks/history.py                 # generate into a temporary folder, then measure
    python benchmarks/history.py --generate DIR  # only write the ten years into DIR/sessions
    python benchmarks/history.py --data DIR      # measure an existing data folder

The generator lives in dev/gymtimer_dev/sample_history.py, for the charts and tests to reuse.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gymtimer_dev import sample_history

TARGET_MS = 1000.0
TARGET_MB = 200.0


def _raw_parse_ms(folder: Path) -> float:
    names = sorted(os.listdir(folder))
    started = time.perf_counter()
    for name in names:
        with open(folder / name, "rb") as handle:
            json.load(handle)
    return (time.perf_counter() - started) * 1000


def _load_and_show(app, data_dir: Path):
    from gymtimer.store.sessions import SessionStore
    from gymtimer.ui.history_view import HistoryView

    started = time.perf_counter()
    store = SessionStore(data_dir)
    result = store.load_all()
    loaded = time.perf_counter()
    view = HistoryView(store)
    view.resize(1280, 800)
    view.show_history(result)
    view.show()
    app.processEvents()
    shown = time.perf_counter()
    return result, view, (loaded - started) * 1000, (shown - loaded) * 1000


def measure(data_dir: Path) -> dict[str, float]:
    """Load every session and show the history view offscreen: times, then peak memory, then json.load."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    gc.collect()
    result, view, load_ms, view_ms = _load_and_show(app, data_dir)
    rows = view.proxy.rowCount()
    # The whole process at its peak, Qt and Python included (Linux reports KiB).
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    view.close()
    view.deleteLater()
    sets = sum(len(e.sets) for s in result.sessions for e in s.exercises)
    reps = sum(len(x.reps) for s in result.sessions for e in s.exercises for x in e.sets)
    sessions, problems = len(result.sessions), len(result.problems)
    del result, view
    app.processEvents()
    gc.collect()
    # A second pass under tracemalloc (which slows it several times) for the Python heap's peak.
    tracemalloc.start()
    traced = _load_and_show(app, data_dir)
    _, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    traced[1].close()
    traced[1].deleteLater()
    del traced
    app.processEvents()
    raw_ms = _raw_parse_ms(data_dir / "sessions")
    return {
        "sessions": sessions,
        "rows": rows,
        "sets": sets,
        "reps": reps,
        "problems": problems,
        "load_ms": round(load_ms, 1),
        "view_ms": round(view_ms, 1),
        "raw_parse_ms": round(raw_ms, 1),
        "peak_mb": round(peak_rss_mb, 1),
        "heap_peak_mb": round(heap_peak / 1e6, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generate", metavar="DIR", type=Path, help="write ten years of sessions into DIR and stop")
    parser.add_argument("--data", metavar="DIR", type=Path, help="measure this data folder instead of generating one")
    args = parser.parse_args(argv)
    if args.generate:
        stats = sample_history.generate(args.generate / "sessions")
        print(f"{stats.sessions} sessions, {stats.sets} sets, {stats.reps} reps, {stats.bytes / 1e6:.1f} MB "
              f"in {args.generate / 'sessions'}")
        return 0
    with tempfile.TemporaryDirectory(prefix="gymtimer-history-") as scratch:
        data_dir = args.data or Path(scratch)
        if args.data is None:
            sample_history.generate(data_dir / "sessions")
        figures = measure(data_dir)
    total = figures["load_ms"] + figures["view_ms"]
    print(f"{'ten years of history':<34}{figures['sessions']} sessions, {figures['sets']} sets, {figures['reps']} reps")
    print(f"{'load (SessionStore.load_all)':<34}{figures['load_ms']:>8.0f} ms")
    print(f"{'show the history view':<34}{figures['view_ms']:>8.0f} ms")
    print(f"{'load + view':<34}{total:>8.0f} ms   (target <= {TARGET_MS:.0f} ms)")
    print(f"{'plain json.load of the same files':<34}{figures['raw_parse_ms']:>8.0f} ms")
    print(f"{'peak memory, whole process (RSS)':<34}{figures['peak_mb']:>8.1f} MB   (target <= {TARGET_MB:.0f} MB)")
    print(f"{'  of which Python objects, at most':<34}{figures['heap_peak_mb']:>8.1f} MB")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
