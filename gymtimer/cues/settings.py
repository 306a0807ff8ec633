"""What the lifter chose to hear (sound scheme, volume, lowering ticks), and what a workout of a preset sounds like."""

from __future__ import annotations

import enum
import math

import msgspec


class Scheme(enum.StrEnum):
    """Which sounds carry the cues."""

    TONES = "tones"
    VOICE = "voice"  #: spoken words where a word fits the phase, tones elsewhere
    BOTH = "both"  #: every tone, plus the word where it fits
    SILENT = "silent"  #: colour only

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Scheme.TONES: "Tones",
    Scheme.VOICE: "Voice",
    Scheme.BOTH: "Tones and voice",
    Scheme.SILENT: "Silent (colour only)",
}


class CueSettingsError(ValueError):
    """A sound setting out of range, in words the lifter can act on."""


class CueSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The sound settings; the defaults are what a new lifter hears."""

    scheme: Scheme = Scheme.TONES
    volume: float = 0.8  #: 0 (silent) to 1 (full scale, -1 dBFS peaks)
    lowering_ticks: bool = True  #: one tick per second through the lowering

    def __post_init__(self) -> None:
        if isinstance(self.volume, bool) or not isinstance(self.volume, (int, float)):
            raise CueSettingsError(f"Volume must be a number from 0 to 1, not {self.volume!r}")
        if not math.isfinite(self.volume) or not 0.0 <= self.volume <= 1.0:
            raise CueSettingsError(f"Volume must be from 0 to 1 (0 % to 100 %), not {self.volume:g}")

    @classmethod
    def from_dict(cls, data: object) -> CueSettings:
        """Validate settings read from a file; unknown or bad values raise CueSettingsError."""
        try:
            return msgspec.convert(data, cls)
        except msgspec.ValidationError as exc:
            raise CueSettingsError(f"Sound settings are not valid: {exc}") from exc

    def to_dict(self) -> dict[str, str | float | bool]:
        """As settings.json keeps it: ``{"scheme": "tones", "volume": 0.8, "lowering_ticks": true}``."""
        document: dict[str, str | float | bool] = msgspec.to_builtins(self)
        return document


def sound_for_preset(tones: bool, voice: bool, lowering_ticks: bool, mine: CueSettings) -> CueSettings:
    """What a workout of a preset sounds like: the preset's cue choices if it changed them, else the lifter's.

    ``tones``, ``voice`` and ``lowering_ticks`` are the preset's flags; left at their defaults
    (tones, no voice, ticks) they ask for nothing, and ``mine`` holds. The volume is always the lifter's.
    """
    if (tones, voice, lowering_ticks) == (True, False, True):
        return mine
    scheme = Scheme.BOTH if tones and voice else Scheme.TONES if tones else Scheme.VOICE if voice else Scheme.SILENT
    return CueSettings(scheme=scheme, volume=mine.volume, lowering_ticks=lowering_ticks)


def saved_sound(stored: object) -> tuple[CueSettings, str | None]:
    """The lifter's sound from what settings.json holds (``None``: never chosen), and why it was not read.

    A bad stored value gives the defaults and the reason, for a notice: the workout still sounds.
    """
    if stored is None:
        return CueSettings(), None
    try:
        return CueSettings.from_dict(stored), None
    except CueSettingsError as error:
        return CueSettings(), str(error)


class SoundChoice:
    """The sound of the coming workout: the lifter's own settings, or a preset's cue choices.

    A preset that changed its cue options brings them (at the lifter's volume); one left at the
    defaults leaves the lifter's as they are. What the lifter picks becomes their own sound.
    """

    def __init__(self, lifters: CueSettings) -> None:
        #: What the lifter chose and saved.
        self.lifters = lifters
        #: What the coming workout sounds like.
        self.current = lifters

    def choose_for(self, tones: bool, voice: bool, lowering_ticks: bool) -> bool:
        """A preset with these cue flags was picked; True when the workout's sound changed."""
        wanted = sound_for_preset(tones, voice, lowering_ticks, self.lifters)
        changed = wanted != self.current
        self.current = wanted
        return changed

    def lifter_chose(self, settings: CueSettings) -> None:
        """The lifter set the sound: heard from now on, and theirs for every preset that asks nothing."""
        self.lifters = self.current = settings
