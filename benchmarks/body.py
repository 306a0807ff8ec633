"""The body's verdicts on landmark traces of public clips, against the labels: errors counted.

    python benchmarks/body.py [--traces tests/core/traces]

The traces (numbers only: ``dev/gymtimer_dev/landmarks.py`` wrote them from the
clips named in ``benchmarks/realclips.json``) and their labels
(``labels.json`` beside them) are read; no model and no video is needed. For
each labelled rep top: the angles, the verdict and the truth; for each
labelled stretch of a single-leg clip: frames with a foot called raised, the
wrong foot, or none. Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import msgspec

from gymtimer.core import body
from gymtimer.core.body import Landmarks

TRACES = Path(__file__).resolve().parents[1] / "tests" / "core" / "traces"


def _frames(folder: Path, clip: str) -> list[Landmarks]:
    data = json.loads((folder / f"{clip}.json").read_text(encoding="utf-8"))
    return [msgspec.convert(f, Landmarks) for f in data["frames"] if "left" in f]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--traces", type=Path, default=TRACES)
    args = parser.parse_args(argv)
    labels = json.loads((args.traces / "labels.json").read_text(encoding="utf-8"))
    lockout_errors = 0
    print(f"{'clip':28} {'top s':>11} {'shin':>6} {'knee':>6} {'thigh':>6} {'torso':>6}  verdict / truly")
    for label in labels["tops"]:
        frames = _frames(args.traces, label["clip"])
        floor = body.find_floor(frames)
        top = [f for f in frames if label["from"] <= f.t <= label["to"]]
        lockout = body.lockout(top, floor, bench=label["bench"]) if floor is not None else None
        verdict = lockout.verdict if lockout is not None else "not seen"
        wrong = verdict != label["truly"]
        lockout_errors += wrong
        angles = ("{:6.1f} " * 4).format(lockout.shin, lockout.knee, lockout.thigh, lockout.torso) if lockout else " " * 28
        print(f"{label['clip']:28} {label['from']:5.2f}-{label['to']:5.2f} {angles} {verdict}"
              + (f"  ✗ truly {label['truly']}" if wrong else ""))
    raised = {"frames": 0, "false_raised": 0, "wrong_foot": 0, "missed": 0}
    for label in labels["raised"]:
        frames = _frames(args.traces, label["clip"])
        floor = body.find_floor(frames)
        for frame in (f for f in frames if label["from"] <= f.t <= label["to"]):
            said = body.raised_in(frame, floor) if floor is not None else None
            raised["frames"] += 1
            if label["raised"] is None and said is not None:
                raised["false_raised"] += 1
            elif label["raised"] is not None and said is None:
                raised["missed"] += 1
            elif label["raised"] is not None and said != label["raised"]:
                raised["wrong_foot"] += 1
    print(f"raised foot, frame by frame: {raised}")
    print(json.dumps({"lockout_tops": len(labels["tops"]), "lockout_errors": lockout_errors, **{
        f"raised_{k}": v for k, v in raised.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
