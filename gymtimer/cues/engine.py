"""The cue engine: plans the sounds ahead, plays them on the tempo.

Called on the main thread, by the live application's sound control
(``live/sound_control.py``), which owns it once it is attached after the first paint. Sound itself is made by a process of its own (see
``sound_process.py``, started through ``link.py``) that mixes each cue into one
running stream at the sample it is due, so a cue is never late because the
window, a chart or the camera tracker is busy: nothing in the app shares that
process's interpreter lock. The engine turns events into cues (``sound_rules.py``)
and sends them over a pipe; the sound process reports back what it played,
its stream position, and whether there is an output (:attr:`CueEngine.mixer`, a
``link.SoundState``). Qt Multimedia and numpy are imported only by the sound process.

How the sound control drives it::

    engine = CueEngine(parent=window)
    sound_control.attach(engine)  # which does:
    #   engine.set_settings(...); engine.set_muted(...)
    #   engine.notice_changed.connect(...)            "" when sound works, else what the lifter should know
    #   driver.events_happened.connect(engine.play)   what just happened
    #   driver.schedule_changed.connect(lambda: engine.plan(driver.forecast()))  what comes if nothing happens
    engine.start()                        # the sound process starts; never raises
    engine.play_sound("sounds/undo.wav")  # one sound at once, by name
    engine.play_seen(cue)                 # a cue for what the camera saw (follow mode)
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from gymtimer.core.seen import Cue as SeenCue
from gymtimer.core.workout import FORECAST_SECONDS, Event
from gymtimer.cues.settings import CueSettings, Scheme
from gymtimer.cues.sound_rules import Cue, cues_for, seen_cues, tone_path

if TYPE_CHECKING:  # the link and its process start after the first paint
    from gymtimer.cues import wire
    from gymtimer.cues.link import SoundLink, SoundState

log = logging.getLogger(__name__)

NO_OUTPUT = "No sound output — visual cues only"
#: Sound cannot work on this computer at all (Qt Multimedia cannot load: libpulse is missing).
UNAVAILABLE = "Sound unavailable on this computer — visual cues only"
#: Time an at-once cue needs beyond what the stream already holds: the audio thread tops the
#: stream up every 10 ms, so a cue due sooner than that after the last frame handed over is late.
SEEN_LEAD = 0.03
#: After the sound process ended by itself, it is started again this much later, at most
#: RESTARTS times in a row without having opened an output in between.
RESTART_SECONDS = 1.0
RESTARTS = 3


class CueEngine(QObject):
    """Sound and voice cues for a workout, from its events and its forecast."""

    notice_changed = Signal(str)  #: "" when sound works, else what the lifter should know

    def __init__(self, settings: CueSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings or CueSettings()
        self._muted = False
        self._link: SoundLink | None = None
        self._lengths: dict[str, float] = {}
        self._output_lost = False
        self._problems: list[str] = []
        self._start_problem: str | None = None
        self._unavailable = False  #: the sound process said sound cannot work here: no restart
        self._notice = ""
        self._forecast: list[Event] = []
        self._planned_at = -1e9  # when the forecast was last sent: the plan is known this far ahead
        self._restarts = 0
        self._sounds_played = 0
        self._restart_timer = QTimer(self)
        self._restart_timer.setSingleShot(True)
        self._restart_timer.timeout.connect(self._restart)

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
        return self._link is not None and not self._output_lost

    @property
    def mixer(self) -> SoundState | None:
        """What the sound process last reported, named like the mixer's own fields (``history``,
        ``clock``, ``requests``...; read by the benchmarks and the self-test), or None before :meth:`start`."""
        return None if self._link is None else self._link.state

    @property
    def problems(self) -> list[str]:
        """One message per sound file that is missing or damaged."""
        problems = list(self._problems)
        if self._start_problem:
            problems.append(self._start_problem)
        return problems

    # ----------------------------------------------------------------- life

    def start(self) -> None:
        """Start the sound process, which loads the sounds and opens the output; never raises."""
        if self._link is not None:
            return
        try:
            from PySide6.QtCore import QCoreApplication

            from gymtimer.cues.link import SoundLink
            from gymtimer.resources import resources_root

            link = SoundLink(resources_root(), self)
            link.ready.connect(self._on_ready)
            link.output_ok.connect(self._on_output_ok)
            link.output_lost.connect(self._on_output_lost)
            link.ended.connect(self._on_ended)
            link.unavailable.connect(self._on_unavailable)
            link.start()
            self._link = link
            link.settings(self._settings.volume, self._muted)
            app = QCoreApplication.instance()
            if app is not None:  # the sound process ends with the app (and by itself if the app is killed)
                app.aboutToQuit.connect(self.close)
        except Exception as exc:  # never take the workout down for sound (logged below)
            log.exception("sound could not start")
            self._link = None
            self._output_lost = True
            self._start_problem = f"Sound could not start: {exc}"
        self._update_notice()

    def close(self) -> None:
        """End the sound process (the window is closing); it is gone when this returns."""
        self._restart_timer.stop()
        link, self._link = self._link, None
        if link is not None:
            link.close()

    # ----------------------------------------------------------------- cues

    def plan(self, events: list[Event]) -> None:
        """The forecast (events due soon if the lifter does nothing): schedule their cues, drop stale ones."""
        self._forecast = list(events)
        self._planned_at = time.monotonic()
        if self._link is not None:
            self._link.plan(cues_for(events, self._settings, self._lengths), time.monotonic())

    def play(self, events: list[Event]) -> None:
        """Events that just happened: cue at once those not already planned or played."""
        if self._link is not None and events:
            self._link.play(cues_for(events, self._settings, self._lengths), time.monotonic())

    def play_sound(self, clip: str) -> bool:
        """Play one sound at once, by its asset name ("sounds/slower.wav"; a bare name is a tone).

        For cues that are no workout event (a coach's remark on a rep just seen). Returns False
        when that sound is not there (missing, damaged, or the cues are silent).
        """
        clip = clip if "/" in clip else tone_path(clip)
        if self._link is None or clip not in self._lengths or self._settings.scheme is Scheme.SILENT:
            return False
        now = time.monotonic()
        self._sounds_played += 1
        key = ("sound", clip, self._sounds_played)
        self._link.play([Cue(key, now, clip, self._lengths[clip])], now)
        return True

    def play_seen(self, cue: SeenCue, forecast: list[Event] | None = None) -> None:
        """A seen rep's cue ("slower", "short") as soon as the planned cues leave room for it.

        The tempo comes first: the cue goes in the first gap between the cues
        planned or sounding, from the first moment the stream can still take it,
        and is left out when no gap comes soon (``sound_rules.seen_cues``). Mute and
        volume apply as to every cue. ``forecast``: the driver's forecast now
        (``driver.forecast()``), planned first so that every phase cue of the
        next 1.5 s is known; without it the last forecast sent bounds the search
        and the cue is more often left out. Kept apart from the rest of the
        engine: it reads the sound process's plan and clock and hands over at-once cues.
        """
        if forecast is not None:
            self.plan(forecast)
        mixer = self.mixer  # the sound process's last report: its plan, clock and history
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
        if self._link is not None:
            self._link.settings(self._settings.volume, muted)

    def set_settings(self, settings: CueSettings) -> None:
        previous, self._settings = self._settings, settings
        if self._link is None:
            return
        self._link.settings(settings.volume, self._muted)
        if (settings.scheme, settings.lowering_ticks) != (previous.scheme, previous.lowering_ticks):
            self._link.cancel()
            self.plan(self._forecast)

    # ----------------------------------------------------------------- what the sound process reports

    def _on_ready(self, ready: wire.Ready) -> None:
        self._lengths = dict(ready.lengths)
        self._problems = list(ready.problems)
        for problem in self._problems:
            log.error("%s", problem)
        self._update_notice()
        self.plan(self._forecast)  # what was forecast while the sounds loaded

    def _on_output_ok(self, device_id: str) -> None:
        self._output_lost = False
        self._restarts = 0
        log.info("sound output open: %s", device_id)
        self._update_notice()

    def _on_output_lost(self, reason: str) -> None:
        log.warning("sound output lost: %s", reason)
        self._output_lost = True
        self._update_notice()

    def _on_ended(self, reason: str) -> None:
        """The sound process ended by itself: say so, and start it again a little later."""
        log.error("sound stopped: %s", reason)
        self._output_lost = True
        self._update_notice()
        if self._link is not None and self._restarts < RESTARTS:
            self._restarts += 1
            self._restart_timer.start(round(RESTART_SECONDS * 1000))

    def _on_unavailable(self, reason: str) -> None:
        """Sound cannot work on this computer: one line in the log, the notice, and no restart."""
        hint = "; install libpulse0 (PulseAudio's client library) for sound" if sys.platform.startswith("linux") else ""
        log.warning("sound unavailable: %s%s", reason, hint)
        self._unavailable = self._output_lost = True
        self._restart_timer.stop()
        self._update_notice()

    def _restart(self) -> None:
        link = self._link
        if link is None or link.running:
            return
        try:
            link.start()
        except OSError as exc:
            log.error("the sound process could not start again: %s", exc)
            return
        link.settings(self._settings.volume, self._muted)
        self.plan(self._forecast)

    def _update_notice(self) -> None:
        lines = []
        if self._output_lost:
            lines.append(UNAVAILABLE if self._unavailable else NO_OUTPUT)
        problems = self.problems
        if problems:
            extra = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            lines.append(problems[0] + extra)
        notice = "\n".join(lines)
        if notice != self._notice:
            self._notice = notice
            self.notice_changed.emit(notice)
