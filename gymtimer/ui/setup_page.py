"""Before training: pick a preset and a load, then start with one key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gymtimer.core.notices import Notice
from gymtimer.core.plan import MAX_LOAD
from gymtimer.core.presets import Preset
from gymtimer.core.progression import Suggestion
from gymtimer.core.units import Unit, format_load
from gymtimer.cues.settings import CueSettings, Scheme

if TYPE_CHECKING:  # the settings, the keys, the suggestion and the camera section are built after the first paint
    from PySide6.QtWidgets import QCheckBox, QSlider

    from gymtimer.live.camera import CameraChoice
    from gymtimer.store.camera_settings import CameraMemory
    from gymtimer.ui.camera_panel import CameraPanel
    from gymtimer.ui.keys_help import KeysOverlay
    from gymtimer.ui.suggestion_bar import SuggestionBar

#: The setup page's keys, as ? lists them.
KEYS: tuple[tuple[str, str], ...] = (
    ("Space  /  Enter  /  Page Down", "Start the workout"),
    ("↑  /  ↓", "Choose a preset"),
    ("Tab", "The next field (the mouse wheel changes a field only once it is clicked)"),
    ("A  /  D", "Accept or dismiss the suggestion"),
    ("H", "History"),
)
#: Asked when a preset lifted with a bar, dumbbells or a belt would start at 0.
ASK_LOAD = "How much is on the bar? Type the load, then Space starts."
#: Start's height in pixels: its 28 px text with 16 px of room above and below.
START_HEIGHT = 66
#: The notice line and the load asked for: yellow on black. Set when first shown (a style sheet on a widget
#: costs at its polish even hidden: docs/performance.md).
CALLOUT = "background: #000000; color: #F0E442; padding: 6px; border-radius: 6px;"


def _set_font(widget: QWidget, pixels: int, *, bold: bool = False) -> None:
    """``widget``'s text ``pixels`` high (and bold).

    Fonts rather than style sheets: a widget with a style sheet is polished and painted through
    Qt's style-sheet style, which made the page's first paint later (docs/performance.md).
    """
    font = QFont(widget.font())
    font.setPixelSize(pixels)
    font.setBold(bold)
    # Unhinted, as the window's font (main_window.py): said here too, for a style sheet (the preset list's)
    # sets its widget's font anew from the one set on it, not from the window's.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    widget.setFont(font)


class SetupPage(QWidget):
    """Preset list, load and unit, and a big Start.

    The window and the tests speak to it in the lifter's terms (:meth:`choose_preset`,
    :meth:`set_load`, :meth:`choose_sound`…), not through its fields.
    """

    start_requested = Signal(object, float, object)  #: Preset, load, Unit
    preset_chosen = Signal(object)  #: Preset: another one, or the one shown edited
    history_requested = Signal()
    presets_requested = Signal()
    sound_changed = Signal(object)  #: CueSettings
    increment_changed = Signal(float, object)  #: amount, Unit
    test_sound_requested = Signal()
    unit_changed = Signal(object)  #: Unit
    completed = Signal()  #: its first paint is done and the rest of it built: its keys work now

    def __init__(self, presets: list[Preset], parent: QWidget | None = None, *,
                 camera_memory: CameraMemory | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SetupPage")
        title = QLabel("GymTimer")
        _set_font(title, 40, bold=True)
        subtitle = QLabel("Pick a preset and a load. Space, Enter or a clicker's Page Down starts.")
        subtitle.setWordWrap(True)
        # The app's most important notice for this page (others behind it: the tooltip lists them).
        self.notice_line = QLabel()
        self.notice_line.setObjectName("noticeLine")
        self.notice_line.setWordWrap(True)
        self.notice_line.hide()

        self.preset_list = QListWidget()
        self.preset_list.setObjectName("presetList")
        # Its size by font, its items' room by a style sheet: inside each item, so a click anywhere on a row
        # chooses it (spacing between items would leave gaps that choose nothing).
        _set_font(self.preset_list, 20)
        self.preset_list.setStyleSheet("QListWidget::item { padding: 10px; }")
        self.preset_list.setWordWrap(True)  # a long name wraps instead of hiding behind a scroll bar
        # Enums by name through Qt's property system: PySide6's Qt namespace waits (docs/performance.md).
        self.preset_list.setProperty("horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
        self.preset_list.currentRowChanged.connect(self._on_preset_changed)
        self.preset_list.currentRowChanged.connect(lambda _row: self.load_question.hide())
        self.preset_list.currentRowChanged.connect(lambda _row: self.preset_chosen.emit(self.preset()))
        self.preset_list.itemActivated.connect(lambda _item: self.request_start())

        # The chosen preset: its name and kind in bold, then its sets and tempo. Plain text, two labels:
        # a word-wrapped rich-text label is laid out again at every width the page's layout tries.
        self.heading = QLabel()
        self.details = QLabel()
        for label, bold in ((self.heading, True), (self.details, False)):
            label.setProperty("textFormat", "PlainText")
            label.setWordWrap(True)
            _set_font(label, 18, bold=bold)
        self.load_box = QDoubleSpinBox()
        self.load_box.setObjectName("loadBox")
        self.load_box.setRange(0.0, MAX_LOAD)
        self.load_box.setDecimals(1)
        _set_font(self.load_box, 24)
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("unitBox")
        for unit in Unit:
            self.unit_box.addItem(unit.value, unit)
        self.unit_box.currentIndexChanged.connect(self._on_unit_changed)
        _set_font(self.unit_box, 24)
        load_row = QHBoxLayout()
        load_row.addWidget(self.load_box, 1)
        load_row.addWidget(self.unit_box)
        self.load_question: QLabel = QLabel(ASK_LOAD)  # a barbell preset at 0: the load is asked before it starts
        self.load_question.setObjectName("loadQuestion")
        self.load_question.setWordWrap(True)
        self.load_question.hide()
        form = QFormLayout()
        # At 800×600 the column is narrow: a field that does not fit beside its label goes under it.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("Load", load_row)
        form.addRow(self.load_question)
        # The settings under the load (plate jump, cues, volume, ticks) are built into this form on the
        # turn of the event loop after the page's first paint, or when first asked for; until then the
        # page keeps what it is told to show in them.
        self._form = form
        self._settings: _Settings | None = None
        self._sound = CueSettings()
        self._increment: tuple[float, Unit, float] | None = None

        self.start_button = QPushButton("Start  (Space)")
        self.start_button.setObjectName("startButton")
        _set_font(self.start_button, 28, bold=True)
        self.start_button.setMinimumHeight(START_HEIGHT)
        self.start_button.clicked.connect(self.request_start)
        self.presets_button = QPushButton("Presets…")
        self.presets_button.clicked.connect(self.presets_requested.emit)
        self.history_button = QPushButton("History  (H)")
        self.history_button.clicked.connect(self.history_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.presets_button)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)

        settings = QWidget()
        column = QVBoxLayout(settings)
        column.setContentsMargins(0, 0, 0, 0)
        about = QVBoxLayout()
        about.setSpacing(0)  # one paragraph, as when it was one label
        about.addWidget(self.heading)
        about.addWidget(self.details)
        column.addLayout(about)
        column.addLayout(form)
        # The camera opens only while this page is shown with one chosen (showEvent, hideEvent). Its
        # section is built in this slot once the page is painted, or when first asked for.
        self._camera_memory = camera_memory
        self._camera_panel: CameraPanel | None = None
        self._camera_slot = QVBoxLayout()
        self._camera_slot.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._camera_slot)
        column.addStretch(1)
        # On a short screen the details and settings scroll; they never lie over each other, and Start stays.
        self.settings_scroll = QScrollArea()
        self.settings_scroll.setWidget(settings)
        self.settings_scroll.setWidgetResizable(True)
        self.settings_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # It scrolls down only: the column is laid out to its width, nothing is cut on the right.
        self.settings_scroll.setProperty("horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
        right = QVBoxLayout()
        right.addWidget(self.settings_scroll, 1)
        right.addWidget(self.start_button)
        body = QHBoxLayout()
        # The suggestion under the list it is about: the settings column keeps its room for the camera.
        left = QVBoxLayout()
        left.addWidget(self.preset_list, 1)
        self._left = left  # the suggestion goes under the list
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.notice_line)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        self.load_box.valueChanged.connect(self._on_preset_changed)  # the details show the load too
        self.load_box.valueChanged.connect(self._load_typed)
        # Its keys (Space, H, ?…), the suggestion bar and the settings wait until the page is painted (or
        # are built when first asked for): PySide6 makes the shortcut classes on first use.
        self._suggestion_bar: SuggestionBar | None = None
        self.keys_overlay: KeysOverlay | None = None

        self._presets: list[Preset] = []
        self.set_presets(presets)
        self._on_unit_changed()

    def camera_choice(self) -> CameraChoice | None:
        """The camera for the workout about to start (its device, name, box and follow mode); None when Off."""
        return self.camera_panel.choice()

    @property
    def camera_panel(self) -> CameraPanel:
        """The camera section: built once the page has been painted, or here when asked for sooner."""
        return self._build_camera_panel() if self._camera_panel is None else self._camera_panel

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._camera_panel is not None:
            self._camera_panel.activate()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._camera_panel is None:  # the first paint: the rest of the page, then the camera section
            QTimer.singleShot(0, self, self.complete)  # not if the page is gone by then
            QTimer.singleShot(0, self, self._build_camera_panel)
        else:
            self._camera_panel.painted()  # the camera opens once the page is on screen, even scrolled out of view

    def hideEvent(self, event) -> None:
        if self._camera_panel is not None:
            self._camera_panel.deactivate()  # another page, a minimized or closed window: the camera closes
        super().hideEvent(event)

    def complete(self) -> None:
        """Build what waited for the first paint: the settings, the suggestion bar, the keys (once)."""
        if self.keys_overlay is not None:
            return
        from PySide6.QtGui import QKeySequence, QShortcut

        from gymtimer.ui.keys_help import add_keys_help

        self._settings_built()
        self._suggestion_bar_built()
        # The load field passes Space and ? to these keys: filtered from now on (each event it gets before
        # would reach Python for nothing, its first paint's too).
        self._let_keys_through(self.load_box)
        for key in ("Space", "PgDown", "Return", "Enter"):  # a shortcut's context is its window by default
            QShortcut(QKeySequence(key), self).activated.connect(self.request_start)
        history_key = QShortcut(QKeySequence("H"), self)
        history_key.activated.connect(self.history_requested.emit)
        self.keys_overlay = add_keys_help(self, KEYS)
        self.completed.emit()

    @property
    def suggestion_bar(self) -> SuggestionBar:
        """The progression suggestion under the list: A takes it, D waves it away."""
        self.complete()
        return self._suggestion_bar_built()

    def _suggestion_bar_built(self) -> SuggestionBar:
        if self._suggestion_bar is None:
            from gymtimer.ui.suggestion_bar import SuggestionBar

            bar = self._suggestion_bar = SuggestionBar()
            bar.accepted.connect(self._take_suggestion)
            self._left.addWidget(bar)
        return self._suggestion_bar

    # ----------------------------------------------------------------- the settings under the load

    @property
    def increment_box(self) -> QDoubleSpinBox:
        return self._settings_built().increment

    @property
    def scheme_box(self) -> QComboBox:
        return self._settings_built().scheme

    @property
    def volume_slider(self) -> QSlider:
        return self._settings_built().volume

    @property
    def ticks_box(self) -> QCheckBox:
        return self._settings_built().ticks

    @property
    def test_button(self) -> QPushButton:
        return self._settings_built().test

    @property
    def sound_test_result(self) -> QLabel:
        return self._settings_built().test_result

    def _settings_built(self) -> _Settings:
        """The plate jump, cues, volume and ticks: built once the page has been painted, or when asked for."""
        if self._settings is not None:
            return self._settings
        settings = self._settings = _Settings()
        form = self._form
        form.addRow("Add when every set hits", settings.increment)
        sound_row = QHBoxLayout()
        sound_row.addWidget(settings.scheme)
        sound_row.addWidget(settings.test)
        form.addRow("Cues", sound_row)
        form.addRow("", settings.test_result)
        form.addRow("Volume", settings.volume)
        form.addRow(settings.ticks)  # across both columns: its own text says what it is
        self.set_sound(self._sound)
        if self._increment is not None:
            self.set_increment(*self._increment)
        settings.increment.valueChanged.connect(lambda value: self.increment_changed.emit(value, self.unit()))
        settings.test.clicked.connect(self.test_sound_requested.emit)
        settings.scheme.currentIndexChanged.connect(self._emit_sound)
        settings.volume.valueChanged.connect(self._emit_sound)
        settings.ticks.toggled.connect(self._emit_sound)
        self._let_keys_through(settings.increment)
        from gymtimer.ui.wheel_guard import scroll_past

        # Scrolling down to the camera must not change the load or the cues on the way (the page scrolls
        # once the settings and the camera section are there).
        scroll_past(self, self.load_box, self.unit_box, settings.increment, settings.scheme, settings.volume)
        return settings

    def _let_keys_through(self, box: QDoubleSpinBox) -> None:
        """A number field would swallow the Space that starts, and ?: this page's :meth:`eventFilter` passes them."""
        box.installEventFilter(self)  # the box is what has the focus
        box.lineEdit().installEventFilter(self)  # and passes keys on to its text field

    def _build_camera_panel(self) -> CameraPanel:
        if self._camera_panel is not None:  # asked for between the first paint and now
            return self._camera_panel
        from gymtimer.store.camera_settings import CameraMemory
        from gymtimer.ui.camera_panel import CameraPanel

        panel = self._camera_panel = CameraPanel(self._camera_memory or CameraMemory())
        self._camera_slot.addWidget(panel)
        if self.isVisible():
            panel.show()  # now: a layout shows what it is given only on the next turn of the event loop
            panel.activate()
            self.update()  # its next paint opens the camera (paintEvent)
        return panel

    def show_notices(self, notices: list[Notice]) -> None:
        """The first (most important) of ``notices`` in full, and how many others there are."""
        if not notices:
            self.notice_line.hide()
            self.notice_line.clear()
            return
        more = f"  (+{len(notices) - 1} more: point here to read them)" if len(notices) > 1 else ""
        self.notice_line.setText(notices[0].full_text() + more)
        self.notice_line.setToolTip("\n\n".join(n.full_text() for n in notices))
        _as_callout(self.notice_line)
        self.notice_line.show()

    def eventFilter(self, watched, event) -> bool:
        """Space (or ?) in a number field is not typing: leave it to the shortcut that starts (or shows the keys)."""
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in (
                QtCore.Qt.Key.Key_Space, QtCore.Qt.Key.Key_Question):  # the Qt namespace: only once a key is pressed
            return True  # not accepted: the window's shortcut gets it
        return super().eventFilter(watched, event)

    def set_presets(self, presets: list[Preset], select: str | None = None) -> None:
        """Show ``presets``; keep (or move to) the one called ``select``.

        The list announces a change of preset only when the chosen one is another or
        was edited: re-reading the same list must not reset the load the lifter typed
        or accepted.
        """
        previous = self.preset() if self._presets else None
        current = select or (previous.name if previous else None)
        self._presets = list(presets)
        self.preset_list.blockSignals(True)
        self.preset_list.clear()
        for preset in self._presets:
            tag = "  (built-in)" if preset.builtin else ""
            # Qt makes the item from its text: PySide6 builds its item class only when an item is handled.
            self.preset_list.addItem(f"{preset.name}{tag}\n{preset.description}")
        names = [p.name for p in self._presets]
        self.preset_list.setCurrentRow(names.index(current) if current in names else 0)
        self.preset_list.blockSignals(False)
        if self._presets and self.preset() != previous:
            self.preset_list.currentRowChanged.emit(self.preset_list.currentRow())
        else:
            self._on_preset_changed()

    def preset(self) -> Preset:
        return self._presets[max(0, self.preset_list.currentRow())]

    def choose_preset(self, name: str) -> None:
        """Choose the preset called ``name`` (any case), as the lifter would in the list."""
        for row, preset in enumerate(self._presets):
            if preset.name.casefold() == name.casefold():
                self.preset_list.setCurrentRow(row)
                return
        raise KeyError(name)

    def load(self) -> float:
        return self.load_box.value()

    def details_text(self) -> str:
        """What the page says of the chosen preset: its name and kind, sets, tempo and load."""
        return f"{self.heading.text()}\n{self.details.text()}"

    def unit(self) -> Unit:
        return Unit(self.unit_box.currentData())

    def set_load(self, load: float, unit: Unit) -> None:
        self.unit_box.setCurrentIndex(list(Unit).index(unit))
        self.load_box.setValue(load)

    def focus_presets(self) -> None:
        """The arrow keys choose a preset (the page has just been shown)."""
        self.preset_list.setFocus()

    def asking_for_load(self) -> bool:
        """The page asks for the load before a barbell (dumbbell, belt) preset starts at 0."""
        return self.load_question.isVisibleTo(self)

    def _ask_for_load(self) -> None:
        _as_callout(self.load_question)
        self.load_question.show()
        self.settings_scroll.ensureWidgetVisible(self.load_box)
        self.load_box.setFocus()
        self.load_box.selectAll()  # typing replaces the 0

    def _load_typed(self, load: float) -> None:
        if load > 0:
            self.load_question.hide()

    # ----------------------------------------------------------------- the suggestion

    def show_suggestions(self, suggestions) -> None:
        """The progression's suggestions for the preset shown, the first on screen."""
        if suggestions or self._suggestion_bar is not None:  # none before the history is read: the bar waits
            self.suggestion_bar.show_suggestions(suggestions)

    def suggestion(self) -> Suggestion | None:
        """The suggestion on screen, if any."""
        return None if self._suggestion_bar is None else self._suggestion_bar.suggestion

    def accept_suggestion(self) -> None:
        """As A: the suggested preset and load are chosen."""
        if self._suggestion_bar is not None:
            self._suggestion_bar.accept()

    def _take_suggestion(self, suggestion: Suggestion) -> None:
        self.choose_preset(suggestion.preset_name)
        self.set_load(suggestion.load, suggestion.unit)

    def sound(self) -> CueSettings:
        if self._settings is None:
            return self._sound
        return CueSettings(scheme=Scheme(self.scheme_box.currentData()), volume=self.volume_slider.value() / 100,
                           lowering_ticks=self.ticks_box.isChecked())

    def choose_sound(self, settings: CueSettings) -> None:
        """The lifter sets the cues, volume and ticks to ``settings`` (announced, as by hand)."""
        self.set_sound(settings)
        self._emit_sound()

    def test_sound(self) -> None:
        """As "Test sound": the lift cue is asked for; :meth:`sound_test_text` says what happened."""
        self.test_button.click()

    def sound_test_text(self) -> str:
        if self._settings is None:
            return ""
        return self.sound_test_result.text() if self.sound_test_result.isVisibleTo(self) else ""

    def show_sound_test(self, text: str) -> None:
        """Say what "Test sound" did, or why nothing was heard."""
        self.sound_test_result.setText(text)
        self.sound_test_result.setVisible(bool(text))

    def set_sound(self, settings: CueSettings) -> None:
        """Show ``settings`` without announcing a change."""
        self._sound = settings
        if self._settings is None:
            return  # shown when the settings are built
        for widget in (self.scheme_box, self.volume_slider, self.ticks_box):
            widget.blockSignals(True)
        self.scheme_box.setCurrentIndex(list(Scheme).index(settings.scheme))
        self.volume_slider.setValue(round(settings.volume * 100))
        self.ticks_box.setChecked(settings.lowering_ticks)
        for widget in (self.scheme_box, self.volume_slider, self.ticks_box):
            widget.blockSignals(False)

    def _emit_sound(self, *_args) -> None:
        self.sound_changed.emit(self.sound())

    def request_start(self) -> None:
        if not self._presets:
            return
        preset = self.preset()
        if preset.variation.carries_load and self.load() <= 0:
            self._ask_for_load()  # never a silent 0 kg session
            return
        self.start_requested.emit(preset, self.load(), self.unit())

    def choose_increment(self, amount: float) -> None:
        """The lifter's plate jump, in the unit shown (announced, as typed)."""
        self.increment_box.setValue(amount)

    def set_increment(self, amount: float, unit: Unit, most: float) -> None:
        """Show the progression increment of ``unit`` (without announcing a change)."""
        self._increment = (amount, unit, most)
        if self._settings is None:
            return  # shown when the settings are built
        self.increment_box.blockSignals(True)
        self.increment_box.setRange(0.25 if unit is Unit.KG else 0.5, most)
        self.increment_box.setSuffix(f" {unit.value}")
        self.increment_box.setValue(amount)
        self.increment_box.blockSignals(False)

    def _on_unit_changed(self) -> None:
        self.load_box.setSingleStep(self.unit().step)
        self.load_box.setSuffix(f" {self.unit().value}")
        self.unit_changed.emit(self.unit())
        self._on_preset_changed()

    def _on_preset_changed(self, *_args) -> None:
        if not self._presets:
            return
        preset = self.preset()
        plan = preset.plan
        tempo = plan.tempo
        per = " per leg" if plan.one_leg else ""
        self.heading.setText(f"{preset.name} · {preset.variation.label} · {plan.laterality.label}")
        lines = [
            # One line for the sets and the pauses: the camera section below fits a 1366×768 screen.
            f"{plan.sets} sets × {plan.reps} reps{per} · rest {plan.rest:g} s · lead-in {plan.lead_in:g} s"
            + (f" · switch legs {plan.switch_pause:g} s" if plan.one_leg else ""),
            f"Tempo {tempo.notation()}: lift {tempo.lift:g} s, squeeze {tempo.squeeze:g} s, "
            f"lower {tempo.lower:g} s, bottom {tempo.bottom:g} s",
        ]
        if self.load() > 0:
            lines.append(f"Load {format_load(self.load(), self.unit())}")
        self.details.setText("\n".join(lines))


