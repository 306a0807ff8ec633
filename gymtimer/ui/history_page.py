"""History: the session table and, in a second tab, the charts (pyqtgraph loads on first view)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from gymtimer.core.records import SessionRecord
from gymtimer.core.units import Unit
from gymtimer.store.sessions import LoadResult, SessionStore
from gymtimer.ui.history_view import HistoryView


class HistoryPage(QWidget):
    """Sessions and charts side by side in tabs; Esc goes back."""

    back_requested = Signal()

    def __init__(self, store: SessionStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HistoryPage")
        self.sessions_view = HistoryView(store)
        self.charts = None  # ChartsView, built when its tab is first opened
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
        top = QHBoxLayout()
        title = QLabel("<h1>History</h1>")
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(back)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        escape = QShortcut(QKeySequence("Esc"), self)
        escape.setContext(Qt.ShortcutContext.WindowShortcut)
        escape.activated.connect(self.back_requested.emit)

    def show_history(self, result: LoadResult) -> None:
        self.sessions_view.show_history(result)
        if self.charts is not None:
            self.charts.set_sessions(self.sessions())

    def add_session(self, session: SessionRecord) -> None:
        self.sessions_view.add_session(session)
        if self.charts is not None:
            self.charts.set_sessions(self.sessions())

    def sessions(self) -> Sequence[SessionRecord]:
        return self.sessions_view.table_model.sessions

    def set_unit(self, unit: Unit) -> None:
        self._unit = unit
        if self.charts is not None:
            self.charts.set_unit(unit)

    def show_charts(self) -> None:
        self.tabs.setCurrentWidget(self._charts_holder)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self._charts_holder and self.charts is None:
            from gymtimer.ui.charts import ChartsView  # pyqtgraph and numpy load here, not at start-up

            while self._charts_layout.count():
                self._charts_layout.takeAt(0).widget().deleteLater()
            self.charts = ChartsView()
            self.charts.set_unit(self._unit)
            self.charts.set_sessions(self.sessions())
            self.charts.session_activated.connect(self._open_session)
            self._charts_layout.addWidget(self.charts)

    def _open_session(self, session_id: str) -> None:
        self.tabs.setCurrentWidget(self.sessions_view)
        self.sessions_view.select_session(session_id)
