"""The live camera: frames read and tracked on a worker thread, reps and the camera's state handed to the app.

Qt-free: every result is an event put on a thread-safe queue (``watcher.events``)
or handed to a callback called on the worker thread, which a Qt layer turns
into a queued signal. Times are on ``time.monotonic()``, the workout's clock.
Frames live only as long as it takes to track them, or in the set's film in memory (``vision/replay.py``):
none is sent.

With the optional body model (``gymtimer/vision/pose.py``), a second thread
runs it on the newest frame whenever it is free (frames that come while it is
busy are skipped: the hip's tracking never waits for it). It reports the
landmarks (``BodySeen``) of every frame it looks at and, while no box is drawn,
who it finds and where it placed the box (``HipsFound``): the box is placed
once the lifter has settled, and moved when they shift on the bench between
sets (:class:`~gymtimer.core.body.BoxPlacer`). A box the lifter draws
(:meth:`LiveWatcher.set_box`, or one given at the start) wins: the model then
only reports landmarks.
"""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import msgspec

from gymtimer.core.body import BoxPlacer
from gymtimer.core.camera_events import (
    Behind,
    BodySeen,
    CameraEvent,
    CameraState,
    Finished,
    Height,
    HipsFound,
    PhaseSeen,
    RepSeen,
    State,
    Still,
)
from gymtimer.core.reps import MeasuredRep, RepCounter
from gymtimer.vision.analyse import min_range
from gymtimer.vision.frames import Frames, Image, VideoError
from gymtimer.vision.guidance import LOST_SECONDS, MESSAGES, Guidance
from gymtimer.vision.pose import PEOPLE_SECONDS
from gymtimer.vision.tracker import HipTracker, TrackingError

if TYPE_CHECKING:
    from gymtimer.vision.pose import BodyModel
    from gymtimer.vision.replay import SetFilm

log = logging.getLogger(__name__)

#: Seconds between tries to open a camera that is not (or no longer) there.
RETRY_SECONDS = 1.0
#: How often the watchdog looks for frames that stopped coming (a read can block for seconds).
WATCHDOG_SECONDS = 0.2


#: The events the watcher makes are defined in the core (``gymtimer/core/camera_events.py``), so that the
#: workout's coach names them without loading the camera's side; they are named here too, for its users.
__all__ = ["Behind", "CameraEvent", "CameraState", "Finished", "Height", "LiveWatcher", "PhaseSeen", "Picture", "RepSeen",
           "Still"]

#: A network camera's delay is told again when it changes by this much (the preview shows tenths).
BEHIND_STEP = 0.05

#: The smallest box side the watcher follows, in the picture's pixels (as ``gymtimer analyse``).
MIN_BOX_SIDE = 4
#: While placing the box, who is found and where it looks is told at least this often (and at once on a change).
HIPS_FOUND_SECONDS = 0.25
#: The body model looks at most this many frames a second: enough for a rep's top (a 1 s squeeze is 15
#: frames) and a foot raised, at half the cost of every frame of a 30 fps camera (docs/vision.md).
BODY_FPS = 15.0
#: The body model's thread runs this much nicer than the rest (Linux): the screen, the sound and the hip's
#: tracking come first when the cores are busy.
BODY_NICENESS = 10


class Picture(msgspec.Struct, frozen=True):
    """The latest frame for a preview on screen: the grey picture the tracker sees, scaled to ``TRACK_WIDTH``.

    Never an event: it is only ever kept in the watcher's one slot (:attr:`LiveWatcher.picture`),
    overwritten by the next frame, for a screen to read at its own pace. ``video_size`` is the
    camera's own (width, height), the pixels a box is given in.
    """

    at: float
    grey: Image
    video_size: tuple[int, int]


