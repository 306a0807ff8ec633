"""The audio thread: one QAudioSink in pull mode, fed sample by sample by the mixer.

Imported only when sound starts (Qt Multimedia costs start-up time). The sink
lives in its own QThread so that a busy window (a chart redrawing, a dialog)
never starves it: on the main thread, with the event loop blocked, the same
sink stalled for seconds (docs/cues.md).
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QIODevice, QObject, QTimer, Signal, Slot
from PySide6.QtMultimedia import QAudio, QAudioFormat, QAudioSink, QMediaDevices  # noqa: F401 (QAudio: stateChanged needs its type)

from gymtimer.cues.mixer import Mixer

#: The rate the stream is opened at; the clips are made at it.
RATE = 48_000
#: Device buffer: rides out the audio thread waiting for the GIL or a busy CPU (see docs/cues.md).
#: Cues are placed ahead, so it delays only the at-once cues (undo, fail).
BUFFER_SECONDS = 0.150
#: What PulseAudio adds after our buffer before a sound is heard, judged from a recording at the null
#: sink (benchmarks/cues.py, docs/cues.md); Qt does not report the server's latency.
SERVER_LATENCY = 0.012
#: With no request from the device for this long, the output is taken as gone.
STALL_SECONDS = 3.0


def _ask_for_realtime() -> None:
    """Let this (audio) thread run before ordinary work when the system allows it; carry on if not."""
    try:
        os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(10))  # 0: the calling thread on Linux
    except (AttributeError, OSError):
        pass  # not Linux, or not permitted (an ordinary desktop user): the buffer has to do


class _Stream(QIODevice):
    """The sound source the sink pulls from; ``readData`` runs in the audio thread."""

    def __init__(self, mixer: Mixer) -> None:
        super().__init__()
        self._mixer = mixer

    def readData(self, maxlen: int) -> bytes:  # noqa: N802 (Qt's name)
        frames = maxlen // 2
        if frames <= 0:
            return b""
        return self._mixer.render(frames, time.monotonic())

    def writeData(self, data) -> int:  # noqa: N802 (Qt's name)
        return -1

    def bytesAvailable(self) -> int:  # noqa: N802 (Qt's name)
        return 1 << 20  # an endless stream

    def isSequential(self) -> bool:  # noqa: N802 (Qt's name)
        return True


class Player(QObject):
    """Owns the sink in the audio thread and reports whether sound is getting out."""

    output_ok = Signal(str)  #: the device's id
    output_lost = Signal(str)  #: why, for the log

    def __init__(self, mixer: Mixer) -> None:
        super().__init__()
        self._mixer = mixer
        self._sink: QAudioSink | None = None
        self._stream: _Stream | None = None
        self._watchdog: QTimer | None = None
        self._seen_requests = 0
        self._quiet_since = 0.0

    @Slot()
    def open(self) -> None:
        """Open the default output and start pulling; never raises."""
        self.close()
        _ask_for_realtime()
        try:
            device = QMediaDevices.defaultAudioOutput()
            if device.isNull():
                self.output_lost.emit("no audio output device")
                return
            fmt = QAudioFormat()
            fmt.setSampleRate(RATE)
            fmt.setChannelCount(1)
            fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
            self._mixer.new_stream(latency=BUFFER_SECONDS + SERVER_LATENCY)
            sink = QAudioSink(device, fmt, self)
            sink.setBufferSize(int(RATE * 2 * BUFFER_SECONDS))
            sink.stateChanged.connect(self._on_state)
            stream = _Stream(self._mixer)
            # Unbuffered: otherwise Qt reads 16 KB ahead in bursts and the clock is lost.
            stream.open(QIODevice.OpenModeFlag.ReadOnly | QIODevice.OpenModeFlag.Unbuffered)
            self._sink, self._stream = sink, stream
            sink.start(stream)
            if sink.error().name != "NoError" or sink.state().name == "StoppedState":
                reason = f"{device.description()}: {sink.error().name}"
                self.close()
                self.output_lost.emit(reason)
                return
            self._mixer.clock.latency = sink.bufferSize() / (2 * RATE) + SERVER_LATENCY
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

    @Slot()
    def close(self) -> None:
        if self._watchdog is not None:
            self._watchdog.stop()
        sink, stream = self._sink, self._stream
        self._sink = self._stream = None
        if sink is not None:
            sink.stateChanged.disconnect(self._on_state)
            sink.stop()
            sink.deleteLater()
        if stream is not None:
            stream.close()

    def _on_state(self, state) -> None:
        # Compared by name: PySide6 6.12 returns QtAudio enums that are not equal to QAudio's.
        sink = self._sink
        if sink is None:
            return
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
