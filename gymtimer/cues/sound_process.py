"""The sound process: owns the sound output, plays the cue plan the app sends it over a pipe.

Started by the app (``link.py``) as ``python -m gymtimer.cues.sound_process``
(frozen: the app's own executable with ``--sound-process``, see ``app.py``).
It has no window and nothing else to do: no chart, tracker or garbage
collection of the lifter's history shares its interpreter lock or waits in
front of it (docs/cues.md, "A sound process of its own").

* stdin: messages from the app (``wire.ToSound``). Its end (the app has
  gone, even killed) ends this process at once.
* stdout: messages to the app (``wire.FromSound``); anything a library prints
  goes to stderr instead, so the pipe carries nothing else.

The main thread runs a QCoreApplication: the player (``player.py``) tops one
push-mode QAudioSink up from the mixer every few milliseconds and
``QMediaDevices`` says when outputs come and go. A reader thread takes the
app's messages straight into the mixer (it is locked, and a cue played at
once is then in the very next block); a writer thread sends the reports, so
a slow reader on the app's side never holds the sound up.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:  # imported where they are used, after the pipes are set up
    from gymtimer.cues import wire
    from gymtimer.cues.mixer import Mixer
    from gymtimer.cues.player import Player
    from gymtimer.cues.sound_rules import Cue, Key

#: Seconds between two status reports (the stream position the app maps its times with).
STATUS_SECONDS = 0.2
#: The exit status when sound cannot work on this computer (after saying so: ``wire.Unavailable``).
UNAVAILABLE_EXIT = 3


def _pipes() -> tuple[IO[bytes], IO[bytes]]:
    """The protocol's two ends; fd 1 is pointed at stderr so that no stray print reaches the pipe."""
    sys.stdout.flush()
    to_app = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    from_app = os.fdopen(os.dup(0), "rb", buffering=0)
    return from_app, to_app


def _die_with(parent: int) -> None:
    """On Linux, have the kernel end this process when the app's goes (the pipe's end does it anywhere)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if parent and os.getppid() != parent:  # the app went before the request was made
        os._exit(0)


def raise_priority() -> tuple[bool, int]:
    """Ask for real-time scheduling, else a lower nice value; carry on with whatever is allowed.

    Called before any thread starts, so the threads Qt starts (its PulseAudio thread) inherit it.
    An ordinary user gets neither unless the system grants it (``RLIMIT_RTPRIO``/``RLIMIT_NICE``,
    as distributions do for the ``audio`` group): docs/cues.md. Returns (real-time, nice value).
    """
    realtime = False
    try:
        os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(10))
        realtime = True
    except (AttributeError, OSError):
        for nice in (-10, -5, -1):
            try:
                os.setpriority(os.PRIO_PROCESS, 0, nice)
                break
            except (AttributeError, OSError):
                continue
    try:
        nice = os.getpriority(os.PRIO_PROCESS, 0)
    except (AttributeError, OSError):
        nice = 0
    return realtime, nice


@dataclass
class _Output:
    """The output the planned stream plays on: its device's id, and whether the last one went away."""

    device: str | None = None
    lost: bool = False


