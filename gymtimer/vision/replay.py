"""The set just lifted, kept to be watched back: its frames in memory only, never on disk unless the lifter saves them.

A :class:`SetFilm` keeps the frames the camera's tracker saw (grey, 320 px
wide), JPEG-encoded in memory (about 9 KB a frame), at most ``FILM_FPS`` a
second and never more than ``FILM_BYTES`` in all: a set longer than that
budget allows keeps every other frame, and so on (the whole set stays, at a
lower rate). It holds the last set only; whoever owns it drops it when the
next set starts or the app quits. :meth:`SetFilm.save` is the one way a frame
reaches a disk: a video file where the lifter says, written through a
temporary file beside it and renamed.

Measured here (320×240 grey, JPEG quality 75): 9.4 KB a frame, 0.13 ms to
encode; a 10-minute set at 15 frames a second holds about 85 MB.

:func:`timeline` places each measured rep's phases and its words
("LOWERED 1.1 s — SLOWER") on the film's clock, for the replay's timeline.
Qt-free.
"""

from __future__ import annotations

import bisect
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cv2
import msgspec
import numpy as np

from gymtimer.core.reps import MeasuredRep
from gymtimer.core.seen import rep_words
from gymtimer.core.tempo import Phase
from gymtimer.vision.frames import FrameSource, Image, VideoError

#: The most frames a second a film keeps (a camera gives 30; 15 shows a 1 s lift in 15 pictures).
FILM_FPS = 15.0
#: The most bytes a film holds: past it, every other frame is let go and the rate halves.
FILM_BYTES = 200_000_000
#: JPEG quality of each kept frame.
JPEG_QUALITY = 75
#: The width a filmed set's video is read at to be watched back (its own frames, not the tracker's).
FILE_WIDTH = 480
#: A grey picture, as the tracker sees it and the film gives it back.
Grey = np.ndarray[Any, np.dtype[np.uint8]]

#: The video files a film is saved as, by their ending: the codec each is written with.
CODECS = {".mp4": "mp4v", ".avi": "MJPG"}


class FilmNotSaved(Exception):
    """The set's video could not be written where the lifter said: why, in their words."""


class SetFilm:
    """The frames of one set, JPEG-encoded in memory; :meth:`keep` may be called from the camera's worker thread.

    Frames are kept only between :meth:`begin` and :meth:`end`. Times are on
    the clock the frames come with (``time.monotonic()`` for the live camera,
    seconds from the first frame for a video file).
    """

    def __init__(self, *, fps: float = FILM_FPS, budget: int = FILM_BYTES, quality: int = JPEG_QUALITY) -> None:
        self.fps = fps
        self.budget = budget
        self.quality = quality
        self._lock = threading.Lock()
        self._times: list[float] = []
        self._jpegs: list[bytes] = []
        self._bytes = 0
        self._gap = 1.0 / fps  # the least time between two frames kept; doubles each time the budget is reached
        self._size: tuple[int, int] | None = None
        self.filming = False

    # ----------------------------------------------------------------- filming

    def begin(self) -> None:
        """A set starts: the last one's frames are dropped, this one's kept from now."""
        with self._lock:
            self._drop()
            self.filming = True

    def end(self) -> None:
        """The set ended: nothing more is kept (the frames stay until :meth:`clear` or the next :meth:`begin`)."""
        with self._lock:
            self.filming = False

    def clear(self) -> None:
        """Every frame let go (the next set, or the app quits); nothing more is kept."""
        with self._lock:
            self._drop()
            self.filming = False

    def _drop(self) -> None:
        self._times, self._jpegs, self._bytes = [], [], 0
        self._gap = 1.0 / self.fps
        self._size = None

    def keep(self, at: float, grey: Image) -> bool:
        """Keep the frame taken at ``at`` if filming and it is due (the film's rate); True when kept."""
        with self._lock:
            if not self.filming or (self._times and at - self._times[-1] < self._gap * 0.9):
                return False
        ok, jpeg = cv2.imencode(".jpg", grey, [cv2.IMWRITE_JPEG_QUALITY, self.quality])  # outside the lock
        if not ok:
            return False
        data = jpeg.tobytes()
        with self._lock:
            if not self.filming or (self._times and at <= self._times[-1]):
                return False
            self._times.append(at)
            self._jpegs.append(data)
            self._bytes += len(data)
            self._size = (grey.shape[1], grey.shape[0])
            while self._bytes > self.budget and len(self._jpegs) > 1:
                self._thin()
        return True

    def _thin(self) -> None:
        """Over the budget: every other frame goes, and from now on frames are kept half as often."""
        self._times = self._times[::2]
        self._jpegs = self._jpegs[::2]
        self._bytes = sum(len(j) for j in self._jpegs)
        self._gap *= 2

    def shared(self) -> SetFilm:
        """A film of the same frames (shared, not copied) that the next :meth:`begin` of this one leaves alone:
        what a replay on screen holds until it closes."""
        film = SetFilm(fps=self.fps, budget=self.budget, quality=self.quality)
        with self._lock:
            film._times, film._jpegs, film._bytes = list(self._times), list(self._jpegs), self._bytes
            film._gap, film._size = self._gap, self._size
        return film

    # ----------------------------------------------------------------- watching

    @property
    def bytes_held(self) -> int:
        """Bytes of pictures held in memory now."""
        return self._bytes

    @property
    def times(self) -> list[float]:
        with self._lock:
            return list(self._times)

    def __len__(self) -> int:
        return len(self._times)

    @property
    def start(self) -> float:
        return self._times[0] if self._times else 0.0

    @property
    def end_time(self) -> float:
        return self._times[-1] if self._times else 0.0

    @property
    def size(self) -> tuple[int, int] | None:
        """(width, height) of its pictures; None while it holds none."""
        return self._size

    def index_at(self, at: float) -> int:
        """The frame on screen at ``at``: the last one taken at or before it (the first, before the film)."""
        with self._lock:
            return max(0, bisect.bisect_right(self._times, at) - 1)

    def picture(self, index: int) -> Grey:
        """Frame ``index``, decoded (grey)."""
        with self._lock:
            data = self._jpegs[index]
        return _decoded(data)

    # ----------------------------------------------------------------- the lifter's copy

    def save(self, path: str | Path) -> Path:
        """Write the film as a video at ``path`` (``.mp4`` or ``.avi``), through a temporary file renamed.

        Raises :class:`FilmNotSaved` in the lifter's words; nothing is left behind then.
        """
        path = Path(path).expanduser()
        suffix = path.suffix.lower()
        if suffix not in CODECS:
            raise FilmNotSaved(f"{path.name}: GymTimer saves a video as .mp4 or .avi: "
                               "add one of those to the name")
        if path.is_dir():
            raise FilmNotSaved(f"{path} is a folder: give the video a file name")
        if not path.parent.is_dir():
            raise FilmNotSaved(f"Not saved: the folder {path.parent} does not exist")
        with self._lock:
            times, jpegs, size = list(self._times), list(self._jpegs), self._size
        if not jpegs or size is None:
            raise FilmNotSaved("Not saved: no picture of this set was kept")
        fps = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 and times[-1] > times[0] else self.fps
        temporary = path.with_name(f".{path.stem}.saving{suffix}")
        writer = cv2.VideoWriter(str(temporary), cv2.VideoWriter.fourcc(*CODECS[suffix]), fps, size, isColor=True)
        try:
            if not writer.isOpened():
                raise FilmNotSaved(f"Not saved: {path.parent} cannot be written to (full, read-only, or not yours?)")
            for data in jpegs:
                writer.write(cv2.cvtColor(_decoded(data), cv2.COLOR_GRAY2BGR))
            writer.release()
            if not temporary.is_file() or temporary.stat().st_size == 0:
                raise FilmNotSaved(f"Not saved: {path.parent} cannot be written to (full, read-only, or not yours?)")
            os.replace(temporary, path)
        except OSError as error:
            raise FilmNotSaved(f"Not saved: {path} could not be written ({error.strerror or error})") from None
        finally:
            writer.release()
            temporary.unlink(missing_ok=True)
        return path


