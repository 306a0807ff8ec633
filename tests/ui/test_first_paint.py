"""What waits until the first screen is painted: the history, the charts, the camera, the sound.

A plain start paints the setup page, a start with ``--preset`` the workout
window; neither reads the lifter's history, loads the charts, the camera or
the sound before its first paint, neither builds PySide6's ``Qt``
namespace, and neither imports the standard modules only later work needs
(docs/performance.md). The real process is started, as a lifter starts it (a
plain start with no argument), with a history in its data folder; the probe
(``GYMTIMER_STARTUP_PROBE``) says what was loaded when the paint was done (the
tests add every module imported by then). How long it takes is for the benchmark
(benchmarks/startup.py), not for these tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from gymtimer.app import STARTUP_PROBE_ENV
from gymtimer.core.presets import BUILTIN_PRESETS
from gymtimer.core.units import Unit
from gymtimer.cues.settings import CueSettings, Scheme
from gymtimer.store import paths
from gymtimer.store.camera_settings import CameraMemory
from gymtimer.store.settings import SettingsStore
from gymtimer.ui.camera_panel import CameraPanel
from gymtimer.ui.setup_page import SetupPage
from gymtimer.ui.workout_view import WorkoutView
from gymtimer_dev import sample_history

ROOT = Path(__file__).resolve().parents[2]

#: What no first screen needs: reading the history (its modules), the charts, the camera, the sound.
WAITS = {
    "gymtimer.store.sessions", "gymtimer.store.session_files", "gymtimer.core.stats",
    "pyqtgraph", "numpy", "cv2",
    "gymtimer.ui.camera_panel", "gymtimer.live.camera", "gymtimer.vision.cameras", "gymtimer.live.watching",
    "gymtimer.cues.engine", "gymtimer.cues.link", "PySide6.QtMultimedia",
    "gymtimer.ui.history_page", "gymtimer.ui.charts", "gymtimer.ui.summary_page",
    "gymtimer.ui.seen_words",  # what the camera saw, and its mark: built with the camera's first words
    "gymtimer.core.seen",  # a seen rep's words and its matching to the paced reps: with the cue engine, after the paint
}
#: What the setup page's first paint does without: the workout screen (built with the keeper and the keep-awake),
#: the page's keys and its ? overlay, its suggestion bar (empty until the history is read), the workout's engine
#: and the records (they come with the history), the wheel guard (installed with the settings).
SETUP_WAITS = {"gymtimer.ui.workout_view", "gymtimer.live.session_keeper",
               "gymtimer.live.keep_awake", "gymtimer.ui.keys_help", "gymtimer.ui.suggestion_bar", "gymtimer.core.workout",
               "gymtimer.core.records", "gymtimer.core.reps", "gymtimer.ui.wheel_guard"}
#: Standard modules that only later work needs: a rep's median (statistics), the network cameras (socket),
#: the history's and the sound's plain classes (dataclasses), html (the notices listed under ? are escaped with
#: it; the setup page's details are plain text), copy (a workout's forecast). A bare PySide6 window loads none
#: of them.
STANDARD_WAITS = {"statistics", "socket", "dataclasses", "html", "copy"}
#: ... and what a plain start alone does without: ``locale``, which argparse's messages import through gettext
#: (a plain start has no argument to parse).
PLAIN_START_WAITS = {"locale"}


@pytest.fixture(scope="module")
def data_with_history(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("data")
    sample_history.generate(data / "sessions", years=1, sessions=40)
    return data


#: Starts the app as ``python -m gymtimer`` does; adds to the probe's line every module imported by then.
WITH_MODULES = """
import sys
class Stdout:
    def __init__(self, out):
        self.out = out
    def write(self, text):
        if "painted_at=" in text:
            text = text.rstrip("\\n") + " modules=" + ",".join(sorted(sys.modules))
        return self.out.write(text)
    def flush(self):
        self.out.flush()
