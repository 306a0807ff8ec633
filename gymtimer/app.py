"""Builds the QApplication, parses the command line, wires it all."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
import time
from pathlib import Path

from gymtimer import __version__

#: Room a window manager's title bar takes, in pixels.
TITLE_BAR = 40

#: Set to 1, a start says when its first paint is done, as ``--startup-probe`` does: a plain start is measured with
#: no argument, as a lifter's launcher makes it (benchmarks/startup.py).
STARTUP_PROBE_ENV = "GYMTIMER_STARTUP_PROBE"
#: A plain start's choices: what ``parse_args`` makes of no argument, without building the parser (a test checks
#: they are the parser's own).
PLAIN_START = {"preset": None, "load": None, "unit": None, "fullscreen": False, "data_dir": None,
               "startup_probe": False, "self_test": False, "camera": None, "box": None, "pose": None}
#: Qt's switch off for its GUI thread pool. With the pool, Qt's raster engine hands each fill of 96 spans or more
#: (the first paint: the Start button's rounded frame) to helper threads and waits for them. The first paint
#: started two threads for it, and with the laptop's other core busy (a browser) it came 3-4 ms later for
#: the wait (a bare window starts none); the workout window's whole repaint took 0.75 ms against 0.66 on
#: the app's own thread, its other core busy or not (docs/performance.md). The app paints on its own thread.
NO_GUI_THREAD_POOL_ENV = "QT_NO_GUI_THREADPOOL"
#: When the process started, as close as Python lets us see it (for --startup-probe).
_IMPORTED_AT = time.monotonic()
#: Libraries no first screen needs (--startup-probe says which were loaded before the first paint).
_LATE_LIBRARIES = frozenset({"pyqtgraph", "numpy", "cv2", "PySide6.QtMultimedia", "wakepy"})
#: Qt-free modules both first screens import, imported before PySide6 (see ``_run``).
_QT_FREE_FIRST = ("gymtimer.core.notices", "gymtimer.core.progression", "gymtimer.store.settings",
                  "gymtimer.store.presets")
#: The workout window's alone: the workout's engine (the setup page paints without it).
_QT_FREE_WORKOUT = ("gymtimer.core.workout",)
#: Qt-free modules of the setup page alone (the preset, load and suggestions; the cues' settings).
_QT_FREE_SETUP = ("gymtimer.live.setup_choices", "gymtimer.cues.settings")


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line's choices, checked; a plain start's (no argument) without building the parser.

    Building and running argparse's parser costs a start 2.5 million instructions before its first paint
    (its messages are looked up in gettext's catalogues, which imports ``locale``): a lifter's launcher passes
    no argument, so a plain start skips it.
    """
    if not argv:
        return argparse.Namespace(**PLAIN_START)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.pose and not args.self_test:
        parser.error("--pose is for --self-test: the body model runs when the camera is used")
    if (args.load is not None or args.unit) and not args.preset:
        parser.error("--load and --unit set the load of --preset: name the preset too")
    if (args.camera or args.box) and not args.self_test:
        parser.error("--camera and --box are for --self-test: a workout's camera is chosen on the setup page")
    if args.camera and args.box is None:
        parser.error("--camera needs --box X,Y,W,H: the box around the hip in the clip's first frame")
    if args.box and not args.camera:
        parser.error("--box goes with --camera CLIP: name the clip too")
    return args


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gymtimer",
        description="A tempo coach for the hip thrust: paces every rep, counts each leg, times the rest.",
        epilog="During a workout press ? for every key. "
               "To measure a filmed set: gymtimer analyse VIDEO --box X,Y,W,H (gymtimer analyse --help).",
    )
    parser.add_argument("--version", action="version", version=f"GymTimer {__version__}")
    parser.add_argument("--preset", metavar="NAME", help="open the workout screen for this preset, ready to start "
                        "(quote a name with spaces; 3x5 may be typed for 3×5)")
    parser.add_argument("--load", type=float, default=None, help="load for --preset (in --unit)")
    parser.add_argument("--unit", choices=["kg", "lb"], default=None, help="unit of --load")
    parser.add_argument("--fullscreen", action="store_true", help="start full screen (F11 toggles)")
    parser.add_argument("--data-dir", metavar="PATH", help="keep sessions and presets in PATH instead of the usual folder")
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--self-test", action="store_true",
                        help="check that this installation has every part it needs (sound, charts, "
                             "saving into --data-dir), say what it found, then quit")
    parser.add_argument("--camera", metavar="CLIP", help="with --self-test: also run a short workout watched "
                        "through this clip, played as a camera (filmed to the self-test's tempo)")
    parser.add_argument("--box", type=_box, metavar="X,Y,W,H",
                        help="with --camera: a box around the hip in the clip's first frame, in its pixels")
    parser.add_argument("--pose", metavar="CLIP", help="with --self-test: also run the body model over this clip "
                        "of a person and say in how many frames it saw them (a build with the model)")
    return parser


