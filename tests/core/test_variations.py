"""What a variation says about a set: lifted with a load to type, or not."""

from __future__ import annotations

from gymtimer.core.presets import BUILTIN_PRESETS, Variation


def test_a_bar_dumbbells_or_a_belt_carry_a_load_the_others_do_not():
    loaded = {v for v in Variation if v.carries_load}
    assert loaded == {Variation.BARBELL, Variation.DUMBBELL, Variation.WEIGHTED}


def test_the_built_in_barbell_preset_has_no_load_of_its_own_so_the_setup_page_asks():
    barbell = next(p for p in BUILTIN_PRESETS if p.variation is Variation.BARBELL)
    assert barbell.variation.carries_load and barbell.plan.load == 0
