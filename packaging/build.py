"""Builds the stand-alone GymTimer with PyInstaller: ``make freeze`` or ``python packaging/build.py``.

One folder by default (dist/gymtimer, or dist/GymTimer.app on macOS besides);
``--onefile`` builds the single executable dist/gymtimer-onefile instead.
``--with-pose`` (``make freeze WITH_POSE=1``) builds the app with the body model into
dist-pose/ (the installed mediapipe of ``make pose``; docs/packaging.md).
Prints where the app is and how big; the last line is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: Where the build with the body model goes, beside the default one.
POSE_DIST = ROOT / "dist-pose"
POSE_WORK = ROOT / "build-pose"
SPECS = {"onefolder": HERE / "gymtimer.spec", "onefile": HERE / "gymtimer-onefile.spec"}
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def executable(dist: Path, onefile: bool = False) -> Path:
    """Where the built app's executable is."""
    if onefile:
        return dist / f"gymtimer-onefile{EXE_SUFFIX}"
    return dist / "gymtimer" / f"gymtimer{EXE_SUFFIX}"


def folder_mb(path: Path) -> float:
    """Size on disk of a file or a folder, in MB (10^6 bytes)."""
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def build(
    *,
    onefile: bool = False,
    dist: Path = ROOT / "dist",
    work: Path = ROOT / "build",
    keep: tuple[str, ...] = (),
    quiet: bool = True,
    with_pose: bool = False,
) -> Path:
    """Run PyInstaller on the spec; ``keep`` names trims of bundle_rules.py to leave out; ``with_pose`` keeps the
    body model in. Returns the executable."""
    spec = SPECS["onefile" if onefile else "onefolder"]
    env = dict(os.environ)
    env["GYMTIMER_BUNDLE_KEEP"] = ";".join(keep)
    env["GYMTIMER_WITH_POSE"] = "1" if with_pose else ""
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
        "--distpath", str(dist), "--workpath", str(work),
        "--log-level", "WARN" if quiet else "INFO",
        str(spec),
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=quiet, text=True)
    if result.returncode != 0:
        if quiet:
            sys.stderr.write(result.stdout[-4000:] + result.stderr[-8000:])
        raise SystemExit(f"PyInstaller failed on {spec.name} (exit {result.returncode})")
    exe = executable(dist, onefile)
    if not exe.exists():
        raise SystemExit(f"PyInstaller finished but {exe} is not there")
    return exe


def trimmed_report(work: Path, onefile: bool = False) -> dict[str, int]:
    """Bytes each trim dropped in the last build (written by the spec)."""
    path = work / ("gymtimer-onefile" if onefile else "gymtimer") / "trimmed.json"
    return json.loads(path.read_text()) if path.exists() else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onefile", action="store_true", help="build the single-file app instead")
    parser.add_argument("--with-pose", action="store_true",
                        help="with the body model (`make pose` first), into dist-pose/ unless --dist says otherwise")
    parser.add_argument("--dist", type=Path, help="output folder (default: dist/, or dist-pose/ with --with-pose)")
    parser.add_argument("--work", type=Path, help="PyInstaller's work folder (default: build/, or build-pose/)")
    parser.add_argument("--verbose", action="store_true", help="show PyInstaller's whole log")
    args = parser.parse_args(argv)
    started = time.monotonic()
    dist = args.dist or (POSE_DIST if args.with_pose else ROOT / "dist")
    work = args.work or (POSE_WORK if args.with_pose else ROOT / "build")
    exe = build(onefile=args.onefile, dist=dist, work=work, quiet=not args.verbose, with_pose=args.with_pose)
    seconds = time.monotonic() - started
    bundle = exe if args.onefile else exe.parent
    size = folder_mb(bundle)
    print(f"Built {exe} in {seconds:.0f} s: {size:.0f} MB")
    if sys.platform == "darwin" and not args.onefile:
        print(f"macOS app: {dist / 'GymTimer.app'}")
    print(json.dumps({"executable": str(exe), "bundle_mb": round(size, 1), "build_s": round(seconds, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
