"""The setup page's "Network camera…": the address asked, checked in words, tried at once, remembered with its box.

A real MJPEG stream on the loopback address stands in for a phone's camera app
(dev/gymtimer_dev/mjpeg.py); no camera is on this machine's list.
"""

from __future__ import annotations

import json
import time
from itertools import pairwise

import pytest
from PySide6.QtCore import Qt

from gymtimer.core.presets import BUILTIN_PRESETS
from gymtimer.store import paths
from gymtimer.store.camera_settings import CameraMemory
from gymtimer.ui.camera_panel import NETWORK
from gymtimer.ui.setup_page import SetupPage
from gymtimer.vision import cameras
from gymtimer_dev.mjpeg import MjpegServer, jpeg_frames
from gymtimer_dev.synthetic import render

WAIT_MS = 30_000
SECRET = "s3cret-Pa55"


@pytest.fixture(scope="module")
def frames(tmp_path_factory):
    video, sidecar = render("quick", tmp_path_factory.mktemp("clips"))
    return jpeg_frames(video), json.loads(sidecar.read_text())


@pytest.fixture
def phone(frames):
    with MjpegServer(frames[0], loop=True) as server:
        yield server


@pytest.fixture(autouse=True)
def no_cameras(tmp_path, monkeypatch):
    folder = tmp_path / "video4linux"
    folder.mkdir()
    monkeypatch.setattr(cameras, "V4L_FOLDER", folder)
    monkeypatch.setattr(cameras.sys, "platform", "linux")


def open_page(qtbot) -> SetupPage:
    page = SetupPage(list(BUILTIN_PRESETS))
    qtbot.addWidget(page)
    page.resize(1000, 900)
    page.show()
    qtbot.waitExposed(page)
    return page


def listed(page: SetupPage) -> list[str]:
    box = page.camera_panel.camera_box
    return [box.itemText(i) for i in range(box.count())]


def ask(qtbot, page: SetupPage):
    """Choose "Network camera…" in the list, as the lifter would: the address is asked."""
    panel = page.camera_panel
    panel.camera_box.setCurrentIndex(panel.camera_box.findText(NETWORK, Qt.MatchFlag.MatchExactly))
    dialog = panel.network_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def type_address(qtbot, dialog, text: str) -> None:
    dialog.address.clear()
    qtbot.keyClicks(dialog.address, text)
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)


def test_network_camera_is_the_lists_last_choice_and_asks_for_the_address(qtbot):
    page = open_page(qtbot)
    assert listed(page) == ["Off", NETWORK]
    dialog = ask(qtbot, page)
    assert page.camera_panel.camera_box.currentText() == "Off", "nothing is chosen until an address is given"
    assert "192.168.1.20:8080/video" in dialog.address.placeholderText()
    dialog.reject()
    assert page.camera_panel.camera() is None and listed(page) == ["Off", NETWORK]
    assert CameraMemory().network() is None


@pytest.mark.parametrize(("typed", "words"), [
    ("my phone", "no spaces"),
    ("ftp://192.168.1.20/video", "ftp:// is not a camera stream"),
    ("http://192.168.1.20:99999/video", "check the port"),
])
def test_an_address_that_is_not_one_is_said_and_the_dialog_stays(qtbot, typed, words):
    page = open_page(qtbot)
    dialog = ask(qtbot, page)
    type_address(qtbot, dialog, typed)
    assert dialog.isVisible() and dialog.problem.isVisible() and words in dialog.problem.text()
    assert page.camera_panel.camera() is None and CameraMemory().network() is None


def test_an_address_is_tried_at_once_shows_how_far_behind_it_is_and_is_remembered_with_its_box(qtbot, phone,
                                                                                               frames):
    _jpegs, truth = frames
    page = open_page(qtbot)
    panel = page.camera_panel
    dialog = ask(qtbot, page)
    address = phone.url.replace("http://", f"http://lifter:{SECRET}@")
    type_address(qtbot, dialog, address)
    assert not dialog.isVisible()
    name = f"Network camera (127.0.0.1:{phone.port})"
    assert panel.camera_box.currentText() == name and listed(page) == ["Off", name, NETWORK]
    qtbot.waitUntil(lambda: panel.preview.has_picture and panel.on_mark.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(panel.behind_label.isVisible, timeout=WAIT_MS)
    assert panel.behind_label.text() == "about 0.1 s behind"
    assert "0.10 s in the phone itself (a typical phone's time, which cannot be measured from here)" \
        in panel.behind_label.toolTip()
    assert "s on the network (measured from how late they arrive)" in panel.behind_label.toolTip()
    assert SECRET not in panel.camera_box.currentText() + panel.guidance_label.text() + panel.notice_label.text()

    panel.memory.set_box(name, tuple(truth["box"]))  # as a drag on the preview would (tested with a real drag elsewhere)
    page.hide()
    assert not panel.feed.running and not panel.behind_label.isVisible()

    # Remembered: a new page (as after a restart) lists it, chosen, with its box and its address.
    again = open_page(qtbot)
    assert again.camera_panel.camera_box.currentText() == name
    choice = again.camera_choice()
    assert (choice.device, choice.box) == (address, tuple(truth["box"]))
    settings = json.loads((paths.data_dir() / "settings.json").read_text())
    assert settings["camera"]["network"] == address and settings["camera"]["chosen"] == name
    qtbot.waitUntil(lambda: again.camera_panel.preview.has_picture, timeout=WAIT_MS)
    again.hide()


def test_the_address_remembered_is_offered_again_and_a_phone_that_is_not_there_is_said(qtbot, phone):
    page = open_page(qtbot)
    panel = page.camera_panel
    type_address(qtbot, ask(qtbot, page), phone.url)
    qtbot.waitUntil(lambda: panel.preview.has_picture, timeout=WAIT_MS)
    dialog = ask(qtbot, page)
    assert dialog.address.text() == phone.url
    assert panel.camera_box.currentText() == f"Network camera (127.0.0.1:{phone.port})", "kept while asked"
    port = phone.port
    phone.stop()
    type_address(qtbot, dialog, f"127.0.0.1:{port}/video")  # without http://, as many apps show it
    qtbot.waitUntil(lambda: panel.preview.message == "Camera not available — pacing only", timeout=WAIT_MS)
    assert "refuses to connect" in panel.guidance_label.toolTip()
    page.hide()


def test_a_phone_that_never_answers_leaves_the_window_free_and_is_said_in_seconds(qtbot):
    """The address is asked on the camera's own thread: the window goes on; Off closes it without waiting."""
    from PySide6.QtCore import QTimer

    from gymtimer_dev.mjpeg import SilentHost

    page = open_page(qtbot)
    panel = page.camera_panel
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    with SilentHost() as host:
        dialog = ask(qtbot, page)
        began = time.monotonic()
        type_address(qtbot, dialog, host.url)
        assert time.monotonic() - began < 1.0, "the dialog closes at once: the camera is asked on its thread"
        qtbot.waitUntil(lambda: panel.preview.message == "Camera not available — pacing only", timeout=WAIT_MS)
        assert "connects but does not answer" in panel.guidance_label.toolTip()
        gaps = [b - a for a, b in pairwise(ticks) if a >= began]
        assert len(gaps) > 20 and max(gaps) < 2.0, "the window was never frozen (asking takes 3 s)"
        stopping = time.monotonic()
        panel.choose(None)  # Off, while the phone is being asked again
        assert time.monotonic() - stopping < 1.0 and not panel.feed.running and panel.camera() is None
    timer.stop()
    page.hide()
