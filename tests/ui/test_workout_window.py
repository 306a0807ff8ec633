"""The real workout window, driven by key presses and a fake clock, as a lifter would."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import Qt

from gymtimer.core.plan import Side
from gymtimer.core.presets import find_preset
from gymtimer.core.tempo import Phase
from gymtimer.core.units import Unit
from gymtimer.ui.colours import PHASE_COLOURS
from tests.helpers.driving import tick

ECCENTRIC = "Eccentric single-leg hip thrust"  # lead-in 5, reps 1+1+3 s, 6 per leg, switch 5, rest 90


def press(qtbot, window, key, text=""):
    qtbot.keyClick(window.current_page(), key)


def assert_every_line_fits(view):
    """Each shown line of the workout screen has the height of its text and ends inside the screen."""
    from PySide6.QtGui import QFontMetrics

    from gymtimer.ui.widgets import FitLabel

    for label in view.findChildren(FitLabel):
        if label.isVisible() and label.text():
            whole = QFontMetrics(label.font()).height() * (label.text().count("\n") + 1)
            assert label.height() >= whole, f"{label.text()!r} has {label.height()} px for {whole} px of text"
            assert label.geometry().bottom() <= view.height()


def shown(window):
    view = window.workout_view
    return view.phase_label.text(), view.seconds_label.text(), view.counts_label.text()


def test_whole_single_leg_workout_by_keys(window, qtbot, clock):
    window.setup_page.choose_preset(ECCENTRIC)
    window.setup_page.set_load(40, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)  # Space on the setup page starts
    assert window.current_page() is window.workout_view
    assert shown(window)[0] == "GET READY"
    assert window.workout_view.reminder_label.text(), "form reminders show in the lead-in"
    tick(window, clock, 5.5)
    assert shown(window) == ("LIFT", "1", "LEFT 0/6 · RIGHT 0/6")
    assert window.workout_view.rep_label.text() == "Rep 1 of 6 · LEFT leg"
    assert window.workout_view.reminder_label.text() == ""
    tick(window, clock, 1.0)
    assert shown(window)[0] == "SQUEEZE"
    tick(window, clock, 1.0)
    assert shown(window)[:2] == ("LOWER", "3")
    tick(window, clock, 3.0)
    assert shown(window)[2] == "LEFT 1/6 · RIGHT 0/6"
    tick(window, clock, 25.0)  # the other five left reps
    assert shown(window)[0] == "SWITCH LEGS"
    assert shown(window)[2] == "LEFT 6/6 · RIGHT 0/6"
    tick(window, clock, 5.0 + 30.0)
    assert shown(window)[0] == "REST"
    assert shown(window)[1] == "1:30"
    assert "LEFT 6/6 · RIGHT 6/6" == shown(window)[2]
    for _ in range(2):  # sets 2 and 3, skipping most of each rest with Enter
        tick(window, clock, 10.0)
        press(qtbot, window, Qt.Key.Key_Return)
        assert shown(window)[0] == "GET READY"
        tick(window, clock, 5.0 + 30.0 + 5.0 + 30.0)
    assert window.current_page() is window.summary_page, "the summary follows the last rep"
    record = window.keeper.workout.record
    assert record.done(Side.LEFT) == record.done(Side.RIGHT) == 18
    lines = window.summary_page.lines.text()
    assert "Left 18 reps · Right 18 reps" in lines
    assert "3 of 3 sets" in lines and "time under tension 180 s" in lines
    assert window.keeper.session.exercises == [record]


def test_space_pauses_and_resumes_and_the_countdown_stands_still(window, qtbot, clock):
    window.prepare_exercise(find_preset(ECCENTRIC), 0, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 7.5)  # lowering, 0.5 s in
    assert shown(window)[:2] == ("LOWER", "3")
    press(qtbot, window, Qt.Key.Key_PageDown)  # a clicker's key pauses too
    assert window.keeper.workout.paused
    assert shown(window)[0] == "PAUSED"
    assert window.workout_view.background_colour() == PHASE_COLOURS[Phase.READY]
    tick(window, clock, 120.0)
    assert shown(window)[:2] == ("PAUSED", "3")
    assert window.workout_view.rep_label.text() == "LOWER — Space to resume"
    press(qtbot, window, Qt.Key.Key_Space)
    assert shown(window)[:2] == ("LOWER", "3")
    tick(window, clock, 2.6)
    assert shown(window)[2] == "LEFT 1/6 · RIGHT 0/6"


def test_backspace_and_page_up_undo_a_rep(window, qtbot, clock):
    window.prepare_exercise(find_preset(ECCENTRIC), 0, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5.0 + 10.0 + 0.5)
    assert shown(window)[2] == "LEFT 2/6 · RIGHT 0/6"
    press(qtbot, window, Qt.Key.Key_Backspace)
    assert shown(window)[2] == "LEFT 1/6 · RIGHT 0/6"
    press(qtbot, window, Qt.Key.Key_PageUp)
    assert shown(window)[2] == "LEFT 0/6 · RIGHT 0/6"
    assert window.workout_view.rep_label.text() == "Rep 1 of 6 · LEFT leg"


def test_f_marks_the_rep_failed_and_it_does_not_count(window, qtbot, clock):
    view = window.workout_view
    window.prepare_exercise(find_preset(ECCENTRIC), 0, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5.5)
    press(qtbot, window, Qt.Key.Key_F)
    assert view.text_shown().startswith("Rep marked failed (LEFT leg)"), "F shows it took"
    tick(window, clock, 1.0)
    assert view.reminder_label.text().startswith("Rep marked failed (LEFT leg)"), "for a few seconds, refresh or not"
    tick(window, clock, 4.0)
    assert shown(window)[2] == "LEFT 0/6 · RIGHT 0/6"
    assert window.keeper.workout.record.failed(Side.LEFT) == 1
    view._text_timer.timeout.emit()  # the few seconds are real time: let them pass
    assert view.text_shown() == "" and view.reminder_label.text() == "", "no reminder during a rep"
    assert view.title_label.text() == view.title


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_failed_and_undo_feedback_is_as_large_as_the_rep_line(window, qtbot, clock, size):
    """Read at 3 m: what F and Backspace did is shown in letters as large as 'Rep 2 of 6', not title text."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication

    window.resize(*size)
    view = window.workout_view
    window.prepare_exercise(find_preset(ECCENTRIC), 0, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5.5 + 5.0 + 0.5)
    for key, words in ((Qt.Key.Key_Backspace, "Rep taken back"), (Qt.Key.Key_F, "Rep marked failed")):
        press(qtbot, window, key)
        QApplication.processEvents()
        feedback = [label for label in view.findChildren(type(view.rep_label)) if words in label.text()]
        assert len(feedback) == 1 and feedback[0].isVisible(), f"{words!r} shown once"
        letters = QFontMetrics(feedback[0].font()).capHeight()
        assert letters >= QFontMetrics(view.rep_label.font()).capHeight() * 0.9, words
        assert letters >= view.height() * 0.035, f"{words!r}: capitals {letters} px high on {view.height()} px"
        assert feedback[0].font().bold()
        assert feedback[0].text() not in view.title_label.text()
    assert_every_line_fits(view)


