"""What a workout is to do: the tempo, sets, reps per leg, rest and load."""

from __future__ import annotations

import enum
import math

import msgspec

from gymtimer.core.tempo import Tempo
from gymtimer.core.units import Unit

MAX_SETS = 20
MAX_REPS = 100
MAX_REST_SECONDS = 30 * 60.0
MAX_LEAD_IN_SECONDS = 120.0
MAX_SWITCH_SECONDS = 120.0
MAX_LOAD = 2000.0


class Side(enum.StrEnum):
    """Which leg does the work of a rep."""

    BOTH = "both"
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return {Side.LEFT: Side.RIGHT, Side.RIGHT: Side.LEFT}.get(self, Side.BOTH)

    @property
    def label(self) -> str:
        return self.value.upper()


class Laterality(enum.StrEnum):
    """How the legs share the reps of a set."""

    BOTH = "both"  #: both legs, one count
    PER_LEG = "per_leg"  #: all reps on one side, then all on the other
    ALTERNATING = "alternating"  #: left and right take turns, rep by rep

    @property
    def label(self) -> str:
        return {
            Laterality.BOTH: "Both legs",
            Laterality.PER_LEG: "One leg, then the other",
            Laterality.ALTERNATING: "Alternating legs",
        }[self]


class PlanError(ValueError):
    """A plan value out of range, with a message naming the field and its range."""


class Plan(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One exercise's prescription; ``reps`` is per side for one-leg work."""

    tempo: Tempo = msgspec.field(default_factory=Tempo)
    sets: int = 3
    reps: int = 8
    laterality: Laterality = Laterality.BOTH
    start_side: Side = Side.LEFT
    lead_in: float = 5.0
    switch_pause: float = 5.0
    rest: float = 90.0
    load: float = 0.0
    unit: Unit = Unit.KG
    #: A failed rep is made up by one more (True), or counts against the set's reps (False).
    replace_failed: bool = True

    def __post_init__(self) -> None:
        _check_range("Sets", self.sets, 1, MAX_SETS, "")
        _check_range("Reps per set", self.reps, 1, MAX_REPS, "")
        _check_range("Lead-in", self.lead_in, 0, MAX_LEAD_IN_SECONDS, " seconds")
        _check_range("Side-switch pause", self.switch_pause, 0, MAX_SWITCH_SECONDS, " seconds")
        _check_range("Rest", self.rest, 0, MAX_REST_SECONDS, " seconds")
        _check_range("Load", self.load, 0, MAX_LOAD, f" {self.unit.value}")
        if self.laterality is not Laterality.BOTH and self.start_side is Side.BOTH:
            raise PlanError("One-leg work starts on the left or the right leg, not both")

    @property
    def one_leg(self) -> bool:
        return self.laterality is not Laterality.BOTH

    @property
    def sides(self) -> tuple[Side, ...]:
        """The sides that have a count in each set, in the order they are worked."""
        if not self.one_leg:
            return (Side.BOTH,)
        return (self.start_side, self.start_side.other)

    @property
    def reps_per_set(self) -> int:
        """All reps of one set, both sides together."""
        return self.reps * len(self.sides)


def _check_range(label: str, value: float, low: float, high: float, unit: str) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise PlanError(f"{label} must be a number, not {value!r}")
    if not low <= value <= high:
        raise PlanError(f"{label} must be between {low:g} and {high:g}{unit}, not {value:g}")
