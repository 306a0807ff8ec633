"""A QAudioSink in push mode, topped up by its mixer every few milliseconds.

Runs in the sound process (``sound_process.py``), which has no window: nothing
holds its thread up but the CPU. Two of them play there: the planned cues with
a deep buffer (they are known a second ahead, so the buffer costs them
nothing), and the at-once cues (undo, fail) with a shallow one, so they are
heard soon after the key (docs/cues.md).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from PySide6.QtCore import QIODevice, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtMultimedia import QAudio, QAudioFormat, QAudioSink, QMediaDevices  # QAudio: stateChanged's type

from gymtimer.cues.mixer import Mixer

#: The rate the stream is opened at; the clips are made at it.
RATE = 48_000


@dataclass(frozen=True, slots=True)
class StreamSpec:
    """How deep one stream's buffers are, and the latency the server adds after Qt's buffer."""

    buffer_seconds: float  #: Qt's own buffer, which the feeder tops up
    server_buffer_seconds: float  #: what the server holds, asked for with PULSE_LATENCY_MSEC
    server_latency: float  #: what the server adds after Qt's buffer, judged from the recording


#: The planned cues' stream. Qt's buffer (150 ms) rides out the feeder waiting for a busy CPU;
#: the server's (200 ms) rides out Qt's own PulseAudio thread waiting, which as an ordinary
#: user's thread was held up past the 16 ms Qt asks the server for (split cues no counter in the
#: app saw). The server has real-time priority on a desktop (rtkit), so sound it holds is safe.
#: 113 ms: what PulseAudio added after Qt's buffer at the null sink here, played from the sound
#: process (benchmarks/cues.py: cues were heard 41 ms early with the 154 ms judged when the app
#: itself played them).
PLANNED = StreamSpec(0.150, 0.200, 0.113)
#: The at-once cues' stream: as shallow as held on a loaded machine (docs/cues.md). Silent but
#: for an undo or a fail, so a wait it does not ride out costs nothing most of the time.
AT_ONCE = StreamSpec(0.060, 0.060, 0.040)
#: Kept for the names the benchmarks and the tests know.
BUFFER_SECONDS = PLANNED.buffer_seconds
SERVER_BUFFER_SECONDS = PLANNED.server_buffer_seconds
SERVER_LATENCY = PLANNED.server_latency
#: A latency the lifter set for PulseAudio (PULSE_LATENCY_MSEC) wins over the streams' own.
_LIFTER_LATENCY = os.environ.get("PULSE_LATENCY_MSEC")
#: How often the audio thread tops the sink's buffer up, ms.
FEED_MS = 10
#: With no request from the device for this long, the output is taken as gone.
STALL_SECONDS = 3.0


class Player(QObject):
    """Owns the sink in the audio thread and reports whether sound is getting out."""

    output_ok = Signal(str)  #: the device's id
    output_lost = Signal(str)  #: why, for the log

    def __init__(self, mixer: Mixer, spec: StreamSpec = PLANNED) -> None:
        super().__init__()
        self._mixer = mixer
        self._spec = spec
        self._sink: QAudioSink | None = None
        self._stream: QIODevice | None = None
        self._watchdog: QTimer | None = None
        self._feeder: QTimer | None = None
        self._filled = False  # the sink's buffer has been filled once: all of it free again is an underrun
        self._seen_requests = 0
        self._quiet_since = 0.0
        self._active = False  # the sink has played: an idle state from now on is an underrun
        self._last_tick: float | None = None
        #: The longest this thread went between two top-ups (its own lateness: CPU or lock), seconds;
        #: beside the mixer's longest wait between renders, it tells this thread from the device.
        self.longest_tick = 0.0

    @Slot()
    def open(self) -> None:
        """Open the default output and start pulling; never raises."""
        self.close()
        try:
            device = QMediaDevices.defaultAudioOutput()
            if device.isNull():
                self.output_lost.emit("no audio output device")
                return
            fmt = QAudioFormat()
            fmt.setSampleRate(RATE)
            fmt.setChannelCount(1)
            fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
            spec = self._spec
            self._mixer.new_stream(latency=spec.buffer_seconds + spec.server_latency, buffer=spec.buffer_seconds)
            sink = QAudioSink(device, fmt, self)
            sink.setBufferSize(int(RATE * 2 * spec.buffer_seconds))
            sink.stateChanged.connect(self._on_state)
            self._sink = sink
            # Read by PulseAudio's client library as the stream connects, i.e. in start().
            os.environ["PULSE_LATENCY_MSEC"] = _LIFTER_LATENCY or str(round(spec.server_buffer_seconds * 1000))
            self._stream = sink.start()  # push mode: Qt's own device, written by _feed
            if self._stream is None or sink.error().name != "NoError" or sink.state().name == "StoppedState":
                reason = f"{device.description()}: {sink.error().name}"
                self.close()
                self.output_lost.emit(reason)
                return
            self._mixer.clock.latency = sink.bufferSize() / (2 * RATE) + spec.server_latency
            self._mixer.buffer_seconds = sink.bufferSize() / (2 * RATE)
            self._active = False
            if self._feeder is None:
                self._feeder = QTimer(self)
                self._feeder.setTimerType(Qt.TimerType.PreciseTimer)
                self._feeder.setInterval(FEED_MS)
                self._feeder.timeout.connect(self._feed)
            self._feed()
            self._feeder.start()
            if self._watchdog is None:
                self._watchdog = QTimer(self)
                self._watchdog.setInterval(500)
                self._watchdog.timeout.connect(self._check_alive)
            self._seen_requests, self._quiet_since = self._mixer.requests, time.monotonic()
            self._watchdog.start()
            self.output_ok.emit(bytes(device.id().data()).decode(errors="replace"))
        except Exception as exc:  # noqa: BLE001 - sound must never take the workout down
            self.close()
            self.output_lost.emit(f"sound output failed: {exc!r}")

    def _feed(self) -> None:
        """Top the sink's buffer up: all the room there is, rendered in one go.

        One call (one turn of the interpreter lock) renders whatever the sink has played since the
        last: a thread held up 100 ms catches up in one step. In pull mode the sink asked for 256
        frames a call, each call waiting its turn for the lock behind a busy main thread, and fell
        behind for good once a wait for the lock was as long as the sound it fetched.
        """
        sink, stream = self._sink, self._stream
        if sink is None or stream is None:
            return
        now = time.monotonic()
        if self._last_tick is not None:
            self.longest_tick = max(self.longest_tick, now - self._last_tick)
        self._last_tick = now
        free = sink.bytesFree()
        frames = free // 2
        if frames <= 0:
            return
        # The whole buffer free after it had been filled: the sink has played all we gave it.
        dry = self._filled and free >= sink.bufferSize()
        stream.write(self._mixer.render(frames, time.monotonic(), ran_dry=dry))
        self._filled = True

    @Slot()
    def close(self) -> None:
        if self._feeder is not None:
            self._feeder.stop()
        self._filled = False
        self._last_tick = None
        if self._watchdog is not None:
            self._watchdog.stop()
        sink = self._sink
        self._sink = self._stream = None
        if sink is not None:
            sink.stateChanged.disconnect(self._on_state)
            sink.stop()
            sink.deleteLater()

    def _on_state(self, state: QAudio.State) -> None:
        # Compared by name: PySide6 6.12 returns QtAudio enums that are not equal to QAudio's.
        sink = self._sink
        if sink is None:
            return
        if state.name == "ActiveState":
            self._active = True
        elif state.name == "IdleState" and self._active:
            # The sink ran out of sound (Qt reports no error for it): the app did not feed it in time.
            now = time.monotonic()
            stalls = self._mixer.stalls
            if not stalls or now - stalls[-1][1] > 0.5:  # not the wait render() already counted
                self._mixer.note_underrun(self._mixer.last_request or now, now)
        if state.name == "StoppedState" and sink.error().name != "NoError":
            reason = f"output stopped: {sink.error().name}"
            self.close()
            self.output_lost.emit(reason)

    def _check_alive(self) -> None:
        """An output that vanished may just stop asking for sound, with no error: notice it."""
        now = time.monotonic()
        if self._mixer.requests != self._seen_requests:
            self._seen_requests, self._quiet_since = self._mixer.requests, now
        elif now - self._quiet_since > STALL_SECONDS:
            self.close()
            self.output_lost.emit(f"output stopped asking for sound for {STALL_SECONDS:g} s")
