"""The set watched back: its film, slowed or at speed, each rep's phases on a timeline under it, the words where said.

:class:`ReplayDialog` plays a :class:`~gymtimer.vision.replay.SetReplay` (the
last set's film from memory, or a filmed set's video read again). The
position comes from the clock (``time.monotonic()``, or a test's fake clock)
and the speed, never from counted ticks; a 40 ms timer only repaints. Its
keys: Space plays or pauses, S switches between half speed and full speed,
← / → step a frame back or on, Home goes back to the start, Ctrl+S saves the
set's video, Esc closes. "Save this set's video…" is the only way a frame of
it reaches a disk: a file where the lifter says.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QKeySequence, QPainter, QPen, QPixmap, QShortcut
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from gymtimer.core.tempo import Phase
from gymtimer.core.workout import EventKind
from gymtimer.ui.colours import PHASE_COLOURS

if TYPE_CHECKING:
    from gymtimer.core.workout import Event, Workout
    from gymtimer.live.driver import WorkoutDriver
    from gymtimer.vision.replay import SetReplay, Timeline

#: The speeds S switches between: half speed first, to see a fast lowering.
SPEEDS = (0.5, 1.0)
#: How often the picture is repainted while playing.
PAINT_MS = 40
#: How long a rep's words stay under the picture after its lowering ended (as on the workout screen).
WORDS_SECONDS = 3.0
#: What the save dialog offers.
VIDEO_FILTER = "MP4 video (*.mp4);;AVI video, MJPEG (*.avi)"


def phase_legend() -> str:
    """The timeline's colours named (colour is never the only signal), and what its marks mean."""
    swatches = " ".join(f"<span style='color:{PHASE_COLOURS[phase]}'>■</span> {phase.label.lower()}&nbsp;&nbsp;"
                        for phase in (Phase.LIFT, Phase.SQUEEZE, Phase.LOWER, Phase.BOTTOM))
    return f"{swatches}<span style='color:#F0E442'>|</span> SLOWER or SHORT · click the timeline, or ← → a frame, Home the start"


