"""``gymtimer --self-test``: the real app, driven through a tiny workout, proves an installed or frozen GymTimer whole.

The contract, relied on by ``packaging/smoke_test.py`` and ``benchmarks/bundle.py``::

    gymtimer --self-test --data-dir DIR

starts the app offscreen (unless ``QT_QPA_PLATFORM`` says otherwise), imports
every module GymTimer and its libraries need, checks its resources and Qt
plugins, then runs the app itself, as ``gymtimer --preset`` does: the main
window on the workout screen of a tiny preset (1 set of 2 reps, 0.4 s phases,
one tone a phase), its cue engine started after the first paint, Start, and
the workout paced by the window's own driver on the real clock. The session
keeper saves the session into ``DIR/sessions``; it is read back with the
history's own reader, and every history chart of it is drawn (one saved as
``DIR/self-test-chart.png``). It prints one JSON line saying what it checked
(also written to ``DIR/self-test.json``, since a windowed Windows app has no
stdout) and exits 0. Anything missing (a module, a part of the app, a plugin,
a resource, the sound output, a cue) makes it print what, on stderr, and exit
1: nothing stands in for a missing part.

    gymtimer --self-test --data-dir DIR --camera CLIP --box X,Y,W,H

does all that, then runs a watched workout as a lifter with a camera
remembered starts one: a second window, ``CLIP`` played in real time as the
camera (``GYMTIMER_TEST_CAMERA``), the box around the hip in ``X,Y,W,H`` of its
first frame remembered in settings.json; 1 set of :data:`CAMERA_REPS` reps at
:data:`CAMERA_TEMPO` after a :data:`CAMERA_LEAD_IN` s lead-in (a rep lowered
too fast is told "slower"). Its session is read back too, and the report adds
what the camera saw (``camera_reps_seen``, ``paced``, ``seen``, and
``camera_flags``: each paced rep's "lowered too fast" as the saved session has
it), the cues played, and where OpenCV was loaded from (``opencv``). A clip
for it is filmed (or rendered) to that tempo, its first rep lifted at the
lead-in's end: the camera opens when the workout starts.

    gymtimer --self-test --data-dir DIR --pose CLIP

also proves the body model (a build with it: ``make freeze WITH_POSE=1``):
after everything else, with ``mediapipe`` not imported until then (the model
loads only when the camera is used: ``body_model_lazy``, in every report), it runs the model
over every frame of ``CLIP`` (a person filmed from the side) and reports
``body_model`` ("N of M frames"), ``body_model_frames``, ``body_model_seen``,
how long the model took to load and its median ms a frame. A build without
the model fails here, saying so in the lifter's words. Every report says
whether the model is in the build (``body_model_available``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gymtimer.core.presets import Preset
    from gymtimer.core.records import SessionRecord
    from gymtimer.cues.engine import CueEngine
    from gymtimer.ui.main_window import MainWindow

#: What every GymTimer needs at run time, whatever the screens import lazily.
REQUIRED_MODULES = (
    "PySide6.QtCore",
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "PySide6.QtMultimedia",
    # pyqtgraph's PlotCurveItem imports these by name, where PyInstaller cannot see it.
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "pyqtgraph",
    "numpy",
    # The camera and ``gymtimer analyse``; imported only when a camera opens or a clip is measured.
    "cv2",
    "msgspec",
    "platformdirs",
    "wakepy",
    # History's FIT export (store/fit_export.py), the FIT SDK's encoder.
    "garmin_fit_sdk",
)

#: The parts of GymTimer the self-test drives: a build without one of them fails, naming it.
APP_PARTS = (
    "gymtimer.ui.main_window",
    "gymtimer.live.driver",
    "gymtimer.live.session_keeper",
    "gymtimer.live.sound_control",
    "gymtimer.cues.engine",
    "gymtimer.cues.sound_process",
    "gymtimer.store.sessions",
    "gymtimer.ui.charts",
    "gymtimer.live.watching",
)

#: Resources the app cannot start without.
REQUIRED_RESOURCES = ("icons/gymtimer-256.png",)

#: Qt messages that mean a plugin or library was left out of the bundle. Not "No QtMultimedia
#: backends found": the bundle leaves the FFmpeg media backend out on purpose, since the cues need
#: only QMediaDevices and QAudioSink, which Qt Multimedia provides without any backend plugin.
MISSING_PLUGIN_SIGNS = (
    "Could not load the Qt platform plugin",
    "Could not find the Qt platform plugin",
    "Cannot load library",
    "Failed to load",
)

#: Seconds of each rep phase in the self-test workout: short, but long enough that the longest
#: phase tone (the lowering, 0.25 s) ends well before the next one starts, so each is heard apart.
PHASE_SECONDS = 0.4
#: A self-test workout that has not finished by then is stuck.
WORKOUT_TIMEOUT_SECONDS = 15.0

#: The watched workout (``--camera``): 1 set of this many reps at this tempo (lower-bottom-lift-squeeze: 4 s a
#: rep), after this lead-in (seconds). Short, with room after a fast lowering for the "slower" cue.
CAMERA_REPS = 2
CAMERA_TEMPO = "2-0.5-1-0.5"
CAMERA_LEAD_IN = 2.0
#: A watched workout that has not finished (its last rep judged) by then is stuck.
CAMERA_TIMEOUT_SECONDS = 30.0

#: How long the cue engine's sound process may take to open the output and start pulling sound.
ENGINE_OPEN_SECONDS = 5.0
#: In the app the cue engine opens at the first paint, long before Start: the workout starts this long after its
#: engine, whose first requests have settled by then (a first cue was once heard cut, started sooner).
ENGINE_SETTLE_SECONDS = 1.0
#: After the workout, time for the sound process's report of the last cues (5 a second).
TAIL_SECONDS = 0.5

Box = tuple[int, int, int, int]


class SelfTestFailure(Exception):
    """A part the app needs is missing; the message says which, in plain words."""


# ------------------------------------------------------------------ the checks before the app runs


def check_modules() -> dict:
    """Import every library module and every GymTimer module; a frozen app fails here if one was left out."""
    problems = []
    for name in REQUIRED_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as error:
            problems.append(f"{name}: {error}")
    import gymtimer

    ours = []
    for info in pkgutil.walk_packages(gymtimer.__path__, "gymtimer."):
        if info.name == "gymtimer.__main__":
            continue  # running it would start the app
        try:
            importlib.import_module(info.name)
        except ImportError as error:
            problems.append(f"{info.name}: {error}")
        ours.append(info.name)
    problems += [f"{part}: not in this build" for part in APP_PARTS if part not in ours]
    if problems:
        raise SelfTestFailure("Modules are missing: " + "; ".join(problems))
    return {"modules": len(REQUIRED_MODULES), "gymtimer_modules": len(ours)}


def check_resources() -> dict:
    """The sounds, voice clips and icons: the required ones exist, and how many there are per folder."""
    from gymtimer.resources import resource_path, resources_root

    root = resources_root()
    if not root.is_dir():
        raise SelfTestFailure(f"The resources folder is missing: {root}")
    for name in REQUIRED_RESOURCES:
        try:
            resource_path(name)
        except FileNotFoundError as error:
            raise SelfTestFailure(str(error)) from None
    counts = {
        folder.name: sum(1 for p in folder.rglob("*") if p.is_file())
        for folder in sorted(root.iterdir())
        if folder.is_dir()
    }
    return {"resources": counts}


def check_qt_plugins(app) -> dict:
    """The platform plugin and the image formats loaded, and Qt Multimedia sees a sound output.

    No media backend plugin is asked for: the app decodes its WAV clips itself and plays them
    through QAudioSink, which works without one (the bundle leaves the FFmpeg backend out).
    """
    from PySide6.QtGui import QIcon, QImageReader
    from PySide6.QtMultimedia import QMediaDevices

    from gymtimer.resources import resource_path

    icon = QIcon(str(resource_path(REQUIRED_RESOURCES[0])))
    if icon.isNull():
        raise SelfTestFailure("The app icon did not load: Qt's PNG support is missing")
    outputs = QMediaDevices.audioOutputs()
    if not outputs:
        raise SelfTestFailure("No sound output found: is a sound server (PulseAudio, PipeWire) running?")
    return {
        "platform": app.platformName(),
        "image_formats": sorted(bytes(f).decode() for f in QImageReader.supportedImageFormats()),
        "audio_outputs": len(outputs),
    }


def check_opencv() -> dict:
    """OpenCV loaded, and from where: inside the bundle, for a frozen app."""
    import cv2

    where = Path(cv2.__file__).resolve()
    bundle = getattr(sys, "_MEIPASS", None)
    inside = bundle is not None and where.is_relative_to(Path(bundle).resolve())
    if getattr(sys, "frozen", False) and not inside:
        raise SelfTestFailure(f"OpenCV was loaded from {where}, outside the app: the bundle lacks it")
    return {"opencv": {"loaded": True, "version": cv2.__version__, "in_bundle": inside, "file": str(where)}}


def check_charts(session: SessionRecord, data_dir: Path) -> dict:
    """Draw every history chart of ``session`` and save one as a PNG: pyqtgraph and numpy work."""
    from PySide6.QtWidgets import QApplication

    from gymtimer.ui.charts import Chart, ChartsView

    view = ChartsView()
    view.resize(900, 600)
    view.set_sessions([session])
    view.show()
    drawn = []
    for chart in Chart:
        view.show_chart(chart)
        QApplication.processEvents()
        if not view.shows_message():
            view.plot_item(chart)
            drawn.append(str(chart))
    if not drawn:
        raise SelfTestFailure("No history chart could be drawn from the self-test session")
    view.show_chart(Chart(drawn[0]))
    QApplication.processEvents()
    path = view.export_png(Path(data_dir) / "self-test-chart.png")
    view.close()
    if path.stat().st_size == 0:
        raise SelfTestFailure(f"The chart saved as {path} is empty")
    return {"charts_drawn": drawn, "chart_png": str(path)}


# ------------------------------------------------------------------ the app, run


def tiny_preset() -> Preset:
    """1 set of 2 reps at PHASE_SECONDS a phase, no lead-in: a tone a phase, no words, no lowering ticks."""
    from gymtimer.core.plan import Plan
    from gymtimer.core.presets import Preset, Variation
    from gymtimer.core.tempo import Tempo

    tempo = Tempo(lift=PHASE_SECONDS, squeeze=PHASE_SECONDS, lower=PHASE_SECONDS, bottom=0.0)
    plan = Plan(tempo=tempo, sets=1, reps=2, lead_in=0.0, switch_pause=0.0, rest=0.0)
    return Preset("Self-test", Variation.BODYWEIGHT, plan, cue_tones=True, cue_voice=False, cue_lowering_ticks=False)


def camera_preset() -> Preset:
    """1 set of CAMERA_REPS reps at CAMERA_TEMPO after CAMERA_LEAD_IN s, tones only (the clip is filmed to it)."""
    from gymtimer.core.plan import Plan
    from gymtimer.core.presets import Preset, Variation
    from gymtimer.core.tempo import Tempo

    plan = Plan(tempo=Tempo.parse(CAMERA_TEMPO), sets=1, reps=CAMERA_REPS, lead_in=CAMERA_LEAD_IN,
                switch_pause=0.0, rest=0.0)
    return Preset("Self-test with the camera", Variation.BODYWEIGHT, plan, cue_tones=True, cue_voice=False,
                  cue_lowering_ticks=False)


def _run_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Run Qt's event loop itself (its timers on time, as in the app) until ``condition()`` or ``seconds``."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(lambda: condition() and loop.quit())
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(loop.quit)
    poll.start()
    give_up.start(int(seconds * 1000))
    if not condition():
        loop.exec()
    poll.stop()
    give_up.stop()
    return condition()


@contextmanager
def _slot_crashes() -> Iterator[list[str]]:
    """A slot that raises is only printed by Qt: collect it, it is a finding like any other."""
    crashes: list[str] = []
    previous = sys.excepthook
    sys.excepthook = lambda kind, error, trace: crashes.append(
        "".join(traceback.format_exception(kind, error, trace)))
    try:
        yield crashes
    finally:
        sys.excepthook = previous
        for crash in crashes:
            print(crash, file=sys.stderr)
    if crashes:
        raise SelfTestFailure("The workout crashed: " + crashes[0].strip().splitlines()[-1])


def _show(window: MainWindow) -> float:
    """Show the window and wait for its page's first paint; when it came (wall clock, for start-up figures)."""
    from PySide6.QtCore import QEvent, QObject

    painted: list[float] = []

    class FirstPaint(QObject):
        """Notes the first paint of the page on screen, as app.py's does."""

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.time())
            return False

    watcher = FirstPaint(window)
    window.current_page().installEventFilter(watcher)
    window.show()
    if not _run_until(lambda: bool(painted), 5.0):
        raise SelfTestFailure("The window was never painted")
    window.current_page().removeEventFilter(watcher)
    return painted[0]


