"""The phase colours: every phase's text is readable on its background, and the phases differ in lightness."""

from __future__ import annotations

import pytest

from gymtimer.core.tempo import REP_PHASES, Phase
from gymtimer.ui.colours import PHASE_COLOURS, TEXT_COLOURS, contrast_ratio, relative_luminance


def test_contrast_ratio_runs_from_1_for_one_colour_to_21_for_black_on_white():
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#000000") == contrast_ratio("#000000", "#FFFFFF")


@pytest.mark.parametrize("phase", list(Phase))
def test_every_phase_has_text_readable_on_its_colour_wcag_aa(phase):
    assert contrast_ratio(PHASE_COLOURS[phase], TEXT_COLOURS[phase]) >= 4.5


def test_squeeze_is_the_lightest_phase_of_a_rep_and_lower_the_darkest_so_grey_scale_tells_them_apart():
    light = {phase: relative_luminance(PHASE_COLOURS[phase]) for phase in REP_PHASES}
    assert max(light, key=light.get) is Phase.SQUEEZE
    assert min(light, key=light.get) is Phase.LOWER
