"""Load units: kilograms and pounds, stored as entered, converted only to show."""

from __future__ import annotations

import enum

KG_PER_LB = 0.45359237  # exact, by the international yard and pound agreement of 1959


class Unit(enum.StrEnum):
    """The unit a load is entered and stored in."""

    KG = "kg"
    LB = "lb"

    @property
    def step(self) -> float:
        """The smallest plate jump a lifter usually makes in this unit."""
        return 2.5 if self is Unit.KG else 5.0


def convert(value: float, from_unit: Unit, to_unit: Unit) -> float:
    """Return ``value`` given in ``from_unit`` expressed in ``to_unit``."""
    if from_unit is to_unit:
        return value
    if from_unit is Unit.LB:
        return value * KG_PER_LB
    return value / KG_PER_LB


def format_load(value: float, unit: Unit) -> str:
    """'100 kg', '102.5 kg', '225 lb': no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit.value}"
