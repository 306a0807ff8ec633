"""The history charts: load, volume, left against right, time under tension and tempo.

This is the only module that imports pyqtgraph (and, through it, numpy). The
main window imports it the first time the lifter opens the history, so the
workout screen never pays for them at start-up.

The numbers come from :mod:`gymtimer.core.stats`; this module only draws them.
Each session is boiled down once (a :class:`~gymtimer.core.stats.Summaries`, which
the history page can fill before the charts are first opened); a filter change
redraws the chart on screen and marks the others to redraw when shown.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import operator
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QEvent, QIODevice, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from gymtimer.core import stats
from gymtimer.core.durations import in_words
from gymtimer.core.presets import Variation
from gymtimer.core.records import SessionRecord
from gymtimer.core.stats import Lift, Selection, Span
from gymtimer.core.units import Unit, format_load
from gymtimer.store.atomic import SaveError, atomic_write
from gymtimer.ui.colours import OKABE_ITO

#: Okabe & Ito's colours in the order lines take them (yellow is left out: it vanishes on white).
LINE_COLOURS = tuple(OKABE_ITO[name] for name in (
    "blue", "orange", "bluish_green", "reddish_purple", "sky_blue", "vermillion", "black"))
#: Each line also has its own symbol, so colour is never the only way to tell them apart.
LINE_SYMBOLS = ("o", "s", "t", "d", "t1", "p", "h")
LEFT_COLOUR, RIGHT_COLOUR, FLAG_COLOUR = OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["vermillion"]
TEXT_COLOUR = "#202020"
TICK_POINT_SIZE = 12
LABEL_SIZE = "14pt"
TITLE_SIZE = "16pt"
LEGEND_SIZE = "12pt"
EXPORT_WIDTH = 1600
#: The diameter of a chart's points, in pixels.
POINT_SIZE = 11
#: ... and of a point that stands for a week or a month: a hundred and twenty months across a
#: chart leave about ten pixels a point, so smaller points keep gaps between them.
GROUPED_POINT_SIZE = 7
#: Points are drawn over the lines (whose z value is 0), each line's over those of the lines before it.
POINTS_Z = 1
#: Above this many points a line is drawn thin and without antialiasing, to stay fast.
DENSE_POINTS = 300
#: The date axis shows at least this many days, so a first day of training reads as dates.
MIN_DATE_SPAN_DAYS = 7
#: Zoomed in by hand, the date axis stops at an hour, before its labels turn into seconds.
MIN_ZOOM_SECONDS = 3600
#: Points of different lines this close in time (one session, or two on one evening) and in value
#: (a share of the values shown) sit on one another.
NEAR_SECONDS = 2 * 3600
NEAR_SHARE = 0.01
#: How much wider a point is drawn for each point of a later line on top of it.
RING_WIDTH = 8

EMPTY_HISTORY_MESSAGE = (
    "No sessions yet.\n\nFinish a workout and your progress shows up here:\n"
    "load, volume, left against right, time under tension and tempo."
)

pg.setConfigOptions(antialias=True)


class Chart(enum.StrEnum):
    """The charts, in the order of their tabs."""

    LOAD = "load"
    VOLUME = "volume"
    BALANCE = "balance"
    TENSION = "tension"
    TEMPO = "tempo"

    @property
    def label(self) -> str:
        return {
            Chart.LOAD: "Load",
            Chart.VOLUME: "Volume",
            Chart.BALANCE: "Left vs right",
            Chart.TENSION: "Time under tension",
            Chart.TEMPO: "Tempo",
        }[self]


#: The charts that show loads or volumes; the others do not change with the unit.
UNIT_CHARTS = frozenset({Chart.LOAD, Chart.VOLUME, Chart.BALANCE})


class Balance(enum.StrEnum):
    """What the left-against-right chart compares."""

    REPS = "reps"
    VOLUME = "volume"


# ----------------------------------------------------------------------------- words


def day_text(when: dt.datetime) -> str:
    """'Mon 2 Jun 2025, 18:00' in the time the session was done."""
    return f"{when:%a} {when.day} {when:%b %Y, %H:%M}"


def _amount(value: float, unit: Unit) -> str:
    """'12,345 kg' for volumes: whole units are exact enough."""
    return f"{value:,.0f} {unit.value}"


def _seconds(value: float) -> str:
    return f"{value:.1f} s"


def _sessions_text(count: int) -> str:
    return "1 session" if count == 1 else f"{count} sessions"


def _when(point) -> str:
    """The session's date, or the week or month a grouped point stands for."""
    if point.period is None:
        return day_text(point.started_at)
    return f"{point.period.label}: {_sessions_text(point.sessions)}"


def load_tip(point: stats.LoadPoint, lift: Lift) -> str:
    top = f"{format_load(point.load, point.unit)} × {point.reps}"
    if point.period is None:
        lines = [day_text(point.started_at), lift.label, f"Top set: {top}"]
    else:
        lines = [_when(point), lift.label, f"Best top set: {top} on {day_text(point.started_at)}"]
    if point.e1rm is not None:
        best = "Best estimated" if point.period is not None else "Estimated"
        lines.append(f"{best} 1RM ({stats.E1RM_FORMULA}): {format_load(round(point.e1rm, 1), point.unit)}")
    if point.period is not None:
        lines.append("Click to open the session of the best top set")
    return "\n".join(lines)


def volume_tip(point: stats.VolumePoint) -> str:
    return f"{day_text(point.started_at)}\nVolume: {_amount(point.volume, point.unit)} ({point.reps} reps)"


