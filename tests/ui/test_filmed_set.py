"""Attaching a filmed set from the history: pick the video, draw the box, measure it off the main thread, save it.

Real offscreen windows, real clips rendered into tmp_path (dev/gymtimer_dev/synthetic.py, with their
exact truth), the real session file written and read back. Only QFileDialog.getOpenFileName is
replaced, in the one test that clicks the Attach button: a native file dialog cannot be driven offscreen.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import msgspec
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog

from gymtimer.core.records import Box, MeasuredSet
from gymtimer.core.reps import MeasuredRep
from gymtimer.store import session_files
from gymtimer.store.sessions import SessionStore
from gymtimer.ui.filmed_set import BoxDialog
from gymtimer.ui.history_view import HistoryView
from gymtimer.ui.session_detail import SetColumn
from gymtimer.ui.summary_page import SummaryPage
from gymtimer_dev.synthetic import render
from tests.helpers.lifted import START, lifted_session


@pytest.fixture
def shots(tmp_path):
    """Where the tests' screenshots go: GYMTIMER_SHOTS when set (to look at them), else a temporary folder."""
    folder = Path(os.environ.get("GYMTIMER_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """The two-rep synthetic set (the second lowered in 1.2 s) at 320 × 240, and its truth."""
    video, sidecar = render("quick", tmp_path_factory.mktemp("clips"))
    return video, json.loads(sidecar.read_text())


@pytest.fixture
def session():
    session = lifted_session(START, sets=2, reps=2)  # planned lowering 2 s: 1.2 s is too fast (under 1.5 s)
    session.exercises[0].sets[1].note = "felt heavy"
    return session


@pytest.fixture
def store(session) -> SessionStore:
    store = SessionStore()
    store.save(session)
    return store


@pytest.fixture
def view(qtbot, store) -> HistoryView:
    view = HistoryView(store)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.reload()
    view.show()
    qtbot.waitExposed(view)
    view.select_session(view.table_model.sessions[0].id)
    return view


def _file(store: SessionStore) -> dict:
    (path,) = store.sessions_dir.glob("*.json")
    return json.loads(path.read_bytes())


def _pick_set(view: HistoryView, row: int = 0) -> None:
    view.detail.tree.setCurrentIndex(view.detail.model.index(row, 0))


def _texts(view: HistoryView) -> list[str]:
    """Every cell of the detail tree, depth first."""
    model, found = view.detail.model, []

    def walk(parent):
        for row in range(model.rowCount(parent)):
            found.append(" | ".join(model.index(row, c, parent).data() or "" for c in range(model.columnCount())))
            walk(model.index(row, 0, parent))

    from PySide6.QtCore import QModelIndex
    walk(QModelIndex())
    return found


def _finish(qtbot, view: HistoryView) -> None:
    qtbot.waitUntil(lambda: view.filming.analysis is None, timeout=60_000)


def test_a_filmed_set_is_measured_and_saved_with_its_set_beside_the_paced_reps(qtbot, view, store, clip, shots,
                                                                                 monkeypatch):
    video, truth = clip
    paced = _file(store)["exercises"][0]["sets"][0]["reps"]
    _pick_set(view, 0)
    assert view.attach_button.isEnabled()
    # The one stand-in: the native file dialog cannot be driven offscreen.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(video), ""))
    qtbot.mouseClick(view.attach_button, Qt.MouseButton.LeftButton)
    dialog = view.filming.box_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.measure_button.isEnabled(), "nothing to measure before a box is drawn"
    dialog.set_box(*truth["box"])
    seen = []
    qtbot.mouseClick(dialog.measure_button, Qt.MouseButton.LeftButton)
    assert view.filming.analysis is not None and view.filming.progress is not None and view.filming.progress.isVisible()
    assert not view.attach_button.isEnabled(), "one video at a time"
    view.filming.analysis.progressed.connect(seen.append)
    _finish(qtbot, view)

    assert seen and seen == sorted(seen), "progress in seconds of video, forwards"
    written = _file(store)
    first, second = written["exercises"][0]["sets"]
    measured = first["measured"]
    assert measured["video"] == video.name and "/" not in measured["video"]
    assert measured["box"] == dict(zip(("x", "y", "width", "height"), truth["box"], strict=True))
    assert measured["planned_lower"] == 2.0 and measured["frames"] == truth["frames"]
    reps = measured["reps"]
    assert len(reps) == len(truth["reps"]) == 2
    for got, want in zip(reps, truth["reps"], strict=True):
        for phase in ("start", "lift", "top", "lower"):
            assert got[phase] == pytest.approx(want[phase], abs=0.15), phase
    assert [r["lowering_too_fast"] for r in reps] == [False, True]  # 3 s and 1.2 s against 2 s planned
    assert [r["complete"] for r in reps] == [True, True]
    assert first["reps"] == paced, "the paced reps stay as they were"
    assert second["measured"] is None and second["note"] == "felt heavy", "nothing else is lost"
    (back,) = SessionStore(store.data_dir).load_all().sessions  # read back apart: the view follows this store's
    assert back.exercises[0].sets[0].measured.reps[1].lowering_too_fast is True

    texts = _texts(view)
    assert any(t.startswith(f"Filmed: {video.name} | ") and "2 reps seen · 1 lowered too fast" in t for t in texts)
    fast = next(t for t in texts if t.startswith("Seen 2"))
    said = re.search(r"lowered too fast: ([0-9.]+) s \(planned 2 s\)", fast)
    assert said and float(said.group(1)) == pytest.approx(truth["reps"][1]["lower"], abs=0.15)
    assert "filmed: 2 reps seen · 1 lowered too fast" in view.detail.heading.text()
    assert "Saved with the session" in view.status.text()
    assert view.detail.selected_set() is view.table_model.sessions[0].exercises[0].sets[0]

    view.detail.tree.expandAll()
    assert view.grab().save(str(shots / "detail-view-filmed-set.png"))


def test_the_box_is_dragged_on_the_first_frame_in_the_videos_pixels(qtbot):
    image = QImage(1280, 720, QImage.Format.Format_RGB888)
    image.fill(QColor("grey"))
    dialog = BoxDialog(image, "phone.mp4")
    qtbot.addWidget(dialog)
    dialog.resize(700, 500)
    dialog.show()
    qtbot.waitExposed(dialog)
    canvas = dialog.canvas
    shown = canvas.picture_rect()
    scale = shown.width() / 1280
    start = QPoint(shown.x() + round(200 * scale), shown.y() + round(100 * scale))
    end = QPoint(shown.x() + round(520 * scale), shown.y() + round(400 * scale))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, pos=end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    x, y, w, h = dialog.box()
    tolerance = 2 / scale  # a screen pixel is about two video pixels here
    assert (x, y) == (pytest.approx(200, abs=tolerance), pytest.approx(100, abs=tolerance))
    assert (w, h) == (pytest.approx(320, abs=tolerance), pytest.approx(300, abs=tolerance))
    assert dialog.measure_button.isEnabled()
    # Dragged past the picture's edge, the box stops at it.
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(canvas.width() + 50, canvas.height() + 50))
    x, y, w, h = dialog.box()
    assert x + w <= 1280 and y + h <= 720
    # A click without a drag is no box.
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=start)
    assert dialog.box() is None and not dialog.measure_button.isEnabled()


def test_measuring_can_be_cancelled_and_leaves_the_set_and_its_file_as_they_were(qtbot, view, store, clip):
    video, truth = clip
    before = (next(store.sessions_dir.glob("*.json"))).read_bytes()
    session = view.table_model.sessions[0]
    record = session.exercises[0].sets[0]
    thread = view.filming.measure(video, tuple(truth["box"]), session, record)
    with qtbot.waitSignal(thread.cancelled, timeout=60_000):
        qtbot.mouseClick(view.filming.progress.findChild(type(view.attach_button)), Qt.MouseButton.LeftButton)
    _finish(qtbot, view)
    assert record.measured is None
    assert next(store.sessions_dir.glob("*.json")).read_bytes() == before
    assert "cancelled" in view.status.text() and "as it was" in view.status.text()
    assert view.filming.progress is None


def test_a_file_that_is_not_a_video_is_refused_in_plain_words(qtbot, view, store, tmp_path):
    fake = tmp_path / "notes.mp4"
    fake.write_text("squats on Monday")
    _pick_set(view, 0)
    assert view.filming.attach_video(fake) is None and view.filming.box_dialog is None
    assert view.status.text() == "Could not use that video: notes.mp4: not a video GymTimer can read."
    assert str(tmp_path) not in view.status.text()
    assert _file(store)["exercises"][0]["sets"][0]["measured"] is None


def test_a_box_outside_the_picture_is_refused_and_nothing_is_saved(qtbot, view, store, clip):
    video, _truth = clip
    session = view.table_model.sessions[0]
    view.filming.measure(video, (300, 200, 80, 80), session, session.exercises[0].sets[0])  # the picture is 320 × 240
    _finish(qtbot, view)
    assert "is not inside the video's 320×240 picture" in view.status.text()
    assert "The set is as it was." in view.status.text()
    assert _file(store)["exercises"][0]["sets"][0]["measured"] is None


def test_no_set_picked_says_what_to_do(qtbot, view, clip):
    view.detail.tree.setCurrentIndex(view.detail.model.index(-1, -1))
    assert not view.attach_button.isEnabled()
    assert view.filming.attach_video(clip[0]) is None
    assert "Pick the set the video shows first" in view.status.text()


def test_a_session_deleted_while_its_video_is_measured_is_not_written_back(qtbot, view, store, clip):
    video, truth = clip
    session = view.table_model.sessions[0]
    view.filming.measure(video, tuple(truth["box"]), session, session.exercises[0].sets[0])
    view.delete_selected()  # moved to the trash while the video is read
    _finish(qtbot, view)
    assert not list(store.sessions_dir.glob("*.json")), "the deleted session is not brought back by the save"
    assert "nothing was saved" in view.status.text()


def _filmed_exercise():
    session = lifted_session(START, sets=2, reps=2)
    record = session.exercises[0].sets[0]
    record.measured = MeasuredSet(
        video="set1.mp4", box=Box(10, 10, 40, 40), analysed_at=START + dt.timedelta(hours=1), planned_lower=2.0,
        reps=[MeasuredRep(start=1, lift=1, top=1, lower=2.2, bottom=1, range=40, complete=True,
                          lowering_too_fast=False),
              MeasuredRep(start=8, lift=1, top=1, lower=1.1, bottom=None, range=15, complete=False,
                          lowering_too_fast=True)])
    return session


def test_the_summary_page_shows_short_reps_and_lowerings_too_fast(qtbot):
    page = SummaryPage()
    qtbot.addWidget(page)
    page.show_record(_filmed_exercise().exercises[0])
    assert "Seen on video: 2 reps · 1 short · 1 lowered too fast" in page.lines.text()
    assert page.table.horizontalHeaderItem(6).text() == "Seen (camera or video)"
    assert page.table.item(0, 6).text() == "2 reps seen · 1 short · 1 lowered too fast"
    assert page.table.item(1, 6).text() == ""


def test_the_detail_view_of_a_saved_filmed_set_names_each_flag(qtbot, store):
    session = _filmed_exercise()
    store.save(session)
    view = HistoryView(store)
    qtbot.addWidget(view)
    view.reload()
    view.select_session(session.id)
    texts = _texts(view)
    short = next(t for t in texts if t.startswith("Seen 2"))
    cells = short.split(" | ")
    assert cells[SetColumn.FAILED] == "short"
    assert cells[SetColumn.PHASES] == "1.0 · 1.0 · 1.1 · –"
    assert "short rep" in cells[SetColumn.NOTE] and "lowered too fast: 1.1 s (planned 2 s)" in cells[SetColumn.NOTE]
    first = next(t for t in texts if t.startswith("Seen 1")).split(" | ")
    assert first[SetColumn.FAILED] == "" and first[SetColumn.NOTE] == ""
    assert msgspec.json.decode(session_files.encode(session))["exercises"][0]["sets"][0]["measured"]["video"] == \
        "set1.mp4"


def _seen(lowerings: list[float], planned: float = 2.0) -> MeasuredSet:
    reps = [MeasuredRep(start=6.0 * i, lift=1.0, top=1.0, lower=lower, bottom=None, range=40.0,
                        lowering_too_fast=lower < 0.75 * planned) for i, lower in enumerate(lowerings)]
    return MeasuredSet(video="set.mp4", box=Box(10, 10, 40, 40), analysed_at=START, reps=reps, planned_lower=planned)


def test_the_tempo_chart_plots_measured_lowering_and_marks_paced_lowering_as_such(qtbot, shots):
    from gymtimer.ui.charts import Chart, ChartsView

    history = [lifted_session(START + dt.timedelta(days=7 * week), sets=2, reps=3) for week in range(6)]
    history[1].exercises[0].sets[0].measured = _seen([1.2, 1.5, 1.1])  # rushed, on video
    history[3].exercises[0].sets[0].measured = _seen([2.4, 2.2, 2.0])
    history[3].exercises[0].sets[1].measured = _seen([2.0, 1.8, 2.2])  # the whole session filmed
    history[5].exercises[0].sets[1].measured = _seen([1.9, 2.1, 1.6])
    view = ChartsView(now=lambda: START + dt.timedelta(days=40))
    view.resize(1100, 700)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.set_sessions(history)
    view.show_chart(Chart.TEMPO)
    qtbot.wait(10)
    items = view.chart_items(Chart.TEMPO)
    measured, paced = items["measured:Test preset"], items["lowering:Test preset"]
    days = {session.id: week for week, session in enumerate(history)}
    assert [(days[d.session_id], round(y, 3)) for _, y, d in _chart_points(measured)] == [
        (1, 1.267), (3, 2.1), (5, 1.867)]
    # Paced: the metronome's 2 s, for every set not filmed (none of week 3's).
    assert [(days[d.session_id], y) for _, y, d in _chart_points(paced)] == [
        (0, 2.0), (1, 2.0), (2, 2.0), (4, 2.0), (5, 2.0)]
    assert all(d.measured for _, _, d in _chart_points(measured))
    assert not any(d.measured for _, _, d in _chart_points(paced))
    colour = measured.opts["brush"].color().name()
    assert paced.opts["brush"].color().name() == "#ffffff" and paced.opts["pen"].color().name() == colour, \
        "paced: the same lift's marker, hollow"
    legend = [label.text for _, label in view.plot_item(Chart.TEMPO).legend.items]
    assert "Test preset: measured by the camera" in legend
    assert "Test preset: paced, not measured" in legend
    x, y, data = _chart_points(measured)[0]
    assert "Lowering measured by the camera: 1.3 s" in measured.opts["tip"](x=x, y=y, data=data)
    x, y, data = _chart_points(paced)[0]
    assert "paced (the metronome's schedule, not measured)" in paced.opts["tip"](x=x, y=y, data=data)
    assert view.grab().save(str(shots / "tempo-chart-measured-vs-paced.png"))


def _chart_points(item):
    return [(p.pos().x(), p.pos().y(), p.data()) for p in item.points()]


def test_a_video_without_reps_is_said_so_and_nothing_is_attached(qtbot, view, store, tmp_path):
    import cv2
    import numpy as np

    still = tmp_path / "still.mp4"  # a second of a bench nobody lifts on
    writer = cv2.VideoWriter(str(still), cv2.VideoWriter_fourcc(*"mp4v"), 30.0, (160, 120))
    texture = np.random.default_rng(3).integers(0, 255, (120, 160, 3), dtype=np.uint8)
    for _ in range(30):
        writer.write(texture)
    writer.release()
    session = view.table_model.sessions[0]
    view.filming.measure(still, (60, 40, 40, 40), session, session.exercises[0].sets[0])
    _finish(qtbot, view)
    assert view.status.text().startswith("No reps were found in still.mp4.")
    assert _file(store)["exercises"][0]["sets"][0]["measured"] is None


def test_a_second_video_of_the_same_set_replaces_the_first_and_says_so(qtbot, view, store, clip, tmp_path):
    video, truth = clip
    again = tmp_path / "retake.mp4"
    again.write_bytes(video.read_bytes())
    session = view.table_model.sessions[0]
    record = session.exercises[0].sets[0]
    for path in (video, again):
        view.filming.measure(path, tuple(truth["box"]), session, record)
        _finish(qtbot, view)
    assert f"(in place of {video.name})" in view.status.text()
    assert _file(store)["exercises"][0]["sets"][0]["measured"]["video"] == "retake.mp4"
    assert sum(t.startswith("Filmed: ") for t in _texts(view)) == 1


@pytest.fixture
def stand_in_model(monkeypatch, clip):
    """The body model turned on, with a stand-in for it (tests/helpers/body_model.py: the model does not see the
    rendered figure) reporting the lifter where the clip's hip is; ``people`` as the test sets it."""
    from gymtimer.vision import pose
    from tests.helpers.body_model import StandInModel

    made = {"people": 1}
    monkeypatch.setenv("GYMTIMER_BODY_MODEL", "on")
    monkeypatch.setattr(pose, "available", lambda: True)
    monkeypatch.setattr(pose, "PoseModel", lambda: StandInModel(tuple(clip[1]["box"]), people=made["people"]))
    return made


def test_the_body_model_places_the_box_on_a_filmed_sets_hips_and_it_is_measured(qtbot, view, store, clip,
                                                                                  stand_in_model):
    video, truth = clip
    _pick_set(view, 0)
    dialog = view.filming.attach_video(video)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.box() is not None, timeout=30_000)
    x, y, w, h = dialog.box()
    tx, ty, tw, th = truth["box"]
    assert abs((x + w / 2) - (tx + tw / 2)) <= 2 and abs((y + h / 2) - (ty + th / 2)) <= 2
    assert "placed the box on the hips" in dialog.found_label.text()
    qtbot.mouseClick(dialog.measure_button, Qt.MouseButton.LeftButton)
    _finish(qtbot, view)
    assert len(_file(store)["exercises"][0]["sets"][0]["measured"]["reps"]) == 2


def test_a_box_drawn_before_the_model_is_done_is_kept(qtbot, view, clip, stand_in_model):
    video, _truth = clip
    _pick_set(view, 0)
    dialog = view.filming.attach_video(video)
    dialog.set_box(10, 10, 40, 40)
    qtbot.waitUntil(lambda: view.filming.placing is None or "kept" in dialog.found_label.text(), timeout=30_000)
    qtbot.waitUntil(lambda: "Looking" not in dialog.found_label.text(), timeout=30_000)
    assert dialog.box() == (10, 10, 40, 40) and "your box is kept" in dialog.found_label.text()
    dialog.reject()


def test_nobody_found_in_a_filmed_set_is_said_and_the_box_is_drawn_by_hand(qtbot, view, clip, stand_in_model):
    stand_in_model["people"] = 0
    video, _truth = clip
    _pick_set(view, 0)
    dialog = view.filming.attach_video(video)
    qtbot.waitUntil(lambda: "found nobody" in dialog.found_label.text(), timeout=30_000)
    assert dialog.box() is None and not dialog.measure_button.isEnabled()
    assert "it looked at 320 × 240 pixels at 0, 0" in dialog.found_label.text()
    dialog.reject()