sys.stdout = Stdout(sys.stdout)
from gymtimer.app import main
sys.exit(main(sys.argv[1:]))
"""


def _first_paint(data: Path, *args: str) -> dict[str, str]:
    """The probe's line of a start with ``args`` (a plain start: none; the data folder and the probe are asked
    for through the environment, as benchmarks/startup.py asks)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           STARTUP_PROBE_ENV: "1", paths.DATA_DIR_ENV: str(data)}
    run = subprocess.run([sys.executable, "-c", WITH_MODULES, *args], env=env, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    return dict(word.split("=", 1) for word in run.stdout.split() if "=" in word)


@pytest.mark.parametrize(("args", "page"), [((), "SetupPage"), (("--preset", "Bodyweight hip thrust"), "WorkoutView")])
def test_the_first_screen_is_painted_before_the_history_is_read_and_the_rest_is_loaded(data_with_history, args, page):
    probe = _first_paint(data_with_history, *args)

    assert probe["page"] == page
    assert set(probe["loaded"].split(",")) & (WAITS | SETUP_WAITS if page == "SetupPage" else WAITS) == set()
    # Building PySide6's Qt namespace costs about 15 ms: neither first screen needs it (enums are set by name).
    assert probe["qt_namespace"] == "False"


@pytest.mark.parametrize("args", [(), ("--preset", "Bodyweight hip thrust")])
def test_the_first_screen_is_painted_without_the_standard_modules_only_later_work_needs(data_with_history, args):
    probe = _first_paint(data_with_history, *args)

    modules = set(probe["modules"].split(","))
    if args:  # the workout window: the records' measured reps are there, their medians are not
        assert "gymtimer.core.reps" in modules
    assert modules & (STANDARD_WAITS if args else STANDARD_WAITS | PLAIN_START_WAITS) == set()


@pytest.mark.parametrize("args", [(), ("--preset", "Bodyweight hip thrust")])
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="the threads are counted in Linux's /proc")
def test_the_first_screen_is_painted_on_the_apps_own_thread_with_no_helper_to_wait_for(data_with_history, args):
    """Qt's GUI thread pool is off: its raster engine would hand the Start button's frame to two threads it starts
    and wait for them, later with the laptop's other core busy (benchmarks/startup.py)."""
    probe = _first_paint(data_with_history, *args)

    assert probe["threads"] == "1"  # offscreen: no thread of the platform's either


@pytest.mark.parametrize("args", [(), ("--preset", "Bodyweight hip thrust")])
def test_what_start_up_built_is_left_out_of_the_collectors_passes_once_the_first_screen_is_painted(
        data_with_history, args):
    """The collector, off while start-up builds, comes back without a first pass over all of it."""
    probe = _first_paint(data_with_history, *args)

    assert probe["collector"] == "True"
    assert int(probe["frozen"]) > 10_000, "the modules, classes and widgets made before the paint are frozen"


