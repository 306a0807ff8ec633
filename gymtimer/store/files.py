"""Small file rules shared by the stores: a damaged file is kept beside itself, never deleted."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def back_up_damaged(path: Path, *, keep_original: bool = False) -> Path:
    """Move (or copy) a damaged file to the first free ``NAME.bak``, ``NAME.bak-2``, … beside it."""
    candidate = path.with_name(f"{path.name}.bak")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.bak-{number}")
    if keep_original:
        shutil.copy2(path, candidate)
    else:
        os.replace(path, candidate)
    return candidate


