"""The setup page's choices without the page: the load offered for a preset, the plate jump, the suggestions.

A plain class over the settings, the history and the presets (no Qt): the
window shows what it answers, and its tests ask it without any window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import msgspec

from gymtimer.core.presets import Preset
from gymtimer.core.progression import MAX_INCREMENT, Suggestion, suggest
from gymtimer.core.units import Unit

if TYPE_CHECKING:  # the records come with the history, after the first paint
    from gymtimer.core.records import ExerciseRecord, SessionRecord
    from gymtimer.store.settings import SettingsStore


class Offer(msgspec.Struct, frozen=True):
    """What the setup page shows for a preset: the load to start from and the suggestions, the first shown first."""

    load: float
    unit: Unit
    suggestions: tuple[Suggestion, ...]


class Increment(msgspec.Struct, frozen=True):
    """The lifter's plate jump in one unit, and the most it may be."""

    amount: float
    unit: Unit
    most: float


class SetupChoices:
    """Reads and remembers what the setup page offers; each source is asked when needed (they load lazily)."""

    def __init__(self, settings: Callable[[], SettingsStore], presets: Callable[[], Iterable[Preset]],
                 history: Callable[[], Sequence[SessionRecord]]) -> None:
        self._settings = settings
        self._presets = presets
        self._history = history

    def last_preset(self) -> str | None:
        """The preset lifted last, offered first."""
        return self._settings().last_preset()

    def offer(self, preset: Preset, shown_unit: Unit) -> Offer:
        """The load ``preset`` starts from (the last one lifted, else the preset's) and its suggestions.

        Never the load of the preset shown before: a preset with neither starts at 0 in ``shown_unit``.
        """
        settings = self._settings()
        last = settings.last_load(preset.name)
        if last is not None:
            load, unit = last.load, last.unit
        elif preset.plan.load > 0:
            load, unit = preset.plan.load, preset.plan.unit
        else:
            load, unit = 0.0, shown_unit
        suggestions = suggest(preset, self._history(), increments=settings.increments(),
                              presets=tuple(self._presets()))
        return Offer(load, unit, tuple(suggestions))

    def increment(self, unit: Unit) -> Increment:
        """How much a suggestion adds in ``unit`` after a session where every set hit its target."""
        return Increment(self._settings().increments().for_unit(unit), unit, MAX_INCREMENT[unit])

    def set_increment(self, amount: float, unit: Unit) -> None:
        """The lifter's own plate jump in ``unit``: the next suggestion uses it."""
        settings = self._settings()
        settings.set_increments(msgspec.structs.replace(settings.increments(), **{unit.value: amount}))

    def remember(self, record: ExerciseRecord) -> None:
        """The preset and load just lifted are offered first next time (OSError when settings.json cannot be written)."""
        settings = self._settings()
        settings.set_last_preset(record.preset_name)
        settings.set_last_load(record.preset_name, record.plan.load, record.plan.unit)
