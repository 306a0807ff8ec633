"""`make test`'s runner: its exit status is the worse of its two pytest runs (real pytest runs in a folder of their
own)."""

from __future__ import annotations

import pytest

from gymtimer_dev import two_runs

PASSES = "def test_passes():\n    assert True\n"
FAILS = "def test_fails():\n    assert False\n"
MARKED = "import pytest\n\n\n@pytest.mark.realtime\ndef test_real_time_fails():\n    assert False\n"


@pytest.mark.parametrize("files, status", [
    ({"test_a.py": PASSES}, 0),  # the real-time side has no test: passed
    ({"test_a.py": FAILS}, 1),  # the other side fails
    ({"test_a.py": PASSES, "test_b.py": MARKED}, 1),  # the real-time side fails
])
def test_the_status_is_the_worse_of_the_two_runs(tmp_path, monkeypatch, capfd, files, status):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    realtime: real time\n")
    monkeypatch.chdir(tmp_path)
    assert two_runs.main(["-q", "-p", "no:cacheprovider"]) == status
    out = capfd.readouterr().out
    assert "every other test:" in out


def test_no_test_on_either_side_is_no_pass(tmp_path, monkeypatch):
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    realtime: real time\n")
    monkeypatch.chdir(tmp_path)
    assert two_runs.main(["-q", "-p", "no:cacheprovider"]) == two_runs.NO_TESTS
