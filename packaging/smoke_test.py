"""Launches the frozen GymTimer as a user would and proves it starts, sounds, saves and exits cleanly.

    python packaging/smoke_test.py [--build] [--onefile] [--with-pose] [--exe PATH]

Builds the one-folder app if it is missing (or with ``--build``), renders a
synthetic set (dev/gymtimer_dev/synthetic.py, into TMP) filmed to the self-test's
watched workout, the second rep lowered too fast, starts a PulseAudio null
sink and records it, runs ``gymtimer --self-test --data-dir TMP --camera CLIP
--box X,Y,W,H`` offscreen with its sound sent to that sink, then fails on: a
non-zero exit, any ModuleNotFoundError or missing Qt plugin in the output, a
resource of the checkout missing from the bundle, no session file, paced cues
not heard one per phase, a watched session that does not hold both reps seen
with the second lowered too fast, OpenCV loaded from outside the bundle, or no
"slower" cue heard once in the recording. Then it renders a second set and
fails unless ``gymtimer analyse --json`` finds its reps, phases within 0.15 s
and flags as its truth. The last line printed is a JSON object of what was found.

``--with-pose`` tests the build with the body model (dist-pose/, ``make freeze
WITH_POSE=1``) the same way, and also renders a person (``figure="person"``)
for ``--self-test --pose CLIP``: it fails unless the model was not loaded before
it was used, was loaded from inside the bundle, and saw the person in at least
:data:`POSE_SEEN_SHARE` of the frames.
"""

from __future__ import annotations

import argparse
import array
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import build  # packaging/build.py: a script's own folder is on its import path
import bundle_rules

HERE = Path(__file__).resolve().parent
RATE = 48000  # dev/gymtimer_dev/soundcheck.py recognises the cues at this rate
#: How well a heard cue must match its clip to count as that clip (1.0: an exact copy).
CLIP_MATCH = 0.9
#: How far (s) the heard interval between two cues may be from the self-test's phase length.
INTERVAL_TOLERANCE = 0.1
#: Output that means the bundle lacks a part. Not "No QtMultimedia backends found": the FFmpeg
#: media backend is left out on purpose (the cues need only QAudioSink), and Qt says so at start.
MISSING_PART_SIGNS = (
    "ModuleNotFoundError",
    "No module named",
    "Could not load the Qt platform plugin",
    "Could not find the Qt platform plugin",
    "Cannot load library",
)


#: The share of a rendered person's frames the frozen body model must see them in (it sees every one from source).
POSE_SEEN_SHARE = 0.9


@dataclass
class SmokeResult:
    """What the smoke test found; ``problems`` empty means the frozen app is sound."""

    problems: list[str] = field(default_factory=list)
    report: dict = field(default_factory=dict)
    cue_onsets: list[float] = field(default_factory=list)
    seconds: float = 0.0
    analysis: dict = field(default_factory=dict)  # what ``gymtimer analyse --json`` said of a rendered clip
    heard: list[str] = field(default_factory=list)  # the clips recognised in the recording, in order
    watched: dict = field(default_factory=dict)  # the watched set as its session file has it

    @property
    def ok(self) -> bool:
        return not self.problems


