"""The workout screen after a rep the camera saw: its words, large, for a few seconds; the camera's mark."""

from __future__ import annotations

import msgspec
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage
from PySide6.QtWidgets import QApplication

from gymtimer.core.notices import CAMERA_NOT_AVAILABLE, clear_camera_notice, post_camera_not_available
from gymtimer.core.plan import Side
from gymtimer.core.presets import find_preset
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.seen import RepWords, leg_words, rep_words
from gymtimer.core.tempo import Phase
from gymtimer.core.units import Unit
from gymtimer.ui.colours import PHASE_COLOURS, contrast_ratio
from gymtimer.ui.seen_words import (
    BODY_FAULT_COLOUR,
    CAMERA_COLOUR,
    LOWERED_COLOUR,
    PANEL_COLOUR,
    SEEN_SECONDS,
    VERDICT_BACKGROUND,
    VERDICT_COLOUR,
)
from tests.helpers.driving import tick
from tests.ui.test_workout_window import ECCENTRIC, assert_every_line_fits

SLOWER = rep_words(MeasuredRep(0, 1, 1, 1.4, 0.2, 0.3), planned_lower=3.0)
SHORT = rep_words(MeasuredRep(0, 1, 0.2, 0.9, 0.2, 0.1, complete=False), planned_lower=3.0)
AS_PLANNED = rep_words(MeasuredRep(0, 1, 1, 2.9, 0.2, 0.3), planned_lower=3.0)
#: With the pose model: the lockout's verdict on a line of its own, and within a rep the leg seen.
LOCKED_OUT = msgspec.structs.replace(AS_PLANNED, body="lockout ✓")
SLOWER_FAULT = msgspec.structs.replace(SLOWER, body="shins not vertical — move the feet")
WRONG_LEG = leg_words(Side.RIGHT, Side.LEFT)
WORDS = [SLOWER, SHORT, AS_PLANNED, LOCKED_OUT, SLOWER_FAULT, WRONG_LEG]
WORDS_IDS = ["slower", "short", "as-planned", "locked-out", "slower-shins", "wrong-leg"]


def _in_a_rep(window, qtbot, clock):
    window.prepare_exercise(find_preset(ECCENTRIC), 40, Unit.KG)  # lead-in 5 s, then 1-1-3 s reps
    qtbot.keyClick(window.current_page(), Qt.Key.Key_Space)
    tick(window, clock, 5.0 + 5.2)  # the first rep's lowering is over: the second rep lifts
    assert window.keeper.workout.phase is Phase.LIFT
    return window.workout_view


def _fixed(view):
    return {name: getattr(view, name).geometry() for name in
            ("phase_label", "seconds_label", "counts_label", "set_label", "bar", "status_line")}


def test_the_words_show_for_a_few_seconds_and_go_by_themselves(window, qtbot, clock):
    assert (SLOWER.verdict, SHORT.verdict, AS_PLANNED.verdict) == ("SLOWER", "SHORT", None)
    view = _in_a_rep(window, qtbot, clock)
    view.show_seen(SLOWER, clock.now)
    assert view.seen() == "LOWERED 1.4 s · SLOWER"
    assert view.seen_words.verdict_label.isVisible()
    tick(window, clock, SEEN_SECONDS - 0.2)
    assert view.seen() == "LOWERED 1.4 s · SLOWER", "still there just before its time"
    assert view.phase_label.text() and view.phase_label.isVisible()
    tick(window, clock, 0.3)
    assert view.seen() == "" and not view.seen_words.isVisible()
    # A rep as planned: the time only, no verdict; the next rep's words replace the last's.
    view.show_seen(SHORT, clock.now)
    tick(window, clock, 1.0)
    view.show_seen(AS_PLANNED, clock.now)
    assert view.seen() == "LOWERED 2.9 s" and not view.seen_words.verdict_label.isVisible()
    tick(window, clock, SEEN_SECONDS - 0.2)
    assert view.seen() == "LOWERED 2.9 s", "the time counts from the newest rep"
    tick(window, clock, 0.3)
    assert view.seen() == ""


def test_with_the_display_still_the_timer_clears_them_once_their_time_is_past(window, qtbot, clock):
    view = _in_a_rep(window, qtbot, clock)
    view.show_seen(SHORT, clock.now)
    view._seen_timer.timeout.emit()  # the timer's real seconds passed, the clock's not: they stay
    assert view.seen() == "LOWERED 0.9 s · SHORT"
    clock.advance(SEEN_SECONDS)
    view._seen_timer.timeout.emit()
    assert view.seen() == ""


def test_a_new_workout_starts_without_the_last_ones_words(window, qtbot, clock):
    view = _in_a_rep(window, qtbot, clock)
    view.show_seen(SLOWER, clock.now)
    window.driver.set_workout(None)
    assert view.seen() == ""


