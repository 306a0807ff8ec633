"""A filmed set attached from the History: pick the video, draw the box, measure it off the main thread, keep it;
and watched back later (the video read again where the lifter points: only its name is kept)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QProgressDialog

from gymtimer.core.records import Box, MeasuredSet, SessionRecord, SetRecord
from gymtimer.core.seen import flags_text
from gymtimer.store.atomic import SaveError
from gymtimer.ui.filmed_set import AnalysisThread, BoxDialog, PlacingThread, VideoProblem, first_frame, stated_length

if TYPE_CHECKING:
    from gymtimer.ui.history_view import HistoryView
    from gymtimer.ui.replay import ReplayDialog

#: What the video picker offers (any file can still be picked).
VIDEO_FILTER = "Videos (*.mp4 *.mov *.m4v *.avi *.mkv *.webm *.3gp);;All files (*)"


class FilmedSetAttacher(QObject):
    """The whole filmed-set workflow of one History view; at most one video is measured at a time."""

    #: A video started or stopped being measured (the view's buttons follow).
    busy_changed = Signal()

    def __init__(self, view: HistoryView) -> None:
        super().__init__(view)
        self.view = view
        self.box_dialog: BoxDialog | None = None
        self.placing: PlacingThread | None = None  # the body model placing the box, while the dialog is open
        self.analysis: AnalysisThread | None = None
        self.progress: QProgressDialog | None = None

    def _say(self, message: str) -> None:
        self.view.show_message(message)

    def attach_video(self, path: str | Path, record: SetRecord | None = None) -> BoxDialog | None:
        """Open the video and ask for the box around the hip on its first frame; Measure starts the analysis."""
        path = Path(path)
        record = record or self.view.detail.selected_set()
        session = self.view.detail.session
        if record is None or session is None:
            self._say("Pick the set the video shows first (click its row), then attach the video.")
            return None
        try:
            image = first_frame(path)
        except VideoProblem as error:
            self._say(f"Could not use that video: {_sentence(str(error))}")
            return None
        self.box_dialog = dialog = BoxDialog(image, path.name, self.view)
        dialog.finished.connect(lambda result: self._box_drawn(result, dialog, path, session, record))
        dialog.open()  # not exec(): the event loop runs on, and the dialog can be driven
        self._place(path, dialog)
        return dialog

    def _place(self, path: Path, dialog: BoxDialog) -> None:
        """With the body model, the box is placed on the hips while the dialog shows (drawing one stays possible)."""
        from gymtimer.live.camera import body_model_wanted

        if not body_model_wanted():
            return
        self.placing = thread = PlacingThread(path, self)
        thread.placed.connect(dialog.show_placement)
        thread.failed.connect(dialog.say_not_placed)
        # One slot of this object (so run on the main thread): the thread is let go before it is deleted, so a
        # dialog closing meanwhile never reaches a deleted thread.
        thread.finished.connect(self._placing_ended)
        dialog.found_label.setText("Looking for the hips…")
        dialog.found_label.show()
        thread.start()

    def _placing_ended(self) -> None:
        thread = self.sender()
        if self.placing is thread:
            self.placing = None
        if thread is not None:
            thread.deleteLater()

    def _box_drawn(self, result: int, dialog: BoxDialog, path: Path, session: SessionRecord,
                   record: SetRecord) -> None:
        self.box_dialog = None
        if self.placing is not None:  # the dialog goes: its placing is not waited for
            self.placing.placed.disconnect()
            self.placing.failed.disconnect()
            self.placing.cancel()
            self.placing.wait()
            self.placing = None
        box = dialog.box()
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted and box is not None:
            self.measure(path, box, session, record)

    def measure(self, path: str | Path, box: tuple[int, int, int, int], session: SessionRecord,
                record: SetRecord) -> AnalysisThread | None:
        """Measure the video off the main thread, with a progress bar that can cancel it; the reps go with ``record``."""
        if self.analysis is not None:
            self._say("A video is being measured already: wait for it, or cancel it.")
            return None
        path = Path(path)
        planned = _planned(session, record)  # so that a lowering too fast for the plan is flagged
        self.progress = progress = QProgressDialog(f"Measuring the reps in {path.name}…", "Cancel", 0, 0, self.view)
        progress.setWindowTitle("Measuring a filmed set")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self.analysis = thread = AnalysisThread(path, box, planned, self.view)
        length = stated_length(path)
        if length:
            progress.setMaximum(round(length * 10))
        thread.progressed.connect(lambda at: progress.setValue(min(round(at * 10), progress.maximum() - 1))
                                  if progress.maximum() else None)
        progress.canceled.connect(thread.cancel)
        thread.measured.connect(lambda analysis: self._measured(analysis, path, box, session, record))
        thread.failed.connect(lambda message: self._say(f"Could not measure that video: {_sentence(message)} The set is as it was."))
        thread.cancelled.connect(lambda: self._say(f"Measuring {path.name} was cancelled; the set is as it was."))
        thread.finished.connect(self._analysis_ended)
        progress.show()
        self.busy_changed.emit()
        thread.start()
        return thread

    def _analysis_ended(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if self.analysis is not None:
            self.analysis.wait()
            self.analysis.deleteLater()
            self.analysis = None
        self.busy_changed.emit()

    def _measured(self, analysis, path: Path, box: tuple[int, int, int, int], session: SessionRecord,
                  record: SetRecord) -> None:
        if not analysis.reps:
            self._say(f"No reps were found in {path.name}. Is the box around the hip, and the whole set filmed "
                      "from the side with the camera still? The set is as it was.")
            return
        store = self.view.store
        if store.history.find(session.id) is not session:
            self._say(f"The session was deleted or reloaded while {path.name} was measured; nothing was saved.")
            return
        replaced = record.measured.video if record.measured is not None else None
        record.measured = MeasuredSet(
            video=path.name, box=Box(*box), analysed_at=dt.datetime.now(dt.UTC).astimezone(), reps=analysis.reps,
            planned_lower=_planned(session, record),
            frames=analysis.frames, fps=analysis.fps,
        )
        what = f"Set {record.number}: {flags_text(analysis.reps)} in {path.name}"
        if replaced:
            what += f" (in place of {replaced})"
        try:
            store.save(session)  # the history announces the change: the table and the charts follow
        except SaveError as error:
            store.history.replace(session)  # changed in memory all the same: announced the one way
            self._say(f"{what}. {error}. It is kept on screen; attach the video again to retry saving.")
        else:
            self._say(f"{what}. Saved with the session.")
        detail = self.view.detail
        if detail.session is session:
            detail.show_session(session)
            detail.select_set(record)

    def ask_and_attach(self) -> None:
        """The file dialog is modal: kept thin, so that tests call :meth:`attach_video` directly."""
        if self.view.detail.selected_set() is None:
            self._say("Pick the set the video shows first (click its row), then attach the video.")
            return
        path, _ = QFileDialog.getOpenFileName(self.view, "Attach a filmed set", str(Path.home()), VIDEO_FILTER)
        if path:
            self.attach_video(path)


    # ----------------------------------------------------------------- watched back

    def ask_and_watch(self) -> None:
        """Ask where the chosen set's video is (only its name is kept), then play it with its reps."""
        record = self.view.detail.selected_set()
        if record is None or record.measured is None:
            self._say("Pick a set with a filmed set attached (click its row), then watch it.")
            return
        path, _ = QFileDialog.getOpenFileName(self.view, f"Where is {record.measured.video}?",
                                              str(Path.home() / record.measured.video), VIDEO_FILTER)
        if path:
            self.watch_video(path, record)

    def watch_video(self, path: str | Path, record: SetRecord | None = None) -> ReplayDialog | None:
        """Read the video again into memory and play it with the set's measured reps on the timeline."""
        from gymtimer.ui.replay import open_replay
        from gymtimer.vision.frames import VideoError
        from gymtimer.vision.replay import SetReplay, film_of_video, timeline

        path = Path(path)
        record = record or self.view.detail.selected_set()
        if record is None or record.measured is None:
            self._say("Pick a set with a filmed set attached (click its row), then watch it.")
            return None
        if not path.is_file():
            self._say(f"Could not play that video: {path.name} is not there (moved, or on a drive not plugged in?).")
            return None
        self.view.setCursor(Qt.CursorShape.WaitCursor)
        try:
            film = film_of_video(path)
        except VideoError as error:
            self._say(f"Could not play that video: {_sentence(str(error).replace(str(path), path.name))}")
            return None
        finally:
            self.view.unsetCursor()
        measured = record.measured
        title = f"Set {record.number} · {path.name}"
        if path.name != measured.video:
            title += f" (measured from {measured.video})"
        replay = SetReplay(film, timeline(measured.reps, measured.planned_lower), title)
        return open_replay(self.view, replay)


def _planned(session: SessionRecord, record: SetRecord) -> float | None:
    """The plan's lowering for ``record``, against which a measured lowering is too fast."""
    for exercise in session.exercises:
        if any(r is record for r in exercise.sets):
            return exercise.plan.tempo.lower or None
    return None


def _sentence(text: str) -> str:
    """A message with a full stop at its end (its first word may be a file name: left as it is)."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."
