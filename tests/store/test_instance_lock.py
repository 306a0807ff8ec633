"""One GymTimer per data folder: the second is told the first is running; a crashed one's lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from gymtimer.store import paths
from gymtimer.store.instance_lock import InstanceLock


def test_a_second_copy_is_refused_and_told_which_process_holds_the_folder():
    first, second = InstanceLock(), InstanceLock()
    assert first.acquire()
    assert not second.acquire()
    assert f"already running (process {os.getpid()}" in second.holder_message()
    first.release()
    assert second.acquire()
    second.release()


def test_the_lock_of_a_killed_copy_is_taken_over(data_dir):
    # A real second process takes the lock and is killed without a chance to release it.
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from gymtimer.store.instance_lock import InstanceLock; from pathlib import Path;"
         "lock = InstanceLock(Path(sys.argv[1])); assert lock.acquire(); print('held', flush=True); time.sleep(60)",
         str(paths.lock_file(data_dir))],
        stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    assert not InstanceLock().acquire()
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    lock = InstanceLock()
    assert lock.acquire()
    lock.release()


def test_a_read_only_data_folder_is_named_as_such_not_as_a_running_copy(tmp_path):
    from tests.helpers.disks import TmpfsDisk

    disk = TmpfsDisk.mount(tmp_path / "mnt")
    if disk is None:
        pytest.skip("mounting a tmpfs needs root and the mount capability")
    try:
        disk.make_read_only()
        lock = InstanceLock(disk.mountpoint / "gymtimer.lock")
        assert not lock.acquire()
        assert lock.problem_title() == "GymTimer cannot use its data folder"
        assert "cannot write to" in lock.holder_message()
    finally:
        disk.unmount()
