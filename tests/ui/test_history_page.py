"""The history page: sessions summed up for the charts while idle, and the charts kept in step with the table."""

from __future__ import annotations

import datetime as dt

import pytest

from gymtimer.store.sample_history import make_sessions
from gymtimer.store.sessions import LoadResult, SessionStore
from gymtimer.ui.history_page import SUMMARY_BATCH, HistoryPage

# The offscreen platform says this whenever a shown window's size hints change; a real screen does not.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


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
    page.sessions_view.table_model.remove_session(history[0].id)
    page.add_session(history[-1])
    page.show_charts()
    assert _charted_ids(page) == {s.id for s in history[1:]}
