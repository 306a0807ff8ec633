"""The cue engine the workout screen talks to: plans the sounds ahead, plays them on the tempo.

Called on the main thread. Sound itself runs in an audio thread (see
``player.py``) that mixes each cue into one running stream at the sample it is
due, so a cue is never late because the window is busy. Qt Multimedia and
numpy are imported only by :meth:`CueEngine.start`, to keep the app's start-up
quick.

How the workout screen drives it::

    engine = CueEngine(settings)
    engine.notice_changed.connect(view.show_sound_notice)
    engine.start()
    # after every workout.advance()/lifter action, and at least twice a second:
    engine.play(events)                                  # what just happened
    engine.plan(workout.forecast(now, FORECAST_SECONDS))  # what comes if the lifter does nothing
"""

from __future__ import annotations

import logging
import os
import time

from PySide6.QtCore import QObject, QThread, Signal

from gymtimer.core.seen import Cue as SeenCue
from gymtimer.core.workout import FORECAST_SECONDS, Event
from gymtimer.cues.settings import CueSettings
from gymtimer.cues.sound_rules import cues_for, every_clip, seen_cues

log = logging.getLogger(__name__)

NO_OUTPUT = "No sound output — visual cues only"
#: Time an at-once cue needs beyond what the stream already holds: the audio thread tops the
#: stream up every 10 ms, so a cue due sooner than that after the last frame handed over is late.
SEEN_LEAD = 0.03


