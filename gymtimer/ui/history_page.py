"""History: the session table and, in a second tab, the charts (pyqtgraph loads on first view).

While the lifter looks at the table, the page sums up each session for the charts a few
at a time between events, then loads the chart code (pyqtgraph, numpy), so the Charts tab
opens without walking ten years of reps or importing anything.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from gymtimer.core.history import Change, HistoryChange
from gymtimer.core.records import SessionRecord
from gymtimer.core.stats import Summaries
from gymtimer.core.units import Unit
from gymtimer.store.sessions import LoadResult, SessionStore
from gymtimer.ui.following import until_destroyed
from gymtimer.ui.history_view import HistoryView

if TYPE_CHECKING:  # pyqtgraph and numpy load when the Charts tab is first opened
    from gymtimer.ui.charts import ChartsView

#: Sessions summed up for the charts per pass of the event loop: a few milliseconds, so
#: scrolling the table never stutters.
SUMMARY_BATCH = 100


class HistoryPage(QWidget):
    """Sessions and charts side by side in tabs; Esc goes back."""

    back_requested = Signal()

    def __init__(self, store: SessionStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HistoryPage")
        self.sessions_view = HistoryView(store)
        self.charts: ChartsView | None = None  # built when its tab is first opened
        self.summaries = Summaries()  # what the charts show, by session, filled while idle
        self._to_summarize: Sequence[SessionRecord] = []
        self._summary_timer = QTimer(self)
        self._summary_timer.setInterval(0)
        self._summary_timer.timeout.connect(self._summarize_some)
        self._unit = Unit.KG
        self._charts_holder = QWidget()
        self._charts_layout = QVBoxLayout(self._charts_holder)
        self._charts_layout.addWidget(QLabel("Loading charts…"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.sessions_view, "Sessions")
        self.tabs.addTab(self._charts_holder, "Charts")
        self.tabs.currentChanged.connect(self._tab_changed)
        back = QPushButton("Back  (Esc)")
        back.clicked.connect(self.back_requested.emit)
        self.data_folder_button = QPushButton("Keep my data in…")
        self.data_folder_button.setToolTip("Move your data to another folder: a synced one shares it between two "
                                           "computers")
        self.data_folder_button.clicked.connect(self._choose_data_folder)
        top = QHBoxLayout()
        title = QLabel("<h1>History</h1>")
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.data_folder_button)
        top.addWidget(back)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        escape = QShortcut(QKeySequence("Esc"), self)
        escape.setContext(Qt.ShortcutContext.WindowShortcut)
        escape.activated.connect(self.back_requested.emit)
        self.history = store.history
        until_destroyed(self, self.history.subscribe(self._history_changed))
        self._history_changed(HistoryChange(Change.RESET))

    def _choose_data_folder(self) -> None:
        from gymtimer.ui.data_folder_dialog import choose_data_folder

        choose_data_folder(self)

    def show_history(self, result: LoadResult) -> None:
        """The sessions of ``result`` become the history; the files it set aside are named."""
        self.sessions_view.show_history(result)

    def add_session(self, session: SessionRecord) -> None:
        """A session joins the history: the table and the charts show it."""
        self.history.add(session)

    def sessions(self) -> Sequence[SessionRecord]:
        return self.history.sessions

    def _history_changed(self, change: HistoryChange) -> None:
        """The charts follow the history, the one road every change comes by (an edited RPE or note, a
        filmed set attached, a delete, an import); while hidden, a fresh history is summed up meanwhile."""
        if change.kind is Change.REPLACED:  # the record may be the same object, changed in place
            self.summaries.forget(change.session.id)
        if self._charts_shown():
            self.charts.set_sessions(self.sessions())
        elif change.kind is Change.RESET:
            self._to_summarize = self.sessions()
            self._summary_timer.start()

    def set_unit(self, unit: Unit) -> None:
        self._unit = unit
        self.sessions_view.unit = unit
        if self.charts is not None:
            self.charts.set_unit(unit)

    def show_charts(self) -> None:
        self.tabs.setCurrentWidget(self._charts_holder)

    def _charts_shown(self) -> bool:
        return self.charts is not None and self.tabs.currentWidget() is self._charts_holder

    def _summarize_some(self) -> None:
        batch, self._to_summarize = self._to_summarize[:SUMMARY_BATCH], self._to_summarize[SUMMARY_BATCH:]
        for session in batch:
            self.summaries.of_session(session)
        if not self._to_summarize:
            self._summary_timer.stop()
            QTimer.singleShot(0, self._load_chart_code)

    def _load_chart_code(self) -> None:
        # pyqtgraph and numpy take a few hundred milliseconds to import: done once, while the
        # lifter reads the table, so that the Charts tab opens at once.
        importlib.import_module("gymtimer.ui.charts")

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is not self._charts_holder:
            return
        if self.charts is None:
            from gymtimer.ui.charts import ChartsView  # pyqtgraph and numpy load here, not at start-up

            while self._charts_layout.count():
                waiting = self._charts_layout.takeAt(0).widget()
                waiting.hide()  # out of the layout at once, not only when deleted
                waiting.deleteLater()
            self.charts = ChartsView(summaries=self.summaries)
            self.charts.set_unit(self._unit)
            self.charts.session_activated.connect(self._open_session)
            self._charts_layout.addWidget(self.charts)
        # Deletes, undos and imports in the table show here too; sessions already summed up
        # are not walked again, and an unchanged history is not redrawn.
        self._summary_timer.stop()
        self._to_summarize = []
        self.charts.set_sessions(self.sessions())

    def _open_session(self, session_id: str) -> None:
        self.tabs.setCurrentWidget(self.sessions_view)
        self.sessions_view.select_session(session_id)
