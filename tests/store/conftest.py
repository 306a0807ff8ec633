"""Fixtures of the store tests: a sessions folder on a disk that fails on demand."""

from __future__ import annotations

import pytest

from tests.helpers.disks import FaultyDisk, TmpfsDisk


@pytest.fixture(params=["tmpfs", "fault-injecting"])
def disk(request, tmp_path, monkeypatch):
    """A sessions folder on a disk the test can make read-only or full."""
    if request.param == "tmpfs":
        real = TmpfsDisk.mount(tmp_path / "mnt")
        if real is None:
            pytest.skip("mounting a tmpfs needs root and the mount capability; the fault-injecting variant runs")
        yield real
        real.unmount()
    else:
        yield FaultyDisk(tmp_path / "faulty", monkeypatch)