def _start_sound(window: MainWindow) -> CueEngine:
    """The cue engine, attached and started as app.py does after the first paint; fails unless it plays."""
    from gymtimer.cues.engine import CueEngine

    engine = CueEngine(parent=window)
    window.sound_control.attach(engine)
    engine.start()
    if not _run_until(lambda: engine.notice != "" or engine.mixer.requests > 0, ENGINE_OPEN_SECONDS):
        raise SelfTestFailure("The cue engine's sound output never asked for sound")
    _check_sound(engine)
    _run_until(lambda: engine.notice != "", ENGINE_SETTLE_SECONDS)
    _check_sound(engine)
    return engine


def _check_sound(engine: CueEngine) -> None:
    if engine.problems:
        raise SelfTestFailure("Cue sounds are missing or damaged: " + "; ".join(engine.problems))
    if not engine.sound_working or engine.notice:
        raise SelfTestFailure(f"The cue engine has no sound: {engine.notice or 'its sound process ended'}")


def _ready(window: MainWindow, preset: Preset) -> tuple[CueEngine, float]:
    """The workout screen of ``preset`` painted (Space would start it) and the sound on: (engine, painted at)."""
    window.sound_control.apply_preset(preset)
    window.prepare_exercise(preset, preset.plan.load, preset.plan.unit)
    painted_at = _show(window)
    return _start_sound(window), painted_at


