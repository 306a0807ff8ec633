"""? (or F1) shows the keys on every page: setup, summary, history (the workout's own overlay: test_screens.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from gymtimer.core.units import Unit

BODYWEIGHT = "Bodyweight hip thrust"


def _overlay_after_question_mark(qtbot, page):
    qtbot.keyClick(page, Qt.Key.Key_Question)
    return page.findChild(QLabel, "keysOverlay")


def test_question_mark_shows_the_keys_on_the_setup_summary_and_history_pages(window, qtbot, clock):
    from gymtimer.core.presets import find_preset
    from tests.helpers.driving import tick

    pages = []
    setup = window.setup_page
    pages.append((setup, "Start the workout"))
    window.prepare_exercise(find_preset(BODYWEIGHT), 0, Unit.KG)
    qtbot.keyClick(window.workout_view, Qt.Key.Key_Space)
    tick(window, clock, 12.0)
    window.driver.abandon()
    assert window.current_page() is window.summary_page
    pages.append((window.summary_page, "Next exercise"))
    for page, key_text in pages:
        window.pages.setCurrentWidget(page)
        overlay = _overlay_after_question_mark(qtbot, page)
        assert overlay is not None and overlay.isVisible(), type(page).__name__
        assert key_text in overlay.text() and "Full screen" in overlay.text()
        assert overlay.geometry().intersects(page.rect())
        qtbot.keyClick(page, Qt.Key.Key_Question)
        assert not overlay.isVisible(), "? again hides it"
    window.show_history()
    history = window.history_page
    overlay = _overlay_after_question_mark(qtbot, history)
    assert overlay is not None and overlay.isVisible() and "Back to the setup page" in overlay.text()
    qtbot.keyClick(history, Qt.Key.Key_Escape)  # back: the keys do not wait on the hidden page
    assert window.current_page() is setup and not overlay.isVisible()


def test_question_mark_typed_in_the_load_field_shows_the_keys(window, qtbot):
    page = window.setup_page
    page.load_box.setFocus()
    qtbot.keyClick(page.load_box, Qt.Key.Key_Question)
    assert page.findChild(QLabel, "keysOverlay").isVisible()


def test_on_the_summary_a_question_mark_in_the_note_is_typed_and_f1_shows_the_keys(window, qtbot, clock):
    from gymtimer.core.presets import find_preset
    from tests.helpers.driving import tick

    window.prepare_exercise(find_preset(BODYWEIGHT), 0, Unit.KG)
    qtbot.keyClick(window.workout_view, Qt.Key.Key_Space)
    tick(window, clock, 12.0)
    window.driver.abandon()
    page = window.summary_page
    overlay = page.findChild(QLabel, "keysOverlay")
    page.note_edit.setFocus()
    qtbot.keyClicks(page.note_edit, "why?")
    assert page.note_edit.text() == "why?" and not overlay.isVisible()
    qtbot.keyClick(page.note_edit, Qt.Key.Key_F1)
    assert overlay.isVisible()
    qtbot.keyClick(page.note_edit, Qt.Key.Key_F1)
    page.rpe_box.setFocus()
    qtbot.keyClick(page.rpe_box, Qt.Key.Key_Question)
    assert overlay.isVisible(), "a number field takes no ?"