def _box(text: str) -> tuple[int, int, int, int]:
    """``--box``: read as ``gymtimer analyse`` reads its box (that module is small; OpenCV stays unloaded)."""
    from gymtimer.vision.cli import parse_box

    return parse_box(text)


def _tell_pyside_what_came_before() -> None:
    """Spare PySide6 reading again the source of the modules imported before it.

    PySide6 reads the source of each module on its first import after PySide6 itself, once, to learn
    whether it might select one of PySide6's optional features (``from __feature__ import snake_case``):
    each module the app's Qt modules import, `typing` (3,800 lines) and `enum` as much as the workout's,
    is read from disk and scanned for "PySide6". A module imported before PySide6 is marked here as one
    that selects no feature, what that scan finds for all of them: no module in this program selects one,
    so the marks change nothing but the reading (5-11 million instructions before the first paint,
    docs/performance.md). The table is PySide6's own (``shibokensupport.feature``); where a PySide6
    has none, nothing is done.
    """
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if isinstance(table, dict):
        for name in list(sys.modules):
            table.setdefault(name, -1)  # -1: "ignore this module" (PySide6's word for a module with no feature)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``gymtimer`` and ``python -m gymtimer``."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--sound-process"]:  # the frozen app started as its own sound process (cues/link.py)
        from gymtimer.cues.sound_process import main as sound_process

        return sound_process(argv[1:])
    if argv[:1] == ["analyse"]:  # a command of its own, without Qt; it loads OpenCV, the app never does
        from gymtimer.vision.cli import main as analyse

        return analyse(argv[1:])
    # Until the first paint the program only builds (modules, classes, the window): the
    # garbage collector's passes over it would find nothing to free (docs/performance.md).
    gc.disable()
    try:
        return _run(argv)
    finally:
        gc.enable()


