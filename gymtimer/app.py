"""Builds the QApplication, parses the command line, wires it all."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``gymtimer`` and ``python -m gymtimer``."""
    args = sys.argv[1:] if argv is None else argv
    if "--self-test" in args:
        from gymtimer.self_test import main as self_test

        return self_test(args)
    raise SystemExit("GymTimer's window is not built yet")


if __name__ == "__main__":
    sys.exit(main())
