"""What the lifter should know besides the workout itself: one keyed list, most important first.

Every banner of the app reads this one model: the workout screen's status
line and the setup page's notice line. A notice is posted under a key (posting
the same key again replaces it, posting empty text takes it away), carries a
priority and says on which screens it belongs. Listeners hear of every real
change, and only of real changes.

Plain Python: no Qt, so the rules are tested on their own.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable

import msgspec


class Priority(enum.IntEnum):
    """How much a notice matters to the lifter now; the highest is the one shown."""

    INFO = 0  #: a state the lifter chose (muted) or a past event told once
    SCREEN = 10  #: the screen may go dark
    CAMERA = 15  #: the camera does not watch: the reps are paced, not seen
    SOUND = 20  #: the cues may not be heard
    DATA = 30  #: a session or setting is not on disk (yet)
    QUESTION = 40  #: the app waits for the lifter's answer (end the workout?)


class Place(enum.Enum):
    """Where a notice is shown."""

    WORKOUT = "workout"
    SETUP = "setup"


EVERYWHERE = frozenset(Place)


class Notice(msgspec.Struct, frozen=True):
    """One thing to know: ``text`` in a few words for the line, ``detail`` for whoever looks closer."""

    key: str
    text: str
    priority: Priority = Priority.INFO
    detail: str = ""
    places: frozenset[Place] = EVERYWHERE

    def full_text(self) -> str:
        """The short text and its detail, as one sentence or two."""
        if not self.detail:
            return self.text
        return f"{self.text}. {self.detail}" if not self.text.endswith((".", ":", "?")) else f"{self.text} {self.detail}"


#: The key of the camera's notice, and what it says: the workout goes on, paced.
CAMERA_KEY = "camera"
CAMERA_NOT_AVAILABLE = "Camera not available — pacing only"


def post_camera_not_available(notices: Notices, detail: str = "", *, follow: bool = False) -> None:
    """The camera is missing, busy, unplugged or refused: say so on the workout screen; the pacing goes on.

    ``detail`` says why in the lifter's words (shown with ? and in the tooltip); ``follow``: Follow me
    was on, and following stops too (said after it)."""
    notices.post(CAMERA_KEY, CAMERA_NOT_AVAILABLE, priority=Priority.CAMERA, detail=_follow_said(detail, follow),
                 places={Place.WORKOUT, Place.SETUP})


def clear_camera_notice(notices: Notices) -> None:
    """The camera watches again (or was switched off by the lifter): the notice goes."""
    notices.clear(CAMERA_KEY)


#: The hips move like reps and the camera counts none: the box is wrong (far too big, or beside the hips).
CHECK_THE_BOX = "The camera doesn't see your reps — check the box"
#: A camera was chosen, but the workout could not use it: no box is drawn (or it was refused).
CAMERA_NOT_USED = "Camera not used: no box drawn — pacing only"
#: ... and Follow me was on: said with it, so that a lifter waiting to be followed knows.
PACED_NOT_FOLLOWED = "the metronome paces instead of following you"


def _follow_said(detail: str, follow: bool) -> str:
    """``detail`` as a sentence, then, when Follow me was on, that the metronome paces instead of following."""
    if not follow:
        return detail
    detail = detail[:1].upper() + detail[1:]
    if detail and not detail.endswith((".", "?", "!")):
        detail += "."
    said = f"Follow me is on, but {PACED_NOT_FOLLOWED}."
    return f"{detail} {said}" if detail else said


def post_check_the_box(notices: Notices, following: bool = False) -> None:
    """Reps seem lifted but none is seen: say so on the workout screen and the setup page."""
    detail = f"Following stopped: {PACED_NOT_FOLLOWED}." if following else ""
    notices.post(CAMERA_KEY, CHECK_THE_BOX, priority=Priority.CAMERA, detail=detail,
                 places={Place.WORKOUT, Place.SETUP})


def post_camera_not_used(notices: Notices, follow: bool, why: str = "no box drawn") -> None:
    """A workout starts with a camera chosen that it cannot use: pacing only, said at Start."""
    text = CAMERA_NOT_USED.replace("no box drawn", why)
    notices.post(CAMERA_KEY, text, priority=Priority.CAMERA, detail=_follow_said("", follow),
                 places={Place.WORKOUT, Place.SETUP})


class Notices:
    """The app's notices, keyed; tells its listeners each time what is shown may have changed."""

    def __init__(self) -> None:
        self._items: dict[str, Notice] = {}
        self._order: dict[str, int] = {}  # when each key was last posted: the newer first at equal priority
        self._posted = 0
        self._listeners: list[Callable[[], None]] = []

    def post(self, key: str, text: str, *, priority: Priority = Priority.INFO, detail: str = "",
             places: Iterable[Place] = EVERYWHERE) -> None:
        """Show ``text`` under ``key`` (replacing what that key said); empty text clears the key."""
        if not text:
            self.clear(key)
            return
        notice = Notice(key, text, Priority(priority), detail, frozenset(places))
        if self._items.get(key) == notice:
            return
        if key not in self._items:
            self._posted += 1
            self._order[key] = self._posted
        self._items[key] = notice
        self._announce()

    def clear(self, key: str) -> None:
        if self._items.pop(key, None) is not None:
            self._order.pop(key, None)
            self._announce()

    def get(self, key: str) -> Notice | None:
        return self._items.get(key)

    def shown(self, place: Place | None = None) -> list[Notice]:
        """The notices for ``place`` (all when None), the most important first, then the newest."""
        notices = [n for n in self._items.values() if place is None or place in n.places]
        return sorted(notices, key=lambda n: (-n.priority, -self._order[n.key]))

    def top(self, place: Place | None = None) -> Notice | None:
        shown = self.shown(place)
        return shown[0] if shown else None

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener()`` after every change; returns the call that stops it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _announce(self) -> None:
        for listener in list(self._listeners):
            listener()
