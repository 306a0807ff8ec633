"""SIGKILL a real GymTimer process at random moments of fast workouts: no completed rep is lost, every file parses."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gymtimer.store import session_files
from gymtimer.store.sessions import SessionStore

KILLS = 30
ROOT = Path(__file__).resolve().parents[2]


def _run_and_kill(data_dir: Path, seed: int, rng: random.Random) -> list[list[str]]:
    """Start the soak mode, let it lift for a random moment, SIGKILL it; return what it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gymtimer_dev.soak", "--data-dir", str(data_dir), "--seed", str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), str(ROOT / "dev"),
                                                                        os.environ.get("PYTHONPATH"))))},
    )
    lines = []
    # Wait until a session is under way, so that the kill lands inside a workout.
    for line in process.stdout:
        lines.append(line.split())
        if lines[-1][0] == "started":
            break
    time.sleep(rng.uniform(0.0, 0.8))
    process.send_signal(signal.SIGKILL)
    out, err = process.communicate(timeout=10)
    assert process.returncode == -signal.SIGKILL, err
    lines += [line.split() for line in out.splitlines()]
    return lines


@pytest.mark.e2e
@pytest.mark.slow
def test_killing_the_process_at_random_loses_no_completed_rep_and_leaves_every_file_whole(data_dir):
    rng = random.Random(20261121)
    saved: dict[str, tuple[int, float | None]] = {}
    counted: dict[str, tuple[int, int]] = {}  # session -> (reps after the last step, reps that step ended)
    finishing: set[str] = set()
    killed_open: set[str] = set()
    recovered: set[str] = set()
    for run in range(KILLS):
        lines = _run_and_kill(data_dir, seed=run, rng=rng)
        finished = set()
        for words in lines:
            kind, session_id = words[0], words[1]
            if kind == "saved":
                saved[session_id] = (int(words[2]), None if words[3] == "None" else float(words[3]))
            elif kind == "counted":
                counted[session_id] = (int(words[2]), int(words[3]))
            elif kind == "finishing":
                finishing.add(session_id)
            elif kind == "finished":
                finished.add(session_id)
            elif kind == "recovered":
                recovered.add(session_id)
            elif kind == "started":
                killed_open.add(session_id)
        killed_open -= finished
        # Killed after the closing write but before "finished" was said: closed on disk, nothing to recover.
        killed_open -= {s for s in finishing & killed_open if s in on_disk_closed(data_dir)}

        # After every kill: every file parses, and holds every rep reported saved.
        files = sorted((data_dir / "sessions").glob("*.json"))
        on_disk = {}
        for path in files:
            session = session_files.decode(path.read_bytes())  # raises if any file were half-written
            on_disk[session.id] = session
        for session_id, (reps, last_end) in saved.items():
            session = on_disk[session_id]
            all_reps = [r for e in session.exercises for s in e.sets for r in s.reps]
            assert len(all_reps) >= reps, f"run {run}: {session_id} lost reps"
            if reps:
                assert all_reps[reps - 1].ended == last_end
            # At most the reps of the step being saved when the kill came are missing.
            total, last_step = counted.get(session_id, (0, 0))
            assert len(all_reps) >= total - last_step, f"run {run}: {session_id} lost more than the reps in progress"

    # Each session the kill left open was recovered by the next start, closed and marked.
    assert killed_open - recovered == {s for s in killed_open if s in _open_after_last_run(data_dir)}
    store = SessionStore(data_dir)
    result = store.load_all()
    assert result.problems == [] and result.set_aside == []
    store.recover()
    closed = {s.id: s for s in SessionStore(data_dir).load_all().sessions}
    assert all(closed[s].interrupted for s in killed_open)
    assert all(s.ended_at is not None for s in closed.values())
    assert len(killed_open) >= KILLS - 1  # almost every kill landed inside a workout
    assert sum(n for n, _ in saved.values()) > KILLS * 3  # the kills came between reps, not all before the first


def on_disk_closed(data_dir: Path) -> set[str]:
    """Sessions whose file says they ended normally."""
    return {s.id for s in SessionStore(data_dir).load_all().sessions if s.ended_at is not None and not s.interrupted}


def _open_after_last_run(data_dir: Path) -> set[str]:
    return {s.id for s in SessionStore(data_dir).load_all().sessions if s.ended_at is None}
