"""The setup page's camera section: the camera chosen, its live preview with the box over the hips, a height bar.

The camera is open only while the section is active (the setup page shown)
with a camera chosen; the 'camera on' mark shows exactly while the device is
open. The box is drawn by one drag on the preview and remembered per camera.
The section says how big the box should be, says "too big" or "too small"
when it is (``gymtimer/vision/box_fit.py`` has the rules), and says "I can
see you" only once the hips were seen to rise in this box.

"Network camera…" at the end of the list asks for a phone camera app's
address (:class:`NetworkCameraDialog`); it is tried at once and remembered
with its box like any camera. Its preview says how far behind it is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gymtimer.core.camera_events import Behind, CameraEvent, CameraOpened, CameraState, Height, HipsFound
from gymtimer.core.plan import Side
from gymtimer.live.camera import (
    Box,
    CameraChoice,
    CameraFeed,
    available_cameras,
    body_model_wanted,
    network_camera,
    remembered_network_camera,
)
from gymtimer.store.camera_settings import MIN_BOX_SIDE, CameraMemory
from gymtimer.ui.filmed_set import FrameCanvas
from gymtimer.ui.wheel_guard import scroll_past
from gymtimer.vision.box_fit import (
    DRAW_BOX,
    HOW_BIG,
    TOO_BIG_FOR_PICTURE,
    TOO_BIG_FOR_RISE,
    TOO_SMALL_FOR_PICTURE,
    TOO_SMALL_FOR_RISE,
    Fit,
    RiseWatch,
    fit_to_picture,
    fit_to_rise,
)
from gymtimer.vision.cameras import Camera
from gymtimer.vision.network import EXAMPLE, AddressError, is_network, parse_address

#: The preview's size on the page: small enough for an 800×600 window, kept at the picture's aspect.
PREVIEW_SIZE = QSize(320, 240)
#: The guidance and Follow me go beside the picture when this much width is left for them (else under it).
SIDE_WIDTH = 240
#: Words of the section, in the lifter's words.
OFF = "Off"
NOT_AVAILABLE = "Camera not available — pacing only"
LIFT_ONCE = "Lift once: the bar beside the picture rises when I see your hips"
SEEN = "I can see you"
#: The body model's finds, over the picture while it places the box (the area it looks at drawn dashed).
NOBODY = "Looking for you: nobody in the picture yet. Lie down where the camera sees you from the side."
TWO_PEOPLE = "Two people in the picture: the box is placed when only you are in it (or drag it over your hips)."
HOLD_STILL = "Found you: hold still a moment while the box goes on your hips."
PLACED = "The box is on your hips. Drag a new one to correct it."
PLACE_FOR_ME = "Place the box for me"
FOLLOW = "Follow me (the metronome waits for you)"
FACING = "Which side of you faces the camera?"
NETWORK = "Network camera…"
#: The list's last item: asks for a network camera's address (it is no camera itself).
ASK_ADDRESS = "ask for a network camera's address"


class NetworkCameraDialog(QDialog):
    """Asks for the address a phone camera app shows; a wrong one is said under it, and the dialog stays open."""

    def __init__(self, address: str, use: Callable[[str], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkCameraDialog")
        self.setWindowTitle("Network camera")
        self._use = use
        intro = QLabel("Type the address your phone's camera app shows for its video\n"
                       f"(an MJPEG or RTSP stream on your Wi-Fi), e.g. {EXAMPLE}\n"
                       "The phone and this computer must be on the same network;\n"
                       "nothing is sent anywhere else.")  # lines of its own: a wrapped label is cut off in a dialog
        self.address = QLineEdit(address)
        self.address.setObjectName("networkAddress")
        self.address.setAccessibleName("Network camera address")
        self.address.setPlaceholderText(EXAMPLE)
        self.problem = QLabel()
        self.problem.setObjectName("networkProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #D55E00;")
        bold = self.problem.font()
        bold.setBold(True)  # by its font, not the style sheet: its height for the width is then right
        self.problem.setFont(bold)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Try it")
        buttons.accepted.connect(self.try_address)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.address)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def try_address(self) -> None:
        """Try the address typed: the dialog closes when it is one, else says what is wrong."""
        problem = self._use(self.address.text())
        if problem is None:
            self.accept()
            return
        self.problem.setText(problem)
        self.problem.show()
        needed = self.layout().totalHeightForWidth(self.width())  # the wrapped words below, not cut off
        self.resize(self.width(), max(self.height(), needed))
        self.address.setFocus()


class CameraPreview(FrameCanvas):
    """The camera's latest picture, scaled to fit at its aspect; one drag draws the box (a new drag redraws it)."""

    box_drawn = Signal()  #: a drag ended: :meth:`box` is the lifter's new box, in the picture's pixels

    def __init__(self, parent: QWidget | None = None) -> None:
        blank = QImage(PREVIEW_SIZE, QImage.Format.Format_Grayscale8)
        blank.fill(0)
        super().__init__(blank, parent)
        self.setObjectName("cameraPreview")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(PREVIEW_SIZE)
        self.message = ""  # over the picture: "Camera not available…", "Drag a box around your hips…"
        self.has_picture = False
        self.lift = 0.0  # how far the hip has risen over where the box was drawn, in the picture's pixels
        self.looking: QRect | None = None  # where the body model looks, in the picture's pixels (dashed)

    def set_looking(self, area: QRect | None) -> None:
        if area != self.looking:
            self.looking = area
            self.update()

    def sizeHint(self) -> QSize:
        return PREVIEW_SIZE

    def show_picture(self, image: QImage) -> None:
        self.image, self.has_picture = image, True
        self.update()

    def clear_picture(self) -> None:
        """No picture stays on screen once the camera is closed."""
        blank = QImage(self.image.size(), QImage.Format.Format_Grayscale8)
        blank.fill(0)
        self.image, self.has_picture = blank, False
        self.update()

    def set_lift(self, lift: float) -> None:
        """The box is drawn where the hip is now: ``lift`` picture pixels over where it was drawn."""
        if abs(lift - self.lift) >= 0.5:
            self.lift = lift
            self.update()

    def set_message(self, text: str) -> None:
        if text != self.message:
            self.message = text
            self.update()

    def mousePressEvent(self, event) -> None:
        self.lift = 0.0  # a new box is drawn where the lifter drags it
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        dragging = self._anchor is not None
        super().mouseReleaseEvent(event)
        if dragging and event.button() == Qt.MouseButton.LeftButton:
            self.box_drawn.emit()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        shown = self.picture_rect()
        painter.drawImage(shown, self.image)
        if self.looking is not None:
            painter.setPen(QPen(QColor("#56B4E9"), 2, Qt.PenStyle.DashLine))  # Okabe–Ito sky blue
            painter.drawRect(self.to_widget(self.looking))
        box = self.box()
        if box is not None and not box.isEmpty():
            drawn = self.to_widget(box.translated(0, -round(self.lift)))  # it follows the hip up and down
            for colour, width in (("black", 4), ("#FFD400", 2)):
                painter.setPen(QPen(QColor(colour), width))
                painter.drawRect(drawn)
        if not self.message:
            painter.end()
            return
        wrap = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        lines = painter.fontMetrics().boundingRect(QRect(0, 0, shown.width() - 12, shown.height()), wrap,
                                                   self.message)
        high = min(shown.height(), max(44, lines.height() + 8))  # as many lines as the words take
        band = QRect(shown.x(), shown.bottom() - high, shown.width(), high)
        painter.fillRect(band, QColor(0, 0, 0, 190))
        painter.setPen(QColor("#F0E442"))
        painter.drawText(band.adjusted(6, 0, -6, 0), wrap, self.message)
        painter.end()


