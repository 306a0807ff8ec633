"""Size of the frozen GymTimer, what each trim saves, and its start-up time against the unfrozen app.

    python benchmarks/bundle.py [--runs N] [--no-build] [--onefile] [--with-pose] [--measure TRIM ...]

Builds the one-folder app twice: as shipped, and with every trim of
packaging/bundle_rules.py left out, so the table of trims adds up to a measured
difference; ``--measure TRIM`` builds once more without that one trim, to
measure a group of excluded modules on its own. Start-up is process start to
the first paint of the workout screen, offscreen, median of N runs after one
to warm the file cache: through the app's ``--startup-probe`` flag (else the
self-test's first paint). ``--onefile`` also builds and times the one-file app,
which unpacks itself on every start. ``--with-pose`` also builds (unless
``--no-build`` and it is there) the app with the body model (dist-pose/, ``make
freeze WITH_POSE=1``) and gives its size, its start-up (the model is not loaded
then), and, through the smoke test's self-test ``--pose`` on a rendered person
(a sound server is needed), the model's load and its ms a frame in the frozen
app. The last line is a JSON object.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _packaging_script(name: str):
    """packaging/build.py or bundle_rules.py, loaded by path: packaging/ is no package (its name would hide the
    'packaging' library), and neither script imports another."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _packaging_script("build")
bundle_rules = _packaging_script("bundle_rules")

MB = 1e6
#: The one-folder bundle's size target, MB: 180 (issue 7), raised to 330 by OpenCV (issue 14).
TARGET_MB = 330.0
#: The compressed bundle's size target (issue 14), MB.
TARGET_COMPRESSED_MB = 130.0
#: What OpenCV brings into the bundle: its module and the libraries its wheel ships (FFmpeg, OpenBLAS, codecs).
OPENCV_PARTS = ("cv2", "opencv_python_headless.libs")


def opencv_mb(folder: Path) -> dict[str, float]:
    """Size of each of OpenCV's parts inside the bundle, MB."""
    inside = folder / "_internal" if (folder / "_internal").is_dir() else folder
    return {part: round(build.folder_mb(inside / part), 1) for part in OPENCV_PARTS if (inside / part).exists()}


def opencv_version() -> str:
    """The opencv-python-headless wheel that was bundled (the one installed here)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("opencv-python-headless")
    except PackageNotFoundError:
        return "none"


#: The window the start-up is timed to: the workout screen of a preset, as benchmarks/startup.py times it.
PROBE_PRESET = "Eccentric single-leg hip thrust"


def body_model_mb(folder: Path) -> float:
    """What the body model's build has that the default one has not: mediapipe, its data and its libraries, MB."""
    inside = folder / "_internal" if (folder / "_internal").is_dir() else folder
    parts = ("mediapipe", "mediapipe.libs", "google", "absl", "flatbuffers", "attr", "attrs")
    return sum(build.folder_mb(inside / part) for part in parts if (inside / part).exists())


def body_model_figures(runs: int, rebuild: bool) -> dict:
    """The build with the body model: size, compressed, start-up, and the model's cost inside it."""
    exe = build.executable(build.POSE_DIST)
    if rebuild or not exe.exists():
        print("building with the body model ...", flush=True)
        exe = build.build(dist=build.POSE_DIST, work=build.POSE_WORK, with_pose=True)
    figures = {"pose_bundle_mb": round(build.folder_mb(exe.parent), 1),
               "pose_compressed_mb": round(compressed_mb(exe.parent), 1),
               "pose_parts_mb": round(body_model_mb(exe.parent), 1),
               "pose_frozen_start_ms": median_startup([str(exe)], runs)}
    sys.path.insert(0, str(ROOT / "packaging"))
    import smoke_test  # packaging/smoke_test.py: it needs a sound server (PulseAudio) for the self-test

    with tempfile.TemporaryDirectory(prefix="gymtimer-bundle-") as tmp:
        result = smoke_test.smoke(exe, Path(tmp), pose=True)
    report = result.report
    figures.update(pose_smoke_ok=result.ok, pose_problems=result.problems[:3],
                   pose_seen=report.get("body_model"), pose_lazy=report.get("body_model_lazy"),
                   pose_ms_per_frame=report.get("body_model_ms_per_frame"),
                   pose_load_ms=report.get("body_model_load_ms"))
    return figures


