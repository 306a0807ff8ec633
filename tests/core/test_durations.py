"""Durations as the lifter reads them, from the one module every screen uses."""

from __future__ import annotations

import pytest

from gymtimer.core.durations import clock, countdown, hours_minutes, in_words


@pytest.mark.parametrize(("seconds", "text"), [(0, "0"), (0.2, "1"), (2.0, "2"), (59.5, "1:00"), (105, "1:45")])
def test_a_countdown_rounds_up_so_zero_shows_only_at_the_end(seconds, text):
    assert countdown(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), [(40, "0:40"), (375, "6:15"), (3725, "1:02:05"), (-3, "0:00")])
def test_a_clock_shows_hours_only_past_an_hour(seconds, text):
    assert clock(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), [(45, "45 s"), (245, "4 min 05 s")])
def test_in_words_leaves_out_no_minutes(seconds, text):
    assert in_words(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), [(48 * 60, "48 min"), (65 * 60, "1 h 05 min")])
def test_a_sessions_length_is_in_hours_and_minutes(seconds, text):
    assert hours_minutes(seconds) == text


def test_a_phase_with_no_end_shows_no_countdown():
    import math

    from gymtimer.core.durations import countdown

    assert countdown(math.inf) == ""
