"""A private PulseAudio server with a null sink, a time-stamped recorder of it, and cue analysis.

Shared by the audio tests and ``benchmarks/cues.py``. The server is private
(own socket, own runtime folder, no default config) so it neither meets nor
disturbs any other sound server on the machine, and it runs as root too.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RATE = 48_000
SINK = "testsink"


class SoundServer:
    """``pulseaudio -n`` with only a unix socket and one null sink; ``env`` points clients at it."""

    PRIORITY = 5  #: the real-time priority PulseAudio gives its own sink threads

    def __init__(self, realtime: bool = False) -> None:
        """``realtime``: every thread of the server ``SCHED_RR`` (needs root or ``CAP_SYS_NICE``).

        PulseAudio makes only its sink thread real-time and renices the rest (-11); the thread that
        takes a client's sound off its socket is then still an ordinary one, and on a machine this
        busy it was the weak link. A measurement of the app raises the whole server.
        """
        self.realtime = realtime
        self.folder = Path(tempfile.mkdtemp(prefix="gymtimer-pulse-"))
        self.socket = self.folder / "native"
        self.env = {"PULSE_SERVER": f"unix:{self.socket}"}
        self._process: subprocess.Popen | None = None
        self._sink_module: str | None = None

    def start(self) -> SoundServer:
        env = dict(os.environ, HOME=str(self.folder), XDG_RUNTIME_DIR=str(self.folder),
                   PULSE_RUNTIME_PATH=str(self.folder / "runtime"))
        env.pop("PULSE_SERVER", None)
        with open(self.folder / "log", "wb") as log:
            self._process = subprocess.Popen(
                ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
                 "--use-pid-file=no", "--log-target=stderr", "--log-level=error",
                 "-L", f"module-native-protocol-unix auth-anonymous=1 socket={self.socket}"],
                env=env, stdout=subprocess.DEVNULL, stderr=log,
            )
        deadline = time.monotonic() + 10
        while not self.socket.exists():
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"pulseaudio did not start: {(self.folder / 'log').read_text()}")
            time.sleep(0.02)
        self.load_sink()
        if self.realtime:
            subprocess.run(["chrt", "--all-tasks", "--rr", "--pid", str(self.PRIORITY), str(self.pid)],
                           check=True, capture_output=True, timeout=10)
        return self

    @property
    def pid(self) -> int:
        return self._process.pid

    def pactl(self, *args: str) -> str:
        return subprocess.run(["pactl", *args], env=dict(os.environ, **self.env), check=True,
                              capture_output=True, text=True, timeout=10).stdout.strip()

    def load_sink(self) -> None:
        """Plug the (only) output in."""
        self._sink_module = self.pactl("load-module", "module-null-sink", f"sink_name={SINK}",
                                       f"rate={RATE}", "channels=1")
        self.pactl("set-default-sink", SINK)

    def unload_sink(self) -> None:
        """Pull the (only) output out, as when headphones are unplugged and nothing else is there."""
        if self._sink_module is not None:
            self.pactl("unload-module", self._sink_module)
            self._sink_module = None

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        shutil.rmtree(self.folder, ignore_errors=True)


class Recorder:
    """parec of the null sink's monitor, raw, with the arrival time of every chunk.

    parec's start-up offset is not reliable, so the recording is anchored to
    ``time.monotonic()`` (one clock for every process) by the chunk arrival
    times: the earliest arrival (lowest ``arrival - frames / rate``) bounds
    when the sound was rendered.

    parec and the loop that stamps its output run in a process of their own
    (this file, run as a program), so the app under test neither holds the
    recording up nor shares its interpreter lock with it. With ``realtime``
    both run ``SCHED_RR`` (``chrt``; needs root or ``CAP_SYS_NICE``), as a
    desktop's sound server does through rtkit: the recording is then not the
    weak link of a measurement on a loaded machine.
    """

    PRIORITY = 4  #: just below the sound server's own real-time threads (5)

    def __init__(self, server: SoundServer, realtime: bool = False) -> None:
        self._server = server
        self._realtime = realtime
        self._folder = Path(tempfile.mkdtemp(prefix="gymtimer-rec-"))
        self._process: subprocess.Popen | None = None

    def start(self) -> Recorder:
        command = [sys.executable, __file__, "record", str(self._folder)]
        if self._realtime:  # raised by the recorder itself once its imports are done (see _record)
            command.append(str(self.PRIORITY))
        self._process = subprocess.Popen(command, env=dict(os.environ, **self._server.env),
                                         stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
        raw = self._folder / "raw"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # parec takes a while to start
            if raw.exists() and raw.stat().st_size >= 2 * RATE // 5:
                break
            if self._process.poll() is not None:
                raise RuntimeError(f"the recorder stopped: {self._process.stderr.read().decode(errors='replace')}")
            time.sleep(0.01)
        return self

    @property
    def pids(self) -> list[int]:
        """The recorder's processes (its own and parec's)."""
        if self._process is None:
            return []
        children = Path(f"/proc/{self._process.pid}/task/{self._process.pid}/children")
        try:
            return [self._process.pid, *(int(p) for p in children.read_text().split())]
        except OSError:
            return [self._process.pid]

    def stop(self) -> Recording:
        self._process.send_signal(signal.SIGTERM)
        try:
            self._process.wait(10)
        finally:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait()
            self._process.stderr.close()
        try:
            data = (self._folder / "raw").read_bytes()
            stamps = np.fromfile(self._folder / "stamps", dtype=float).reshape(-1, 2)
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)
        samples = np.frombuffer(data[:len(data) - len(data) % 2], dtype="<i2").astype(np.float32) / 32768.0
        return Recording(samples, stamps)


def _record(folder: Path, priority: int = 0) -> None:
    """The recorder process: parec's output to ``folder/raw``, its arrival stamps to ``folder/stamps``.

    ``priority``: ``SCHED_RR`` at that priority for this loop and parec, taken only now that the
    imports are done (importing numpy at real-time priority held a core from every ordinary
    process, the app's sound among them, for a tenth of a second). The stamps go into a flat
    array and the garbage collector is off: a list of tuples growing for twenty minutes made
    collections at real-time priority longer and longer.
    """
    import array
    import gc

    if priority:
        os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(priority))  # parec inherits it
    gc.disable()
    parec = subprocess.Popen(
        ["parec", "-d", f"{SINK}.monitor", "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1",
         "--latency-msec=5"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    signal.signal(signal.SIGTERM, lambda *_: parec.terminate())
    stamps = array.array("d")
    received = 0
    fd = parec.stdout.fileno()
    with open(folder / "raw", "wb", buffering=0) as raw:
        while True:
            data = os.read(fd, 4096)
            now = time.monotonic()
            if not data:
                break
            raw.write(data)
            received += len(data)
            stamps.append(now)
            stamps.append(received // 2)
    parec.wait()
    np.frombuffer(stamps, dtype=float).tofile(folder / "stamps")


@dataclass
class Recording:
    """What the null sink played, and how its frames map to ``time.monotonic()``."""

    samples: np.ndarray
    stamps: np.ndarray  #: rows (arrival time, frames received so far)

    def __post_init__(self) -> None:
        # Rate over the whole run, then the earliest arrivals per 2 s window: a drift-following lower envelope.
        t, f = self.stamps[:, 0], self.stamps[:, 1]
        self.slope = float(np.polyfit(t, f, 1)[0])
        offsets = t - f / self.slope
        window = np.floor((t - t[0]) / 2.0)
        lows_t, lows_o = [], []
        for w in np.unique(window):
            i = int(np.argmin(np.where(window == w, offsets, np.inf)))
            lows_t.append(t[i])
            lows_o.append(offsets[i])
        if len(lows_t) > 2:
            self._a, self._b = (float(x) for x in np.polyfit(lows_t, lows_o, 1))
        else:
            self._a, self._b = 0.0, float(np.min(lows_o))
        self._lows = np.array([lows_t, lows_o])
        #: how late parec delivered the sound at worst, past the earliest it could have (seconds)
        self.late_max = float(np.max(offsets - (self._a * t + self._b))) if len(t) else 0.0

    def losses(self, step: float = 0.002) -> list[float]:
        """Times the recording lost sound: later frames arrive ``step`` or more early against earlier ones.

        Frames lost on the way (never delivered by parec) shift every later frame's arrival against
        the count; a late delivery does not (the earliest arrivals in each window still lie on the line).
        """
        lows_t, lows_o = self._lows
        jumps = np.diff(lows_o)
        return [float(lows_t[i + 1]) for i in np.flatnonzero(jumps > step)]

    @property
    def rate_ppm(self) -> float:
        """The sink's clock against time.monotonic()."""
        return (self.slope / RATE - 1) * 1e6

    def time_of(self, frame):
        """Monotonic time ``frame`` was rendered (an upper bound: parec delivers a few ms later)."""
        # frame / slope + offset(t) = t, offset(t) = a t + b  =>  t = (frame / slope + b) / (1 - a)
        return (np.asarray(frame, dtype=float) / self.slope + self._b) / (1 - self._a)

    def frame_of(self, t):
        return ((1 - self._a) * np.asarray(t, dtype=float) - self._b) * self.slope


@dataclass(frozen=True)
class Onset:
    """One cue found in a recording."""

    frame: int  #: first sample of the cue, to the sample (matched against the clip)
    clip: str  #: the clip that matched best
    match: float  #: normalised correlation with that clip (1.0: exact copy, no fragment, not cut)
    pitch: float  #: strongest frequency in its first 100 ms, Hz
    level: float  #: peak, 0..1


def coarse_onsets(samples: np.ndarray, threshold: float = 0.02, quiet: float = 0.015) -> np.ndarray:
    """Frames where sound rises above ``threshold`` after at least ``quiet`` seconds below it."""
    idx = np.flatnonzero(np.abs(samples) > threshold)
    if not len(idx):
        return idx
    gaps = np.diff(idx) > int(quiet * RATE)
    return np.concatenate(([idx[0]], idx[1:][gaps]))


def find_onsets(samples: np.ndarray, clips: dict[str, np.ndarray]) -> list[Onset]:
    """Every cue in ``samples``: where it starts (to the sample), which clip it is, how well it matches."""
    onsets = []
    for coarse in coarse_onsets(samples):
        best = (-1.0, "", 0)
        for name, clip in clips.items():
            score, frame = match_clip(samples, clip, int(coarse))
            if score > best[0]:
                best = (score, name, frame)
        score, name, frame = best
        if not name:  # too near the recording's end for any whole clip: cut by the recording, not heard
            continue
        segment = samples[frame:frame + min(len(clips[name]), RATE // 10)]
        onsets.append(Onset(frame, name, score, _pitch(segment), float(np.max(np.abs(segment)))))
    # One cue can cross the threshold twice (a double tone): keep the first of overlapping matches.
    kept: list[Onset] = []
    for onset in onsets:
        if kept and onset.frame < kept[-1].frame + len(clips[kept[-1].clip]) and onset.clip == kept[-1].clip:
            continue
        kept.append(onset)
    return kept


def match_clip(samples: np.ndarray, clip: np.ndarray, coarse: int, search: float = 0.006) -> tuple[float, int]:
    """Where ``clip`` starts, within ``search`` s before ``coarse``, and its normalised correlation there.

    Aligned on the clip's first 100 ms, scored on the whole clip: a cue cut short,
    split, or carrying a fragment of another scores clearly below 1.
    """
    lo = max(0, coarse - int(search * RATE))
    hi = coarse + 8
    n = len(clip)
    if hi + n > len(samples):
        return -1.0, coarse
    head = clip[: RATE // 10]
    window = samples[lo:hi + len(head)]
    corr = np.correlate(window, head, mode="valid")
    energy = np.sqrt(np.convolve(window ** 2, np.ones(len(head)), mode="valid")) * np.linalg.norm(head)
    frame = lo + int(np.argmax(corr / np.maximum(energy, 1e-9)))
    part = samples[frame:frame + n]
    score = float(np.dot(part, clip) / max(np.linalg.norm(part) * np.linalg.norm(clip), 1e-9))
    return score, frame


def _pitch(segment: np.ndarray) -> float:
    if len(segment) < 64:
        return 0.0
    spectrum = np.abs(np.fft.rfft(segment * np.hanning(len(segment)), n=1 << 15))
    return float(np.argmax(spectrum) * RATE / (1 << 15))


class WorkoutRunner:
    """Runs a workout through the app's own Qt driver, wired to the cue engine as the main window wires it.

    Records when each phase start reaches the screen (``screen``: key -> monotonic time: when the
    driver publishes it). With ``busy`` the event loop is blocked 200 ms out of every second.
    """

    def __init__(self, workout, engine, *, busy: bool = False) -> None:
        from PySide6.QtCore import QEventLoop, Qt, QTimer

        from gymtimer.core.workout import FORECAST_SECONDS
        from gymtimer.live.driver import WorkoutDriver

        self.workout, self.engine, self.horizon = workout, engine, FORECAST_SECONDS
        self.screen: dict[tuple, float] = {}
        self.events: list = []
        self.loop = QEventLoop()
        self.driver = WorkoutDriver()
        # The same two connections as SoundControl.attach (ui/sound_control.py).
        self.driver.events_happened.connect(self._published)
        self.driver.events_happened.connect(engine.play)
        self.driver.schedule_changed.connect(lambda: engine.plan(self.driver.forecast(self.horizon)))
        self._busy = QTimer()
        self._busy.setInterval(1000)
        self._busy.setTimerType(Qt.TimerType.PreciseTimer)
        self._busy.timeout.connect(self._block)
        self._use_busy = busy
        self._done = QTimer()
        self._done.setSingleShot(True)
        self._done.timeout.connect(self.loop.quit)

    def run(self, tail: float = 1.5, timeout: float = 3600) -> None:
        from PySide6.QtCore import QTimer

        from gymtimer.cues.sound_rules import event_key

        self._key = event_key
        QTimer.singleShot(int(timeout * 1000), self.loop.quit)
        self._tail = tail
        self.driver.set_workout(self.workout)
        self.driver.start()
        if self._use_busy:
            self._busy.start()
        self.loop.exec()
        for timer in (self._busy, self._done):
            timer.stop()
        self.driver.set_workout(None)

    def _block(self) -> None:
        end = time.monotonic() + 0.2
        while time.monotonic() < end:
            pass

    def _published(self, events) -> None:
        now = time.monotonic()
        for event in events:
            self.screen.setdefault(self._key(event), now)
        self.events += events
        if self.workout.finished and not self._done.isActive():
            self._done.start(int(self._tail * 1000))


if __name__ == "__main__":
    if len(sys.argv) in (3, 4) and sys.argv[1] == "record":
        _record(Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) == 4 else 0)
    else:
        raise SystemExit(f"usage: {sys.argv[0]} record FOLDER [PRIORITY]")