def week_tip(week: stats.WeekVolume) -> str:
    sunday = week.monday + dt.timedelta(days=6)
    sessions = "1 session" if week.sessions == 1 else f"{week.sessions} sessions"
    return (
        f"Week {week.week} of {week.year}: {week.monday.day} {week.monday:%b} – {sunday.day} {sunday:%b %Y}\n"
        f"Volume: {_amount(week.volume, week.unit)} in {sessions}"
    )


def period_volume_tip(period: stats.PeriodVolume) -> str:
    return (
        f"{period.period.label}\nVolume: {_amount(period.volume, period.unit)} in {_sessions_text(period.sessions)}\n"
        "Click to open its latest session"
    )


def balance_tip(point: stats.BalancePoint, lift: Lift | None = None) -> str:
    lines = [_when(point)]
    if lift is not None:
        lines.append(lift.label)
    lines += [
        f"Left: {point.left_reps} reps, {_amount(point.left_volume, point.unit)}",
        f"Right: {point.right_reps} reps, {_amount(point.right_volume, point.unit)}",
    ]
    gap = f"Difference: {point.imbalance_percent:.1f} %"
    if point.weaker is not None:
        gap += f", {point.weaker.value} leg behind"
    if point.flagged:
        gap += f" (over {stats.IMBALANCE_FLAG_PERCENT:g} %)"
    lines.append(gap)
    if point.period is not None:
        lines.append("Click to open its latest session")
    return "\n".join(lines)


def tension_tip(point: stats.TensionPoint) -> str:
    if point.period is None:
        return f"{day_text(point.started_at)}\nTime under tension: {in_words(point.seconds)} over {point.reps} reps"
    return (
        f"{_when(point)}\nTime under tension: {in_words(point.seconds / point.sessions)} a session on average\n"
        f"({in_words(point.seconds)} over {point.reps} reps in all)\nClick to open its latest session"
    )


def tempo_tip(point: stats.TempoPoint, lift: Lift) -> str:
    how = stats.MEASURED if point.measured else "paced (the metronome's schedule, not measured)"
    text = (
        f"{_when(point)}\n{lift.label}\n"
        f"Lowering {how}: {_seconds(point.mean)} a rep on average ({_seconds(point.shortest)} – {_seconds(point.longest)}, "
        f"{point.reps} reps)\nPlanned: {point.planned:g} s · {point.adherence_percent:.0f} % of plan"
    )
    return text + ("\nClick to open its latest session" if point.period is not None else "")


def _tip_from(formatter: Callable[..., str], *args) -> Callable[..., str]:
    """A ScatterPlotItem ``tip`` that formats the hovered point's data only when hovered."""

    def tip(x: float, y: float, data) -> str:
        return formatter(data, *args)

    return tip


# ----------------------------------------------------------------------------- the view