def _decoded(data: bytes) -> Grey:
    """A kept frame's JPEG bytes, a grey picture again (they were encoded here: they decode)."""
    grey = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert grey is not None
    return grey.astype(np.uint8, copy=False)


def film_of_video(video: str | Path, *, width: int = FILE_WIDTH, budget: int = FILM_BYTES) -> SetFilm:
    """A filmed set's video read again into a film (seconds from its first frame); no copy of the file is made.

    Raises :class:`~gymtimer.vision.frames.VideoError` in the lifter's words.
    """
    film = SetFilm(budget=budget)
    source = FrameSource(video, width)
    film.begin()
    first: float | None = None
    try:
        for frame in source:
            if first is None:
                first = frame.time
            film.keep(frame.time - first, frame.grey)
    finally:
        source.close()
    film.end()
    if not len(film):
        raise VideoError(f"{Path(video).name}: no picture in it")
    return film


class PhaseMark(msgspec.Struct, frozen=True):
    """One phase of a rep on the film's clock: ``start`` to ``end`` (seconds)."""

    rep: int  # 1-based
    phase: Phase
    start: float
    end: float


class VerdictMark(msgspec.Struct, frozen=True):
    """What was said of a rep, where its lowering ended: "LOWERED 1.1 s — SLOWER"; ``flagged`` if it had a verdict."""

    rep: int
    at: float
    words: str
    flagged: bool


class Timeline(msgspec.Struct, frozen=True):
    """Every rep's phases and its words, for the replay's timeline."""

    phases: list[PhaseMark]
    verdicts: list[VerdictMark]


def timeline(reps: Sequence[MeasuredRep], planned_lower: float | None = None, *, shift: float = 0.0) -> Timeline:
    """Each rep's lift, squeeze, lowering (and the pause at the bottom after it), and its words, ``shift`` added
    to every time (the measured reps' clock to the film's)."""
    phases: list[PhaseMark] = []
    verdicts: list[VerdictMark] = []
    for number, rep in enumerate(reps, start=1):
        at = rep.start + shift
        for phase, seconds in ((Phase.LIFT, rep.lift), (Phase.SQUEEZE, rep.top), (Phase.LOWER, rep.lower),
                               (Phase.BOTTOM, rep.bottom or 0.0)):
            if seconds > 0:
                phases.append(PhaseMark(number, phase, at, at + seconds))
            at += seconds
        words = rep_words(rep, planned_lower)
        said = f"{words.lowered} — {words.verdict}" if words.verdict else words.lowered
        verdicts.append(VerdictMark(number, rep.lowering_ends + shift, said, words.verdict is not None))
    return Timeline(phases, verdicts)


class SetReplay:
    """A set to watch back: its film, the timeline of its measured reps on the film's clock, and its name."""

    def __init__(self, film: SetFilm, marks: Timeline, title: str) -> None:
        self.film = film
        self.marks = marks
        self.title = title