def test_the_load_fields_space_goes_to_the_page_once_its_keys_are_made_after_the_first_paint(qtbot, tmp_path):
    """Its filter (Space and ? pass to the page's keys) comes with those keys: Python sees no event of it before."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    page = SetupPage(list(BUILTIN_PRESETS), camera_memory=CameraMemory(SettingsStore(tmp_path / "settings.json")))
    qtbot.addWidget(page)

    def field_takes_space() -> bool:
        event = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, " ")
        event.ignore()
        QApplication.sendEvent(page.load_box.lineEdit(), event)
        return event.isAccepted()

    assert field_takes_space(), "no key of the page yet: the field's own"
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.keys_overlay is not None)  # completed on the turn after the first paint
    assert not field_takes_space(), "Space starts the workout, from the load field too"


def test_the_setup_pages_camera_section_is_built_once_the_page_is_painted(qtbot, tmp_path):
    page = SetupPage(list(BUILTIN_PRESETS), camera_memory=CameraMemory(SettingsStore(tmp_path / "settings.json")))
    qtbot.addWidget(page)
    assert page.findChild(CameraPanel) is None  # built, not yet painted

    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)

    qtbot.waitUntil(lambda: page.findChild(CameraPanel) is not None)
    assert page.findChild(CameraPanel) is page.camera_panel
    assert page.camera_panel.isVisible()


def test_the_settings_under_the_load_are_built_once_the_page_is_painted_and_show_what_it_was_told(qtbot, tmp_path):
    from PySide6.QtWidgets import QDoubleSpinBox

    page = SetupPage(list(BUILTIN_PRESETS), camera_memory=CameraMemory(SettingsStore(tmp_path / "settings.json")))
    qtbot.addWidget(page)
    told = CueSettings(scheme=Scheme.VOICE, volume=0.3, lowering_ticks=False)
    page.set_sound(told)  # as the window does while it builds the page
    page.set_increment(5.0, Unit.KG, 20.0)
    assert page.findChild(QDoubleSpinBox, "incrementBox") is None  # built, not yet painted
    assert page.sound() == told

    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)

    qtbot.waitUntil(lambda: page.findChild(QDoubleSpinBox, "incrementBox") is not None)
    assert page.findChild(QDoubleSpinBox, "incrementBox") is page.increment_box
    qtbot.waitUntil(page.increment_box.isVisible)  # the layout shows what it is given on its next turn
    assert (page.increment_box.value(), page.increment_box.suffix()) == (5.0, " kg")
    assert (page.scheme_box.currentData(), page.volume_slider.value(), page.ticks_box.isChecked()) == ("voice", 30, False)
    assert page.sound() == told


def test_the_cues_chosen_before_the_first_paint_are_kept_when_the_settings_are_built_once(qtbot, tmp_path):
    from PySide6.QtWidgets import QDoubleSpinBox

    page = SetupPage(list(BUILTIN_PRESETS), camera_memory=CameraMemory(SettingsStore(tmp_path / "settings.json")))
    qtbot.addWidget(page)
    changes = []
    page.sound_changed.connect(changes.append)

    page.choose_sound(CueSettings(scheme=Scheme.SILENT))  # the lifter's own choice, before the page is painted

    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(50)  # the turn of the event loop after the first paint, when the settings would be built
    assert page.findChildren(QDoubleSpinBox, "incrementBox") == [page.increment_box]
    assert page.sound().scheme is Scheme.SILENT and [c.scheme for c in changes] == [Scheme.SILENT]


def test_the_camera_section_asked_for_before_the_first_paint_is_built_then_and_only_once(qtbot, tmp_path):
    page = SetupPage(list(BUILTIN_PRESETS), camera_memory=CameraMemory(SettingsStore(tmp_path / "settings.json")))
    qtbot.addWidget(page)

    panel = page.camera_panel  # e.g. Start pressed at once: the choice is read from it

    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(50)  # the turn of the event loop after the first paint, when the section would be built
    assert page.findChildren(CameraPanel) == [panel]


def test_space_pressed_as_the_setup_page_shows_starts_the_workout_whose_screen_was_not_built_yet(window, qtbot):
    window.setup_page.choose_preset("Bodyweight hip thrust")
    assert window.findChild(WorkoutView) is None  # the setup page was painted without it

    qtbot.keyClick(window.setup_page.preset_list, Qt.Key.Key_Space)

    assert isinstance(window.current_page(), WorkoutView)
    assert window.findChildren(WorkoutView) == [window.workout_view]
    assert window.keeper.workout is not None and window.keeper.workout.running



def test_the_window_keys_wait_for_the_setup_pages_first_paint_when_the_app_says_so(qtbot):
    """The app's start: Ctrl+Q and F11 are made with the setup page's own keys, after its first paint."""
    from PySide6.QtGui import QShortcut

    from gymtimer.ui.main_window import MainWindow

    window = MainWindow(keys_after_first_paint=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show_setup()
    assert window.findChildren(QShortcut) == [] and window.setup_page.keys_overlay is None

    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow() and window.setup_page.keys_overlay is not None)
    qtbot.keyClick(window.setup_page.preset_list, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    qtbot.keyClick(window.setup_page.preset_list, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_the_workout_screens_keys_wait_for_the_first_paint_when_the_app_says_so(qtbot, tmp_path):
    """``--preset``: the workout screen is painted before its keys are made; then Space starts."""
    from gymtimer.core.presets import find_preset
    from gymtimer.store.presets import PresetStore
    from gymtimer.ui.main_window import MainWindow

    window = MainWindow(presets=PresetStore(tmp_path / "presets.json", settings=SettingsStore(tmp_path / "s.json")),
                        keys_after_first_paint=True)
    qtbot.addWidget(window)
    preset = find_preset("Bodyweight hip thrust", BUILTIN_PRESETS)
    window.open_exercise(preset, 0, preset.plan.unit)
    assert window.workout_view.shortcuts == {}

    window.first_painted()

    assert {"Space", "Esc", "?"} <= set(window.workout_view.shortcuts)
    window.workout_view.shortcuts["Space"].activated.emit()
    assert window.keeper.workout is not None and window.keeper.workout.running


#: In a fresh interpreter: modules imported before PySide6, then a Qt module of the app imported after it; prints
#: which modules PySide6 read the source of (to look for its optional features) and its marks for two of them.
PYSIDE_READS = """
import sys, typing, enum
from gymtimer import app
from PySide6.QtWidgets import QLabel
if sys.argv[1] == "told":
    app._tell_pyside_what_came_before()
