"""Mixes cues into one running sound stream at the sample they are due, on a measured clock.

No Qt here: the audio thread calls :meth:`Mixer.render` whenever the device
asks for sound, and the main thread calls :meth:`Mixer.plan` and
:meth:`Mixer.play`. A test can drive both with a fake clock.

Why a measured clock: the device's sample clock and ``time.monotonic()``
drift apart (by a fraction of a second an hour: docs/cues.md), and the device asks for sound in bursts. The device keeps its buffer roughly
full, so the total of frames handed over, sampled at each request, follows
the frames it has played plus a buffer. :class:`SampleClock` turns those
(time, frames) pairs into a line, re-estimated continuously; a cue due at
``t`` starts at the frame that line says will be heard at ``t``.
"""

from __future__ import annotations

import threading
import wave
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from gymtimer.cues.sound_rules import Cue, Key, StartedCue
from gymtimer.resources import resource_path

#: A planned cue that can no longer start within this of its time is dropped, not played late.
MAX_LATE = 0.25
#: How long a started cue's key is remembered, so a replayed event is not cued twice.
REMEMBER_SECONDS = 30.0
#: The loudest sample the mix may hold: -1 dBFS, the peak of every clip. A tone and a word
#: together would reach twice that; the mix is turned down just enough instead of clipped.
MIX_CEILING = 10 ** (-1 / 20)
#: How fast the mix is turned down ahead of a peak (a millisecond at 48 kHz from full gain to none),
#: and back up after it (50 ms), in gain per second: smooth enough to be heard as no change at all.
ATTACK_PER_SECOND = 1000.0
RELEASE_PER_SECOND = 20.0
#: Frames past the block the mix looks at (at 48 kHz, 10 ms: longer than the attack), so the gain
#: is already down when a peak falls just after a block's end.
LOOKAHEAD = 480


#: A clip's or a block's samples: float32, -1..1, one channel.
Samples = npt.NDArray[np.float32]


class CueFileError(Exception):
    """A sound file that is missing or cannot be read, named in the message."""


def load_clip(name: str, rate: int, root: Path | None = None) -> Samples:
    """Samples (float32, -1..1) of the 16-bit WAV asset ``<name>`` (in ``root``, else the app's assets),
    resampled to ``rate``."""
    try:
        path = resource_path(name, root)
    except FileNotFoundError as exc:
        raise CueFileError(f"Sound file {name} is missing ({exc})") from None
    try:
        with wave.open(str(path), "rb") as clip:
            channels, width, clip_rate, frames = (
                clip.getnchannels(), clip.getsampwidth(), clip.getframerate(), clip.getnframes())
            data = clip.readframes(frames)
    except (wave.Error, EOFError, OSError) as exc:
        raise CueFileError(f"Sound file {path} is damaged: {exc}") from None
    if width != 2:
        raise CueFileError(f"Sound file {path} is {8 * width}-bit; cues must be 16-bit WAV")
    if frames == 0 or len(data) != frames * channels * width:
        raise CueFileError(f"Sound file {path} is damaged: it ends early or holds no sound")
    samples = np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    if clip_rate != rate:
        n = round(len(samples) * rate / clip_rate)
        samples = np.interp(np.arange(n) * (clip_rate / rate), np.arange(len(samples)), samples)
    return samples.astype(np.float32)


def load_clips(names: Iterable[str], rate: int, root: Path | None = None) -> tuple[dict[str, Samples], list[str]]:
    """Every clip that loads, and one message per clip that does not."""
    clips: dict[str, Samples] = {}
    problems: list[str] = []
    for name in names:
        try:
            clips[name] = load_clip(name, rate, root)
        except CueFileError as exc:
            problems.append(str(exc))
    return clips, problems