def _as_callout(label: QLabel) -> None:
    """Yellow on black (once: a style sheet set again is parsed again)."""
    if not label.styleSheet():
        label.setStyleSheet(CALLOUT)


class _Settings:
    """The setup page's settings under the load: the plate jump, the cues and their test, the volume, the ticks."""

    def __init__(self) -> None:
        from PySide6.QtWidgets import QCheckBox, QSlider  # PySide6 makes each class on first use

        self.increment = QDoubleSpinBox()
        self.increment.setObjectName("incrementBox")
        self.increment.setDecimals(2)
        self.increment.setSingleStep(0.25)
        self.increment.setToolTip("How much the suggestion adds after a session where every set hit its target")
        self.scheme = QComboBox()
        self.scheme.setObjectName("schemeBox")
        for scheme in Scheme:
            self.scheme.addItem(scheme.label, scheme.value)
        self.volume = QSlider()
        self.volume.setProperty("orientation", "Horizontal")
        self.volume.setObjectName("volumeSlider")
        self.volume.setRange(0, 100)
        self.volume.setAccessibleName("Volume")
        self.ticks = QCheckBox("Tick each second of the lowering")
        self.test = QPushButton("Test sound")
        self.test_result = QLabel()  # what "Test sound" did
        self.test_result.setObjectName("soundTestResult")
        self.test_result.setWordWrap(True)
        self.test_result.hide()  # takes no room until the lifter tests the sound