def all_trims() -> tuple[str, ...]:
    return (*bundle_rules.EXCLUDED_MODULES, *bundle_rules.EXCLUDED_FILES, *bundle_rules.STRIPPED)


def compressed_mb(folder: Path) -> float:
    """Size of the folder as a .tar.gz (what a download would weigh)."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = shutil.make_archive(str(Path(tmp) / folder.name), "gztar", folder.parent, folder.name)
        return Path(archive).stat().st_size / MB


def startup_ms(command: list[str], data_dir: Path) -> float | None:
    """Process start to first paint of the main window, in ms, through the app's ``--startup-probe``.

    The monotonic clock is shared by every process on the machine: it is read here just before the
    spawn and by the app at its first paint. Falls back to the self-test's paint (wall clock) for
    an app without the probe.
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("GYMTIMER_DATA_DIR", None)
    launched = time.monotonic()
    probe = subprocess.run([*command, "--startup-probe", "--data-dir", str(data_dir), "--preset", PROBE_PRESET],
                           env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    if probe.returncode == 0 and "painted_at=" in probe.stdout:
        return (float(probe.stdout.split("painted_at=")[1].split()[0]) - launched) * 1000
    launched = time.time()
    run = subprocess.run([*command, "--self-test", "--data-dir", str(data_dir)], env=env,
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if not lines or "painted_at" not in json.loads(lines[-1]):
        print(f"  no start-up figure from {command[0]}: {run.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    return (json.loads(lines[-1])["painted_at"] - launched) * 1000


def median_startup(command: list[str], runs: int) -> float | None:
    with tempfile.TemporaryDirectory() as tmp:
        startup_ms(command, Path(tmp) / "warm")  # the first run reads every file from disk
        times = [startup_ms(command, Path(tmp) / f"run{i}") for i in range(runs)]
    times = [t for t in times if t is not None]
    return round(statistics.median(times)) if times else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-up runs to take the median of (default 5)")
    parser.add_argument("--no-build", action="store_true", help="measure dist/gymtimer as it is; no trim table")
    parser.add_argument("--onefile", action="store_true", help="also build and time the one-file app")
    parser.add_argument("--with-pose", action="store_true",
                        help="also build and measure the app with the body model (dist-pose/)")
    parser.add_argument("--measure", action="append", default=[], metavar="TRIM",
                        help="also build without this one trim (a group of bundle_rules.py) to measure it alone")
    args = parser.parse_args(argv)
    unknown = [name for name in args.measure if name not in all_trims()]
    if unknown:
        parser.error(f"no such trim: {unknown}; the trims are: {list(all_trims())}")

    trims: dict[str, int] = {}
    untrimmed = None
    if not args.no_build:
        with tempfile.TemporaryDirectory() as tmp:
            print("building without any trim ...", flush=True)
            exe = build.build(dist=Path(tmp) / "dist", work=Path(tmp) / "build", keep=all_trims())
            untrimmed = build.folder_mb(exe.parent)
        print("building as shipped ...", flush=True)
        build.build()
        trims = build.trimmed_report(ROOT / "build")
    exe = build.executable(ROOT / "dist")
    bundle = build.folder_mb(exe.parent)
    packed = compressed_mb(exe.parent)

    if untrimmed is not None:
        file_trims = {group: size / MB for group, size in trims.items()}
        rows = sorted(file_trims.items(), key=lambda item: -item[1])
        rows.append(("excluded Python and PySide6 modules (all groups)", untrimmed - bundle - sum(file_trims.values())))
        print(f"\n{'trim':<66} {'MB saved':>9}")
        for name, saved in rows:
            print(f"{name:<66} {saved:>9.1f}")
        print(f"{'untrimmed bundle':<66} {untrimmed:>9.1f}")
        print(f"{'shipped bundle':<66} {bundle:>9.1f}")

    alone = {}
    for name in args.measure:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"building without {name!r} ...", flush=True)
            kept = build.build(dist=Path(tmp) / "dist", work=Path(tmp) / "build", keep=(name,))
            alone[name] = build.folder_mb(kept.parent) - bundle
    for name, saved in alone.items():
        print(f"{name + ' (alone)':<66} {saved:>9.1f}")

    onefile = onefile_ms = None
    if args.onefile:
        single = build.executable(ROOT / "dist", onefile=True)
        if not args.no_build or not single.exists():
            print("building the one-file app ...", flush=True)
            single = build.build(onefile=True)
        onefile = build.folder_mb(single)
        onefile_ms = median_startup([str(single)], args.runs)

    frozen = median_startup([str(exe)], args.runs)
    venv = median_startup([sys.executable, "-m", "gymtimer"], args.runs)
    print(f"\n{'figure':<40} {'value':>10}")
    print(f"{'one-folder bundle (MB)':<40} {bundle:>10.1f}  "
          f"({'within' if bundle <= TARGET_MB else 'OVER'} the {TARGET_MB:g} MB target by {abs(TARGET_MB - bundle):.1f})")
    print(f"{'compressed .tar.gz (MB)':<40} {packed:>10.1f}  "
          f"({'within' if packed <= TARGET_COMPRESSED_MB else 'OVER'} the {TARGET_COMPRESSED_MB:g} MB target)")
    opencv = opencv_mb(exe.parent)
    print(f"{'OpenCV wheel':<40} {opencv_version():>10}")
    for part, size in opencv.items():
        print(f"{'  of which OpenCV: ' + part + ' (MB)':<40} {size:>10.1f}")
    print(f"{'frozen start to first paint (ms)':<40} {frozen!s:>10}")
    print(f"{'unfrozen start to first paint (ms)':<40} {venv!s:>10}")
    if onefile is not None:
        print(f"{'one-file app (MB)':<40} {onefile:>10.1f}")
        print(f"{'one-file start to first paint (ms)':<40} {onefile_ms!s:>10}")
    pose = body_model_figures(args.runs, rebuild=not args.no_build) if args.with_pose else {}
    if pose:
        print(f"{'with the body model: bundle (MB)':<40} {pose['pose_bundle_mb']:>10.1f}  "
              f"(+{pose['pose_bundle_mb'] - bundle:.1f}; mediapipe and its parts {pose['pose_parts_mb']:.1f})")
        print(f"{'  compressed .tar.gz (MB)':<40} {pose['pose_compressed_mb']:>10.1f}  (+{pose['pose_compressed_mb'] - packed:.1f})")
        print(f"{'  start to first paint (ms)':<40} {pose['pose_frozen_start_ms']!s:>10}")
        print(f"{'  the model in the frozen app':<40} {pose['pose_seen']!s:>10}  ({pose['pose_ms_per_frame']} ms a frame "
              f"median, loaded in {pose['pose_load_ms']} ms; lazy: {pose['pose_lazy']}; smoke test "
              f"{'passed' if pose['pose_smoke_ok'] else pose['pose_problems']})")
    figures = {
        **pose,
        "bundle_mb": round(bundle, 1),
        "compressed_mb": round(packed, 1),
        "opencv_mb": round(sum(opencv.values()), 1),
        "opencv_version": opencv_version(),
        "frozen_start_ms": frozen,
        "venv_start_ms": venv,
    }
    if untrimmed is not None:
        figures["untrimmed_mb"] = round(untrimmed, 1)
    if onefile is not None:
        figures.update(onefile_mb=round(onefile, 1), onefile_start_ms=onefile_ms)
    if alone:
        figures["trims_alone_mb"] = {name: round(saved, 1) for name, saved in alone.items()}
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
