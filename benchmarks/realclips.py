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
  and lowering, dated back), with the ``RepSeen`` that ends each rep.

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
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gymtimer.core.reps import MeasuredRep  # noqa: E402
from gymtimer.core.tempo import Phase, Tempo  # noqa: E402
from gymtimer.vision.analyse import analyse  # noqa: E402
from gymtimer.vision.frames import FrameSource  # noqa: E402
from gymtimer.vision.live import Finished, LiveWatcher, PhaseSeen, RepSeen  # noqa: E402

LABELS = ROOT / "benchmarks" / "realclips.json"
PHASE_TARGET = 0.25


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


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def match(labels: list[dict], reps: list[MeasuredRep], end: float) -> dict[int, int]:
    """Labelled rep index → measured rep index, one each, by the most time overlapped (greedy)."""
    pairs = []
    for i, label in enumerate(labels):
        l1 = label["bottom"] if label["bottom"] is not None else end
        for j, rep in enumerate(reps):
            o = _overlap(label["lift"], l1, rep.start, rep.lowering_ends)
            if o > 0:
                pairs.append((o, i, j))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _o, i, j in sorted(pairs, reverse=True):
        if i not in matched and j not in used:
            matched[i] = j
            used.add(j)
    return matched


def _spread(errors: list[float]) -> dict:
    if not errors:
        return {"median": None, "p95": None, "max": None, "within": None}
    ordered = sorted(errors)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    within = sum(e <= PHASE_TARGET for e in errors) / len(errors)
    return {"median": round(statistics.median(errors), 3), "p95": round(p95, 3), "max": round(max(errors), 3),
            "within": round(within, 3)}


def score(labels: list[dict], reps: list[MeasuredRep], end: float, moves: list | None = None) -> dict:
    """One path's figures on one clip (``moves``: follow mode's PhaseSeen, else the reps' own phases)."""
    matched = match(labels, reps, end)
    expected = [i for i, label in enumerate(labels) if label["bottom"] is not None]
    errors: list[float] = []
    found = 0
    starts: dict[int, float] = {}
    ghost = len(reps) - len(matched)
    for i in expected:
        label = labels[i]
        if i not in matched:
            continue
        rep = reps[matched[i]]
        if moves is None:
            begins = {"lift": rep.start, "top": rep.start + rep.lift, "lower": rep.start + rep.lift + rep.top}
            found += 1
        else:
            window = (label["lift"] - 1.0, label["bottom"])
            begins = {}
            for move in moves:
                key = {Phase.LIFT: "lift", Phase.SQUEEZE: "top", Phase.LOWER: "lower"}[move.phase]
                if window[0] <= move.at <= window[1] and key not in begins:
                    begins[key] = move.at
            found += "lift" in begins
        starts[i] = begins.get("lift", rep.start)
        for key in ("lift", "top", "lower"):
            if label[key] is not None:
                errors.append(abs(begins[key] - label[key]) if key in begins else float("inf"))
        errors.append(abs(rep.lowering_ends - label["bottom"]))
    if moves is not None:  # follow mode's ghosts: lifts seen in no labelled rep
        spans = [(lb["lift"] - 1.0, lb["bottom"] if lb["bottom"] is not None else end) for lb in labels]
        ghost = sum(1 for m in moves if m.phase is Phase.LIFT and not any(a <= m.at <= b for a, b in spans))
    false_short = sum(1 for i in expected if i in matched and not reps[matched[i]].complete)
    intervals = [abs((starts[i + 1] - starts[i]) - (labels[i + 1]["lift"] - labels[i]["lift"]))
                 for i in expected if i in starts and i + 1 in starts]
    finite = [e for e in errors if e != float("inf")]
    return {"found": found, "expected": len(expected), "ghost": ghost, "false_short": false_short,
            "phases": len(errors), "phases_missed": len(errors) - len(finite),
            "phase_error_s": _spread(errors if len(finite) == len(errors) else finite + [99.0] * (len(errors) - len(finite))),
            "interval_error_max_s": round(max(intervals), 3) if intervals else None}


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
        print(f"{'all clips':30} {path:8} {t['found']:>3}/{t['expected']:<3} {t['ghost']:>5} {t['false_short']:>5} "
              f"within 0.25 s: {_fmt(t['phases_within_0_25'])}")
    print(json.dumps({"clips": results, "totals": totals, "identical": all(identical.values()), "runs": args.runs}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
