"""Which files of the frozen GymTimer are ever loaded: the evidence behind each trim of bundle_rules.py.

    python packaging/loaded_libraries.py [--exe PATH] [--top N]

Runs the built app's self-test (which imports every module, plays its cues
through the cue engine into a PulseAudio null sink and draws every history
chart) twice: offscreen, and on a private X server (Xvfb) as a lifter's
desktop would. Each run is traced with the dynamic loader's own log
(``LD_DEBUG=files``), which names every shared library loaded, linked or
opened with dlopen, even one closed again before the run ends; the loader's
list is checked against ``/proc/PID/maps`` of the running app halfway through.
Then it prints the bundle's shared libraries and extension modules that no
run loaded, biggest first. Linux only.

A library on that list is not proof that the app can do without it: Wayland
libraries, for one, load only on a Wayland desktop. It is the list to look into.
The last line is a JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import build
from smoke_test import NullSink

#: One line of the loader's log for a library it maps: "   1234:\tfile=libz.so.1 [0];  generating link map".
LOADED = re.compile(r"file=(\S+) \[\d+\];\s+(?:generating link map|dynamically loaded by)")
#: One line of the loader's log naming the path it found: "...trying file=/path/libz.so.1" is not it.
INIT = re.compile(r"calling init: (\S+)")


def is_shared_object(path: Path) -> bool:
    return path.is_file() and not path.is_symlink() and (path.suffix == ".so" or ".so." in path.name)


def bundle_libraries(folder: Path) -> dict[Path, int]:
    """Every shared library and extension module in the bundle (resolved path → bytes)."""
    return {p.resolve(): p.stat().st_size for p in folder.rglob("*") if is_shared_object(p)}


def paths_in_log(log_folder: Path) -> set[Path]:
    """The libraries the loader initialised, from every ``LD_DEBUG_OUTPUT`` file of the run."""
    found = set()
    for log in log_folder.glob("ld.*"):
        for line in log.read_text(errors="replace").splitlines():
            match = INIT.search(line)
            if match:
                found.add(Path(match.group(1)).resolve())
    return found


def paths_in_maps(pid: int) -> set[Path]:
    """The files mapped into a running process."""
    found = set()
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
            parts = line.split(maxsplit=5)
            if len(parts) == 6 and parts[5].startswith("/"):
                found.add(Path(parts[5]).resolve())
    return found


@contextlib.contextmanager
def x_server():
    """A private Xvfb display; yields its name."""
    for number in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=15)


def traced_self_test(exe: Path, workdir: Path, env: dict[str, str]) -> tuple[set[Path], set[Path], dict]:
    """Run the self-test under the loader's log; (loaded per the log, mapped halfway, the self-test's report)."""
    logs = workdir / "ld"
    logs.mkdir(parents=True)
    env = {**os.environ, **env, "LD_DEBUG": "files", "LD_DEBUG_OUTPUT": str(logs / "ld")}
    env.pop("GYMTIMER_DATA_DIR", None)
    command = [str(exe), "--self-test", "--data-dir", str(workdir / "data")]
    with NullSink(workdir / "cues.raw"):
        app = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        mapped: set[Path] = set()
        report_path = workdir / "data" / "sessions"
        # The maps are read once the workout has been saved: the cues have played by then.
        deadline = time.monotonic() + 90
        while app.poll() is None and time.monotonic() < deadline:
            if report_path.is_dir() and any(report_path.iterdir()):
                mapped = paths_in_maps(app.pid)
                break
            time.sleep(0.02)
        out, err = app.communicate(timeout=90)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    report = json.loads(lines[-1]) if lines else {"ok": False, "problems": [err.strip()[-1000:]]}
    return paths_in_log(logs), mapped, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", type=Path, default=build.executable(build.ROOT / "dist"),
                        help="the one-folder app (default: dist/gymtimer/gymtimer)")
    parser.add_argument("--top", type=int, default=40, help="how many never-loaded files to list")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("The loader's log and /proc are Linux's", file=sys.stderr)
        return 2
    missing = [p for p in ("Xvfb", "pulseaudio", "pactl", "parec") if shutil.which(p) is None]
    if missing:
        print(f"Needs {', '.join(missing)}", file=sys.stderr)
        return 2
    bundle = args.exe.resolve().parent
    libraries = bundle_libraries(bundle)
    loaded: set[Path] = set()
    runs = {}
    with tempfile.TemporaryDirectory(prefix="gymtimer-loaded-") as tmp:
        offscreen = traced_self_test(args.exe, Path(tmp) / "offscreen", {"QT_QPA_PLATFORM": "offscreen"})
        with x_server() as display:
            xcb = traced_self_test(args.exe, Path(tmp) / "xcb", {"QT_QPA_PLATFORM": "xcb", "DISPLAY": display})
    for name, (logged, mapped, report) in (("offscreen", offscreen), ("xcb", xcb)):
        if not report.get("ok"):
            print(f"The {name} self-test failed: {report.get('problems')}", file=sys.stderr)
            return 1
        in_bundle = {p for p in logged if p in libraries}
        not_logged = sorted(str(p.relative_to(bundle)) for p in mapped if p in libraries and p not in logged)
        runs[name] = {"loaded": len(in_bundle), "mapped_halfway": len({p for p in mapped if p in libraries}),
                      "mapped_but_not_in_log": not_logged}
        loaded |= in_bundle

    never = sorted((p for p in libraries if p not in loaded), key=lambda p: -libraries[p])
    total = sum(libraries.values()) / 1e6
    unused = sum(libraries[p] for p in never) / 1e6
    for name, run in runs.items():
        print(f"{name}: {run['loaded']} of the bundle's {len(libraries)} shared files loaded, "
              f"{run['mapped_halfway']} mapped once the session was saved"
              + (f"; mapped but not in the loader's log: {run['mapped_but_not_in_log']}" if run["mapped_but_not_in_log"] else ""))
    print(f"\nnever loaded: {len(never)} files, {unused:.1f} of {total:.1f} MB of shared files\n")
    print(f"{'MB':>6}  file")
    for path in never[: args.top]:
        print(f"{libraries[path] / 1e6:>6.2f}  {path.relative_to(bundle)}")
    print(json.dumps({
        "shared_files": len(libraries),
        "shared_mb": round(total, 1),
        "never_loaded": len(never),
        "never_loaded_mb": round(unused, 1),
        "runs": runs,
        "never_loaded_files": [str(p.relative_to(bundle)) for p in never],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
