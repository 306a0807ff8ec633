"""What the camera section remembers in ``settings.json``: the camera chosen, a box per camera, follow mode,
and which side of the lifter's body faces the camera.

A network camera (a phone's camera app) is remembered by its address, as the
lifter typed it, password included: this file is the only place it is
written (the name it is listed and boxed under has no password).

Kept under the one key ``"camera"`` through :class:`SettingsStore` (which
keeps every other key of the file as it found it)::

    "camera": {"chosen": "Integrated Camera", "follow": false,
               "boxes": {"Integrated Camera": [212, 160, 90, 80]},
               "network": "http://192.168.1.20:8080/video", "facing": "left"}

``facing`` is the side of the lifter's body nearer the camera (``"left"`` or
``"right"``; absent or null until they say): it names the legs the camera tells
apart by geometry (pose models swap their left and right labels in side views).

Boxes are in the camera's own pixels, by the camera's name (a camera keeps its
name when it comes back on another device node). A damaged entry is ignored
with a message saying which, the rest is used, and a copy of the file is kept
beside it before anything is written over it.
"""

from __future__ import annotations

import msgspec

from gymtimer.core.plan import Side
from gymtimer.store.files import back_up_damaged
from gymtimer.store.settings import SettingsStore

#: The key of the camera's settings in settings.json.
KEY = "camera"
#: The smallest box side, in the camera's pixels (what the watcher and ``gymtimer analyse`` accept).
MIN_BOX_SIDE = 4
#: No camera's picture is this wide or tall: a box beyond it is damaged, not a big picture.
MAX_PICTURE_SIDE = 16384

Box = tuple[int, int, int, int]


class CameraSettings(msgspec.Struct):
    """The camera section's choices, as stored."""

    chosen: str | None = None
    follow: bool = False
    boxes: dict[str, Box] = msgspec.field(default_factory=dict)
    network: str | None = None  # the network camera's address (a password in it stays here only)
    facing: str | None = None  # the side of the lifter's body that faces the camera: "left" or "right"


#: Why a stored value is not a box at all.
NOT_A_BOX = "not four whole numbers (x, y, width, height)"


def as_box(value: object) -> Box | None:
    """``value`` (as read from a file) as a box when it is four whole numbers [x, y, width, height]; else None."""
    if not isinstance(value, list | tuple) or len(value) != 4 \
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return None
    x, y, w, h = value
    return x, y, w, h


def box_problem(box: Box) -> str | None:
    """Why ``box`` cannot be a box in a camera's pixels; None when it can."""
    x, y, w, h = box
    if w < MIN_BOX_SIDE or h < MIN_BOX_SIDE:
        return f"{w} × {h} pixels is smaller than {MIN_BOX_SIDE} a side"
    if x < 0 or y < 0 or x + w > MAX_PICTURE_SIDE or y + h > MAX_PICTURE_SIDE:
        return f"at {x}, {y} it lies outside any camera's picture"
    return None


class CameraMemory:
    """Reads the camera's settings once, and saves each change at once (every other setting kept)."""

    def __init__(self, memory: SettingsStore | None = None) -> None:
        self.memory = memory if memory is not None else SettingsStore()
        #: What was wrong with the stored settings, in a lifter's words; None when all was well.
        self.problem: str | None = None
        self.settings = self._load()

    def chosen(self) -> str | None:
        return self.settings.chosen

    def set_chosen(self, name: str | None) -> None:
        self.settings.chosen = name
        self._write()

    def follow(self) -> bool:
        return self.settings.follow

    def set_follow(self, follow: bool) -> None:
        self.settings.follow = follow
        self._write()

    def network(self) -> str | None:
        """The network camera's address, as typed (password included); None when none was given."""
        return self.settings.network

    def set_network(self, address: str | None) -> None:
        self.settings.network = address
        self._write()

    def facing(self) -> Side | None:
        """The side of the lifter's body that faces the camera; None until they say."""
        return None if self.settings.facing is None else Side(self.settings.facing)

    def set_facing(self, side: Side | None) -> None:
        if side is Side.BOTH:
            raise ValueError("One side of the body faces the camera: left or right")
        self.settings.facing = None if side is None else side.value
        self._write()

    def box(self, camera: str) -> Box | None:
        return self.settings.boxes.get(camera)

    def set_box(self, camera: str, box: Box) -> None:
        problem = box_problem(box)
        if problem:
            raise ValueError(f"The box {box} is not one a camera can have: {problem}")
        self.settings.boxes[camera] = box
        self._write()

    def forget_box(self, camera: str) -> None:
        """The box for ``camera`` is not kept for the next time: refused (nothing in it to follow), or given back to
        the body model to place."""
        if self.settings.boxes.pop(camera, None) is not None:
            self._write()

    def _load(self) -> CameraSettings:
        raw = self.memory.other_setting(KEY)
        if raw is None:
            return CameraSettings()
        problems: list[str] = []
        if not isinstance(raw, dict):
            self._report([f"the camera settings are not a set of settings ({raw!r})"])
            return CameraSettings()
        chosen = raw.get("chosen")
        if chosen is not None and not isinstance(chosen, str):
            problems.append(f"the chosen camera {chosen!r} is not a name")
            chosen = None
        follow = raw.get("follow", False)
        if not isinstance(follow, bool):
            problems.append(f"follow mode {follow!r} is not on or off (it is off)")
            follow = False
        network = raw.get("network")
        if network is not None and (not isinstance(network, str) or "://" not in network):
            problems.append("the network camera's address is not an address (type it again)")
            network = None
        facing = raw.get("facing")
        if facing is not None and facing not in (Side.LEFT.value, Side.RIGHT.value):
            problems.append(f"the side facing the camera {facing!r} is not left or right (say it again)")
            facing = None
        boxes: dict[str, Box] = {}
        stored = raw.get("boxes", {})
        if not isinstance(stored, dict):
            problems.append("the boxes are not a list by camera")
            stored = {}
        for name, value in stored.items():
            box = as_box(value)
            problem = NOT_A_BOX if box is None else box_problem(box)
            if box is None or problem:
                problems.append(f"the box for {name} ({value!r}): {problem}")
            else:
                boxes[name] = box
        if problems:
            self._report(problems)
        return CameraSettings(chosen=chosen, follow=follow, boxes=boxes, network=network, facing=facing)

    def _report(self, problems: list[str]) -> None:
        """Say what is ignored; keep a copy of the file as it was, since the next save drops it."""
        try:
            aside = back_up_damaged(self.memory.path, keep_original=True)
            kept = f"a copy of {self.memory.path.name} was kept as {aside.name}"
        except OSError as error:
            kept = f"no copy could be kept ({error.strerror or error})"
        self.problem = f"Camera settings ignored: {'; '.join(problems)}. Draw the box again; {kept}."

    def _write(self) -> None:
        self.memory.set_other_setting(KEY, msgspec.to_builtins(self.settings))
