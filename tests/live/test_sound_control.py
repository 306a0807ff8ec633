"""The sound of the app without a window: the lifter's sound kept, a preset's brought, mute, the sound test, notices.

Most tests use the real cue engine, not started (no sound device is opened). Where an engine must
say that sound works, or that no output or some clips are missing, a stand-in engine is used
instead: this machine may have no sound output, and the real engine's states come only from one.
"""

from __future__ import annotations

import json

import msgspec
import pytest
from PySide6.QtCore import QObject, Signal

from gymtimer.core.notices import Notices, Place, Priority
from gymtimer.core.presets import find_preset
from gymtimer.core.tempo import Phase
from gymtimer.core.workout import EventKind, Workout
from gymtimer.cues.engine import NO_OUTPUT, UNAVAILABLE, CueEngine
from gymtimer.cues.settings import CueSettings, Scheme
from gymtimer.live.driver import WorkoutDriver
from gymtimer.live.sound_control import SoundControl
from gymtimer.store.settings import SettingsStore
from tests.helpers.stubs import FakeTimer

BUILT_IN = "Bodyweight hip thrust"  # its cue options are the defaults: it asks for no sound of its own


class StandInEngine(QObject):
    """The engine's public face, in states only a real sound output could put the real one in."""

    notice_changed = Signal(str)

    def __init__(self, *, working: bool = True, notice: str = "", problems: list[str] | None = None) -> None:
        super().__init__()
        self.sound_working = working
        self.notice = notice
        self.problems = problems or []
        self.settings: CueSettings | None = None
        self.muted = False
        self.played: list = []
        self.plans: list = []
        self.closed = False

    def set_settings(self, settings: CueSettings) -> None:
        self.settings = settings

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def play(self, events) -> None:
        self.played.extend(events)

    def plan(self, events) -> None:
        self.plans.append(list(events))

    def close(self) -> None:
        self.closed = True


class Settings:
    """settings.json in the test's own data folder, counting how often the control asks for it."""

    def __init__(self, path=None) -> None:
        self.path = path
        self.asked = 0
        self._store: SettingsStore | None = None

    def __call__(self) -> SettingsStore:
        self.asked += 1
        if self._store is None:
            self._store = SettingsStore(self.path)
        return self._store


@pytest.fixture
def rig(qapp, clock):
    def build(settings: Settings | None = None):
        driver = WorkoutDriver(clock=clock, timer=FakeTimer)
        notices = Notices()
        settings = settings or Settings()
        return SoundControl(driver, notices, settings), driver, notices, settings

    return build


def text_of(notices: Notices, key: str) -> str:
    notice = notices.get(key)
    return notice.text if notice is not None else ""


def test_settings_json_is_read_only_when_the_sound_is_first_needed(rig):
    control, _driver, _notices, settings = rig()
    control.toggle_mute()  # M before the engine came: nothing of the sound's file is needed for it
    assert settings.asked == 0
    assert control.current == CueSettings()
    assert settings.asked == 1
    control.current  # noqa: B018 - read once, kept
    assert settings.asked == 1


def test_the_lifters_sound_is_saved_heard_and_read_back(rig):
    control, _driver, _notices, _settings = rig()
    engine = CueEngine()  # not started: no sound device is opened
    control.attach(engine)
    mine = CueSettings(scheme=Scheme.VOICE, volume=0.4, lowering_ticks=False)
    control.set_sound(mine)
    assert engine.settings == mine and control.current == mine
    again, _driver, _notices, _settings = rig()
    assert again.current == mine
    engine.close()


def test_a_bad_saved_sound_gives_the_defaults_and_says_why(rig, data_dir):
    store = SettingsStore()
    store.set_other_setting("sound", {"scheme": "tones", "volume": 7})
    control, _driver, notices, _settings = rig()
    assert control.current == CueSettings()
    notice = notices.get("sound-settings")
    assert notice.text == "Sound settings not read: the defaults are used"
    assert "Volume must be from 0 to 1" in notice.detail and Place.SETUP in notice.places


