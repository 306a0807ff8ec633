"""The history charts, opened offscreen: filters, what each plot holds, tooltips, clicks, PNG export."""

from __future__ import annotations

import datetime as dt
import math
import os
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

if PySide6.__version_info__[:2] == (6, 12) and sys.version_info < (3, 12):
    # PySide6 6.12.0 drops a reference to None on every void call under Python 3.11 (None is
    # only immortal from 3.12 on); drawing a few charts then aborts the whole test run.
    pytest.fail(
        "PySide6 6.12 breaks on Python 3.11 (it loses a reference to None on every void call); "
        "install the pyproject.toml range: pip install 'pyside6-essentials<6.12' 'pyside6-addons<6.12'",
        pytrace=False,
    )

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage

from gymtimer.core.plan import Laterality, Plan, Side
from gymtimer.core.presets import Variation
from gymtimer.core.records import ExerciseRecord, RepRecord, SessionRecord, SetRecord
from gymtimer.core.stats import Span
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.units import KG_PER_LB, Unit
from gymtimer.ui.charts import (
    EMPTY_HISTORY_MESSAGE,
    FLAG_COLOUR,
    LEFT_COLOUR,
    LINE_COLOURS,
    RIGHT_COLOUR,
    TEXT_COLOUR,
    Balance,
    Chart,
    ChartsView,
)
from gymtimer.ui.colours import OKABE_ITO

TZ = dt.timezone(dt.timedelta(hours=2))
NOW = dt.datetime(2025, 6, 30, 20, tzinfo=TZ)
SCREENSHOT_DIR = os.environ.get("GYMTIMER_SCREENSHOT_DIR")


def _set(number, load, reps, side=Side.BOTH, lower=3.0, unit=Unit.KG) -> SetRecord:
    record = SetRecord(number=number, side=side, target=reps, load=load, unit=unit, started=0.0)
    for i in range(reps):
        t = 6.0 * i
        record.reps.append(
            RepRecord(side=side, phases={Phase.LIFT: t, Phase.SQUEEZE: t + 1, Phase.LOWER: t + 2}, ended=t + 2 + lower)
        )
    return record


def _barbell(load, reps, lower=3.0, name="Barbell 3×5") -> ExerciseRecord:
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=3), sets=3, reps=reps)
    sets = [_set(n, load, reps, lower=lower) for n in (1, 2, 3)]
    return ExerciseRecord(preset_name=name, variation=Variation.BARBELL, plan=plan, sets=sets)


def _single_leg(load, left, right) -> ExerciseRecord:
    plan = Plan(tempo=Tempo(lift=1, squeeze=1, lower=3), sets=1, reps=10, laterality=Laterality.PER_LEG)
    sets = [_set(1, load, left, Side.LEFT), _set(1, load, right, Side.RIGHT)]
    return ExerciseRecord(preset_name="Single-leg", variation=Variation.SINGLE_LEG, plan=plan, sets=sets)


def _session(when: dt.datetime, *exercises) -> SessionRecord:
    return SessionRecord(id=f"{when:%m%d}", started_at=when, app_version="test", exercises=list(exercises))


@pytest.fixture
def history() -> list[SessionRecord]:
    """Four sessions in June and one in January; the left leg lags by 20 % on June 10th."""
    june = [dt.datetime(2025, 6, day, 18, tzinfo=TZ) for day in (3, 10, 17, 24)]
    return [
        _session(dt.datetime(2025, 1, 15, 18, tzinfo=TZ), _barbell(80, 5)),
        _session(june[0], _barbell(100, 5, lower=2.5), _single_leg(20, 10, 10)),
        _session(june[1], _barbell(102.5, 5), _single_leg(20, 8, 10)),
        _session(june[2], _barbell(105, 5, lower=3.5), _single_leg(20, 10, 10)),
        _session(june[3], _barbell(60, 15)),
    ]


