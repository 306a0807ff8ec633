"""The cameras the system has, by name, without OpenCV on Linux: the setup page lists them before any is opened.

On Linux the list comes from ``/sys/class/video4linux`` and no camera is
opened; elsewhere the system gives no list, so indices are tried (OpenCV is
imported then, and each camera is opened for a moment).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

#: Where Linux lists its cameras: one folder a device node, each with the device's ``name``.
V4L_FOLDER = Path("/sys/class/video4linux")
#: Indices tried for a camera where the system gives no list (Windows, macOS).
PROBED_INDICES = range(4)


@dataclass(frozen=True)
class Camera:
    """One camera the system has: what to open (an index or a device node) and its name."""

    device: int | str
    name: str


def is_device(source: str | Path | int) -> bool:
    """A camera (an index, or a Linux device node such as /dev/video0) rather than a file."""
    return isinstance(source, int) or str(source).startswith("/dev/video")


def list_cameras(folder: Path = V4L_FOLDER) -> list[Camera]:
    """The cameras by name: on Linux from ``folder`` (no camera is opened), elsewhere the indices that open.

    A Linux camera often has a second node for its metadata; only each device's
    first node (its ``index`` is 0) is a picture.
    """
    if sys.platform.startswith("linux"):
        cameras = []
        nodes = sorted(folder.glob("video*"), key=lambda p: int(p.name[5:]) if p.name[5:].isdigit() else 1 << 30)
        for node in nodes:
            try:
                if (node / "index").is_file() and (node / "index").read_text().strip() != "0":
                    continue
                name = (node / "name").read_text().strip() or node.name
            except OSError:
                continue
            cameras.append(Camera(f"/dev/{node.name}", name))
        return cameras
    import cv2  # only where the system lists no cameras

    found = []
    for index in PROBED_INDICES:
        capture = cv2.VideoCapture(index)
        if capture.isOpened():
            found.append(Camera(index, f"Camera {index + 1}"))
        capture.release()
    return found
