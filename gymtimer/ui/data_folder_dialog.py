"""Keep my data in…: the lifter picks a folder (a synced one), is asked move or copy, and GymTimer restarts there."""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QWidget

from gymtimer.store import paths
from gymtimer.store.data_folder import MoveError, MoveResult, is_data_folder, move_data, target_for

TITLE = "Keep my data in…"


class Choice(enum.Enum):
    MOVE = "move"
    COPY = "copy"
    CANCEL = "cancel"


def question(source: Path, target: Path) -> str:
    """What the lifter is asked before anything is copied."""
    joined = (" It already holds GymTimer data (from your other computer?): the two are joined, and nothing "
              "already there is overwritten." if is_data_folder(target) else "")
    return (f"Keep your sessions, presets and settings in {target} from now on?{joined}\n\n"
            f"Move: each file is copied and checked, then removed from {source}. "
            "Copy: the old folder stays as it is.\nGymTimer restarts to use the new folder.")


def _pick(parent: QWidget | None) -> str:
    return QFileDialog.getExistingDirectory(parent, TITLE, str(Path.home()))


def _ask(parent: QWidget | None, text: str) -> Choice:
    box = QMessageBox(QMessageBox.Icon.Question, TITLE, text, parent=parent)
    move = box.addButton("Move", QMessageBox.ButtonRole.AcceptRole)
    copy = box.addButton("Copy", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return Choice.MOVE if clicked is move else Choice.COPY if clicked is copy else Choice.CANCEL


def _tell(parent: QWidget | None, title: str, text: str, *, problem: bool = False) -> None:
    (QMessageBox.warning if problem else QMessageBox.information)(parent, title, text)


def restart() -> None:
    """Start GymTimer again (as it was started) and quit this one: the new one uses the chosen folder."""
    if getattr(sys, "frozen", False):
        QProcess.startDetached(sys.executable, sys.argv[1:])
    else:
        QProcess.startDetached(sys.executable, list(sys.orig_argv[1:]))
    QApplication.quit()


def choose_data_folder(
    parent: QWidget | None = None,
    *,
    pick: Callable[[QWidget | None], str] = _pick,
    ask: Callable[[QWidget | None, str], Choice] = _ask,
    tell: Callable[..., None] = _tell,
    then: Callable[[], None] = restart,
) -> MoveResult | None:
    """Ask for a folder and move (or copy) the data there; None when nothing was done (cancelled, refused, failed)."""
    given = paths.data_dir_given()
    if given is not None:
        tell(parent, TITLE, f"This GymTimer was started with its data folder given ({given}): {paths.data_dir()}. "
                            f"Start it without {given} to choose where your data is kept.")
        return None
    picked = pick(parent)
    if not picked:
        return None
    source = paths.data_dir()
    target = target_for(Path(picked))
    choice = ask(parent, question(source, target))
    if choice is Choice.CANCEL:
        return None
    shown = QProgressDialog("Copying your data and checking each copy…", "", 0, 0, parent)
    shown.setWindowTitle(TITLE)
    shown.setCancelButton(None)  # half a move is never left: it runs to its end, or stops at a failure
    shown.setWindowModality(Qt.WindowModality.WindowModal)
    shown.setMinimumDuration(500)

    def copied(done: int, total: int) -> None:
        shown.setMaximum(total)
        shown.setValue(done)
        QApplication.processEvents()

    try:
        result = move_data(source, target, keep_old=choice is Choice.COPY, progress=copied)
    except MoveError as error:
        tell(parent, "Your data was not moved", str(error), problem=True)
        return None
    finally:
        shown.close()
        shown.deleteLater()
    tell(parent, TITLE, f"{result.summary()} GymTimer restarts to use it.")
    then()
    return result