@pytest.fixture
def view(qtbot) -> ChartsView:
    widget = ChartsView(now=lambda: NOW)
    widget.resize(1100, 700)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _points(item) -> list[tuple[float, float, object]]:
    return [(p.pos().x(), p.pos().y(), p.data()) for p in item.points()]


def _ids(item) -> list[str]:
    return [data.session_id for _, _, data in _points(item)]


def test_an_empty_history_shows_a_friendly_message_instead_of_axes(view):
    assert view.shows_message()
    assert view.message.text() == EMPTY_HISTORY_MESSAGE
    assert not view.save_button.isEnabled()
    view.set_sessions([])
    view.show_chart(Chart.TEMPO)
    assert view.shows_message()


def test_load_chart_holds_each_sessions_top_set_and_its_epley_estimate(view, history):
    view.set_sessions(history)
    view.set_span(Span.ALL)
    items = view.chart_items(Chart.LOAD)
    top = items["top set:Barbell 3×5"]
    assert [(y, data.reps) for _, y, data in _points(top)] == [(80, 5), (100, 5), (102.5, 5), (105, 5), (60, 15)]
    assert _points(top)[1][0] == dt.datetime(2025, 6, 3, 18, tzinfo=TZ).timestamp()
    # 15 reps is beyond Epley's range: no estimate for the last session, a gap in the line.
    _, estimates = items["e1rm:Barbell 3×5"].getData()
    assert list(estimates[:4]) == pytest.approx([80 * 7 / 6, 100 * 7 / 6, 102.5 * 7 / 6, 105 * 7 / 6])
    assert math.isnan(estimates[4])
    # One legend entry a lift; the title says which line is the estimate.
    assert [label.text for _, label in view.plot_item(Chart.LOAD).legend.items] == ["Barbell 3×5", "Single-leg"]
    assert "estimated 1RM (dashed)" in view.plot_item(Chart.LOAD).titleLabel.text


def test_date_range_keeps_only_the_sessions_inside_it(view, history):
    view.set_sessions(history)
    view.set_span(Span.WEEKS_4)
    assert _ids(view.chart_items(Chart.LOAD)["top set:Barbell 3×5"]) == ["0603", "0610", "0617", "0624"]
    view.set_span(Span.YEAR)
    assert _ids(view.chart_items(Chart.LOAD)["top set:Barbell 3×5"])[0] == "0115"


def test_exercise_filter_keeps_one_preset(view, history):
    view.set_sessions(history)
    names = [view.exercise_box.itemText(i) for i in range(view.exercise_box.count())]
    assert names == ["All exercises", "Barbell 3×5", "Single-leg"]
    view.set_exercise(Variation.SINGLE_LEG, "Single-leg")
    assert set(view.chart_items(Chart.LOAD)) == {"load:Single-leg", "top set:Single-leg", "e1rm:Single-leg"}
    view.show_chart(Chart.VOLUME)
    assert [y for _, y, _ in _points(view.chart_items(Chart.VOLUME)["sessions"])] == [400, 360, 400]


def test_a_redraw_keeps_the_legend_and_the_colours_in_step_with_the_filter(view, history):
    view.set_sessions(history)
    view.set_span(Span.ALL)

    def legend():
        return [label.text for _, label in view.plot_item(Chart.LOAD).legend.items]

    def colour(name):
        return view.chart_items(Chart.LOAD)[name].opts["brush"].color().name()

    single_leg_colour = colour("top set:Single-leg")
    view.set_exercise(Variation.SINGLE_LEG, "Single-leg")
    assert legend() == ["Single-leg"]
    assert colour("top set:Single-leg") == single_leg_colour  # a lift keeps its colour whatever is shown
    view.set_exercise(None)
    assert len(legend()) == 2
    assert view.chart_items(Chart.LOAD).keys() == {
        f"{kind}:{name}" for kind in ("load", "top set", "e1rm") for name in ("Barbell 3×5", "Single-leg")
    }