class SampleClock:
    """Which output frame is heard at a given ``time.monotonic()``, learned from the device's requests.

    Qt's sink pulls in 256-frame blocks on its own timer through a buffer of
    its own, so single requests scatter around the true line, and that
    buffer's level wanders slowly: a rate fitted over 20 s came out worse than
    assuming the nominal rate (docs/cues.md). So the offset is
    measured continuously (the mean over the last 30 s), and the rate only
    from five minutes or more of one-second means, where the wander no longer
    matters. A new offset never makes the mapping jump: the difference is
    worked off at :attr:`SLEW` (0.5 ms a second), so the spacing of cues a
    second apart moves by well under a millisecond.
    """

    WINDOW = 30.0  #: seconds of requests the line is fitted to
    REFIT = 0.25  #: seconds between fits
    SETTLE = 2.0  #: seconds of requests before the offset is slewed, not jumped
    RATE_SPAN = 300.0  #: seconds of one-second means before the measured rate replaces the nominal one
    SLEW = 0.0005  #: at most this many seconds of correction per second
    JUMP = 0.060  #: a request this far off the line, three times running, means the stream restarted
    GAP = 0.050  #: a pause in requests this long may have run the device dry: check the offset after it
    SHIFT = 0.008  #: after such a pause, an offset moved this much is taken at once, not slewed

    def __init__(self, rate: int, latency: float) -> None:
        self.rate = float(rate)
        self.latency = latency  #: seconds from "handed over" to "heard" (device buffer plus server)
        self._times: deque[float] = deque()
        self._frames: deque[float] = deque()
        self._slope = float(rate)
        self._t0 = 0.0
        self._f0 = 0.0
        self._correction = 0.0  # frames added to the fitted line, worked off at SLEW
        self._fitted_at = -1e9
        self._outliers = 0
        self._measured_slope: float | None = None  # the device's rate survives a restart of the offset
        self._seconds: deque[tuple[float, float]] = deque(maxlen=1200)  # one-second means, for the rate
        self._bucket: list[float] = [0.0, 0.0, 0.0]  # sums of t, f and count in the current second
        self._gap_at: float | None = None
        self._jump = False
        self.restarts = 0

    @property
    def ready(self) -> bool:
        return bool(self._times)

    @property
    def rate_ppm(self) -> float:
        """How fast the device runs against time.monotonic(), in parts per million."""
        return (self._slope / self.rate - 1.0) * 1e6

    def observe(self, now: float, handed: int) -> None:
        """After a request at ``now``, ``handed`` frames in total have gone to the device."""
        if self._times:
            off = (handed - self._fitted(now)) / self.rate
            self._outliers = self._outliers + 1 if abs(off) > self.JUMP else 0
            if self._outliers >= 3 or now - self._times[-1] > 1.0:
                self._restart(now)
            elif now - self._times[-1] > self.GAP:
                self._gap_at = now
        self._times.append(now)
        self._frames.append(float(handed))
        self._add_to_second(now, float(handed))
        if self._gap_at is not None and now - self._gap_at >= 0.5:
            self._check_shift(self._gap_at)
        while now - self._times[0] > self.WINDOW:
            self._times.popleft()
            self._frames.popleft()
        if len(self._times) < 8 or now - self._fitted_at >= self.REFIT:
            self._refit(now)

    def _add_to_second(self, now: float, handed: float) -> None:
        bucket = self._bucket
        if bucket[2] and now - bucket[0] / bucket[2] > 1.0:
            self._seconds.append((bucket[0] / bucket[2], bucket[1] / bucket[2]))
            bucket[:] = [0.0, 0.0, 0.0]
        bucket[0] += now
        bucket[1] += handed
        bucket[2] += 1

    def _restart(self, since: float) -> None:
        """Forget the offset learned before ``since`` (an underrun or a restart moved it); keep the rate."""
        while self._times and self._times[0] < since:
            self._times.popleft()
            self._frames.popleft()
        self._outliers = 0
        self._correction = 0.0
        self._jump = True
        self._gap_at = None
        self._seconds.clear()  # a step in the offset would bend the rate
        self._bucket[:] = [0.0, 0.0, 0.0]
        self.restarts += 1

    def _check_shift(self, since: float) -> None:
        """Half a second after a pause in requests (from ``since``): did the device run dry and move the offset?"""
        self._gap_at = None
        after = [(t, f) for t, f in zip(self._times, self._frames) if t >= since]
        shift = sum(f - self._fitted(t) for t, f in after) / len(after) / self.rate
        if abs(shift) > self.SHIFT:
            self._restart(since)
            self._refit(self._times[-1])

    def _refit(self, now: float) -> None:
        before = self._line(now)
        elapsed = now - self._fitted_at
        self._fitted_at = now
        t = np.fromiter(self._times, float)
        f = np.fromiter(self._frames, float)
        self._t0, self._f0 = float(t.mean()), float(f.mean())
        settled = t[-1] - t[0] > self.SETTLE
        seconds = self._seconds
        if len(seconds) > 2 and seconds[-1][0] - seconds[0][0] > self.RATE_SPAN and self._gap_at is None:
            st = np.array(seconds)
            dt = st[:, 0] - st[:, 0].mean()
            slope = float(np.dot(dt, st[:, 1] - st[:, 1].mean()) / np.dot(dt, dt))
            if abs(slope / self.rate - 1.0) < 0.01:  # a fit through a stall: real clocks are well within 1 %
                self._measured_slope = slope
        self._slope = self._measured_slope or self.rate
        if self._jump:
            self._jump = False
            self._correction = 0.0
        elif settled:
            step = self.SLEW * self.rate * min(elapsed, 1.0)
            self._correction = before - self._fitted(now)
            self._correction -= max(-step, min(step, self._correction))
        else:
            self._correction = 0.0

    def _fitted(self, t: float) -> float:
        return self._f0 + (t - self._t0) * self._slope

    def _line(self, t: float) -> float:
        return self._fitted(t) + self._correction

    def line(self) -> tuple[float, float, float, float]:
        """``(t0, f0, slope, correction)``: the mapping as it stands, for another process to apply."""
        return self._t0, self._f0, self._slope, self._correction

    def frame_at(self, t: float) -> float:
        """The frame (counted from the stream's start) heard at monotonic time ``t``."""
        return self._line(t) - self.latency * self._slope

    def time_of(self, frame: float) -> float:
        """The monotonic time ``frame`` is heard: the inverse of :meth:`frame_at`."""
        return self._t0 + (frame + self.latency * self._slope - self._f0 - self._correction) / self._slope


