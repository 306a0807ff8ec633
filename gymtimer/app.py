"""Builds the QApplication, parses the command line, wires it all."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``gymtimer`` and ``python -m gymtimer``."""
    raise SystemExit("GymTimer's window is not built yet")


if __name__ == "__main__":
    sys.exit(main())
