"""What the setup page's live preview costs: the watcher's worker with the picture hand-off on and off, and the screen.

    python benchmarks/camera_preview.py [--runs 5] [--width 640]

Renders the synthetic on_tempo set (dev/gymtimer_dev/synthetic.py) at 640×480,
then has LiveWatcher read it as fast as it decodes (not in real time) with
the box drawn, ``pictures=False`` and ``pictures=True``, runs alternating.
Reported:

- worker_ms_per_frame_off / _on: processor time of the watcher a frame
  (the process's: OpenCV has threads of its own) (decoding, grey, scaling, tracking, counting, events; with ``on`` the
  latest picture put in its slot too), median of the runs; delta_ms the
  difference;
- handoff_us: the hand-off alone, timed apart (a Picture made and put in
  the slot: no copy of the frame), in microseconds;
- preview_only_ms_per_frame: the same with no box (the preview before a box
  is drawn: frames read, nothing tracked);
- screen_ms_per_picture: on the main thread, a picture taken from the slot
  turned into a QImage and the preview widget painted with it and its box
  (offscreen), median of 300; at 20 pictures a second that is
  screen_share_20fps of one core.

Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gymtimer.vision.frames import FrameSource
from gymtimer.vision.live import Finished, LiveWatcher
from gymtimer_dev.synthetic import render


def worker_ms_per_frame(video: Path, box, pictures: bool) -> float:
    """The worker thread's own processor time a frame, over one whole clip.

    Timed inside the frames' generator, from its first frame to its last: the
    process's processor time (OpenCV decodes and tracks on threads of its own
    too; the main thread only waits meanwhile) covers the decoding and
    everything the watcher does with each frame.
    """
    spent: list[float] = []
    read = [0]

    class Counted(FrameSource):
        def __iter__(self):
            started = time.process_time()
            for frame in super().__iter__():
                read[0] += 1
                yield frame
            spent.append(time.process_time() - started)

    done = threading.Event()
    watcher = LiveWatcher(lambda: Counted(video), box, pictures=pictures,
                          on_event=lambda e: done.set() if isinstance(e, Finished) else None)
    watcher.start()
    done.wait(120)
    watcher.stop()
    return 1000 * sum(spent) / max(1, read[0])


def screen_ms_per_picture(video: Path, box) -> float:
    from gymtimer.ui.camera_panel import CameraPreview

    preview = CameraPreview()
    preview.resize(320, 240)
    preview.show()
    source = FrameSource(video)
    grey_frames = [frame.grey for _, frame in zip(range(300), source)]
    source.close()
    canvas = QImage(preview.size(), QImage.Format.Format_ARGB32)
    preview.set_box(QRect(*(v // 2 for v in box)))
    times = []
    for grey in grey_frames:
        started = time.perf_counter()
        height, width = grey.shape
        image = QImage(grey.data, width, height, grey.strides[0], QImage.Format.Format_Grayscale8).copy()
        preview.show_picture(image)
        preview.render(canvas)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def handoff_us(video: Path) -> float:
    from gymtimer.vision.live import Picture

    source = FrameSource(video)
    grey = next(iter(source)).grey
    source.close()
    slot = [None]
    repeats = 100_000
    started = time.perf_counter()
    for i in range(repeats):
        slot[0] = Picture(float(i), grey, (640, 480))
    return (time.perf_counter() - started) / repeats * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--width", type=int, default=640)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(["bench", "-platform", "offscreen"])
    del app
    with tempfile.TemporaryDirectory() as folder:
        video, sidecar = render("on_tempo", Path(folder), width=args.width)
        box = tuple(json.loads(sidecar.read_text())["box"])
        off, on = [], []
        for _ in range(args.runs):
            off.append(worker_ms_per_frame(video, box, pictures=False))
            on.append(worker_ms_per_frame(video, box, pictures=True))
        preview_only = statistics.median([worker_ms_per_frame(video, None, True) for _ in range(args.runs)])
        screen = screen_ms_per_picture(video, box)
        handoff = handoff_us(video)
    result = {
        "worker_ms_per_frame_off": round(statistics.median(off), 3),
        "worker_ms_per_frame_on": round(statistics.median(on), 3),
        "delta_ms": round(statistics.median(on) - statistics.median(off), 3),
        "handoff_us": round(handoff, 2),
        "preview_only_ms_per_frame": round(preview_only, 3),
        "screen_ms_per_picture": round(screen, 3),
        "screen_share_20fps": round(screen * 20 / 1000, 4),
        "runs": args.runs,
        "width": args.width,
    }
    print(f"worker, a frame: {result['worker_ms_per_frame_off']} ms without pictures, "
          f"{result['worker_ms_per_frame_on']} ms with (delta {result['delta_ms']} ms; "
          f"the hand-off alone {result['handoff_us']} µs); "
          f"preview only (no box) {result['preview_only_ms_per_frame']} ms")
    print(f"screen, a picture: {result['screen_ms_per_picture']} ms "
          f"({100 * result['screen_share_20fps']:.2f} % of a core at 20 a second)")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
