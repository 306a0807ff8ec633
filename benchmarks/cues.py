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

``--load N`` starts N processes that each keep a core busy (normal
priority, in the app's session; ended by the benchmark, also when it fails).
``--as-user`` runs the app as a lifter's desktop session would, without
real-time scheduling even as root: ``CAP_SYS_NICE`` is dropped before the app
starts a thread, and kept out of its sound process (a program of its own,
which root would otherwise regain it in on exec), so their requests for
``SCHED_RR`` and a lower nice value are refused as an ordinary user's are.

An undo is played at once (``CueEngine.play_sound``) mid-lowering every fifth
rep of the idle run: ``at_once_median_ms`` / ``at_once_max_ms`` is from the
call to the sound at the sink, ``at_once_cut`` how many were not heard whole. The
sound server and the recorder keep their real-time scheduling (a desktop's
sound server gets it through rtkit): the app is what is measured.

Each glitch is attributed: to the app when its own stream ran dry around it
(the sound process counts its underruns: a wait between the device's requests
longer than its buffer, or the sink reporting itself idle), else to the sound
server or the recorder. ``longest_tick_ms`` is the sound process's own
lateness: the longest gap between two top-ups of its feeder.

``--camera CLIP`` runs the camera's tracker beside the cues, as a workout
with the camera on does: the clip (a rendered set, ``dev/gymtimer_dev/synthetic.py``;
its box from the JSON beside it) stands in for the camera, played at its own
frame times and started again at its end, through the app's own
``CameraFeed`` (worker thread, every event relayed to the main thread). JSON
gains ``camera_fps`` (frames tracked a second while the clip played) and
``body_fps`` (frames the optional body model looked at a second, when it runs:
``make pose``, unless ``GYMTIMER_BODY_MODEL=off``; a public clip of a lifter
makes it follow a body, a rendered set's figure it finds nobody in).

Last line: one JSON object (idle_p99_ms, busy_p99_ms, missing_cues, glitches,
av_offset_max_ms, load_processes, realtime, underruns, ...). Needs pulseaudio,
parec and chrt; runs offscreen.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np

from gymtimer_dev.soundcheck import RATE, Recorder, SoundServer, WorkoutRunner, coarse_onsets, match_clip

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


CAP_SYS_NICE = 23


def drop_realtime() -> None:
    """Drop CAP_SYS_NICE from this thread, before the app starts any: its threads cannot raise their priority.

    Capabilities belong to a thread and are inherited by the threads it starts, so every thread
    the app starts from now on is refused ``SCHED_RR`` as an ordinary user's is. Programs started
    with exec (the recorder) get root's full set again, as the bounding set is left alone.
    """
    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    libc = ctypes.CDLL(None, use_errno=True)
    header, data = Header(0x20080522, 0), (Data * 2)()  # _LINUX_CAPABILITY_VERSION_3
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    for field in ("effective", "permitted", "inheritable"):
        setattr(data[0], field, getattr(data[0], field) & ~(1 << CAP_SYS_NICE))
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")
    for tid in _threads(os.getpid()):  # and whatever ran before (numpy's own threads), set back
        with contextlib.suppress(OSError):
            os.sched_setscheduler(tid, os.SCHED_OTHER, os.sched_param(0))


PR_CAPBSET_DROP = 24


def drop_realtime_on_exec() -> None:
    """In a child between fork and exec: keep CAP_SYS_NICE out of the program it becomes.

    Root regains every capability of its bounding set on exec, so the sound process (a program of
    its own) would get real-time scheduling back; dropping it from the bounding set first stops that.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_CAPBSET_DROP, CAP_SYS_NICE, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "PR_CAPBSET_DROP")


def _threads(pid: int) -> list[int]:
    try:
        return [int(t) for t in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        return []


def realtime_threads(pid: int) -> list[str]:
    """The threads of ``pid`` that run with a real-time policy, by name."""
    names = []
    for tid in _threads(pid):
        with contextlib.suppress(OSError):
            policy = os.sched_getscheduler(tid) & ~getattr(os, "SCHED_RESET_ON_FORK", 0x40000000)
            if policy in (os.SCHED_RR, os.SCHED_FIFO):
                names.append(Path(f"/proc/{pid}/task/{tid}/comm").read_text().strip())
    return names


@contextlib.contextmanager
def cpu_load(processes: int):
    """``processes`` programs that each keep a core busy at normal priority, ended on the way out."""
    def die_with_parent() -> None:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: gone even if this is killed

    def normal_priority() -> None:
        os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
        os.setpriority(os.PRIO_PROCESS, 0, 0)
        die_with_parent()

    started = [subprocess.Popen([sys.executable, "-c", "while True: pass"], preexec_fn=normal_priority,
                                stdin=subprocess.DEVNULL)
               for _ in range(processes)]
    try:
        yield started
    finally:
        for process in started:
            process.kill()
        for process in started:
            process.wait()


@contextlib.contextmanager
def camera_watching(clip: Path | None):
    """The tracker at the clip's frame rate for the whole ``with``; yields a function giving its frames a second."""
    if clip is None:
        yield lambda: (None, None)
        return
    from gymtimer.core.camera_events import BodySeen
    from gymtimer.live.camera import CameraFeed
    from gymtimer.vision.cameras import Camera

    box = tuple(json.loads(clip.with_suffix(".json").read_text())["box"])
    frames: list[float] = []
    bodies: list[float] = []
    feed = CameraFeed()
    feed.height_seen.connect(lambda event: frames.append(time.monotonic()))
    feed.reported.connect(lambda event: bodies.append(time.monotonic()) if isinstance(event, BodySeen) else None)
    feed.start(Camera(str(clip), f"Test camera ({clip.name})"), box, planned_lower=TEMPO["lower"], pictures=False)

    def fps() -> tuple[float | None, float | None]:
        def rate(times: list[float]) -> float | None:
            gaps = np.diff(times)
            playing = gaps[gaps < 0.5]  # the clip's restart is no frame rate
            return float(len(playing) / playing.sum()) if playing.sum() > 0 else None
        return rate(frames), rate(bodies)

    try:
        yield fps
    finally:
        feed.stop()


class AtOnceProbe:
    """Plays the undo sound at once, as a key press would, mid-lowering every :attr:`EVERY` reps,
    and finds how long after the call it is heard (and whether whole) in the recording."""

    EVERY = 5
    AFTER = 0.45  #: seconds into the lowering (1.2 s): clear of the lowering's tone and its tick
    CLIP = "sounds/undo.wav"

    def __init__(self, engine) -> None:
        self.engine = engine
        self.calls: list[float] = []
        self.lowerings = 0

    def on_events(self, events) -> None:
        from PySide6.QtCore import QTimer

        from gymtimer.core.tempo import Phase
        from gymtimer.core.workout import EventKind

        for event in events:
            if event.kind is EventKind.PHASE_STARTED and event.phase is Phase.LOWER:
                self.lowerings += 1
                if self.lowerings % self.EVERY == 0:
                    QTimer.singleShot(round(self.AFTER * 1000), self._press)

    def _press(self) -> None:
        self.calls.append(time.monotonic())
        self.engine.play_sound(self.CLIP)

    def analyse(self, recording, mixer) -> dict:
        clip = mixer.clips[self.CLIP]
        coarse = coarse_onsets(recording.samples)
        latencies, cut = [], 0
        for t in self.calls:
            frame = recording.frame_of(t)
            near = coarse[(coarse >= frame) & (coarse < frame + 0.6 * RATE)]
            if not len(near):
                cut += 1
                continue
            score, onset = match_clip(recording.samples, clip, int(near[0]))
            if score < 0.99:
                cut += 1
            latencies.append(float(recording.time_of(onset)) - t)
        ms = np.array(latencies) * 1000 if latencies else np.array([np.nan])
        return dict(at_once_count=len(self.calls), at_once_cut=cut, at_once_median_ms=float(np.median(ms)),
                    at_once_max_ms=float(np.max(ms)))


def run(app, server: SoundServer, plan, busy: bool, save: str | None = None) -> dict:
    from gymtimer.core.workout import Workout
    from gymtimer.cues.engine import CueEngine

    engine = CueEngine()
    engine.start()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not (
            engine.sound_working and engine.mixer.playing_for(time.monotonic()) > 3.0):
        app.processEvents()
        time.sleep(0.005)
    if not engine.sound_working:
        raise SystemExit(f"no sound output: {engine.notice}")
    recorder = Recorder(server, realtime=True).start()
    engine.mixer.reset_counters()  # the stream's own start-up pause is not the workout's
    recorder_rt = [realtime_threads(pid) for pid in recorder.pids]
    workout = Workout(plan, origin=time.monotonic())
    runner = WorkoutRunner(workout, engine, busy=busy)
    at_once = AtOnceProbe(engine)
    if not busy:  # a block of the loop would delay the key press itself, past the next tick
        runner.driver.events_happened.connect(at_once.on_events)
    collections = CollectorWatch()
    gc.callbacks.append(collections)
    try:
        runner.run(tail=2.0)
    finally:
        gc.callbacks.remove(collections)
    # The app's threads and its sound process's: measured, not assumed.
    app_rt = realtime_threads(os.getpid()) + [f"sound:{name}" for name in realtime_threads(engine.mixer.pid)]
    sound_nice = engine.mixer.nice
    recording = recorder.stop()
    mixer = engine.mixer
    if save:
        np.savez(f"{save}-{'busy' if busy else 'idle'}.npz", samples=recording.samples, stamps=recording.stamps,
                 started=np.array([(c.due, c.frame, c.heard, c.late, c.immediate) for c in mixer.history]),
                 clips=np.array([c.clip for c in mixer.history]), stalls=np.array(list(mixer.stalls)))
    result = analyse(recording, mixer, runner)
    result.update(at_once.analyse(recording, mixer))
    result.update(gc_passes=collections.passes, gc_longest_ms=collections.longest * 1000,
                  device_ppm=mixer.clock.rate_ppm, recorded_ppm=recording.rate_ppm,
                  longest_wait_ms=mixer.longest_wait * 1000, clock_restarts=mixer.clock.restarts,
                  dropped=mixer.dropped, finished=workout.finished, underruns=mixer.underruns,
                  at_once_underruns=mixer.at_once_underruns, longest_tick_ms=mixer.longest_tick * 1000,
                  realtime=app_rt, sound_nice=sound_nice, recorder_realtime=all(recorder_rt) and len(recorder_rt) == 2,
                  server_realtime=len(realtime_threads(server.pid)) == len(_threads(server.pid)))
    engine.close()
    return result


def analyse(recording, mixer, runner) -> dict:
    from gymtimer.cues.settings import CueSettings
    from gymtimer.cues.sound_rules import cues_for

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
    faults = []  # monotonic time of each glitch or missing cue, for attribution
    covered = np.zeros(len(coarse), dtype=bool)
    for cue, frame in zip(expected, predicted):
        clip = mixer.clips[cue.clip]
        near = np.flatnonzero(np.abs(coarse - (frame + lag)) < 0.08 * RATE)
        if (cue.key, cue.clip) not in planned or not len(near):
            missing += 1
            problems.append(f"missing {cue.clip} due {cue.at - expected[0].at:.3f} s"
                            f" ({'never started' if (cue.key, cue.clip) not in planned else 'not heard'})")
            faults.append(cue.at)
            continue
        score, onset = match_clip(samples, clip, int(coarse[near[0]]))
        inside = (coarse >= onset - 8) & (coarse < onset + len(clip))
        covered |= inside
        if score < 0.99:
            cut += 1
            problems.append(f"glitch: {cue.clip} due {cue.at - expected[0].at:.3f} s matches only {score:.3f}")
            faults.append(cue.at)
            continue
        heard.append((cue, onset))
    for cue in mixer.history:  # cues played at once (start, undo...) are sounds too, just not timed
        if cue.immediate:
            onset = recording.frame_of(cue.heard)
            covered |= np.abs(coarse - onset) < 0.15 * RATE
    for frame in coarse[~covered]:
        problems.append(f"glitch: a stray sound at {recording.time_of(frame) - expected[0].at:.3f} s")
        faults.append(float(recording.time_of(frame)))
    blame = {"app": 0, "recorder": 0, "server": 0}
    lost = recording.losses()
    for t in faults:
        # A stall before t could have run the stream dry up to one latency later.
        if any(start - 0.1 <= t <= end + mixer.clock.latency + 0.3 for start, end in mixer.stalls):
            blame["app"] += 1
        elif any(abs(t - when) < 2.5 for when in lost):
            blame["recorder"] += 1
        else:
            blame["server"] += 1
    glitches = int(np.count_nonzero(~covered)) + cut
    times = recording.time_of([onset for _, onset in heard])
    due = np.array([cue.at for cue, _ in heard])
    errors = np.abs(np.diff(times) - np.diff(due)) * 1000
    av = [(t - runner.screen[cue.key]) * 1000 for (cue, _), t in zip(heard, times) if cue.clip in PHASE_CLIPS]
    # How late the screen's phase change was against the plan (the sound's lateness is the constant lag).
    screen_late = [(runner.screen[cue.key] - cue.at) * 1000 for cue, _ in heard if cue.clip in PHASE_CLIPS]
    return dict(
        cues=len(expected), heard=len(heard), missing=missing, glitches=glitches, problems=problems,
        blame=blame, recorder_losses=len(lost), recorder_late_max_ms=recording.late_max * 1000,
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
    parser.add_argument("--load", type=int, default=0, metavar="N",
                        help="keep N other processes busy (each a core, normal priority) during the runs")
    parser.add_argument("--as-user", action="store_true",
                        help="no real-time scheduling for the app, as for an ordinary user (even as root)")
    parser.add_argument("--save", metavar="PREFIX", help="keep each run's recording and cues in PREFIX-idle.npz …")
    parser.add_argument("--camera", type=Path, metavar="CLIP",
                        help="track this rendered clip as the camera beside the cues (its box from CLIP.json)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # the load and the server end too
    if args.as_user:
        drop_realtime()
        from gymtimer.cues import link

        link.child_setup = drop_realtime_on_exec  # the sound process too
    from gymtimer_dev.sample_history import make_sessions

    history = make_sessions(sessions=args.history) if args.history else []  # alive for the whole run

    server = SoundServer(realtime=True).start()
    os.environ.update(server.env)
    try:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        plan = make_plan(args.reps, args.minutes, args.sets)
        results = {}
        with cpu_load(args.load), camera_watching(args.camera) as camera_fps:
            for load in ("idle", "busy"):
                if args.only in (None, load):
                    results[load] = run(app, server, plan, busy=load == "busy", save=args.save)
            fps, body_fps = camera_fps()
    finally:
        server.stop()

    print(f"plan: {plan.sets} x {plan.reps} reps, tempo {TEMPO}, rest {plan.rest:g} s")
    header = ("load", "min", "cues", "missing", "glitch", "median ms", "p99 ms", "max ms", "A/V ms (min..max)",
              "device ppm", "longest wait ms", "screen late max", "gc passes", "longest gc ms", "underruns",
              "app/srv/rec")
    print("  ".join(f"{h:>10}" for h in header))
    for load, r in results.items():
        row = (load, f"{r['minutes']:.1f}", r["cues"], r["missing"], r["glitches"], f"{r['median_ms']:.3f}",
               f"{r['p99_ms']:.3f}", f"{r['max_ms']:.3f}", f"{r['av_min_ms']:.1f}..{r['av_max_ms']:.1f}",
               f"{r['device_ppm']:.0f}", f"{r['longest_wait_ms']:.1f}", f"{r['screen_late_max_ms']:.1f}",
               r["gc_passes"], f"{r['gc_longest_ms']:.1f}", r["underruns"],
               "/".join(str(r["blame"][k]) for k in ("app", "server", "recorder")))
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
        # The screen behind its boundary; loop-blocked, it is the block itself (judged on sound only).
        "screen_late_max_ms": results["idle"]["screen_late_max_ms"] if "idle" in results else None,
        "busy_screen_late_max_ms": results["busy"]["screen_late_max_ms"] if "busy" in results else None,
        "gc_longest_ms": max(r["gc_longest_ms"] for r in results.values()),
        "history_sessions": len(history),
        "minutes": max(r["minutes"] for r in results.values()),
        "device_ppm": next(iter(results.values()))["device_ppm"],
        "load_processes": args.load,
        # Measured, not assumed: did any of the app's threads run with a real-time policy?
        "realtime": any(r["realtime"] for r in results.values()),
        "realtime_threads": sorted({name for r in results.values() for name in r["realtime"]}),
        "sound_nice": next(iter(results.values()))["sound_nice"],
        "underruns": sum(r["underruns"] for r in results.values()),
        "at_once_underruns": sum(r["at_once_underruns"] for r in results.values()),
        # An undo played at once: from the call to heard (the short path), and how many came cut.
        "at_once_median_ms": results["idle"]["at_once_median_ms"] if "idle" in results else None,
        "at_once_max_ms": results["idle"]["at_once_max_ms"] if "idle" in results else None,
        "at_once_cut": sum(r["at_once_cut"] for r in results.values()),
        "at_once_count": sum(r["at_once_count"] for r in results.values()),
        "idle_underruns": results["idle"]["underruns"] if "idle" in results else None,
        "busy_underruns": results["busy"]["underruns"] if "busy" in results else None,
        "longest_wait_ms": max(r["longest_wait_ms"] for r in results.values()),
        # The sound process's own lateness (its feeder between two top-ups): CPU, not the device.
        "longest_tick_ms": max(r["longest_tick_ms"] for r in results.values()),
        "glitches_app": sum(r["blame"]["app"] for r in results.values()),
        "glitches_server": sum(r["blame"]["server"] for r in results.values()),
        "glitches_recorder": sum(r["blame"]["recorder"] for r in results.values()),
        "recorder_losses": sum(r["recorder_losses"] for r in results.values()),
        "recorder_late_max_ms": max(r["recorder_late_max_ms"] for r in results.values()),
        "recorder_realtime": all(r["recorder_realtime"] for r in results.values()),
        "server_realtime": all(r["server_realtime"] for r in results.values()),
        "machine_load": round(os.getloadavg()[0], 2),
        "camera_fps": fps,
        "body_fps": body_fps,
    }
    print(json.dumps({k: (round(v, 3) if isinstance(v, float) else v) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
