"""Finds the app's sounds, voice clips, icons and desktop files (``gymtimer/assets/``) by name.

They are package data, so a wheel, an editable install and a checkout all carry
them: :mod:`importlib.resources` finds them. A frozen app has them in its bundle
folder. The scripts that make them live outside the package, in ``resources/``.
"""

from __future__ import annotations

import atexit
import contextlib
import sys
from importlib import resources as importlib_resources
from pathlib import Path

#: The folder of the package that holds the assets (also the folder inside a frozen bundle).
ASSETS = "assets"

_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def resources_root() -> Path:
    """The assets folder: in the frozen bundle when frozen, else wherever the package is installed."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "gymtimer" / ASSETS
    root = importlib_resources.files("gymtimer") / ASSETS
    if isinstance(root, Path):
        return root
    # Imported from an archive (a zip): Qt and the wave module need real files, so unpack them once.
    return _extracted.enter_context(importlib_resources.as_file(root))


def resource_path(name: str, root: Path | None = None) -> Path:
    """The path of ``name`` (e.g. ``"sounds/lift.wav"``); the error lists what exists beside it.

    ``root``: another assets folder (the sound process is told the app's, so both read the same files).
    """
    path = (resources_root() if root is None else root) / name
    if path.exists():
        return path
    folder = path.parent
    present = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    listing = ", ".join(present) if present else f"nothing: {folder} does not exist"
    raise FileNotFoundError(f"Resource {name!r} is missing. {folder} holds: {listing}")
