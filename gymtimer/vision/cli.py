"""``gymtimer analyse VIDEO --box X,Y,W,H [--tempo E-B-C-T] [--json]``: measures a filmed set."""

from __future__ import annotations

import argparse
import json
import sys

PROG = "gymtimer analyse"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, as every other refusal of this command
        self.exit(2, f"{PROG}: {message} (see {PROG} --help)\n")


def parse_box(text: str) -> tuple[int, int, int, int]:
    """``X,Y,W,H`` as four whole pixels; a refusal in the lifter's words (also ``gymtimer --self-test --box``)."""
    parts = text.split(",")
    try:
        x, y, w, h = (round(float(p)) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a box: give four numbers X,Y,W,H in the video's pixels, e.g. 120,300,80,60") from None
    return x, y, w, h


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = _Parser(
        prog=PROG,
        description="Measures a filmed set of hip thrusts, side view: every rep, its lift, squeeze, "
                    "lowering and bottom pause, short reps, and lowerings faster than planned.",
        epilog="Times are seconds from the first frame. The video is read, never written or sent anywhere.")
    parser.add_argument("video", metavar="VIDEO", help="the filmed set (a phone clip: .mp4, .mov, ...)")
    parser.add_argument("--box", type=parse_box, required=True, metavar="X,Y,W,H",
                        help="a box around the hip in the first frame, in the video's pixels")
    parser.add_argument("--tempo", metavar="E-B-C-T",
                        help="the planned tempo (lower-bottom-lift-squeeze, e.g. 3-0-1-1): flags lowerings too fast")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    return parser.parse_args(argv)


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def table(analysis, planned_lower: float | None) -> str:
    lines = [f"{analysis.video}: {analysis.frames} frames, {analysis.fps:.1f} frames a second", ""]
    if not analysis.reps:
        lines.append("No rep found. Is the box around the hip, and does the hip rise and fall in the video?")
        return "\n".join(lines)
    lines.append(f"{'Rep':>3}  {'Start':>6}  {'Lift':>5}  {'Squeeze':>7}  {'Lower':>5}  {'Bottom':>6}  {'Range':>6}  ")
    for number, rep in enumerate(analysis.reps, 1):
        notes = ([] if rep.complete else ["short"]) + (["lowering too fast"] if rep.lowering_too_fast else [])
        lines.append(f"{number:>3}  {rep.start:>6.2f}  {rep.lift:>5.2f}  {rep.top:>7.2f}  {rep.lower:>5.2f}  "
                     f"{_seconds(rep.bottom):>6}  {rep.range:>4.0f} px  {', '.join(notes)}".rstrip())
    short = sum(1 for r in analysis.reps if not r.complete)
    summary = f"{len(analysis.reps)} reps: {len(analysis.reps) - short} complete, {short} short"
    if planned_lower is not None:
        fast = sum(1 for r in analysis.reps if r.lowering_too_fast)
        summary += f"; {fast} lowering{'s' if fast != 1 else ''} too fast (under 75 % of the planned {planned_lower:g} s)"
    lines += ["", summary, "Seconds from the first frame; Range is how far the hip rose, in the video's pixels."]
    return "\n".join(lines)


def as_json(analysis) -> str:
    def rounded(value, digits):
        return None if value is None else round(value, digits)

    return json.dumps({
        "video": analysis.video, "frames": analysis.frames, "fps": analysis.fps,
        "reps": [{"start": round(r.start, 3), "lift": round(r.lift, 3), "top": round(r.top, 3),
                  "lower": round(r.lower, 3), "bottom": rounded(r.bottom, 3), "range": round(r.range, 2),
                  "complete": r.complete, "lowering_too_fast": r.lowering_too_fast} for r in analysis.reps],
    }, ensure_ascii=False)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    from gymtimer.core.tempo import Tempo, TempoError

    planned_lower = None
    if args.tempo is not None:
        try:
            planned_lower = Tempo.parse(args.tempo).lower
        except TempoError as error:
            print(f"{PROG}: --tempo: {error}", file=sys.stderr)
            return 2
    # OpenCV is loaded here, for this command only: the app's own start-up never pays for it.
    from gymtimer.vision.analyse import analyse
    from gymtimer.vision.frames import VideoError
    from gymtimer.vision.tracker import TrackingError

    try:
        analysis = analyse(args.video, args.box, planned_lower)
    except (VideoError, TrackingError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    print(as_json(analysis) if args.json else table(analysis, planned_lower))
    return 0