def test_loads_follow_the_unit_setting(view, history):
    view.set_sessions(history)
    view.set_unit(Unit.LB)
    top = view.chart_items(Chart.LOAD)["top set:Barbell 3×5"]
    assert next(y for _, y, _ in _points(top)) == pytest.approx(100 / KG_PER_LB)
    assert view.plot_item(Chart.LOAD).getAxis("left").labelText == "Load (lb)"
    assert history[1].exercises[0].sets[0].load == 100


def test_volume_chart_has_weekly_bars_and_session_points(view, history):
    view.set_sessions(history)
    view.show_chart(Chart.VOLUME)
    items = view.chart_items(Chart.VOLUME)
    # Week of June 9th: 3 × 102.5 × 5 barbell + 20 × 18 single-leg.
    weeks = {data.monday: y for _, y, data in _points(items["week tops"])}
    assert weeks[dt.date(2025, 6, 9)] == pytest.approx(1537.5 + 360)
    assert items["weeks"].opts["height"][1] == pytest.approx(1537.5 + 360)


def test_balance_chart_marks_a_session_where_the_legs_are_more_than_ten_percent_apart(view, history):
    view.set_sessions(history)
    view.show_chart(Chart.BALANCE)
    assert view.balance_box.isVisible()
    items = view.chart_items(Chart.BALANCE)
    assert [y for _, y, _ in _points(items["left:Single-leg"])] == [10, 8, 10]
    assert [y for _, y, _ in _points(items["right:Single-leg"])] == [10, 10, 10]
    assert _ids(items["imbalance"]) == ["0610"]
    view.balance_box.setCurrentIndex(view.balance_box.findData(Balance.VOLUME.value))
    assert [y for _, y, _ in _points(view.chart_items(Chart.BALANCE)["left:Single-leg"])] == [200, 160, 200]


def test_balance_chart_explains_itself_when_there_is_no_one_leg_work(view, history):
    view.set_sessions(history)
    view.set_exercise(Variation.BARBELL, "Barbell 3×5")
    view.show_chart(Chart.BALANCE)
    assert view.shows_message()
    assert "No one-leg work" in view.message.text()
    assert not view.save_button.isEnabled()


def test_tension_and_tempo_charts_hold_the_recorded_times(view, history):
    view.set_sessions(history)
    view.set_exercise(Variation.BARBELL, "Barbell 3×5")
    view.set_span(Span.WEEKS_4)
    view.show_chart(Chart.TENSION)
    # June 3rd: 15 reps of 1 + 1 + 2.5 s.
    assert _points(view.chart_items(Chart.TENSION)["tension"])[0][1] == pytest.approx(15 * 4.5)
    view.show_chart(Chart.TEMPO)
    items = view.chart_items(Chart.TEMPO)
    assert [y for _, y, _ in _points(items["lowering:Barbell 3×5"])] == pytest.approx([2.5, 3.0, 3.5, 3.0])
    assert list(items["plan:Barbell 3×5"].getData()[1]) == [3.0, 3.0, 3.0, 3.0]


def test_nothing_in_the_date_range_says_so(view, history):
    view.set_sessions(history[:1])  # January only
    view.set_span(Span.WEEKS_4)
    assert view.shows_message()
    assert "last 4 weeks" in view.message.text()
    view.set_span(Span.ALL)
    assert not view.shows_message()


def test_tooltip_gives_the_session_date_and_exact_values(view, history):
    view.set_sessions(history)
    top = view.chart_items(Chart.LOAD)["top set:Barbell 3×5"]
    x, y, data = _points(top)[0]  # the last three months start on June 3rd
    text = top.opts["tip"](x=x, y=y, data=data)
    assert text.splitlines() == [
        "Tue 3 Jun 2025, 18:00",
        "Barbell 3×5",
        "Top set: 100 kg × 5",
        "Estimated 1RM (Epley): 116.7 kg",
    ]
    view.show_chart(Chart.BALANCE)
    flag = view.chart_items(Chart.BALANCE)["imbalance"]
    x, y, data = _points(flag)[0]
    assert flag.opts["tip"](x=x, y=y, data=data).splitlines()[1:] == [
        "Left: 8 reps, 160 kg",
        "Right: 10 reps, 200 kg",
        "Difference: 20.0 %, left leg behind (over 10 %)",
    ]