class CueEngine(QObject):
    """Sound and voice cues for a workout, from its events and its forecast."""

    notice_changed = Signal(str)  #: "" when sound works, else what the lifter should know

    _open_requested = Signal()
    _close_requested = Signal()

    def __init__(self, settings: CueSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings or CueSettings()
        self._muted = False
        self._mixer = None
        self._lengths: dict[str, float] = {}
        self._thread: QThread | None = None
        self._player = None
        self._devices = None
        self._device_id: str | None = None
        self._output_lost = False
        self._problems: list[str] = []
        self._notice = ""
        self._forecast: list[Event] = []
        self._planned_at = -1e9  # when the forecast was last sent: the plan is known this far ahead

    # ----------------------------------------------------------------- reading

    @property
    def notice(self) -> str:
        return self._notice

    @property
    def settings(self) -> CueSettings:
        return self._settings

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def sound_working(self) -> bool:
        return self._mixer is not None and not self._output_lost

    @property
    def mixer(self):
        """The running mixer (its ``history`` and ``clock`` are what benchmarks read), or None."""
        return self._mixer

    @property
    def problems(self) -> list[str]:
        """One message per sound file that is missing or damaged."""
        return list(self._problems)

    # ----------------------------------------------------------------- life

    def start(self) -> None:
        """Load the sounds and open the output in the audio thread; never raises."""
        if self._mixer is not None:
            return
        try:
            from PySide6.QtCore import QCoreApplication, Qt
            from PySide6.QtMultimedia import QMediaDevices

            from gymtimer.cues.mixer import Mixer, load_clips
            from gymtimer.cues.player import RATE, SERVER_BUFFER_SECONDS, Player

            # Read by PulseAudio's client library when a stream opens; a lifter's own setting wins.
            os.environ.setdefault("PULSE_LATENCY_MSEC", str(round(SERVER_BUFFER_SECONDS * 1000)))

            clips, self._problems = load_clips(every_clip(), RATE)
            for problem in self._problems:
                log.error("%s", problem)
            self._lengths = {name: len(samples) / RATE for name, samples in clips.items()}
            self._mixer = Mixer(clips, RATE)
            self._mixer.volume = self._settings.volume
            self._mixer.muted = self._muted
            self._thread = QThread(self)
            self._thread.setObjectName("gymtimer-sound")
            self._player = Player(self._mixer)
            self._player.moveToThread(self._thread)
            self._thread.finished.connect(self._player.deleteLater)
            self._open_requested.connect(self._player.open)
            self._close_requested.connect(self._player.close, Qt.ConnectionType.BlockingQueuedConnection)
            self._player.output_ok.connect(self._on_output_ok)
            self._player.output_lost.connect(self._on_output_lost)
            self._thread.start(QThread.Priority.TimeCriticalPriority)
            app = QCoreApplication.instance()
            if app is not None:  # a running audio thread must be stopped before Qt tears down
                app.aboutToQuit.connect(self.close)
            self._devices = QMediaDevices(self)
            self._devices.audioOutputsChanged.connect(self._on_outputs_changed)
            self._open_requested.emit()
        except Exception as exc:  # never take the workout down for sound (logged below)
            log.exception("sound could not start")
            self._mixer = None
            self._output_lost = True
            self._problems.append(f"Sound could not start: {exc}")
        self._update_notice()

    def close(self) -> None:
        """Stop the sound and the audio thread (the window is closing)."""
        if self._devices is not None:
            self._devices.audioOutputsChanged.disconnect(self._on_outputs_changed)
            self._devices = None
        if self._thread is not None:
            if self._thread.isRunning():
                self._close_requested.emit()
                self._thread.quit()
                self._thread.wait()
            self._thread = None
            self._player = None
        self._mixer = None

    # ----------------------------------------------------------------- cues

    def plan(self, events: list[Event]) -> None:
        """The forecast (events due soon if the lifter does nothing): schedule their cues, drop stale ones."""
        self._forecast = list(events)
        self._planned_at = time.monotonic()
        if self._mixer is not None:
            self._mixer.plan(cues_for(events, self._settings, self._lengths), time.monotonic())

    def play(self, events: list[Event]) -> None:
        """Events that just happened: cue at once those not already planned or played."""
        if self._mixer is not None and events:
            self._mixer.play(cues_for(events, self._settings, self._lengths), time.monotonic())

    def play_seen(self, cue: SeenCue, forecast: list[Event] | None = None) -> None:
        """A seen rep's cue ("slower", "short") as soon as the planned cues leave room for it.

        The tempo comes first: the cue goes in the first gap between the cues
        planned or sounding, from the first moment the stream can still take it,
        and is left out when no gap comes soon (``sound_rules.seen_cues``). Mute and
        volume apply as to every cue. ``forecast``: the driver's forecast now
        (``driver.forecast()``), planned first so that every phase cue of the
        next 1.5 s is known; without it the last forecast sent bounds the search
        and the cue is more often left out. Kept apart from the rest of the
        engine: it reads the mixer's plan and clock and hands over at-once cues.
        """
        if forecast is not None:
            self.plan(forecast)
        mixer = self._mixer
        if mixer is None:
            return
        now = time.monotonic()
        clock = mixer.clock
        # The first frame not yet handed to the device is the earliest an at-once cue is heard.
        earliest = max(now, clock.time_of(mixer.frames_out) if clock.ready else now) + SEEN_LEAD
        busy = [(c.at, c.at + c.length) for c in mixer.pending()]
        for _ in range(3):  # the audio thread appends to the history while it is read
            try:
                started = list(mixer.history)[-32:]
                break
            except RuntimeError:
                started = []
        busy += [(c.heard, c.heard + self._lengths.get(c.clip, 0.0)) for c in started]
        cues = seen_cues(cue, self._settings, self._lengths, busy, earliest, self._planned_at + FORECAST_SECONDS)
        if cues:
            mixer.play(cues, now)

    def set_muted(self, muted: bool) -> None:
        """M: silence every cue (the plan goes on, so unmuting is on the beat at once)."""
        self._muted = muted
        if self._mixer is not None:
            self._mixer.muted = muted

    def set_settings(self, settings: CueSettings) -> None:
        previous, self._settings = self._settings, settings
        if self._mixer is None:
            return
        self._mixer.volume = settings.volume
        if (settings.scheme, settings.lowering_ticks) != (previous.scheme, previous.lowering_ticks):
            self._mixer.cancel()
            self.plan(self._forecast)

    # ----------------------------------------------------------------- the output comes and goes

    def _on_output_ok(self, device_id: str) -> None:
        self._device_id = device_id
        self._output_lost = False
        log.info("sound output open: %s", device_id)
        self._update_notice()

    def _on_output_lost(self, reason: str) -> None:
        log.warning("sound output lost: %s", reason)
        self._device_id = None
        self._output_lost = True
        self._update_notice()

    def _on_outputs_changed(self) -> None:
        from PySide6.QtMultimedia import QMediaDevices

        outputs = QMediaDevices.audioOutputs()
        default = QMediaDevices.defaultAudioOutput()
        if not outputs or default.isNull():
            if not self._output_lost:
                self._on_output_lost("the last audio output went away")
            return
        default_id = bytes(default.id()).decode(errors="replace")
        if self._output_lost or default_id != self._device_id:
            self._open_requested.emit()  # the audio thread reopens on the (new) default output

    def _update_notice(self) -> None:
        lines = []
        if self._output_lost:
            lines.append(NO_OUTPUT)
        if self._problems:
            extra = f" (and {len(self._problems) - 1} more)" if len(self._problems) > 1 else ""
            lines.append(self._problems[0] + extra)
        notice = "\n".join(lines)
        if notice != self._notice:
            self._notice = notice
            self.notice_changed.emit(notice)