def _event_time(cue: Cue) -> float:
    return cue.at if cue.event_at is None else cue.event_at


@dataclass(slots=True)
class _Planned:
    cue: Cue
    immediate: bool


@dataclass(slots=True)
class _Voice:
    samples: Samples
    position: int


class Mixer:
    """Keeps the cues to come and renders the stream; thread-safe between the main and audio threads."""

    def __init__(self, clips: dict[str, Samples], rate: int, latency: float = 0.0) -> None:
        self.clips = clips
        self.rate = rate
        self.clock = SampleClock(rate, latency)
        self.volume = 1.0
        self.muted = False
        self.frames_out = 0
        self.history: deque[StartedCue] = deque(maxlen=10_000)
        self.started_total = 0  #: cues ever put in ``history`` (a reader tells new ones from old)
        self.dropped = 0  #: planned cues that came too late to play
        self.requests = 0
        self.longest_wait = 0.0  #: the longest the device went without asking for sound, seconds
        #: Times the stream ran dry: a wait between requests longer than the device's buffer holds
        #: (counted by :meth:`render`), or the sink reporting itself idle (counted by the player).
        self.underruns = 0
        #: (start, end) monotonic times of each such wait, so a glitch heard then is the app's own.
        self.stalls: deque[tuple[float, float]] = deque(maxlen=1000)
        self.stalls_total = 0  #: stalls ever put in ``stalls``
        self.buffer_seconds = 0.0  #: how much sound the device holds; 0: unknown, no underrun counted
        self._last_request: float | None = None
        self._first_request: float | None = None
        self._lock = threading.Lock()
        self._planned: list[_Planned] = []
        self._started: dict[Key, float] = {}  # key -> monotonic time it started
        self._voices: list[_Voice] = []
        self._gain = 1.0  # the headroom gain at the end of the last block

    # ----------------------------------------------------------------- main thread

    def plan(self, cues: Iterable[Cue], now: float) -> None:
        """The cues due soon if the lifter does nothing: replaces those planned after ``now`` that have not started."""
        cues = [c for c in cues if c.clip in self.clips]
        wanted = {c.key for c in cues}
        with self._lock:
            self._forget(now)
            # A forecast speaks only for events still to come: a cue that follows another at an
            # instant already past ("rest" after "set done") stays.
            self._planned = [
                p for p in self._planned
                if p.cue.key in wanted
                or (p.immediate and now - p.cue.at < 1.0)
                or (_event_time(p.cue) <= now and p.cue.at > now - MAX_LATE)
            ]
            known = {p.cue.key for p in self._planned} | self._started.keys()
            self._planned += [_Planned(c, False) for c in cues if c.key not in known]

    def play(self, cues: Iterable[Cue], now: float) -> None:
        """Cues for events that just happened: at once, unless already planned or played."""
        cues = [c for c in cues if c.clip in self.clips]
        with self._lock:
            known = {p.cue.key for p in self._planned} | self._started.keys()
            fresh = [c for c in cues if c.key not in known]
            if not fresh:
                return
            shift = max(0.0, now - min(c.at for c in fresh))  # keep a chain's spacing, start it now
            for c in fresh:
                self._planned.append(_Planned(Cue(c.key, c.at + shift, c.clip, c.length, c.event_at), True))

    def knows(self, key: Key) -> bool:
        """Whether the cue for ``key`` is planned here or has started."""
        with self._lock:
            return key in self._started or any(p.cue.key == key for p in self._planned)

    def remember(self, keys: Iterable[Key], now: float) -> None:
        """These cues play elsewhere (the at-once stream): never play them here too."""
        keys = set(keys)
        with self._lock:
            self._planned = [p for p in self._planned if p.cue.key not in keys]
            for key in keys:
                self._started.setdefault(key, now)

    def new_stream(self, latency: float, buffer: float = 0.0) -> None:
        """A fresh stream from frame 0 (a device opened or reopened): its clock is learned anew.

        ``buffer``: seconds of sound the device holds; a longer wait between two requests ran it dry.
        """
        with self._lock:
            self.clock = SampleClock(self.rate, latency)
            self.buffer_seconds = buffer
            self.frames_out = 0
            self._voices = []
            self._gain = 1.0
            self._last_request = None
            self._first_request = None

    def cancel(self) -> None:
        """Forget every cue that has not started (what plays now plays to its end)."""
        with self._lock:
            self._planned = []

    def pending(self) -> list[Cue]:
        with self._lock:
            return [p.cue for p in self._planned]

    # ----------------------------------------------------------------- audio thread

    def render(self, frames: int, now: float, ran_dry: bool = False) -> bytes:
        """The next ``frames`` frames of 16-bit mono sound, asked for at monotonic ``now``.

        ``ran_dry``: the device says it played everything it had before this request (an underrun).
        """
        with self._lock:
            start = self.frames_out
            end = start + frames
            self.frames_out = end
            self.requests += 1
            if self._last_request is not None:
                wait = now - self._last_request
                self.longest_wait = max(self.longest_wait, wait)
                if ran_dry or (self.buffer_seconds and wait > self.buffer_seconds):
                    self.note_underrun(self._last_request, now)
            self._last_request = now
            if self._first_request is None:
                self._first_request = now
            self.clock.observe(now, end)
            out = np.zeros(frames, dtype=np.float32)
            self._start_due(start, end, now)
            keep = []
            for voice in self._voices:
                # voice.position: where the clip's first sample falls in this block (< 0: already under way)
                first = max(0, -voice.position)
                last = min(len(voice.samples), frames - voice.position)
                if last > first:
                    out[voice.position + first:voice.position + last] += voice.samples[first:last]
                voice.position -= frames
                if len(voice.samples) + voice.position > 0:
                    keep.append(voice)
            self._voices = keep
            gain = 0.0 if self.muted else self.volume
            if gain != 1.0:
                out *= gain
            self._make_headroom(out, self._coming(end, gain))  # cues that overlap are mixed, never cut
        out *= 32767.0
        return np.rint(out, out=out).astype("<i2").tobytes()

    def playing_for(self, now: float) -> float:
        """Seconds since the device first asked this stream for sound (0 before it has)."""
        return 0.0 if self._first_request is None else now - self._first_request

    @property
    def first_request(self) -> float | None:
        """When the device first asked this stream for sound (monotonic), or None before it has."""
        return self._first_request

    @property
    def last_request(self) -> float | None:
        """When the device last asked for sound (monotonic), or None before it has."""
        return self._last_request

    def note_underrun(self, start: float, end: float) -> None:
        """The stream ran (or may have run) dry between ``start`` and ``end``."""
        self.underruns += 1
        self.stalls.append((start, end))
        self.stalls_total += 1

    def _coming(self, end: int, gain: float) -> Samples:
        """The :data:`LOOKAHEAD` frames after this block as they will sound, from the cues under
        way and those planned to start in them (only read: nothing is started)."""
        ahead = np.zeros(LOOKAHEAD, dtype=np.float32)
        voices = [(voice.samples, voice.position) for voice in self._voices]
        for planned in self._planned:
            frame = round(self.clock.frame_at(planned.cue.at))
            if planned.immediate:  # at once, unless it is due later (a chain's follower, a seen rep's cue)
                frame = max(frame, end)
            if end <= frame < end + LOOKAHEAD:
                voices.append((self.clips[planned.cue.clip], frame - end))
        for samples, position in voices:
            first = max(0, -position)
            last = min(len(samples), LOOKAHEAD - position)
            if last > first:
                ahead[position + first:position + last] += samples[first:last]
        if gain != 1.0:
            ahead *= gain
        return ahead

    def _make_headroom(self, out: Samples, ahead: Samples) -> None:
        """Turn the mix down where overlapping cues would pass :data:`MIX_CEILING`, smoothly, in place.

        The gain each sample may have (ceiling over its level) is reached ahead of the peak at
        :data:`ATTACK_PER_SECOND` and left at :data:`RELEASE_PER_SECOND`: two running minimums,
        so the block stays a few vector operations. ``ahead``, the frames that follow the block,
        lets the gain start falling before a peak just past its end. A cue alone is never touched.
        """
        frames = len(out)
        if frames == 0:
            return
        level = np.abs(np.concatenate((out, ahead)))
        if self._gain >= 1.0 and level.max() <= MIX_CEILING:
            return
        allowed = np.minimum(1.0, MIX_CEILING / np.maximum(level, 1e-12))
        n = np.arange(len(level), dtype=np.float64)
        attack, release = ATTACK_PER_SECOND / self.rate, RELEASE_PER_SECOND / self.rate
        # gain[n] <= allowed[k] + attack * (k - n) for every later k: it falls ahead of a peak.
        falling = np.minimum.accumulate((allowed + attack * n)[::-1])[::-1] - attack * n
        # gain[n] <= falling[k] + release * (n - k) for every earlier k, and rises from the last block's.
        after = falling - release * n
        after[0] = min(after[0], self._gain + release)
        curve = np.minimum(np.minimum.accumulate(after) + release * n, 1.0)[:frames]
        out *= curve.astype(np.float32)
        # Float rounding must not put a sample a hair over the ceiling.
        np.clip(out, -MIX_CEILING, MIX_CEILING, out=out)
        self._gain = float(curve[-1])

    def _start_due(self, start: int, end: int, now: float) -> None:
        waiting = []
        for planned in self._planned:
            cue = planned.cue
            frame = start if planned.immediate and cue.at <= now else round(self.clock.frame_at(cue.at))
            if frame >= end:
                waiting.append(planned)
                continue
            late = (start - frame) / self.rate if frame < start else 0.0
            if late > MAX_LATE and not planned.immediate:
                self.dropped += 1
                self._started.setdefault(cue.key, now)  # never play it late on a replay
                continue
            frame = max(frame, start)
            self._voices.append(_Voice(self.clips[cue.clip], frame - start))
            self._started.setdefault(cue.key, now)
            self.history.append(
                StartedCue(cue.key, cue.clip, cue.at, frame, self.clock.time_of(frame), late, planned.immediate))
            self.started_total += 1
        self._planned = waiting

    def _forget(self, now: float) -> None:
        if len(self._started) > 256:
            self._started = {k: t for k, t in self._started.items() if now - t < REMEMBER_SECONDS}
