"""``gymtimer --self-test``: proves that an installed or frozen GymTimer has every part it needs.

The contract, relied on by ``packaging/smoke_test.py`` and ``benchmarks/bundle.py``::

    gymtimer --self-test --data-dir DIR

starts the app offscreen (unless ``QT_QPA_PLATFORM`` says otherwise), imports
every module GymTimer and its libraries need, checks its resources and Qt
plugins, paces a tiny real-time workout (1 set of 2 reps, 0.4 s phases),
plays a cue at every phase, writes the session into ``DIR/sessions``, draws
every history chart of it and saves one as ``DIR/self-test-chart.png``, prints
one JSON line saying what it checked (also written to ``DIR/self-test.json``,
since a windowed Windows app has no stdout), and exits 0. Anything missing
(a module, a plugin, a resource, the sound output) makes it print what, on
stderr, and exit 1.

    gymtimer --self-test --data-dir DIR --camera CLIP --box X,Y,W,H

does all that, then runs a watched workout as the app runs one: 1 set of
:data:`CAMERA_REPS` paced reps at :data:`CAMERA_TEMPO` after a
:data:`CAMERA_LEAD_IN` s lead-in, with ``CLIP`` played in real time as the
camera (the hip in ``X,Y,W,H`` of its first frame), through the app's own
:class:`~gymtimer.live.watching.WorkoutWatch`, driver and cue engine (so a rep
lowered too fast is told "slower"). It saves that session too and adds to the
report what the camera saw (``camera_reps_seen``, ``paced``, ``seen``, and
``camera_flags``: each paced rep's "lowered too fast" as the saved session has
it), the cues played, and where OpenCV was loaded from (``opencv``). A clip
for it is filmed (or rendered) to that tempo, its first rep lifted at the
lead-in's end: the camera opens when the workout starts.

The sound and the session writing are pluggable: :func:`run_self_test` takes
any ``cues`` object with ``cue(event)`` and ``finish() -> dict``, and any
``save_session(record) -> Path``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import math
import os
import pkgutil
import sys
import time
import traceback
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Protocol

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
#: In the app the cue engine opens at the first paint, long before Start: the watched workout starts this long
#: after its engine, whose first requests have settled by then (its first cue was once heard cut, started sooner).
ENGINE_SETTLE_SECONDS = 1.0

Box = tuple[int, int, int, int]


class SelfTestFailure(Exception):
    """A part the app needs is missing; the message says which, in plain words."""


class Cues(Protocol):
    """What the self-test needs from a cue player."""

    def cue(self, event) -> None:
        """Sound the cue for one workout event (called for each phase start)."""

    def finish(self) -> dict:
        """Let the last cue sound out, stop, and report what was played."""


# ------------------------------------------------------------------ the cues


class ToneCues:
    """A short tone per phase through one QAudioSink: proves Qt Multimedia plays in this build."""

    SAMPLE_RATE = 48000
    TONE_SECONDS = 0.06
    FREQUENCIES: ClassVar[dict[str, float]] = {"lift": 880.0, "squeeze": 660.0, "lower": 440.0, "bottom": 330.0}

    def __init__(self) -> None:
        from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices

        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            raise SelfTestFailure("No sound output found: is a sound server (PulseAudio, PipeWire) running?")
        fmt = QAudioFormat()
        fmt.setSampleRate(self.SAMPLE_RATE)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not device.isFormatSupported(fmt):
            fmt = device.preferredFormat()
        self._format = fmt
        self._sink = QAudioSink(device, fmt)
        # Room for a few cues; a cue is written whole, the sink plays it out and idles.
        self._sink.setBufferSize(fmt.bytesForDuration(300_000))
        self._device = self._sink.start()
        self._check("open the sound output")
        self.played: list[str] = []
        self.device_name = device.description()

    def cue(self, event) -> None:
        phase = str(event.phase)
        self._device.write(self._tone(self.FREQUENCIES.get(phase, 550.0)))
        self._check(f"play the {phase} cue")
        self.played.append(phase)

    def finish(self) -> dict:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(int(self.TONE_SECONDS * 1000) + 250, loop.quit)
        loop.exec()
        self._check("play the cues to the end")
        self._sink.stop()
        return {"cue_source": "tone", "cues_played": len(self.played), "sound_output": self.device_name}

    def _check(self, doing: str) -> None:
        error = self._sink.error()
        # Underrun between cues is expected in push mode: the sink idles until the next cue.
        if error.name not in ("NoError", "UnderrunError"):
            raise SelfTestFailure(f"Could not {doing}: the sound output reports {error.name}")

    def _tone(self, frequency: float) -> bytes:
        from PySide6.QtMultimedia import QAudioFormat

        fmt = self._format
        count = int(fmt.sampleRate() * self.TONE_SECONDS)
        fade = max(1, int(fmt.sampleRate() * 0.005))  # no click at either end
        values = [
            0.5 * math.sin(2 * math.pi * frequency * i / fmt.sampleRate()) * min(1.0, i / fade, (count - i) / fade)
            for i in range(count)
        ]
        channels = fmt.channelCount()
        if fmt.sampleFormat() == QAudioFormat.SampleFormat.Float:
            samples = array("f", (v for v in values for _ in range(channels)))
        elif fmt.sampleFormat() == QAudioFormat.SampleFormat.Int16:
            samples = array("h", (int(v * 32767) for v in values for _ in range(channels)))
        elif fmt.sampleFormat() == QAudioFormat.SampleFormat.Int32:
            samples = array("i", (int(v * 2147483647) for v in values for _ in range(channels)))
        else:
            raise SelfTestFailure(f"The sound output wants {fmt.sampleFormat().name} samples, which the self-test cannot make")
        return samples.tobytes()


class EngineCues:
    """The app's own cue engine: tones mixed and played in its audio thread, as in a workout."""

    #: How long the engine's audio thread may take to open the output and start pulling sound.
    OPEN_SECONDS = 5.0

    def __init__(self) -> None:
        from gymtimer.cues.engine import CueEngine
        from gymtimer.cues.settings import CueSettings, Scheme

        # One tone per phase: no spoken words, no lowering ticks (a 0.4 s phase has none anyway).
        self._engine = CueEngine(CueSettings(scheme=Scheme.TONES, lowering_ticks=False))
        self._engine.start()
        if self._engine.mixer is None:
            raise SelfTestFailure("The cue engine could not start: " + "; ".join(self._engine.problems))
        if not _wait_until(lambda: self._engine.mixer.requests > 0 or not self._engine.sound_working,
                           self.OPEN_SECONDS):
            raise SelfTestFailure("The cue engine's sound output never asked for sound")
        if not self._engine.sound_working:
            raise SelfTestFailure(f"The cue engine lost its sound output: {self._engine.notice}")

    @property
    def engine(self):
        """The running :class:`~gymtimer.cues.engine.CueEngine`, to wire to a driver as the main window does."""
        return self._engine

    def cue(self, event) -> None:
        self._engine.play([event])

    def finish(self) -> dict:
        _wait_until(lambda: False, 0.5)  # the last cue's latency and length
        started = list(self._engine.mixer.history)
        working, notice, problems = self._engine.sound_working, self._engine.notice, self._engine.problems
        self._engine.close()
        if problems:
            raise SelfTestFailure("Cue sounds are missing or damaged: " + "; ".join(problems))
        if not working:
            raise SelfTestFailure(f"The cue engine lost its sound output: {notice}")
        return {"cue_source": "gymtimer.cues.engine", "cues_played": len(started),
                "cue_clips": sorted({cue.clip for cue in started}), "cues_in_order": [cue.clip for cue in started]}


