"""The session file holds what was lifted, driven by keys as a lifter would, and read back from disk."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gymtimer.core.plan import Plan, Side
from gymtimer.core.presets import Preset, Variation
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.core.units import Unit
from gymtimer.core.workout import EventKind
from gymtimer.store import session_files
from gymtimer.store.presets import PresetStore
from gymtimer.ui.preset_editor import PresetDialog
from tests.helpers.driving import tick

BARBELL = "Barbell hip thrust 3×5, 5 s squeeze"
ECCENTRIC = "Eccentric single-leg hip thrust"
BODYWEIGHT = "Bodyweight hip thrust"


def press(qtbot, window, key):
    qtbot.keyClick(window.current_page(), key)


def on_disk(data_dir):
    files = sorted((data_dir / "sessions").glob("*.json"))
    assert len(files) == 1, files
    return session_files.decode(files[0].read_bytes())


def test_a_pause_mid_squeeze_is_not_saved_as_squeeze_or_tension(window, qtbot, clock, data_dir):
    window.setup_page.choose_preset(BARBELL)
    window.setup_page.set_load(100, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)  # lead-in 5 s, then lift 1, squeeze 5, lower 2
    tick(window, clock, 5.0 + 1.0 + 2.0)
    press(qtbot, window, Qt.Key.Key_Space)  # pause two seconds into the squeeze
    tick(window, clock, 13.0)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5 * 8.0 - 2.0 - 1.0 + 0.5)
    first_set = on_disk(data_dir).exercises[0].sets[0]
    assert first_set.done() == 5
    assert first_set.reps[0].phase_seconds(Phase.SQUEEZE) == pytest.approx(5.0, abs=0.05)
    assert first_set.reps[0].tension_seconds == pytest.approx(8.0, abs=0.05)
    assert first_set.reps[0].pauses[Phase.SQUEEZE] == pytest.approx(13.0, abs=0.05)
    assert first_set.tension_seconds == pytest.approx(40.0, abs=0.1)
    from gymtimer.core.session_row import SessionRow

    assert SessionRow.of(on_disk(data_dir)).tension_seconds == pytest.approx(40.0, abs=0.1), "History's column"


def test_l_at_right_3_of_6_comes_back_for_the_right_reps(window, qtbot, clock, data_dir):
    window.setup_page.choose_preset(ECCENTRIC)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 1.0)
    press(qtbot, window, Qt.Key.Key_R)  # start on the right, in the lead-in
    tick(window, clock, 4.0 + 3 * 5.0 + 0.5)
    assert window.workout_view.counts_label.text() == "LEFT 0/6 · RIGHT 3/6"
    press(qtbot, window, Qt.Key.Key_L)
    assert window.workout_view.text_shown() == "LEFT leg now · then back to RIGHT for 3 reps"
    tick(window, clock, 5.0 + 6 * 5.0)  # the switch pause, six left reps
    assert window.keeper.workout.phase is Phase.SWITCH and window.keeper.workout.status(clock.now).next_side is Side.RIGHT
    tick(window, clock, 5.0 + 3 * 5.0 + 0.5)  # back on the right for the three owed
    assert window.keeper.workout.phase is Phase.REST
    assert window.workout_view.counts_label.text() == "LEFT 6/6 · RIGHT 6/6"
    exercise = on_disk(data_dir).exercises[0]
    assert [(s.side, s.done(), s.ended_early) for s in exercise.sets] == [(Side.RIGHT, 6, False), (Side.LEFT, 6, False)]


def test_a_preset_without_a_remembered_load_does_not_take_the_one_shown_before(window, qtbot, clock, data_dir):
    window.setup_page.choose_preset(BARBELL)
    window.setup_page.set_load(20, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5.0 + 8.0 + 0.5)
    window.driver.abandon()
    qtbot.keyClick(window.summary_page, Qt.Key.Key_Return)
    window.setup_page.choose_preset(BODYWEIGHT)
    assert window.setup_page.load() == 0.0, "bodyweight work starts with no load"
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5.0 + 3 * 6.0 + 0.5)
    window.driver.abandon()
    qtbot.keyClick(window.summary_page, Qt.Key.Key_Return)
    bodyweight = [s for s in window.history if s.exercises[0].variation is Variation.BODYWEIGHT]
    assert bodyweight[0].exercises[0].volume == 0.0
    window.setup_page.choose_preset(BARBELL)
    assert window.setup_page.load() == 20.0, "the barbell keeps its own"
    window.setup_page.choose_preset(BODYWEIGHT)
    assert window.setup_page.load() == 0.0
    reason = window.setup_page.suggestion().reason
    assert "reps" in reason and "0 kg" not in reason, reason


def test_the_summarys_rpe_and_note_go_to_the_last_set_lifted(window, qtbot, clock, data_dir):
    window.setup_page.choose_preset(BODYWEIGHT)  # 3 × 12, rest 60
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5.0 + 12 * 6.0 + 60.0 - 1.0)  # set 1 and most of the rest
    while not (window.keeper.workout.set_number == 2 and window.keeper.workout.phase is Phase.LIFT):
        tick(window, clock, 0.5)  # into the first lift of set 2
    assert window.keeper.workout.record.sets[-1].number == 2 and not window.keeper.workout.record.sets[-1].reps
    press(qtbot, window, Qt.Key.Key_Escape)  # set 2 ends with no rep
    tick(window, clock, 1.0)
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_Escape)  # and the workout
    assert window.current_page() is window.summary_page
    page = window.summary_page
    assert "1 of 3 sets" in page.lines.text()
    assert page.table.rowCount() == 1
    page.rpe_box.setValue(8)
    page.note_edit.setFocus()
    qtbot.keyClicks(page.note_edit, "hamstrings cramped")
    qtbot.keyClick(page.note_edit, Qt.Key.Key_Return)
    sets = on_disk(data_dir).exercises[0].sets
    assert [(s.number, s.done(), s.rpe, s.note) for s in sets] == [(1, 12, 8.0, "hamstrings cramped")]


def test_a_renamed_preset_keeps_its_suggestion_and_its_charts(window, qtbot, clock, data_dir):
    mine = Preset(name="Heavy triples", variation=Variation.BARBELL,
                  plan=Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=1, reps=3))
    window.presets.save(mine)
    window.setup_page.set_presets(list(window.presets.all_presets()), "Heavy triples")
    window.setup_page.set_load(100, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5.0 + 3 * 4.0 + 0.5)
    qtbot.keyClick(window.summary_page, Qt.Key.Key_Return)
    assert window.setup_page.suggestion().load == 102.5

    dialog = PresetDialog(window.presets, select="Heavy triples")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.selectAll()
    qtbot.keyClicks(dialog.name_edit, "Heavy threes")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    dialog.close()
    window.setup_page.set_presets(list(window.presets.all_presets()), "Heavy threes")
    assert window.setup_page.preset().name == "Heavy threes"
    assert window.setup_page.suggestion() is not None
    assert window.setup_page.suggestion().load == 102.5, "the history follows the preset, not its old name"
    assert window.setup_page.suggestion().preset_name == "Heavy threes"
    saved = on_disk(data_dir)
    assert saved.exercises[0].preset_id == window.presets.find("Heavy threes").id

    window.show_history()
    window.history_page.show_charts()
    charts = window.history_page.charts
    shown = [charts.exercise_box.itemText(i) for i in range(charts.exercise_box.count())]
    assert "Heavy threes" in shown and "Heavy triples" not in shown


def test_after_a_rest_one_countdown_leads_into_the_first_rep(window, qtbot, clock):
    heard = []
    window.driver.events_happened.connect(heard.extend)
    window.setup_page.choose_preset(BARBELL)
    window.setup_page.set_load(100, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5.0 + 40.0 + 120.0 + 0.5)
    rest_start = next(e.at for e in heard if e.kind is EventKind.REST_STARTED)
    lift = next(e.at for e in heard if e.kind is EventKind.SET_STARTED and e.set_number == 2)
    counts = [e.count for e in heard if e.kind is EventKind.TICK and rest_start <= e.at <= lift]
    assert counts == [3, 2, 1]
    assert lift - rest_start == pytest.approx(120.0)
    assert window.keeper.workout.phase is Phase.LIFT


def test_a_failed_rep_says_esc_ends_the_set(window, qtbot, clock):
    window.setup_page.choose_preset(BARBELL)
    window.setup_page.set_load(100, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5.5)
    press(qtbot, window, Qt.Key.Key_F)
    text = window.workout_view.text_shown()
    assert "Esc ends the set" in text and "one more rep" in text, text


def test_the_preset_chooses_whether_a_failed_rep_is_made_up(qtbot, window, clock, data_dir):
    store = window.presets
    store.save(Preset(name="Fives", variation=Variation.BARBELL,
                      plan=Plan(tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0), sets=1, reps=3)))
    dialog = PresetDialog(store, select="Fives")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.replace_failed_check.isChecked()
    qtbot.mouseClick(dialog.replace_failed_check, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    dialog.close()
    assert PresetStore(store.path).find("Fives").plan.replace_failed is False, "kept in the file"
    window.activateWindow()  # back from the editor to the main window
    qtbot.waitUntil(window.isActiveWindow)

    window.setup_page.set_presets(list(store.all_presets()), "Fives")
    window.setup_page.set_load(60, Unit.KG)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 5.5)
    press(qtbot, window, Qt.Key.Key_F)
    assert "counts toward the set" in window.workout_view.text_shown()
    tick(window, clock, 3 * 4.0)
    assert window.current_page() is window.summary_page, "three reps, one failed: the set is done"
    reps = on_disk(data_dir).exercises[0].sets[0]
    assert (reps.done(), reps.failed()) == (2, 1)


def test_the_reps_owed_after_l_leave_out_the_reps_the_camera_did_not_see(window, qtbot, clock):
    window.setup_page.choose_preset(ECCENTRIC)
    press(qtbot, window, Qt.Key.Key_Space)
    tick(window, clock, 1.0)
    press(qtbot, window, Qt.Key.Key_R)
    workout = window.driver.workout
    window.driver.camera_saw(lambda now: workout.watch(now, True))  # the camera on, seeing nothing
    tick(window, clock, 4.0 + 3 * 5.0 + 1.5)
    window.driver.camera_saw(workout.rep_not_seen)
    assert workout.record.sets[0].not_seen(Side.RIGHT) == 3
    assert workout.status(clock.now).owed[Side.RIGHT] == 3  # six planned; three paced, none of them made up
    press(qtbot, window, Qt.Key.Key_L)
    assert window.workout_view.text_shown() == "LEFT leg now · then back to RIGHT for 3 reps"
    tick(window, clock, 5.0 + 6 * 5.0 + 5.0 + 3 * 5.0 + 0.5)  # the left's six, then back for what was owed
    right = next(s for s in workout.record.sets if s.side is Side.RIGHT)
    assert right.paced_count == 6  # the workout came back for the three the screen said
