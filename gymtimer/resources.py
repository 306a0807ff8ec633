"""Finds the files in ``resources/`` by name, from a source checkout or a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """The ``resources/`` folder: beside the package in a checkout, inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(name: str) -> Path:
    """The path of ``name`` (e.g. ``"sounds/lift.wav"``); the error lists what exists beside it."""
    path = resources_root() / name
    if path.exists():
        return path
    folder = path.parent
    present = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    listing = ", ".join(present) if present else f"nothing: {folder} does not exist"
    raise FileNotFoundError(f"Resource {name!r} is missing. {folder} holds: {listing}")