def test_esc_ends_the_set_early_and_the_rest_begins(window, qtbot, clock):
    window.prepare_exercise(find_preset(ECCENTRIC), 0, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5.0 + 15.5)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert shown(window)[0] == "REST"
    assert shown(window)[2] == "LEFT 3/6 · RIGHT 0/6"
    assert window.keeper.workout.record.sets[-1].ended_early


def test_esc_between_sets_asks_before_ending_the_workout(window, qtbot, clock):
    window.prepare_exercise(find_preset(ECCENTRIC), 0, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    press(qtbot, window, Qt.Key.Key_Escape)  # in the lead-in
    assert window.keeper.workout.running
    assert any("Esc again" in notice for notice in window.workout_view.notices())
    press(qtbot, window, Qt.Key.Key_M)  # any other key carries on
    assert not window.workout_view.notices() or "Esc again" not in " ".join(window.workout_view.notices())
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.keeper.workout.finished and window.keeper.workout.record.abandoned
    assert window.current_page() is window.summary_page


def test_enter_skips_the_rest_and_plus_minus_change_it(window, qtbot, clock):
    preset = find_preset("Barbell hip thrust 3×5, 5 s squeeze")
    window.prepare_exercise(preset, 100, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 45.5)
    assert shown(window)[:2] == ("REST", "2:00")
    press(qtbot, window, Qt.Key.Key_Plus)
    assert shown(window)[1] == "2:15"
    press(qtbot, window, Qt.Key.Key_Minus)
    press(qtbot, window, Qt.Key.Key_Minus)
    assert shown(window)[1] == "1:45"
    press(qtbot, window, Qt.Key.Key_N)
    assert shown(window)[0] == "GET READY"
    assert window.workout_view.set_label.text() == "Set 2 of 3"


def test_l_and_r_pick_the_leg(window, qtbot, clock):
    window.prepare_exercise(find_preset(ECCENTRIC), 0, Unit.KG)
    press(qtbot, window, Qt.Key.Key_R)
    assert window.workout_view.rep_label.text() == "Press Space to start · RIGHT leg first"
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 6.0)
    assert window.workout_view.rep_label.text() == "Rep 1 of 6 · RIGHT leg"
    press(qtbot, window, Qt.Key.Key_L)
    assert shown(window)[0] == "SWITCH LEGS"


