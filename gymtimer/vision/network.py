"""A network camera (a phone's camera app on the local network): its address checked, asked, and its delay.

No OpenCV and no Qt here: the setup page checks an address as it is typed.
The stream itself is read by :class:`gymtimer.vision.frames.FrameSource`
(OpenCV's FFmpeg backend), with :func:`reach` first, so that a host that does
not answer, or answers with something other than video, is said in words
within :data:`OPEN_SECONDS`, never a hang.

A password in the address (``http://name:password@host/…``) goes only to the
camera and to settings.json: every name, message and log line uses
:func:`shown_address`, which leaves it out.

How far behind a network camera's pictures are (see docs/vision.md, "A phone
as the camera"): its frames are stamped when they arrive, and the stream says
nothing of when they were taken (an MJPEG part carries no time; an RTSP
stream's times start at zero on the phone's own clock). Two parts, honestly:

- measured, here: how late each frame arrives against the stream's own steady
  rhythm (the network's queueing and bursts): :class:`ArrivalDelay`;
- assumed: the phone's own time from the light to a frame on the network
  (exposure, encoding, sending), which no clock on this side can see:
  :data:`PHONE_SECONDS`, by kind of stream.
"""

from __future__ import annotations

import base64
import http.client
import socket
import statistics
import time
from collections import deque
from itertools import pairwise
from urllib.parse import SplitResult, urlsplit

#: The kinds of stream a phone camera app offers.
SCHEMES = ("http", "https", "rtsp", "rtsps")
#: Every try to open a network camera gives up after this long: a few seconds, then words.
OPEN_SECONDS = 3.0
#: A stream that gives no frame for this long is a camera lost (the watcher tries it again).
READ_SECONDS = 2.0
#: The phone's own delay from the light to a frame on the network, by kind of stream (not measurable
#: here: the stream carries no capture time). MJPEG sends each picture as it is encoded; an RTSP (H.264)
#: stream is held for its encoder and FFmpeg's jitter buffer besides.
PHONE_SECONDS = {"http": 0.10, "https": 0.10, "rtsp": 0.25, "rtsps": 0.25}
#: How many recent arrivals the measured part looks at (about two seconds at 30 frames a second).
ARRIVALS = 60
#: How many of them a frame's earliest time is foretold from (half a second at 30 frames a second).
ENVELOPE = 15
#: An example address, for the lifter's words.
EXAMPLE = "http://192.168.1.20:8080/video"


class AddressError(ValueError):
    """What the lifter typed is not a camera's address, in their words."""


def is_network(source: object) -> bool:
    """A network camera's address rather than a file or a device."""
    return isinstance(source, str) and source.split("://", 1)[0].lower() in SCHEMES and "://" in source


def parse_address(text: str) -> str:
    """The camera's address as typed, checked; ``http://`` is added when no kind is given.

    Raises :class:`AddressError` saying what is wrong.
    """
    text = text.strip()
    if not text:
        raise AddressError(f"Type the address your camera app shows, e.g. {EXAMPLE}")
    if any(c.isspace() for c in text):
        raise AddressError(f"A camera's address has no spaces: type it as your camera app shows it, e.g. {EXAMPLE}")
    if "://" not in text:
        text = "http://" + text
    scheme = text.split("://", 1)[0].lower()
    if scheme not in SCHEMES:
        raise AddressError(f"{scheme}:// is not a camera stream: GymTimer reads http://, https:// and rtsp:// "
                           f"addresses, e.g. {EXAMPLE}")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise AddressError(f"That is not an address GymTimer can read: check the port after the colon, "
                           f"e.g. {EXAMPLE}") from None
    host = parts.hostname or ""
    if not host or host.startswith(".") or host.endswith("."):
        raise AddressError(f"The address has no camera in it: it needs the phone's address, e.g. {EXAMPLE}")
    if port == 0:
        raise AddressError(f"Port 0 is no camera's: check the number after the colon, e.g. {EXAMPLE}")
    return text


def shown_address(address: str) -> str:
    """The address without its password (the name kept), for names, messages and logs."""
    try:
        parts = urlsplit(address)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "a network camera"
    if ":" in host:
        host = f"[{host}]"
    where = f"{host}:{port}" if port else host
    user = f"{parts.username}@" if parts.username else ""
    return SplitResult(parts.scheme, user + where, parts.path, parts.query, "").geturl()


def camera_name(address: str) -> str:
    """A network camera's name in the list and in settings.json (no password; its box is kept by it)."""
    try:
        parts = urlsplit(address)
        host, port = parts.hostname or "?", parts.port
    except ValueError:
        return "Network camera"
    return f"Network camera ({host}:{port})" if port else f"Network camera ({host})"


class CameraNotReached(Exception):
    """The network camera does not answer, or not with video: why, in the lifter's words (never its password)."""


