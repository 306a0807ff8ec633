"""The preset editor driven as a lifter would: field bounds, the notation in step, built-ins, import and export."""

from __future__ import annotations

import json
import sys

import PySide6
import pytest

if PySide6.__version_info__[:2] == (6, 12) and sys.version_info < (3, 12):
    pytest.fail("PySide6 6.12 breaks on Python 3.11 (see pyproject.toml); install pyside6 < 6.12", pytrace=False)

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMessageBox

from gymtimer.core.plan import Laterality, Plan
from gymtimer.core.presets import BUILTIN_PRESETS, Preset, Variation
from gymtimer.core.tempo import Phase, Tempo
from gymtimer.store import paths
from gymtimer.store.presets import PresetStore
from gymtimer.ui.colours import PHASE_COLOURS
from gymtimer.ui.preset_editor import PresetDialog


@pytest.fixture
def store():
    return PresetStore()


@pytest.fixture
def dialog(qtbot, store):
    store.save(Preset(name="Mine", variation=Variation.BARBELL, plan=Plan(tempo=Tempo(lift=1, squeeze=1, lower=3))))
    shown = PresetDialog(store, select="Mine")
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    # Closing with unsaved changes asks first; the tests that want that question ask it themselves.
    saved = [p.name for p in shown.store.all_presets()]
    shown.select(shown.current.name if shown.current.name in saved and not shown.dirty else saved[0])
    shown.close()
    shown.deleteLater()


def type_into(qtbot, box, text):
    """Select the field's text and type over it, key by key."""
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)


# ----------------------------------------------------------------- bounds

BOUNDS = [
    ("lift_box", "Lift must be between 0 and 60 seconds", "99"),
    ("squeeze_box", "Squeeze must be between 0 and 60 seconds", "61"),
    ("lower_box", "Lower must be between 0.5 and 60 seconds", "70"),
    ("bottom_box", "Bottom pause must be between 0 and 60 seconds", "75"),
    ("reps_box", "Reps per set must be between 1 and 100", "101"),
    ("sets_box", "Sets must be between 1 and 20", "21"),
    ("rest_box", "Rest must be between 0 and 1800 seconds", "1801"),
    ("lead_in_box", "Lead-in must be between 0 and 120 seconds", "121"),
]


@pytest.mark.parametrize(("field", "message", "typed"), BOUNDS, ids=[b[0] for b in BOUNDS])
def test_a_value_above_the_range_is_refused_at_the_field_with_its_name_and_range(qtbot, dialog, field, message, typed):
    box = getattr(dialog, field)
    type_into(qtbot, box, typed)
    assert dialog.message_label.text() == message
    assert box.text() == typed  # what was typed stays in sight
    assert box.value() <= box.maximum()  # the form still holds the last value that fitted
    assert not dialog.save_button.isEnabled()


def test_the_side_switch_pause_is_bounded_for_one_leg_work(qtbot, dialog):
    dialog.laterality_box.setCurrentIndex(dialog.laterality_box.findData(Laterality.PER_LEG))
    type_into(qtbot, dialog.switch_box, "500")
    assert dialog.message_label.text() == "Side-switch pause must be between 0 and 120 seconds"
    assert dialog.switch_box.text() == "500"


def test_leaving_a_field_below_its_range_says_why_and_keeps_the_text(qtbot, dialog):
    type_into(qtbot, dialog.lower_box, "0")
    qtbot.keyClick(dialog.lower_box.lineEdit(), Qt.Key.Key_Return)
    assert dialog.message_label.text() == "Lower must be between 0.5 and 60 seconds"
    assert dialog.lower_box.text() == "0"
    assert dialog.lower_box.value() == 3.0


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("reps_box", "9999", "Reps per set must be between 1 and 100"),
    ("lift_box", "9999", "Lift must be between 0 and 60 seconds"),
    ("lower_box", "0", "Lower must be between 0.5 and 60 seconds"),
    ("sets_box", "abc", "Sets takes a number (like 10), not \u201cabc\u201d"),
    ("lift_box", "2x", "Lift takes a number (like 30), not \u201c2x\u201d"),
    ("reps_box", "", "Reps per set is empty: type a number between 1 and 100"),
])
def test_what_was_typed_stays_typed_is_refused_and_cannot_be_saved(qtbot, dialog, field, typed, message):
    box = getattr(dialog, field)
    type_into(qtbot, dialog.sets_box, "4")  # a change that could be saved
    assert dialog.save_button.isEnabled()
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, typed)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    dialog.name_edit.setFocus()  # leaving the field changes nothing either
    assert box.text() == typed
    assert dialog.message_label.text() == message
    assert not dialog.save_button.isEnabled()
    assert "One set" not in dialog.times_label.text()  # no times of a value other than the one typed
    assert not dialog.save()
    assert PresetStore(dialog.store.path).find("Mine").plan.sets != 4
    box.selectAll()
    qtbot.keyClicks(box, "5")
    assert dialog.message_label.text() == ""
    assert dialog.save_button.isEnabled()