def _let_sound_out(engine: CueEngine) -> None:
    """Wait for the sound process's report of the last cues, then until the last of them has sounded whole
    (the window's closing ends the sound process: "workout done" is 0.9 s long)."""
    _run_until(lambda: False, TAIL_SECONDS)
    state = engine.mixer
    end = max((cue.heard + state.lengths.get(cue.clip, 0.0) for cue in state.history), default=0.0) + 0.1
    _run_until(lambda: time.monotonic() > end, max(0.0, end - time.monotonic()) + 0.1)


def _played(engine: CueEngine) -> list[str]:
    """The clips the engine's sound process started, in the order they were heard (its two streams report apart)."""
    return [cue.clip for cue in sorted(engine.mixer.history, key=lambda cue: cue.heard)]


def _finish(window: MainWindow) -> str:
    """The lifter is done: the session joins the history. Its id; fails when it could not be saved."""
    session = window.keeper.session
    if session is None:
        raise SelfTestFailure("The session keeper holds no session after the workout")
    window.finish_session()
    unsaved = window.keeper.unsaved_journals()
    if unsaved:
        raise SelfTestFailure(f"The session could not be saved: {unsaved[0].last_error}")
    return session.id


def _close(window: MainWindow) -> None:
    """Close the window as the lifter does (the cue engine's sound process ends with it)."""
    if window.keeper.unsaved_journals():  # closing would ask where to save them: the failure says so already
        window.sound_control.close()
        window.hide()
    else:
        window.close()
    window.deleteLater()