class NullSink:
    """A PulseAudio null sink of our own, recorded from its monitor for as long as it is open."""

    def __init__(self, recording: Path) -> None:
        self.name = f"gymtimer_smoke_{os.getpid()}"
        self.recording = recording
        self._module: str | None = None
        self._previous_default: str | None = None
        self._parec: subprocess.Popen | None = None
        self._file = None

    def __enter__(self) -> NullSink:
        _ensure_pulseaudio()
        self._module = _run("pactl", "load-module", "module-null-sink", f"sink_name={self.name}", f"rate={RATE}",
                            "channels=1").strip()
        # Qt plays to the server's default sink by name (PULSE_SINK is not enough): make ours the default.
        self._previous_default = _run("pactl", "get-default-sink").strip() or None
        _run("pactl", "set-default-sink", self.name)
        # An idle sink is suspended and its monitor goes silent: keep it running (PLATFORM.md).
        with contextlib.suppress(subprocess.CalledProcessError):
            _run("pactl", "unload-module", "module-suspend-on-idle")
        self._file = open(self.recording, "wb")
        self._parec = subprocess.Popen(
            ["parec", "-d", f"{self.name}.monitor", "--format=s16le", f"--rate={RATE}", "--channels=1",
             "--latency-msec=20"],
            stdout=self._file,
        )
        deadline = time.monotonic() + 5
        while self.recording.stat().st_size < RATE // 10 and time.monotonic() < deadline:
            time.sleep(0.05)  # wait until the recording really flows before the app plays anything
        if self.recording.stat().st_size == 0:
            raise RuntimeError(f"parec records nothing from {self.name}.monitor")
        return self

    def __exit__(self, *exc) -> None:
        time.sleep(0.3)  # the last cue's tail
        if self._parec is not None:
            self._parec.terminate()
            self._parec.wait(timeout=5)
        if self._file is not None:
            self._file.close()
        if self._previous_default:
            with contextlib.suppress(subprocess.CalledProcessError):
                _run("pactl", "set-default-sink", self._previous_default)
        if self._module:
            with contextlib.suppress(subprocess.CalledProcessError):
                _run("pactl", "unload-module", self._module)

    def samples(self) -> array.array:
        """The recording as signed 16-bit samples."""
        data = array.array("h")
        raw = self.recording.read_bytes()
        data.frombytes(raw[: len(raw) // 2 * 2])
        return data


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def _ensure_pulseaudio() -> None:
    """Start a PulseAudio daemon unless one answers already."""
    if subprocess.run(["pactl", "info"], capture_output=True).returncode == 0:
        return
    subprocess.run(["pulseaudio", "--start", "--exit-idle-time=-1"], check=False, capture_output=True)
    deadline = time.monotonic() + 10
    while subprocess.run(["pactl", "info"], capture_output=True).returncode != 0:
        if time.monotonic() > deadline:
            raise RuntimeError("PulseAudio did not start: install pulseaudio and pulseaudio-utils (.ci/run does)")
        time.sleep(0.2)


def find_cues(samples, rate: int = RATE, threshold: float = 0.05, gap: float = 0.05) -> list[float]:
    """Onset times (s) of sounds louder than ``threshold`` of full scale after ``gap`` s of quiet."""
    window = rate // 200  # 5 ms
    level = threshold * 32767
    onsets: list[float] = []
    quiet_since = 0.0
    loud = False
    for start in range(0, len(samples) - window + 1, window):
        peak = max(abs(v) for v in samples[start : start + window])
        t = start / rate
        if peak >= level:
            if not loud and (not onsets or t - quiet_since >= gap):
                onsets.append(t)
            loud = True
        elif loud:
            loud = False
            quiet_since = t
    return onsets


def bundle_resources(exe: Path) -> set[str]:
    """Names (relative to the bundle's assets folder) in the built bundle: its folder, or the one-file app's archive."""
    inside = bundle_rules.BUNDLE_RESOURCES
    for root in (exe.parent / "_internal" / inside, exe.parent / inside):
        if root.is_dir():
            return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    from PyInstaller.archive.readers import CArchiveReader

    try:
        names = CArchiveReader(str(exe)).toc
    except Exception:  # noqa: BLE001 - not a one-file app either: nothing found
        return set()
    prefix = f"{inside.as_posix()}/"
    names = [name.replace("\\", "/") for name in names]
    return {name.removeprefix(prefix) for name in names if name.startswith(prefix)}


def watched_clip(folder: Path) -> tuple[Path, dict]:
    """A set filmed to the self-test's watched workout: its reps where the paced ones are, the last lowered too fast.

    The clip starts when the camera opens (the workout's start): the first rep is lifted at the lead-in's end.
    The fast lowering takes 40 % of the planned one and the bottom the rest, so the rep ends with the paced one.
    """
    from gymtimer.core.tempo import Tempo
    from gymtimer.self_test import CAMERA_LEAD_IN, CAMERA_REPS, CAMERA_TEMPO
    from gymtimer_dev.synthetic import RepSpec, SetSpec, render

    tempo = Tempo.parse(CAMERA_TEMPO)
    on = RepSpec(lift=tempo.lift, top=tempo.squeeze, lower=tempo.lower, bottom=tempo.bottom)
    fast = RepSpec(lift=tempo.lift, top=tempo.squeeze, lower=0.4 * tempo.lower, bottom=tempo.bottom + 0.6 * tempo.lower)
    # It plays on 2 s past the workout's end: the last rep is judged, and the camera closed, before the clip ends.
    spec = SetSpec("watched", CAMERA_TEMPO, (on,) * (CAMERA_REPS - 1) + (fast,), settle=CAMERA_LEAD_IN,
                   tail=fast.bottom + 2.0, bump_at=None)
    video, sidecar = render(spec, folder)
    return video, json.loads(sidecar.read_text())


def heard_clips(samples) -> list[str]:
    """The cue clips recognised in a recording (16-bit samples at RATE), in order: those matching whole."""
    import numpy as np

    from gymtimer.cues.mixer import load_clip
    from gymtimer.resources import resource_path
    from gymtimer_dev.soundcheck import RATE as CHECK_RATE
    from gymtimer_dev.soundcheck import find_onsets

    assert CHECK_RATE == RATE, "record at the rate the cue recognition works at"
    clips = {f"sounds/{p.name}": load_clip(f"sounds/{p.name}", RATE) for p in sorted(resource_path("sounds").glob("*.wav"))}
    recording = np.asarray(samples, dtype=np.float32) / 32768.0
    return [onset.clip for onset in find_onsets(recording, clips) if onset.match > CLIP_MATCH]


def check_watched(data_dir: Path, report: dict, truth: dict, result: SmokeResult) -> list[str]:
    """The watched set's session file holds every rep seen, flagged as the clip's truth; OpenCV is the bundle's."""
    from gymtimer.store import session_files

    problems = []
    found = Path(report.get("camera_session_file") or data_dir / "sessions" / "none")
    if not found.is_file() or not found.is_relative_to(data_dir / "sessions"):
        return [f"No session of the watched workout was written to {data_dir / 'sessions'}"]
    sets = [s for exercise in session_files.decode(found.read_bytes()).exercises for s in exercise.sets]
    if len(sets) != 1:
        return [f"The watched workout's session holds {len(sets)} sets, not 1: {found}"]
    record = sets[0]
    want = [rep["lowering_too_fast"] for rep in truth["reps"]]
    flags = [None if rep.seen is None else rep.seen.lowering_too_fast for rep in record.reps]
    result.watched = {"watched": record.watched, "paced": record.paced_count, "seen": record.seen_count,
                      "flags": flags, "lowered": [None if r.seen is None else round(r.seen.lower, 2) for r in record.reps]}
    if not record.watched or record.seen_count != len(want) or record.paced_count != len(want):
        problems.append(f"The watched set was not seen rep for rep ({len(want)} paced, {len(want)} seen): "
                        f"{result.watched}")
    elif flags != want:
        problems.append(f"The watched set's reps are flagged {flags}, the clip's truth {want}")
    if report.get("camera_flags") != flags:
        problems.append(f"The self-test reports the flags {report.get('camera_flags')}, its session file {flags}")
    opencv = report.get("opencv") or {}
    if not opencv.get("loaded") or not opencv.get("in_bundle"):
        problems.append(f"OpenCV was not loaded from inside the bundle: {opencv}")
    return problems


def check_cues(report: dict, onsets: list[float], heard: list[str], result: SmokeResult) -> list[str]:
    """The paced cues one per phase, PHASE_SECONDS apart; then the watched workout's, "slower" among them."""
    played = report.get("cues_played", 0)
    camera = report.get("camera_cues") or []
    if not onsets:
        return ["No cue was heard in the recording of the sound output"]
    if len(onsets) < played or (not camera and len(onsets) != played):
        return [f"{played} cues were played but {len(onsets)} were heard"]
    result.cue_onsets = onsets[:played]  # the paced workout's: the watched one comes after it
    phase = report.get("phase_seconds")
    gaps = [b - a for a, b in zip(result.cue_onsets, result.cue_onsets[1:])]
    # The first lift sounds at Start (the self-test's preset has no lead-in): played at once, it is heard
    # a key press's latency late (docs/cues.md). Every later cue was planned ahead: heard on its time.
    if phase and any(abs(gap - phase) > INTERVAL_TOLERANCE for gap in gaps[1:]):
        return [f"The cues were not {phase:g} s apart, one per phase: {[round(g, 3) for g in gaps]}"]
    if not camera:
        return []
    result.heard = heard
    if heard != report.get("cues_in_order", []) + camera:
        return [f"The cues heard are not those played: heard {heard}, played "
                f"{report.get('cues_in_order', []) + camera}"]
    if camera.count("sounds/slower.wav") != 1:
        return [f"The watched workout's cues hold no single 'slower' for the fast lowering: {camera}"]
    return []


def person_clip(folder: Path) -> Path:
    """A person lifting two reps, filmed from the side at the live camera's width (640 px) and 15 frames a second."""
    from gymtimer_dev.synthetic import RepSpec, SetSpec, render

    rep = RepSpec(lift=1.0, top=1.0, lower=1.5, bottom=1.0)
    spec = SetSpec("person", "1.5-1-1-1", (rep, rep), settle=1.0, tail=0.5, bump_at=None, walker=False,
                   figure="person")
    video, _ = render(spec, folder, width=640, fps=15.0)
    return video


def check_body_model(report: dict) -> list[str]:
    """The self-test's ``--pose`` report: the model loaded lazily, from inside the bundle, and saw the person."""
    if "body_model_seen" not in report:
        return ["The self-test did not run the body model"]
    problems = []
    if report.get("body_model_lazy") is not True:
        problems.append("The body model was loaded before the camera was used: it must load only then")
    if report.get("body_model_in_bundle") is not True:
        problems.append("The body model was not loaded from inside the bundle")
    if report["body_model_seen"] < POSE_SEEN_SHARE * report["body_model_frames"]:
        problems.append(f"The body model saw the rendered person in {report['body_model']} only")
    return problems


def smoke(exe: Path, workdir: Path, timeout: float = 90.0, pose: bool = False) -> SmokeResult:
    """Run the frozen app's self-test, a watched workout included, against a recorded null sink and judge it.

    ``pose``: the build has the body model; the self-test also runs it over a rendered person.
    """
    result = SmokeResult()
    data_dir = workdir / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("GYMTIMER_DATA_DIR", None)
    env.pop("GYMTIMER_TEST_CAMERA", None)  # the clip is handed to the self-test itself
    clip, truth = watched_clip(workdir / "watched")
    camera = ["--camera", str(clip), "--box", ",".join(str(v) for v in truth["box"])]
    if pose:
        camera += ["--pose", str(person_clip(workdir / "person"))]
        timeout += 60.0  # the model's load and a few seconds of frames
    started = time.monotonic()
    with NullSink(workdir / "cues.raw") as sink:
        try:
            run = subprocess.run([str(exe), "--self-test", "--data-dir", str(data_dir), *camera], env=env,
                                 capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            result.problems.append(f"The frozen app did not exit within {timeout:g} s")
            return result
    result.seconds = time.monotonic() - started
    output = run.stdout + run.stderr
    if run.returncode != 0:
        result.problems.append(f"The frozen app exited with {run.returncode}: {run.stderr.strip()[-2000:]}")
    result.problems += [f"The output says {sign!r}" for sign in MISSING_PART_SIGNS if sign in output]
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if not lines:
        result.problems.append(f"The self-test printed no JSON line; output: {output.strip()[-2000:]}")
        return result
    result.report = report = json.loads(lines[-1])
    if not report.get("frozen"):
        result.problems.append("The app does not know it is frozen: was the right executable run?")
    missing = sorted(bundle_rules.runtime_resource_names() - bundle_resources(exe))
    if missing:
        result.problems.append(f"Resources missing from the bundle: {', '.join(missing)}")
    sessions = list((data_dir / "sessions").glob("*.json"))
    if not sessions:
        result.problems.append(f"No session was written to {data_dir / 'sessions'}")
    samples = sink.samples()
    result.problems += check_cues(report, find_cues(samples), heard_clips(samples), result)
    result.problems += check_watched(data_dir, report, truth, result)
    result.problems += analyse_clip(exe, workdir, env, result)
    if pose:
        result.problems += check_body_model(report)
    elif report.get("body_model_available") is not False:
        result.problems.append("The default build has the body model: it should say the model is not in it")
    return result


def analyse_clip(exe: Path, workdir: Path, env: dict, result: SmokeResult, timeout: float = 90.0) -> list[str]:
    """The frozen app measures a synthetic set (rendered here, into ``workdir``) as its truth says."""
    from gymtimer_dev.synthetic import render
    video, sidecar = render("quick", workdir / "clip")
    truth = json.loads(sidecar.read_text())
    box = ",".join(str(v) for v in truth["box"])
    try:
        run = subprocess.run([str(exe), "analyse", str(video), "--box", box, "--tempo", truth["tempo"], "--json"],
                             env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return [f"The frozen app did not analyse the clip within {timeout:g} s"]
    if run.returncode != 0 or not run.stdout.strip():
        return [f"The frozen app's analyse exited with {run.returncode}: {run.stderr.strip()[-2000:]}"]
    result.analysis = measured = json.loads(run.stdout.strip().splitlines()[-1])
    if len(measured["reps"]) != len(truth["reps"]):
        return [f"The frozen app found {len(measured['reps'])} reps in the clip, not {len(truth['reps'])}"]
    problems = []
    for number, (rep, want) in enumerate(zip(measured["reps"], truth["reps"]), 1):
        for key in ("start", "lift", "top", "lower"):
            if abs(rep[key] - want[key]) > 0.15:
                problems.append(f"Rep {number} of the clip: {key} {rep[key]} s, the truth {want[key]:.3f} s")
        if rep["lowering_too_fast"] != want["lowering_too_fast"] or rep["complete"] != want["complete"]:
            problems.append(f"Rep {number} of the clip is flagged unlike its truth: {rep}")
    return problems


def is_stale(exe: Path) -> bool:
    """True when the app is missing or older than any source it is built from."""
    if not exe.exists():
        return True
    built = exe.stat().st_mtime
    sources = [build.ROOT / "gymtimer", HERE, build.ROOT / "pyproject.toml"]
    return any(
        path.stat().st_mtime > built
        for source in sources
        for path in ([source] if source.is_file() else source.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    )


def run(build_first: bool = False, exe: Path | None = None, onefile: bool = False,
        with_pose: bool = False) -> SmokeResult:
    """Build if asked or if the app is older than its sources, then smoke-test the one-folder (or one-file) app;
    ``with_pose``: the one with the body model, in dist-pose/."""
    if exe is None:
        dist, work = (build.POSE_DIST, build.POSE_WORK) if with_pose else (build.ROOT / "dist", build.ROOT / "build")
        exe = build.executable(dist, onefile)
        if build_first or is_stale(exe):
            exe = build.build(onefile=onefile, dist=dist, work=work, with_pose=with_pose)
    with tempfile.TemporaryDirectory(prefix="gymtimer-smoke-") as folder:
        return smoke(exe, Path(folder), pose=with_pose)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="rebuild the app first")
    parser.add_argument("--exe", type=Path, help="the frozen executable (default: dist/gymtimer/gymtimer)")
    parser.add_argument("--onefile", action="store_true", help="test the one-file app dist/gymtimer-onefile")
    parser.add_argument("--with-pose", action="store_true",
                        help="test the build with the body model (dist-pose/gymtimer/gymtimer)")
    args = parser.parse_args(argv)
    missing = [p for p in ("pulseaudio", "pactl", "parec") if shutil.which(p) is None]
    if missing:
        print(f"The smoke test needs {', '.join(missing)} (installed by .ci/run)", file=sys.stderr)
        return 2
    result = run(build_first=args.build, exe=args.exe, onefile=args.onefile, with_pose=args.with_pose)
    for problem in result.problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    intervals = [round(b - a, 3) for a, b in zip(result.cue_onsets, result.cue_onsets[1:])]
    print(f"{'ok' if result.ok else 'FAILED'}: {len(result.cue_onsets)} paced cues heard, intervals {intervals} s; "
          f"watched set {result.watched}, 'slower' heard {result.heard.count('sounds/slower.wav')} time(s); "
          f"run in {result.seconds:.1f} s")
    print(json.dumps({"ok": result.ok, "problems": result.problems, "cues_heard": len(result.cue_onsets),
                      "cue_intervals_s": intervals, "watched": result.watched, "clips_heard": result.heard,
                      "self_test_s": round(result.seconds, 1), "self_test": result.report,
                      "analysed_reps": len(result.analysis.get("reps", [])),
                      "body_model": result.report.get("body_model")}))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