def _wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Run Qt's event loop until ``condition()`` holds or ``seconds`` pass; whether it held."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() >= deadline:
            return False
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.01)  # the audio thread does the work; the loop only needs its signals
    return True


def _run_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Run Qt's event loop itself (its timers on time, as in the app) until ``condition()`` or ``seconds``."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(50)
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


def default_cues() -> tuple[Cues, str | None]:
    """The app's cue engine, or a plain tone (and a note why) when the engine itself cannot be imported."""
    try:
        importlib.import_module("gymtimer.cues.engine")
    except ModuleNotFoundError as error:
        if error.name != "gymtimer.cues.engine":
            raise  # the engine is there but a module it needs is not: that is a real failure
        return ToneCues(), "gymtimer.cues.engine is missing: a plain tone was played instead"
    return EngineCues(), None


# ------------------------------------------------------------------ the session


def save_session_json(record, data_dir: Path) -> Path:
    """Write ``record`` as ``DIR/sessions/<id>.json``, atomically."""
    import msgspec

    from gymtimer.store.atomic import atomic_write

    path = Path(data_dir) / "sessions" / f"{record.id}.json"
    atomic_write(path, msgspec.json.format(msgspec.json.encode(record)))
    return path


# ------------------------------------------------------------------ the checks


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
    if problems:
        raise SelfTestFailure("Modules are missing: " + "; ".join(problems))
    if "gymtimer.core.workout" not in ours:
        raise SelfTestFailure("GymTimer's own modules cannot be listed: the build left them out")
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


