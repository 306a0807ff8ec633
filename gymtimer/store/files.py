"""The one rule for a free name, and a damaged file kept beside itself: nothing is overwritten or deleted."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

#: How many numbered names are tried before giving up (a folder of ten thousand copies is a bug).
MAX_NUMBER = 10_000


def candidates(first: str, numbered: Callable[[int], str]) -> Iterator[str]:
    """``first``, then ``numbered(2)``, ``numbered(3)``, … up to :data:`MAX_NUMBER`."""
    yield first
    for number in range(2, MAX_NUMBER):
        yield numbered(number)


def free_name(first: str, numbered: Callable[[int], str], taken: Callable[[str], bool]) -> str:
    """The first of :func:`candidates` that is not ``taken``; FileExistsError if every one is."""
    for name in candidates(first, numbered):
        if not taken(name):
            return name
    raise FileExistsError(f"No free name like {first}")


def dashed(name: str) -> Callable[[int], str]:
    """The numbered names of a file: 'a.json' → 'a-2.json', 'a-3.json'…; a name without a suffix ends in the number."""
    stem, dot, suffix = name.rpartition(".")
    if not (dot and stem):
        return lambda number: f"{name}-{number}"
    return lambda number: f"{stem}-{number}.{suffix}"


def free_path(folder: Path, name: str) -> Path:
    """``folder / name``, or ``name-2``, ``name-3``… in ``folder``: the first that does not exist yet."""
    return folder / free_name(name, dashed(name), lambda candidate: (folder / candidate).exists())


def back_up_damaged(path: Path, *, keep_original: bool = False) -> Path:
    """Move (or copy) a damaged file to the first free ``NAME.bak``, ``NAME.bak-2``, … beside it."""
    backup = f"{path.name}.bak"
    candidate = path.with_name(free_name(backup, lambda number: f"{backup}-{number}",
                                         lambda name: path.with_name(name).exists()))
    if keep_original:
        shutil.copy2(path, candidate)
    else:
        os.replace(path, candidate)
    return candidate
