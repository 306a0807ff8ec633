"""What crosses the pipe between the app and its sound process (``sound_process.py``), and how.

No Qt and no numpy: both sides import this. Each message is one msgspec Struct,
MessagePack-encoded, behind a 4-byte little-endian length. Times are
``time.monotonic()`` seconds, one clock for every process on the machine (Linux
``CLOCK_MONOTONIC``, Windows' performance counter, macOS' absolute time), so the
app plans in its own time and the sound process places each cue at the frame
its measured sample clock says is heard then.

A cue's key (the event it is for, a tuple of enums and numbers) travels as its
``repr``: the sound process only compares keys, and the app maps the string
back to the key when it reads what was played.
"""

from __future__ import annotations

import struct
from typing import IO, Generic, TypeVar

import msgspec


class WireCue(msgspec.Struct, array_like=True, frozen=True):
    """One cue: the clip to be heard at ``at``; ``event_at`` when its event is due (``sound_rules.Cue``)."""

    key: str
    at: float
    clip: str
    length: float
    event_at: float | None = None


# ----------------------------------------------------------------- the app to the sound process


class Plan(msgspec.Struct, tag=True, array_like=True, frozen=True):
    """The cues due soon if the lifter does nothing (replaces the plan; a cue left out is cancelled)."""

    cues: list[WireCue]
    now: float


class Play(msgspec.Struct, tag=True, array_like=True, frozen=True):
    """Cues for events that just happened: at once, on the short path, unless already planned or played."""

    cues: list[WireCue]
    now: float


class Cancel(msgspec.Struct, tag=True, array_like=True, frozen=True):
    """Forget every cue that has not started (the scheme changed; a plan follows)."""


class Settings(msgspec.Struct, tag=True, array_like=True, frozen=True):
    volume: float
    muted: bool


class ResetCounters(msgspec.Struct, tag=True, array_like=True, frozen=True):
    """Start the underrun counters and the longest wait afresh (a benchmark's run begins)."""


class Quit(msgspec.Struct, tag=True, array_like=True, frozen=True):
    """Close the output and end (the app is closing)."""


ToSound = Plan | Play | Cancel | Settings | ResetCounters | Quit


# ----------------------------------------------------------------- the sound process to the app


class Ready(msgspec.Struct, tag=True, array_like=True, frozen=True):
    """The clips are loaded: each playable clip's seconds, one message per clip that is not."""

    lengths: dict[str, float]
    problems: list[str]
    pid: int


class OutputOk(msgspec.Struct, tag=True, array_like=True, frozen=True):
    device: str
    realtime: bool  #: whether the sound process runs with real-time scheduling
    nice: int  #: its nice value (0 is an ordinary process's)


class OutputLost(msgspec.Struct, tag=True, array_like=True, frozen=True):
    reason: str


class Unavailable(msgspec.Struct, tag=True, array_like=True, frozen=True):
    """Sound cannot work on this computer (Qt Multimedia cannot load: no libpulse); the process ends.

    Starting it again cannot help, unlike an output lost or a process killed.
    """

    reason: str


class Started(msgspec.Struct, array_like=True, frozen=True):
    """A cue put into the stream (``mixer.StartedCue``)."""

    key: str
    clip: str
    due: float
    frame: int
    heard: float
    late: float
    immediate: bool


class ClockLine(msgspec.Struct, array_like=True, frozen=True):
    """The sound process's sample clock: frame heard at monotonic ``t`` is
    ``f0 + (t - t0) * slope + correction - latency * slope`` (``mixer.SampleClock``)."""

    t0: float
    f0: float
    slope: float
    correction: float
    latency: float
    rate: float
    restarts: int


class Status(msgspec.Struct, tag=True, array_like=True, frozen=True):
    """Where the stream is, sent a few times a second and after every plan."""

    clock: ClockLine
    frames_out: int
    requests: int
    first_request: float | None
    last_request: float | None
    longest_wait: float
    underruns: int
    stalls: list[tuple[float, float]]  #: new since the last status
    dropped: int
    started: list[Started]  #: new since the last status
    pending: list[WireCue]
    at_once_underruns: int = 0  #: the at-once stream's (silent but for an undo or a fail)
    longest_tick: float = 0.0  #: the planned stream's feeder: longest between two top-ups, seconds


FromSound = Ready | OutputOk | OutputLost | Unavailable | Status

_LENGTH = struct.Struct("<I")


Incoming = TypeVar("Incoming")  #: what a channel receives: ToSound or FromSound


class Channel(Generic[Incoming]):
    """Length-prefixed MessagePack over a pair of byte streams (the two ends of the pipes).

    Made by :func:`sound_end` or :func:`app_end`, which say what it receives. A test may
    leave one stream out (``None``) to use the channel one way.
    """

    def __init__(self, reader: IO[bytes] | None, writer: IO[bytes] | None,
                 decoder: msgspec.msgpack.Decoder[Incoming]) -> None:
        self._reader = reader
        self._writer = writer
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = decoder

    def send(self, message: msgspec.Struct) -> None:
        """Write one message; raises OSError (BrokenPipeError) when the other end is gone."""
        if self._writer is None:
            raise ValueError("this channel has no stream to write to")
        data = self._encoder.encode(message)
        self._writer.write(_LENGTH.pack(len(data)) + data)
        self._writer.flush()

    def receive(self) -> Incoming | None:
        """The next message, or None at the end of the stream (the other end is gone)."""
        head = self._read(_LENGTH.size)
        if head is None:
            return None
        body = self._read(_LENGTH.unpack(head)[0])
        return None if body is None else self._decoder.decode(body)

    def _read(self, size: int) -> bytes | None:
        if self._reader is None:
            raise ValueError("this channel has no stream to read from")
        chunks, left = [], size
        while left:
            chunk = self._reader.read(left)
            if not chunk:
                return None
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)


def sound_end(reader: IO[bytes] | None, writer: IO[bytes] | None) -> Channel[ToSound]:
    """The sound process's end: it receives what the app sends."""
    decoder: msgspec.msgpack.Decoder[ToSound] = msgspec.msgpack.Decoder(ToSound)
    return Channel(reader, writer, decoder)


def app_end(reader: IO[bytes] | None, writer: IO[bytes] | None) -> Channel[FromSound]:
    """The app's end: it receives what the sound process reports."""
    decoder: msgspec.msgpack.Decoder[FromSound] = msgspec.msgpack.Decoder(FromSound)
    return Channel(reader, writer, decoder)