def test_a_sound_that_cannot_be_saved_is_still_heard_and_the_lifter_is_told(rig, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the settings folder should be")
    control, _driver, notices, _settings = rig(Settings(blocker / "settings.json"))
    engine = StandInEngine()
    control.attach(engine)
    mine = CueSettings(scheme=Scheme.BOTH, volume=0.5)
    control.set_sound(mine)
    assert control.current == mine and engine.settings == mine
    notice = notices.get("sound-settings")
    assert notice.text == "Sound settings not saved" and notice.priority is Priority.DATA


def test_a_preset_with_its_own_cues_brings_them_at_the_lifters_volume(rig):
    control, _driver, _notices, _settings = rig()
    engine = StandInEngine()
    control.attach(engine)
    control.set_sound(CueSettings(scheme=Scheme.BOTH, volume=0.3))
    built_in = find_preset(BUILT_IN)
    assert control.apply_preset(built_in) is False, "a built-in leaves the lifter's sound: nothing new to show"
    assert control.current.scheme is Scheme.BOTH
    talking = msgspec.structs.replace(built_in, cue_tones=False, cue_voice=True)
    assert control.apply_preset(talking) is True
    assert control.current == CueSettings(scheme=Scheme.VOICE, volume=0.3) and engine.settings == control.current
    assert control.apply_preset(talking) is False
    assert control.apply_preset(built_in) is True and control.current.scheme is Scheme.BOTH
    assert engine.settings.scheme is Scheme.BOTH


def test_the_sound_test_plays_the_lift_cue_or_says_why_not(rig, clock):
    control, _driver, _notices, _settings = rig()
    assert control.test_sound() == "No sound output yet: the sound is still starting"
    control.attach(StandInEngine(working=False, notice="No sound output: the cues are shown only"))
    assert control.test_sound() == "No sound output: the cues are shown only"
    engine = StandInEngine()
    control.attach(engine)
    control.set_sound(CueSettings(scheme=Scheme.TONES, volume=0.8))
    assert control.test_sound() == "Played the lift cue (tones, volume 80%)"
    (event,) = engine.played
    assert event.kind is EventKind.PHASE_STARTED and event.phase is Phase.LIFT and event.at == clock()
    control.toggle_mute()
    assert control.test_sound() == "Nothing played: the sound is muted (M)"
    control.toggle_mute()
    control.set_sound(CueSettings(volume=0.0))
    assert control.test_sound() == "Nothing to hear: the volume is at 0 %"
    control.set_sound(CueSettings(scheme=Scheme.SILENT))
    assert control.test_sound() == "Nothing played: the cues are set to silent (colour only)"
    assert len(engine.played) == 1, "only the one test that could be heard played"


def test_m_mutes_the_engine_and_the_workout_screen_says_so(rig):
    control, _driver, notices, _settings = rig()
    control.toggle_mute()  # before the engine: it starts muted
    engine = CueEngine()  # not started: no sound device is opened
    control.attach(engine)
    assert control.muted and engine.muted
    notice = notices.get("mute")
    assert notice.text == "Muted: M for sound" and notice.places == {Place.WORKOUT}
    control.toggle_mute()
    assert not control.muted and not engine.muted and text_of(notices, "mute") == ""
    engine.close()


def test_the_engine_hears_every_event_and_plans_the_forecast(rig, clock):
    control, driver, _notices, _settings = rig()
    engine = StandInEngine()
    control.attach(engine)
    assert engine.settings == control.current and engine.plans == [[]], "planned at once, nothing due yet"
    driver.set_workout(Workout(find_preset(BUILT_IN).plan, origin=clock()))
    driver.start()
    assert engine.played and engine.played[0].kind is EventKind.WORKOUT_STARTED
    start = clock()
    clock.now = start + 4.0  # a second before the lift: the driver wakes to plan it
    driver.wake()
    lift = [e for e in engine.plans[-1] if e.kind is EventKind.PHASE_STARTED and e.phase is Phase.LIFT]
    assert [e.at for e in lift] == [start + 5.0], "the engine is told the lift ahead of time"
    control.close()
    assert engine.closed


def test_no_output_and_missing_clips_are_said_in_a_lifters_words(rig):
    control, _driver, notices, _settings = rig()
    engine = StandInEngine(working=False, notice=NO_OUTPUT, problems=["sounds/lift.wav: missing"] * 2)
    control.attach(engine)
    assert text_of(notices, "sound") == "No sound: follow the screen"
    assert text_of(notices, "sounds-missing") == "2 cue sounds missing"
    assert "lift.wav" not in json.dumps([n.full_text() for n in notices.shown()]), "file names stay in the log"
    engine.problems = []
    engine.notice_changed.emit("")  # an output appeared
    assert text_of(notices, "sound") == "" and text_of(notices, "sounds-missing") == ""


def test_sound_that_cannot_work_on_this_computer_is_said_as_unavailable(rig):
    # The engine's notice when Qt Multimedia cannot load (no libpulse): the real one is proven in
    # tests/cues/test_sound_process.py, with the sound process started without it.
    control, _driver, notices, _settings = rig()
    engine = StandInEngine(working=False, notice=UNAVAILABLE)
    control.attach(engine)
    assert text_of(notices, "sound") == "Sound unavailable: follow the screen"
    assert "cannot play GymTimer's sound" in notices.get("sound").full_text()
    assert control.test_sound() == UNAVAILABLE
