"""Screenshots of each page (offscreen grab)."""
import sys
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from gymtimer.core.presets import find_preset
from gymtimer.core.units import Unit
from gymtimer.store.sample_history import make_sessions
from gymtimer.store.sessions import LoadResult
from tests.helpers.driving import tick
from tests.ui.test_screens import open_window, SleepyDesktop

OUT = "/work/wt/screens-shots"

def snap(window, name):
    QApplication.processEvents()
    window.grab().save(f"{OUT}/{name}.png")
    print(name, window.size().width(), window.size().height(), "min", window.minimumSizeHint().width(), window.minimumSizeHint().height())

def test_shots(qtbot, clock, tmp_path):
    w, h = 800, 600
    window = open_window(qtbot, clock, (w, h), keep_awake=SleepyDesktop())
    window.set_history(LoadResult(sessions=make_sessions(sessions=30)))
    from gymtimer.core.notices import Place, Priority
    window.notices.post("recovered", "A workout was interrupted (Tue 01 Dec 20:10)", detail="GymTimer was stopped during it; the session was saved up to its last rep and marked interrupted.", places={Place.SETUP})
    snap(window, "setup-800x600")
    window.notices.clear("recovered")
    window.prepare_exercise(find_preset("Eccentric single-leg hip thrust"), 40, Unit.KG)
    qtbot.keyClick(window.workout_view, Qt.Key.Key_Space)
    tick(window, clock, 5.2)
    window.workout_view.flash_overlay._animation.stop(); window.workout_view.flash_overlay.hide()
    snap(window, "workout-800x600")
    qtbot.keyClick(window.workout_view, Qt.Key.Key_Question)
    snap(window, "keys-800x600")
    qtbot.keyClick(window.workout_view, Qt.Key.Key_Question)
    tick(window, clock, 5.0)
    qtbot.keyClick(window.workout_view, Qt.Key.Key_F)
    snap(window, "failed-800x600")
    window.driver.act("abandon")
    snap(window, "summary-800x600")
    window.show_setup(); window.show_history()
    qtbot.wait(300)
    snap(window, "history-800x600")
    for i in range(window.history_page.findChildren(type(window.history_page.findChild(__import__("PySide6.QtWidgets").QtWidgets.QTabWidget)))[0].count()):
        tabs = window.history_page.findChildren(__import__("PySide6.QtWidgets").QtWidgets.QTabWidget)[0]
        tabs.setCurrentIndex(i); qtbot.wait(200)
        snap(window, f"history-tab{i}-800x600")