def test_phase_durations_go_in_half_seconds(qtbot, dialog):
    type_into(qtbot, dialog.lower_box, "2.7")
    assert dialog.message_label.text() == "Lower goes in half-second steps (like 2 or 2.5), not 2.7"
    type_into(qtbot, dialog.lower_box, "2.5")
    assert dialog.lower_box.value() == 2.5
    assert dialog.message_label.text() == ""
    dialog.lower_box.setValue(2.5)
    dialog.lower_box.stepUp()
    assert dialog.lower_box.value() == 3.0


def test_reps_are_per_leg_for_one_leg_work(dialog):
    dialog.laterality_box.setCurrentIndex(dialog.laterality_box.findData(Laterality.PER_LEG))
    assert dialog.reps_label.text() == "Reps per leg"
    assert dialog.reps_box.range_message() == "Reps per leg must be between 1 and 100"
    assert dialog.switch_box.isEnabled() and dialog.start_side_box.isEnabled()


def test_an_empty_or_taken_name_cannot_be_saved(qtbot, dialog):
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, " ")
    assert dialog.message_label.text() == "Name must not be empty"
    assert not dialog.save_button.isEnabled()
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, BUILTIN_PRESETS[0].name.upper())
    assert "already exists" in dialog.message_label.text()
    assert not dialog.save_button.isEnabled()
    assert not dialog.save()
    assert [p.name for p in PresetStore().presets] == ["Mine"]


# ----------------------------------------------------------------- notation

def test_changing_a_duration_rewrites_the_notation(qtbot, dialog):
    type_into(qtbot, dialog.squeeze_box, "5")
    assert dialog.notation_edit.text() == "3-0-1-5"
    dialog.lower_box.setValue(2.5)
    assert dialog.notation_edit.text() == "2.5-0-1-5"


def test_typing_the_notation_sets_the_durations(qtbot, dialog):
    dialog.notation_edit.clear()
    qtbot.keyClicks(dialog.notation_edit, "2.5-1-1.5-5")
    assert (dialog.lower_box.value(), dialog.bottom_box.value(), dialog.lift_box.value(), dialog.squeeze_box.value()) == (
        2.5,
        1.0,
        1.5,
        5.0,
    )
    assert dialog.draft().plan.tempo == Tempo(lift=1.5, squeeze=5, lower=2.5, bottom=1)
    assert dialog.save_button.isEnabled()


def test_malformed_notation_is_explained_and_blocks_saving_until_fixed(qtbot, dialog):
    dialog.notation_edit.clear()
    qtbot.keyClicks(dialog.notation_edit, "3-0-1")
    assert "is not in the form lower-bottom-lift-squeeze" in dialog.message_label.text()
    assert not dialog.save_button.isEnabled()
    assert dialog.lower_box.value() == 3.0  # durations untouched by the half-typed text
    qtbot.keyClicks(dialog.notation_edit, "-2")
    assert dialog.message_label.text() == ""
    assert dialog.squeeze_box.value() == 2.0
    assert dialog.save_button.isEnabled()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0-0-1-1", "Lower must be longer than 0 seconds"),
        ("61-0-1-1", "Lower must be between 0 and 60 seconds, not 61"),
        ("3-0-1.2-1", "Lift goes in half-second steps (like 2 or 2.5), not 1.2"),
    ],
)
def test_impossible_notation_names_the_phase(qtbot, dialog, text, message):
    dialog.notation_edit.clear()
    qtbot.keyClicks(dialog.notation_edit, text)
    assert message in dialog.message_label.text()
    assert not dialog.save_button.isEnabled()


def test_leaving_the_notation_field_tidies_it(qtbot, dialog):
    dialog.notation_edit.clear()
    qtbot.keyClicks(dialog.notation_edit, " 3,0 - 0 - 1 - 1 ")
    qtbot.keyClick(dialog.notation_edit, Qt.Key.Key_Return)
    assert dialog.notation_edit.text() == "3-0-1-1"