class ChartsView(QWidget):
    """The history charts, with filters, tooltips, click-to-open and PNG export."""

    #: The lifter clicked a point: open this session.
    session_activated = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        now: Callable[[], dt.datetime] | None = None,
        summaries: stats.Summaries | None = None,
    ) -> None:
        super().__init__(parent)
        self._now = now or (lambda: dt.datetime.now().astimezone())
        self._summaries = summaries if summaries is not None else stats.Summaries()
        self._days: list[stats.ExerciseDay] = []
        self._unit = Unit.KG
        self._plots: dict[Chart, pg.PlotWidget] = {}
        self._stale: set[Chart] = set(Chart)
        self._message_for: dict[Chart, str] = {}
        self._items: dict[Chart, dict[str, pg.GraphicsObject]] = {chart: {} for chart in Chart}
        self._reusable: dict[str, pg.GraphicsObject] = {}
        self._legend_entries: list[tuple[pg.GraphicsObject, str]] = []
        self._label_texts: dict[Chart, tuple[str, str]] = {}
        self._lift_index: dict[Lift, int] = {}
        self._drawing: Chart = Chart.LOAD
        self._grouping = stats.Grouping.SESSION
        # Legend samples for the legs and, on Left vs right, each preset's marker (never drawn
        # on a plot).
        self._lift_keys: dict[Lift, pg.PlotDataItem] = {}
        self._leg_keys: dict[tuple[str, str], pg.PlotDataItem] = {}

        self.chart_tabs = QTabBar()
        for chart in Chart:
            self.chart_tabs.addTab(chart.label)
        self.chart_tabs.setExpanding(False)
        self.exercise_box = QComboBox()
        self.exercise_box.setMinimumContentsLength(16)
        self.exercise_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.exercise_box.setMaximumWidth(420)
        self.span_box = QComboBox()
        for span in Span:
            self.span_box.addItem(span.label, span.value)
        self.span_box.setCurrentIndex(list(Span).index(Span.MONTHS_3))
        self.balance_box = QComboBox()
        self.balance_box.addItem("Reps per leg", Balance.REPS.value)
        self.balance_box.addItem("Volume per leg", Balance.VOLUME.value)
        self.save_button = QPushButton("Save chart as PNG…")
        self.message = QLabel(EMPTY_HISTORY_MESSAGE)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        message_font = self.message.font()
        message_font.setPointSize(16)
        self.message.setFont(message_font)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.message)

        # The save button sits beside the tabs, so the filters fit an 800-pixel window.
        top = QHBoxLayout()
        top.addWidget(self.chart_tabs)
        top.addStretch(1)
        top.addWidget(self.save_button)
        exercise_label, dates_label = QLabel("Exercise"), QLabel("Dates")
        filters = QHBoxLayout()
        filters.addWidget(exercise_label)
        filters.addWidget(self.exercise_box, 1)
        filters.addSpacing(12)
        filters.addWidget(dates_label)
        filters.addWidget(self.span_box)
        filters.addSpacing(12)
        filters.addWidget(self.balance_box)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.pages, 1)
        font = self.font()
        font.setPointSize(max(font.pointSize(), 12))
        for widget in (self.chart_tabs, exercise_label, self.exercise_box, dates_label, self.span_box,
                       self.balance_box, self.save_button):
            widget.setFont(font)

        self._fill_exercise_box()
        self.chart_tabs.currentChanged.connect(self._on_chart_changed)
        self.exercise_box.currentIndexChanged.connect(self._on_filter_changed)
        self.span_box.currentIndexChanged.connect(self._on_filter_changed)
        self.balance_box.currentIndexChanged.connect(self._on_balance_changed)
        self.save_button.clicked.connect(self._ask_where_to_save)
        self._refresh()

    # ------------------------------------------------------------------ public API

    def set_sessions(self, sessions: Sequence[SessionRecord]) -> None:
        """Show this history (any order); only sessions not seen before are walked.

        Nothing is redrawn when the history is the same as before (the page hands it
        over again each time the charts are shown).
        """
        days = self._summaries.days(sessions)
        if len(days) == len(self._days) and all(map(operator.is_, days, self._days)):
            return
        self._days = days
        self._lift_index = {lift: index for index, lift in enumerate(stats.lifts(days))}
        self._fill_exercise_box()
        self._stale = set(Chart)
        self._refresh()

    def set_unit(self, unit: Unit) -> None:
        """Show loads and volumes in ``unit``; the records keep the unit they were saved in."""
        if unit is self._unit:
            return
        self._unit = unit
        self._stale |= UNIT_CHARTS
        self._refresh()

    @property
    def summaries(self) -> stats.Summaries:
        """The sessions boiled down, kept between redraws (and shared with the history page)."""
        return self._summaries

    @property
    def unit(self) -> Unit:
        return self._unit

    @property
    def current_chart(self) -> Chart:
        return list(Chart)[self.chart_tabs.currentIndex()]

    def show_chart(self, chart: Chart) -> None:
        self.chart_tabs.setCurrentIndex(list(Chart).index(chart))

    def set_span(self, span: Span) -> None:
        self.span_box.setCurrentIndex(self.span_box.findData(span.value))

    def set_exercise(self, variation: Variation | None, preset_name: str | None = None) -> None:
        """Pick an entry of the exercise filter; ``None`` for every exercise."""
        for index in range(self.exercise_box.count()):
            if self.exercise_box.itemData(index) == _exercise_key(variation, preset_name):
                self.exercise_box.setCurrentIndex(index)
                return
        raise KeyError(f"No exercise {preset_name or variation!r} in the history")

    @property
    def selection(self) -> Selection:
        key = self.exercise_box.currentData() or ("", "")
        variation, preset_name = key
        return Selection(
            variation=Variation(variation) if variation else None,
            preset_name=preset_name or None,
            span=Span(self.span_box.currentData()),
        )

    def plot_item(self, chart: Chart) -> pg.PlotItem:
        """The pyqtgraph plot of ``chart``, drawn if it was not yet."""
        return self._plot_widget(chart).getPlotItem()

    def chart_items(self, chart: Chart) -> dict[str, pg.GraphicsObject]:
        """The items drawn on ``chart`` by name ('top set:<preset>', 'left', 'imbalance', …)."""
        self._plot_widget(chart)
        return dict(self._items[chart])

    @property
    def grouping(self) -> stats.Grouping:
        """What a point of the chart last drawn stands for: a session, a week or a month."""
        return self._grouping

    def shows_message(self) -> bool:
        """True when a message stands in place of the chart (no history, nothing in the filter)."""
        return self.pages.currentWidget() is self.message

    def export_png(self, path: str | os.PathLike[str]) -> Path:
        """Save the chart on screen as a PNG at ``path``; raises SaveError with a plain message."""
        target = Path(path)
        if target.suffix.lower() != ".png":
            target = target.with_name(target.name + ".png")
        if self.shows_message():
            raise SaveError(f"There is no chart to save: {self.message.text().splitlines()[0]}")
        exporter = pyqtgraph.exporters.ImageExporter(self.plot_item(self.current_chart))
        exporter.parameters()["width"] = EXPORT_WIDTH
        exporter.parameters()["background"] = QColor("white")
        image = exporter.export(toBytes=True)
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):
            raise SaveError(f"Could not draw the chart into {target.name}")
        buffer.close()
        atomic_write(target, bytes(data), shared=True)  # for the lifter's other programs
        return target

    # ------------------------------------------------------------------ filters

    def _fill_exercise_box(self) -> None:
        """All exercises, then each variation; a variation with several presets lists them below it."""
        current = self.exercise_box.currentData()
        by_variation: dict[Variation, list[str]] = {}
        for lift in self._lift_index:  # sorted
            by_variation.setdefault(lift.variation, []).append(lift.preset_name)
        self.exercise_box.blockSignals(True)
        self.exercise_box.clear()
        self.exercise_box.addItem("All exercises", _exercise_key(None, None))
        for variation, presets in by_variation.items():
            if len(presets) == 1:
                self.exercise_box.addItem(presets[0], _exercise_key(variation, presets[0]))
                continue
            self.exercise_box.addItem(f"{variation.label}: every preset", _exercise_key(variation, None))
            for preset_name in presets:
                self.exercise_box.addItem(f"    {preset_name}", _exercise_key(variation, preset_name))
        index = self.exercise_box.findData(current) if current is not None else 0
        self.exercise_box.setCurrentIndex(max(0, index))
        self.exercise_box.blockSignals(False)
        has_history = bool(self._days)
        for widget in (self.exercise_box, self.span_box, self.balance_box):
            widget.setEnabled(has_history)

    def _on_chart_changed(self, _index: int) -> None:
        self._refresh()

    def _on_filter_changed(self, _index: int) -> None:
        self._stale = set(Chart)
        self._refresh()

    def _on_balance_changed(self, _index: int) -> None:
        self._stale.add(Chart.BALANCE)
        self._refresh()

    def _refresh(self) -> None:
        """Draw the chart on screen if it is out of date, or say why there is none."""
        chart = self.current_chart
        self.balance_box.setVisible(chart is Chart.BALANCE)
        if not self._days:
            self._show_message(EMPTY_HISTORY_MESSAGE)
            return
        if chart in self._stale:
            if not self._message_for.get(chart):
                # Drawn on a shown plot, the chart is painted once; drawn hidden and then
                # shown, pyqtgraph paints it twice.
                self.pages.setCurrentWidget(self._widget(chart))
            self._draw(chart)
            self._stale.discard(chart)
        message = self._message_for.get(chart)
        if message:
            self._show_message(message)
        else:
            self.pages.setCurrentWidget(self._plots[chart])
            self.save_button.setEnabled(True)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.pages.setCurrentWidget(self.message)
        self.save_button.setEnabled(False)

    def _ask_where_to_save(self) -> None:
        suggested = Path.home() / f"gymtimer-{self.current_chart.value}-{self._now():%Y-%m-%d}.png"
        path, _ = QFileDialog.getSaveFileName(self, "Save chart as PNG", str(suggested), "PNG image (*.png)")
        if not path:
            return
        try:
            self.export_png(path)
        except SaveError as error:
            QMessageBox.warning(self, "Chart not saved", str(error))

    # ------------------------------------------------------------------ drawing

    def _widget(self, chart: Chart) -> pg.PlotWidget:
        """The plot widget of ``chart``, made the first time it is needed."""
        widget = self._plots.get(chart)
        if widget is None:
            widget = _new_plot_widget()
            self._plots[chart] = widget
            self.pages.addWidget(widget)
        return widget

    def _plot_widget(self, chart: Chart) -> pg.PlotWidget:
        widget = self._widget(chart)
        if chart in self._stale and self._days:
            self._draw(chart)
            self._stale.discard(chart)
        return widget

    def _draw(self, chart: Chart) -> None:
        widget = self._widget(chart)
        plot = widget.getPlotItem()
        # The last drawing's items are reused by name: handing a plot item new arrays costs
        # far less than building it anew, and an unchanged legend is left as it is.
        self._reusable = self._items[chart]
        self._items[chart] = {}
        self._legend_entries = []
        self._drawing = chart
        selection = self.selection
        days = stats.select(self._days, selection, self._now())
        self._grouping = stats.grouping_for(days)
        draw = {
            Chart.LOAD: self._draw_load,
            Chart.VOLUME: self._draw_volume,
            Chart.BALANCE: self._draw_balance,
            Chart.TENSION: self._draw_tension,
            Chart.TEMPO: self._draw_tempo,
        }[chart]
        drawn = draw(plot, days) if days else False
        for name, item in self._reusable.items():
            if self._items[chart].get(name) is not item:
                plot.removeItem(item)
        self._reusable = {}
        _set_legend(plot.legend, self._legend_entries if drawn else [])
        widget.fit_legend()
        self._message_for[chart] = "" if drawn else self._nothing_message(chart, selection)
        if drawn:
            plot.enableAutoRange()
            # Settle the range and hand the scene's changes to the view before the paint: left
            # to the paint, either makes pyqtgraph paint the whole chart a second time.
            plot.vb.updateAutoRange()
            _widen_dates(plot.vb)
            plot.vb.updateMatrix()
            QCoreApplication.sendPostedEvents(widget.scene(), QEvent.Type.MetaCall)

    def _nothing_message(self, chart: Chart, selection: Selection) -> str:
        what = self.exercise_box.currentText().strip()
        when = selection.span.label.lower()
        if chart is Chart.BALANCE:
            return (
                f"No one-leg work for {what.lower()} ({when}).\n\n"
                "Left against right shows single-leg, eccentric single-leg and staggered-stance sessions."
            )
        untimed = stats.untimed_sessions(stats.select(self._days, selection, self._now()))
        imported = (f"\n\n{_count_sessions(untimed)} imported from another app "
                    f"{'have' if untimed != 1 else 'has'} no rep times.") if untimed else ""
        if chart is Chart.TEMPO:
            return f"No recorded lowering times for {what.lower()} ({when}).{imported}"
        if chart is Chart.TENSION and imported:
            return f"No timed reps for {what.lower()} ({when}).{imported}"
        return f"No sessions for {what.lower()} ({when}).\n\nTry a longer date range."

    def _kept(self, name: str, kind: type):
        """The item of this name from the last drawing of the chart, if it is of ``kind``."""
        item = self._reusable.get(name)
        return item if type(item) is kind else None

    def _add(self, plot, name, item, legend=None):
        if self._reusable.get(name) is not item:
            plot.addItem(item)
        self._items[self._drawing][name] = item
        if legend:
            self._legend_entries.append((item, legend))
        return item

    def _scatter(
        self, plot, name, xs, ys, data, tip, colour, symbol, size=None, legend=None, sizes=None, layer=None,
        hollow=False,
    ) -> pg.ScatterPlotItem:
        """Hoverable, clickable points; their data is what the tooltip and the click read.

        ``sizes`` gives some points their own size (the legend keeps ``size``); points of a
        higher ``layer`` are drawn over those of a lower one, and over every line. A ``hollow``
        marker is the colour's outline on white.
        """
        size = self._point_size() if size is None else size
        pen, brush = (_pen(colour, 2), _brush("white")) if hollow else (_pen("white"), _brush(colour))
        options = dict(
            x=xs, y=ys, data=data, symbol=symbol, size=size, pen=pen, brush=brush,
            hoverable=True, hoverSize=size + 6, tip=tip,
        )
        item = self._kept(name, pg.ScatterPlotItem)
        if item is None:
            item = pg.ScatterPlotItem(**options)
            item.sigClicked.connect(self._on_points_clicked)
        else:
            item.setData(**options)
        if sizes is not None:
            item.setSize(sizes)
        if layer is not None:
            item.setZValue(POINTS_Z + layer)
        return self._add(plot, name, item, legend)

    def _line(self, plot, name, xs, ys, colour, *, dashed=False, steps=False, legend=None) -> pg.PlotCurveItem:
        """A line through the points; with ``steps``, each value holds until the next point (one more x)."""
        # Qt strokes wide, antialiased lines slowly: years of sessions get a thin, plain line.
        dense = len(ys) > DENSE_POINTS
        options = dict(
            x=xs, y=ys, pen=_pen(colour, 1 if dense else 2, dashed), connect="finite", antialias=not dense,
            stepMode="center" if steps else None,
        )
        item = self._kept(name, pg.PlotCurveItem)
        if item is None:
            item = pg.PlotCurveItem(**options)
        else:
            item.setData(**options)
        return self._add(plot, name, item, legend)

    def _bars(self, plot, name, legend=None, **options) -> pg.BarGraphItem:
        item = self._kept(name, pg.BarGraphItem)
        if item is None:
            item = pg.BarGraphItem(**options)
        else:
            item.setOpts(**options)
        return self._add(plot, name, item, legend)

    def _error_bars(self, plot, name, **options) -> pg.ErrorBarItem:
        item = self._kept(name, pg.ErrorBarItem)
        if item is None:
            item = pg.ErrorBarItem(**options)
        else:
            item.setData(**options)
        return self._add(plot, name, item)

    def _labels(self, plot: pg.PlotItem, title: str, left: str, *, mean: bool = False) -> None:
        """The title says what a point stands for; with ``mean``, a grouped point is the mean of its sessions.

        A title is as wide as its text at least: each must fit an 800-pixel window.
        """
        title += {
            stats.Grouping.SESSION: "",
            stats.Grouping.WEEK: " · mean per session, each week" if mean else " · each week",
            stats.Grouping.MONTH: " · mean per session, each month" if mean else " · each month",
        }[self._grouping]
        # Setting a label lays out rich text again: only when it changes.
        if self._label_texts.get(self._drawing) == (title, left):
            return
        self._label_texts[self._drawing] = (title, left)
        plot.setTitle(title, size=TITLE_SIZE, color=TEXT_COLOUR)
        style = {"color": TEXT_COLOUR, "font-size": LABEL_SIZE}
        plot.setLabel("left", left, **style)
        plot.setLabel("bottom", "Date", **style)

    def _point_size(self) -> int:
        return POINT_SIZE if self._grouping is stats.Grouping.SESSION else GROUPED_POINT_SIZE

    def _look(self, lift: Lift) -> tuple[str, str]:
        """The colour and marker of a lift, the same whatever the filters keep."""
        index = self._lift_index.get(lift, 0)
        return LINE_COLOURS[index % len(LINE_COLOURS)], LINE_SYMBOLS[index % len(LINE_SYMBOLS)]

    def _on_points_clicked(self, _item, points, _event=None) -> None:
        for point in points:
            session_id = getattr(point.data(), "session_id", None)
            if session_id:
                self.session_activated.emit(session_id)
                return

    def _draw_load(self, plot: pg.PlotItem, days) -> bool:
        unit, grouping = self._unit, self._grouping
        series = {lift: stats.group_load(points, grouping) for lift, points in stats.load_series(days, unit).items()}
        # The title says which line is which, so the legend has one entry a lift.
        title = "Top set and estimated 1RM (dashed)"
        self._labels(plot, title if grouping is stats.Grouping.SESSION else f"Best {title[0].lower()}{title[1:]}",
                     f"Load ({unit.value})")
        columns = [(_times(points), _column(points, _LOAD)) for points in series.values()]
        sizes = _stacked_sizes(columns, self._point_size())
        for order, ((lift, points), (xs, loads)) in enumerate(zip(series.items(), columns, strict=True)):
            colour, symbol = self._look(lift)
            self._line(plot, f"load:{lift.label}", xs, loads, colour)
            # One legend entry per lift: the keys below say which line is which.
            self._scatter(
                plot, f"top set:{lift.label}", xs, loads, points,
                _tip_from(load_tip, lift), colour, symbol, legend=lift.label,
                sizes=sizes[order], layer=order,
            )
            e1rm = np.fromiter((math.nan if p.e1rm is None else p.e1rm for p in points), float, len(points))
            if not np.isnan(e1rm).all():
                # A line without markers: the top set's tooltip gives the estimate's exact value.
                self._line(plot, f"e1rm:{lift.label}", xs, e1rm, colour, dashed=True)
        return bool(series)

    def _draw_volume(self, plot: pg.PlotItem, days) -> bool:
        unit, grouping = self._unit, self._grouping
        self._labels(plot, "Volume: load × reps", f"Volume ({unit.value})")
        if grouping is stats.Grouping.MONTH:
            months = stats.period_volumes(days, unit, grouping)
            if not months:
                return False
            starts = np.fromiter((_midnight(m.period.first) for m in months), float, len(months))
            ends = np.fromiter((_midnight(m.period.last) + 86400 for m in months), float, len(months))
            centres, volumes = (starts + ends) / 2, _column(months, _VOLUME)
            self._bars(
                plot, "months", legend="Per month", x=centres, height=volumes, width=(ends - starts) * 0.85,
                brush=_brush(OKABE_ITO["sky_blue"] + "90"), pen=_pen(OKABE_ITO["sky_blue"]),
            )
            self._scatter(
                plot, "month tops", centres, volumes, months, _tip_from(period_volume_tip),
                OKABE_ITO["blue"], "s", size=8,
            )
            return True
        sessions = stats.session_volumes(days, unit)
        weeks = stats.weekly_volumes(days, unit)
        week_seconds = 7 * 86400
        # A week's bar spans Monday to Sunday, centred on Thursday noon.
        centres = np.fromiter((_midnight(w.monday) for w in weeks), float, len(weeks)) + week_seconds / 2
        week_volumes = _column(weeks, _VOLUME)
        self._bars(
            plot, "weeks", legend="Per week (Monday to Sunday)",
            x=centres, height=week_volumes, width=week_seconds * 0.85,
            brush=_brush(OKABE_ITO["sky_blue"] + "90"), pen=_pen(OKABE_ITO["sky_blue"]),
        )
        if grouping is stats.Grouping.WEEK:
            # Too many sessions for a point each: the week's top opens its latest session.
            latest = stats.period_volumes(days, unit, grouping)
            self._scatter(
                plot, "week tops", centres, week_volumes, latest, _tip_from(period_volume_tip),
                OKABE_ITO["blue"], "s", size=8,
            )
            return bool(weeks)
        self._scatter(
            plot, "week tops", centres, week_volumes, weeks, _tip_from(week_tip), OKABE_ITO["sky_blue"], "s", size=8,
        )
        self._scatter(
            plot, "sessions", _times(sessions), _column(sessions, _VOLUME),
            sessions, _tip_from(volume_tip), OKABE_ITO["blue"], "o", legend="Per session",
        )
        return bool(sessions)

    def _draw_balance(self, plot: pg.PlotItem, days) -> bool:
        unit, grouping = self._unit, self._grouping
        series = {
            lift: stats.group_balance(points, grouping) for lift, points in stats.balance_by_lift(days, unit).items()
        }
        if not series:
            return False
        by_volume = self.balance_box.currentData() == Balance.VOLUME.value
        self._labels(
            plot, "Left against right", f"Volume per leg ({unit.value})" if by_volume else "Reps per leg", mean=True,
        )
        columns = []
        for points in series.values():
            sessions = _column(points, _SESSIONS)
            left = _column(points, _LEFT_VOLUME if by_volume else _LEFT_REPS) / sessions
            right = _column(points, _RIGHT_VOLUME if by_volume else _RIGHT_REPS) / sessions
            columns.append((_times(points), left, right))
        # Legs that did the same would put the right leg's point right over the left's.
        sizes = _stacked_sizes(
            [line for xs, left, right in columns for line in ((xs, left), (xs, right))], self._point_size(),
        )
        top = max(max(left.max(), right.max()) for _, left, right in columns) or 1.0
        flagged_xs, flagged_ys, flagged_points = [], [], []
        several = len(series) > 1
        for order, ((lift, points), (xs, left, right)) in enumerate(zip(series.items(), columns, strict=True)):
            _, symbol = self._look(lift)
            tip = _tip_from(balance_tip, lift)
            # Each preset has lines of its own: sessions of different presets are never joined.
            self._line(plot, f"left line:{lift.label}", xs, left, LEFT_COLOUR)
            self._line(plot, f"right line:{lift.label}", xs, right, RIGHT_COLOUR, dashed=True)
            self._scatter(
                plot, f"left:{lift.label}", xs, left, points, tip, LEFT_COLOUR, symbol,
                sizes=sizes[2 * order], layer=2 * order,
            )
            self._scatter(
                plot, f"right:{lift.label}", xs, right, points, tip, RIGHT_COLOUR, symbol,
                sizes=sizes[2 * order + 1], layer=2 * order + 1,
            )
            if several:
                self._legend_entries.append((self._lift_key(lift), lift.label))
            flagged = np.fromiter((p.flagged for p in points), bool, len(points))
            flagged_xs.append(xs[flagged])
            # The star sits above the pair, so it never hides the weaker leg's point.
            flagged_ys.append(np.maximum(left, right)[flagged] + top * 0.06)
            flagged_points += [p for p in points if p.flagged]
        # The legs' samples take the preset's marker when there is one preset, a plain dot otherwise.
        leg_symbol = "o" if several else self._look(next(iter(series)))[1]
        self._legend_entries[:0] = [
            (self._leg_key(LEFT_COLOUR, leg_symbol), "Left leg"),
            (self._leg_key(RIGHT_COLOUR, leg_symbol), "Right leg"),
        ]
        if flagged_points:
            self._scatter(
                plot, "imbalance", np.concatenate(flagged_xs), np.concatenate(flagged_ys),
                flagged_points, _tip_from(balance_tip), FLAG_COLOUR, "star", size=16,
                legend=f"More than {stats.IMBALANCE_FLAG_PERCENT:g} % apart", layer=2 * len(series),
            )
        return True

    def _leg_key(self, colour: str, symbol: str) -> pg.PlotDataItem:
        """A leg's legend sample: its colour, its line (the right leg's dashed) and ``symbol``."""
        key = self._leg_keys.get((colour, symbol))
        if key is None:
            key = self._leg_keys[colour, symbol] = _legend_key(colour, symbol, _pen(colour, 2, colour == RIGHT_COLOUR))
        return key

    def _lift_key(self, lift: Lift) -> pg.PlotDataItem:
        """A grey legend sample of the lift's marker, for charts whose colours say something else."""
        key = self._lift_keys.get(lift)
        if key is None:
            _, symbol = self._look(lift)
            key = self._lift_keys[lift] = _legend_key("#808080", symbol)
        return key

    def _draw_tension(self, plot: pg.PlotItem, days) -> bool:
        points = stats.group_tension(stats.tension_series(days), self._grouping)
        grouped = self._grouping is not stats.Grouping.SESSION
        title = "Time under tension" if grouped else "Time under tension per session"
        self._labels(plot, title + _untimed_note(days), "Seconds", mean=True)
        xs, ys = _times(points), _column(points, _SECONDS) / _column(points, _SESSIONS)
        self._line(plot, "tension line", xs, ys, OKABE_ITO["bluish_green"])
        self._scatter(
            plot, "tension", xs, ys, points, _tip_from(tension_tip), OKABE_ITO["bluish_green"], "o",
            legend="Lift + squeeze + lower",
        )
        return bool(points)

    def _draw_tempo(self, plot: pg.PlotItem, days) -> bool:
        grouping = self._grouping
        series = {lift: stats.group_tempo(points, grouping) for lift, points in stats.tempo_series(days).items()}
        self._labels(plot, "Lowering per rep (dashed: the plan)" + _untimed_note(days), "Seconds per rep")
        # Measured by a camera, live or on video (the lift's filled marker); otherwise the
        # paced lowering, the metronome's own schedule (a hollow marker), so a flat line on the
        # plan is never taken for what the lifter did.
        kinds = [(True, "measured"), (False, "lowering")]
        split = [[[p for p in points if p.measured is measured] for measured, _ in kinds] for points in series.values()]
        columns = [(_times(part), _column(part, _MEAN)) for parts in split for part in parts]
        drawn = [index for index, (xs, _) in enumerate(columns) if len(xs)]
        sizes: list = [None] * len(columns)
        for index, size in zip(drawn, _stacked_sizes([columns[i] for i in drawn], self._point_size()), strict=True):
            sizes[index] = size
        step = {stats.Grouping.SESSION: 86400, stats.Grouping.WEEK: 7 * 86400, stats.Grouping.MONTH: 30 * 86400}
        for order, (lift, points) in enumerate(series.items()):
            colour, symbol = self._look(lift)
            xs = _times(points)
            # Each planned value holds until the next point; the last one for a day (week, month).
            self._line(
                plot, f"plan:{lift.label}", np.append(xs, xs[-1] + step[grouping]), _column(points, _PLANNED),
                colour, dashed=True, steps=True,
            )
            for kind, ((measured, name), part) in enumerate(zip(kinds, split[order], strict=True)):
                if not part:
                    continue
                xs, means = columns[2 * order + kind]
                self._error_bars(
                    plot, f"{name} spread:{lift.label}", x=xs, y=means,
                    top=_column(part, _LONGEST) - means, bottom=means - _column(part, _SHORTEST),
                    beam=0, pen=_pen(colour + "80"),
                )
                legend = f"{lift.label}: {stats.MEASURED}" if measured else f"{lift.label}: paced, not measured"
                self._scatter(
                    plot, f"{name}:{lift.label}", xs, means, part, _tip_from(tempo_tip, lift), colour, symbol,
                    legend=legend, sizes=sizes[2 * order + kind], layer=2 * order + kind, hollow=not measured,
                )
        return bool(series)


