"""The hip-thrust variations and the built-in tempo presets from the articles."""

from __future__ import annotations

import enum
import uuid

import msgspec

from gymtimer.core.plan import Laterality, Plan, Side
from gymtimer.core.tempo import Tempo


class Variation(enum.StrEnum):
    """The variations of PRODUCT.md's table."""

    BARBELL = "barbell"
    BODYWEIGHT = "bodyweight"
    DUMBBELL = "dumbbell"
    WEIGHTED = "weighted"
    SINGLE_LEG = "single_leg"
    ECCENTRIC_SINGLE_LEG = "eccentric_single_leg"
    STAGGERED_STANCE = "staggered_stance"
    REVERSE = "reverse"

    @property
    def label(self) -> str:
        return _VARIATION_LABELS[self]

    @property
    def laterality(self) -> Laterality:
        """How reps of this variation are counted by default."""
        one_leg = {Variation.SINGLE_LEG, Variation.ECCENTRIC_SINGLE_LEG, Variation.STAGGERED_STANCE}
        return Laterality.PER_LEG if self in one_leg else Laterality.BOTH

    @property
    def carries_load(self) -> bool:
        """Lifted with a bar, dumbbells or a belt: a set at 0 kg is a load not typed yet, not a choice."""
        return self in {Variation.BARBELL, Variation.DUMBBELL, Variation.WEIGHTED}


_VARIATION_LABELS = {
    Variation.BARBELL: "Barbell hip thrust",
    Variation.BODYWEIGHT: "Bodyweight hip thrust",
    Variation.DUMBBELL: "Dumbbell hip thrust",
    Variation.WEIGHTED: "Weighted hip thrust (belt, chains)",
    Variation.SINGLE_LEG: "Single-leg hip thrust",
    Variation.ECCENTRIC_SINGLE_LEG: "Eccentric single-leg hip thrust",
    Variation.STAGGERED_STANCE: "Staggered-stance hip thrust",
    Variation.REVERSE: "Reverse hip thrust",
}

#: Form cues from the articles, shown during the lead-in and the rest.
FORM_REMINDERS: tuple[str, ...] = (
    "Push through your heels",
    "Shins vertical at the top",
    "Ribs down, chin tucked",
    "Knees out",
    "Don't over-arch your lower back",
    "Breathe in on the way down, out hard on the way up",
)


#: Longest preset name: it must fit the setup page's list.
MAX_NAME_LENGTH = 80


class PresetError(ValueError):
    """A preset that cannot be saved, with a message naming the field."""


#: Where the ids of presets made before presets had ids come from (see :func:`preset_id_for_name`).
_ID_NAMESPACE = uuid.UUID("5f1c8f2e-9a57-4d0b-9a3e-6f1d2c3b4a59")


def preset_id_for_name(name: str) -> str:
    """The id of a preset known only by its name: a built-in's own id, else one derived from the name.

    Preset files and session files written before presets had ids get theirs from
    here, so an old session and its preset agree without either being rewritten.
    """
    wanted = name.strip().casefold()
    for builtin_name, builtin_id in _BUILTIN_IDS.items():
        if builtin_name.casefold() == wanted:
            return builtin_id
    return f"named-{uuid.uuid5(_ID_NAMESPACE, wanted).hex}"


def new_preset_id() -> str:
    """A fresh id for a preset the lifter makes (new, duplicated, imported over another's id)."""
    return f"own-{uuid.uuid4().hex}"


class Preset(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A named plan for one variation; built-ins are read-only.

    ``id`` stays when the preset is renamed: the sessions lifted with it keep it.
    """

    name: str
    variation: Variation
    plan: Plan
    reminders: tuple[str, ...] = FORM_REMINDERS
    builtin: bool = False
    #: Cue options carried by the preset; the sound settings decide how they sound.
    cue_tones: bool = True
    cue_voice: bool = False
    cue_lowering_ticks: bool = True
    id: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise PresetError("A preset needs a name")
        if len(self.name) > MAX_NAME_LENGTH:
            raise PresetError(f"Name must be at most {MAX_NAME_LENGTH} characters, not {len(self.name)}")
        if not self.id.strip():  # a preset file from before ids: the id its sessions were given too
            msgspec.structs.force_setattr(self, "id", preset_id_for_name(self.name))

    @property
    def description(self) -> str:
        """'3 × 5 · tempo 2-0-1-5' or '3 × 6 per leg · tempo 3-0-1-1'."""
        per = " per leg" if self.plan.one_leg else ""
        return f"{self.plan.sets} × {self.plan.reps}{per} · tempo {self.plan.tempo.notation()}"


#: The built-ins' ids, by the names they had when ids came in; never change either.
_BUILTIN_IDS = {
    "Barbell hip thrust 3×5, 5 s squeeze": "builtin-barbell-3x5-squeeze",
    "Eccentric single-leg hip thrust": "builtin-eccentric-single-leg",
    "Staggered-stance hip thrust": "builtin-staggered-stance",
    "Bodyweight hip thrust": "builtin-bodyweight",
}

BUILTIN_PRESETS: tuple[Preset, ...] = (
    Preset(
        id="builtin-barbell-3x5-squeeze",
        name="Barbell hip thrust 3×5, 5 s squeeze",
        variation=Variation.BARBELL,
        plan=Plan(tempo=Tempo(lift=1, squeeze=5, lower=2, bottom=0), sets=3, reps=5, rest=120),
        builtin=True,
    ),
    Preset(
        id="builtin-eccentric-single-leg",
        name="Eccentric single-leg hip thrust",
        variation=Variation.ECCENTRIC_SINGLE_LEG,
        plan=Plan(
            tempo=Tempo(lift=1, squeeze=1, lower=3, bottom=0),
            sets=3,
            reps=6,
            laterality=Laterality.PER_LEG,
            start_side=Side.LEFT,
            switch_pause=5,
            rest=90,
        ),
        reminders=("Lift on both feet, lower on one", "Pause at the top, then lift one foot", *FORM_REMINDERS),
        builtin=True,
    ),
    Preset(
        id="builtin-staggered-stance",
        name="Staggered-stance hip thrust",
        variation=Variation.STAGGERED_STANCE,
        plan=Plan(
            tempo=Tempo(lift=1, squeeze=1, lower=2, bottom=0),
            sets=3,
            reps=6,
            laterality=Laterality.PER_LEG,
            start_side=Side.LEFT,
            switch_pause=10,
            rest=120,
        ),
        reminders=("About three quarters of the load on the near leg", *FORM_REMINDERS),
        builtin=True,
    ),
    Preset(
        id="builtin-bodyweight",
        name="Bodyweight hip thrust",
        variation=Variation.BODYWEIGHT,
        plan=Plan(tempo=Tempo(lift=1, squeeze=2, lower=3, bottom=0), sets=3, reps=12, rest=60),
        reminders=("Learn the full range of motion before adding weight", *FORM_REMINDERS),
        builtin=True,
    ),
)


def _name_key(name: str) -> str:
    return " ".join(name.casefold().replace("×", "x").split())


def find_preset(name: str, presets: tuple[Preset, ...] | list[Preset] = BUILTIN_PRESETS) -> Preset:
    """The preset called ``name``; the error lists the names that exist.

    Case, runs of spaces and an "x" typed for "×" (as in "3x5") do not matter.
    """
    wanted = _name_key(name)
    for preset in presets:
        if _name_key(preset.name) == wanted:
            return preset
    names = ", ".join(repr(p.name) for p in presets)
    raise KeyError(f"No preset called {name!r}. Presets: {names}")