def test_clicking_a_point_asks_to_open_that_session(view, history, qtbot):
    view.set_sessions(history)
    view.set_span(Span.WEEKS_4)
    plot_widget = view.pages.currentWidget()
    qtbot.wait(10)  # let the view box settle its range before mapping a point to the screen
    x, y, _ = _points(view.chart_items(Chart.LOAD)["top set:Barbell 3×5"])[2]
    scene_pos = view.plot_item(Chart.LOAD).vb.mapViewToScene(QPointF(x, y))
    where = plot_widget.mapFromScene(scene_pos)
    with qtbot.waitSignal(view.session_activated, timeout=1000) as blocker:
        qtbot.mouseClick(plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert blocker.args == ["0617"]


@pytest.fixture
def first_day() -> list[SessionRecord]:
    """A lifter's first day: two sessions four minutes apart, the second with one-leg work."""
    start = dt.datetime(2025, 6, 30, 18, tzinfo=TZ)
    later = start + dt.timedelta(minutes=4)
    return [
        SessionRecord(id="first", started_at=start, app_version="test", exercises=[_barbell(100, 5)]),
        SessionRecord(
            id="second", started_at=later, app_version="test", exercises=[_barbell(100, 5), _single_leg(20, 8, 10)]
        ),
    ]


def _tick_labels(view: ChartsView, chart: Chart) -> list[str]:
    """The labels the date axis writes under the chart as it is shown."""
    axis = view.plot_item(chart).getAxis("bottom")
    low, high = view.plot_item(chart).vb.viewRange()[0]
    return [label for spacing, values in axis.tickValues(low, high, axis.width())
            for label in axis.tickStrings(values, 1.0, spacing)]


@pytest.mark.parametrize("chart", [Chart.LOAD, Chart.BALANCE, Chart.TENSION, Chart.TEMPO])
def test_sessions_of_a_single_day_get_a_date_axis_of_days_not_seconds(view, first_day, chart, qtbot):
    view.set_sessions(first_day)
    view.show_chart(chart)
    qtbot.wait(10)
    assert not view.shows_message()
    low, high = view.plot_item(chart).vb.viewRange()[0]
    assert high - low >= 7 * 86400 - 1
    assert low < first_day[0].started_at.timestamp() < first_day[1].started_at.timestamp() < high
    labels = _tick_labels(view, chart)
    assert labels
    # Day numbers and month names ('29', '30', 'Jul'), never times like '18:02:30' or '06.400'.
    assert all(label.isdigit() or label.isalpha() for label in labels), labels


def test_points_of_two_exercises_on_the_same_spot_both_stay_visible(view, qtbot):
    # One session, two exercises with the same top set: their points fall on one spot.
    when = dt.datetime(2025, 6, 24, 18, tzinfo=TZ)
    view.set_sessions([_session(when, _barbell(100, 5), _single_leg(100, 5, 5))])
    qtbot.wait(10)
    items = view.chart_items(Chart.LOAD)
    [(x, y, _)] = _points(items["top set:Barbell 3×5"])
    assert _points(items["top set:Single-leg"])[0][:2] == (x, y)
    plot_widget = view.pages.currentWidget()
    spot = plot_widget.viewport().mapTo(
        view, plot_widget.mapFromScene(view.plot_item(Chart.LOAD).vb.mapViewToScene(QPointF(x, y)))
    )
    image = view.grab().toImage()
    around = {
        image.pixelColor(spot.x() + dx, spot.y() + dy).name() for dx in range(-12, 13) for dy in range(-12, 13)
    }
    colours = {items[f"top set:{name}"].opts["brush"].color().name() for name in ("Barbell 3×5", "Single-leg")}
    assert len(colours) == 2 and colours <= around  # each exercise's colour shows at the spot
    # The legend keeps the usual marker size.
    assert {items[f"top set:{name}"].opts["size"] for name in ("Barbell 3×5", "Single-leg")} == {11}


def test_export_saves_the_visible_chart_as_a_png(view, history, tmp_path):
    view.set_sessions(history)
    view.show_chart(Chart.VOLUME)
    saved = view.export_png(tmp_path / "volume")
    assert saved == tmp_path / "volume.png"
    image = QImage(str(saved))
    assert image.width() == 1600
    assert image.pixelColor(5, 5).name() == "#ffffff"


def test_export_is_refused_in_plain_words_when_no_chart_is_shown(view, tmp_path):
    from gymtimer.store.atomic import SaveError

    with pytest.raises(SaveError, match="There is no chart to save: No sessions yet"):
        view.export_png(tmp_path / "empty.png")
    assert not (tmp_path / "empty.png").exists()


@pytest.mark.parametrize("chart", list(Chart))
def test_each_chart_draws_something_visible(view, history, chart, tmp_path, qtbot):
    """Screenshots: set GYMTIMER_SCREENSHOT_DIR=docs/screenshots to refresh the README's pictures."""
    view.set_sessions(history)
    view.set_span(Span.ALL)
    view.show_chart(chart)
    qtbot.wait(10)
    assert not view.shows_message()
    image = view.grab().toImage()
    folder = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    assert image.save(str(folder / f"chart-{chart.value}.png"))
    colours = _colours_in(image)
    assert {"#ffffff", TEXT_COLOUR.lower()} <= colours  # the page and its titles and axes
    # Each chart's own series, in their colours, and no other series colour.
    series = {OKABE_ITO[name].lower() for name in OKABE_ITO if name != "black"}
    assert colours & series == {colour.lower() for colour in SERIES_COLOURS[chart]}


#: What each chart of the ``history`` fixture (a barbell lift and a one-leg lift) draws its series in.
SERIES_COLOURS = {
    Chart.LOAD: LINE_COLOURS[:2],  # one colour a lift
    Chart.VOLUME: (OKABE_ITO["blue"], OKABE_ITO["sky_blue"]),  # sessions, weeks
    Chart.BALANCE: (LEFT_COLOUR, RIGHT_COLOUR, FLAG_COLOUR),  # June 10th's lagging left leg is flagged
    Chart.TENSION: (OKABE_ITO["bluish_green"],),
    Chart.TEMPO: LINE_COLOURS[:2],
}


def _colours_in(image: QImage) -> set[str]:
    """Every colour of every pixel, as ``#rrggbb``."""
    import numpy as np

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.width() * image.height())
    return {f"#{value & 0xFFFFFF:06x}" for value in np.unique(pixels)}


