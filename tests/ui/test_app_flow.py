"""The window with its real stores: every rep on disk, suggestions, history, one copy at a time."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt

from gymtimer.core.presets import find_preset
from gymtimer.core.units import Unit
from gymtimer.live.driver import WorkoutDriver
from gymtimer.store import paths, session_files
from gymtimer.store.sessions import SessionStore
from gymtimer.ui.main_window import MainWindow
from tests.helpers.driving import tick

ROOT = Path(__file__).resolve().parents[2]


def session_on_disk(data_dir):
    files = sorted((data_dir / "sessions").glob("*.json"))
    assert len(files) == 1, files
    return session_files.decode(files[0].read_bytes())


def test_every_rep_is_on_disk_as_soon_as_it_is_counted(window, qtbot, clock, data_dir):
    window.prepare_exercise(find_preset("Barbell hip thrust 3×5, 5 s squeeze"), 100, Unit.KG)
    qtbot.keyClick(window.workout_view, Qt.Key.Key_Space)
    for reps in range(1, 4):
        tick(window, clock, 8.0 if reps > 1 else 13.0)
        on_disk = session_on_disk(data_dir)
        assert on_disk.done() == reps
        assert on_disk.exercises[0].sets[0].load == 100 and on_disk.exercises[0].sets[0].unit is Unit.KG
    qtbot.keyClick(window.workout_view, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: session_on_disk(data_dir).done() == 2, timeout=1000)  # the next turn of the loop


def test_finished_session_joins_the_history_and_drives_the_next_suggestion(window, qtbot, clock, data_dir):
    preset = find_preset("Barbell hip thrust 3×5, 5 s squeeze")
    window.prepare_exercise(preset, 100, Unit.KG)
    qtbot.keyClick(window.workout_view, Qt.Key.Key_Space)
    tick(window, clock, 3 * 45.0 + 2 * 120.0 + 1)
    assert window.current_page() is window.summary_page
    qtbot.keyClick(window.summary_page, Qt.Key.Key_Return)  # finish the session
    assert window.current_page() is window.setup_page
    saved = session_on_disk(data_dir)
    assert saved.ended_at is not None and saved.done() == 15
    assert window.setup_page.suggestion().load == 102.5
    qtbot.keyClick(window.setup_page, Qt.Key.Key_A)
    assert window.setup_page.load() == 102.5
    window.show_history()
    assert window.current_page() is window.history_page
    assert [s.id for s in window.history_page.sessions()] == [saved.id]


def test_a_damaged_file_is_named_on_the_setup_page_and_kept(qtbot, clock, data_dir):
    folder = data_dir / "sessions"
    folder.mkdir(parents=True)
    (folder / "2026-01-01T10-00-00Z_broken.json").write_bytes(b'{"schema_version": 1, "id": ')
    store = SessionStore()
    win = MainWindow(driver=WorkoutDriver(clock=clock), sessions=store)
    qtbot.addWidget(win)
    win.set_history(store.load_all())
    assert any("could not be read" in n for n in win.setup_notices())
    kept = list((data_dir / "quarantine").rglob("2026-01-01T10-00-00Z_broken.json"))
    assert kept and kept[0].read_bytes() == b'{"schema_version": 1, "id": '


def test_a_second_copy_says_the_first_is_running(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    first = subprocess.Popen([sys.executable, "-m", "gymtimer", "--data-dir", str(tmp_path)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        lock = paths.lock_file(tmp_path)
        for _ in range(200):
            if lock.exists():
                break
            time.sleep(0.05)  # a real process starting: nothing to fake here
        assert lock.exists(), "the first copy took the lock"
        second = subprocess.run([sys.executable, "-m", "gymtimer", "--data-dir", str(tmp_path), "--startup-probe"],
                                env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 1
        assert second.stderr == (f"gymtimer: GymTimer is already running (process {first.pid} on {socket.gethostname()}). "
                                 "Switch to that window, or close it first: two copies would both write the same "
                                 "sessions.\n")
    finally:
        first.terminate()
        first.wait(timeout=30)


def test_the_app_opens_on_the_setup_page_or_on_the_preset_asked_for(tmp_path):
    """The real process, as a lifter starts it: the first painted screen is the one it should be."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    plain = subprocess.run([sys.executable, "-m", "gymtimer", "--data-dir", str(tmp_path), "--startup-probe"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert plain.returncode == 0, plain.stderr
    assert "page=SetupPage" in plain.stdout
    assert "maximized=True" in plain.stdout, "on a 1366×768 screen it opens maximized: nothing below the edge"
    preset = subprocess.run([sys.executable, "-m", "gymtimer", "--data-dir", str(tmp_path), "--startup-probe",
                             "--preset", "Bodyweight hip thrust"], env=env, capture_output=True, text=True, timeout=60)
    assert preset.returncode == 0, preset.stderr
    assert "page=WorkoutView" in preset.stdout
    # Building PySide6's Qt namespace costs 17 ms: the workout screen is painted without it.
    assert "qt_namespace=False" in preset.stdout
    assert "collector=True" in preset.stdout, "the garbage collector, off while start-up builds, is back on"