def read_back(data_dir: Path, session_id: str) -> tuple[SessionRecord, Path]:
    """The session as the history reads it from ``DIR/sessions`` (store/sessions.py), and its file."""
    from gymtimer.store.sessions import SessionStore

    store = SessionStore(data_dir)
    loaded = store.load_all()
    if loaded.problems:
        raise SelfTestFailure("The history could not read back every session: "
                              + "; ".join(str(problem) for problem in loaded.problems))
    for session in loaded.sessions:
        if session.id == session_id:
            return session, store.path_of(session)
    raise SelfTestFailure(f"The session {session_id} is not in the history read back from {store.sessions_dir}")


def run_workout(data_dir: Path) -> tuple[SessionRecord, dict]:
    """The tiny preset lifted in the real window on the real clock, its session read back; (session, report)."""
    from gymtimer.core.workout import EventKind
    from gymtimer.ui.main_window import MainWindow

    window = MainWindow()
    try:
        with _slot_crashes():
            engine, painted_at = _ready(window, tiny_preset())
            phases: list[str] = []
            window.driver.events_happened.connect(lambda events: phases.extend(
                str(event.phase) for event in events if event.kind is EventKind.PHASE_STARTED))
            started = time.monotonic()
            window.driver.start()  # the lifter's Space
            done = _run_until(lambda: window.driver.workout.finished, WORKOUT_TIMEOUT_SECONDS)
            workout_ms = round((time.monotonic() - started) * 1000)
            _let_sound_out(engine)
        if not done:
            raise SelfTestFailure(f"The workout did not finish within {WORKOUT_TIMEOUT_SECONDS:g} s")
        _check_sound(engine)
        played, dropped = _played(engine), engine.mixer.dropped
        if not played:
            raise SelfTestFailure("No cue was played")
        session, path = read_back(data_dir, _finish(window))
    finally:
        _close(window)
    planned = session.exercises[0].plan if session.exercises else None
    reps = session.done()
    if planned is None or reps != planned.sets * planned.reps:
        raise SelfTestFailure(f"The session file {path} holds {reps} reps, not the 2 lifted")
    return session, {
        "painted_at": painted_at, "phases": phases, "phase_seconds": PHASE_SECONDS, "workout_ms": workout_ms,
        "cue_source": "gymtimer.cues.engine", "cues_played": len(played), "cue_clips": sorted(set(played)),
        "cues_in_order": played, "cues_dropped": dropped, "session_file": str(path), "reps": reps,
    }


