"""What the lifter sees on every page: notices on one line, pages that fit 800×600 to full HD, keys on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from gymtimer.core.presets import find_preset
from gymtimer.core.units import Unit
from gymtimer.live.driver import WorkoutDriver
from gymtimer.live.keep_awake import KeepAwake
from gymtimer.store.sessions import SessionStore
from gymtimer.ui.main_window import MainWindow
from tests.helpers.driving import tick
from tests.ui.test_charts import _barbell, _session, _single_leg

ECCENTRIC = "Eccentric single-leg hip thrust"
SIZES = [(800, 600), (1920, 1080)]


class SleepyDesktop(KeepAwake):
    """A desktop with no keep-awake service (this machine's may or may not have one): the one stand-in here."""

    def hold(self) -> bool:
        self.active, self.problem = False, "Screen may sleep: no keep-awake service on this desktop"
        self._mode = object()
        return False

    def release(self) -> None:
        self._mode = None


@pytest.fixture
def faulty_disk(tmp_path, monkeypatch):
    """A real folder whose writes fail as a read-only disk's would, when told; writable again at the end."""
    from tests.helpers.disks import FaultyDisk

    disk = FaultyDisk(tmp_path / "disk", monkeypatch)
    disk.windows = []
    yield disk
    disk.make_writable()
    for window in disk.windows:  # saved now: closing the window does not stop at the question
        if window.keeper.journal is not None:
            window.keeper.journal.save()
        window.close()
        window.deleteLater()


def open_window(qtbot, clock, size, disk=None, **kwargs) -> MainWindow:
    """The real main window at ``size``; one saving to ``disk`` is closed by that disk's fixture."""
    window = MainWindow(driver=WorkoutDriver(clock=clock), **kwargs)
    if disk is None:
        qtbot.addWidget(window)
    else:
        disk.windows.append(window)
    window.resize(*size)
    window.show_setup()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def geometry_in(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def status_line(window: MainWindow) -> QLabel:
    line = window.workout_view.findChild(QLabel, "statusLine")
    assert line is not None, "the workout screen has one status line"
    return line


# ----------------------------------------------------------------- 9. one status line

@pytest.mark.parametrize("size", SIZES)
def test_every_notice_at_once_takes_one_line_and_moves_nothing(qtbot, clock, tmp_path, faulty_disk, size):
    from gymtimer.cues.engine import NO_OUTPUT, CueEngine
    from tests.ui.test_workout_window import assert_every_line_fits

    disk = faulty_disk
    window = open_window(qtbot, clock, size, disk, sessions=SessionStore(tmp_path / "disk"),
                         keep_awake=SleepyDesktop())
    engine = CueEngine(parent=window)  # not started: no sound server is reachable from inside this test
    window.sound_control.attach(engine)
    view = window.workout_view
    window.prepare_exercise(find_preset(ECCENTRIC), 0, Unit.KG)
    QApplication.processEvents()
    phase_before = geometry_in(view.phase_label, window)
    words_before = geometry_in(view.next_label, window)
    assert not view.notices()
    qtbot.keyClick(view, Qt.Key.Key_Space)  # the screen may sleep: said as the workout starts
    tick(window, clock, 5.5)

    qtbot.keyClick(view, Qt.Key.Key_M)  # muted
    QApplication.processEvents()
    assert geometry_in(view.phase_label, window) == phase_before, "M does not shift the layout"
    # The engine's own words when the output is gone and a sound file is damaged (paths and all).
    engine._problems = ["Sound file /usr/share/gymtimer/resources/sounds/squeeze.wav is damaged (not a WAV file)"]
    engine.notice_changed.emit(NO_OUTPUT + "\n" + engine._problems[0])
    disk.make_read_only()
    tick(window, clock, 5.0)  # a rep is counted and its save fails
    assert window.keeper.journal is not None and window.keeper.journal.last_error
    QApplication.processEvents()

    shown = view.notices()
    assert len(shown) == 5, shown  # not saved, no sound, a sound missing, screen may sleep, muted
    line = status_line(window)
    assert "\n" not in line.text() and line.text().startswith("Not saved"), "the most important first"
    assert "+4 more" in line.text()
    assert "/" not in line.text(), "no file-system path on the line"
    assert not any("squeeze.wav" in n or "/usr/" in n for n in shown), "the sound notices name no file"
    assert all(n in line.toolTip() for n in shown), "the others are behind it"
    assert geometry_in(view.phase_label, window) == phase_before, "the phase word stays where it was"
    assert geometry_in(view.next_label, window) == words_before
    assert line.height() <= view.height() * 0.07, f"one line: {line.height()} px of {view.height()}"
    assert_every_line_fits(view)

    qtbot.keyClick(view, Qt.Key.Key_Question)  # ? lists every notice in full
    assert all(n.split(".")[0] in view.help_overlay.text() for n in shown)
    qtbot.keyClick(view, Qt.Key.Key_Question)


def test_the_setup_page_reads_the_same_notices(qtbot, clock, tmp_path):
    from gymtimer.core.notices import Place, Priority

    window = open_window(qtbot, clock, (800, 600))
    window.notices.post("recovered", "A workout was interrupted", places={Place.SETUP})
    window.notices.post("unreadable", "2 session files could not be read", priority=Priority.DATA,
                        places={Place.SETUP})
    window.notices.post("mute", "Muted", places={Place.WORKOUT})
    line = window.setup_page.findChild(QLabel, "noticeLine")
    assert line.isVisible() and line.text().startswith("2 session files could not be read")
    assert "+1 more" in line.text() and "A workout was interrupted" in line.toolTip()
    assert "Muted" not in line.toolTip()
    window.notices.clear("unreadable")
    window.notices.clear("recovered")
    assert not line.isVisible()


# ----------------------------------------------------------------- 15. the quit dialog

def test_no_rep_is_paced_behind_the_quit_dialog_and_cancel_leaves_the_workout_paused(qtbot, clock, tmp_path,
                                                                                       faulty_disk):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    disk = faulty_disk
    window = open_window(qtbot, clock, (1366, 768), disk, sessions=SessionStore(tmp_path / "disk"))
    view = window.workout_view
    window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)  # lead-in 5, reps of 6 s
    qtbot.keyClick(view, Qt.Key.Key_Space)
    disk.make_read_only()
    tick(window, clock, 5.0 + 6.0 + 0.5)
    assert window.keeper.workout.record.done() == 1 and window.keeper.unsaved_journals(), "the rep is not on disk"
    seen = {}

    def behind_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not open yet: look again in a moment
            QTimer.singleShot(10, behind_the_dialog)
            return
        seen["dialog"] = dialog.text() if isinstance(dialog, QMessageBox) else None
        seen["paused"] = window.keeper.workout.paused
        tick(window, clock, 30.0)  # the lifter reads the question for half a minute
        seen["reps"] = window.keeper.workout.record.done()
        seen["phase"] = view.phase_label.text()
        dialog.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, behind_the_dialog)
    qtbot.keyClick(view, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert seen["dialog"] and "another folder" in seen["dialog"]
    assert seen["paused"] and seen["phase"] == "PAUSED", "the workout waits while the question is open"
    assert seen["reps"] == 1, "no rep counted behind the dialog"
    assert window.isVisible() and window.keeper.workout.running, "Cancel: the workout is still there"
    assert window.keeper.workout.paused and view.phase_label.text() == "PAUSED", "it waits for Space"
    disk.make_writable()
    window.activateWindow()  # as the desktop does when the dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert not window.keeper.workout.paused, "Space resumes"
    tick(window, clock, 10.0)
    assert window.keeper.workout.record.done() == 2
    assert window.keeper.journal.save()


# ----------------------------------------------------------------- 13. the phase-start flash

@pytest.mark.parametrize("phase_word", ["LIFT", "SQUEEZE"])
def test_the_phase_start_flash_never_hides_the_phase_colour(qtbot, clock, phase_word):
    from PySide6.QtGui import QColor

    from gymtimer.core.tempo import Phase
    from gymtimer.ui.colours import PHASE_COLOURS

    window = open_window(qtbot, clock, (800, 600))
    view = window.workout_view
    window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)  # lead-in 5, lift 1, squeeze 2
    qtbot.keyClick(view, Qt.Key.Key_Space)
    tick(window, clock, 5.0 if phase_word == "LIFT" else 6.0)
    assert view.phase_label.text() == phase_word
    phase = Phase.LIFT if phase_word == "LIFT" else Phase.SQUEEZE
    colour = QColor(PHASE_COLOURS[phase]).rgb()
    overlay = view.flash_overlay
    assert overlay.isVisible(), "the phase start flashes"
    for at_ms in (0, 50, 150, 250):  # through the flash, its brightest frame first
        overlay._animation.setCurrentTime(at_ms)
        image = view.grab().toImage()
        step = 8
        pixels = [image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)]
        same = sum(p == colour for p in pixels) / len(pixels)
        assert same >= 0.5, f"{at_ms} ms into the flash only {same:.0%} of the screen is {phase_word}'s colour"
        pale = sum(min(QColor(p).red(), QColor(p).green(), QColor(p).blue()) > 200 for p in pixels) / len(pixels)
        if phase is Phase.LIFT:
            assert pale == 0, f"{at_ms} ms: {pale:.0%} of the screen pale, like the white SWITCH screen"