def _count_sessions(count: int) -> str:
    return f"{count} session{'s' if count != 1 else ''}"


def _untimed_note(days) -> str:
    """The title's note on imported sessions, which have no rep times to chart ("" when none is shown)."""
    untimed = stats.untimed_sessions(days)
    return f" · {_count_sessions(untimed)} imported without rep times left out" if untimed else ""


def _exercise_key(variation: Variation | None, preset_name: str | None) -> tuple[str, str]:
    return (variation.value if variation else "", preset_name or "")


def _midnight(day: dt.date) -> float:
    return dt.datetime(day.year, day.month, day.day).astimezone().timestamp()


def _widen_dates(view: pg.ViewBox) -> None:
    """Show at least :data:`MIN_DATE_SPAN_DAYS` around the sessions, so the axis reads as dates.

    Fitted to sessions of one day (or one session), the axis would otherwise span minutes
    or a second and label its ticks '06.400'. The next drawing fits the sessions again.
    """
    (low, high), _ = view.viewRange()
    shortest = MIN_DATE_SPAN_DAYS * 86400
    if high - low < shortest:
        middle = (low + high) / 2
        view.setXRange(middle - shortest / 2, middle + shortest / 2, padding=0)


_ROW_STRIDE = 4096


def _stacked_sizes(lines: Sequence[tuple[np.ndarray, np.ndarray]], size: int = POINT_SIZE) -> list[np.ndarray | None]:
    """Point sizes that keep the points of several lines from hiding one another.

    ``lines`` are the (dates, values) of each line, in the order they are drawn, each on
    top of the ones before. A point with points of later lines on (or nearly on) it, as
    when two exercises of one session have the same top set, is drawn :data:`RING_WIDTH`
    wider for each of them, so it shows as a ring around them. ``None`` for a line none
    of whose points is covered.
    """
    sizes: list[np.ndarray | None] = [None] * len(lines)
    if len(lines) < 2:
        return sizes
    xs = np.concatenate([x for x, _ in lines])
    ys = np.concatenate([y for _, y in lines])
    # A grid of 'nearly the same spot', its cells numbered column × _ROW_STRIDE + row
    # (a hundred rows or so, far below the stride).
    y_step = np.ptp(ys) * NEAR_SHARE or 1.0
    x_low, y_low = xs.min(), ys.min()
    cells = [
        np.floor((x - x_low) / NEAR_SECONDS).astype(np.int64) * _ROW_STRIDE
        + np.floor((y - y_low) / y_step).astype(np.int64)
        for x, y in lines
    ]
    # A point is covered by a later line with a point in its own cell or one of the eight around it.
    around = np.array([dx * _ROW_STRIDE + dy for dx in (-1, 0, 1) for dy in (-1, 0, 1)], dtype=np.int64)
    reach = [np.sort(cell[:, np.newaxis] + around, axis=None) for cell in cells[1:]]
    for index, cell in enumerate(cells[:-1]):
        above = np.zeros(len(cell), dtype=np.int64)
        for later in reach[index:]:
            above += later[np.minimum(np.searchsorted(later, cell), len(later) - 1)] == cell
        if above.any():
            sizes[index] = (size + RING_WIDTH * above).astype(float)
    return sizes