def run_watched_workout(clip: Path, box: Box, data_dir: Path | None = None) -> dict:
    """A workout watched through ``clip`` as the camera, in a window started as ``--preset`` starts one."""
    if not clip.is_file():
        raise SelfTestFailure(f"The camera clip {clip} is not there")
    from gymtimer.live.camera import TEST_CAMERA_ENV, clip_camera
    from gymtimer.store import paths
    from gymtimer.store.camera_settings import CameraMemory
    from gymtimer.ui.main_window import MainWindow

    data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
    previous = os.environ.get(TEST_CAMERA_ENV)
    os.environ[TEST_CAMERA_ENV] = str(clip)
    window = MainWindow()
    try:
        camera = clip_camera()
        memory = CameraMemory(window.settings)
        memory.set_chosen(camera.name)
        memory.set_box(camera.name, box)
        memory.set_follow(False)
        with _slot_crashes():
            engine, _ = _ready(window, camera_preset())
            workout = window.driver.workout
            if not workout.watched:
                raise SelfTestFailure(f"The workout was not watched: {clip} was not taken as the camera")
            started = time.monotonic()
            window.driver.start()
            done = _run_until(lambda: workout.finished and not window.watch.watching, CAMERA_TIMEOUT_SECONDS)
            workout_ms = round((time.monotonic() - started) * 1000)
            _let_sound_out(engine)
        if not done:
            raise SelfTestFailure(f"The watched workout did not finish within {CAMERA_TIMEOUT_SECONDS:g} s")
        _check_sound(engine)
        played = _played(engine)
        record = workout.record.sets[0] if workout.record.sets else None
        if record is None or record.seen_count == 0:
            raise SelfTestFailure("The camera saw no rep of the clip: is the box around the hip, "
                                  f"and was the clip filmed to {CAMERA_TEMPO} after a {CAMERA_LEAD_IN:g} s lead-in?")
        session, path = read_back(data_dir, _finish(window))
    finally:
        _close(window)
        if previous is None:
            os.environ.pop(TEST_CAMERA_ENV, None)
        else:
            os.environ[TEST_CAMERA_ENV] = previous
    sets = [s for exercise in session.exercises for s in exercise.sets]
    if len(sets) != 1 or not sets[0].watched:
        raise SelfTestFailure(f"The session file {path} does not say the set was watched")
    reps = sets[0].reps
    return {"camera_clip": str(clip), "camera_box": list(box), "camera_tempo": CAMERA_TEMPO,
            "camera_reps_seen": sets[0].seen_count, "camera_cues_played": len(played), "camera_cues": played,
            "camera_workout_ms": workout_ms, "camera_session_file": str(path), "paced": sets[0].paced_count,
            "seen": sets[0].seen_count, "camera_reps_counted": sets[0].done(),
            "camera_flags": [None if r.seen is None else r.seen.lowering_too_fast for r in reps],
            "camera_lowered": [None if r.seen is None else round(r.seen.lower, 2) for r in reps]}


