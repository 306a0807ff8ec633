"""The suggestion bar: one line of reason, Accept with A or Enter, Dismiss with D or Esc."""

from __future__ import annotations

import sys

import PySide6
import pytest

if PySide6.__version_info__[:2] == (6, 12) and sys.version_info < (3, 12):
    pytest.fail("PySide6 6.12 breaks on Python 3.11 (see pyproject.toml); install pyside6 < 6.12", pytrace=False)

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from gymtimer.core.progression import Suggestion, SuggestionKind
from gymtimer.core.units import Unit
from gymtimer.ui.suggestion_bar import SuggestionBar

MILESTONE = Suggestion(SuggestionKind.NEXT_VARIATION, "Staggered-stance hip thrust", 80.0, Unit.KG, "15 reps with ease")
HEAVIER = Suggestion(SuggestionKind.ADD_LOAD, "Barbell", 82.5, Unit.KG, "Every set hit its target")


@pytest.fixture
def page(qtbot):
    """A stand-in for the setup page: the bar and a text field."""
    window = QWidget()
    layout = QVBoxLayout(window)
    window.bar = SuggestionBar()
    window.field = QLineEdit()
    layout.addWidget(window.bar)
    layout.addWidget(window.field)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_bar_is_hidden_until_there_is_a_suggestion(page):
    assert not page.bar.isVisible()
    page.bar.show_suggestions([HEAVIER])
    assert page.bar.isVisible()
    assert page.bar.reason_label.text() == "Every set hit its target"
    page.bar.show_suggestions([])
    assert not page.bar.isVisible()


@pytest.mark.parametrize("key", [Qt.Key.Key_A, Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_one_key_accepts_and_settles_the_load(qtbot, page, key):
    page.bar.show_suggestions([MILESTONE, HEAVIER])
    page.bar.setFocus()
    with qtbot.waitSignal(page.bar.accepted) as signal:
        qtbot.keyClick(page.bar, key)
    assert signal.args == [MILESTONE]
    assert not page.bar.isVisible()


@pytest.mark.parametrize("key", [Qt.Key.Key_D, Qt.Key.Key_Escape])
def test_one_key_dismisses_and_shows_the_next(qtbot, page, key):
    page.bar.show_suggestions([MILESTONE, HEAVIER])
    page.bar.setFocus()
    with qtbot.waitSignal(page.bar.dismissed) as signal:
        qtbot.keyClick(page.bar, key)
    assert signal.args == [MILESTONE]
    assert page.bar.suggestion == HEAVIER
    assert page.bar.reason_label.text() == "Every set hit its target"


def test_a_and_d_work_from_anywhere_in_the_window(qtbot, page):
    page.bar.show_suggestions([MILESTONE, HEAVIER])
    page.activateWindow()
    with qtbot.waitSignal(page.bar.dismissed):
        qtbot.keyClick(page, Qt.Key.Key_D)
    with qtbot.waitSignal(page.bar.accepted):
        qtbot.keyClick(page, Qt.Key.Key_A)


def test_typing_in_a_text_field_is_not_taken_for_an_answer(qtbot, page):
    page.bar.show_suggestions([HEAVIER])
    page.field.setFocus()
    with qtbot.assertNotEmitted(page.bar.accepted), qtbot.assertNotEmitted(page.bar.dismissed):
        qtbot.keyClicks(page.field, "ad")
    assert page.field.text() == "ad"
    assert page.bar.suggestion == HEAVIER