class _ChartWidget(pg.PlotWidget):
    """A plot whose legend takes as many columns as its width holds, so it stays a few rows high."""

    def resizeEvent(self, event) -> None:
        # Before the plot is laid out to the new width: a legend wider than the window would
        # otherwise hold the plot wider than the window, its right part cut off.
        self.fit_legend()
        super().resizeEvent(event)

    def fit_legend(self) -> None:
        legend = getattr(self.getPlotItem(), "legend", None)
        if legend is None or not legend.items:
            return
        # The text's own width: the label's rectangle is the column it was given.
        widths = [label.item.boundingRect().width() + LEGEND_SAMPLE_WIDTH for _, label in legend.items]
        room = self.width() - self.getPlotItem().getAxis("left").width() - 20
        columns = legend_columns(widths, room)
        if columns != legend.columnCount:
            legend.setColumnCount(columns)
        # The layout adds its own spacing: a column fewer until the legend truly fits.
        while legend.columnCount > 1 and legend.layout.effectiveSizeHint(Qt.SizeHint.MinimumSize).width() > room:
            legend.setColumnCount(legend.columnCount - 1)


def legend_columns(widths: Sequence[float], room: float) -> int:
    """The most columns a legend of entries this wide can take in ``room`` pixels (one at least).

    The entries fill the rows left to right, and each column is as wide as its widest entry.
    """
    for columns in range(len(widths), 1, -1):
        if sum(max(widths[column::columns]) for column in range(columns)) <= room:
            return columns
    return 1


