"""How long the history charts take with ten years of history: opening the view, switching filters.

Run as ``python benchmarks/charts.py``. The history is the sample ten years of
:mod:`gymtimer_dev.sample_history` (2,600 sessions, ~15,000 sets, ~120,000 reps with
phase times, up to today), built in memory first and not timed. It goes through the
app's own History page, as when the lifter opens History and then the Charts tab. Timed:

- import_ms: importing gymtimer.ui.charts (pyqtgraph and numpy), once per run of the program;
  the History page does it while idle, after summing up, so the Charts tab does not wait for it;
- summary_ms: the page summing up every session for the charts while the table shows,
  a batch per pass of the event loop (summary_batch_ms: the slowest batch, the longest
  the table can be kept waiting);
- open_ms: the Charts tab opened on the loaded history, first chart painted (median of 3;
  first_open_ms is the very first, which also warms pyqtgraph's caches);
- cold_open_ms: the same when the Charts tab is clicked before the page has summed up
  anything (the view walks every rep itself);
- filter_ms: the slowest filter change (date range, exercise, unit, chart tab), painted,
  each the median of 3.

Prints a table, then one JSON line with the figures in milliseconds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from gymtimer.store.sessions import LoadResult, SessionStore
from gymtimer.ui.history_page import HistoryPage
from gymtimer_dev.sample_history import make_sessions

TARGET_MS = 300.0
ROUNDS = 3


def _quiet_offscreen_notices(kind, _context, message: str) -> None:
    # The offscreen platform says this whenever a window's size hints change; a real screen does not.
    if "propagateSizeHints" not in message:
        print(f"Qt {kind.name}: {message}", file=sys.stderr)


def main() -> int:
    qInstallMessageHandler(_quiet_offscreen_notices)
    app = QApplication.instance() or QApplication([])
    history = make_sessions(end=dt.datetime.now(dt.UTC))
    sets = sum(len(e.sets) for s in history for e in s.exercises)
    reps = sum(len(x.reps) for s in history for e in s.exercises for x in e.sets)
    store = SessionStore(tempfile.mkdtemp(prefix="gymtimer-bench-"))

    started = time.perf_counter()
    from gymtimer.core.stats import Span
    from gymtimer.core.units import Unit
    from gymtimer.ui.charts import Chart, ChartsView

    import_ms = (time.perf_counter() - started) * 1000

    def painted(widget) -> None:
        app.processEvents()
        widget.repaint()

    summaries: list[float] = []
    batches: list[float] = []

    def loaded_page() -> HistoryPage:
        """The History page showing the loaded history, its table painted and its summing-up done."""
        page = HistoryPage(store)
        page.resize(1100, 760)
        page.show_history(LoadResult(sessions=history))
        page.show()
        painted(page)
        total = 0.0
        while len(page.summaries) < len(history):
            begin = time.perf_counter()
            app.processEvents()
            batch = (time.perf_counter() - begin) * 1000
            batches.append(batch)
            total += batch
        summaries.append(total)
        return page

    open_cpu = []

    def open_charts(page: HistoryPage) -> float:
        begin, begin_cpu = time.perf_counter(), time.process_time()
        page.show_charts()
        painted(page)
        open_cpu.append((time.process_time() - begin_cpu) * 1000)
        return (time.perf_counter() - begin) * 1000

    def close(widget) -> None:
        widget.close()
        widget.deleteLater()
        app.processEvents()

    # The machine is shared: every step runs ROUNDS times and the median counts.
    opens = []
    for _ in range(ROUNDS):
        page = loaded_page()
        opens.append(open_charts(page))
        close(page)
    first_open_ms, open_ms = opens[0], statistics.median(opens)

    cold_opens = []
    for _ in range(ROUNDS):
        begin = time.perf_counter()
        cold = ChartsView()
        cold.resize(1100, 700)
        cold.set_sessions(history)
        cold.show()
        painted(cold)
        cold_opens.append((time.perf_counter() - begin) * 1000)
        close(cold)
    cold_open_ms = statistics.median(cold_opens)

    page = loaded_page()
    open_charts(page)
    view = page.charts
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
    summary_ms, summary_batch_ms = statistics.median(summaries), max(batches)
    print(f"{'sum up the history while the table shows (all batches)':58s} {summary_ms:8.0f}")
    print(f"{'  slowest batch (the table waits this long at most)':58s} {summary_batch_ms:8.0f}")
    print(f"{'open the Charts tab on the loaded history, first time':58s} {first_open_ms:8.0f} {open_cpu[0]:8.0f}")
    print(f"{'open the Charts tab on the loaded history, median':58s} {open_ms:8.0f} {open_cpu_ms:8.0f}")
    print(f"{'open before anything was summed up (cold), median':58s} {cold_open_ms:8.0f}")
    for label, ms, cpu in rows:
        print(f"{label:58s} {ms:8.0f} {cpu:8.0f}")
    print(f"{'filter change: median':58s} {statistics.median(ms for _, ms, _ in rows):8.0f}")
    print(f"{'filter change: slowest':58s} {filter_ms:8.0f} {filter_cpu_ms:8.0f}")
    verdict = "within" if max(open_ms, filter_ms) <= TARGET_MS else "OVER"
    print(f"target {TARGET_MS:.0f} ms each: {verdict}")
    close(page)
    print(json.dumps({
        "import_ms": round(import_ms, 1),
        "open_ms": round(open_ms, 1),
        "first_open_ms": round(first_open_ms, 1),
        "cold_open_ms": round(cold_open_ms, 1),
        "summary_ms": round(summary_ms, 1),
        "summary_batch_ms": round(summary_batch_ms, 1),
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
