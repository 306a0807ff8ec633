"""A rep's tempo: lift, squeeze, lower and bottom pause, and the E-B-C-T notation."""

from __future__ import annotations

import decimal
import enum
import math
import re

import msgspec

MAX_PHASE_SECONDS = 60.0


class Phase(enum.StrEnum):
    """Everything the workout screen can show, in the lifter's words."""

    READY = "ready"
    LEAD_IN = "lead_in"
    LIFT = "lift"
    SQUEEZE = "squeeze"
    LOWER = "lower"
    BOTTOM = "bottom"
    SWITCH = "switch"
    REST = "rest"
    DONE = "done"

    @property
    def label(self) -> str:
        """The word shown huge on the screen."""
        return _LABELS[self]

    @property
    def is_rep_phase(self) -> bool:
        return self in REP_PHASES


_LABELS = {
    Phase.READY: "READY",
    Phase.LEAD_IN: "GET READY",
    Phase.LIFT: "LIFT",
    Phase.SQUEEZE: "SQUEEZE",
    Phase.LOWER: "LOWER",
    Phase.BOTTOM: "BOTTOM",
    Phase.SWITCH: "SWITCH LEGS",
    Phase.REST: "REST",
    Phase.DONE: "DONE",
}

#: The order of the phases within one rep, starting at the bottom.
REP_PHASES = (Phase.LIFT, Phase.SQUEEZE, Phase.LOWER, Phase.BOTTOM)


class TempoError(ValueError):
    """A tempo that cannot be lifted, with a message a lifter can act on."""


_FIELD_NAMES = {"lift": "Lift", "squeeze": "Squeeze", "lower": "Lower", "bottom": "Bottom pause"}
_NUMBER = r"\d+(?:[.,]\d+)?"
#: Compiled on first use (by ``re``, which keeps it): not while the app starts.
_NOTATION = rf"^\s*({_NUMBER})\s*-\s*({_NUMBER})\s*-\s*({_NUMBER})\s*-\s*({_NUMBER})\s*$"


class Tempo(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Seconds for each phase of one rep; ``lower`` (the eccentric) must be above zero."""

    lift: float = 1.0
    squeeze: float = 1.0
    lower: float = 3.0
    bottom: float = 0.0

    def __post_init__(self) -> None:
        for name, value in self.durations().items():
            label = _FIELD_NAMES[name]
            if not math.isfinite(value):
                raise TempoError(f"{label} must be a number of seconds, not {value!r}")
            if not 0.0 <= value <= MAX_PHASE_SECONDS:
                raise TempoError(f"{label} must be between 0 and {MAX_PHASE_SECONDS:g} seconds, not {value:g}")
        if self.lower <= 0:
            raise TempoError("Lower must be longer than 0 seconds: the slow lowering is the point of the rep")

    def durations(self) -> dict[str, float]:
        """Phase name to seconds, in rep order."""
        return {"lift": self.lift, "squeeze": self.squeeze, "lower": self.lower, "bottom": self.bottom}

    def seconds(self, phase: Phase) -> float:
        """Seconds of one rep phase."""
        return self.durations()[phase.value]

    @property
    def rep_seconds(self) -> float:
        """The length of one whole rep, bottom pause included."""
        return self.lift + self.squeeze + self.lower + self.bottom

    @property
    def tension_seconds(self) -> float:
        """Time under tension of one rep: lift, squeeze and lower."""
        return self.lift + self.squeeze + self.lower

    @classmethod
    def parse(cls, text: str) -> Tempo:
        """Read the strength-training notation ``eccentric-bottom-concentric-top``, e.g. ``3-0-1-1``."""
        match = re.match(_NOTATION, text or "")
        if match is None:
            raise TempoError(
                f"Tempo {text!r} is not in the form lower-bottom-lift-squeeze: "
                "four numbers of seconds joined by dashes, for example 3-0-1-1"
            )
        lower, bottom, lift, squeeze = (float(group.replace(",", ".")) for group in match.groups())
        return cls(lift=lift, squeeze=squeeze, lower=lower, bottom=bottom)

    def notation(self) -> str:
        """The tempo as ``E-B-C-T``, e.g. ``3-0-1-1`` or ``2.5-0-1-5``."""
        return "-".join(_short(v) for v in (self.lower, self.bottom, self.lift, self.squeeze))


def _short(value: float) -> str:
    """Shortest text that reads back as exactly ``value``: '3', '2.5', '0.1', '0.00001'."""
    if value == 0:
        return "0"  # also for -0.0, which would print as '-0' and not read back
    text = f"{value:g}"
    if float(text) == value and "e" not in text:
        return text
    # repr is the shortest exact form; Decimal spells it without an exponent, which parse() refuses.
    return format(decimal.Decimal(repr(value)).normalize(), "f")