#: Room the legend gives a sample and the space after its label, in pixels.
LEGEND_SAMPLE_WIDTH = 45


def _new_plot_widget() -> pg.PlotWidget:
    """A white plot with a date axis, big dark text and a legend."""
    widget = _ChartWidget(background="w", axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
    plot = widget.getPlotItem()
    plot.vb.setLimits(minXRange=MIN_ZOOM_SECONDS)
    plot.showGrid(x=True, y=True, alpha=0.25)
    tick_font = QFont()
    tick_font.setPointSize(TICK_POINT_SIZE)
    for name in ("bottom", "left"):
        axis = plot.getAxis(name)
        axis.setTickFont(tick_font)
        axis.setTextPen(TEXT_COLOUR)
        axis.setPen(TEXT_COLOUR)
        axis.enableAutoSIPrefix(False)
    plot.getAxis("left").setWidth(80)
    # The legend sits in a row of its own under the date axis, so it never hides a point.
    legend = pg.LegendItem(labelTextSize=LEGEND_SIZE, labelTextColor=TEXT_COLOUR, colCount=1)
    plot.layout.addItem(legend, 4, 1)
    plot.legend = legend
    plot.setMenuEnabled(False)
    return widget


def _legend_key(colour: str, symbol: str, pen: QPen | None = None) -> pg.PlotDataItem:
    """A legend sample: a marker, with a line through it when ``pen`` is given."""
    return pg.PlotDataItem(
        [0.0], [0.0], pen=pen, symbol=symbol, symbolBrush=_brush(colour), symbolPen=_pen("white"),
        symbolSize=POINT_SIZE,
    )


def _set_legend(legend: pg.LegendItem, entries: list[tuple[pg.GraphicsObject, str]]) -> None:
    """Show these legend entries; an unchanged legend is not laid out again."""
    shown = [(sample.item, label.text) for sample, label in legend.items]
    if len(shown) == len(entries) and all(a is b and x == y for (a, x), (b, y) in zip(shown, entries, strict=True)):
        return
    legend.clear()
    for item, label in entries:
        legend.addItem(item, label)


@functools.cache
def _pen(colour: str, width: int = 1, dashed: bool = False) -> QPen:
    # One pen per look, shared by every drawing: pyqtgraph keys its marker cache on the pen.
    return pg.mkPen(colour, width=width, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)


@functools.cache
def _brush(colour: str) -> QBrush:
    return pg.mkBrush(colour)


def _times(points) -> np.ndarray:
    """When each point's session started, in seconds since the epoch (the date axis's unit).

    A point that stands for a week or a month sits in the middle of it.
    """
    return np.fromiter(
        (p.period.middle().timestamp() if getattr(p, "period", None) else p.started_at.timestamp() for p in points),
        float, len(points),
    )


def _column(points, field: Callable[[object], float]) -> np.ndarray:
    return np.fromiter(map(field, points), float, len(points))


_LOAD, _VOLUME, _SECONDS, _SESSIONS = (
    operator.attrgetter(name) for name in ("load", "volume", "seconds", "sessions")
)
_LEFT_REPS, _RIGHT_REPS = operator.attrgetter("left_reps"), operator.attrgetter("right_reps")
_LEFT_VOLUME, _RIGHT_VOLUME = operator.attrgetter("left_volume"), operator.attrgetter("right_volume")
_MEAN, _PLANNED = operator.attrgetter("mean"), operator.attrgetter("planned")
_SHORTEST, _LONGEST = operator.attrgetter("shortest"), operator.attrgetter("longest")
