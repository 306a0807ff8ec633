"""The E-B-C-T tempo notation: printing and parsing round-trip, and malformed text is explained."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymtimer.core.tempo import MAX_PHASE_SECONDS, Tempo, TempoError

seconds = st.floats(min_value=0.0, max_value=MAX_PHASE_SECONDS, allow_nan=False)
lowering = st.floats(min_value=0.0, max_value=MAX_PHASE_SECONDS, exclude_min=True, allow_nan=False)
tempos = st.builds(Tempo, lift=seconds, squeeze=seconds, lower=lowering, bottom=seconds)
half_seconds = st.integers(min_value=0, max_value=int(MAX_PHASE_SECONDS * 2)).map(lambda n: n / 2)


@given(tempos)
def test_parsing_the_printed_notation_gives_back_the_same_tempo(tempo):
    assert Tempo.parse(tempo.notation()) == tempo


@given(half_seconds, half_seconds, half_seconds, half_seconds.filter(lambda s: s > 0))
def test_half_second_tempos_print_without_trailing_zeros(lift, squeeze, bottom, lower):
    text = Tempo(lift=lift, squeeze=squeeze, lower=lower, bottom=bottom).notation()
    assert ".0" not in text
    assert text.count("-") == 3


def test_notation_is_lower_bottom_lift_squeeze():
    assert Tempo(lift=1, squeeze=5, lower=2.5, bottom=0).notation() == "2.5-0-1-5"
    assert Tempo.parse("3-0-1-1") == Tempo(lift=1, squeeze=1, lower=3, bottom=0)


def test_tiny_durations_print_without_an_exponent():
    assert Tempo(lift=1e-5, squeeze=0, lower=3, bottom=0).notation() == "3-0-0.00001-0"


def test_parsing_forgives_spaces_and_a_decimal_comma():
    assert Tempo.parse(" 2,5 - 0 - 1 - 5 ") == Tempo(lift=1, squeeze=5, lower=2.5, bottom=0)


@pytest.mark.parametrize(
    "text",
    ["", "3-0-1", "3-0-1-1-1", "3/0/1/1", "three-0-1-1", "3-0-1-x", "-3-0-1-1", "3--1-1", "1e1-0-1-1", "3-0-1-1s"],
)
def test_malformed_text_is_explained_with_an_example(text):
    with pytest.raises(TempoError, match=r"is not in the form lower-bottom-lift-squeeze: .* for example 3-0-1-1"):
        Tempo.parse(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0-0-1-1", "Lower must be longer than 0 seconds"),
        ("61-0-1-1", "Lower must be between 0 and 60 seconds, not 61"),
        ("3-90-1-1", "Bottom pause must be between 0 and 60 seconds, not 90"),
        ("3-0-75-1", "Lift must be between 0 and 60 seconds, not 75"),
        ("3-0-1-60.5", "Squeeze must be between 0 and 60 seconds, not 60.5"),
    ],
)
def test_well_formed_but_impossible_tempos_name_the_phase_and_its_range(text, message):
    with pytest.raises(TempoError, match=message):
        Tempo.parse(text)


@given(st.text(max_size=30))
def test_any_text_either_parses_or_raises_a_tempo_error(text):
    try:
        tempo = Tempo.parse(text)
    except TempoError as error:
        assert str(error)
    else:
        assert Tempo.parse(tempo.notation()) == tempo