# ----------------------------------------------------------------- saving

def test_every_field_is_saved_and_reloaded(qtbot, dialog):
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Single-leg sixes")
    dialog.variation_box.setCurrentIndex(dialog.variation_box.findData(Variation.SINGLE_LEG))
    assert dialog.laterality_box.currentData() == Laterality.PER_LEG  # the variation's way of counting
    dialog.start_side_box.setCurrentIndex(1)
    type_into(qtbot, dialog.reps_box, "6")
    type_into(qtbot, dialog.sets_box, "4")
    type_into(qtbot, dialog.rest_box, "75")
    type_into(qtbot, dialog.lead_in_box, "10")
    type_into(qtbot, dialog.switch_box, "8")
    dialog.voice_check.setChecked(True)
    dialog.ticks_check.setChecked(False)
    dialog.reminders_list.clear()
    dialog.add_reminder("Hips square")
    dialog.add_reminder("   ")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    (saved,) = PresetStore().presets
    assert saved.name == "Single-leg sixes"
    assert saved.variation is Variation.SINGLE_LEG
    plan = saved.plan
    assert (plan.reps, plan.sets, plan.rest, plan.lead_in, plan.switch_pause) == (6, 4, 75, 10, 8)
    assert plan.start_side.value == "right"
    assert (saved.cue_tones, saved.cue_voice, saved.cue_lowering_ticks) == (True, True, False)
    assert saved.reminders == ("Hips square",)
    assert dialog.preset_names()[-1] == "Single-leg sixes"  # the rename replaced "Mine"
    assert "Mine" not in dialog.preset_names()
    assert not dialog.save_button.isEnabled()


def test_undo_changes_restores_the_saved_preset(qtbot, dialog):
    type_into(qtbot, dialog.sets_box, "7")
    qtbot.mouseClick(dialog.revert_button, Qt.MouseButton.LeftButton)
    assert dialog.sets_box.value() == 3
    assert not dialog.dirty


# ----------------------------------------------------------------- built-ins

def test_built_ins_are_shown_read_only(qtbot, dialog):
    dialog.select(BUILTIN_PRESETS[0].name)
    assert not dialog.form.isEnabled()
    assert dialog.read_only_label.isVisible()
    assert not dialog.save_button.isEnabled()
    assert not dialog.delete_button.isEnabled()
    assert not dialog.save()
    assert "read-only" in dialog.message_label.text()


def test_duplicate_makes_an_editable_copy(qtbot, dialog, store):
    dialog.select(BUILTIN_PRESETS[1].name)
    qtbot.mouseClick(dialog.duplicate_button, Qt.MouseButton.LeftButton)
    assert dialog.current.name == f"{BUILTIN_PRESETS[1].name} (copy)"
    assert dialog.form.isEnabled()
    assert not dialog.read_only_label.isVisible()
    assert dialog.current.plan == BUILTIN_PRESETS[1].plan
    assert PresetStore().find(dialog.current.name).builtin is False


def answer_next_box(button):
    """Click ``button`` on the next modal message box (a real one, shown by the dialog)."""

    def click():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        box.button(button).click()

    QTimer.singleShot(0, click)


def test_new_makes_a_preset_with_a_free_name(qtbot, dialog, store):
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    assert dialog.current.name == "New preset"
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.preset_names()[-2:] == ["New preset", "New preset (2)"]
    assert store.name_taken("New preset (2)")


def test_new_saves_nothing_until_the_lifter_saves(qtbot, dialog, store):
    before = [p.name for p in store.all_presets()]
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    assert dialog.current.name == "New preset"
    assert [p.name for p in PresetStore(store.path).all_presets()] == before  # nothing on disk yet
    answer_next_box(QMessageBox.StandardButton.Discard)
    dialog.close()
    assert not dialog.isVisible()
    assert [p.name for p in PresetStore(store.path).all_presets()] == before
    assert not store.name_taken("New preset")


def test_closing_with_a_new_preset_asks_and_can_save_it(qtbot, dialog, store):
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    answer_next_box(QMessageBox.StandardButton.Save)
    dialog.close()
    assert PresetStore(store.path).name_taken("New preset")


