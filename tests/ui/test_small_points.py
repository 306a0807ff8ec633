"""Small things a lifter notices: --help, preset names typed with an x, RPE as said, files others can read,
the empty Sessions tab, what "Test sound" did, Ctrl+Q in the keys overlay."""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtCore import Qt

from gymtimer.app import _parser, parse_args
from gymtimer.core.presets import BUILTIN_PRESETS, find_preset
from gymtimer.core.units import Unit


def test_help_lists_the_self_test_mode(capsys):
    with pytest.raises(SystemExit) as exit_:
        parse_args(["--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert "--self-test" in text and "--preset NAME" in text and "--data-dir" in text


def test_a_plain_start_has_the_command_lines_own_defaults_without_building_its_parser():
    """No argument (a lifter's launcher): the choices argparse would make, so the two can never drift apart."""
    assert vars(parse_args([])) == vars(_parser().parse_args([]))
    assert vars(parse_args(["--fullscreen"])) == {**vars(_parser().parse_args([])), "fullscreen": True}


@pytest.mark.parametrize("typed", ["Barbell hip thrust 3x5, 5 s squeeze", "barbell hip thrust 3X5,  5 s squeeze"])
def test_a_preset_name_may_be_typed_with_an_x_for_the_times_sign(typed):
    assert find_preset(typed) is BUILTIN_PRESETS[0]
    assert "×" in BUILTIN_PRESETS[0].name


def test_rpe_reads_as_the_lifter_says_it(window):
    box = window.summary_page.rpe_box
    box.setValue(8)
    assert box.lineEdit().text() == "8"
    box.setValue(8.5)
    assert box.lineEdit().text() == "8.5"
    box.setValue(0)
    assert box.lineEdit().text() == "not given"


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_exported_files_are_readable_by_other_programs(tmp_path, umask_022, qtbot):
    import datetime as dt

    from gymtimer.core.records import SessionRecord
    from gymtimer.store.export import export_csv
    from gymtimer.ui.charts import ChartsView
    from tests.ui.test_charts import _barbell

    session = SessionRecord(id="a", started_at=dt.datetime.now().astimezone() - dt.timedelta(days=1), app_version="t",
                            exercises=[_barbell(100, 5)])
    export_csv([session], tmp_path / "sets.csv")
    view = ChartsView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.set_sessions([session])
    view.show()
    png = view.export_png(tmp_path / "chart.png")
    for path in (tmp_path / "sets.csv", png):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path  # as any new file under umask 022


def test_the_empty_sessions_tab_says_there_are_no_sessions_yet(window, qtbot):
    window.show_history()
    view = window.current_page().sessions_view
    qtbot.waitUntil(view.empty_message.isVisible)
    assert view.empty_message.text().startswith("No sessions yet")
    assert not view.table.isVisible()


def test_test_sound_says_when_there_is_no_output(window, qtbot):
    assert window.sound_control.cues is None  # no sound engine attached: as when no output could be opened
    window.setup_page.test_sound()
    assert window.setup_page.sound_test_text().startswith("No sound output")


def test_test_sound_says_what_it_played_on_a_real_output(window, qtbot, sound_server):
    from gymtimer.cues.engine import CueEngine

    engine = CueEngine(parent=window)
    window.sound_control.attach(engine)
    engine.start()
    try:
        qtbot.waitUntil(lambda: engine.sound_working or engine.notice, timeout=5000)
        if not engine.sound_working:
            pytest.skip(f"no sound output here: {engine.notice}")
        window.setup_page.test_sound()
        assert window.setup_page.sound_test_text().startswith("Played the lift cue")
        window.sound_control.toggle_mute()
        window.setup_page.test_sound()
        assert window.setup_page.sound_test_text() == "Nothing played: the sound is muted (M)"
    finally:
        engine.close()


def test_the_keys_overlay_lists_ctrl_q(window, qtbot):
    window.prepare_exercise(find_preset("Bodyweight hip thrust"), 0, Unit.KG)
    qtbot.keyClick(window.current_page(), Qt.Key.Key_Question)
    overlay = window.workout_view.help_overlay
    assert overlay.isVisible()
    assert "Ctrl+Q" in overlay.text() and "Quit" in overlay.text()


def test_the_summary_says_one_rep_not_one_reps():
    from gymtimer.core.plan import Laterality
    from gymtimer.ui.summary_page import summary_lines
    from tests.helpers.lifted import lifted_session

    one_leg = lifted_session(laterality=Laterality.PER_LEG, sets=1, reps=1).exercises[0]
    assert "Left 1 rep · Right 1 rep" in summary_lines(one_leg)
    both = lifted_session(sets=1, reps=1).exercises[0]
    assert "1 rep" in summary_lines(both) and "1 reps" not in " ".join(summary_lines(both))
