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


def test_self_test_draws_every_chart_of_a_session_and_saves_one_as_png(qtbot, tmp_path):
    import datetime as dt

    from gymtimer.self_test import check_charts
    from gymtimer.store.sample_history import make_sessions

    # A recent two-leg session, like the self-test's own: every chart but left-against-right has it.
    recent = make_sessions(years=0.02, sessions=8, end=dt.datetime.now(dt.UTC))
    session = next(s for s in recent if len(s.exercises) == 1)

    report = check_charts(session, tmp_path)

    assert report["charts_drawn"] == ["load", "volume", "tension", "tempo"]
    png = tmp_path / "self-test-chart.png"
    assert report["chart_png"] == str(png)
    assert png.read_bytes().startswith(b"\x89PNG")


def test_self_test_fails_in_words_when_no_chart_can_be_drawn(qtbot, tmp_path):
    import datetime as dt

    import pytest

    from gymtimer.core.records import SessionRecord
    from gymtimer.self_test import SelfTestFailure, check_charts

    now = dt.datetime.now(dt.UTC)
    empty = SessionRecord(id="empty", started_at=now, ended_at=now, app_version="0", exercises=[])

    with pytest.raises(SelfTestFailure, match="No history chart could be drawn"):
        check_charts(empty, tmp_path)
    assert not (tmp_path / "self-test-chart.png").exists()