def check_charts(session, data_dir: Path) -> dict:
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


def show_window(app) -> dict:
    """Show a window and wait for its first paint; ``painted_at`` is wall-clock time, for start-up figures."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QLabel

    loop = QEventLoop()
    painted: list[float] = []

    class SelfTestWindow(QLabel):
        """A stand-in window whose first paint is timed."""

        def paintEvent(self, event):  # noqa: N802 (Qt's name)
            super().paintEvent(event)
            if not painted:
                painted.append(time.time())
                loop.quit()

    window = SelfTestWindow("GymTimer self-test")
    window.setAlignment(Qt.AlignmentFlag.AlignCenter)
    window.resize(320, 200)
    window.show()
    QTimer.singleShot(5000, loop.quit)
    if not painted:
        loop.exec()
    if not painted:
        raise SelfTestFailure("The window was never painted")
    return {"window": window, "painted_at": painted[0]}


def run_workout(cues: Cues) -> tuple[object, dict]:
    """Pace 1 set of 2 reps at PHASE_SECONDS a phase on the real monotonic clock, cueing every phase."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from gymtimer.core.plan import Plan
    from gymtimer.core.presets import Variation
    from gymtimer.core.tempo import Tempo
    from gymtimer.core.workout import EventKind, Workout

    plan = Plan(
        tempo=Tempo(lift=PHASE_SECONDS, squeeze=PHASE_SECONDS, lower=PHASE_SECONDS, bottom=0.0),
        sets=1,
        reps=2,
        lead_in=0.0,
        switch_pause=0.0,
        rest=0.0,
    )
    origin = time.monotonic()
    workout = Workout(plan, origin=origin, preset_name="Self-test", variation=Variation.BODYWEIGHT)
    phases: list[str] = []
    failures: list[BaseException] = []
    loop = QEventLoop()

    def handle(events) -> None:
        for event in events:
            if event.kind is EventKind.PHASE_STARTED:
                phases.append(str(event.phase))
                cues.cue(event)

    def wake() -> None:
        try:
            handle(workout.advance(time.monotonic()))
        except BaseException as error:  # noqa: BLE001 - surface it after the loop, not inside Qt's dispatcher
            failures.append(error)
        if failures or workout.finished:
            loop.quit()

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(5)
    timer.timeout.connect(wake)
    handle(workout.start(origin))
    timer.start()
    QTimer.singleShot(int(WORKOUT_TIMEOUT_SECONDS * 1000), loop.quit)
    loop.exec()
    timer.stop()
    if failures:
        raise failures[0]
    if not workout.finished:
        raise SelfTestFailure(f"The workout did not finish within {WORKOUT_TIMEOUT_SECONDS:g} s")
    report = dict(cues.finish())
    report.update(phases=phases, phase_seconds=PHASE_SECONDS, workout_ms=round((time.monotonic() - origin) * 1000))
    return workout.record, report


