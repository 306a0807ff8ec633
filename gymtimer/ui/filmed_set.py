"""A filmed set, attached to a set of a session: its first frame, the box around the hip, the measuring.

OpenCV loads only when a video is picked (the functions below import it), never at start-up.
Nothing of the video is kept but what it measured: no frame is written or sent anywhere.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QThread, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

#: The smallest box side, in the video's pixels (what the analysis accepts).
MIN_BOX_SIDE = 4
#: The first frame is shown at most this large in the box dialog (it is drawn scaled to fit).
PREVIEW_SIZE = QSize(800, 520)
#: Seconds of video between two progress reports.
PROGRESS_STEP = 0.25


class VideoProblem(Exception):
    """A video that cannot be measured, in a lifter's words (its file name, never its folder)."""


def _in_words(error: Exception, path: Path) -> str:
    """OpenCV's side of a message with the file's name for its full path."""
    return str(error).replace(str(path), path.name)


def first_frame(path: str | Path) -> QImage:
    """The video's first frame, full size.

    Raises :class:`VideoProblem` for a file that is not a video, a single picture or one that is gone.
    """
    path = Path(path)
    from gymtimer.vision.frames import VideoError, first_picture  # OpenCV loads here, not at start-up

    try:
        image = first_picture(path)  # the analysis's own checks and words: not a video, a single picture
    except VideoError as error:
        raise VideoProblem(_in_words(error, path)) from error
    import cv2

    rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def stated_length(path: str | Path) -> float | None:
    """The video's length as its file states it: it sizes the progress bar only (phone clips may be off)."""
    import cv2  # loaded already: the first frame was read

    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    try:
        frames, fps = capture.get(cv2.CAP_PROP_FRAME_COUNT), capture.get(cv2.CAP_PROP_FPS)
    finally:
        capture.release()
    return frames / fps if frames > 0 and fps > 0 else None