def check_body_model(clip: Path) -> dict:
    """The body model loads and sees the person of ``clip`` in at least half of its frames."""
    import statistics

    from gymtimer.vision import pose
    from gymtimer.vision.frames import FrameSource, VideoError

    reason = pose.missing_reason()
    if reason is not None:
        raise SelfTestFailure(f"The body model cannot run: {reason}")
    imported = "mediapipe" in sys.modules  # by the camera of the watched workout: then the load is the graph's only
    if not clip.is_file():
        raise SelfTestFailure(f"The clip for the body model {clip} is not there")
    started = time.perf_counter()
    model = pose.PoseModel()
    load_ms = (time.perf_counter() - started) * 1000
    frames, seen, times = 0, 0, []
    try:
        source = FrameSource(clip)
        try:
            for frame in source:
                if frame.picture is None:
                    continue
                started = time.perf_counter()
                found = model.look(frame.picture, frame.time)
                times.append((time.perf_counter() - started) * 1000)
                frames += 1
                seen += found is not None
        finally:
            source.close()
    except VideoError as error:
        raise SelfTestFailure(f"The clip for the body model cannot be read: {error}") from None
    finally:
        model.close()
    if frames == 0 or seen * 2 < frames:
        raise SelfTestFailure(f"The body model saw the person in {seen} of {frames} frames of {clip}")
    where = Path(sys.modules["mediapipe"].__file__ or "").resolve()
    bundle = getattr(sys, "_MEIPASS", None)
    return {"body_model": f"{seen} of {frames} frames", "body_model_frames": frames, "body_model_seen": seen,
            "body_model_load_ms": round(load_ms), "body_model_imported_before": imported,
            "body_model_ms_per_frame": round(statistics.median(times[1:] or times), 1),
            "body_model_in_bundle": bundle is not None and where.is_relative_to(Path(bundle).resolve())}


# ------------------------------------------------------------------ the whole run


