"""The app's end of the sound process: starts it, sends it the plan, mirrors what it reports.

Qt-light (QtCore signals only) and numpy-free: the app's main thread pays a
process start and a few small pipe writes for its sound. A reader thread takes
the sound process's reports off its pipe; the stream's position and what was
played go straight into :class:`SoundState` (read by the benchmarks and the
self-test as ``CueEngine.mixer``), and what the lifter must hear about (the
clips loaded, the output lost or back, the process gone) is signalled to the
main thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from gymtimer.cues import wire
from gymtimer.cues.sound_rules import Cue, Key, StartedCue

if TYPE_CHECKING:  # numpy is loaded only where the samples are (tests and benchmarks)
    from gymtimer.cues.mixer import Samples

log = logging.getLogger(__name__)

#: The argument that makes a frozen app's executable the sound process (gymtimer/app.py).
SOUND_PROCESS_FLAG = "--sound-process"
#: The module that is the sound process when not frozen.
SOUND_PROCESS_MODULE = "gymtimer.cues.sound_process"
#: How long the sound process may take to end after being asked before it is killed.
QUIT_SECONDS = 1.0
#: Keys remembered to map what the sound process played back to the app's events (it sends their repr).
KEYS_KEPT = 20_000

#: Runs in the child between fork and exec (POSIX only), or None. Left None by the app; a benchmark
#: sets it to take real-time scheduling away from the sound process as from an ordinary user.
child_setup: Callable[[], None] | None = None


def command(resources: Path) -> list[str]:
    """How to start the sound process: this very program frozen, else this Python with the module."""
    arguments = ["--resources", str(resources), "--parent", str(os.getpid())]
    if getattr(sys, "frozen", False):
        return [sys.executable, SOUND_PROCESS_FLAG, *arguments]
    return [sys.executable, "-m", SOUND_PROCESS_MODULE, *arguments]


def _environment() -> dict[str, str]:
    """The app's environment, with the folder this gymtimer was imported from first on the path."""
    import gymtimer

    env = dict(os.environ)
    if not getattr(sys, "frozen", False):
        here = str(Path(gymtimer.__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
    return env


class SoundClock:
    """The sound process's sample clock as last reported: frames and monotonic times map both ways."""

    def __init__(self) -> None:
        self.line = wire.ClockLine(0.0, 0.0, 48_000.0, 0.0, 0.0, 48_000.0, 0)

    @property
    def ready(self) -> bool:
        """Whether the sound process has reported its clock yet."""
        return self.line.slope != 0.0 and self.line.t0 != 0.0

    @property
    def latency(self) -> float:
        return self.line.latency

    @property
    def restarts(self) -> int:
        return self.line.restarts

    @property
    def rate_ppm(self) -> float:
        return (self.line.slope / self.line.rate - 1.0) * 1e6

    def frame_at(self, t: float) -> float:
        line = self.line
        return line.f0 + (t - line.t0) * line.slope + line.correction - line.latency * line.slope

    def time_of(self, frame: float) -> float:
        line = self.line
        return line.t0 + (frame + line.latency * line.slope - line.f0 - line.correction) / line.slope


class SoundState:
    """What the sound process last reported; updated by the reader thread, read anywhere.

    Named like the mixer's own fields (``history``, ``clock``, ``requests``...), as the mixer
    ran in the app before it had a process of its own.
    """

    def __init__(self, resources: Path, reset: Callable[[], None] = lambda: None,
                 play: Callable[[list[Cue], float], None] = lambda cues, now: None) -> None:
        self._resources = resources
        self._reset = reset
        self._play = play
        self._clips: dict[str, Samples] | None = None
        self.lengths: dict[str, float] = {}
        self.history: deque[StartedCue] = deque(maxlen=10_000)
        self.clock = SoundClock()
        self.frames_out = 0
        self.requests = 0
        self.first_request: float | None = None
        self.last_request: float | None = None
        self.longest_wait = 0.0
        self.underruns = 0
        self.at_once_underruns = 0
        self.longest_tick = 0.0  #: the sound process's feeder: longest between two top-ups (its lateness)
        self.stalls: deque[tuple[float, float]] = deque(maxlen=1000)
        self.dropped = 0
        self.volume = 1.0
        self.muted = False
        self.pid: int | None = None
        self.realtime = False
        self.nice = 0
        self.statuses = 0  #: reports received (a test waits for the next one)
        self._pending: list[Cue] = []

    @property
    def clips(self) -> dict[str, Samples]:
        """The samples of every playable clip, loaded here on first use (tests and benchmarks compare
        the recording with them; the app itself never needs them)."""
        if self._clips is None:
            from gymtimer.cues.mixer import load_clips
            from gymtimer.cues.player import RATE

            self._clips, _ = load_clips(self.lengths, RATE, self._resources)
        return self._clips

    def reset_counters(self) -> None:
        """Start the underrun counters and the longest wait afresh, here and in the sound process."""
        self.longest_wait, self.underruns, self.longest_tick = 0.0, 0, 0.0
        self.stalls.clear()
        self._reset()

    def play(self, cues: Iterable[Cue], now: float) -> None:
        """Cues to play at once (or, due later, at their time) on the at-once stream, as Mixer.play."""
        self._play(list(cues), now)

    def pending(self) -> list[Cue]:
        """The cues planned and not started, as of the last report."""
        return list(self._pending)

    def playing_for(self, now: float) -> float:
        """Seconds since the device first asked this stream for sound (0 before it has)."""
        return 0.0 if self.first_request is None else now - self.first_request


class SoundLink(QObject):
    """Starts the sound process and talks to it; its signals arrive on the thread that made it."""

    ready = Signal(wire.Ready)  #: the clips are loaded
    output_ok = Signal(str)  #: the device's id
    output_lost = Signal(str)  #: why, for the log
    ended = Signal(str)  #: the sound process ended by itself (it crashed, or was killed): why
    unavailable = Signal(str)  #: sound cannot work on this computer (Qt Multimedia cannot load): why

    def __init__(self, resources: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = SoundState(resources, reset=lambda: self._send(wire.ResetCounters()), play=self.play)
        self._resources = resources
        self._process: subprocess.Popen[bytes] | None = None
        self._channel: wire.Channel[wire.FromSound] | None = None
        self._keys: dict[str, Key] = {}
        self._write_lock = threading.Lock()
        self._closing = False

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the sound process; raises OSError when it cannot be started at all."""
        posix = os.name == "posix"
        self._closing = False
        self._process = subprocess.Popen(
            command(self._resources), env=_environment(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=None if sys.stderr is not None else subprocess.DEVNULL, bufsize=0,
            preexec_fn=child_setup if posix and child_setup is not None else None,
            # A session of its own: where the kernel groups processes by session for scheduling
            # (Linux's autogroup), the sound process's ~1 % of a core is then weighed against
            # whole groups, not against every busy process the app's session holds.
            start_new_session=posix,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
        self.state.pid = self._process.pid
        self._channel = wire.app_end(self._process.stdout, self._process.stdin)
        threading.Thread(target=self._read, args=(self._process, self._channel), name="gymtimer-sound-link",
                         daemon=True).start()

    def close(self) -> None:
        """Ask the sound process to end, and make sure it has (killed after :data:`QUIT_SECONDS`)."""
        process, self._process = self._process, None
        if process is None:
            return
        self._closing = True
        with contextlib.suppress(OSError):
            self._send(wire.Quit())
        with contextlib.suppress(OSError):
            if process.stdin is not None:
                process.stdin.close()
        try:
            process.wait(QUIT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    # ----------------------------------------------------------------- to the sound process

    def plan(self, cues: Iterable[Cue], now: float) -> None:
        self._send(wire.Plan([self._wire(c) for c in cues], now))

    def play(self, cues: Iterable[Cue], now: float) -> None:
        self._send(wire.Play([self._wire(c) for c in cues], now))

    def cancel(self) -> None:
        self._send(wire.Cancel())

    def settings(self, volume: float, muted: bool) -> None:
        self.state.volume, self.state.muted = volume, muted
        self._send(wire.Settings(volume, muted))

    def _wire(self, cue: Cue) -> wire.WireCue:
        key = repr(cue.key)
        if key not in self._keys and len(self._keys) >= KEYS_KEPT:
            for old in list(self._keys)[: KEYS_KEPT // 2]:  # the oldest half: long played or dropped
                del self._keys[old]
        self._keys[key] = cue.key
        return wire.WireCue(key, cue.at, cue.clip, cue.length, cue.event_at)

    def _send(self, message: wire.ToSound) -> None:
        """Never raises for a sound process that has gone: the reader notices and says so."""
        channel = self._channel
        if channel is None or self._process is None:
            return
        with self._write_lock:
            try:
                channel.send(message)
            except (OSError, ValueError):  # BrokenPipeError; ValueError: the pipe was closed here
                pass

    # ----------------------------------------------------------------- from the sound process

    def _read(self, process: subprocess.Popen[bytes], channel: wire.Channel[wire.FromSound]) -> None:
        """The reader thread: reports into the state, what the lifter must know to the main thread."""
        reason = "the sound process ended"
        gave_up = False  # it said sound cannot work here: its end is no crash
        while True:
            try:
                message = channel.receive()
            except Exception as exc:  # noqa: BLE001 - a garbled report is a broken sound process
                reason = f"the sound process sent what it should not: {exc!r}"
                message = None
            if message is None:
                break
            if isinstance(message, wire.Status):
                self._take_status(message)
            elif isinstance(message, wire.Ready):
                self.state.lengths = dict(message.lengths)
                self.state.pid = message.pid
                self.ready.emit(message)
            elif isinstance(message, wire.OutputOk):
                self.state.realtime, self.state.nice = message.realtime, message.nice
                self.output_ok.emit(message.device)
            elif isinstance(message, wire.OutputLost):
                self.output_lost.emit(message.reason)
            elif isinstance(message, wire.Unavailable):
                gave_up = True
                self.unavailable.emit(message.reason)
        for pipe in (process.stdout, process.stdin):
            with self._write_lock, contextlib.suppress(OSError, ValueError):
                if pipe is not None:
                    pipe.close()
        code = process.wait()
        if not self._closing and not gave_up and process is self._process:
            self.ended.emit(f"{reason} (exit status {code})")

    def _take_status(self, status: wire.Status) -> None:
        state = self.state
        state.clock.line = status.clock
        state.frames_out, state.requests = status.frames_out, status.requests
        state.first_request, state.last_request = status.first_request, status.last_request
        state.longest_wait, state.underruns, state.dropped = status.longest_wait, status.underruns, status.dropped
        state.stalls.extend(status.stalls)
        state.at_once_underruns = status.at_once_underruns
        state.longest_tick = status.longest_tick
        keys = self._keys
        state.history.extend(
            StartedCue(keys.get(c.key, (c.key,)), c.clip, c.due, c.frame, c.heard, c.late, c.immediate)
            for c in status.started)
        state._pending = [Cue(keys.get(c.key, (c.key,)), c.at, c.clip, c.length, c.event_at) for c in status.pending]
        state.statuses += 1