def _pixels(image) -> np.ndarray:
    """A grabbed picture as rows × columns × (red, green, blue)."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    height, width, line = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=height * line).reshape(height, line)
    return raw[:, :width * 3].reshape(height, width, 3).astype(int)


def _drawn(pixels: np.ndarray, rect, background: str, inset: int = 0) -> tuple[int, int, int, int] | None:
    """Where something is drawn on ``background`` inside ``rect``: (left, top, right, bottom), or None."""
    behind = np.array(QColor(background).getRgb()[:3])
    top, left = rect.top(), rect.left() + inset
    region = pixels[top:rect.bottom() + 1, left:rect.right() + 1 - inset]
    ink = np.abs(region - behind).sum(axis=2) > 96  # antialiased edges half-way and more
    rows, columns = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
    if not len(rows):
        return None
    return left + columns[0], top + rows[0], left + columns[-1], top + rows[-1]


def _height(drawn: tuple[int, int, int, int] | None) -> int:
    assert drawn is not None, "nothing drawn"
    return drawn[3] - drawn[1] + 1


def _in_view(view, label):
    return label.geometry().translated(view.seen_words.pos())


SIZES = [(800, 600), (1024, 768), (1366, 768), (1920, 1080)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("words", WORDS, ids=WORDS_IDS)
def test_the_verdict_is_half_the_phase_word_and_nothing_else_moves_or_hides(window, qtbot, clock, size, words):
    """Read from the bench: the verdict (the time, when there is none) at least half as tall, in pixels drawn, as
    the phase word, whose pixels, like the seconds' and the counts', are the same with the words shown or not."""
    window.resize(*size)
    view = _in_a_rep(window, qtbot, clock)
    view.flash_overlay.hide()
    QApplication.processEvents()
    before, shot = _fixed(view), _pixels(view.grab().toImage())
    view.show_seen(words, clock.now)
    QApplication.processEvents()
    after = _pixels(view.grab().toImage())
    assert _fixed(view) == before, "nothing of the layout moves"
    background = view.background_colour()
    for name in ("phase_label", "seconds_label", "counts_label", "set_label", "bar"):
        place = before[name]
        assert getattr(view, name).isVisible(), name
        was, now = _drawn(shot, place, background), _drawn(after, place, background)
        assert now is not None and max(abs(a - b) for a, b in zip(was, now)) <= 1, f"the {name} moved or is covered"
        lines = slice(place.top(), place.bottom() + 1), slice(place.left(), place.right() + 1)
        # The same picture, but for the antialiasing of a glyph's edge (Qt's glyph cache: 15 of 765 seen here).
        assert np.abs(after[lines] - shot[lines]).sum(axis=2).max() <= 48, f"the {name} is drawn differently"
    phase = _height(_drawn(after, before["phase_label"], background))
    assert phase >= 0.15 * view.height(), phase  # the phase word at its full size: the comparison means something
    if words.verdict:
        pill = _in_view(view, view.seen_words.verdict_label)
        drawn = _drawn(after, pill, VERDICT_BACKGROUND, inset=10)  # clear of the pill's rounded corners
        assert pill.top() < drawn[1] and drawn[3] < pill.bottom(), "the verdict is drawn whole, not clipped"
    else:
        line = _in_view(view, view.seen_words.lowered_label)
        drawn = _drawn(after, line, PANEL_COLOUR, inset=14)
        assert line.top() < drawn[1] and drawn[3] < line.bottom(), "the time is drawn whole, not clipped"
    assert 2 * _height(drawn) >= phase, (size, _height(drawn), phase)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("words", WORDS, ids=WORDS_IDS)
def test_the_words_fit_large_and_cover_neither_the_phase_nor_the_counts(window, qtbot, clock, size, words):
    window.resize(*size)
    view = _in_a_rep(window, qtbot, clock)
    QApplication.processEvents()
    before = _fixed(view)
    view.show_seen(words, clock.now)
    QApplication.processEvents()
    panel = view.seen_words.geometry()
    assert view.rect().contains(panel)
    for name, place in before.items():
        assert not panel.intersects(place), f"the words cover the {name}"
    lines = [view.seen_words.lowered_label] + ([view.seen_words.verdict_label] if words.verdict else [])
    body, lowered = view.seen_words.body_label, view.seen_words.lowered_label
    if words.body and not body.isVisible():  # beside a verdict, no room for a third line: in the time's place
        assert words.verdict and lowered.text() == words.body
        assert BODY_FAULT_COLOUR.lower() in lowered.styleSheet().lower()  # a fault, in the fault's yellow
    elif words.body:  # the lockout's line: whole, under the rest, never larger than the time
        assert body.text() == words.body and lowered.text() == words.lowered
        metrics = QFontMetrics(body.font())
        assert metrics.horizontalAdvance(body.text()) <= body.contentsRect().width()
        assert view.seen_words.rect().contains(body.geometry()) and metrics.capHeight() <= body.height()
        assert body.font().pixelSize() <= lowered.font().pixelSize()
        assert body.geometry().top() > max(lowered.geometry().bottom(), view.seen_words.verdict_label.geometry().bottom()
                                           if words.verdict else 0)
        # Read at 3 m as the rep line is (the 5 % below is the time's and the verdict's: these words are long).
        assert metrics.capHeight() >= QFontMetrics(view.rep_label.font()).capHeight(), metrics.capHeight()
    else:
        assert not view.seen_words.body_label.isVisible()
    for label in lines:
        metrics = QFontMetrics(label.font())
        assert metrics.horizontalAdvance(label.text()) <= label.contentsRect().width(), label.text()
        assert view.seen_words.rect().contains(label.geometry()), label.text()
        assert metrics.capHeight() <= label.height(), label.text()
        # Read at 3 m: capitals larger than the rep line's, at least 5 % of the screen's height.
        assert metrics.capHeight() >= QFontMetrics(view.rep_label.font()).capHeight(), label.text()
        if label.text() != words.body:  # the lockout's long words in the time's place: as the rep line, above
            assert metrics.capHeight() >= view.height() * 0.05, (label.text(), metrics.capHeight())
        assert label.font().bold()
    if words.verdict:  # the verdict is what the bench reads: never smaller than the time
        verdict, lowered = view.seen_words.verdict_label, view.seen_words.lowered_label
        assert verdict.font().pixelSize() >= lowered.font().pixelSize()
        assert not verdict.geometry().intersects(lowered.geometry())
    assert_every_line_fits(view)
    assert view.seen_words.isVisible() and view.phase_label.isVisible()


def test_the_words_are_high_contrast_on_every_phase_colour(window, qtbot, clock):
    assert contrast_ratio(LOWERED_COLOUR, PANEL_COLOUR) >= 7.0  # WCAG AAA
    assert contrast_ratio(VERDICT_COLOUR, VERDICT_BACKGROUND) >= 7.0
    assert contrast_ratio(CAMERA_COLOUR, PANEL_COLOUR) >= 7.0
    view = _in_a_rep(window, qtbot, clock)
    view.show_seen(SLOWER, clock.now)
    view.set_camera_watching(True)
    for phase in PHASE_COLOURS:
        view._apply_colours(phase)
        QApplication.processEvents()
        shot = view.grab().toImage()
        panel, verdict = view.seen_words.geometry(), view.seen_words.verdict_label.geometry()
        # What is drawn behind the words is the panel's own black, not the phase colour.
        behind = shot.pixelColor(panel.left() + 6, panel.center().y())
        assert behind == QColor(PANEL_COLOUR), (phase, behind.name())
        pill = shot.pixelColor(panel.left() + verdict.left() + 4, panel.top() + verdict.center().y())
        assert pill == QColor(VERDICT_BACKGROUND), (phase, pill.name())
        mark = view.camera_mark.geometry()
        assert shot.pixelColor(mark.left() + 3, mark.center().y()) == QColor(PANEL_COLOUR), phase


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_the_camera_mark_shows_while_the_camera_watches_beside_the_title(window, qtbot, clock, size):
    window.resize(*size)
    view = _in_a_rep(window, qtbot, clock)
    assert not view.camera_watching()
    view.set_camera_watching(True)
    QApplication.processEvents()
    mark = view.camera_mark.geometry()
    assert view.camera_watching() and view.rect().contains(mark)
    title = view.title_label
    text_right = title.geometry().center().x() + QFontMetrics(title.font()).horizontalAdvance(title.text()) // 2
    assert mark.left() > text_right, "the mark is clear of the title's text"
    for name in ("phase_label", "counts_label", "set_label", "status_line"):
        assert not mark.intersects(getattr(view, name).geometry()), name
    view.set_camera_watching(False)
    assert not view.camera_mark.isVisible()


def test_the_camera_notice_is_raised_and_cleared_through_the_notices(window, qtbot, clock):
    view = _in_a_rep(window, qtbot, clock)
    post_camera_not_available(window.notices, detail="Another program is using it.")
    assert view.status_line.text().startswith(CAMERA_NOT_AVAILABLE)
    assert any("Another program is using it." in n for n in view.notices())
    assert window.keeper.workout.running, "the workout goes on, paced"
    clear_camera_notice(window.notices)
    assert CAMERA_NOT_AVAILABLE not in view.status_line.text()



@pytest.mark.parametrize("size", [(800, 600), (1366, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_words_that_hang_below_the_line_get_the_room_for_it(window, qtbot, clock, size):
    """Lines are sized for capitals, but a word with a g or a p (or a Q's tail) is drawn whole all the same."""
    window.resize(*size)
    view = _in_a_rep(window, qtbot, clock)
    view.flash_overlay.hide()
    view.show_seen(RepWords("hips kept still, lying?", "go gently", None), clock.now)
    QApplication.processEvents()
    shot = _pixels(view.grab().toImage())
    for label, behind in ((view.seen_words.lowered_label, PANEL_COLOUR), (view.seen_words.verdict_label,
                                                                          VERDICT_BACKGROUND)):
        place = _in_view(view, label)
        drawn = _drawn(shot, place, behind, inset=14)
        assert place.top() < drawn[1] and drawn[3] < place.bottom(), f"{label.text()} is cut"
