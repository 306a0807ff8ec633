"""A sync tool between two data folders, simulated with real files: copies that arrive late, conflict copies.

It does what Syncthing, Dropbox and Nextcloud do to a folder, step by step, so that a
test can look between the steps: a new file arrives under a hidden temporary name and is
renamed into place, or (a tool that writes in place) arrives half first; a file changed on
both sides is kept twice, the second under the tool's conflict name.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

#: How each tool names the copy it keeps of a file changed on two computers at once.
CONFLICT_NAMES = {
    "syncthing": "{stem}.sync-conflict-20261206-101010-ABCDEFG{suffix}",
    "dropbox": "{stem} (conflicted copy 2026-12-06){suffix}",
    "dropbox-named": "{stem} (Ann's conflicted copy 2026-12-06){suffix}",
    "nextcloud": "{stem} (conflicted copy 2026-12-06 101010){suffix}",
    "numbered": "{stem} (1){suffix}",
}


def conflict_name(name: str, tool: str) -> str:
    stem, suffix = os.path.splitext(name)
    return CONFLICT_NAMES[tool].format(stem=stem, suffix=suffix)


@dataclass
class FolderSync:
    """Carries the files of one data folder to another, one step at a time (``pending`` lists what waits)."""

    source: Path
    target: Path
    sent: dict[str, bytes] = field(default_factory=dict)

    def pending(self) -> list[Path]:
        """Files of the source that are new or changed since they were last carried."""
        waiting = []
        for path in sorted(self.source.rglob("*.json")):
            if path.name.startswith("."):
                continue
            relative = str(path.relative_to(self.source))
            if self.sent.get(relative) != path.read_bytes():
                waiting.append(path)
        return waiting

    def carry(self, path: Path, *, half_first: bool = False) -> Path:
        """Bring one file across: under a temporary name then renamed, or (``half_first``) its first half only."""
        relative = path.relative_to(self.source)
        destination = self.target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        if half_first:
            destination.write_bytes(data[: len(data) // 2])
            return destination
        temporary = destination.with_name(f".syncthing.{destination.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, destination)
        self.sent[str(relative)] = data
        return destination

    def carry_all(self) -> list[Path]:
        return [self.carry(path) for path in self.pending()]

    def keep_both(self, path: Path, tool: str) -> Path:
        """Changed here and there: the source's version lands beside the target's under the tool's conflict name."""
        relative = path.relative_to(self.source)
        destination = self.target / relative.parent / conflict_name(path.name, tool)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        self.sent[str(relative)] = path.read_bytes()
        return destination
