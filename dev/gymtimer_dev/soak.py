"""Hidden test mode: fast workouts on the real clock, saved after every rep, with no window.

``python -m gymtimer_dev.soak --data-dir DIR`` takes the data folder's lock,
recovers what a previous run left open, then lifts fast workouts (reps of a
fraction of a second) until it is killed or has done ``--workouts``. It prints
one line per event the durability test checks, flushed at once::

    recovered <session id>
    started <session id>                              after the first save of the empty session
    counted <session id> <reps in session>            before the save of that rep
    saved <session id> <reps in session> <last rep's end>   after the save returned
    finished <session id>

The crash test kills this process with SIGKILL at random moments and checks
that every rep reported ``saved`` is in the file and every file parses.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from gymtimer.core.plan import Laterality, Plan
from gymtimer.core.records import SessionRecord
from gymtimer.core.tempo import Tempo
from gymtimer.core.workout import EventKind, Workout
from gymtimer.store.instance_lock import InstanceLock
from gymtimer.store.journal import SessionJournal
from gymtimer.store.paths import lock_file
from gymtimer.store.sessions import SessionStore

#: Reps of about 60 ms: a few hundred reps a second would be too fast to be a workout's rhythm.
FAST_TEMPO = Tempo(lift=0.015, squeeze=0.015, lower=0.025, bottom=0.005)
_SAVE_AFTER = {EventKind.REP_COUNTED, EventKind.REP_FAILED, EventKind.SET_STARTED, EventKind.SET_FINISHED,
               EventKind.WORKOUT_FINISHED}


def _say(*words: object) -> None:
    """One line in one write: unbuffered (PYTHONUNBUFFERED), print() writes word by word, and a
    SIGKILL between two of those writes would leave the test half a line."""
    sys.stdout.write(" ".join(map(str, words)) + "\n")
    sys.stdout.flush()


def _rep_count(session: SessionRecord) -> tuple[int, float | None]:
    reps = [rep for exercise in session.exercises for record in exercise.sets for rep in record.reps]
    return len(reps), (reps[-1].ended if reps else None)


def fast_plan(rng: random.Random) -> Plan:
    """A short plan of a random kind: two-leg, one leg then the other, or alternating."""
    return Plan(
        tempo=FAST_TEMPO,
        sets=rng.randint(1, 3),
        reps=rng.randint(2, 5),
        laterality=rng.choice(list(Laterality)),
        lead_in=0.02,
        switch_pause=0.02,
        rest=0.05,
        load=rng.choice((0.0, 60.0, 102.5)),
    )


def run_fast_workout(journal: SessionJournal, origin: float, rng: random.Random) -> None:
    """Lift one exercise of ``journal.session`` on the real monotonic clock, saving after every rep."""
    session = journal.session
    plan = fast_plan(rng)
    workout = Workout(plan, origin=origin, preset_name="Soak test")
    session.exercises.append(workout.record)
    events = workout.start(time.monotonic())
    while True:
        if any(event.kind in _SAVE_AFTER for event in events):
            reps, _ = _rep_count(session)
            new = sum(event.kind in (EventKind.REP_COUNTED, EventKind.REP_FAILED) for event in events)
            if new:
                # A late wake-up may end several reps in one step: all of them are in the next write.
                _say("counted", session.id, reps, new)
            journal.save()
            _say("saved", session.id, *_rep_count(session))
        if workout.finished:
            return
        wake = workout.next_wakeup(time.monotonic())
        if wake is not None:
            time.sleep(max(0.0, wake - time.monotonic()))
        now = time.monotonic()
        events = workout.advance(now)
        if rng.random() < 0.02 and workout.phase.is_rep_phase:
            events += workout.fail(now)


def run(data_dir: Path, *, seed: int, workouts: int | None) -> int:
    """Lock, recover, then lift sessions of one or two fast exercises."""
    lock = InstanceLock(lock_file(data_dir))
    if not lock.acquire():
        print(lock.holder_message(), file=sys.stderr)
        return 3
    store = SessionStore(data_dir)
    store.load_all()
    for session in store.recover():
        _say("recovered", session.id)
    rng = random.Random(seed)
    done = 0
    while workouts is None or done < workouts:
        session = store.new_session()
        origin = time.monotonic()
        journal = store.new_journal(session)
        journal.save()  # the file exists from the first moment, so a crash before any rep is still seen
        _say("started", session.id)
        for _ in range(rng.randint(1, 2)):
            run_fast_workout(journal, origin, rng)
        _say("finishing", session.id)  # a kill may land between the write and the next line
        journal.finish()
        _say("finished", session.id)
        done += 1
    lock.release()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="GymTimer durability test mode (no window).")
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workouts", type=int, default=None, help="stop after this many sessions (default: never)")
    args = parser.parse_args(argv)
    return run(args.data_dir, seed=args.seed, workouts=args.workouts)


if __name__ == "__main__":
    raise SystemExit(main())