def run_watched_workout(clip: Path, box: Box) -> tuple[object, dict]:
    """Pace 1 set of CAMERA_REPS reps watched through ``clip`` as the camera, wired as the main window wires it.

    The app's own parts: a :class:`WorkoutDriver` on the real clock, the
    workout screen, a :class:`WorkoutWatch` (its camera feed opens ``clip`` in
    real time when the workout starts) and the cue engine hearing the driver.
    Returns the exercise once its last rep has been judged and the camera closed.
    """
    from gymtimer.core.camera_events import CameraEvent, CameraState, RepSeen
    from gymtimer.core.notices import Notices
    from gymtimer.core.plan import Plan
    from gymtimer.core.presets import Variation
    from gymtimer.core.tempo import Tempo
    from gymtimer.core.workout import Workout
    from gymtimer.live.camera import CameraChoice
    from gymtimer.live.driver import WorkoutDriver
    from gymtimer.live.watching import WorkoutWatch
    from gymtimer.ui.workout_view import WorkoutView

    if not clip.is_file():
        raise SelfTestFailure(f"The camera clip {clip} is not there")
    cues = EngineCues()
    engine = cues.engine
    _run_until(lambda: False, ENGINE_SETTLE_SECONDS)
    driver = WorkoutDriver()
    notices = Notices()
    view = WorkoutView(driver, notices)
    watch = WorkoutWatch(driver, view, notices, cues=lambda: engine)
    driver.events_happened.connect(engine.play)
    driver.schedule_changed.connect(lambda: engine.plan(driver.forecast()))
    seen: list[object] = []
    states: list[str] = []

    def heard(event: CameraEvent) -> None:
        match event:
            case RepSeen():
                seen.append(event)
            case CameraState(state=state, detail=detail):
                states.append(f"{state}: {detail}".rstrip(": "))

    watch.feed.reported.connect(heard)
    plan = Plan(tempo=Tempo.parse(CAMERA_TEMPO), sets=1, reps=CAMERA_REPS, lead_in=CAMERA_LEAD_IN,
                switch_pause=0.0, rest=0.0)
    origin = time.monotonic()
    workout = Workout(plan, origin=origin, preset_name="Self-test with the camera", variation=Variation.BODYWEIGHT,
                      watched=True)
    crashes: list[str] = []
    previous_hook = sys.excepthook
    # A slot that raises is only printed by Qt: collect it, it is a finding like any other.
    sys.excepthook = lambda kind, error, trace: crashes.append(
        "".join(traceback.format_exception(kind, error, trace)))
    try:
        driver.set_workout(workout)
        watch.begin(CameraChoice(str(clip), f"Test camera ({clip.name})", box), workout)
        engine.plan(driver.forecast())
        driver.start()
        done = _run_until(lambda: workout.finished and not watch.watching, CAMERA_TIMEOUT_SECONDS)
    finally:
        sys.excepthook = previous_hook
        watch.stop()
        driver.set_workout(None)
    played = cues.finish()
    view.deleteLater()
    for crash in crashes:
        print(crash, file=sys.stderr)
    if crashes:
        raise SelfTestFailure("The watched workout crashed: " + crashes[0].strip().splitlines()[-1])
    if not done:
        raise SelfTestFailure(f"The watched workout did not finish within {CAMERA_TIMEOUT_SECONDS:g} s")
    if not any(state.startswith("seeing") for state in states):
        raise SelfTestFailure("The camera never saw the hip in the box: " + "; ".join(states[-3:]))
    report = {"camera_clip": str(clip), "camera_box": list(box), "camera_tempo": CAMERA_TEMPO,
              "camera_reps_seen": len(seen), "camera_states": states,
              "camera_cues_played": played["cues_played"], "camera_cues": played["cues_in_order"],
              "camera_workout_ms": round((time.monotonic() - origin) * 1000)}
    return workout.record, report


def check_opencv() -> dict:
    """OpenCV loaded, and from where: inside the bundle, for a frozen app."""
    import cv2

    where = Path(cv2.__file__).resolve()
    bundle = getattr(sys, "_MEIPASS", None)
    inside = bundle is not None and where.is_relative_to(Path(bundle).resolve())
    if getattr(sys, "frozen", False) and not inside:
        raise SelfTestFailure(f"OpenCV was loaded from {where}, outside the app: the bundle lacks it")
    return {"opencv": {"loaded": True, "version": cv2.__version__, "in_bundle": inside, "file": str(where)}}