feature = sys.modules["shibokensupport.feature"]
read = []
check = feature._mod_uses_pyside
feature._mod_uses_pyside = lambda module: read.append(module.__name__) or check(module)
from gymtimer.ui.workout_view import WorkoutView
table = feature.pyside_feature_dict
print(",".join(read), table["typing"], table["gymtimer.ui.workout_view"], hasattr(QLabel, "set_text"))
"""


@pytest.mark.parametrize("told", [False, True])
def test_pyside_reads_again_only_the_modules_imported_after_it_once_the_app_has_told_it_the_others(told):
    """PySide6 reads the source of each module on its first import after it (typing.py: 3,800 lines); the app
    marks those imported before it as selecting no feature, which is what that reading would find."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", PYSIDE_READS, "told" if told else "untold"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    read, typing_mark, widgets_mark, snake_case = run.stdout.split()

    assert ("typing" in read.split(",")) is not told  # this PySide6 does read it again, unless told
    assert "gymtimer.ui.workout_view" in read.split(",")  # a module imported after PySide6 is still read
    assert (typing_mark, widgets_mark) == ("-1", "0")  # no feature for typing; the workout screen uses PySide6 plainly
    assert snake_case == "False"  # no module selects a feature: Qt's own names everywhere


def test_every_text_of_the_first_screens_is_drawn_without_hinting(qtbot, tmp_path):
    """The window's font says no hinting (at these sizes the eye sees no difference, and each glyph loads without
    running it: docs/performance.md); every font of the first screens derives from it, the preset list's too (a
    style sheet sets its widget's font anew). The camera section comes after the first paint."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLabel,
        QLineEdit,
        QWidget,
    )

    from gymtimer.store.presets import PresetStore
    from gymtimer.ui.main_window import MainWindow

    shows_text = (QLabel, QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit)
    window = MainWindow(presets=PresetStore(tmp_path / "presets.json", settings=SettingsStore(tmp_path / "s.json")))
    qtbot.addWidget(window)
    window.show_setup()
    preset = BUILTIN_PRESETS[1]
    window.prepare_exercise(preset, preset.plan.load, preset.plan.unit)
    pages = (window.setup_page, window.workout_view)

    camera = window.setup_page.camera_panel
    texts = [w for page in pages for w in page.findChildren(QWidget)
             if isinstance(w, shows_text) and not camera.isAncestorOf(w)]
    assert len(texts) > 20
    hinted = [(type(w).__name__, w.objectName()) for w in texts
              if w.font().hintingPreference() != QFont.HintingPreference.PreferNoHinting]
    assert hinted == []
    assert window.setup_page.preset_list.font().pixelSize() == 20


def test_a_click_anywhere_on_a_preset_row_chooses_it(qtbot, tmp_path):
    """The rows' room is inside each item, edge to edge: between two names is still a row, never a gap."""
    page = SetupPage(list(BUILTIN_PRESETS), camera_memory=CameraMemory(SettingsStore(tmp_path / "settings.json")))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    presets = page.preset_list
    first, second = presets.visualItemRect(presets.item(0)), presets.visualItemRect(presets.item(1))
    assert second.top() == first.bottom() + 1
    assert first.height() >= presets.fontMetrics().lineSpacing() * 2 + 20  # two lines and the padding

    qtbot.mouseClick(presets.viewport(), Qt.MouseButton.LeftButton, pos=second.topLeft() + QPoint(40, 2))

    assert page.preset() is BUILTIN_PRESETS[1]