def test_each_phase_has_its_own_colour_and_word(window, qtbot, clock):
    preset = find_preset("Barbell hip thrust 3×5, 5 s squeeze")
    window.prepare_exercise(preset, 0, Unit.KG)
    seen = {}
    press(qtbot, window, Qt.Key.Key_Space)
    for _ in range(60):
        tick(window, clock, 0.5)
        seen[window.keeper.workout.phase] = (window.workout_view.background_colour(), shown(window)[0])
    assert seen[Phase.LEAD_IN] == (PHASE_COLOURS[Phase.LEAD_IN], "GET READY")
    assert seen[Phase.LIFT] == (PHASE_COLOURS[Phase.LIFT], "LIFT")
    assert seen[Phase.SQUEEZE] == (PHASE_COLOURS[Phase.SQUEEZE], "SQUEEZE")
    assert seen[Phase.LOWER] == (PHASE_COLOURS[Phase.LOWER], "LOWER")
    assert len({colour for colour, _ in seen.values()}) == len(seen)


def test_each_phase_start_flashes_the_window(window, qtbot, clock):
    window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    before = window.workout_view.flash_overlay.flashes
    tick(window, clock, 5.5)  # lead-in over: the lift starts
    assert window.workout_view.flash_overlay.flashes == before + 1
    assert window.workout_view.flash_overlay.isVisible()


def test_text_scales_with_the_window(window, qtbot):
    window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)
    label = window.workout_view.phase_label
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.workout_view.height() > 600)
    big = label.pixel_size()
    window.resize(1024, 576)
    qtbot.waitUntil(lambda: window.workout_view.height() <= 576)
    small = label.pixel_size()
    assert big >= 140, "the phase word is a quarter of a 768-pixel window"
    assert small <= big * 0.8


def test_question_mark_lists_every_key_and_hides_again(window, qtbot):
    window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Question)
    help_text = window.workout_view.help_overlay.text()
    assert window.workout_view.help_overlay.isVisible()
    for key in ("Space", "Page Down", "Backspace", "Page Up", "F", "Enter", "Esc", "L", "M", "F11"):
        assert f"<b>{key}" in help_text or f"{key}</b>" in help_text or key in help_text
    press(qtbot, window, Qt.Key.Key_Question)
    assert not window.workout_view.help_overlay.isVisible()


def test_m_mutes_and_says_so(window, qtbot):
    window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)
    press(qtbot, window, Qt.Key.Key_M)
    assert window.sound_control.muted
    assert any("Muted" in n for n in window.workout_view.notices())
    press(qtbot, window, Qt.Key.Key_M)
    assert not window.sound_control.muted


def test_next_exercise_continues_the_same_session(window, qtbot, clock):
    window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 10.0)
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_Escape)  # rest → asks
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.current_page() is window.summary_page
    session = window.keeper.session
    press(qtbot, window, Qt.Key.Key_N)
    assert window.current_page() is window.setup_page
    window.setup_page.choose_preset(ECCENTRIC)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.keeper.session is session and len(session.exercises) == 2


@pytest.mark.parametrize("seconds,text", [(0.0, "0"), (0.01, "1"), (2.5, "3"), (3.0, "3"), (59.2, "1:00"), (90, "1:30")])
def test_seconds_left_round_up(seconds, text):
    from gymtimer.core.durations import countdown as format_seconds

    assert format_seconds(seconds) == text


def test_esc_while_paused_in_a_set_ends_the_set_not_the_workout(window, qtbot, clock):
    window.prepare_exercise(find_preset(ECCENTRIC), 0, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5.0 + 10.5)
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.keeper.workout.paused
    press(qtbot, window, Qt.Key.Key_Escape)
    assert shown(window)[0] == "REST" and not window.keeper.workout.finished