def check_watched_session(path: Path) -> dict:
    """Read the watched session back as the history would: each paced rep seen or not, and its verdict."""
    from gymtimer.store import session_files

    try:
        record = session_files.decode(Path(path).read_bytes())
    except (OSError, session_files.SessionFileError) as error:
        raise SelfTestFailure(f"The session file {path} cannot be read back: {error}") from None
    sets = record.exercises[0].sets if record.exercises else []
    if not sets or not sets[0].watched:
        raise SelfTestFailure(f"The session file {path} does not say the set was watched")
    reps = sets[0].reps
    report = {"camera_session_file": str(path), "paced": sets[0].paced_count, "seen": sets[0].seen_count,
              "camera_reps_counted": sets[0].done(),
              "camera_flags": [None if r.seen is None else r.seen.lowering_too_fast for r in reps],
              "camera_lowered": [None if r.seen is None else round(r.seen.lower, 2) for r in reps]}
    if report["seen"] == 0:
        raise SelfTestFailure("The camera saw no rep of the clip: is the box around the hip, "
                              f"and was the clip filmed to {CAMERA_TEMPO} after a {CAMERA_LEAD_IN:g} s lead-in?")
    return report


def build_session(exercise, name: str = "self-test"):
    """A one-exercise SessionRecord around the workout's record."""
    import gymtimer
    from gymtimer.core.records import SessionRecord

    started = dt.datetime.now(dt.UTC)
    return SessionRecord(
        id=started.strftime("%Y%m%dT%H%M%S") + f"-{name}",
        started_at=started,
        ended_at=started + dt.timedelta(seconds=exercise.ended or 0.0),
        app_version=gymtimer.__version__,
        exercises=[exercise],
    )


def check_session_file(path: Path, reps: int) -> dict:
    """Read the written session back as the history would."""
    import msgspec

    from gymtimer.core.records import SessionRecord

    try:
        record = msgspec.json.decode(Path(path).read_bytes(), type=SessionRecord)
    except (OSError, msgspec.ValidationError, msgspec.DecodeError) as error:
        raise SelfTestFailure(f"The session file {path} cannot be read back: {error}") from None
    done = record.done()
    if done != reps:
        raise SelfTestFailure(f"The session file {path} holds {done} reps, not {reps}")
    return {"session_file": str(path), "reps": done}


# ------------------------------------------------------------------ the whole run


def run_self_test(
    data_dir: str | os.PathLike[str],
    *,
    cues: Cues | None = None,
    save_session: Callable[[object], Path] | None = None,
    camera: tuple[Path, Box] | None = None,
) -> int:
    """Run every check, print one JSON line of what was checked, return the exit code (0: all good).

    ``camera``: (a clip, the box around the hip in it) to run the watched workout too.
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
    window = None
    try:
        app = _application(qt_messages)
        from gymtimer.store import paths

        paths.set_data_dir(data_dir)
        report.update(check_modules())
        report.update(check_resources())
        shown = show_window(app)
        window = shown.pop("window")
        report.update(shown)
        report.update(check_qt_plugins(app))
        note = None
        if cues is None:
            cues, note = default_cues()
        if note:
            report["note"] = note
            print(f"GymTimer self-test: {note}", file=sys.stderr)
        exercise, played = run_workout(cues)
        report.update(played)
        if report.get("cues_played", 0) < 1:
            raise SelfTestFailure("No cue was played")
        session = build_session(exercise)
        save = save_session or (lambda record: save_session_json(record, data_dir))
        report.update(check_session_file(save(session), reps=exercise.done()))
        report.update(check_charts(session, data_dir))
        if camera is not None:
            watched, seen = run_watched_workout(Path(camera[0]).expanduser().resolve(), camera[1])
            report.update(seen)
            report.update(check_watched_session(save(build_session(watched, "self-test-camera"))))
            report.update(check_opencv())
    except SelfTestFailure as failure:
        problems.append(str(failure))
    except Exception as error:  # noqa: BLE001 - any crash is a finding, reported like the rest
        problems.append(f"{type(error).__name__}: {error}")
        traceback.print_exc()
    finally:
        if window is not None:
            window.close()
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
    args, _ = parser.parse_known_args(argv)
    if bool(args.camera) != bool(args.box):
        parser.error("--camera CLIP and --box X,Y,W,H go together")
    from gymtimer.vision.cli import parse_box

    try:
        camera = (Path(args.camera), parse_box(args.box)) if args.camera else None
    except argparse.ArgumentTypeError as error:
        parser.error(f"--box: {error}")
    return run_self_test(args.data_dir, camera=camera)


if __name__ == "__main__":
    sys.exit(main())