def _run(argv: list[str]) -> int:
    args = parse_args(argv)
    os.environ.setdefault(NO_GUI_THREAD_POOL_ENV, "1")  # read by Qt at its first large fill: before the first paint
    # Taken from the environment once read: a process this one starts (the data folder's restart) is not probed.
    args.startup_probe = os.environ.pop(STARTUP_PROBE_ENV, None) == "1" or args.startup_probe

    # The Qt-free modules come first: every module imported after PySide6 is
    # read back from its source file once, to see whether it asks for one of
    # PySide6's optional features (snake_case, true_property).
    from gymtimer.core.plan import PlanError
    from gymtimer.core.presets import BUILTIN_PRESETS, find_preset
    from gymtimer.core.units import Unit
    from gymtimer.store import paths

    for name in _QT_FREE_FIRST + (_QT_FREE_WORKOUT if args.preset else _QT_FREE_SETUP):
        importlib.import_module(name)
    from gymtimer.store.instance_lock import InstanceLock

    # isort: split
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    _tell_pyside_what_came_before()
    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    if args.self_test:
        gc.enable()
        from gymtimer.self_test import run_self_test

        return run_self_test(paths.data_dir(), camera=(Path(args.camera), args.box) if args.camera else None,
                             pose=Path(args.pose) if args.pose else None)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("GymTimer")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("GymTimer")
    app.setDesktopFileName("io.github.gymtimer.GymTimer")

    from gymtimer.ui.main_window import MainWindow

    missing = paths.chosen_data_dir_missing()
    if missing is not None:  # never start an empty history in its place: the lifter's data is elsewhere
        from PySide6.QtWidgets import QMessageBox

        message = (f"Your data folder {missing} is not there: connect its drive or synced folder, "
                   f"or start GymTimer with --data-dir. (The choice is kept in {paths.pointer_file()}.)")
        print(f"gymtimer: {message}", file=sys.stderr)
        if not args.startup_probe:
            QMessageBox.warning(None, "GymTimer cannot find your data", message)
        return 1
    lock = InstanceLock()
    if not lock.acquire():
        from PySide6.QtWidgets import QMessageBox

        message = lock.holder_message()
        print(f"gymtimer: {message}", file=sys.stderr)
        if not args.startup_probe:
            QMessageBox.warning(None, lock.problem_title(), message)
        return 1

    window = MainWindow(keys_after_first_paint=True)
    if args.preset:
        try:  # a built-in is found without reading the lifter's presets before the first paint
            preset = find_preset(args.preset, BUILTIN_PRESETS)
        except KeyError:
            preset = None
        try:
            preset = preset or find_preset(args.preset, window.presets.all_presets())
        except KeyError as error:
            print(f"gymtimer: {error.args[0]}", file=sys.stderr)
            return 2
        unit = Unit(args.unit) if args.unit else preset.plan.unit
        try:
            window.open_exercise(preset, args.load if args.load is not None else preset.plan.load, unit)
        except PlanError as error:
            print(f"gymtimer: --load: {error}", file=sys.stderr)
            return 2
    else:
        window.show_setup()

    def after_first_paint() -> None:
        """What the first screen does not need waits until it is painted."""
        # What start-up built (modules, classes, the window) lives as long as the app: frozen out of the
        # collector's passes (until a workout ends: live/driver.py), its first pass does not walk all of it.
        gc.freeze()
        gc.enable()
        if args.startup_probe:  # benchmarks/startup.py reads this line: the paint is complete now
            import PySide6.QtCore

            # What was loaded before the paint (the tests check what waits): GymTimer's modules, the big libraries.
            loaded = sorted(name for name in sys.modules if name.startswith("gymtimer.") or name in _LATE_LIBRARIES)
            print(f"painted_at={time.monotonic():.6f} cpu={time.process_time():.6f} imported_at={_IMPORTED_AT:.6f} "
                  f"page={type(window.current_page()).__name__} qt_namespace={'Qt' in vars(PySide6.QtCore)} "
                  f"maximized={window.isMaximized()} collector={gc.isenabled()} frozen={gc.get_freeze_count()} "
                  f"threads={_threads()} "
                  f"loaded={','.join(loaded)}", flush=True)
            app.quit()
            return
        window.first_painted()  # the keys of the screen painted (Space, Esc…) and the window's (Ctrl+Q, F11)
        window.workout_view.flash_overlay  # noqa: B018 - the workout screen and its flash: built now, not at Start
        from gymtimer.core.notices import Place
        from gymtimer.cues.engine import CueEngine

        engine = CueEngine(parent=window)
        window.sound_control.attach(engine)
        engine.start()
        sessions = window.sessions
        recovered = sessions.recover()
        if recovered:
            when = ", ".join(s.started_at.astimezone().strftime("%a %d %b %H:%M") for s in recovered)
            window.notices.post(
                "recovered", f"A workout was interrupted ({when})",
                detail="GymTimer was stopped during it; the session was saved up to its last rep "
                       "and marked interrupted.", places={Place.SETUP})
        window.set_history(sessions.load_all())
        from gymtimer.live.sessions_watch import SessionsFolderWatch, post_sync_conflicts

        # A session synced in from another computer joins the history while the app runs.
        window.sessions_watch = SessionsFolderWatch(
            sessions, lambda conflicts: post_sync_conflicts(window.notices, conflicts), parent=window)

    class FirstPaint(QObject):
        """Notices the first paint of the page on screen, then gets out of the way.

        Watches that page alone (the window itself is not painted under an
        opaque page): an application-wide filter would have every object of
        Qt's style and platform code wrapped for Python on the way.
        """

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                QTimer.singleShot(0, after_first_paint)  # its children paint in the same pass
            return False

    first_paint = FirstPaint(window)
    window.current_page().installEventFilter(first_paint)
    if args.fullscreen:
        window.showFullScreen()
    elif window.screen().availableGeometry().height() < window.height() + TITLE_BAR:
        window.showMaximized()  # a 1366×768 laptop: a title bar would push the window's bottom off the screen
    else:
        window.show()
    try:
        return app.exec()
    finally:
        lock.release()


def _threads() -> int | str:
    """The process's threads, Qt's included (Linux: one entry of ``/proc/self/task`` each; elsewhere "?")."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
