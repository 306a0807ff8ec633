"""``gymtimer analyse VIDEO [--box X,Y,W,H] [--tempo E-B-C-T] [--json]``: measures a filmed set.

Without ``--box`` the optional body model (``make pose``) places the box on the
hips, as the live camera does, and the output says where it looked.

``--size`` and ``--grid PICTURE.png`` help find the box first. OpenCV is
loaded only when a video is read: ``gymtimer --self-test --box`` reads its box
with :func:`parse_box` from here, and the app's start-up never loads it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:  # OpenCV is loaded only when a video is read (see above)
    from gymtimer.vision.analyse import Analysis
    from gymtimer.vision.frames import Image

PROG = "gymtimer analyse"

HOW_TO_FIND_THE_BOX = f"""\
finding the box:
  {PROG} VIDEO --size
      prints the size of the video's picture, e.g. 1920×1080
  {PROG} VIDEO --grid first.png
      saves the first frame as first.png, with a numbered line every 100 pixels
      (every 50 in a picture up to 800 pixels)
  Open first.png and read the box around the hip off the grid: X,Y is its top-left
  corner, counted in pixels from the picture's top-left corner (0,0), across then
  down; W,H its width and height, about as tall as the hip rises. A hip between
  600 and 700 across and 400 and 480 down is --box 600,400,100,80.
  {PROG} VIDEO --grid check.png --box 600,400,100,80
      draws that box on the first frame, to check it before measuring