class FrameCanvas(QWidget):
    """The first frame, scaled to fit; drag a rectangle on it. The box is kept in the video's pixels."""

    box_changed = Signal()

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        self._box: QRect | None = None
        self._anchor: QPoint | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMinimumSize(image.size().scaled(QSize(320, 240), Qt.AspectRatioMode.KeepAspectRatio))

    def sizeHint(self) -> QSize:
        return self.image.size().scaled(PREVIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio) \
            if self.image.width() > PREVIEW_SIZE.width() or self.image.height() > PREVIEW_SIZE.height() \
            else self.image.size()

    def picture_rect(self) -> QRect:
        """Where the frame is drawn in the widget."""
        size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRect(QPoint((self.width() - size.width()) // 2, (self.height() - size.height()) // 2), size)

    def to_video(self, point: QPoint) -> QPoint:
        """A point of the widget in the video's pixels, kept inside the picture."""
        shown = self.picture_rect()
        scale = self.image.width() / max(1, shown.width())
        x = round((point.x() - shown.x()) * scale)
        y = round((point.y() - shown.y()) * scale)
        return QPoint(min(max(x, 0), self.image.width()), min(max(y, 0), self.image.height()))

    def to_widget(self, box: QRect) -> QRect:
        shown = self.picture_rect()
        scale = shown.width() / max(1, self.image.width())
        return QRect(round(shown.x() + box.x() * scale), round(shown.y() + box.y() * scale),
                     round(box.width() * scale), round(box.height() * scale))

    def box(self) -> QRect | None:
        return QRect(self._box) if self._box is not None else None

    def set_box(self, box: QRect | None) -> None:
        """The box in the video's pixels (cut to the picture)."""
        self._box = None if box is None else box.normalized().intersected(self.image.rect())
        self.update()
        self.box_changed.emit()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._anchor = self.to_video(event.position().toPoint())
            self.set_box(QRect(self._anchor, self._anchor))

    def mouseMoveEvent(self, event) -> None:
        if self._anchor is not None:
            corner = self.to_video(event.position().toPoint())
            self.set_box(QRect(self._anchor, corner).normalized().adjusted(0, 0, -1, -1)
                         if corner != self._anchor else QRect(self._anchor, self._anchor))

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._anchor is not None:
            self.mouseMoveEvent(event)
            self._anchor = None

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(self.picture_rect(), self.image)
        if self._box is not None and not self._box.isEmpty():
            shown = self.to_widget(self._box)
            painter.setPen(QPen(QColor("black"), 4))
            painter.drawRect(shown)
            painter.setPen(QPen(QColor("#FFD400"), 2))
            painter.drawRect(shown)
        painter.end()


class BoxDialog(QDialog):
    """'Draw a box around the hip': the video's first frame; Measure is offered once a box is drawn."""

    def __init__(self, image: QImage, video_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Where is the hip? · {video_name}")
        self.canvas = FrameCanvas(image)
        hint = QLabel(
            f"Drag a box around the hip (the side of the pelvis) on the first frame of <b>{video_name}</b>. "
            "Only the movement inside it is measured; nothing of the video is stored but the reps it shows."
        )
        hint.setWordWrap(True)
        self.size_label = QLabel()
        #: What the body model found, when it runs (``make pose``): the box it placed, or who it saw.
        self.found_label = QLabel()
        self.found_label.setObjectName("foundLabel")
        self.found_label.setWordWrap(True)
        self.found_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.measure_button = self.buttons.addButton("Measure the set", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.size_label)
        layout.addWidget(self.found_label)
        layout.addWidget(self.buttons)
        self.canvas.box_changed.connect(self._box_changed)
        self._box_changed()

    def set_box(self, x: int, y: int, width: int, height: int) -> None:
        """The box in the video's pixels, as if dragged."""
        self.canvas.set_box(QRect(x, y, width, height))

    def show_placement(self, placement) -> None:
        """The body model's find (a :class:`~gymtimer.vision.pose.Placement`): its box, unless one is drawn already."""
        self.found_label.show()
        if placement.box is None:
            who = "nobody" if placement.people == 0 else "two people" if placement.people >= 2 else "you, never still"
            x, y, w, h = placement.looking
            self.found_label.setText(f"The body model found {who} in the first {placement.at:.0f} s (it looked at "
                                     f"{w} × {h} pixels at {x}, {y}): drag the box around the hip.")
            return
        if self.box() is not None:
            self.found_label.setText("The body model found the hips too; your box is kept.")
            return
        self.set_box(*placement.box)
        self.found_label.setText(f"The body model placed the box on the hips ({placement.at:.1f} s in). "
                                 "Drag a new one to correct it.")

    def say_not_placed(self, why: str) -> None:
        self.found_label.setText(f"The box is not placed by itself ({why}): drag it around the hip.")
        self.found_label.show()

    def box(self) -> tuple[int, int, int, int] | None:
        box = self.canvas.box()
        if box is None or box.width() < MIN_BOX_SIDE or box.height() < MIN_BOX_SIDE:
            return None
        return (box.x(), box.y(), box.width(), box.height())

    def _box_changed(self) -> None:
        box = self.box()
        self.measure_button.setEnabled(box is not None)
        self.size_label.setText(
            "No box yet." if box is None else f"Box: {box[2]} × {box[3]} pixels at {box[0]}, {box[1]}.")


class _Cancelled(Exception):
    pass


class PlacingThread(QThread):
    """Places the box on a filmed set's hips off the main thread (the body model: ``make pose``)."""

    placed = Signal(object)  #: the :class:`~gymtimer.vision.pose.Placement`
    failed = Signal(str)  #: why not, in a lifter's words

    def __init__(self, path: Path, parent=None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        from gymtimer.vision.frames import VideoError
        from gymtimer.vision.pose import place_in_film

        try:
            placement = place_in_film(self.path, stopped=self._stop.is_set)
        except (VideoError, RuntimeError) as error:
            self.failed.emit(_in_words(error, self.path))
        except Exception as error:  # noqa: BLE001 - the model's own errors: the box is drawn by hand instead
            self.failed.emit(f"{type(error).__name__}: {error}")
        else:
            if not self._stop.is_set():
                self.placed.emit(placement)


class AnalysisThread(QThread):
    """Measures a filmed set off the main thread; reports progress in seconds of video read."""

    progressed = Signal(float)
    measured = Signal(object)  #: the :class:`~gymtimer.vision.analyse.Analysis`
    failed = Signal(str)  #: what went wrong, in a lifter's words
    cancelled = Signal()

    def __init__(self, path: Path, box: tuple[int, int, int, int], planned_lower: float | None,
                 parent=None) -> None:
        super().__init__(parent)
        self.path, self.box, self.planned_lower = Path(path), box, planned_lower
        self._stop = threading.Event()
        self._reported = -PROGRESS_STEP

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        from gymtimer.vision.analyse import analyse
        from gymtimer.vision.frames import VideoError

        try:
            result = analyse(self.path, self.box, self.planned_lower, on_frame=self._frame)
        except _Cancelled:
            self.cancelled.emit()
        except VideoError as error:
            self.failed.emit(_in_words(error, self.path))
        except Exception as error:  # noqa: BLE001 - OpenCV's own errors: the lifter gets a line, not a crash
            self.failed.emit(f"{self.path.name} could not be measured ({type(error).__name__}: {error})")
        else:
            self.measured.emit(result)

    def _frame(self, seconds: float) -> None:
        if self._stop.is_set():
            raise _Cancelled
        if seconds - self._reported >= PROGRESS_STEP:
            self._reported = seconds
            self.progressed.emit(seconds)
