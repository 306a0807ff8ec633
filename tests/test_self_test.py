"""``gymtimer --self-test`` fails loudly, in plain words, when a part is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def run_self_test(data_dir, **env):
    return subprocess.run(
        [sys.executable, "-m", "gymtimer", "--self-test", "--data-dir", str(data_dir)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_self_test_without_a_sound_server_exits_1_and_says_so(tmp_path):
    # A sound server that cannot exist: the one missing part here is the sound output.
    run = run_self_test(tmp_path / "data", PULSE_SERVER=f"unix:{tmp_path}/no-such-server")

    report = json.loads(run.stdout.splitlines()[-1])
    assert run.returncode == 1
    assert report["ok"] is False
    assert any("No sound output found" in problem for problem in report["problems"])
    assert "No sound output found" in run.stderr
    assert report["gymtimer_modules"] >= 10  # the checks before the sound did run
    assert json.loads((tmp_path / "data" / "self-test.json").read_text()) == report
    assert not (tmp_path / "data" / "sessions").exists()  # nothing half-written