def test_while_a_workout_runs_the_collector_leaves_older_objects_alone(window, qtbot, clock):
    """A full collection over a long history would hold the screen back (40 ms for ten years of sessions)."""
    history = [[index] for index in range(1000)]  # stands in for the sessions in memory
    assert gc.get_freeze_count() == 0
    window.setup_page.choose_preset(ECCENTRIC)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5.5)
    assert shown(window)[0] == "LIFT"
    assert gc.get_freeze_count() >= len(history)
    assert not any(o is history[0] for o in gc.get_objects()), "frozen: no collection looks at it"
    window.finish_session()
    assert gc.get_freeze_count() == 0, "after the session everything is the collector's again"
    assert any(o is history[0] for o in gc.get_objects())


def test_labels_aligned_and_keys_focused_by_property_name(window, qtbot):
    window.setup_page.choose_preset(ECCENTRIC)
    press(qtbot, window, Qt.Key.Key_Space)
    view = window.workout_view
    assert view.phase_label.alignment() == Qt.AlignmentFlag.AlignCenter
    assert view.set_label.alignment() == Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    assert view.counts_label.alignment() == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert view.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert window.focusWidget() is view


def test_a_long_notice_shrinks_the_text_instead_of_squeezing_it(window, qtbot, clock):
    from PySide6.QtWidgets import QApplication

    window.setup_page.choose_preset(ECCENTRIC)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5.5)
    view = window.workout_view
    for number in range(4):  # e.g. a failed save, no sound, no keep-awake, muted
        view.notice_model.post(f"n{number}", "The session could not be saved: the disk is full. The workout goes on "
                               "and GymTimer keeps trying; free some space or choose another folder when you quit.")
    QApplication.processEvents()
    assert_every_line_fits(view)


def test_history_loaded_while_a_workout_is_set_is_left_alone_by_the_collector(window, clock):
    """With --preset the workout is set before the history is read (after the first paint)."""
    from gymtimer.store.sessions import LoadResult
    from gymtimer_dev.sample_history import make_sessions

    window.prepare_exercise(find_preset(ECCENTRIC), 0, Unit.KG)
    history = make_sessions(sessions=3)
    window.set_history(LoadResult(sessions=history))
    assert not any(o is history[0].exercises for o in gc.get_objects())


def test_a_short_window_shrinks_the_text_to_fit_without_any_notice(window, qtbot):
    from PySide6.QtWidgets import QApplication

    window.prepare_exercise(find_preset(ECCENTRIC), 0, Unit.KG)
    view = window.workout_view
    assert not view.notices()
    window.resize(1000, 420)
    QApplication.processEvents()
    assert_every_line_fits(view)


def test_f11_twice_goes_back_to_maximized(window, qtbot):
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    window.toggle_fullscreen()
    qtbot.waitUntil(window.isFullScreen)
    window.toggle_fullscreen()
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.isMaximized()


def test_the_phase_bar_fill_is_never_narrower_than_its_round_end(qtbot):
    from gymtimer.ui.widgets import PhaseBar

    bar = PhaseBar()
    qtbot.addWidget(bar)
    bar.resize(600, PhaseBar.HEIGHT)
    bar.show()
    qtbot.waitExposed(bar)
    shown = {}
    for fraction in (0.0, 0.01, 0.5, 1.0):
        bar.set_value(fraction)
        shown[fraction] = bar.value() / bar.maximum() * bar.width()
    assert shown[0.0] == 0
    assert shown[0.01] >= PhaseBar.HEIGHT, "a thinner fill is drawn square, outside the rounded track"
    assert shown[0.01] < shown[0.5] < shown[1.0] == bar.width()
    assert bar.fraction == 1.0


def test_a_trial_size_changes_the_room_asked_for_not_the_font_shown(qtbot):
    """The screen tries sizes before it settles: only the size chosen is shown (and its font loaded)."""
    from gymtimer.ui.widgets import FitLabel

    label = FitLabel(0.25)
    qtbot.addWidget(label)
    label.setText("LIFT")
    shown, asked = label.pixel_size(), label.sizeHint().height()

    label.set_reference_height(384, trial=True)
    assert label.pixel_size() == shown and label.sizeHint().height() < asked

    label.fit()
    assert label.pixel_size() == 96


@pytest.mark.parametrize("reference", [32, 40, 48, 72, 96, 160, 384, 736, 1080])
def test_the_room_a_line_asks_for_holds_its_text_at_every_size(qtbot, reference):
    from PySide6.QtGui import QFontMetrics

    from gymtimer.ui.widgets import FitLabel

    for bold in (True, False):
        label = FitLabel(0.25, bold=bold)
        qtbot.addWidget(label)
        label.setText("Rep 1 of 6\nLEFT leg")
        label.set_reference_height(reference)
        assert label.sizeHint().height() >= QFontMetrics(label.font()).height() * 2
