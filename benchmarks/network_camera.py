"""What a network camera (a phone's MJPEG stream) costs: its extra delay and the frames it drops, on loopback.

    python benchmarks/network_camera.py [--width 640] [--fps 30] [--runs 2]

Renders the on-tempo synthetic set (dev/gymtimer_dev/synthetic.py) at ``--width``,
writes each frame's number into its top row (16 black or white 8-pixel
blocks), encodes the frames as JPEG and serves them at ``--fps`` from an
MJPEG server on 127.0.0.1 (dev/gymtimer_dev/mjpeg.py, as a phone's camera app
serves them). GymTimer's live path watches it: ``FrameSource(url)`` (FFmpeg's
HTTP and MJPEG reader, JPEG decoding, grey and scaling) inside ``LiveWatcher``
tracking the hip box on its worker thread, as during a set. The server and
the reader share ``time.monotonic()``, so on loopback the delay is measured
exactly. Reported:

- open_ms: from the watcher's start to its first frame (the address asked,
  FFmpeg's open, the first two frames);
- extra_delay_ms (median, p95, max): from the server's write of a frame to
  the moment the watcher has it (read, decoded, stamped): the delay this side
  adds beyond the phone and the Wi-Fi;
- frames_sent, frames_read, dropped, dropped_share: frames the server wrote
  while the watcher was reading, and those that never reached it (decoded
  frame numbers, so a repeat or a gap is seen);
- behind_s: what the preview says ("about 0.1 s behind"): the assumed phone
  part plus the measured arrival lateness (near 0 on loopback);
- stamp_err_ms_p95: how far each frame's time is from the server's write
  less the delay taken off (|stamp - (write - behind)|): this side's jitter;
- silent_host_s: how long a host that accepts and never answers is waited
  for before the words come (the open limit).

Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import ClassVar

import numpy as np

from gymtimer.core.camera_events import Height
from gymtimer.vision.frames import CameraUnavailable, FrameSource
from gymtimer.vision.live import LiveWatcher
from gymtimer_dev.figures import percentile
from gymtimer_dev.mjpeg import MjpegServer, SilentHost, jpeg_frames
from gymtimer_dev.synthetic import render

BITS = 16
BLOCK = 8


def mark(image: np.ndarray, number: int) -> None:
    """Writes ``number`` into the top row as 16 blocks, white for a 1."""
    for bit in range(BITS):
        image[:BLOCK, bit * BLOCK:(bit + 1) * BLOCK] = 255 if number >> bit & 1 else 0


def read_mark(grey: np.ndarray, scale: float) -> int:
    block = BLOCK * scale
    number = 0
    for bit in range(BITS):
        x = int((bit + 0.5) * block)
        if grey[int(block / 2), x] > 128:
            number |= 1 << bit
    return number


class MarkedSource(FrameSource):
    """The network camera's FrameSource, noting each frame's number and when the watcher got it."""

    got: ClassVar[list[tuple[int, float, float]]] = []  # (frame number, time.monotonic() when read, its stamp)

    def __iter__(self):
        for frame in super().__iter__():
            MarkedSource.got.append((read_mark(frame.grey, self.scale), time.monotonic(), frame.time))
            yield frame


def run(frames: list[bytes], box: tuple[int, int, int, int], fps: float) -> dict:
    MarkedSource.got = []
    heights = []
    with MjpegServer(frames, fps) as server:
        started = time.monotonic()
        watcher = LiveWatcher(lambda: MarkedSource(server.url), box,
                              on_event=lambda e: heights.append(e) if isinstance(e, Height) else None)
        watcher.start()
        while not MarkedSource.got and time.monotonic() - started < 10:
            time.sleep(0.005)
        opened = time.monotonic() - started
        duration = len(frames) / fps
        time.sleep(max(0.0, server.origin + duration - time.monotonic()) + 0.5)
        watcher.stop()
        sent = dict(server.sent)
    got = MarkedSource.got
    first, last = got[0][0], got[-1][0]
    window = [n for n in sent if first <= n <= last]
    numbers = {n for n, _, _ in got}
    delays = [(read - sent[n]) * 1000 for n, read, _ in got if n in sent]
    behind = statistics.median(read - stamp for _n, read, stamp in got[len(got) // 2:])
    stamp_errors = [abs(stamp - (sent[n] - behind)) * 1000 for n, _read, stamp in got if n in sent]
    return {"open_ms": opened * 1000, "delays": delays, "frames_sent": len(window), "frames_read": len(numbers),
            "dropped": len(set(window) - numbers), "tracked": len(heights), "behind_s": behind,
            "stamp_errors": stamp_errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--fps", type=float, default=30.0)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        video, sidecar = render("on_tempo", Path(folder), width=args.width, fps=args.fps)
        truth = json.loads(sidecar.read_text())
        frames = jpeg_frames(video, mark=mark)
    box = tuple(truth["box"])
    runs = [run(frames, box, args.fps) for _ in range(args.runs)]
    delays = [d for r in runs for d in r["delays"]]
    sent = sum(r["frames_sent"] for r in runs)
    dropped = sum(r["dropped"] for r in runs)
    with SilentHost() as host:
        started = time.monotonic()
        try:
            FrameSource(host.url)
        except CameraUnavailable:
            pass
        silent = time.monotonic() - started
    result = {
        "width": args.width, "height": truth["height"], "fps": args.fps, "runs": args.runs,
        "jpeg_kb_median": round(statistics.median(len(f) for f in frames) / 1024, 1),
        "open_ms_median": round(statistics.median(r["open_ms"] for r in runs), 1),
        "extra_delay_ms_median": round(statistics.median(delays), 2),
        "extra_delay_ms_p95": round(percentile(delays, 0.95), 2),
        "extra_delay_ms_max": round(max(delays), 2),
        "frames_sent": sent, "frames_read": sum(r["frames_read"] for r in runs), "dropped": dropped,
        "dropped_share": round(dropped / sent, 4) if sent else None,
        "frames_tracked": sum(r["tracked"] for r in runs),
        "behind_s": round(statistics.median(r["behind_s"] for r in runs), 3),
        "stamp_err_ms_p95": round(percentile([e for r in runs for e in r["stamp_errors"]], 0.95), 2),
        "silent_host_s": round(silent, 2),
    }
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