Times are seconds from the first frame. The video is read, never changed or sent
anywhere; the only file written is the --grid picture, where you name it."""
#: Grid lines every 50 pixels in a picture up to this size, every 100 in a larger one.
FINE_GRID_UP_TO = 800
#: The grid (white on a black edge: seen on any picture) and the box (Okabe–Ito yellow), in OpenCV's BGR.
GRID_COLOUR, GRID_EDGE, BOX_COLOUR = (255, 255, 255), (0, 0, 0), (66, 228, 240)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, as every other refusal of this command
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


def _box_joined(argv: list[str]) -> list[str]:
    """``--box -10,10,50,50`` as ``--box=-10,10,50,50``: argparse takes a word that starts with '-' for an
    option, and would say "expected one argument" instead of what is wrong with the box."""
    joined: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            joined += [word, *words]
            break
        if word == "--box":
            value = next(words, None)
            if value is not None and len(value) > 1 and value[0] == "-" and (value[1].isdigit() or value[1] == "."):
                joined.append(f"--box={value}")
                continue
            joined += [word] if value is None else [word, value]
            continue
        joined.append(word)
    return joined


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = _Parser(
        prog=PROG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Measures a filmed set of hip thrusts, side view: every rep, its lift, squeeze,\n"
                    "lowering and bottom pause, short reps, and lowerings faster than planned.",
        epilog=HOW_TO_FIND_THE_BOX)
    parser.add_argument("video", metavar="VIDEO", help="the filmed set (a phone clip: .mp4, .mov, ...)")
    parser.add_argument("--box", type=parse_box, metavar="X,Y,W,H",
                        help="a box around the hip in the first frame, in the video's pixels (see below); without "
                             "it, the body model (make pose) places it on the hips")
    parser.add_argument("--tempo", metavar="E-B-C-T",
                        help="the planned tempo (lower-bottom-lift-squeeze, e.g. 3-0-1-1): flags lowerings too fast")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--size", action="store_true",
                        help="print the size of the video's picture, and measure nothing")
    parser.add_argument("--grid", metavar="PICTURE.png", type=Path,
                        help="save the first frame with a numbered grid (and the box, if given) as PICTURE.png, "
                             "and measure nothing")
    args = parser.parse_args(_box_joined(argv))
    if args.grid is not None and args.grid.suffix.lower() != ".png":
        parser.error(f"--grid {args.grid}: name a .png picture to save the grid in, e.g. first.png")
    return args


def outside(box: tuple[int, int, int, int], width: int, height: int) -> list[str]:
    """Where ``box`` leaves a ``width``×``height`` picture, in words; empty when it is inside."""
    x, y, w, h = box
    where = []
    if x < 0:
        where.append(f"it starts {-x} px left of the picture's left edge")
    if y < 0:
        where.append(f"it starts {-y} px above the picture's top edge")
    if x + w > width:
        where.append(f"it ends {x + w - width} px past the right edge (X+W is {x + w}, the picture {width} wide)")
    if y + h > height:
        where.append(f"it ends {y + h - height} px below the bottom edge (Y+H is {y + h}, the picture {height} tall)")
    return where


def grid_step(width: int, height: int) -> int:
    return 50 if max(width, height) <= FINE_GRID_UP_TO else 100


def draw_grid(picture: Image, box: tuple[int, int, int, int] | None = None) -> Image:
    """The picture with a line every :func:`grid_step` pixels, each numbered at the edge, and ``box`` drawn on it."""
    import cv2

    image = cv2.cvtColor(picture, cv2.COLOR_GRAY2BGR) if picture.ndim == 2 else picture.copy()
    height, width = image.shape[:2]
    step = grid_step(width, height)
    font, widest = cv2.FONT_HERSHEY_SIMPLEX, str(max(width, height) // step * step)
    # Numbers large enough to read on a phone's picture, yet each narrower than the gap to the next line.
    scale = min(max(0.35, min(width, height) / 1000), (step - 10) / cv2.getTextSize(widest, font, 1.0, 2)[0][0])
    thick = max(1, round(scale * 2))

    def label(text: str, left: int, top: int) -> None:
        cv2.rectangle(image, (left, top), (left + size(text)[0], top + size(text)[1]), GRID_EDGE, cv2.FILLED)
        cv2.putText(image, text, (left + 2, top + size(text)[1] - 4), font, scale, GRID_COLOUR, thick, cv2.LINE_AA)

    def size(text: str) -> tuple[int, int]:  # a label's box: the text, its baseline and 2 px around
        (w, h), base = cv2.getTextSize(text, font, scale, thick)
        return w + 4, h + base + 4

    for x in range(step, width, step):
        cv2.line(image, (x + 1, 0), (x + 1, height - 1), GRID_EDGE, 1)
        cv2.line(image, (x, 0), (x, height - 1), GRID_COLOUR, 1)
    for y in range(step, height, step):
        cv2.line(image, (0, y + 1), (width - 1, y + 1), GRID_EDGE, 1)
        cv2.line(image, (0, y), (width - 1, y), GRID_COLOUR, 1)
    label("0,0", 0, 0)
    for x in range(step, width, step):  # right of its line at the top; the last, too near the edge, left of it, lower
        w, h = size(str(x))
        label(str(x), *((x + 3, 0) if x + 3 + w <= width else (x - 2 - w, h + 2)))
    for y in range(step, height, step):  # under its line at the left; the last, too near the bottom, above it
        w, h = size(str(y))
        label(str(y), 0, y + 3 if y + 3 + h <= height else y - 2 - h)
    if box is not None:
        x, y, w, h = box
        cv2.rectangle(image, (x - 1, y - 1), (x + w, y + h), GRID_EDGE, thick + 2)
        cv2.rectangle(image, (x, y), (x + w - 1, y + h - 1), BOX_COLOUR, thick)
    return image


def save_png(image: Image, path: Path) -> None:
    """Write ``image`` as a PNG at ``path`` whole or not at all (a temporary file beside it, then renamed)."""
    import cv2

    ok, data = cv2.imencode(".png", image)
    if not ok:
        raise OSError("the picture could not be made")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data.tobytes())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def table(analysis: Analysis, planned_lower: float | None) -> str:
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


def as_json(analysis: Analysis, placed: tuple[int, int, int, int] | None = None) -> str:
    """The analysis as one JSON object; ``placed``: the box the body model placed (no --box given), as "box"."""
    def rounded(value: float | None, digits: int) -> float | None:
        return None if value is None else round(value, digits)

    return json.dumps({
        "video": analysis.video, "frames": analysis.frames, "fps": analysis.fps,
        **({"box": list(placed)} if placed is not None else {}),
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
    from gymtimer.vision.frames import VideoError, first_picture
    from gymtimer.vision.tracker import TrackingError

    try:
        picture = first_picture(args.video)
    except VideoError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    height, width = picture.shape[:2]
    if args.size:
        print(json.dumps({"video": args.video, "width": width, "height": height}) if args.json else
              f"{args.video}: {width}×{height} pixels (X from 0 to {width - 1} across, Y from 0 to {height - 1} down)")
    if args.grid is not None:
        try:
            save_png(draw_grid(picture, args.box), args.grid)
        except OSError as error:
            print(f"{PROG}: --grid {args.grid}: cannot write it ({error.strerror or error})", file=sys.stderr)
            return 2
        print(f"{args.grid}: the first frame of {args.video} ({width}×{height}), a numbered line every "
              f"{grid_step(width, height)} pixels" + (", the box in yellow" if args.box else ""))
    if args.box is not None and (where := outside(args.box, width, height)):
        x, y, w, h = args.box
        print(f"{PROG}: the box {x},{y},{w},{h} is not inside the video's {width}×{height} picture: "
              f"{'; '.join(where)}. --grid PICTURE.png shows the pixels", file=sys.stderr)
        return 2
    if args.size or args.grid is not None:
        return 0
    box, placed = args.box, args.box is None
    if box is None:
        found = _placed_box(args.video)
        if found is None:
            return 2
        box, said = found
        if not args.json:
            print(said)
    try:
        analysis = analyse(args.video, box, planned_lower)
    except (VideoError, TrackingError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    print(as_json(analysis, box if placed else None) if args.json else table(analysis, planned_lower))
    return 0


def _placed_box(video: str) -> tuple[tuple[int, int, int, int], str] | None:
    """No --box: the body model places it, as the live camera does; the box and where it looked in words, or None
    (said why on stderr)."""
    from gymtimer.vision import pose
    from gymtimer.vision.frames import VideoError

    reason = pose.missing_reason()
    if reason is not None:
        print(f"{PROG}: no --box, and {reason}. Give --box X,Y,W,H around the hip (--grid PICTURE.png helps "
              "find it), or install the body model to have it placed", file=sys.stderr)
        return None
    try:
        placement = pose.place_in_film(video)
    except (VideoError, RuntimeError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return None
    lx, ly, lw, lh = placement.looking
    if placement.box is None:
        who = {0: "nobody", 1: "you, but not still long enough"}.get(placement.people, "two people")
        print(f"{PROG}: no --box, and the body model found {who} in the first {placement.at:.1f} s "
              f"(it looked at {lx},{ly},{lw},{lh}). Give --box X,Y,W,H around the hip "
              "(--grid PICTURE.png helps find it)", file=sys.stderr)
        return None
    x, y, w, h = placement.box
    return placement.box, (f"No --box: the body model found the lifter at {placement.at:.2f} s and placed the box "
                           f"at {x},{y},{w},{h} (it looked at {lx},{ly},{lw},{lh}; check it with --grid "
                           f"PICTURE.png --box {x},{y},{w},{h})")