class LiveWatcher:
    """Watches the hip in the box through ``open_source()``'s frames until :meth:`stop`.

    ``open_source`` opens the camera (or a file playing in real time, standing
    in for one) and may raise :class:`VideoError`; it is called on start and
    again every ``retry_seconds`` while the camera is lost. ``box`` is (x, y,
    w, h) around the hip, in the picture's pixels. Each event goes to
    ``on_event`` (called on the worker thread), by default :attr:`events`.

    ``box=None`` runs a preview only (frames read, none tracked: state
    ``NO_BOX``) until :meth:`set_box`. ``pictures=True`` keeps the latest frame
    in :attr:`picture` for a screen; the worker never waits for it to be read.
    ``film`` is handed every frame, to keep the set in memory to be watched back.
    """

    def __init__(self, open_source: Callable[[], Frames], box: tuple[int, int, int, int] | None, *,
                 planned_lower: float | None = None, on_event: Callable[[CameraEvent], None] | None = None,
                 clock: Callable[[], float] = time.monotonic, retry_seconds: float = RETRY_SECONDS,
                 pictures: bool = False, film: SetFilm | None = None,
                 body_model: Callable[[], BodyModel] | None = None) -> None:
        self.open_source = open_source
        #: Makes the body model (on its own thread, where it runs); None: no model, the box is drawn by hand.
        self.body_model = body_model
        self._newest: tuple[float, Image, tuple[int, int]] | None = None  # the frame for the model: one slot
        self._newest_ready = threading.Condition()
        self._placing = box is None  # the model places the box until the lifter draws one
        self._rep_under_way = False
        #: The set's frames kept to be watched back (``gymtimer/vision/replay.py``), when one is handed.
        self.film = film
        self.events: queue.SimpleQueue[CameraEvent] = queue.SimpleQueue()
        self._emit = on_event or self.events.put
        self._clock = clock
        self.retry_seconds = retry_seconds
        self.planned_lower = planned_lower
        self.pictures = pictures
        #: The latest frame, when ``pictures``: one slot, replaced by each frame, never queued.
        self.picture: Picture | None = None
        self._next_box: tuple[int, int, int, int] | None = None
        self._box_was_set = False  # by set_box, while running: a box the tracker cannot use is refused, not retried
        self._follow(box)
        self._state: State | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._seen = 0
        self._last_frame: float | None = None
        self._stops_because = "unplugged?"  # the camera open now: why its pictures may stop
        self._threads: list[threading.Thread] = []

    # The app's side.
    def start(self) -> None:
        if self._threads:
            raise RuntimeError("the watcher is already running")
        self._stop.clear()
        self._threads = [threading.Thread(target=self._run, name="camera", daemon=True),
                         threading.Thread(target=self._watchdog, name="camera watchdog", daemon=True)]
        if self.body_model is not None:
            self._threads.append(threading.Thread(target=self._run_body_model, name="body model", daemon=True))
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stops watching and closes the camera (within a frame's time, or the driver's read timeout)."""
        self._stop.set()
        with self._newest_ready:
            self._newest_ready.notify_all()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    def set_box(self, box: tuple[int, int, int, int]) -> None:
        """Follow the hip in ``box`` (the picture's pixels) from the next frame on, afresh: a new tracker and count."""
        x, y, w, h = box
        if w < MIN_BOX_SIDE or h < MIN_BOX_SIDE or x < 0 or y < 0:
            raise ValueError(f"the box {x},{y},{w},{h} is too small: at least {MIN_BOX_SIDE} pixels a side")
        with self._lock:
            self._next_box = box
            self._placing = False  # drawn by the lifter: a correction the model never moves

    def place_again(self) -> None:
        """The body model places the box afresh (the lifter gave the drawn one back); the box followed until then
        stays. Nothing happens without the model."""
        with self._lock:
            if self.body_model is not None:
                self._placing = True

    @property
    def placing(self) -> bool:
        """Whether the body model places the box (no box drawn by the lifter)."""
        with self._lock:
            return self._placing and self.body_model is not None

    def _follow(self, box: tuple[int, int, int, int] | None) -> None:
        """Counting and guidance for ``box`` from scratch (called with the lock held, or before start)."""
        self.box = box
        # min_range's floor comes from the picture, set at the first frame tracked (_watch), before any height
        self.counter = RepCounter(1.0, planned_lower=self.planned_lower) if box else None
        self.guidance = Guidance(box[3] if box else 1.0)

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    @property
    def reps(self) -> list[MeasuredRep]:
        """Every rep seen so far, graded against the set so far."""
        with self._lock:
            return self.counter.reps if self.counter is not None else []

    def __enter__(self) -> LiveWatcher:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # The worker's side.
    def _say(self, state: State, detail: str = "") -> None:
        with self._lock:
            if state is self._state:
                return
            self._state = state
        self._emit(CameraState(self._clock(), state, MESSAGES[state], detail))

    def _lost(self, detail: str) -> None:
        with self._lock:
            self.guidance.lose()
            ended = self.counter.break_signal() if self.counter is not None else []
        for rep in ended:  # a lowering that had come most of the way down when the camera went
            self._seen += 1
            self._emit(RepSeen(rep, self._seen, self._clock()))
        self._say(State.LOST, detail)

    def _watchdog(self) -> None:
        while not self._stop.wait(WATCHDOG_SECONDS):
            last = self._last_frame
            if last is not None and self._clock() - last > LOST_SECONDS:
                self._last_frame = None
                self._lost(f"no picture from the camera for a second ({self._stops_because})")

    def _run(self) -> None:
        self._say(State.STARTING)
        while not self._stop.is_set():
            try:
                source = self.open_source()
            except VideoError as error:
                self._lost(str(error))
                self._stop.wait(self.retry_seconds)
                continue
            self._stops_because = source.stops_because
            try:
                ended = self._watch(source)
            except TrackingError as error:
                self._lost(str(error))
                ended = False
            finally:
                source.close()
                self._last_frame = None
            if ended and not source.ends_lost:
                with self._lock:
                    reps = self.counter.finish() if self.counter is not None else []
                self._emit(Finished(self._clock(), reps))
                return
            if not self._stop.is_set():
                self._lost(f"the camera stopped giving pictures ({source.stops_because})")
                self._stop.wait(self.retry_seconds)

    def _watch(self, source: Frames) -> bool:
        """Tracks every frame of ``source``; True when its frames ran out, False when stopped."""
        size = (source.width, source.height)
        tracker = None
        told: float | None = None  # the network camera's delay last told
        for frame in source:
            if self._stop.is_set():
                return False
            self._last_frame = self._clock()
            behind = source.behind
            if behind is not None and (told is None or abs(behind - told) >= BEHIND_STEP):
                told = behind
                self._emit(Behind(self._last_frame, behind, source.network_lateness))
            if self.pictures:
                self.picture = Picture(frame.time, frame.grey, size)
            if self.film is not None:
                self.film.keep(frame.time, frame.grey)  # kept in memory only while the film is filming a set
            if self.body_model is not None and frame.picture is not None:
                with self._newest_ready:  # never waits: the model takes the newest when it is free
                    self._newest = (frame.time, frame.picture, size)
                    self._newest_ready.notify()
            if self._box_changed():
                tracker = None  # the new box is followed from this frame
            if self.box is None or self.counter is None:  # no box, so nothing counted
                self._say(self._preview_state(frame.time, size))
                continue
            if tracker is None:
                try:
                    tracker = HipTracker(frame, self.box, source.scale)
                except TrackingError as error:
                    if not self._box_was_set:
                        raise
                    self._refuse_box(str(error))  # a box just drawn: the preview goes on, it is drawn again
                    continue
                with self._lock:
                    self.counter.set_floor(min_range(source.height))  # as gymtimer analyse: from the picture
                height = 0.0
            else:
                height = tracker.update(frame)
            with self._lock:
                self.counter.revise(tracker.take_revised())
                reps = self.counter.push(frame.time, height)
                moves = self.counter.moves()
                state = self.guidance.frame(frame.time, height, tracker.box_in_video(), size)
            for move in moves:
                self._rep_under_way = isinstance(move, PhaseSeen)  # a Still: racked, between reps
                self._emit(move)
            if reps:
                self._rep_under_way = False
            for rep in reps:
                self._seen += 1
                self._emit(RepSeen(rep, self._seen, self._clock()))
            self._emit(Height(frame.time, height, min(1.0, max(0.0, height / self.box[3])), *tracker.picture_shift))
            self._say(state)
        return True

    def _box_changed(self) -> bool:
        with self._lock:
            box, self._next_box = self._next_box, None
            if box is None:
                return False
            self._follow(box)
            self._box_was_set = True
            self._state = None  # say the new box's state even when it is the old one's
            return True

    def _refuse_box(self, why: str) -> None:
        with self._lock:
            self._follow(None)
            self._state = None
        self._say(State.NO_BOX, why)

    def _preview_state(self, at: float, size: tuple[int, int]) -> State:
        """No box yet: the camera's own problems (lost, too dark), else "draw a box"."""
        width, height = size
        middle = (width / 4, height / 4, width / 2, height / 2)  # never at the edge: no box is drawn
        with self._lock:
            state = self.guidance.frame(at, 0.0, middle, size)
        return State.NO_BOX if state in (State.SEEING, State.STILL) else state

    # The body model's side (its own thread).
    def _take_newest(self) -> tuple[float, Image, tuple[int, int]] | None:
        with self._newest_ready:
            if self._newest is None:
                self._newest_ready.wait(WATCHDOG_SECONDS)
            newest, self._newest = self._newest, None
        return newest

    def _run_body_model(self) -> None:
        assert self.body_model is not None
        if hasattr(os, "setpriority") and sys.platform.startswith("linux"):
            try:  # a thread's own nice value (Linux); the model's own threads, made from this one, inherit it
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BODY_NICENESS)
            except OSError:
                pass  # not allowed here: it runs at the same priority as the rest
        try:
            model = self.body_model()
        except Exception as error:  # noqa: BLE001 - a broken install of the optional model: the box is drawn by hand
            log.warning("The body model could not start (%s): the box is drawn by hand", error)
            with self._lock:
                self.body_model = None  # not placing: the page asks for a box as without the model
            return
        placer: BoxPlacer | None = None
        people, counted = 0, -float("inf")  # the people last counted, and when
        told: tuple[float, int, tuple[int, int, int, int] | None] | None = None  # the last HipsFound: when, who, box
        looked = -float("inf")  # when the model last looked (the clock's time)
        try:
            while not self._stop.is_set():
                wait = looked + 1.0 / BODY_FPS - self._clock()
                if wait > 0 and self._stop.wait(wait):
                    break
                newest = self._take_newest()
                if newest is None:
                    continue
                looked = self._clock()
                at, picture, size = newest
                seen = model.look(picture, at)
                if seen is not None:
                    self._emit(BodySeen(at, seen.landmarks))
                if not self.placing:
                    placer = None
                    continue
                if placer is None or placer.picture != size:
                    placer, counted = BoxPlacer(size), -float("inf")
                if seen is None:
                    people = 0
                elif people != 1 or at - counted >= PEOPLE_SECONDS:
                    people, counted = model.people(picture, seen), at
                if people == 1 and seen is not None:
                    box = placer.push(at, seen.landmarks, rep_under_way=self._rep_under_way)
                    if box is not None:
                        self._place(box)
                else:
                    placer.forget()  # nobody, or somebody else too: the box stays where it is
                placed = placer.box if people == 1 else None
                if told is None or (people, placed) != told[1:] or at - told[0] >= HIPS_FOUND_SECONDS:
                    told = (at, people, placed)
                    looking = seen.outline if seen is not None else (0, 0, *size)
                    self._emit(HipsFound(at, people, placed, looking))
        finally:
            model.close()

    def _place(self, box: tuple[int, int, int, int]) -> None:
        """The box placed by the model, followed from the next frame (unless the lifter drew one meanwhile)."""
        with self._lock:
            if self._placing:
                self._next_box = box