class CameraPanel(QWidget):
    """Camera: Off or each camera by name; the preview, its 'camera on' mark, the height bar, guidance, follow mode."""

    choice_changed = Signal(object)  #: CameraChoice | None

    def __init__(self, memory: CameraMemory, feed: CameraFeed | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.memory = memory
        self.feed = feed or CameraFeed(self)
        self.active = False
        self._start_after_paint = False  # shown: the camera opens once the page is on screen (OpenCV loads then)
        self._seen = False
        self._state: CameraState | None = None  # the camera's last state
        self._video_size: tuple[int, int] | None = None
        self._box_refused = False  # the remembered box does not fit this camera's picture, or has nothing to follow
        self._box: Box | None = None  # the box followed now, in the camera's pixels
        self._hips: HipsFound | None = None  # what the body model last found, while it places the box
        self._rise: RiseWatch | None = None  # the hips' rises in that box
        self._fit_words = ""  # "too big" or "too small" in words, or ""

        self.camera_box = QComboBox()
        self.camera_box.setObjectName("cameraBox")
        self.camera_box.setAccessibleName("Camera")
        self.camera_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.camera_box.setMinimumContentsLength(12)  # a long camera name does not widen the page
        self.on_mark = QLabel("<span style='color:#D7191C; font-size:20px;'>●</span> camera on")
        self.on_mark.setObjectName("cameraOnMark")
        self.on_mark.setToolTip("The camera is open. Nothing it sees is stored or sent.")
        self.on_mark.hide()
        self.behind_label = QLabel()  # a network camera's delay: "about 0.3 s behind"
        self.behind_label.setObjectName("cameraBehind")
        self.behind_label.setToolTip("How far behind the phone's pictures reach this computer: it is taken off "
                                     "every rep's times, so the pacing and the verdicts stay right.")
        self.behind_label.hide()
        self.network_dialog: NetworkCameraDialog | None = None
        self._previous_index = 0  # the list's choice before "Network camera…", for a cancelled address
        top = QHBoxLayout()
        top.addWidget(QLabel("Camera"))
        top.addWidget(self.camera_box, 1)
        top.addWidget(self.behind_label)
        top.addWidget(self.on_mark)

        self.preview = CameraPreview()
        self.preview.setToolTip(f"{HOW_BIG} Nothing the camera sees is stored or sent.")
        self.height_bar = QProgressBar()
        self.height_bar.setObjectName("heightBar")
        self.height_bar.setOrientation(Qt.Orientation.Vertical)
        self.height_bar.setRange(0, 100)
        self.height_bar.setTextVisible(False)
        self.height_bar.setFixedSize(22, PREVIEW_SIZE.height())
        self.height_bar.setAccessibleName("Hip height")
        self.height_bar.setToolTip("How high your hips are in the box: a lift fills it")
        picture_row = self.picture_row = QHBoxLayout()
        picture_row.addWidget(self.preview)
        picture_row.addWidget(self.height_bar)  # right beside the picture: a lift is seen filling it
        picture_row.addStretch(1)
        self.picture_area = QWidget()
        self.picture_area.setLayout(picture_row)
        picture_row.setContentsMargins(0, 0, 0, 0)

        self.guidance_label = QLabel()
        self.guidance_label.setObjectName("cameraGuidance")
        self.guidance_label.setWordWrap(True)
        self.guidance_label.setStyleSheet("font-size: 18px; font-weight: bold;")
        # How big the box should be: over the picture while none is drawn, then beside it (under it, on a narrow
        # page, there is no room: the tooltip and the words for a box too big or too small say it).
        self.how_big_label = QLabel(HOW_BIG)
        self.how_big_label.setObjectName("boxHowBig")
        self.how_big_label.setWordWrap(True)
        # A box drawn by hand is remembered and never moved by the model: this gives it back to the model.
        self.place_button = QPushButton(PLACE_FOR_ME)
        self.place_button.setObjectName("placeBoxButton")
        self.place_button.setToolTip("Forget the box you drew: the camera finds your hips and places the box "
                                     "when you hold still, and moves it if you shift on the bench.")
        self.place_button.hide()
        self.notice_label = QLabel()  # a damaged setting, a box that cannot be saved
        self.notice_label.setObjectName("cameraNotice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("background: #000000; color: #F0E442; padding: 4px; border-radius: 4px;")
        self.notice_label.hide()
        self.follow_box = QCheckBox(FOLLOW)
        self.follow_box.setObjectName("followBox")
        self.follow_box.setChecked(memory.follow())
        self.follow_box.setToolTip("Pacing is the default: the metronome keeps its tempo. "
                                   "With this on it waits for the camera to see you lift.")

        # Said once, remembered: pose models swap left and right in side views, so the legs the camera tells
        # apart (the planted foot, the leading one) are named by the side nearer the camera.
        self.facing_label = QLabel(FACING)
        self.facing_label.setToolTip("The camera tells the working leg by where the feet are, not by which leg "
                                     "it thinks is which: say which side of your body is nearer the camera.")
        self.facing_label.setWordWrap(True)
        self.facing_buttons = QButtonGroup(self)
        buttons_row = self.facing_buttons_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        buttons_row.setContentsMargins(0, 0, 0, 0)
        for facing in (Side.LEFT, Side.RIGHT):
            button = QRadioButton(facing.value.capitalize())
            button.setObjectName(f"facing{facing.value.capitalize()}")
            button.setChecked(memory.facing() is facing)
            self.facing_buttons.addButton(button)
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)
        self.facing_area = QWidget()
        facing_column = QVBoxLayout(self.facing_area)
        facing_column.setContentsMargins(0, 0, 0, 0)
        facing_column.addWidget(self.facing_label)
        facing_column.addLayout(buttons_row)
        facing_column.addStretch(1)

        side = self.side_column = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.guidance_label)
        side.addWidget(self.how_big_label)
        side.addWidget(self.place_button, 0, Qt.AlignmentFlag.AlignLeft)
        side.addWidget(self.follow_box)
        side.addWidget(self.facing_area)
        side.addStretch(1)
        # Beside the picture on a wide page (the section is a picture high, no more), under it on a narrow one.
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.picture_area)
        self.body.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.notice_label)
        layout.addLayout(self.body)

        scroll_past(self, self.camera_box)  # the wheel scrolls the page past the list
        self.refresh_cameras()
        if memory.problem:
            self.show_notice(memory.problem)
        self.camera_box.currentIndexChanged.connect(self._on_camera_chosen)
        self.follow_box.toggled.connect(self._on_follow)
        self.facing_buttons.buttonToggled.connect(self._on_facing)
        self.preview.box_drawn.connect(self._on_box_drawn)
        self.place_button.clicked.connect(self.place_for_me)
        self.feed.picture_ready.connect(self._on_picture)
        self.feed.height_seen.connect(self._on_height)
        self.feed.reported.connect(self._on_reported)
        self._show_choice()

    def side_by_side(self) -> bool:
        """The guidance and Follow me are beside the picture (a wide page), not under it."""
        return self.body.direction() == QBoxLayout.Direction.LeftToRight

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # Beside the picture only when the side column's words fit there unwrapped where they cannot wrap
        # (Follow me's check box): a column laid out wider than the page is cut off on the right.
        side = max(SIDE_WIDTH, self.follow_box.minimumSizeHint().width(), self.facing_area.minimumSizeHint().width())
        gaps = 2 * max(0, self.body.spacing()) + max(0, self.picture_row.spacing())
        wide = event.size().width() >= PREVIEW_SIZE.width() + self.height_bar.width() + side + gaps
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.body.direction() != direction:
            self.body.setDirection(direction)
            # The question goes with Follow me beside the picture; on a narrow page, into the room the
            # picture leaves beside it (under it, the section would need more than one screenful at 800×600).
            self.side_column.removeWidget(self.facing_area)
            self.picture_row.removeWidget(self.facing_area)
            if wide:
                self.side_column.insertWidget(self.side_column.indexOf(self.follow_box) + 1, self.facing_area)
            else:
                self.picture_row.insertWidget(2, self.facing_area, 1)
            self.facing_buttons_row.setDirection(QBoxLayout.Direction.LeftToRight if wide
                                                 else QBoxLayout.Direction.TopToBottom)
            self._show_box_help()

    def _show_box_help(self) -> None:
        """What goes with the box: how big to draw it (beside the picture), and the way back to a placed one."""
        self.how_big_label.setVisible(self._box is not None and self.side_by_side())
        camera = self.camera()
        drawn = camera is not None and not self._box_refused and self.memory.box(camera.name) is not None
        self.place_button.setVisible(drawn and body_model_wanted())

    def place_for_me(self) -> None:
        """The drawn box is forgotten and the body model places one, as if none had been drawn: the old box is
        followed until the new one is placed."""
        camera = self.camera()
        if camera is None:
            return
        self._save(lambda: self.memory.forget_box(camera.name))
        self.feed.place_again()
        self._hips = None
        self._show_box_help()
        self._show_guidance()
        self.choice_changed.emit(self.choice())

    # ----------------------------------------------------------------- the choice

    def camera(self) -> Camera | None:
        """The camera chosen, or None for Off (and while a network camera's address is asked)."""
        data = self.camera_box.currentData()
        return data if isinstance(data, Camera) else None

    def choice(self) -> CameraChoice | None:
        """What a workout starting now should use: None when the camera is Off."""
        camera = self.camera()
        if camera is None:
            return None
        box = None if self._box_refused else self.memory.box(camera.name)
        return CameraChoice(camera.device, camera.name, box, self.follow_box.isChecked(), body_model_wanted())

    def refresh_cameras(self) -> None:
        """List the system's cameras again (none is opened); the one chosen stays, even if it is gone."""
        current = self.camera()
        wanted = current.name if current is not None else (self.memory.chosen() if not self.camera_box.count()
                                                           else None)
        cameras = available_cameras()
        network = remembered_network_camera(self.memory)
        if network is not None:
            cameras.append(network)
        if current is not None and current.name not in {c.name for c in cameras} and not is_network(current.device):
            cameras.append(current)  # unplugged: it is looked for again while chosen
        self.camera_box.blockSignals(True)
        self.camera_box.clear()
        self.camera_box.addItem(OFF, None)
        for camera in cameras:
            self.camera_box.addItem(camera.name, camera)
        self.camera_box.addItem(NETWORK, ASK_ADDRESS)
        names = [c.name for c in cameras]
        self.camera_box.setCurrentIndex(names.index(wanted) + 1 if wanted in names else 0)
        self._previous_index = self.camera_box.currentIndex()
        self.camera_box.blockSignals(False)

    def choose(self, name: str | None) -> None:
        """Choose the camera called ``name`` (None: Off), as the lifter would in the list."""
        index = 0 if name is None else self.camera_box.findText(name, Qt.MatchFlag.MatchExactly)
        if index < 0:
            raise KeyError(f"No camera called {name!r}: {[self.camera_box.itemText(i) for i in range(self.camera_box.count())]}")
        self.camera_box.setCurrentIndex(index)

    def _on_camera_chosen(self, index: int) -> None:
        if self.camera_box.itemData(index) == ASK_ADDRESS:
            self.ask_network_address()
            return
        self._previous_index = index
        camera = self.camera()
        self._save(lambda: self.memory.set_chosen(camera.name if camera is not None else None))
        self._show_choice()
        self.choice_changed.emit(self.choice())

    def _on_follow(self, follow: bool) -> None:
        self._save(lambda: self.memory.set_follow(follow))
        self.choice_changed.emit(self.choice())

    def facing(self) -> Side | None:
        """The side of the lifter's body that faces the camera, as they said; None until they say."""
        checked = self.facing_buttons.checkedButton()
        if checked is None:
            return None
        return Side.LEFT if checked.objectName() == "facingLeft" else Side.RIGHT

    def _on_facing(self, _button: QRadioButton, checked: bool) -> None:
        if checked:  # the other button's unchecking says nothing new
            facing = self.facing()
            self._save(lambda: self.memory.set_facing(facing))

    def _show_choice(self) -> None:
        """Open the camera chosen (if the page is shown), or close it for Off."""
        camera = self.camera()
        self.follow_box.setEnabled(camera is not None)
        for button in self.facing_buttons.buttons():
            button.setEnabled(camera is not None)
        self.picture_area.setVisible(camera is not None)
        self.guidance_label.setVisible(camera is not None)
        self.feed.stop()
        self._reset_seen()
        self._video_size = None
        self._box_refused = False
        self._hips = None
        self.preview.set_looking(None)
        self.preview.clear_picture()
        self.preview.set_box(None)
        self.behind_label.setText("")
        self.behind_label.hide()
        if camera is None:
            self.guidance_label.setText("")
            return
        self.preview.set_message("Starting the camera…")
        self.guidance_label.setText("")
        if self.active and not self._start_after_paint:
            QTimer.singleShot(0, self._start_feed)

    def _start_feed(self) -> None:
        camera = self.camera()
        if self.active and camera is not None and not self.feed.running:
            self.feed.start(camera)  # a preview first: the box is checked against the first picture

    # ----------------------------------------------------------------- shown or not

    def activate(self) -> None:
        """The page is shown: the camera chosen opens (the list is read again: one may have been plugged in)."""
        if self.active:
            return
        self.active = True
        self._start_after_paint = True
        self.camera_box.blockSignals(True)
        self.refresh_cameras()
        self.camera_box.blockSignals(False)
        self._show_choice()

    def painted(self) -> None:
        """The page was painted: the camera chosen may open now, after this pass (the page comes first)."""
        if self._start_after_paint:
            self._start_after_paint = False
            QTimer.singleShot(0, self._start_feed)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        self.painted()

    def deactivate(self) -> None:
        """The page is hidden: the camera closes."""
        self.active = False
        self._start_after_paint = False
        self.feed.stop()
        self.preview.clear_picture()

    # ----------------------------------------------------------------- the camera's side

    def _on_picture(self, image: QImage, video_size: tuple[int, int]) -> None:
        first = self._video_size is None
        self._video_size = video_size
        self.preview.show_picture(image)
        if first:
            self._use_remembered_box()

    def _use_remembered_box(self) -> None:
        camera, size = self.camera(), self._video_size
        if camera is None or size is None:
            return
        box = self.memory.box(camera.name)
        if box is None:
            return
        x, y, w, h = box
        if x + w > size[0] or y + h > size[1]:
            self._box_refused = True
            self.show_notice(f"The box saved for {camera.name} lies outside its {size[0]}×{size[1]} picture: "
                             "it is ignored. Drag a new one over your hips.")
            return
        self.preview.set_box(self._to_picture(box))
        self._follow(box)

    def _on_box_drawn(self) -> None:
        camera, drawn = self.camera(), self.preview.box()
        if camera is None or drawn is None or self._video_size is None:
            return
        box = self._to_video(drawn)
        if box[2] < MIN_BOX_SIDE or box[3] < MIN_BOX_SIDE:
            return  # a click, not a drag: the box stays as it was
        self._reset_seen()
        self._box_refused = False
        self._hips = None  # drawn by the lifter: the model no longer places it
        self.preview.set_looking(None)
        self._save(lambda: self.memory.set_box(camera.name, box))  # first: the box is a drawn one from now on
        self._follow(box)  # the watcher says its state afresh for the new box, and the box's size with it
        self.choice_changed.emit(self.choice())

    def _follow(self, box: Box) -> None:
        """The camera follows the hips in ``box`` (the camera's pixels): they are to be seen rising in it afresh."""
        self._box = box
        self._rise = RiseWatch(box[3])
        self._show_box_help()
        self.feed.set_box(box)

    def _on_height(self, height: Height) -> None:
        self.height_bar.setValue(round(100 * height.level))
        if self._video_size is not None:
            self.preview.set_lift(height.height / self._scale())
        if self._rise is None:
            return
        self._rise.push(height.at, height.height, (height.shift_x, height.shift_y))
        seen, words = self._rise.seen(), self._box_fit()
        if seen != self._seen or words != self._fit_words:
            self._seen, self._fit_words = seen, words
            self._show_guidance()

    def _box_fit(self) -> str:
        """The words for a box too big or too small, against the picture, then against how far the hips rose; "" if
        it fits."""
        box, size = self._box, self._video_size
        if box is None or size is None or self._box_refused:
            return ""
        fit = fit_to_picture(box, size)
        if fit is not Fit.GOOD:
            return TOO_BIG_FOR_PICTURE if fit is Fit.TOO_BIG else TOO_SMALL_FOR_PICTURE
        fit = fit_to_rise(box[3], self._rise.largest if self._rise is not None else 0.0, size[1])
        if fit is not Fit.GOOD:
            return TOO_BIG_FOR_RISE if fit is Fit.TOO_BIG else TOO_SMALL_FOR_RISE
        return ""

    def _on_reported(self, event: CameraEvent) -> None:
        """The preview's share of the camera's events: its state in words, and the mark while the device is open."""
        match event:
            case CameraState():
                self._state = event
                self._show_guidance()
            case CameraOpened(open=is_open):
                self.on_mark.setVisible(is_open)
                self.behind_label.setVisible(is_open and bool(self.behind_label.text()))
            case Behind(seconds=seconds, network=network):
                self.show_behind(seconds, network)
            case HipsFound():
                self._on_hips_found(event)
            case _:
                pass  # reps and phases are the workout's

    def _on_hips_found(self, found: HipsFound) -> None:
        """The body model's find: the box it placed is shown (not saved: a drawn one is), else where it looks."""
        if self._video_size is None:
            return
        self._hips = found
        self.preview.set_looking(None if found.box is not None else self._to_picture(found.looking))
        if found.box is not None and found.box != self._box:
            self.preview.set_lift(0.0)
            self.preview.set_box(self._to_picture(found.box))
            self._box, self._rise, self._seen = found.box, RiseWatch(found.box[3]), False  # the watcher follows it
            self._show_box_help()
        self._show_guidance()

    def _hips_words(self) -> str:
        found = self._hips
        if found is None:
            return ""
        if found.people == 0:
            return NOBODY
        if found.people >= 2:
            return TWO_PEOPLE
        return PLACED if found.box is not None else HOLD_STILL

    def _show_guidance(self) -> None:
        from gymtimer.vision.guidance import MESSAGES, State

        state = self._state.state if self._state is not None else State.STARTING
        detail = self._state.detail if self._state is not None else ""
        over_picture = {State.LOST: NOT_AVAILABLE, State.STARTING: MESSAGES[State.STARTING],
                        State.NO_BOX: self._hips_words() or DRAW_BOX}.get(state, "")
        self.preview.set_message(over_picture)
        self.guidance_label.setToolTip("")
        self._fit_words = self._box_fit()
        if state in (State.SEEING, State.STILL, State.AT_EDGE) and self._fit_words:
            text = self._fit_words  # the box's size first: a box at the edge because it is too big is told so
        elif state is State.SEEING:
            text = SEEN if self._seen else (self._hips_words() if self._hips and self._hips.box else LIFT_ONCE)
        elif state is State.LOST:
            text = "It is looked for again every second."  # the picture says it is not available
            if detail:
                self.guidance_label.setToolTip(detail)
        elif state is State.NO_BOX and detail:  # the box drawn has nothing to follow
            self._box_refused = True
            self.preview.set_box(None)
            self._forget_refused_box()
            self._box, self._rise = None, None  # how big to draw the next one is said over the picture
            self._show_box_help()
            text = detail[:1].upper() + detail[1:]
        elif state is State.NO_BOX:
            text = ""  # said over the picture, with how big to draw it
        else:
            text = self._state.message if self._state is not None else ""
        self.guidance_label.setText("" if text == over_picture else text)  # said once: over the picture

    def _forget_refused_box(self) -> None:
        """A refused box is not saved: the next workout (or ``--preset``) does not start with it."""
        camera = self.camera()
        if camera is not None and self.memory.box(camera.name) is not None:
            self._save(lambda: self.memory.forget_box(camera.name))

    def _reset_seen(self) -> None:
        self.preview.set_lift(0.0)
        self._seen = False
        self._state = None
        self._box, self._rise, self._fit_words = None, None, ""
        self._show_box_help()
        self.height_bar.setValue(0)

    # ----------------------------------------------------------------- the network camera

    def ask_network_address(self) -> NetworkCameraDialog:
        """"Network camera…" was chosen: the address is asked (the one remembered filled in)."""
        self.camera_box.blockSignals(True)
        self.camera_box.setCurrentIndex(self._previous_index)  # until an address is given, the choice stays
        self.camera_box.blockSignals(False)
        dialog = NetworkCameraDialog(self.memory.network() or "", self.use_network_camera, self)
        dialog.finished.connect(lambda _result: setattr(self, "network_dialog", None))
        self.network_dialog = dialog
        dialog.open()  # window-modal, not blocking: the camera already open keeps its preview meanwhile
        return dialog

    def use_network_camera(self, text: str) -> str | None:
        """Use the network camera at ``text`` now (tried at once, remembered); what is wrong with it, else None."""
        try:
            address = parse_address(text)
        except AddressError as error:
            return str(error)
        camera = network_camera(address)
        self._save(lambda: self.memory.set_network(address))
        self.camera_box.blockSignals(True)
        self.refresh_cameras()
        self.camera_box.blockSignals(False)
        index = next(i for i in range(self.camera_box.count())
                     if isinstance(self.camera_box.itemData(i), Camera) and self.camera_box.itemData(i) == camera)
        if index == self.camera_box.currentIndex():
            self._on_camera_chosen(index)  # the same camera again: tried again at once
        else:
            self.camera_box.setCurrentIndex(index)
        return None

    def show_behind(self, seconds: float, network: float = 0.0) -> None:
        """A network camera's pictures are ``seconds`` behind (``network`` of it measured): said beside the list."""
        camera = self.camera()
        if camera is None or not is_network(camera.device):
            return
        self.behind_label.setText(f"about {seconds:.1f} s behind")
        self.behind_label.setToolTip(
            f"The phone's pictures reach this computer about {seconds:.2f} s after they are taken: "
            f"{network:.2f} s on the network (measured from how late they arrive) and {seconds - network:.2f} s "
            "in the phone itself (a typical phone's time, which cannot be measured from here). It is taken off "
            "every rep's times, so the pacing and the verdicts stay right.")
        self.behind_label.setVisible(self.feed.is_open)

    # ----------------------------------------------------------------- helpers

    def _scale(self) -> float:
        """The camera's pixels per picture pixel."""
        assert self._video_size is not None
        return self._video_size[0] / max(1, self.preview.image.width())

    def _to_video(self, box: QRect) -> Box:
        s = self._scale()
        return (round(box.x() * s), round(box.y() * s), round(box.width() * s), round(box.height() * s))

    def _to_picture(self, box: Box) -> QRect:
        s = self._scale()
        return QRect(round(box[0] / s), round(box[1] / s), round(box[2] / s), round(box[3] / s))

    def show_notice(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.setVisible(bool(text))

    def _save(self, write) -> None:
        try:
            write()
        except OSError as error:
            self.show_notice(f"The camera settings are not saved ({error.strerror or error}); "
                             "they hold until GymTimer quits.")
