"""Sound settings: defaults a new lifter hears, and clear refusals of bad values."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymtimer.cues.settings import CueSettings, CueSettingsError, Scheme, SoundChoice, saved_sound, sound_for_preset


def test_defaults_are_tones_at_a_loud_volume_with_lowering_ticks():
    settings = CueSettings()
    assert settings.scheme is Scheme.TONES
    assert 0.5 <= settings.volume <= 1.0
    assert settings.lowering_ticks


def test_settings_survive_a_round_trip_through_plain_data():
    settings = CueSettings(scheme=Scheme.BOTH, volume=0.3, lowering_ticks=False)
    assert CueSettings.from_dict(settings.to_dict()) == settings


@pytest.mark.parametrize("data, words", [
    ({"volume": 1.5}, "Volume must be from 0 to 1"),
    ({"volume": -0.1}, "Volume must be from 0 to 1"),
    ({"volume": "loud"}, "volume"),
    ({"scheme": "shouting"}, "scheme"),
    ({"colour": "red"}, "colour"),
])
def test_bad_settings_are_refused_with_a_message_naming_the_field(data, words):
    with pytest.raises(CueSettingsError, match=words):
        CueSettings.from_dict(data)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_volume_is_either_kept_exactly_or_refused(volume):
    if math.isfinite(volume) and 0.0 <= volume <= 1.0:
        assert CueSettings.from_dict({"volume": volume}).volume == volume
    else:
        with pytest.raises(CueSettingsError):
            CueSettings.from_dict({"volume": volume})


MINE = CueSettings(scheme=Scheme.VOICE, volume=0.35, lowering_ticks=False)


def test_a_preset_left_at_the_default_cues_sounds_as_the_lifter_chose():
    assert sound_for_preset(True, False, True, MINE) is MINE


@pytest.mark.parametrize(("tones", "voice", "ticks", "scheme"), [
    (True, True, True, Scheme.BOTH),
    (True, False, False, Scheme.TONES),
    (False, True, True, Scheme.VOICE),
    (False, False, False, Scheme.SILENT),
])
def test_a_preset_that_changed_its_cues_brings_them_at_the_lifters_volume(tones, voice, ticks, scheme):
    assert sound_for_preset(tones, voice, ticks, MINE) == CueSettings(scheme=scheme, volume=0.35, lowering_ticks=ticks)


def test_the_sound_choice_needs_no_qt():
    import subprocess
    import sys

    code = ("import sys; from gymtimer.cues.settings import saved_sound, SoundChoice; "
            "SoundChoice(saved_sound({'volume': 0.5})[0]).choose_for(False, True, True); print(any(m.startswith('PySide6') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_the_saved_sound_is_read_back_and_nothing_stored_means_the_defaults():
    assert saved_sound(MINE.to_dict()) == (MINE, None)
    assert saved_sound(None) == (CueSettings(), None)


@pytest.mark.parametrize("stored", [{"volume": 7}, {"scheme": "kazoo"}, "loud", {"volume": 0.5, "bass": True}])
def test_a_bad_saved_sound_gives_the_defaults_and_says_why(stored):
    settings, problem = saved_sound(stored)
    assert settings == CueSettings()
    assert problem and ("Volume" in problem or "not valid" in problem)


def test_a_preset_brings_its_cues_for_its_workout_and_the_next_preset_gets_the_lifters_back():
    choice = SoundChoice(MINE)
    assert choice.choose_for(True, True, True), "a preset with tones and voice changes the sound"
    assert choice.current == CueSettings(scheme=Scheme.BOTH, volume=0.35, lowering_ticks=True)
    assert not choice.choose_for(True, True, True), "the same preset again: nothing to change"
    assert choice.choose_for(True, False, True) and choice.current is MINE, "a preset asking nothing: the lifter's"
    assert choice.lifters is MINE


def test_what_the_lifter_sets_is_theirs_from_then_on():
    choice = SoundChoice(MINE)
    choice.choose_for(False, False, False)
    louder = CueSettings(scheme=Scheme.TONES, volume=1.0)
    choice.lifter_chose(louder)
    assert choice.current is louder and choice.lifters is louder
    choice.choose_for(False, True, True)
    assert choice.current.volume == 1.0, "a preset's cues play at the lifter's volume"
    assert choice.choose_for(True, False, True), "back to a preset asking nothing"
    assert choice.current is louder
