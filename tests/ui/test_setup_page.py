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
    assert "Load 42.5 kg" in page.details.text()
    assert BODYWEIGHT in page.details.text(), "the heading names the preset"


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