def test_command_line_help_and_version():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    version = subprocess.run([sys.executable, "-m", "gymtimer", "--version"], env=env, capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("GymTimer ")
    usage = subprocess.run([sys.executable, "-m", "gymtimer", "--help"], env=env, capture_output=True, text=True)
    for option in ("--preset", "--fullscreen", "--data-dir"):
        assert option in usage.stdout
    wrong = subprocess.run([sys.executable, "-m", "gymtimer", "--preset", "nope", "--startup-probe"],
                           env={**env, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 2 and "Bodyweight hip thrust" in wrong.stderr
    heavy = subprocess.run([sys.executable, "-m", "gymtimer", "--preset", "Bodyweight hip thrust", "--load", "-5",
                            "--startup-probe"], env={**env, "QT_QPA_PLATFORM": "offscreen"},
                           capture_output=True, text=True, timeout=60)
    assert heavy.returncode == 2 and "Traceback" not in heavy.stderr
    assert "Load must be between 0 and" in heavy.stderr
    alone = subprocess.run([sys.executable, "-m", "gymtimer", "--load", "40"], env=env, capture_output=True, text=True)
    assert alone.returncode == 2 and "name the preset too" in alone.stderr


def test_sound_settings_are_kept_and_m_mutes_the_engine(window, qtbot, data_dir):
    from gymtimer.cues.engine import CueEngine
    from gymtimer.cues.settings import CueSettings, Scheme
    from gymtimer.store.settings import SettingsStore

    engine = CueEngine(parent=window)  # not started: no sound device is opened by this test
    window.sound_control.attach(engine)
    page = window.setup_page
    page.choose_sound(CueSettings(scheme=Scheme.BOTH, volume=0.35))
    assert engine.settings.scheme is Scheme.BOTH and engine.settings.volume == 0.35
    assert SettingsStore().other_setting("sound") == {"scheme": "both", "volume": 0.35, "lowering_ticks": True}
    window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)
    qtbot.keyClick(window.workout_view, Qt.Key.Key_M)
    assert engine.muted
    again = MainWindow(driver=WorkoutDriver())
    qtbot.addWidget(again)
    assert again.sound_control.current.scheme is Scheme.BOTH and again.sound_control.current.volume == 0.35


def test_a_session_that_cannot_be_saved_is_offered_another_folder_on_quit(qtbot, clock, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from tests.helpers.disks import TmpfsDisk

    disk = TmpfsDisk.mount(tmp_path / "full-disk")
    if disk is None:
        import pytest

        pytest.skip("needs root and mount for a real full disk; tests/store covers it with injected faults")
    try:
        window = MainWindow(driver=WorkoutDriver(clock=clock), sessions=SessionStore(disk.mountpoint))
        qtbot.addWidget(window)
        window.show_setup()
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        disk.fill()
        window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)
        qtbot.keyClick(window.workout_view, Qt.Key.Key_Space)
        tick(window, clock, 12.0)
        assert window.keeper.workout.record.done() == 1, "the workout goes on"
        assert any("disk is full" in n for n in window.workout_view.notices())  # in full behind the status line
        assert any("disk is full" in n and "offers another folder" in n for n in window.setup_notices()), \
            "the setup page, seen after the workout, says what happens to the session then"
        elsewhere = tmp_path / "usb-stick"
        elsewhere.mkdir()
        # The two modal dialogs are answered as a lifter would; they cannot be clicked in this test.
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Save)
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(elsewhere))
        window.close()
        saved = list(elsewhere.glob("*.json"))
        assert len(saved) == 1 and session_files.decode(saved[0].read_bytes()).done() == 1
    finally:
        disk.unmount()


def test_the_progression_increment_is_a_setting_the_suggestion_follows(window, qtbot, clock):
    from gymtimer.store.settings import SettingsStore

    preset = find_preset("Barbell hip thrust 3×5, 5 s squeeze")
    window.prepare_exercise(preset, 100, Unit.KG)
    qtbot.keyClick(window.workout_view, Qt.Key.Key_Space)
    tick(window, clock, 3 * 45.0 + 2 * 120.0 + 1)
    qtbot.keyClick(window.summary_page, Qt.Key.Key_Return)
    assert window.setup_page.suggestion().load == 102.5
    window.setup_page.choose_increment(5.0)
    assert SettingsStore().increments().kg == 5.0
    assert window.setup_page.suggestion().load == 105.0


def test_the_lifters_sound_choice_survives_a_restart_and_a_preset_pick(window, qtbot):
    import msgspec

    from gymtimer.cues.settings import Scheme

    page = window.setup_page
    page.choose_sound(msgspec.structs.replace(page.sound(), scheme=Scheme.VOICE))
    page.choose_preset("Eccentric single-leg hip thrust")
    assert window.sound_control.current.scheme is Scheme.VOICE, "a built-in keeps the lifter's own choice"
    again = MainWindow(driver=WorkoutDriver())
    qtbot.addWidget(again)
    again.show_setup()
    assert again.sound_control.current.scheme is Scheme.VOICE
    assert again.setup_page.sound().scheme is Scheme.VOICE