class Outbox:
    """Reports to the app, written by a thread of their own: a full pipe never blocks the sound."""

    def __init__(self, channel: wire.Channel[wire.ToSound]) -> None:
        self._channel = channel
        self._queue: queue.SimpleQueue[wire.FromSound | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="gymtimer-sound-out", daemon=True)
        self._thread.start()

    def send(self, message: wire.FromSound) -> None:
        self._queue.put(message)

    def close(self, timeout: float = 1.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while (message := self._queue.get()) is not None:
            try:
                self._channel.send(message)
            except OSError:
                os._exit(0)  # the app has gone


class Reporter:
    """Builds the status reports: what started and stalled since the last, the clock, the plan.

    The stream position, the clock and the underruns are the planned stream's (the tempo); the
    cues started come from both streams.
    """

    def __init__(self, planned: Mixer, at_once: Mixer, outbox: Outbox) -> None:
        self._mixers = (planned, at_once)
        self.player: Player | None = None  #: the planned stream's player, for its longest tick
        self._outbox = outbox
        self._lock = threading.Lock()
        self._started_sent = [0, 0]
        self._stalls_sent = 0

    def send(self) -> None:
        from gymtimer.cues import wire

        mixer, at_once = self._mixers
        with self._lock:
            clock = mixer.clock
            t0, f0, slope, correction = clock.line()
            started = []
            for index, source in enumerate(self._mixers):
                new = source.started_total - self._started_sent[index]
                started += list(source.history)[-new:] if new else []
                self._started_sent[index] = source.started_total
            new_stalls = mixer.stalls_total - self._stalls_sent
            stalls = list(mixer.stalls)[-new_stalls:] if new_stalls else []
            self._stalls_sent = mixer.stalls_total
            status = wire.Status(
                clock=wire.ClockLine(t0, f0, slope, correction, clock.latency, clock.rate, clock.restarts),
                frames_out=mixer.frames_out, requests=mixer.requests, first_request=mixer.first_request,
                last_request=mixer.last_request, longest_wait=mixer.longest_wait, underruns=mixer.underruns,
                stalls=stalls, dropped=mixer.dropped,
                started=[wire.Started(_wire_key(c.key), c.clip, c.due, c.frame, c.heard, c.late, c.immediate)
                         for c in sorted(started, key=lambda c: c.heard)],
                pending=[_to_wire(cue) for cue in mixer.pending() + at_once.pending()],
                at_once_underruns=at_once.underruns,
                longest_tick=self.player.longest_tick if self.player is not None else 0.0,
            )
        self._outbox.send(status)


class Router:
    """Sends each message to its stream: the plan to the planned one, cues played at once to the
    at-once one while it plays (else to the planned one, a little later but heard)."""

    def __init__(self, planned: Mixer, at_once: Mixer) -> None:
        self.planned = planned
        self.at_once = at_once
        self.at_once_open = False

    def play(self, cues: list[Cue], now: float) -> None:
        fresh = [c for c in cues if not self.planned.knows(c.key)]
        if not fresh:
            return
        if self.at_once_open:
            self.planned.remember([c.key for c in fresh], now)
            self.at_once.play(fresh, now)
        else:
            self.planned.play(fresh, now)

    def each(self) -> tuple[Mixer, Mixer]:
        return (self.planned, self.at_once)


def _from_wire(cue: wire.WireCue) -> Cue:
    from gymtimer.cues.sound_rules import Cue

    return Cue((cue.key,), cue.at, cue.clip, cue.length, cue.event_at)


def _wire_key(key: Key) -> str:
    """The key a cue came with over the pipe (``_from_wire`` keeps it as a 1-tuple); any other as the app
    sends one, its ``repr``."""
    wire_key = key[0] if len(key) == 1 else None
    return wire_key if isinstance(wire_key, str) else repr(key)


def _to_wire(cue: Cue) -> wire.WireCue:
    from gymtimer.cues import wire

    return wire.WireCue(_wire_key(cue.key), cue.at, cue.clip, cue.length, cue.event_at)


def _read(channel: wire.Channel[wire.ToSound], router: Router, reporter: Reporter,
          quit_requested: Callable[[], None]) -> None:
    """The reader thread: the app's messages, straight into the (locked) mixers."""
    from gymtimer.cues import wire

    while True:
        try:
            message = channel.receive()
        except Exception:  # noqa: BLE001 - a garbled pipe is the app gone wrong: end like the app gone
            message = None
        if message is None:
            os._exit(0)  # the app has gone: no sound may outlive it
        if isinstance(message, wire.Plan):
            router.planned.plan([_from_wire(c) for c in message.cues], message.now)
        elif isinstance(message, wire.Play):
            router.play([_from_wire(c) for c in message.cues], message.now)
        elif isinstance(message, wire.Cancel):
            for mixer in router.each():
                mixer.cancel()
        elif isinstance(message, wire.Settings):
            for mixer in router.each():
                mixer.volume, mixer.muted = message.volume, message.muted
            continue
        elif isinstance(message, wire.ResetCounters):
            for mixer in router.each():
                mixer.longest_wait, mixer.underruns = 0.0, 0
                mixer.stalls.clear()
            if reporter.player is not None:
                reporter.player.longest_tick = 0.0
        elif isinstance(message, wire.Quit):
            quit_requested()
            return
        reporter.send()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gymtimer-sound", description="GymTimer's sound process (started by the app)")
    parser.add_argument("--resources", type=Path, help="the app's assets folder")
    parser.add_argument("--parent", type=int, default=0, help="the app's process id")
    args = parser.parse_args(argv)
    from_app, to_app = _pipes()
    _die_with(args.parent)
    realtime, nice = raise_priority()

    from gymtimer.cues import wire

    channel = wire.sound_end(from_app, to_app)
    try:
        from PySide6.QtMultimedia import QMediaDevices

        from gymtimer.cues.player import AT_ONCE, PLANNED, RATE, Player
    except ImportError as error:
        # Qt Multimedia cannot load on this computer (libpulse is missing, say): no sound can be
        # played here, now or after a restart. Said once to the app, which tells the lifter.
        with contextlib.suppress(OSError):
            channel.send(wire.Unavailable(f"Qt Multimedia cannot load ({error})"))
        return UNAVAILABLE_EXIT

    from gymtimer.cues.mixer import Mixer, load_clips
    from gymtimer.cues.sound_rules import every_clip

    outbox = Outbox(channel)
    clips, problems = load_clips(every_clip(), RATE, args.resources)
    router = Router(Mixer(clips, RATE), Mixer(clips, RATE))
    outbox.send(wire.Ready({name: len(s) / RATE for name, s in clips.items()}, problems, os.getpid()))

    from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal

    class Bridge(QObject):
        quit_requested = Signal()

    app = QCoreApplication([sys.argv[0]])
    bridge = Bridge()
    reporter = Reporter(router.planned, router.at_once, outbox)
    player = Player(router.planned, PLANNED)
    short = Player(router.at_once, AT_ONCE)
    reporter.player = player
    state = _Output()

    def output_ok(device: str) -> None:
        state.device, state.lost = device, False
        short.open()
        outbox.send(wire.OutputOk(device, realtime, nice))

    def output_lost(reason: str) -> None:
        state.device, state.lost = None, True
        short.close()
        outbox.send(wire.OutputLost(reason))

    def short_ok(_device: str) -> None:
        router.at_once_open = True

    def short_lost(reason: str) -> None:
        router.at_once_open = False  # at-once cues go with the plan meanwhile
        print(f"gymtimer-sound: the at-once stream stopped: {reason}", file=sys.stderr)

    def outputs_changed() -> None:
        outputs = QMediaDevices.audioOutputs()
        default = QMediaDevices.defaultAudioOutput()
        if not outputs or default.isNull():
            if not state.lost:
                player.close()
                output_lost("the last audio output went away")
            return
        default_id = bytes(default.id().data()).decode(errors="replace")
        if state.lost or default_id != state.device:
            player.open()  # reopens on the (new) default output

    def finish() -> None:
        short.close()
        player.close()
        app.quit()

    player.output_ok.connect(output_ok)
    player.output_lost.connect(output_lost)
    short.output_ok.connect(short_ok)
    short.output_lost.connect(short_lost)
    bridge.quit_requested.connect(finish, Qt.ConnectionType.QueuedConnection)
    devices = QMediaDevices()
    devices.audioOutputsChanged.connect(outputs_changed)
    status = QTimer()
    status.setInterval(round(STATUS_SECONDS * 1000))
    status.timeout.connect(reporter.send)
    status.start()
    threading.Thread(target=_read, args=(channel, router, reporter, bridge.quit_requested.emit),
                     name="gymtimer-sound-in", daemon=True).start()
    player.open()
    app.exec()
    reporter.send()
    outbox.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
