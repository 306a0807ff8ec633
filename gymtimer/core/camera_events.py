"""What the live camera reports, typed once: every event from the camera's worker to the workout's coach.

The watcher (``gymtimer/vision/live.py``) makes these on its worker thread;
the camera feed (``gymtimer/live/camera.py``) relays each one unchanged to
the main thread; the coach (``gymtimer/core/coach.py``) dispatches on it once.
They are plain data here, so that the core can name them without loading the
camera's side. Times are on ``time.monotonic()``, the workout's clock. No
event carries a picture: frames never leave the watcher.
"""

from __future__ import annotations

import enum

import msgspec

from gymtimer.core.body import Landmarks
from gymtimer.core.reps import MeasuredRep, PhaseSeen, Still

#: (x, y, width, height) in the video's own pixels.
Box = tuple[int, int, int, int]


class State(enum.StrEnum):
    """The camera's state, worst first (``gymtimer.vision.guidance.MESSAGES`` has the words for each)."""

    STARTING = "starting"
    LOST = "lost"
    AT_EDGE = "at_edge"
    TOO_DARK = "too_dark"
    STILL = "still"
    NO_BOX = "no_box"  # pictures come, no box is drawn yet: only the preview runs
    SEEING = "seeing"


class RepSeen(msgspec.Struct, frozen=True):
    """A rep whose lowering ended: its measurements (times on the monotonic clock); ``at`` when it was known."""

    rep: MeasuredRep
    number: int  # 1-based, among the reps seen since the watcher started
    at: float


class Height(msgspec.Struct, frozen=True):
    """The hip's tracked height at a frame's ``at``: pixels over where it was, and ``level`` (0–1 of a rep's rise).

    ``shift_x`` and ``shift_y`` are how far the picture as a whole has moved (right, down; pixels) since the box
    was set: a rise while they change may be the camera's, not the hips'.
    """

    at: float
    height: float
    level: float
    shift_x: float = 0.0
    shift_y: float = 0.0


class CameraState(msgspec.Struct, frozen=True):
    """The camera's state changed: ``message`` in the lifter's words; ``detail`` says why, when known."""

    at: float
    state: State
    message: str
    detail: str = ""


class CameraOpened(msgspec.Struct, frozen=True):
    """The device itself opened (True) or closed (False): the "camera on" mark shows exactly while it is open."""

    open: bool


class Behind(msgspec.Struct, frozen=True):
    """A network camera's pictures are ``seconds`` behind (already taken off every time it reports): for the preview.

    ``network`` of it is measured (frames arriving late); the rest is the phone's own time, assumed.
    """

    at: float
    seconds: float
    network: float = 0.0


class Finished(msgspec.Struct, frozen=True):
    """A file played to its end (never for a camera, which is lost and looked for again instead)."""

    at: float
    reps: list[MeasuredRep]


class BodySeen(msgspec.Struct, frozen=True):
    """The pose model's landmarks of the lifter in the frame taken at ``at`` (``landmarks.t`` is ``at`` too).

    Only with the optional pose model; at the rate the model keeps up with (it never holds the hip's tracking
    up). Points are in the video's own pixels; which leg works and the lockout are judged from them in the
    core (``gymtimer/core/body.py``).
    """

    at: float
    landmarks: Landmarks


class HipsFound(msgspec.Struct, frozen=True):
    """Who the pose model finds in the picture, and where it put the hip box.

    ``people`` is 0 (nobody), 1, or 2 (two or more: the box is not moved while another person is in the
    picture); ``box`` is the hip box placed around the one lifter's hips (``None`` unless ``people`` is 1);
    ``looking`` is the part of the picture searched (the whole picture, or around the hips last found),
    for the preview to show where it looks. All in the video's own pixels.
    """

    at: float
    people: int
    box: Box | None
    looking: Box


#: Every event the live camera reports. ``PhaseSeen`` (a phase of the rep under way seen beginning) and
#: ``Still`` (the hips still between reps) come from the rep counter (``gymtimer/core/reps.py``), for
#: follow mode; ``Height`` comes with every frame and feeds the height bar only;
#: ``Behind`` comes from a network camera, for the preview; ``BodySeen`` and ``HipsFound`` come from the optional
#: pose model.
CameraEvent = RepSeen | PhaseSeen | Still | CameraState | CameraOpened | Height | Behind | Finished | BodySeen | HipsFound

__all__ = ["Behind", "BodySeen", "Box", "CameraEvent", "CameraOpened", "CameraState", "Finished", "Height", "HipsFound",
           "PhaseSeen", "RepSeen", "State", "Still"]