def test_delete_asks_first_then_removes_the_preset(qtbot, dialog):
    answer_next_box(QMessageBox.StandardButton.No)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "Mine" in dialog.preset_names()
    answer_next_box(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "Mine" not in dialog.preset_names()
    assert PresetStore().presets == ()


def test_picking_another_preset_with_unsaved_changes_asks_and_can_stay(qtbot, dialog):
    type_into(qtbot, dialog.sets_box, "7")
    answer_next_box(QMessageBox.StandardButton.Cancel)
    dialog.preset_list.setCurrentRow(0)
    assert dialog.current.name == "Mine"
    assert dialog.sets_box.value() == 7
    answer_next_box(QMessageBox.StandardButton.Save)
    dialog.preset_list.setCurrentRow(0)
    assert dialog.current.name == BUILTIN_PRESETS[0].name
    assert PresetStore().find("Mine").plan.sets == 7


# ----------------------------------------------------------------- import and export

def test_import_of_a_good_file_adds_and_shows_its_presets(dialog, tmp_path):
    good = tmp_path / "good.json"
    preset = {"name": "Pause reps", "variation": "dumbbell", "plan": {"tempo": {"lower": 3, "bottom": 2}}}
    good.write_text(json.dumps({"schema_version": 1, "presets": [preset]}))
    added = dialog.import_file(good)
    assert [p.name for p in added] == ["Pause reps"]
    assert dialog.current.name == "Pause reps"
    assert dialog.notation_edit.text() == "3-2-1-1"
    assert dialog.message_label.text() == "Imported 1 preset: Pause reps"


def test_import_of_a_bad_file_is_explained_and_changes_nothing(dialog, tmp_path):
    before = paths.presets_file().read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema_version": 1, "presets": [{"name": "X", "variation": "barbell", "plan": {"reps": 500}}]}))
    assert dialog.import_file(bad) == []
    assert dialog.message_label.text() == (
        "Nothing was imported. bad.json: Reps per set must be between 1 and 100, not 500 (preset 1 'X', field plan)"
    )
    assert paths.presets_file().read_bytes() == before
    assert dialog.preset_names() == [*(p.name for p in BUILTIN_PRESETS), "Mine"]


def test_export_writes_the_shown_preset_to_a_json_file(dialog, tmp_path):
    target = dialog.export_file(tmp_path / "mine")
    assert target.name == "mine.json"
    document = json.loads(target.read_text())
    assert [p["name"] for p in document["presets"]] == ["Mine"]


# ----------------------------------------------------------------- preview

def test_the_preview_shows_each_phase_in_its_colour(dialog):
    dialog.notation_edit.setText("")
    dialog.lower_box.setValue(2)
    dialog.bottom_box.setValue(1)
    preview = dialog.preview
    assert [phase for phase, _ in preview.segments()] == [Phase.LIFT, Phase.SQUEEZE, Phase.LOWER, Phase.BOTTOM]
    image = preview.grab().toImage()
    for phase, rect in preview.segments():
        # Sample near the bottom edge of each bar, clear of its label and of the moving cursor.
        x = int(rect.left() + 3)
        y = int(rect.bottom() - 3)
        assert image.pixelColor(x, y).name() == QColor(PHASE_COLOURS[phase]).name(), phase


def test_the_preview_plays_one_rep_in_its_own_length(dialog):
    preview = dialog.preview
    assert preview.animation.duration() == 5000  # 1 + 1 + 3 s
    preview.animation.setCurrentTime(2500)
    assert preview.position == pytest.approx(2.5)
    assert preview.phase_at(preview.position) is Phase.LOWER


def test_the_set_time_and_time_under_tension_follow_the_fields(dialog):
    # one lead-in (the rests count down into the later sets), 3 sets, 2 rests
    assert dialog.times_label.text() == "One set 0:40 · under tension 0:40 · whole workout about 5:05"
    dialog.squeeze_box.setValue(5)
    assert dialog.times_label.text().startswith("One set 1:12 · under tension 1:12")


def test_the_dialog_fits_the_screen_and_its_buttons_are_on_it(dialog):
    """The test screen is a 1366×768 laptop's, shorter than the whole dialog: the form scrolls, the buttons show."""
    room = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= room.height()
    assert room.contains(dialog.frameGeometry())
    for button in (dialog.save_button, dialog.revert_button):
        corner = button.mapTo(dialog, button.rect().bottomRight())
        assert dialog.rect().contains(corner), f"{button.text()} is inside the dialog"
        assert not button.visibleRegion().isEmpty()
