"""The setup page's choices without a window: the load offered, the plate jump, the suggestions, what is remembered."""

from __future__ import annotations

import msgspec
import pytest

from gymtimer.core.plan import Plan
from gymtimer.core.presets import BUILTIN_PRESETS, Preset, Variation, find_preset
from gymtimer.core.progression import SuggestionKind
from gymtimer.core.units import Unit
from gymtimer.live.setup_choices import Increment, SetupChoices
from gymtimer.store.settings import SettingsStore
from tests.helpers.lifted import lifted_session

BODYWEIGHT = find_preset("Bodyweight hip thrust")
#: The preset the sessions of tests/helpers/lifted.py were lifted on (2 × 3 at 100 kg).
LIFTED = Preset(name="Test preset", variation=Variation.BARBELL, plan=Plan(sets=2, reps=3, load=100.0))


@pytest.fixture
def settings() -> SettingsStore:
    return SettingsStore()  # settings.json in the test's own data folder


def choices_over(settings: SettingsStore, history=()) -> SetupChoices:
    return SetupChoices(lambda: settings, lambda: BUILTIN_PRESETS, lambda: list(history))


def test_the_load_lifted_last_comes_first_then_the_presets_then_none(settings):
    choices = choices_over(settings)
    assert choices.offer(LIFTED, Unit.LB).load == 100.0 and choices.offer(LIFTED, Unit.LB).unit is Unit.KG
    settings.set_last_load(LIFTED.name, 110.0, Unit.LB)
    offer = choices.offer(LIFTED, Unit.KG)
    assert (offer.load, offer.unit) == (110.0, Unit.LB)
    bodyweight = choices.offer(BODYWEIGHT, Unit.LB)  # never the load of the preset shown before
    assert (bodyweight.load, bodyweight.unit) == (0.0, Unit.LB)
    assert offer.suggestions == () and bodyweight.suggestions == (), "no session yet: nothing to suggest"


def test_a_session_where_every_set_hit_its_target_suggests_the_lifters_plate_jump(settings):
    choices = choices_over(settings, [lifted_session(load=100.0)])
    [suggestion] = choices.offer(LIFTED, Unit.KG).suggestions
    assert suggestion.kind is SuggestionKind.ADD_LOAD and suggestion.load == 102.5
    assert choices.increment(Unit.KG) == Increment(2.5, Unit.KG, 50.0)
    choices.set_increment(5.0, Unit.KG)
    assert SettingsStore().increments().for_unit(Unit.KG) == 5.0, "kept in settings.json"
    assert choices.offer(LIFTED, Unit.KG).suggestions[0].load == 105.0


def test_what_was_lifted_is_remembered_for_next_time(settings):
    session = lifted_session(load=80.0)
    record = session.exercises[0]
    choices = choices_over(settings, [session])
    choices.remember(record)
    again = choices_over(SettingsStore())  # as after a restart
    assert again.last_preset() == "Test preset"
    assert again.offer(msgspec.structs.replace(LIFTED, plan=Plan(sets=2, reps=3)), Unit.LB).load == 80.0


def test_the_sources_are_read_when_asked_not_when_made():
    asked = []
    SetupChoices(lambda: asked.append("settings"), lambda: asked.append("presets"), lambda: asked.append("history"))
    assert asked == [], "the setup page's sources load lazily (they wait for the first paint)"
