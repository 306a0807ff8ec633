"""The audio thread: one QAudioSink in push mode, topped up by the mixer every few milliseconds.

Imported only when sound starts (Qt Multimedia costs start-up time). The sink
lives in its own QThread so that a busy window (a chart redrawing, a dialog)
never starves it: on the main thread, with the event loop blocked, the same
sink stalled for seconds (docs/cues.md).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QIODevice, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtMultimedia import QAudio, QAudioFormat, QAudioSink, QMediaDevices  # noqa: F401 (QAudio: stateChanged needs its type)

from gymtimer.cues.mixer import Mixer

#: The rate the stream is opened at; the clips are made at it.
RATE = 48_000
#: Qt's own buffer, which this thread tops up: rides out this thread waiting for the interpreter lock
#: or a busy CPU. Cues are placed ahead, so it delays only the at-once cues (undo, fail).
BUFFER_SECONDS = 0.150
#: Sound held by the sound server itself, asked for with PulseAudio's PULSE_LATENCY_MSEC (Qt asks for
#: 16 ms and keeps the rest of its buffer in the app). Qt's own audio thread moves sound from its
#: buffer to the server; with no real-time priority (an ordinary user) it was held up longer than
#: 16 ms on a busy machine and the server ran dry: split cues no counter in the app saw. The server
#: has real-time priority on a desktop (rtkit), so sound it holds is safe.
SERVER_BUFFER_SECONDS = 0.200
#: What PulseAudio adds after Qt's buffer before a sound is heard, judged from the recording at the
#: null sink here (benchmarks/cues.py): 154 ms with SERVER_BUFFER_SECONDS asked for (12 ms with Qt's
#: own 16 ms). Qt does not report the server's latency.
SERVER_LATENCY = 0.154
#: How often the audio thread tops the sink's buffer up, ms.
FEED_MS = 10
#: With no request from the device for this long, the output is taken as gone.
STALL_SECONDS = 3.0


class Player(QObject):
    """Owns the sink in the audio thread and reports whether sound is getting out."""

    output_ok = Signal(str)  #: the device's id
    output_lost = Signal(str)  #: why, for the log

    def __init__(self, mixer: Mixer) -> None:
        super().__init__()
        self._mixer = mixer
        self._sink: QAudioSink | None = None
        self._stream: QIODevice | None = None
        self._watchdog: QTimer | None = None
        self._feeder: QTimer | None = None
        self._filled = False  # the sink's buffer has been filled once: all of it free again is an underrun
        self._seen_requests = 0
        self._quiet_since = 0.0
        self._active = False  # the sink has played: an idle state from now on is an underrun

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
            self._mixer.new_stream(latency=BUFFER_SECONDS + SERVER_LATENCY, buffer=BUFFER_SECONDS)
            sink = QAudioSink(device, fmt, self)
            sink.setBufferSize(int(RATE * 2 * BUFFER_SECONDS))
            sink.stateChanged.connect(self._on_state)
            self._sink = sink
            self._stream = sink.start()  # push mode: Qt's own device, written by _feed
            if self._stream is None or sink.error().name != "NoError" or sink.state().name == "StoppedState":
                reason = f"{device.description()}: {sink.error().name}"
                self.close()
                self.output_lost.emit(reason)
                return
            self._mixer.clock.latency = sink.bufferSize() / (2 * RATE) + SERVER_LATENCY
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
            self.output_ok.emit(bytes(device.id()).decode(errors="replace"))
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
        if self._watchdog is not None:
            self._watchdog.stop()
        sink = self._sink
        self._sink = self._stream = None
        if sink is not None:
            sink.stateChanged.disconnect(self._on_state)
            sink.stop()
            sink.deleteLater()

    def _on_state(self, state) -> None:
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
