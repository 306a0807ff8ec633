"""The history page: sessions summed up for the charts while idle, and the charts kept in step with the table."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from gymtimer.store.sessions import LoadResult, SessionStore
from gymtimer.ui.history_page import SUMMARY_BATCH, HistoryPage
from gymtimer_dev.sample_history import make_sessions


@pytest.fixture
def history():
    """A session every other day for the last few weeks, more than one batch of them."""
    end = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    return make_sessions(years=0.1, sessions=SUMMARY_BATCH + 20, end=end, seed=7)


@pytest.fixture
def page(qtbot) -> HistoryPage:
    widget = HistoryPage(SessionStore())
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _charted_ids(page: HistoryPage) -> set[str]:
    from gymtimer.ui.charts import Chart

    items = page.charts.chart_items(Chart.TENSION)
    return {point.data().session_id for point in items["tension"].points()}


def test_sessions_are_summed_up_while_the_table_shows_and_the_charts_reuse_them(qtbot, page, history):
    page.show_history(LoadResult(sessions=history))
    assert len(page.summaries) < len(history)  # not all at once: the table paints first
    qtbot.waitUntil(lambda: len(page.summaries) == len(history))
    assert page.charts is None
    kept = page.summaries.of_session(history[0])

    page.show_charts()
    assert page.charts.summaries is page.summaries
    assert page.summaries.of_session(history[0]) is kept
    assert _charted_ids(page) == {s.id for s in history}


def test_charts_follow_sessions_deleted_and_added_while_they_were_hidden(qtbot, page, history):
    page.show_history(LoadResult(sessions=history[:-1]))
    page.show_charts()
    page.tabs.setCurrentWidget(page.sessions_view)
    page.history.remove(history[0].id)
    page.add_session(history[-1])
    assert page.sessions_view.table_model.row_of(history[0].id) == -1  # the table follows at once
    page.show_charts()
    assert _charted_ids(page) == {s.id for s in history[1:]}
    page.history.remove(history[1].id)  # and the charts too, while they show
    assert _charted_ids(page) == {s.id for s in history[2:]}


def test_the_chart_code_loads_after_the_table_shows_not_when_the_page_is_built(tmp_path):
    # A fresh interpreter: in this one other tests have imported pyqtgraph already.
    code = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gymtimer_dev.sample_history import make_sessions
from gymtimer.store.sessions import LoadResult, SessionStore
from gymtimer.ui.history_page import HistoryPage
page = HistoryPage(SessionStore(sys.argv[1]))
page.show_history(LoadResult(sessions=make_sessions(years=0.5, sessions=150)))
page.show()
built = "pyqtgraph" in sys.modules
deadline = time.monotonic() + 30
while "pyqtgraph" not in sys.modules and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.005)
print(built, len(page.summaries), "pyqtgraph" in sys.modules, page.charts is None)
"""
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "150", "True", "True"]


def test_a_page_that_goes_away_stops_following_the_history(qtbot, history):
    """Its table and charts would be dead widgets: a change afterwards must reach neither, nor keep them alive."""
    import gc
    import weakref

    from PySide6.QtCore import QCoreApplication, QEvent

    store = SessionStore()
    store.history.reset(history[:3])
    heard = []
    stop = store.history.subscribe(heard.append)  # a follower that stays
    page = HistoryPage(store)
    page.show()
    qtbot.waitExposed(page)
    gone = weakref.ref(page)
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del page
    gc.collect()
    store.history.add(history[3])  # would raise "C++ object already deleted" in a dead page's table model
    store.history.remove(history[0].id)
    assert gone() is None, "nothing holds the page once it is gone"
    assert [change.kind.value for change in heard] == ["added", "removed"], "the followers still here hear it"
    stop()


def test_an_export_that_does_not_say_its_unit_is_read_in_the_historys_unit_and_charted(qtbot, page, tmp_path):
    from gymtimer.core.units import Unit
    from gymtimer.ui.charts import Chart

    export = tmp_path / "strong.csv"
    yesterday = (dt.datetime.now() - dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    export.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
        f"{yesterday},Glutes,40m,Hip Thrust (Barbell),1,225,8,0,0,,,\n", encoding="utf-8")
    page.set_unit(Unit.LB)
    page.show_charts()
    (session,) = page.sessions_view.import_files([export]).imported
    assert (session.sets()[0].load, session.sets()[0].unit) == (225, Unit.LB)
    assert "loads read as lb" in page.sessions_view.status.text()
    points = page.charts.chart_items(Chart.LOAD)["top set:Hip Thrust (Barbell)"].points()
    assert [p.data().session_id for p in points] == [session.id]
