"""What keeping a set to watch back costs: memory held, time to keep a frame, time to save the set's video.

    python benchmarks/replay_film.py [--minutes 10] [--fps 30] [--set on_tempo]

Renders a synthetic set (dev/gymtimer_dev/synthetic.py) at the camera's
tracking width (320 px, the frames the watcher hands the film), then feeds
``--minutes`` of it, its frames over and over, at ``--fps`` into a
``SetFilm`` (gymtimer/vision/replay.py), as the watcher's worker thread does
during a set. Reported:

- frames_kept, mb_held: the film's own count of the JPEG bytes it holds, and
  mb_traced: what Python's allocator grew by meanwhile (tracemalloc), to show
  nothing else is held;
- kb_per_frame, keep_ms_median / p99: one frame offered to the film (JPEG
  encoding of the kept ones included) on the worker thread;
- save_s: "Save this set's video…" for the whole film (.mp4, mp4v);
- limit_mb: the film's budget (FILM_BYTES).

Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from gymtimer.vision.frames import FrameSource
from gymtimer.vision.replay import FILM_BYTES, SetFilm
from gymtimer_dev.synthetic import SETS, render


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the set fed to the film")
    parser.add_argument("--fps", type=float, default=30.0, help="the camera's frames a second")
    parser.add_argument("--set", default="on_tempo", choices=sorted(SETS), help="the rendered set whose frames are used")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="gymtimer-film-") as folder:
        video, _sidecar = render(args.set, Path(folder))
        frames = [frame.grey for frame in FrameSource(video)]
        film = SetFilm()
        keeps: list[float] = []
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        film.begin()
        for i in range(round(args.minutes * 60 * args.fps)):
            started = time.perf_counter()
            film.keep(i / args.fps, frames[i % len(frames)])
            keeps.append(time.perf_counter() - started)
        film.end()
        traced = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        started = time.perf_counter()
        film.save(Path(folder) / "set.mp4")
        save_s = time.perf_counter() - started

    keeps.sort()
    result = {
        "minutes": args.minutes,
        "fps": args.fps,
        "frame_size": list(film.size or (0, 0)),
        "frames_kept": len(film),
        "mb_held": round(film.bytes_held / 1e6, 1),
        "mb_traced": round(traced / 1e6, 1),
        "kb_per_frame": round(film.bytes_held / max(1, len(film)) / 1e3, 1),
        "keep_ms_median": round(1000 * statistics.median(keeps), 3),
        "keep_ms_p99": round(1000 * keeps[int(0.99 * (len(keeps) - 1))], 3),
        "save_s": round(save_s, 1),
        "limit_mb": round(FILM_BYTES / 1e6, 1),
    }
    print(f"{args.minutes:g} minutes at {args.fps:g} fps, {result['frame_size'][0]}×{result['frame_size'][1]} grey: "
          f"{result['frames_kept']} frames kept, {result['mb_held']} MB held ({result['mb_traced']} MB traced), "
          f"limit {result['limit_mb']} MB")
    print(f"{result['kb_per_frame']} KB a frame; offering a frame: median {result['keep_ms_median']} ms, "
          f"p99 {result['keep_ms_p99']} ms; saving the video: {result['save_s']} s")
    print(json.dumps(result))
    return 0 if film.bytes_held <= FILM_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