def test_only_the_charts_module_imports_pyqtgraph_and_numpy():
    code = (
        "import sys, gymtimer, gymtimer.ui, gymtimer.core.stats, gymtimer.core.workout, gymtimer.store.paths;"
        "print(sorted(m for m in ('numpy', 'pyqtgraph') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# ----------------------------------------------------------------------------- ten years of history


@pytest.fixture(scope="module")
def ten_years() -> list[SessionRecord]:
    from gymtimer_dev.sample_history import make_sessions

    return make_sessions(end=NOW)


def _scatters(view: ChartsView, chart: Chart) -> dict:
    import pyqtgraph as pg

    return {name: item for name, item in view.chart_items(chart).items() if isinstance(item, pg.ScatterPlotItem)}


@pytest.mark.slow
@pytest.mark.parametrize("chart", list(Chart))
def test_ten_years_on_all_time_show_a_point_a_month_not_a_band(view, ten_years, chart):
    from gymtimer.core.stats import MAX_POINTS, Grouping

    view.set_sessions(ten_years)
    view.set_span(Span.ALL)
    view.show_chart(chart)
    scatters = _scatters(view, chart)
    assert scatters
    for name, item in scatters.items():
        assert len(item.points()) <= MAX_POINTS, name  # 2,600 sessions would be one solid band
    assert view.grouping is Grouping.MONTH
    assert "each month" in view.plot_item(chart).titleLabel.text
    # A short range still shows every session.
    view.set_span(Span.MONTHS_3)
    view.show_chart(chart)
    assert view.grouping is Grouping.SESSION


@pytest.mark.slow
def test_a_months_point_opens_the_session_of_its_best_top_set(view, ten_years, qtbot):
    name = "Barbell hip thrust 3×5, 5 s squeeze"
    view.set_sessions(ten_years)
    view.set_span(Span.ALL)
    view.set_exercise(Variation.BARBELL, name)
    qtbot.wait(10)
    item = view.chart_items(Chart.LOAD)[f"top set:{name}"]
    x, y, data = max(_points(item), key=lambda point: point[2].sessions)
    month = data.period
    in_month = [
        s for s in ten_years
        if month.first <= s.started_at.date() <= month.last and any(e.preset_name == name for e in s.exercises)
    ]
    best = max(max(r.load for e in s.exercises if e.preset_name == name for r in e.sets if r.done()) for s in in_month)
    assert data.load == best and data.sessions == len(in_month) > 1
    assert data.session_id in {s.id for s in in_month}
    tip = item.opts["tip"](x=x, y=y, data=data)
    assert tip.startswith(f"{month.label}: {len(in_month)} sessions") and "Best top set" in tip
    plot_widget = view.pages.currentWidget()
    where = plot_widget.mapFromScene(view.plot_item(Chart.LOAD).vb.mapViewToScene(QPointF(x, y)))
    with qtbot.waitSignal(view.session_activated, timeout=1000) as blocker:
        qtbot.mouseClick(plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert blocker.args == [data.session_id]


def test_left_vs_right_never_joins_sessions_of_different_presets(view):
    import pyqtgraph as pg

    def eccentric(left, right):
        exercise = _single_leg(20, left, right)
        exercise.preset_name, exercise.variation = "Eccentric single-leg", Variation.ECCENTRIC_SINGLE_LEG
        return exercise

    days = [dt.datetime(2025, 6, day, 18, tzinfo=TZ) for day in (2, 4, 6, 9, 11)]
    sessions = [
        _session(days[0], _single_leg(20, 10, 10)),
        _session(days[1], eccentric(5, 5)),
        _session(days[2], _single_leg(20, 10, 10)),
        _session(days[3], eccentric(5, 4)),
        _session(days[4], _single_leg(20, 9, 10)),
    ]
    by_preset = {
        "Single-leg": {days[i].timestamp() for i in (0, 2, 4)},
        "Eccentric single-leg": {days[i].timestamp() for i in (1, 3)},
    }
    view.set_sessions(sessions)
    view.show_chart(Chart.BALANCE)
    lines = [item for item in view.chart_items(Chart.BALANCE).values() if isinstance(item, pg.PlotCurveItem)]
    assert len(lines) == 4  # left and right of each preset
    for line in lines:
        xs = set(line.getData()[0])
        assert any(xs == preset_days for preset_days in by_preset.values()), xs
    assert {label.text for _, label in view.plot_item(Chart.BALANCE).legend.items} >= set(by_preset)


def test_legend_columns_fill_the_width_they_are_given():
    from gymtimer.ui.charts import legend_columns

    assert legend_columns([100] * 6, 1000) == 6
    assert legend_columns([300, 100, 300, 100], 450) == 2
    assert legend_columns([300, 100, 300, 100], 350) == 1
    assert legend_columns([500], 100) == 1


@pytest.mark.slow
@pytest.mark.parametrize("size", [(800, 600), (1366, 768)])
def test_the_load_legend_leaves_the_plot_its_room_and_the_last_years_in_view(qtbot, tmp_path, ten_years, size):
    """At 800×600 the whole load chart, its last three years included, is inside the window."""
    from gymtimer.store.sessions import LoadResult, SessionStore
    from gymtimer.ui.main_window import MainWindow

    window = MainWindow(sessions=SessionStore(tmp_path))
    qtbot.addWidget(window)
    window.set_history(LoadResult(sessions=ten_years))
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.show_history()
    page = window.current_page()
    page.show_charts()
    view = page.charts
    view._now = lambda: NOW
    view.set_span(Span.ALL)
    view.show_chart(Chart.LOAD)
    qtbot.wait(20)
    if SCREENSHOT_DIR:
        window.grab().save(str(Path(SCREENSHOT_DIR) / f"charts-load-{size[0]}x{size[1]}.png"))
    assert window.width() == size[0]
    plot_widget = view.pages.currentWidget()
    plot = view.plot_item(Chart.LOAD)
    assert plot.geometry().width() <= plot_widget.width()  # nothing of the plot drawn past its widget
    assert plot.legend.geometry().height() <= 0.25 * plot.geometry().height()
    box = plot.vb.sceneBoundingRect()
    top_left = plot_widget.mapTo(window, plot_widget.mapFromScene(box.topLeft()))
    bottom_right = plot_widget.mapTo(window, plot_widget.mapFromScene(box.bottomRight()))
    assert window.rect().contains(top_left) and window.rect().contains(bottom_right)
    low, high = plot.vb.viewRange()[0]
    assert low <= (NOW - dt.timedelta(days=3 * 365)).timestamp() and high >= ten_years[-1].started_at.timestamp()
    # No chart, its title or its filters (Left vs right adds one) widen the window or run past it.
    for chart in Chart:
        view.show_chart(chart)
        qtbot.wait(10)
        assert window.width() == size[0], chart
        assert view.plot_item(chart).geometry().width() <= view.pages.currentWidget().width(), chart
        title = view.plot_item(chart).titleLabel
        assert title.item.boundingRect().width() <= title.geometry().width(), chart


def _imported(when: dt.datetime, load: float, reps: int) -> SessionRecord:
    """A session brought in from another app: its reps counted there, with no phase times."""
    record = SetRecord(number=1, side=Side.BOTH, target=reps, load=load, unit=Unit.KG, started=0.0,
                       reps=[RepRecord(side=Side.BOTH) for _ in range(reps)])
    exercise = ExerciseRecord(preset_name="Barbell 3×5", variation=Variation.BARBELL, plan=Plan(sets=1, reps=reps),
                              sets=[record])
    return SessionRecord(id=f"imported-{when:%m%d}", started_at=when, app_version="test", exercises=[exercise],
                         imported_from="Strong")


def test_imported_sessions_count_in_load_and_volume_and_are_left_out_of_tension_and_tempo_saying_so(view, history):
    imported = _imported(dt.datetime(2025, 6, 20, 18, tzinfo=TZ), 110, 6)
    view.set_sessions([*history, imported])
    view.show_chart(Chart.LOAD)
    assert "imported-0620" in _ids(view.chart_items(Chart.LOAD)["top set:Barbell 3×5"])
    view.show_chart(Chart.VOLUME)
    assert "imported-0620" in _ids(view.chart_items(Chart.VOLUME)["sessions"])
    view.show_chart(Chart.TENSION)
    assert "imported-0620" not in _ids(view.chart_items(Chart.TENSION)["tension"])
    assert "1 session imported without rep times left out" in view.plot_item(Chart.TENSION).titleLabel.text
    view.show_chart(Chart.TEMPO)
    assert "1 session imported without rep times left out" in view.plot_item(Chart.TEMPO).titleLabel.text


def test_a_history_of_imported_sessions_only_says_why_it_has_no_tension(view):
    view.set_sessions([_imported(dt.datetime(2025, 6, 20, 18, tzinfo=TZ), 110, 6)])
    view.show_chart(Chart.TENSION)
    assert view.shows_message()
    assert "1 session imported from another app has no rep times" in view.message.text()
    view.show_chart(Chart.LOAD)
    assert not view.shows_message()