# ----------------------------------------------------------------- 11. keys wherever the focus is

def test_f11_works_on_the_setup_page_wherever_the_focus_is(qtbot, clock):
    window = open_window(qtbot, clock, (1366, 768))
    page = window.setup_page
    for field in (page.load_box.lineEdit(), page.preset_list, page.scheme_box):
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_F11)
        qtbot.waitUntil(window.isFullScreen)
        qtbot.keyClick(field, Qt.Key.Key_F11)
        qtbot.waitUntil(lambda: not window.isFullScreen())


def summary_with_focus_in_the_note(window, qtbot, clock):
    window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)
    qtbot.keyClick(window.workout_view, Qt.Key.Key_Space)
    tick(window, clock, 12.0)
    window.driver.abandon()
    page = window.summary_page
    assert window.current_page() is page
    page.note_edit.setFocus()
    qtbot.keyClicks(page.note_edit, "knees in")
    return page


def test_in_the_summary_note_ctrl_n_picks_the_next_exercise_and_keeps_the_note(qtbot, clock):
    window = open_window(qtbot, clock, (1366, 768))
    page = summary_with_focus_in_the_note(window, qtbot, clock)
    qtbot.keyClick(page.note_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.setup_page, "Ctrl+N acts from the note"
    assert window.keeper.session.exercises[-1].sets[-1].note == "knees in", "the note typed is kept, with no stray n"


def test_in_the_summary_note_enter_finishes_the_session(qtbot, clock):
    window = open_window(qtbot, clock, (1366, 768))
    page = summary_with_focus_in_the_note(window, qtbot, clock)
    qtbot.keyClick(page.note_edit, Qt.Key.Key_Return)
    assert window.current_page() is window.setup_page and window.keeper.session is None


# ----------------------------------------------------------------- 10. every page fits

def _overlapping(widgets, window):
    boxes = [(w, geometry_in(w, window)) for w in widgets if w.isVisible()]
    return [(a.objectName() or type(a).__name__, b.objectName() or type(b).__name__)
            for i, (a, ra) in enumerate(boxes) for b, rb in boxes[i + 1:] if ra.intersects(rb)]


@pytest.mark.parametrize("size", SIZES)
def test_every_page_fits_the_window_without_overlap_or_widening(qtbot, clock, size):
    window = open_window(qtbot, clock, size)
    page = window.setup_page
    QApplication.processEvents()
    assert window.size().toTuple() == size
    column = [page.details, page.load_box, page.increment_box, page.scheme_box, page.volume_slider, page.ticks_box]
    assert not _overlapping(column, window), "the setup text lies over the load row"
    assert not _overlapping([page.preset_list, page.start_button], window)
    assert geometry_in(page.start_button, window).bottom() < size[1]

    window.prepare_exercise(find_preset(ECCENTRIC), 0, Unit.KG)
    view = window.workout_view
    qtbot.keyClick(view, Qt.Key.Key_Question)
    QApplication.processEvents()
    overlay = view.help_overlay
    needed = overlay.sizeHint()
    assert needed.width() <= overlay.width() and needed.height() <= overlay.height(), "the keys overlay is whole"
    qtbot.keyClick(view, Qt.Key.Key_Question)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    tick(window, clock, 12.0)
    window.driver.abandon()
    QApplication.processEvents()
    assert window.current_page() is window.summary_page
    assert window.size().toTuple() == size, "the summary page does not widen the window"
    window.show_setup()
    window.show_history()
    QApplication.processEvents()
    assert window.size().toTuple() == size, "the history page fits"


# ----------------------------------------------------------------- 8. half-second phases in words

def test_the_next_line_names_a_half_second_phase_as_half_a_second(qtbot, clock):
    import msgspec

    from gymtimer.core.tempo import Tempo

    window = open_window(qtbot, clock, (800, 600))
    preset = find_preset("Bodyweight hip thrust")
    preset = msgspec.structs.replace(preset, plan=msgspec.structs.replace(
        preset.plan, tempo=Tempo(lift=0.5, squeeze=1.5, lower=3, bottom=0)))
    window.prepare_exercise(preset, 0, Unit.KG)
    qtbot.keyClick(window.workout_view, Qt.Key.Key_Space)
    tick(window, clock, 4.9)
    assert window.workout_view.next_label.text() == "Next: LIFT 0.5 s"
    tick(window, clock, 0.2)
    assert window.workout_view.next_label.text() == "Next: SQUEEZE 1.5 s"


def _right_edge_in(widget: QWidget, window: QWidget) -> int:
    return geometry_in(widget, window).right()


@pytest.mark.parametrize("size", SIZES)
def test_the_setup_page_with_a_notice_and_a_suggestion_is_whole_on_the_right(qtbot, clock, size):
    from gymtimer.core.notices import Place, Priority
    from gymtimer.core.progression import Suggestion, SuggestionKind

    window = open_window(qtbot, clock, size)
    window.notices.post("unreadable", "2 session files could not be read: they are kept in the folder and left alone",
                        priority=Priority.DATA, places={Place.SETUP})
    window.notices.post("recovered", "A workout was interrupted", places={Place.SETUP})
    preset = find_preset(ECCENTRIC)
    window.setup_page.show_suggestions([Suggestion(SuggestionKind.ADD_LOAD, preset.name, 62.5, Unit.KG,
                                                       "Every set hit its target last time: try 62.5 kg")])
    QApplication.processEvents()
    page = window.setup_page
    scroll = page.settings_scroll
    assert window.size().toTuple() == size
    assert page.suggestion_bar.isVisible()
    assert page.findChild(QLabel, "noticeLine").isVisible()
    assert not scroll.horizontalScrollBar().isVisible() and scroll.horizontalScrollBar().maximum() == 0
    seen_right = _right_edge_in(scroll.viewport(), window)
    for widget in (page.details, page.load_box, page.unit_box, page.increment_box, page.scheme_box, page.test_button,
                   page.ticks_box):
        assert _right_edge_in(widget, window) <= seen_right, f"{type(widget).__name__} is cut off on the right"
    # The suggestion sits under the preset list, whole, beside the settings and Start.
    bar = page.suggestion_bar
    assert _right_edge_in(bar.dismiss_button, window) <= _right_edge_in(bar, window) < geometry_in(scroll, window).left()
    assert not _overlapping([page.preset_list, bar, page.start_button], window)
    assert geometry_in(bar, window).bottom() < size[1]
    assert not page.preset_list.horizontalScrollBar().isVisible()


@pytest.mark.parametrize("size", SIZES)
def test_the_history_charts_tab_does_not_widen_the_window(qtbot, clock, size):
    window = open_window(qtbot, clock, size)
    window.show_history()
    window.history_page.show_charts()
    qtbot.waitUntil(lambda: window.history_page.charts is not None)
    QApplication.processEvents()
    assert window.history_page.tabs.currentWidget().isVisible()
    assert window.size().toTuple() == size, "the empty charts fit"
    charts = window.history_page.charts
    # Years of sessions with both kinds of exercise: every chart has a legend and axes to lay out.
    sessions = [_session(dt.datetime(year, month, 10, 18, tzinfo=dt.UTC), _barbell(60 + year - 2020 + month, 5),
                         _single_leg(20, 8 + month % 3, 10))
                for year in range(2020, 2026) for month in (1, 4, 7, 10)]
    charts.set_sessions(sessions)
    for span in range(charts.span_box.count()):
        charts.span_box.setCurrentIndex(span)
        for chart in range(charts.chart_tabs.count()):
            charts.chart_tabs.setCurrentIndex(chart)
            QApplication.processEvents()
            assert window.size().toTuple() == size, f"{charts.chart_tabs.tabText(chart)} widens the window"
