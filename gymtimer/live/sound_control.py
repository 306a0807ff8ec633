"""The sound of the app: the cue engine, mute, the lifter's sound and a preset's, and their notices.

:class:`SoundControl` holds the engine once it is attached (after the first paint), the sound
the coming workout plays (:class:`~gymtimer.cues.settings.SoundChoice`, read from settings.json
when first needed), mute, and the notices that say when nothing can be heard. The window
shows what it answers: the sound on the setup page, the sound test's words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from gymtimer.core.notices import Notices, Place, Priority
from gymtimer.core.tempo import Phase

if TYPE_CHECKING:  # the cues and settings.json load after the first paint, so their imports wait too
    from gymtimer.core.presets import Preset
    from gymtimer.cues.engine import CueEngine
    from gymtimer.cues.settings import CueSettings, SoundChoice
    from gymtimer.live.driver import WorkoutDriver
    from gymtimer.store.settings import SettingsStore


class SoundControl(QObject):
    """Owns the cue engine, mute and the sound choice; posts the sound notices."""

    def __init__(self, driver: WorkoutDriver, notices: Notices, settings: Callable[[], SettingsStore],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._driver = driver
        self._notices = notices
        self._settings = settings  # called when first needed: settings.json is read after the first paint
        #: The cue engine, ``None`` until attached (and for good when no sound part could start).
        self.cues: CueEngine | None = None
        self.muted = False
        self._choice: SoundChoice | None = None

    # ----------------------------------------------------------------- the sound chosen

    @property
    def choice(self) -> SoundChoice:
        """The lifter's sound and the coming workout's (settings.json is read when first needed)."""
        if self._choice is None:
            from gymtimer.cues.settings import SoundChoice

            self._choice = SoundChoice(self._saved_sound())
        return self._choice

    @property
    def current(self) -> CueSettings:
        """The sound of the coming workout: the lifter's settings, or the preset's own cue choices."""
        return self.choice.current

    def _saved_sound(self) -> CueSettings:
        from gymtimer.cues.settings import saved_sound

        settings, problem = saved_sound(self._settings().other_setting("sound"))
        if problem:
            self._notices.post("sound-settings", "Sound settings not read: the defaults are used", detail=problem,
                               priority=Priority.SOUND, places={Place.SETUP})
        return settings

    def apply_preset(self, preset: Preset) -> bool:
        """A preset whose cue options were changed from the defaults brings them; otherwise the lifter's hold.

        The volume is always the lifter's. True when the coming workout's sound changed: the
        setup page must show :attr:`current`.
        """
        changed = self.choice.choose_for(preset.cue_tones, preset.cue_voice, preset.cue_lowering_ticks)
        if changed and self.cues is not None:
            self.cues.set_settings(self.current)
        return changed

    def set_sound(self, settings: CueSettings) -> None:
        """The lifter changed the sound: hear it from the next cue on, and keep it."""
        self.choice.lifter_chose(settings)
        if self.cues is not None:
            self.cues.set_settings(settings)
        try:
            self._settings().set_other_setting("sound", settings.to_dict())
        except OSError as error:
            self._notices.post("sound-settings", "Sound settings not saved", detail=str(error),
                               priority=Priority.DATA, places={Place.SETUP})

    def test_sound(self) -> str:
        """Play the lift cue now, so the lifter can set the volume from the bench; say what happened."""
        from gymtimer.cues.settings import Scheme

        sound = self.current
        if self.cues is None or not self.cues.sound_working:
            notice = self.cues.notice if self.cues is not None else ""
            return notice or "No sound output yet: the sound is still starting"
        if sound.scheme is Scheme.SILENT:
            return "Nothing played: the cues are set to silent (colour only)"
        if self.muted:
            return "Nothing played: the sound is muted (M)"
        if sound.volume == 0:
            return "Nothing to hear: the volume is at 0 %"
        from gymtimer.core.workout import Event, EventKind

        self.cues.play([Event(EventKind.PHASE_STARTED, self._driver.clock(), phase=Phase.LIFT, duration=1.0)])
        return f"Played the lift cue ({sound.scheme.label.lower()}, volume {sound.volume:.0%})"

    def toggle_mute(self) -> None:
        """M: silence the cues (the screen still shows them) or bring them back; the workout screen says so."""
        self.muted = not self.muted
        if self.cues is not None:
            self.cues.set_muted(self.muted)
        self._notices.post("mute", "Muted: M for sound" if self.muted else "", places={Place.WORKOUT})

    # ----------------------------------------------------------------- the engine

    def attach(self, engine: CueEngine) -> None:
        """Sound from now on: the engine hears every event and plans the forecast ahead."""
        self.cues = engine
        engine.set_settings(self.current)
        engine.set_muted(self.muted)
        engine.notice_changed.connect(self._sound_notice)
        self._driver.events_happened.connect(engine.play)
        self._driver.schedule_changed.connect(lambda: engine.plan(self._driver.forecast()))
        self._sound_notice(engine.notice)
        engine.plan(self._driver.forecast())

    def close(self) -> None:
        """The window closes: the engine lets its output go."""
        if self.cues is not None:
            self.cues.close()

    def _sound_notice(self, text: str) -> None:
        """The engine's state in a lifter's words (its file names and paths stay in the log)."""
        from gymtimer.cues.engine import NO_OUTPUT, UNAVAILABLE

        if UNAVAILABLE in text.splitlines():
            self._notices.post("sound", "Sound unavailable: follow the screen", priority=Priority.SOUND,
                               detail="This computer cannot play GymTimer's sound (its sound library did not "
                                      "load: the log says which); the cues are shown only.")
        elif NO_OUTPUT in text.splitlines():
            self._notices.post("sound", "No sound: follow the screen", priority=Priority.SOUND,
                               detail="No sound output was found; the cues are shown only. "
                                      "Sound comes back by itself when an output appears.")
        else:
            self._notices.clear("sound")
        missing = len(self.cues.problems) if self.cues is not None and text else 0
        if missing:
            self._notices.post("sounds-missing", f"{missing} cue sound{'s' if missing != 1 else ''} missing",
                               priority=Priority.SOUND,
                               detail="Those cues are silent, the screen still shows them. "
                                      "Reinstalling GymTimer brings the sounds back.")
        else:
            self._notices.clear("sounds-missing")
