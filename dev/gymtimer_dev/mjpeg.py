"""A phone camera app's stream on the loopback address: MJPEG (multipart/x-mixed-replace) served live from a thread.

Stands in for the network camera in the tests and ``benchmarks/network_camera.py``:
the frames of a rendered set are played as a camera gives them, each at its own
time from the server's start (a client joining late sees the set where it is
now, as with a phone), and the server can be stopped mid-set and started again
on the same port, or stalled (:attr:`stalled`: connections held open, nothing
sent). ``/video`` is the stream, ``/page`` a web page and
``/shot.jpg`` a single photo (neither a video); a password in the address is
accepted like any other.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import cv2
import numpy as np

BOUNDARY = "gymtimerframe"


def jpeg_frames(video: Path, quality: int = 85, mark: Callable[[np.ndarray, int], None] | None = None) -> list[bytes]:
    """Every frame of ``video`` as JPEG bytes (``mark(image, number)`` may draw on each first)."""
    capture = cv2.VideoCapture(str(video), cv2.CAP_FFMPEG)
    frames = []
    try:
        while True:
            ok, image = capture.read()
            if not ok:
                return frames
            if mark is not None:
                mark(image, len(frames))
            frames.append(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes())
    finally:
        capture.release()


class MjpegServer:
    """Serves ``frames`` at ``fps`` on 127.0.0.1 from :meth:`start` to :meth:`stop`; :attr:`sent` logs each send.

    The set's time 0 is the first start (kept across a restart, as a phone keeps
    filming while its app is closed); frame ``n`` goes out at ``origin + n / fps``.
    After the last frame the stream ends (``loop=False``) or starts over.
    """

    def __init__(self, frames: Sequence[bytes], fps: float = 30.0, *, port: int = 0, loop: bool = False) -> None:
        self.frames, self.fps, self.loop = list(frames), fps, loop
        self.port = port
        self.origin: float | None = None
        #: (frame number, time.monotonic() just after it was written to a client)
        self.sent: list[tuple[int, float]] = []
        self.requests: list[str] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        #: Set: no frame is sent, every connection is held open (the Wi-Fi gone, the phone asleep).
        self.stalled = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/video"

    def start(self) -> MjpegServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *_args) -> None:  # the test's output stays clean
                pass

            def do_GET(self) -> None:
                server.requests.append(self.path)
                if self.path.startswith(("/page", "/shot.jpg")):
                    photo = self.path.startswith("/shot.jpg")
                    body = server.frames[0] if photo else b"<html><body>Camera app settings</body></html>"
                    self.send_response(200)
                    self.send_header("Content-Type", "image/jpeg" if photo else "text/html")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                if not self.path.startswith("/video"):
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", f"multipart/x-mixed-replace; boundary={BOUNDARY}")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                server._stream(self.wfile)

        self._stopped.clear()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self._server.allow_reuse_address = True
        self.port = self._server.server_address[1]
        if self.origin is None:
            self.origin = time.monotonic()
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="mjpeg server", daemon=True)
        self._thread.start()
        return self

    def _stream(self, out) -> None:
        assert self.origin is not None
        count = len(self.frames)
        number = max(0, int((time.monotonic() - self.origin) * self.fps))
        while not self._stopped.is_set():
            if number >= count and not self.loop:
                return
            due = self.origin + number / self.fps
            wait = due - time.monotonic()
            if wait > 0 and self._stopped.wait(wait):
                return
            if self.stalled.is_set():
                number += 1  # the phone films on; nothing reaches the network
                continue
            jpeg = self.frames[number % count]
            try:
                out.write(f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(jpeg)}\r\n\r\n"
                          .encode() + jpeg + b"\r\n")
                out.flush()
            except OSError:
                return  # the client went away
            self.sent.append((number, time.monotonic()))
            number += 1

    def stop(self) -> None:
        """Stop serving and cut every client off (a phone app closed, the Wi-Fi gone)."""
        self._stopped.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def __enter__(self) -> MjpegServer:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


class SilentHost:
    """A host that accepts a connection and never answers: what a camera app hung, or the wrong device, looks like."""

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(8)
        self.port = self._socket.getsockname()[1]
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="silent host", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/video"

    def _accept(self) -> None:
        self._socket.settimeout(0.1)
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._held.append(connection)  # held open, never read, never answered

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for connection in self._held:
            connection.close()
        self._socket.close()

    def __enter__(self) -> SilentHost:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
