"""The setup page's camera section: the list, the preview, the box, the height bar, and the camera closed when hidden.

No camera exists on this machine: the device path is tested for its failure,
for real (a camera listed in a made-up /sys/class/video4linux folder, whose
/dev/video node does not exist). A rendered clip, played in real time through
``GYMTIMER_TEST_CAMERA``, stands in for the camera everywhere else. The waits
are for behaviour (a lift seen), with generous limits, not timing.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from gymtimer.core.plan import Side
from gymtimer.core.presets import BUILTIN_PRESETS
from gymtimer.live.camera import TEST_CAMERA_ENV, CameraChoice
from gymtimer.store import paths
from gymtimer.store.camera_settings import CameraMemory
from gymtimer.ui import camera_panel
from gymtimer.ui.setup_page import SetupPage
from gymtimer.vision import cameras
from gymtimer_dev.synthetic import render

WAIT_MS = 30_000


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """The two-rep clip at 640 px (the preview shows it at 320: the box is scaled between the two)."""
    video, sidecar = render("quick", tmp_path_factory.mktemp("clips"), width=640)
    return video, json.loads(sidecar.read_text())


@pytest.fixture
def no_cameras(tmp_path, monkeypatch):
    """A /sys/class/video4linux with no camera in it (as this machine's)."""
    folder = tmp_path / "video4linux"
    folder.mkdir()
    monkeypatch.setattr(cameras, "V4L_FOLDER", folder)
    monkeypatch.setattr(cameras.sys, "platform", "linux")
    return folder


@pytest.fixture
def test_camera(clip, no_cameras, monkeypatch):
    video, truth = clip
    monkeypatch.setenv(TEST_CAMERA_ENV, str(video))
    truth = {**truth, "path": str(video)}
    return f"Test camera ({video.name})", truth


def add_camera(folder, node: str, name: str, index: int = 0) -> None:
    (folder / node).mkdir()
    (folder / node / "name").write_text(f"{name}\n")
    (folder / node / "index").write_text(f"{index}\n")


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


def drag(qtbot, widget, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(widget, pos=end)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def drag_box(qtbot, panel, box) -> None:
    """Drag ``box`` (the camera's pixels) on the preview, as the lifter would."""
    preview = panel.preview
    scale = preview.image.width() / panel._video_size[0]
    x, y, w, h = (round(v * scale) for v in box)
    shown = preview.to_widget(QRect(x, y, w, h))
    drag(qtbot, preview, shown.topLeft(), shown.bottomRight())


# ----------------------------------------------------------------- the list

def test_the_list_is_off_then_each_camera_by_name(qtbot, no_cameras):
    add_camera(no_cameras, "video0", "Integrated Camera")
    add_camera(no_cameras, "video1", "Integrated Camera", index=1)  # its metadata node
    add_camera(no_cameras, "video2", "USB Webcam C270")
    page = open_page(qtbot)
    assert listed(page) == ["Off", "Integrated Camera", "USB Webcam C270", "Network camera…"]
    panel = page.camera_panel
    assert panel.camera() is None and page.camera_choice() is None
    assert not panel.follow_box.isEnabled() and not panel.picture_area.isVisible()
    assert not panel.feed.running and not panel.on_mark.isVisible()


def test_a_camera_plugged_in_while_the_page_was_hidden_is_listed_when_it_shows(qtbot, no_cameras):
    page = open_page(qtbot)
    assert listed(page) == ["Off", "Network camera…"]
    page.hide()
    add_camera(no_cameras, "video0", "USB Webcam C270")
    page.show()
    assert listed(page) == ["Off", "USB Webcam C270", "Network camera…"]


def test_the_test_camera_is_listed_when_set(qtbot, test_camera):
    name, _truth = test_camera
    page = open_page(qtbot)
    assert listed(page) == ["Off", name, "Network camera…"]
    page.hide()


# ----------------------------------------------------------------- a camera that is not there

def test_a_camera_listed_but_not_there_says_so_keeps_its_place_and_is_looked_for_again(qtbot, no_cameras):
    add_camera(no_cameras, "video0", "Integrated Camera")  # no /dev/video0 exists on this machine
    page = open_page(qtbot)
    panel = page.camera_panel
    panel.choose("Integrated Camera")
    qtbot.waitUntil(lambda: panel.preview.message == "Camera not available — pacing only", timeout=WAIT_MS)
    assert panel.guidance_label.text() == "It is looked for again every second.", "said once, not twice"
    assert "no camera at /dev/video0" in panel.guidance_label.toolTip()
    assert not panel.on_mark.isVisible() and not panel.preview.has_picture
    assert panel.camera_box.currentText() == "Integrated Camera" and panel.feed.running  # it retries
    choice = page.camera_choice()
    assert choice == CameraChoice("/dev/video0", "Integrated Camera", None, False)
    assert panel.follow_box.isEnabled()
    page.hide()
    assert not panel.feed.running


# ----------------------------------------------------------------- the test camera, end to end

def test_the_preview_the_box_the_height_bar_and_the_camera_closed_when_the_page_hides(qtbot, test_camera):
    name, truth = test_camera
    page = open_page(qtbot)
    panel = page.camera_panel
    panel.choose(name)
    qtbot.waitUntil(lambda: panel.preview.has_picture, timeout=WAIT_MS)
    assert panel.on_mark.isVisible() and panel.feed.is_open
    assert panel.preview.image.width() == 320 and panel._video_size == (truth["width"], truth["height"])
    qtbot.waitUntil(lambda: panel.preview.message == camera_panel.DRAW_BOX, timeout=WAIT_MS)
    assert panel.guidance_label.text() == "", "said once, over the picture, not again under it"
    assert panel.height_bar.value() == 0

    drag_box(qtbot, panel, truth["box"])
    saved = CameraMemory().box(name)  # read back from settings.json
    assert saved is not None and all(abs(a - b) <= 3 for a, b in zip(saved, truth["box"])), saved
    assert page.camera_choice() == CameraChoice(truth["path"], name, saved, False)

    qtbot.waitUntil(lambda: panel.height_bar.value() >= 50, timeout=WAIT_MS)  # the clip's first lift
    qtbot.waitUntil(lambda: panel.guidance_label.text() == "I can see you", timeout=WAIT_MS)

    page.hide()
    assert not panel.feed.running and panel.feed.watcher is None
    assert not panel.feed.is_open and not panel.on_mark.isVisible() and not panel.preview.has_picture


def test_pacing_mode_is_the_default_and_follow_mode_is_remembered(qtbot, test_camera):
    name, _truth = test_camera
    page = open_page(qtbot)
    panel = page.camera_panel
    assert not panel.follow_box.isChecked() and not panel.follow_box.isEnabled()
    panel.choose(name)
    assert panel.follow_box.isEnabled()
    panel.follow_box.setChecked(True)
    assert page.camera_choice().follow
    page.hide()
    again = open_page(qtbot)
    assert again.camera_panel.camera_box.currentText() == name and again.camera_choice().follow
    again.camera_panel.choose(None)
    assert not again.camera_panel.follow_box.isEnabled() and again.camera_choice() is None
    again.hide()


def test_a_redrawn_box_replaces_the_old_and_comes_back_after_a_restart(qtbot, test_camera):
    name, truth = test_camera
    page = open_page(qtbot)
    panel = page.camera_panel
    panel.choose(name)
    qtbot.waitUntil(lambda: panel._video_size is not None, timeout=WAIT_MS)
    x, y, w, h = truth["box"]
    drag_box(qtbot, panel, (x + 40, y + 40, w, h))
    first = CameraMemory().box(name)
    drag_box(qtbot, panel, (x, y, w, h))  # one new drag redraws it
    second = CameraMemory().box(name)
    assert first != second and abs(second[0] - x) <= 3
    page.hide()
    settings = json.loads(paths.settings_file().read_text())
    assert settings["schema_version"] == 3 and settings["camera"]["chosen"] == name

    again = open_page(qtbot)  # the page built afresh, as after a restart
    panel = again.camera_panel
    assert panel.camera_box.currentText() == name
    qtbot.waitUntil(lambda: panel.feed.watcher is not None and panel.feed.watcher.box == second, timeout=WAIT_MS)
    assert panel.preview.box() is not None
    assert again.camera_choice().box == second
    again.hide()


def test_a_click_on_the_preview_keeps_the_box(qtbot, test_camera):
    name, truth = test_camera
    page = open_page(qtbot)
    panel = page.camera_panel
    panel.choose(name)
    qtbot.waitUntil(lambda: panel._video_size is not None, timeout=WAIT_MS)
    drag_box(qtbot, panel, truth["box"])
    saved = CameraMemory().box(name)
    qtbot.mouseClick(panel.preview, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert CameraMemory().box(name) == saved
    page.hide()


# ----------------------------------------------------------------- damaged settings

def test_a_damaged_box_is_ignored_with_a_notice_and_no_other_setting_is_lost(qtbot, test_camera):
    name, truth = test_camera
    settings = paths.settings_file()
    document = {
        "schema_version": 3, "last_preset": "Bodyweight hip thrust",
        "sound": {"scheme": "voice", "volume": 0.8, "lowering_ticks": True},
        "camera": {"chosen": name, "follow": "yes", "boxes": {name: [10, 10, -5, "tall"], "Other camera": [1, 2, 30, 40]}},
    }
    settings.write_text(json.dumps(document))
    page = open_page(qtbot)
    panel = page.camera_panel
    notice = panel.notice_label
    assert notice.isVisible() and f"the box for {name}" in notice.text() and "follow mode" in notice.text()
    assert "settings.json.bak" in notice.text()
    assert json.loads(settings.with_name("settings.json.bak").read_text()) == document  # kept as it was
    assert panel.camera_box.currentText() == name and page.camera_choice().box is None
    assert not panel.follow_box.isChecked()

    qtbot.waitUntil(lambda: panel._video_size is not None, timeout=WAIT_MS)
    drag_box(qtbot, panel, truth["box"])
    page.hide()
    written = json.loads(settings.read_text())
    assert written["last_preset"] == "Bodyweight hip thrust" and written["sound"] == document["sound"]
    assert written["camera"]["boxes"]["Other camera"] == [1, 2, 30, 40]
    assert len(written["camera"]["boxes"][name]) == 4


def test_a_box_outside_the_cameras_picture_is_ignored_when_the_picture_comes(qtbot, test_camera):
    name, _truth = test_camera
    memory = CameraMemory()
    memory.set_chosen(name)
    memory.set_box(name, (5000, 4000, 100, 100))  # a box of another, bigger camera's picture
    page = open_page(qtbot)
    panel = page.camera_panel
    qtbot.waitUntil(lambda: panel.notice_label.isVisible(), timeout=WAIT_MS)
    assert "lies outside its 640×480 picture" in panel.notice_label.text()
    assert panel.feed.watcher.box is None and panel.preview.box() is None  # a preview only, no crash
    assert page.camera_choice().box is None  # a workout would not use it
    page.hide()


def test_camera_settings_that_are_not_settings_are_ignored(qtbot, no_cameras):
    paths.settings_file().write_text(json.dumps({"schema_version": 3, "camera": [1, 2, 3]}))
    page = open_page(qtbot)
    assert "not a set of settings" in page.camera_panel.notice_label.text()
    assert page.camera_choice() is None


def test_page_fits_with_the_camera_chosen(qtbot, test_camera):
    """The preview is small: the section is no wider than the column at 800×600."""
    name, _truth = test_camera
    page = SetupPage(list(BUILTIN_PRESETS))
    qtbot.addWidget(page)
    page.resize(800, 600)
    page.show()
    page.camera_panel.choose(name)
    qtbot.waitUntil(lambda: page.camera_panel.preview.has_picture, timeout=WAIT_MS)
    scroll = page.settings_scroll
    assert scroll.horizontalScrollBar().maximum() == 0
    assert page.camera_panel.height_bar.geometry().right() <= page.camera_panel.width()
    assert camera_panel.PREVIEW_SIZE.height() == page.camera_panel.preview.height()
    page.hide()



def test_a_camera_that_comes_back_is_picked_up_again(qtbot, clip, no_cameras):
    """The camera is missing twice (a stand-in for a device unplugged: none exists here), then plugged back in."""
    from gymtimer.live.camera import CameraFeed
    from gymtimer.ui.camera_panel import CameraPanel
    from gymtimer.vision.frames import CameraUnavailable, FrameSource

    video, _truth = clip
    add_camera(no_cameras, "video0", "USB Webcam C270")
    tries = []

    def open_source(camera):
        tries.append(camera)
        if len(tries) <= 2:
            raise CameraUnavailable("Camera not available: no camera at /dev/video0 (is it plugged in?)")
        return FrameSource(video, realtime=True, as_camera=True)

    panel = CameraPanel(CameraMemory(), CameraFeed(open_source=open_source))
    qtbot.addWidget(panel)
    panel.show()
    panel.activate()
    panel.choose("USB Webcam C270")
    qtbot.waitUntil(lambda: panel.preview.message == "Camera not available — pacing only", timeout=WAIT_MS)
    assert not panel.on_mark.isVisible()
    qtbot.waitUntil(lambda: panel.preview.has_picture and panel.on_mark.isVisible(), timeout=WAIT_MS)
    assert len(tries) == 3 and panel.preview.message == camera_panel.DRAW_BOX
    panel.deactivate()
    assert not panel.feed.running and not panel.on_mark.isVisible()


def test_with_a_camera_remembered_the_app_paints_before_opencv_loads(clip, tmp_path):
    import os
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    video, truth = clip
    name = f"Test camera ({video.name})"
    data = tmp_path / "app-data"
    data.mkdir()
    (data / "settings.json").write_text(json.dumps(
        {"schema_version": 3, "camera": {"chosen": name, "boxes": {name: truth["box"]}}}))
    script = textwrap.dedent(f"""
        import sys
        from gymtimer.app import main
        code = main(["--data-dir", {str(data)!r}, "--startup-probe"])
        print("cv2" in sys.modules, code)
    """)
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen", TEST_CAMERA_ENV: str(video)}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "False 0", result.stdout + result.stderr


@pytest.mark.parametrize("size", [(1366, 768), (1100, 900), (800, 600)])
def test_the_camera_section_fits_a_laptop_screen_and_one_screenful_at_800x600(test_camera, window, qtbot, size):
    """At 1366×768 the preview, its guidance and Follow me show without scrolling; at 800×600 one scroll shows it all."""
    from PySide6.QtWidgets import QApplication

    from gymtimer.core.progression import Suggestion, SuggestionKind
    from gymtimer.core.units import Unit

    name, truth = test_camera
    window.resize(*size)
    page = window.setup_page
    page.set_load(100, Unit.KG)  # the details name the load too
    page.show_suggestions([Suggestion(SuggestionKind.ADD_LOAD, page.preset().name, 102.5, Unit.KG,
                                      "Every set hit its target last time: try 102.5 kg")])  # after any session
    panel = page.camera_panel
    panel.choose(name)
    qtbot.waitUntil(lambda: panel.preview.has_picture and panel._video_size is not None, timeout=WAIT_MS)
    scroll = page.settings_scroll
    scroll.ensureWidgetVisible(panel.preview)
    drag_box(qtbot, panel, truth["box"])  # how big a box should be is said beside the picture once one is drawn
    scroll.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    viewport = scroll.viewport()
    assert scroll.horizontalScrollBar().maximum() == 0
    for widget in (panel.camera_box, panel.preview, panel.follow_box, panel.facing_area, page.load_box):
        right = widget.mapTo(viewport, QPoint(widget.width(), 0)).x()
        assert right <= viewport.width(), f"{widget.objectName() or type(widget).__name__} is cut off on the right"
    if size == (1366, 768):
        assert scroll.verticalScrollBar().value() == 0
        assert panel.how_big_label.isVisible()
        for widget in (panel.camera_box, panel.preview, panel.height_bar, panel.guidance_label, panel.follow_box,
                       panel.how_big_label, page.load_box, page.scheme_box):
            shown = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
            assert viewport.rect().contains(shown), f"{widget.objectName() or type(widget).__name__} needs scrolling"
        assert panel.side_by_side(), "the guidance and Follow me beside the picture"
    else:
        assert not panel.side_by_side(), "a narrow column: under the picture"
        assert not panel.how_big_label.isVisible(), "no room under the picture: over it, in its tooltip, in a verdict"
        assert panel.height() <= viewport.height(), "the whole section shows once scrolled to"
    page.hide()


def test_a_box_with_nothing_to_follow_is_refused_and_not_saved(qtbot, test_camera):
    """A tiny box on the plain background: the camera refuses it, and settings.json does not keep it, so
    the next workout (or ``--preset``) does not start with a box that watches nothing."""
    name, _truth = test_camera
    page = open_page(qtbot)
    panel = page.camera_panel
    panel.choose(name)
    qtbot.waitUntil(lambda: panel._video_size is not None, timeout=WAIT_MS)
    drag_box(qtbot, panel, (4, 4, 12, 12))
    qtbot.waitUntil(lambda: panel.guidance_label.text().startswith("Nothing to follow"), timeout=WAIT_MS)
    assert CameraMemory().box(name) is None and page.camera_choice().box is None
    page.hide()


def test_a_camera_chosen_with_no_box_is_not_dropped_without_a_word(qtbot, test_camera, window):
    """Start with the camera chosen and Follow me on, but no box drawn: pacing only, and said so."""
    from gymtimer.core.presets import find_preset
    from gymtimer.core.units import Unit

    name, _truth = test_camera
    panel = window.setup_page.camera_panel
    panel.choose(name)
    panel.follow_box.setChecked(True)
    window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)
    assert window.workout_view.notices()[0] == (
        "Camera not used: no box drawn — pacing only. Follow me is on, but the metronome paces instead of "
        "following you.")
    assert not window.driver.workout.watched and not window.driver.workout.follow


def test_a_remembered_camera_not_on_the_system_is_said_at_start(qtbot, no_cameras, clock):
    """``--preset`` with a camera remembered that is not plugged in: the workout is paced, and says so."""
    from gymtimer.core.presets import find_preset
    from gymtimer.core.units import Unit
    from gymtimer.live.driver import WorkoutDriver
    from gymtimer.ui.main_window import MainWindow

    memory = CameraMemory()
    memory.set_chosen("Desk camera")
    window = MainWindow(driver=WorkoutDriver(clock=clock))
    qtbot.addWidget(window)
    window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)
    assert window.workout_view.notices()[0] == "Camera not used: Desk camera not found — pacing only"


# ----------------------------------------------------------------- the box, explained

@pytest.fixture(scope="module")
def wobble_clip(tmp_path_factory):
    """Nobody lifts; the camera wobbles in a hand for 8 s and the light flickers (at 640 px)."""
    video, _sidecar = render("wobble_still", tmp_path_factory.mktemp("wobble"), width=640)
    return video


def listen(panel) -> list[str]:
    """Every guidance the lifter could read, after each of the camera's events (read once the panel has shown it)."""
    said: list[str] = []

    def look(_event) -> None:
        said.append(panel.guidance_label.text())

    panel.feed.height_seen.connect(look)
    panel.feed.reported.connect(look)
    return said


def choose_and_draw(qtbot, name: str, box) -> tuple[SetupPage, camera_panel.CameraPanel, list[str]]:
    page = open_page(qtbot)
    panel = page.camera_panel
    said = listen(panel)
    panel.choose(name)
    qtbot.waitUntil(lambda: panel._video_size is not None, timeout=WAIT_MS)
    drag_box(qtbot, panel, box)
    return page, panel, said


def around_the_hip(truth, width: int, height: int) -> tuple[int, int, int, int]:
    """A box of ``width`` × ``height`` (the camera's pixels) centred on the hip's box."""
    x, y, w, h = truth["box"]
    return (round(x + w / 2 - width / 2), round(y + h / 2 - height / 2), width, height)


def test_how_big_to_draw_the_box_is_said_over_the_picture_then_beside_it(qtbot, test_camera):
    name, truth = test_camera
    page = open_page(qtbot)
    panel = page.camera_panel
    panel.choose(name)
    qtbot.waitUntil(lambda: panel.preview.message == camera_panel.DRAW_BOX and panel._video_size is not None, timeout=WAIT_MS)
    assert "a hand to spare above, below and either side" in panel.preview.message
    assert not panel.how_big_label.isVisible(), "said once, over the picture"
    page.resize(1400, 900)  # a wide column: beside the picture
    qtbot.waitUntil(panel.side_by_side, timeout=WAIT_MS)
    drag_box(qtbot, panel, truth["box"])
    assert panel.how_big_label.isVisible() and panel.how_big_label.text() == camera_panel.HOW_BIG
    assert "a hand to spare above, below and either side" in panel.preview.toolTip()
    page.hide()


def test_a_box_on_a_wall_poster_is_never_told_i_can_see_you(qtbot, wobble_clip, no_cameras, monkeypatch):
    """The hand-held camera throws the poster's height past half the box, but nothing there rose: no 'I can see you'."""
    from gymtimer_dev.synthetic import POSTER

    monkeypatch.setenv(TEST_CAMERA_ENV, str(wobble_clip))
    poster = tuple(2 * v for v in POSTER)  # at 640 px
    page, panel, said = choose_and_draw(qtbot, f"Test camera ({wobble_clip.name})", poster)
    bar = []
    panel.feed.height_seen.connect(lambda height: bar.append(height))
    qtbot.waitUntil(lambda: len(bar) > 1 and bar[-1].at - bar[0].at >= 10.0, timeout=WAIT_MS)  # past the wobble
    assert max(height.level for height in bar) >= 0.5, "the wobble threw the poster past the bar's half way"
    assert camera_panel.SEEN not in said, said
    assert camera_panel.LIFT_ONCE in said
    page.hide()


def test_a_lift_in_the_box_is_told_i_can_see_you_once_it_is_up(qtbot, test_camera):
    name, truth = test_camera
    page, panel, said = choose_and_draw(qtbot, name, truth["box"])
    qtbot.waitUntil(lambda: panel.guidance_label.text() == camera_panel.SEEN, timeout=WAIT_MS)
    assert said[-1] == camera_panel.SEEN and camera_panel.LIFT_ONCE in said
    assert not {camera_panel.TOO_BIG_FOR_RISE, camera_panel.TOO_SMALL_FOR_RISE} & set(said), "the box fits"
    page.hide()


def test_a_box_too_big_at_the_pictures_edge_is_told_it_is_too_big_not_to_move_the_camera(qtbot, test_camera):
    name, truth = test_camera
    width, height = truth["width"], truth["height"]
    page, panel, said = choose_and_draw(qtbot, name, (0, height // 4, width, height - height // 4))
    qtbot.waitUntil(lambda: panel.guidance_label.text() == camera_panel.TOO_BIG_FOR_PICTURE, timeout=WAIT_MS)
    assert panel._state.message.startswith("The box is at the edge"), "the camera's state: the box at the edge"
    qtbot.waitUntil(lambda: panel.height_bar.value() > 0 or len(said) > 60, timeout=WAIT_MS)
    assert not [text for text in said if "camera back" in text], said
    page.hide()


def test_a_box_too_small_for_the_picture_is_told_so(qtbot, test_camera):
    name, truth = test_camera
    page, panel, _said = choose_and_draw(qtbot, name, around_the_hip(truth, 60, 26))  # under 6 % of 480
    qtbot.waitUntil(lambda: panel.guidance_label.text() == camera_panel.TOO_SMALL_FOR_PICTURE, timeout=WAIT_MS)
    page.hide()


def test_a_box_too_big_for_how_far_the_hips_rose_is_told_so_after_a_lift(qtbot, test_camera):
    """Under half the picture, but the lift moves the hips less than half the box: it would never count as seen."""
    name, truth = test_camera
    page, panel, said = choose_and_draw(qtbot, name, around_the_hip(truth, 220, 230))
    qtbot.waitUntil(lambda: panel.guidance_label.text() == camera_panel.TOO_BIG_FOR_RISE, timeout=WAIT_MS)
    assert camera_panel.LIFT_ONCE in said and camera_panel.SEEN not in said
    page.hide()


def test_a_box_too_small_for_how_far_the_hips_rose_is_told_so_after_a_lift(qtbot, test_camera):
    """The hips rose over three times the box's height: a breath would be a quarter of it."""
    name, truth = test_camera
    page, panel, said = choose_and_draw(qtbot, name, around_the_hip(truth, 44, 34))
    qtbot.waitUntil(lambda: panel.guidance_label.text() == camera_panel.TOO_SMALL_FOR_RISE, timeout=WAIT_MS)
    assert camera_panel.LIFT_ONCE in said
    page.hide()


def test_a_box_with_nothing_to_follow_says_how_big_to_draw_the_next_over_the_picture(qtbot, test_camera):
    name, truth = test_camera
    page = open_page(qtbot)
    page.resize(1400, 900)  # a wide column: the words would be beside the picture
    panel = page.camera_panel
    panel.choose(name)
    qtbot.waitUntil(lambda: panel._video_size is not None and panel.side_by_side(), timeout=WAIT_MS)
    drag_box(qtbot, panel, around_the_hip(truth, 24, 24))  # the plain middle of the hip: no corner to follow
    qtbot.waitUntil(lambda: panel.guidance_label.text().startswith("Nothing to follow"), timeout=WAIT_MS)
    assert panel.preview.message == camera_panel.DRAW_BOX and not panel.how_big_label.isVisible()
    assert camera_panel.TOO_SMALL_FOR_PICTURE not in panel.guidance_label.text()
    page.hide()


def test_the_side_facing_the_camera_is_asked_once_and_remembered(qtbot, test_camera):
    name, _truth = test_camera
    page = open_page(qtbot)
    panel = page.camera_panel
    assert panel.facing_label.text() == "Which side of you faces the camera?"
    left, right = panel.facing_buttons.buttons()
    assert (left.text(), right.text()) == ("Left", "Right")
    assert panel.facing() is None and not right.isEnabled()  # nothing said yet; no camera, nothing to say
    panel.choose(name)
    qtbot.mouseClick(right, Qt.MouseButton.LeftButton)
    assert panel.facing() is Side.RIGHT
    assert json.loads(paths.settings_file().read_text())["camera"]["facing"] == "right"
    page.hide()
    again = open_page(qtbot)
    assert again.camera_panel.facing() is Side.RIGHT and again.camera_panel.facing_buttons.buttons()[1].isChecked()
    qtbot.mouseClick(again.camera_panel.facing_buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert CameraMemory().facing() is Side.LEFT
    again.hide()


def test_a_damaged_side_facing_the_camera_is_asked_again_and_nothing_else_is_lost(qtbot, test_camera):
    name, _truth = test_camera
    paths.settings_file().write_text(json.dumps(
        {"schema_version": 3, "camera": {"chosen": name, "follow": True, "facing": "both"}}))
    page = open_page(qtbot)
    panel = page.camera_panel
    assert "the side facing the camera 'both' is not left or right" in panel.notice_label.text()
    assert panel.facing() is None and page.camera_choice().follow
    with pytest.raises(ValueError, match="left or right"):
        CameraMemory().set_facing(Side.BOTH)
    page.hide()


@pytest.fixture
def stand_in_model(monkeypatch, test_camera):
    """The body model turned on, with a stand-in for it (tests/helpers/body_model.py: the model does not see the
    rendered figure) reporting the lifter where the clip's hip is; ``people`` as the test sets it."""
    from gymtimer.vision import pose
    from tests.helpers.body_model import StandInModel

    _name, truth = test_camera
    made = {"people": 1}
    monkeypatch.setenv("GYMTIMER_BODY_MODEL", "on")
    monkeypatch.setattr(pose, "available", lambda: True)
    monkeypatch.setattr(pose, "PoseModel", lambda: StandInModel(tuple(truth["box"]), people=made["people"]))
    return made


def test_the_body_model_places_the_box_on_the_preview_and_it_is_not_saved(qtbot, test_camera, stand_in_model):
    name, truth = test_camera
    page = open_page(qtbot)
    panel = page.camera_panel
    panel.choose(name)
    qtbot.waitUntil(lambda: panel.preview.box() is not None, timeout=WAIT_MS)
    x, y, w, h = panel._to_video(panel.preview.box())
    tx, ty, tw, th = truth["box"]
    assert abs((x + w / 2) - (tx + tw / 2)) <= 3 and abs((y + h / 2) - (ty + th / 2)) <= 3  # on the hips
    qtbot.waitUntil(lambda: camera_panel.PLACED in (panel.preview.message, panel.guidance_label.text()),
                    timeout=WAIT_MS)
    assert panel.preview.looking is None
    assert CameraMemory().box(name) is None  # placed, not drawn: nothing remembered


@pytest.mark.parametrize("people, words", [(0, camera_panel.NOBODY), (2, camera_panel.TWO_PEOPLE)])
def test_nobody_or_two_people_are_said_in_words_with_where_it_looks(qtbot, test_camera, stand_in_model, people, words):
    stand_in_model["people"] = people
    name, _truth = test_camera
    page = open_page(qtbot)
    panel = page.camera_panel
    panel.choose(name)
    qtbot.waitUntil(lambda: panel.preview.message == words, timeout=WAIT_MS)
    assert panel.preview.box() is None and panel.preview.looking is not None
    if people == 0:
        assert panel.preview.looking == QRect(0, 0, panel.preview.image.width(), panel.preview.image.height())


def test_with_the_body_model_a_camera_with_no_box_drawn_is_used(qtbot, test_camera, stand_in_model, window):
    """The body model places the box in the workout: no box drawn is no reason to pace only."""
    from gymtimer.core.presets import find_preset
    from gymtimer.core.units import Unit

    name, _truth = test_camera
    panel = window.setup_page.camera_panel
    panel.choose(name)
    assert panel.choice().finds_hips and panel.choice().box is None
    window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)
    assert not any("Camera not used" in words for words in window.workout_view.notices())
    assert window.driver.workout.watched


def test_a_drawn_box_is_given_back_to_the_body_model_with_one_button(qtbot, test_camera, stand_in_model):
    """A box drawn by hand is remembered and never moved; "Place the box for me" forgets it, and the model places
    one on the hips as if none had been drawn."""
    name, truth = test_camera
    page = open_page(qtbot)
    panel = page.camera_panel
    panel.choose(name)
    qtbot.waitUntil(lambda: panel.preview.box() is not None, timeout=WAIT_MS)  # placed by the model
    assert not panel.place_button.isVisible()  # nothing drawn: nothing to give back
    drawn = (10, 10, 60, 50)
    drag_box(qtbot, panel, drawn)
    assert CameraMemory().box(name) is not None and panel.choice().box is not None
    assert panel.place_button.isVisible() and panel.place_button.text() == camera_panel.PLACE_FOR_ME
    assert not panel.feed.watcher.placing
    qtbot.mouseClick(panel.place_button, Qt.MouseButton.LeftButton)
    assert CameraMemory().box(name) is None and panel.choice().box is None and panel.choice().finds_hips
    assert not panel.place_button.isVisible()
    tx, ty, tw, th = truth["box"]

    def on_the_hips() -> bool:
        box = panel.preview.box()
        if box is None:
            return False
        x, y, w, h = panel._to_video(box)
        return abs((x + w / 2) - (tx + tw / 2)) <= 3 and abs((y + h / 2) - (ty + th / 2)) <= 3

    qtbot.waitUntil(on_the_hips, timeout=WAIT_MS)  # placed again by the model
    assert panel.feed.watcher.placing
    assert CameraMemory().box(name) is None  # placed, not drawn: nothing remembered
