"""Cue timing at a real sound output: a recorded workout through a PulseAudio null sink.

Runs a workout (50 reps by default, or ``--minutes N``) twice, with the event
loop idle and with it blocked 200 ms out of every second, records the null
sink with parec, finds every cue in the recording, and prints:

* interval error: heard spacing of consecutive cues minus planned spacing
  (median, p99, max), in ms;
* missing cues (planned but not heard, or heard cut) and glitches (a sound
  that is not a whole cue: a fragment, a split, a cue cut short);
* picture-sound offset: when the phase start was heard minus when the driver
  switched the screen, largest absolute value, in ms.

Last line: one JSON object (idle_p99_ms, busy_p99_ms, missing_cues, glitches,
av_offset_max_ms, ...). Needs pulseaudio and parec; runs offscreen.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402

from tests.helpers.soundcheck import RATE, Recorder, SoundServer, WorkoutRunner, coarse_onsets, match_clip  # noqa: E402

TEMPO = dict(lift=0.4, squeeze=0.3, lower=1.2, bottom=0.3)  # 2.2 s a rep: lift, squeeze, lower, tick, bottom
PHASE_CLIPS = {f"sounds/{name}.wav" for name in ("lift", "squeeze", "lower", "bottom")}


def make_plan(reps: int, minutes: float | None, sets: int = 1):
    from gymtimer.core.plan import Plan
    from gymtimer.core.tempo import Tempo

    tempo = Tempo(**TEMPO)
    if minutes is None:
        return Plan(tempo=tempo, sets=sets, reps=reps, lead_in=4.0, rest=15.0)
    rep_length = sum(TEMPO.values())
    per_set = 100
    set_length = per_set * rep_length + 15.0
    sets = max(1, min(20, round(minutes * 60 / set_length)))
    reps = max(1, min(per_set, round((minutes * 60 / sets - 15.0) / rep_length)))
    return Plan(tempo=tempo, sets=sets, reps=reps, lead_in=4.0, rest=15.0)


class CollectorWatch:
    """A :data:`gc.callbacks` entry: how many collections ran during the workout and the longest."""

    def __init__(self) -> None:
        self.passes, self.longest, self._start = 0, 0.0, 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.passes += 1
            self.longest = max(self.longest, time.perf_counter() - self._start)


def run(app, server: SoundServer, plan, busy: bool) -> dict:
    from gymtimer.core.workout import Workout
    from gymtimer.cues.engine import CueEngine

    engine = CueEngine()
    engine.start()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not (engine.sound_working and engine.mixer.requests > 600):
        app.processEvents()
        time.sleep(0.005)
    if not engine.sound_working:
        raise SystemExit(f"no sound output: {engine.notice}")
    recorder = Recorder(server).start()
    engine.mixer.longest_wait = 0.0  # the stream's own start-up pause is not the workout's
    workout = Workout(plan, origin=time.monotonic())
    runner = WorkoutRunner(workout, engine, busy=busy)
    collections = CollectorWatch()
    gc.callbacks.append(collections)
    try:
        runner.run(tail=2.0)
    finally:
        gc.callbacks.remove(collections)
    recording = recorder.stop()
    mixer = engine.mixer
    result = analyse(recording, mixer, runner)
    result.update(gc_passes=collections.passes, gc_longest_ms=collections.longest * 1000,
                  device_ppm=mixer.clock.rate_ppm, recorded_ppm=recording.rate_ppm,
                  longest_wait_ms=mixer.longest_wait * 1000, clock_restarts=mixer.clock.restarts,
                  dropped=mixer.dropped, finished=workout.finished)
    engine.close()
    return result


def analyse(recording, mixer, runner) -> dict:
    from gymtimer.cues.palette import cues_for
    from gymtimer.cues.settings import CueSettings

    samples = recording.samples
    lengths = {name: len(clip) / RATE for name, clip in mixer.clips.items()}
    # What a complete workout should have sounded, from every event it produced.
    expected = [c for c in cues_for(runner.events, CueSettings(), lengths)
                if c.key[0].value != "workout_started"]
    planned = {(c.key, c.clip): c for c in mixer.history if not c.immediate}
    coarse = coarse_onsets(samples)
    predicted = recording.frame_of([c.at for c in expected])
    # Everything is heard a near-constant time after it is due: find that lag from the first cues.
    lag = np.median([coarse[np.argmin(np.abs(coarse - p))] - p for p in predicted[:20]])
    heard, missing, cut = [], 0, 0
    problems = []
    covered = np.zeros(len(coarse), dtype=bool)
    for cue, frame in zip(expected, predicted):
        clip = mixer.clips[cue.clip]
        near = np.flatnonzero(np.abs(coarse - (frame + lag)) < 0.08 * RATE)
        if (cue.key, cue.clip) not in planned or not len(near):
            missing += 1
            problems.append(f"missing {cue.clip} due {cue.at - expected[0].at:.3f} s"
                            f" ({'never started' if (cue.key, cue.clip) not in planned else 'not heard'})")
            continue
        score, onset = match_clip(samples, clip, int(coarse[near[0]]))
        inside = (coarse >= onset - 8) & (coarse < onset + len(clip))
        covered |= inside
        if score < 0.99:
            cut += 1
            problems.append(f"glitch: {cue.clip} due {cue.at - expected[0].at:.3f} s matches only {score:.3f}")
            continue
        heard.append((cue, onset))
    for cue in mixer.history:  # cues played at once (start, undo...) are sounds too, just not timed
        if cue.immediate:
            onset = recording.frame_of(cue.heard)
            covered |= np.abs(coarse - onset) < 0.15 * RATE
    for frame in coarse[~covered]:
        problems.append(f"glitch: a stray sound at {recording.time_of(frame) - expected[0].at:.3f} s")
    glitches = int(np.count_nonzero(~covered)) + cut
    times = recording.time_of([onset for _, onset in heard])
    due = np.array([cue.at for cue, _ in heard])
    errors = np.abs(np.diff(times) - np.diff(due)) * 1000
    av = [(t - runner.screen[cue.key]) * 1000 for (cue, _), t in zip(heard, times) if cue.clip in PHASE_CLIPS]
    # How late the screen's phase change was against the plan (the sound's lateness is the constant lag).
    screen_late = [(runner.screen[cue.key] - cue.at) * 1000 for cue, _ in heard if cue.clip in PHASE_CLIPS]
    return dict(
        cues=len(expected), heard=len(heard), missing=missing, glitches=glitches, problems=problems,
        median_ms=float(np.median(errors)), p99_ms=float(np.percentile(errors, 99)), max_ms=float(errors.max()),
        av_min_ms=float(np.min(av)), av_max_ms=float(np.max(av)), av_abs_max_ms=float(np.max(np.abs(av))),
        av_abs_p99_ms=float(np.percentile(np.abs(av), 99)),
        av_over_20_ms=int(np.count_nonzero(np.abs(np.array(av)) > 20)), av_count=len(av),
        screen_late_p99_ms=float(np.percentile(screen_late, 99)), screen_late_max_ms=float(np.max(screen_late)),
        minutes=(due[-1] - due[0]) / 60,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=50, help="reps in each run (default 50)")
    parser.add_argument("--sets", type=int, default=1, help="sets of --reps, 15 s rest between (default 1)")
    parser.add_argument("--minutes", type=float, default=None, help="make each run about this long instead")
    parser.add_argument("--only", choices=("idle", "busy"), help="run only one of the two loads")
    parser.add_argument("--history", type=int, default=0, metavar="N",
                        help="keep N sessions of sample history in memory, as a lifter's years of data (2600: ten years)")
    args = parser.parse_args()
    from gymtimer.store.sample_history import make_sessions

    history = make_sessions(sessions=args.history) if args.history else []  # alive for the whole run

    server = SoundServer().start()
    os.environ.update(server.env)
    try:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        plan = make_plan(args.reps, args.minutes, args.sets)
        results = {}
        for load in ("idle", "busy"):
            if args.only in (None, load):
                results[load] = run(app, server, plan, busy=load == "busy")
    finally:
        server.stop()

    print(f"plan: {plan.sets} x {plan.reps} reps, tempo {TEMPO}, rest {plan.rest:g} s")
    header = ("load", "min", "cues", "missing", "glitch", "median ms", "p99 ms", "max ms", "A/V ms (min..max)",
              "device ppm", "longest wait ms", "screen late max", "gc passes", "longest gc ms")
    print("  ".join(f"{h:>10}" for h in header))
    for load, r in results.items():
        row = (load, f"{r['minutes']:.1f}", r["cues"], r["missing"], r["glitches"], f"{r['median_ms']:.3f}",
               f"{r['p99_ms']:.3f}", f"{r['max_ms']:.3f}", f"{r['av_min_ms']:.1f}..{r['av_max_ms']:.1f}",
               f"{r['device_ppm']:.0f}", f"{r['longest_wait_ms']:.1f}", f"{r['screen_late_max_ms']:.1f}",
               r["gc_passes"], f"{r['gc_longest_ms']:.1f}")
        print("  ".join(f"{v!s:>10}" for v in row))
    for load, r in results.items():
        for problem in r["problems"][:20]:
            print(f"  {load}: {problem}")
    figures = {
        "idle_p99_ms": results["idle"]["p99_ms"] if "idle" in results else None,
        "busy_p99_ms": results["busy"]["p99_ms"] if "busy" in results else None,
        "missing_cues": sum(r["missing"] for r in results.values()),
        "glitches": sum(r["glitches"] for r in results.values()),
        # With the loop blocked the screen itself is up to 200 ms late: A/V is judged on the idle run.
        "av_offset_max_ms": results["idle"]["av_abs_max_ms"] if "idle" in results else None,
        "busy_av_offset_max_ms": results["busy"]["av_abs_max_ms"] if "busy" in results else None,
        "av_offset_p99_ms": results["idle"]["av_abs_p99_ms"] if "idle" in results else None,
        "av_offsets_over_20_ms": results["idle"]["av_over_20_ms"] if "idle" in results else None,
        "av_offsets": results["idle"]["av_count"] if "idle" in results else None,
        "idle_median_ms": results["idle"]["median_ms"] if "idle" in results else None,
        "idle_max_ms": results["idle"]["max_ms"] if "idle" in results else None,
        "busy_median_ms": results["busy"]["median_ms"] if "busy" in results else None,
        "busy_max_ms": results["busy"]["max_ms"] if "busy" in results else None,
        "screen_late_max_ms": max(r["screen_late_max_ms"] for r in results.values()),
        "gc_longest_ms": max(r["gc_longest_ms"] for r in results.values()),
        "history_sessions": len(history),
        "minutes": max(r["minutes"] for r in results.values()),
        "device_ppm": next(iter(results.values()))["device_ppm"],
    }
    print(json.dumps({k: (round(v, 3) if isinstance(v, float) else v) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
