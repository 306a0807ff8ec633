"""`make test`'s runner: the real-time tests in one pytest process, every other test beside them in another.

    python -m gymtimer_dev.two_runs [pytest arguments]

The real-time tests (marked ``realtime`` by tests/conftest.py: a real screen, a
real sound server, clips played as a camera, the frozen app) run one after
another, never two at once, so that none of them holds up another; the rest
(offscreen windows and the fake clock, CPU-bound) run beside them on the other
core, as a lifter's browser would. The real-time run's output is shown as it
comes; the other's follows when both are done. The exit status is the worse
of the two (a side that a selection leaves with no test counts as passed).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile

#: pytest's exit status when the selection leaves no test.
NO_TESTS = 5


def main(argv: list[str]) -> int:
    pytest = [sys.executable, "-m", "pytest", *argv]
    with tempfile.TemporaryFile() as other_output:
        other = subprocess.Popen([*pytest, "-m", "not realtime"], stdout=other_output, stderr=subprocess.STDOUT)
        try:
            print("the real-time tests, one after another (the other tests run beside them):", flush=True)
            real_time = subprocess.call([*pytest, "-m", "realtime"])
            rest = other.wait()
        finally:
            if other.poll() is None:
                other.kill()
                other.wait()
        other_output.seek(0)
        print("\nevery other test:", flush=True)
        sys.stdout.buffer.write(other_output.read())
        sys.stdout.flush()
    codes = [code for code in (real_time, rest) if code != NO_TESTS] or [NO_TESTS]
    return max(codes, key=lambda code: code != 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