def test_a_note_typed_then_enter_reaches_the_file(window, qtbot, clock, data_dir):
    window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)
    qtbot.keyClick(window.workout_view, Qt.Key.Key_Space)
    tick(window, clock, 12.0)
    window.driver.abandon()
    assert window.current_page() is window.summary_page
    window.summary_page.note_edit.setFocus()
    qtbot.keyClicks(window.summary_page.note_edit, "knees caved on 3")
    qtbot.keyClick(window.summary_page.note_edit, Qt.Key.Key_Return)
    assert window.current_page() is window.setup_page
    assert session_on_disk(data_dir).exercises[0].sets[-1].note == "knees caved on 3"


def test_each_session_gets_its_own_file(window, qtbot, clock, data_dir):
    for _ in range(2):
        window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)
        qtbot.keyClick(window.workout_view, Qt.Key.Key_Space)
        tick(window, clock, 12.0)
        window.driver.abandon()
        qtbot.keyClick(window.summary_page, Qt.Key.Key_Return)
        clock.advance(5)
    files = sorted((data_dir / "sessions").glob("*.json"))
    assert len(files) == 2
    assert [session_files.decode(f.read_bytes()).done() for f in files] == [1, 1]


def test_a_workout_ended_before_any_rep_is_not_kept_in_the_history(window, qtbot, clock, data_dir):
    window.setup_page.choose_preset("Bodyweight hip thrust")
    qtbot.keyClick(window.current_page(), Qt.Key.Key_Space)
    tick(window, clock, 2.0)  # in the lead-in
    for _ in range(2):  # Esc twice between sets ends the workout
        qtbot.keyClick(window.workout_view, Qt.Key.Key_Escape)
    tick(window, clock, 0.5)
    assert window.current_page() is window.summary_page
    window.finish_session()
    assert window.history == []
    assert list((data_dir / "sessions").glob("*.json")) == []
    assert len(list((data_dir / "trash").rglob("*.json"))) == 1, "moved to the trash, not deleted"


def test_a_session_with_one_rep_is_kept(window, qtbot, clock, data_dir):
    window.setup_page.choose_preset("Bodyweight hip thrust")
    qtbot.keyClick(window.current_page(), Qt.Key.Key_Space)
    tick(window, clock, 5.0 + 8.5)  # the lead-in and one whole rep
    assert window.keeper.workout.record.done() == 1
    for _ in range(3):
        qtbot.keyClick(window.workout_view, Qt.Key.Key_Escape)
        tick(window, clock, 0.5)
    window.finish_session()
    assert len(window.history) == 1
    assert len(list((data_dir / "sessions").glob("*.json"))) == 1


def _lift_one_session(window, qtbot, clock):
    """3×5 at 100 kg, every rep on target, finished: the setup page then suggests 102.5 kg."""
    window.prepare_exercise(find_preset("Barbell hip thrust 3×5, 5 s squeeze"), 100, Unit.KG)
    qtbot.keyClick(window.workout_view, Qt.Key.Key_Space)
    tick(window, clock, 3 * 45.0 + 2 * 120.0 + 1)
    qtbot.keyClick(window.summary_page, Qt.Key.Key_Return)
    assert window.setup_page.suggestion().load == 102.5


def test_deleting_the_only_session_in_history_takes_its_suggestion_away(window, qtbot, clock, data_dir):
    _lift_one_session(window, qtbot, clock)
    window.show_history()
    view = window.history_page.sessions_view
    view.select_session(window.history[0].id)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.keyClick(window.history_page, Qt.Key.Key_Escape)
    assert window.current_page() is window.setup_page
    assert window.history == []
    assert window.setup_page.suggestion() is None, "no suggestion from a deleted session"

    window.show_history()
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)  # undo: it is back
    qtbot.keyClick(window.history_page, Qt.Key.Key_Escape)
    assert window.setup_page.suggestion().load == 102.5


def test_imported_sessions_reach_the_load_suggestions(window, qtbot, clock, data_dir, tmp_path):
    _lift_one_session(window, qtbot, clock)
    lifted = sorted((data_dir / "sessions").glob("*.json"))[0]
    elsewhere = tmp_path / "from-another-computer.json"
    elsewhere.write_bytes(lifted.read_bytes())
    window.show_history()
    view = window.history_page.sessions_view
    view.select_session(window.history[0].id)
    view.delete_selected()
    view.undo_stack.clear()  # the trashed file stays in the trash: only the import brings it back
    qtbot.keyClick(window.history_page, Qt.Key.Key_Escape)
    assert window.setup_page.suggestion() is None

    window.show_history()
    result = view.import_files([elsewhere])
    assert len(result.imported) == 1
    assert view.table_model.rowCount() == 1
    qtbot.keyClick(window.history_page, Qt.Key.Key_Escape)
    assert window.setup_page.suggestion().load == 102.5