class TimelineBar(QWidget):
    """Each rep's phases in their colours along the film, its number and its words, and where the replay is."""

    def __init__(self, marks: Timeline, start: float, end: float, seek: Callable[[float], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marks = marks
        self.start, self.end = start, max(end, start + 1e-3)
        self.position = start
        self._seek = seek
        self.setMinimumHeight(72)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(600, 84)

    def x_of(self, at: float) -> float:
        """Where ``at`` (the film's clock) is drawn, in the bar's pixels."""
        width = max(1, self.width() - 16)
        return 8 + (min(max(at, self.start), self.end) - self.start) / (self.end - self.start) * width

    def at_x(self, x: float) -> float:
        width = max(1, self.width() - 16)
        return self.start + min(max((x - 8) / width, 0.0), 1.0) * (self.end - self.start)

    def set_position(self, at: float) -> None:
        self.position = at
        self.update()

    def mousePressEvent(self, event) -> None:
        self._seek(self.at_x(event.position().x()))

    def mouseMoveEvent(self, event) -> None:
        self._seek(self.at_x(event.position().x()))

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        height = self.height()
        band_top, band_height = 30.0, height - 42.0
        painter.fillRect(self.rect(), QColor("#1E1E1E"))
        painter.fillRect(QRectF(8, band_top, self.width() - 16, band_height), QColor("#3A3A3A"))
        small = QFont(self.font())
        small.setPointSizeF(max(8.0, self.font().pointSizeF() * 0.9))
        painter.setFont(small)
        for mark in self.marks.phases:
            x0, x1 = self.x_of(mark.start), self.x_of(mark.end)
            painter.fillRect(QRectF(x0, band_top, max(1.0, x1 - x0), band_height), QColor(PHASE_COLOURS[mark.phase]))
            if mark.phase is Phase.LIFT:
                painter.setPen(QColor("#FFFFFF"))
                painter.drawText(QRectF(x0 - 20, band_top + band_height, 40, 12), Qt.AlignmentFlag.AlignCenter,
                                 str(mark.rep))
        for verdict in self.marks.verdicts:
            x = self.x_of(verdict.at)
            colour = QColor("#F0E442") if verdict.flagged else QColor("#DDDDDD")
            painter.setPen(QPen(colour, 3 if verdict.flagged else 1))
            painter.drawLine(int(x), int(band_top - 6), int(x), int(band_top + band_height))
            if verdict.flagged:
                painter.drawText(QRectF(x - 90, 2, 180, 22), Qt.AlignmentFlag.AlignCenter,
                                 verdict.words.replace("LOWERED ", "").replace(" — ", " "))
        x = self.x_of(self.position)
        painter.setPen(QPen(QColor("#FFFFFF"), 2))
        painter.drawLine(int(x), 22, int(x), int(band_top + band_height + 4))
        painter.end()


class ReplayDialog(QDialog):
    """The set just lifted (or a filmed set) watched back; see the module's docstring."""

    def __init__(self, replay: SetReplay, parent: QWidget | None = None, *,
                 clock: Callable[[], float] = time.monotonic, driver: WorkoutDriver | None = None) -> None:
        super().__init__(parent)
        if driver is not None:  # the workout goes on behind: the replay makes way for the next set
            driver.events_happened.connect(self._on_workout_events)
        self.replay = replay
        self.film = replay.film
        self._clock = clock
        self.setWindowTitle(f"Watch it back — {replay.title}")
        self.setObjectName("ReplayDialog")
        self.setStyleSheet("#ReplayDialog { background: #111111; } QLabel { color: white; }")
        self.speed = SPEEDS[0]
        self.position = self.film.start
        self._anchor: tuple[float, float] | None = None  # (clock, position) when play began: None while paused
        self._shown_index = -1

        self.title = QLabel(replay.title)
        self.title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(320, 180)
        self.picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.words = QLabel(" ")
        self.words.setObjectName("replayWords")
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.words.setStyleSheet("font-size: 28px; font-weight: bold; color: #F0E442;")
        self.timeline = TimelineBar(replay.marks, self.film.start, self.film.end_time, self.seek)
        self.clock_label = QLabel()
        self.legend = QLabel(phase_legend())
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.play_button = QPushButton("Play  (Space)")
        self.speed_button = QPushButton()
        self.save_button = QPushButton("Save this set's video…")
        self.close_button = QPushButton("Close  (Esc)")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("replayMessage")
        for button in (self.play_button, self.speed_button, self.save_button, self.close_button):
            button.setProperty("focusPolicy", "NoFocus")  # Space is the replay's, not a focused button's
        self.play_button.clicked.connect(self.toggle)
        self.speed_button.clicked.connect(self.switch_speed)
        self.save_button.clicked.connect(self.ask_and_save)
        self.close_button.clicked.connect(self.reject)
        self.save_button.setToolTip("Keep a video of this set in a file you choose: nothing is kept otherwise")

        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.speed_button)
        buttons.addWidget(self.clock_label, 1, Qt.AlignmentFlag.AlignCenter)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.words)
        layout.addWidget(self.timeline)
        layout.addWidget(self.legend)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

        keys = {"Space": self.toggle, "S": self.switch_speed, "Left": lambda: self.step(-1),
                "Right": lambda: self.step(1), "Home": lambda: self.seek(self.film.start),
                "Ctrl+S": self.ask_and_save}
        for key, slot in keys.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(slot)
        self._timer = QTimer(self)
        self._timer.setInterval(PAINT_MS)
        self._timer.timeout.connect(self.show_now)
        self.resize(980, 680)
        self._show_speed()
        self.show_frame()

    # ----------------------------------------------------------------- playing

    @property
    def playing(self) -> bool:
        return self._anchor is not None

    def play(self) -> None:
        if self.position >= self.film.end_time:
            self.position = self.film.start  # played to the end: from the start again
        self._anchor = (self._clock(), self.position)
        self.play_button.setText("Pause  (Space)")
        self._timer.start()

    def pause(self) -> None:
        self.show_now()
        self._anchor = None
        self._timer.stop()
        self.play_button.setText("Play  (Space)")

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def switch_speed(self) -> None:
        """Half speed or full speed; playing on from where it is."""
        playing = self.playing
        if playing:
            self.pause()
        self.speed = SPEEDS[(SPEEDS.index(self.speed) + 1) % len(SPEEDS)]
        self._show_speed()
        if playing:
            self.play()

    def _show_speed(self) -> None:
        self.speed_button.setText(f"{self.speed:g}× speed  (S)")

    def seek(self, at: float) -> None:
        """Show the film at ``at`` (the film's clock); playing goes on from there."""
        self.position = min(max(at, self.film.start), self.film.end_time)
        if self._anchor is not None:
            self._anchor = (self._clock(), self.position)
        self.show_frame()

    def step(self, frames: int) -> None:
        """A frame back or on (paused)."""
        if self.playing:
            self.pause()
        times = self.film.times
        index = min(max(self.film.index_at(self.position) + frames, 0), len(times) - 1)
        self.seek(times[index])

    def show_now(self) -> None:
        """Where the clock says the replay is now; it stops at the end."""
        if self._anchor is not None:
            started, from_position = self._anchor
            self.position = min(from_position + (self._clock() - started) * self.speed, self.film.end_time)
            if self.position >= self.film.end_time:
                self._anchor = None
                self._timer.stop()
                self.play_button.setText("Play again  (Space)")
        self.show_frame()

    def show_frame(self) -> None:
        index = self.film.index_at(self.position)
        if index != self._shown_index:
            self._shown_index = index
            grey = self.film.picture(index)
            height, width = grey.shape
            image = QImage(grey.data, width, height, grey.strides[0], QImage.Format.Format_Grayscale8).copy()
            self._pixmap = QPixmap.fromImage(image)
            self._fit_picture()
        self.timeline.set_position(self.position)
        self.words.setText(self.words_now() or " ")
        self.clock_label.setText(f"{self.position - self.film.start:.1f} s of {self.film.end_time - self.film.start:.1f} s")

    def words_now(self) -> str:
        """The words of the rep whose lowering ended in the last few seconds of the replay ("" if none)."""
        said = [v for v in self.replay.marks.verdicts if v.at <= self.position < v.at + WORDS_SECONDS]
        return said[-1].words if said else ""

    def _fit_picture(self) -> None:
        size = self.picture.size()
        self.picture.setPixmap(self._pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                                   Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._shown_index >= 0:
            self._fit_picture()

    # ----------------------------------------------------------------- keeping it

    def ask_and_save(self) -> None:
        """The file dialog is modal: kept thin, so that tests call :meth:`save_to` directly."""
        if self.playing:
            self.pause()
        path, chosen = QFileDialog.getSaveFileName(self, "Save this set's video", str(Path.home() / "set.mp4"),
                                                   VIDEO_FILTER)
        if path:
            if not Path(path).suffix:
                path += ".avi" if "avi" in chosen else ".mp4"
            self.save_to(path)

    def save_to(self, path: str | Path) -> bool:
        """Write the set's video at ``path``; what came of it is said under the buttons. True when saved."""
        from gymtimer.vision.replay import FilmNotSaved

        self.message.setText("Saving the set's video…")
        self.setCursor(Qt.CursorShape.WaitCursor)  # about 0.6 s for a minute's set
        self.message.repaint()
        try:
            saved = self.film.save(path)
        except FilmNotSaved as error:
            self.message.setText(str(error))
            return False
        finally:
            self.unsetCursor()
        self.message.setText(f"Saved: {saved}")
        return True

    def _on_workout_events(self, events: list[Event]) -> None:
        """Ten seconds before the rest ends (or a set starts), the replay closes: the workout screen is needed."""
        if any(e.kind in (EventKind.REST_ENDING_SOON, EventKind.SET_STARTED) for e in events) and self.isVisible():
            self.reject()

    def done(self, result: int) -> None:
        self._timer.stop()
        self._anchor = None
        super().done(result)


def replay_allowed(workout: Workout | None) -> bool:
    """A set is watched back at rest, between exercises or after the workout; never during a set or its lead-in."""
    return workout is None or workout.phase in (Phase.READY, Phase.REST, Phase.DONE)


def open_replay(parent: QWidget | None, replay: SetReplay | None, *, clock: Callable[[], float] = time.monotonic,
                driver: WorkoutDriver | None = None) -> ReplayDialog | None:
    """The replay of ``replay`` over ``parent``, playing at half speed; None (and nothing shown) without one.

    With the workout's ``driver``, it closes by itself ten seconds before the rest ends.
    """
    if replay is None:
        return None
    dialog = ReplayDialog(replay, parent, clock=clock, driver=driver)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.play()
    return dialog
