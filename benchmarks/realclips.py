"""How the camera coach measures real lifters: the labelled public clips, through every path.

    python benchmarks/realclips.py --clips DIR [--runs 3] [--labels benchmarks/realclips.json]

DIR holds the clips named in the labels (benchmarks/realclips.json says where
each came from; they are never in this repository). Each clip found there is
measured, with the box and tempo of its label:

- ``analyse``: ``gymtimer analyse``'s function on the file;
- ``paced``: the live watcher (``LiveWatcher``) fed the file's frames at their
  own times, as fast as they decode; the reps are its ``RepSeen`` events, as
  the workout gets them while pacing;
- ``follow``: the same run's ``PhaseSeen`` events (follow mode's lift, squeeze
  and lowering, dated back), with the ``RepSeen`` that ends each rep. A phase
  seen again straight after itself re-dates it, as the workout does (no second
  cue): ``seen_again`` counts those; the cue was given at the first.

Scored against the labels, per clip and path:

- ``found`` / ``expected``: labelled reps whose lowering ends in the clip, with
  a measured rep that overlaps them (follow mode also needs their lift seen);
- ``ghost``: measured reps (follow: lifts seen) that overlap no labelled rep;
- ``false_short``: labelled (full) reps measured SHORT;
- phase errors, seconds: |measured − label| of each lift start, top reached,
  lowering start and bottom reached (median, p95, max);
- lift-start interval errors: |measured − labelled| time from one rep's lift
  to the next's (max);
- ``identical``: the same numbers on every run (``--runs``).

Targets (docs/vision.md): every rep found, 0 ghost, 0 false SHORT, phase error
≤ 0.25 s on 95 % of phases, lift-start intervals within 0.25 s, identical runs.
Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gymtimer.core.camera_events import Finished, PhaseSeen, RepSeen
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.tempo import Tempo
from gymtimer.vision.analyse import analyse
from gymtimer.vision.frames import FrameSource
from gymtimer.vision.live import LiveWatcher
from gymtimer_dev.scoring import score

ROOT = Path(__file__).resolve().parents[1]

LABELS = ROOT / "benchmarks" / "realclips.json"


def live(video: Path, box: tuple[int, int, int, int], planned_lower: float) -> tuple[list[MeasuredRep], list]:
    """The watcher on the file's frames at their own times: its RepSeen reps, and its PhaseSeen moves."""
    events: list = []
    watcher = LiveWatcher(lambda: FrameSource(video), box, planned_lower=planned_lower, on_event=events.append)
    watcher.start()
    for thread in watcher._threads[:1]:  # the camera thread ends at the file's end (Finished)
        thread.join(600)
    watcher.stop()
    assert any(isinstance(e, Finished) for e in events), f"{video.name}: the watcher did not finish"
    reps = [e.rep for e in events if isinstance(e, RepSeen)]
    moves = [e for e in events if isinstance(e, PhaseSeen)]
    return reps, moves


def measure(clip: dict, folder: Path) -> dict:
    video = folder / clip["file"]
    box = tuple(clip["box"])
    planned = Tempo.parse(clip["tempo"]).lower
    analysis = analyse(video, box, planned_lower=planned)
    end = analysis.frames / analysis.fps if analysis.fps else 0.0
    seen, moves = live(video, box, planned)
    return {
        "analyse": score(clip["reps"], analysis.reps, end),
        "paced": score(clip["reps"], seen, end),
        "follow": score(clip["reps"], seen, end, moves),
        "_reps": [[round(x, 4) for x in (r.start, r.lift, r.top, r.lower, r.range)] for r in analysis.reps],
        "_seen": [[round(x, 4) for x in (r.start, r.lift, r.top, r.lower, r.range)] for r in seen],
        "_moves": [[m.phase.value, round(m.at, 4)] for m in moves],
    }


def _fmt(x) -> str:
    return "—" if x is None else f"{x:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=Path, required=True, help="the folder holding the clips")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    clips = json.loads(args.labels.read_text())["clips"]
    present = [c for c in clips if (args.clips / c["file"]).is_file()]
    if not present:
        print(f"None of the labelled clips is in {args.clips}: see {args.labels} for where each comes from.",
              file=sys.stderr)
        return 2
    results, identical = {}, {}
    for clip in present:
        runs = [measure(clip, args.clips) for _ in range(args.runs)]
        identical[clip["file"]] = all(json.dumps(r, sort_keys=True) == json.dumps(runs[0], sort_keys=True)
                                      for r in runs)
        results[clip["file"]] = {k: v for k, v in runs[0].items() if not k.startswith("_")}
        results[clip["file"]]["identical"] = identical[clip["file"]]
    print(f"{'clip':30} {'path':8} {'found':>7} {'ghost':>5} {'short':>5} {'med':>5} {'p95':>5} {'max':>6} "
          f"{'≤.25':>5} {'ivl':>5} same")
    totals = {}
    for name, result in results.items():
        for path in ("analyse", "paced", "follow"):
            r = result[path]
            e = r["phase_error_s"]
            print(f"{name:30} {path:8} {r['found']:>3}/{r['expected']:<3} {r['ghost']:>5} {r['false_short']:>5} "
                  f"{_fmt(e['median']):>5} {_fmt(e['p95']):>5} {_fmt(e['max']):>6} {_fmt(e['within']):>5} "
                  f"{_fmt(r['interval_error_max_s']):>5} {result['identical']}")
            t = totals.setdefault(path, {"found": 0, "expected": 0, "ghost": 0, "false_short": 0, "errors": []})
            for k in ("found", "expected", "ghost", "false_short"):
                t[k] += r[k]
    for path, t in totals.items():
        phases = []
        for result in results.values():
            r = result[path]
            phases.append(r["phase_error_s"]["within"] * r["phases"] if r["phases"] else 0.0)
        n = sum(result[path]["phases"] for result in results.values())
        t["phases_within_0_25"] = round(sum(phases) / n, 3) if n else None
        del t["errors"]
        if path == "follow":
            t["seen_again"] = sum(result[path]["seen_again"] for result in results.values())
        again = f", phases seen again and re-dated: {t['seen_again']}" if "seen_again" in t else ""
        print(f"{'all clips':30} {path:8} {t['found']:>3}/{t['expected']:<3} {t['ghost']:>5} {t['false_short']:>5} "
              f"within 0.25 s: {_fmt(t['phases_within_0_25'])}{again}")
    print(json.dumps({"clips": results, "totals": totals, "identical": all(identical.values()), "runs": args.runs}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