def _connect(parts: SplitResult, deadline: float) -> socket.socket:
    host = parts.hostname or ""
    port = parts.port or {"http": 80, "https": 443, "rtsp": 554, "rtsps": 322}[parts.scheme.lower()]
    where = f"{host}:{port}"
    try:
        return socket.create_connection((host, port), timeout=max(0.1, deadline - time.monotonic()))
    except TimeoutError:
        raise CameraNotReached(f"the network camera at {where} does not answer (is the phone on the same Wi-Fi, "
                               "with its camera app open?)") from None
    except ConnectionRefusedError:
        raise CameraNotReached(f"the network camera at {where} refuses to connect (is the camera app's stream "
                               "started, and the port right?)") from None
    except socket.gaierror:
        raise CameraNotReached(f"no device called {host} on the network (check the address in the camera app)") \
            from None
    except OSError as error:
        raise CameraNotReached(f"the network camera at {where} cannot be reached ({error.strerror or error})") \
            from None


def reach(address: str, timeout: float = OPEN_SECONDS) -> None:
    """Ask the camera at ``address`` within ``timeout`` seconds; raises :class:`CameraNotReached` with why not.

    An http(s) address must answer with a picture stream (MJPEG, or video),
    not a page or a single photo; an RTSP one must accept a connection
    (FFmpeg asks it the rest).
    """
    deadline = time.monotonic() + timeout
    parts = urlsplit(address)
    scheme = parts.scheme.lower()
    secure = hasattr(http.client, "HTTPSConnection")  # not in the frozen app, which carries no ssl
    if scheme not in ("http", "https") or (scheme == "https" and not secure):
        _connect(parts, deadline).close()  # FFmpeg asks the rest
        return
    where = f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)
    left = max(0.1, deadline - time.monotonic())
    connection: http.client.HTTPConnection
    if scheme == "https":
        _connect(parts, deadline).close()  # the host answers: now TLS, on a connection of its own
        import ssl

        context = ssl.create_default_context()
        context.check_hostname = False  # a phone's certificate is its own, made by its app (FFmpeg checks none)
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(parts.hostname or "", parts.port, timeout=left, context=context)
    else:
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=left)
        connection.sock = _connect(parts, deadline)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    headers = {}
    if parts.username:
        secret = f"{parts.username}:{parts.password or ''}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(secret).decode()
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        kind = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        status = response.status
    except TimeoutError:
        raise CameraNotReached(f"the network camera at {where} connects but does not answer (is its camera app "
                               "stuck, or is this another device?)") from None
    except (OSError, http.client.HTTPException) as error:
        raise CameraNotReached(f"the network camera at {where} did not answer properly ({error})") from None
    finally:
        connection.close()
    if status in (401, 403):
        raise CameraNotReached(f"the network camera at {where} asks for a password: type it in the address as "
                               "http://name:password@… (it is kept in settings.json only)")
    if status >= 400:
        raise CameraNotReached(f"the network camera at {where} has no stream at {parts.path or '/'} (it says "
                               f"{status}): check the video address in the camera app, e.g. {EXAMPLE}")
    if kind in ("image/jpeg", "image/png"):
        raise CameraNotReached(f"{shown_address(address)} is a single photo, not a video stream: look for the "
                               f"app's video address, e.g. {EXAMPLE}")
    if not (kind.startswith(("multipart/", "video/")) or kind in ("application/octet-stream", "")):
        raise CameraNotReached(f"{shown_address(address)} is {_kind_in_words(kind)}, not a video stream: look for "
                               f"the app's video address, e.g. {EXAMPLE}")


def _kind_in_words(kind: str) -> str:
    return {"text/html": "a web page", "text/plain": "text", "application/json": "data"}.get(kind, f"a {kind} file")


class ArrivalDelay:
    """How far behind a network camera's frames are: the phone's assumed part plus the network's, measured.

    Fed each frame's arrival time; a frame's lateness is how much later it came
    than the earliest any of the last :data:`ENVELOPE` frames puts it (that
    frame's arrival plus the stream's median frame gap for each frame since).
    A frame held up in the network, and those queued behind it, are late; the
    steadiest frames are not. A delay that stays the same, or grows slowly
    and steadily, cannot be told from the stream's own rhythm: it is not measured.
    :attr:`behind` is the phone's part plus the median lateness of the last
    :data:`ARRIVALS` frames; each frame is stamped ``arrival - behind``.
    """

    def __init__(self, phone_seconds: float, arrivals: int = ARRIVALS) -> None:
        self.phone_seconds = phone_seconds
        self._arrivals: deque[float] = deque(maxlen=arrivals)
        self._lateness: deque[float] = deque(maxlen=arrivals)
        #: The measured part: the median lateness of the recent frames.
        self.network = 0.0
        self.behind = phone_seconds

    def arrived(self, at: float) -> float:
        """One frame arrived at ``at``: its lateness (seconds); :attr:`behind` is brought up to date."""
        arrivals = self._arrivals
        lateness = 0.0
        if len(arrivals) >= 2:
            recent = list(arrivals)
            gap = statistics.median(b - a for a, b in pairwise(recent))  # the rhythm: most gaps are it
            recent = recent[-ENVELOPE:]  # a gap's small error, times many frames, would add up
            count = len(recent)
            earliest = min(a + (count - i) * gap for i, a in enumerate(recent))
            lateness = max(0.0, at - earliest)
        arrivals.append(at)
        self._lateness.append(lateness)
        self.network = statistics.median(self._lateness)
        self.behind = self.phone_seconds + self.network
        return lateness
