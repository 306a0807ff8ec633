"""The setup page as a lifter uses it: pick, type a load, press Space."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gymtimer.core.units import Unit

BODYWEIGHT = "Bodyweight hip thrust"


def test_space_typed_in_the_load_field_starts_the_workout(window, qtbot):
    page = window.setup_page
    page.choose_preset(BODYWEIGHT)
    page.load_box.setFocus()
    page.load_box.selectAll()
    qtbot.keyClicks(page.load_box.lineEdit(), "20")
    assert page.load() == 20
    qtbot.keyClick(page.load_box, Qt.Key.Key_Space)  # the box has the focus, as on a real screen
    assert window.current_page() is window.workout_view, "the page says Space starts: from the load field too"
    assert window.keeper.workout.plan.load == 20


def test_the_details_show_the_load_in_the_box(window):
    page = window.setup_page
    page.choose_preset(BODYWEIGHT)
    page.set_load(42.5, Unit.KG)
    assert "Load 42.5 kg" in page.details_text()
    assert BODYWEIGHT in page.details_text(), "the heading names the preset"


def test_reading_the_presets_again_keeps_the_load_the_lifter_set(window):
    window.settings.set_last_load(BODYWEIGHT, 40, Unit.KG)
    page = window.setup_page
    page.choose_preset(BODYWEIGHT)
    assert page.load() == 40
    page.set_load(42.5, Unit.KG)  # typed, or a suggestion accepted
    page.set_presets(list(window.presets.all_presets()))  # as after the preset editor closes
    assert page.preset().name == BODYWEIGHT
    assert page.load() == 42.5


def test_an_edit_of_the_chosen_preset_takes_effect_at_once(window):
    """As when the editor saves the preset on show with voice cues: the coming workout speaks."""
    import msgspec

    from gymtimer.core.plan import Plan
    from gymtimer.core.presets import Preset, Variation
    from gymtimer.cues.settings import Scheme

    mine = Preset(name="Mine", variation=Variation.BARBELL, plan=Plan())
    window.presets.save(mine)
    page = window.setup_page
    page.set_presets(list(window.presets.all_presets()), "Mine")
    assert window.sound_control.current.scheme is Scheme.TONES
    window.presets.save(msgspec.structs.replace(mine, cue_tones=False, cue_voice=True), replacing="Mine")
    page.set_presets(list(window.presets.all_presets()))
    assert page.preset().cue_voice
    assert window.sound_control.current.scheme is Scheme.VOICE


# ----------------------------------------------------------------- the wheel scrolls the page

def _wheel(widget, down: bool = True) -> None:
    """One notch of the mouse wheel over the middle of ``widget``."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    at = QPointF(widget.rect().center())
    event = QWheelEvent(at, QPointF(widget.mapToGlobal(at.toPoint())), QPoint(), QPoint(0, -120 if down else 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_a_field_scrolls_the_page_and_changes_nothing(window):
    from PySide6.QtWidgets import QApplication

    from gymtimer.cues.settings import Scheme

    window.resize(800, 480)  # a short window: the column scrolls
    page = window.setup_page
    QApplication.processEvents()
    page.choose_preset(BODYWEIGHT)
    page.set_load(100, Unit.KG)
    sound, increment = window.sound_control.current, page.increment_box.value()
    bar = page.settings_scroll.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    for field in (page.load_box, page.load_box.lineEdit(), page.unit_box, page.increment_box, page.scheme_box, page.volume_slider,
                  page.camera_panel.camera_box):
        _wheel(field)
    assert page.load() == 100 and page.unit() is Unit.KG, "the load is as the lifter set it"
    assert page.increment_box.value() == increment
    assert window.sound_control.current == sound and page.sound().scheme is Scheme.TONES
    assert page.camera_choice() is None, "the camera is still Off"
    assert bar.value() > 0, "the wheel scrolled the page instead"


def test_the_wheel_changes_a_field_the_lifter_has_focused(window):
    page = window.setup_page
    page.choose_preset(BODYWEIGHT)
    page.set_load(100, Unit.KG)
    page.load_box.setFocus()
    _wheel(page.load_box, down=False)
    assert page.load() == 100 + Unit.KG.step


# ----------------------------------------------------------------- a barbell at 0 kg

BARBELL = "Barbell hip thrust 3×5, 5 s squeeze"


def test_a_barbell_preset_at_0_kg_asks_for_the_load_before_it_starts(window, qtbot):
    page = window.setup_page  # a first run: nothing lifted, the built-in barbell preset has no load
    page.choose_preset(BARBELL)
    assert page.load() == 0
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert window.current_page() is page and window.keeper.workout is None, "no 0 kg set begins"
    assert page.asking_for_load() and page.load_question.text().startswith("How much is on the bar?")
    assert page.load_box.hasFocus(), "the lifter types the load at once"
    qtbot.keyClicks(page.load_box.lineEdit(), "60")
    assert not page.asking_for_load()
    qtbot.keyClick(page.load_box, Qt.Key.Key_Space)
    assert window.current_page() is window.workout_view
    assert window.keeper.workout.plan.load == 60


def test_bodyweight_work_starts_at_0_without_a_question(window, qtbot):
    page = window.setup_page
    page.choose_preset(BODYWEIGHT)
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert window.current_page() is window.workout_view and window.keeper.workout.plan.load == 0


def test_the_question_goes_when_another_preset_is_chosen(window, qtbot):
    page = window.setup_page
    page.choose_preset(BARBELL)
    page.request_start()
    assert page.asking_for_load()
    page.choose_preset(BODYWEIGHT)
    assert not page.asking_for_load()


def test_a_barbell_preset_named_on_the_command_line_without_a_load_asks_for_it(window, qtbot):
    from gymtimer.core.presets import find_preset

    barbell = find_preset(BARBELL)
    assert window.open_exercise(barbell, 0, Unit.KG) is None
    page = window.setup_page
    assert window.current_page() is page and page.preset().name == BARBELL and page.asking_for_load()
    assert window.keeper.workout is None
    workout = window.open_exercise(barbell, 80, Unit.KG)
    assert workout is not None and workout.plan.load == 80 and window.current_page() is window.workout_view


def test_a_barbell_preset_named_on_the_command_line_starts_at_the_load_lifted_last(window):
    from gymtimer.core.presets import find_preset

    window.settings.set_last_load(BARBELL, 90, Unit.KG)
    window.open_exercise(find_preset(BARBELL), 0, Unit.KG)
    page = window.setup_page
    assert page.load() == 90 and not page.asking_for_load(), "Space starts it at 90 kg"