def run_self_test(data_dir: str | os.PathLike[str], *, camera: tuple[Path, Box] | None = None,
                  pose: Path | None = None) -> int:
    """Run every check, print one JSON line of what was checked, return the exit code (0: all good).

    ``camera``: (a clip, the box around the hip in it) to run the watched workout too. ``pose``: a clip of a
    person to run the body model over (:func:`check_body_model`).
    """
    import gymtimer

    data_dir = Path(data_dir).expanduser().resolve()
    report: dict = {
        "self_test": "gymtimer",
        "version": gymtimer.__version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "data_dir": str(data_dir),
    }
    qt_messages: list[str] = []
    problems: list[str] = []
    try:
        app = _application(qt_messages)
        from gymtimer.store import paths

        paths.set_data_dir(data_dir)
        report.update(check_modules())
        report.update(check_resources())
        report.update(check_qt_plugins(app))
        session, lifted = run_workout(data_dir)
        report.update(lifted)
        report.update(check_charts(session, data_dir))
        # Every module imported, a workout run and its charts drawn: the model is still not loaded (it is, only
        # when the camera is used).
        report["body_model_lazy"] = "mediapipe" not in sys.modules
        if camera is not None:
            report.update(run_watched_workout(Path(camera[0]).expanduser().resolve(), camera[1], data_dir))
            report.update(check_opencv())
        from gymtimer.vision.pose import available

        report["body_model_available"] = available()
        if pose is not None:
            report.update(check_body_model(Path(pose).expanduser().resolve()))
    except SelfTestFailure as failure:
        problems.append(str(failure))
    except Exception as error:  # noqa: BLE001 - any crash is a finding, reported like the rest
        problems.append(f"{type(error).__name__}: {error}")
        traceback.print_exc()
    problems += [f"Qt says: {m}" for m in qt_messages if any(sign in m for sign in MISSING_PLUGIN_SIGNS)]
    report["qt_warnings"] = qt_messages[:20]
    report["problems"] = problems
    report["ok"] = not problems
    _publish(report, data_dir)
    for problem in problems:
        print(f"GymTimer self-test failed: {problem}", file=sys.stderr)
    return 0 if not problems else 1


def _application(qt_messages: list[str]):
    """The running QApplication, or a new offscreen one; Qt's warnings are collected for the report."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    previous = None

    def collect(kind, context, message):
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            qt_messages.append(message)
        if previous is not None:
            previous(kind, context, message)

    previous = qInstallMessageHandler(collect)
    return QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "gymtimer"])


def _publish(report: dict, data_dir: Path) -> None:
    line = json.dumps(report, sort_keys=True)
    if sys.stdout is not None:  # None in a windowed Windows build
        print(line, flush=True)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / "self-test.json").write_text(line + "\n", encoding="utf-8")
    except OSError as error:
        print(f"GymTimer self-test: could not write {data_dir / 'self-test.json'}: {error}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """``python -m gymtimer.self_test --data-dir DIR`` (the app's ``--self-test`` calls run_self_test)."""
    parser = argparse.ArgumentParser(prog="gymtimer --self-test", description=__doc__.splitlines()[0])
    parser.add_argument("--self-test", action="store_true", help="accepted for symmetry with the app")
    parser.add_argument("--data-dir", required=True, help="folder for the test session (created if missing)")
    parser.add_argument("--camera", metavar="CLIP", help="also run a workout watched through this clip as the camera")
    parser.add_argument("--box", metavar="X,Y,W,H", help="with --camera: the box around the hip in its first frame")
    parser.add_argument("--pose", metavar="CLIP", help="also run the body model over this clip of a person")
    args, _ = parser.parse_known_args(argv)
    if bool(args.camera) != bool(args.box):
        parser.error("--camera CLIP and --box X,Y,W,H go together")
    from gymtimer.vision.cli import parse_box

    try:
        camera = (Path(args.camera), parse_box(args.box)) if args.camera else None
    except argparse.ArgumentTypeError as error:
        parser.error(f"--box: {error}")
    return run_self_test(args.data_dir, camera=camera, pose=Path(args.pose) if args.pose else None)


if __name__ == "__main__":
    sys.exit(main())
