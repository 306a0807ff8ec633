"""How long the history charts take with ten years of history: opening the view, switching filters.

Run as ``python benchmarks/charts.py``. The history is the sample ten years of
:mod:`gymtimer.store.sample_history` (2,600 sessions, ~15,000 sets, ~120,000 reps with
phase times), built in memory first and not timed. Timed:

- import_ms: importing gymtimer.ui.charts (pyqtgraph and numpy), once per run of the program;
- open_ms: building the view, handing it the history and painting the first chart (median of 3;
  first_open_ms is the very first, which also warms pyqtgraph's caches);
- filter_ms: the slowest filter change (date range, exercise, unit, chart tab), painted,
  each the median of 3.

Prints a table, then one JSON line with the figures in milliseconds.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from gymtimer.store.sample_history import make_sessions  # noqa: E402

TARGET_MS = 300.0
ROUNDS = 3


def main() -> int:
    app = QApplication.instance() or QApplication([])
    history = make_sessions()
    sets = sum(len(e.sets) for s in history for e in s.exercises)
    reps = sum(len(x.reps) for s in history for e in s.exercises for x in e.sets)
    now = history[-1].started_at

    started = time.perf_counter()
    from gymtimer.core.stats import Span
    from gymtimer.core.units import Unit
    from gymtimer.ui.charts import Chart, ChartsView

    import_ms = (time.perf_counter() - started) * 1000

    def painted(view) -> None:
        app.processEvents()
        view.repaint()

    open_cpu = []

    def open_view() -> tuple[ChartsView, float]:
        begin, begin_cpu = time.perf_counter(), time.process_time()
        view = ChartsView(now=lambda: now)
        view.resize(1100, 700)
        view.set_sessions(history)
        view.show()
        painted(view)
        open_cpu.append((time.process_time() - begin_cpu) * 1000)
        return view, (time.perf_counter() - begin) * 1000

    # The machine is shared: every step runs ROUNDS times and the median counts.
    opens = []
    for _ in range(ROUNDS):
        view, ms = open_view()
        opens.append(ms)
        view.close()
        view.deleteLater()
        app.processEvents()
    first_open_ms, open_ms = opens[0], statistics.median(opens)

    view, _ = open_view()
    steps: dict[str, list[float]] = {}

    cpu_steps: dict[str, list[float]] = {}

    def timed(label: str, change) -> None:
        begin, begin_cpu = time.perf_counter(), time.process_time()
        change()
        painted(view)
        steps.setdefault(label, []).append((time.perf_counter() - begin) * 1000)
        cpu_steps.setdefault(label, []).append((time.process_time() - begin_cpu) * 1000)

    for _ in range(ROUNDS):
        for span in (Span.ALL, Span.YEAR, Span.WEEKS_4, Span.MONTHS_3):
            timed(f"dates: {span.label}", lambda span=span: view.set_span(span))
        view.set_span(Span.ALL)
        for index in (*range(1, view.exercise_box.count()), 0):
            timed(f"exercise: {view.exercise_box.itemText(index).strip()} (all time)",
                  lambda index=index: view.exercise_box.setCurrentIndex(index))
        for chart in (*list(Chart)[1:], Chart.LOAD):
            timed(f"chart: {chart.label} (all time)", lambda chart=chart: view.show_chart(chart))
        timed("unit: lb", lambda: view.set_unit(Unit.LB))
        timed("unit: kg", lambda: view.set_unit(Unit.KG))
        view.set_span(Span.MONTHS_3)
    rows = [(label, statistics.median(times), statistics.median(cpu_steps[label])) for label, times in steps.items()]
    filter_ms = max(ms for _, ms, _ in rows)
    filter_cpu_ms = max(cpu for _, _, cpu in rows)
    open_cpu_ms = statistics.median(open_cpu[:ROUNDS])
    load = os.getloadavg()[0]

    print(f"History: {len(history)} sessions, {sets} sets, {reps} reps (Python {sys.version.split()[0]})")
    print(f"Load average when done: {load:.2f} on {os.cpu_count()} cores (others' work slows the wall clock)")
    print(f"{'step':58s} {'wall ms':>8s} {'CPU ms':>8s}")
    print(f"{'import pyqtgraph + numpy + charts':58s} {import_ms:8.0f}")
    print(f"{'open the view with the history, first time':58s} {first_open_ms:8.0f} {open_cpu[0]:8.0f}")
    print(f"{'open the view with the history, median':58s} {open_ms:8.0f} {open_cpu_ms:8.0f}")
    for label, ms, cpu in rows:
        print(f"{label:58s} {ms:8.0f} {cpu:8.0f}")
    print(f"{'filter change: median':58s} {statistics.median(ms for _, ms, _ in rows):8.0f}")
    print(f"{'filter change: slowest':58s} {filter_ms:8.0f} {filter_cpu_ms:8.0f}")
    verdict = "within" if max(open_ms, filter_ms) <= TARGET_MS else "OVER"
    print(f"target {TARGET_MS:.0f} ms each: {verdict}")
    view.close()
    print(json.dumps({
        "import_ms": round(import_ms, 1),
        "open_ms": round(open_ms, 1),
        "first_open_ms": round(first_open_ms, 1),
        "filter_ms": round(filter_ms, 1),
        "filter_median_ms": round(statistics.median(ms for _, ms, _ in rows), 1),
        "open_cpu_ms": round(open_cpu_ms, 1),
        "filter_cpu_ms": round(filter_cpu_ms, 1),
        "load_average": round(load, 2),
        "sessions": len(history),
        "sets": sets,
        "reps": reps,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
