"""The frozen app starts, plays cues the sound server hears, saves a session, coaches a watched workout through a
clip standing in for the camera, exits 0, and measures a filmed set."""

from __future__ import annotations

import pytest

from tests.helpers.real_parts import need_program

import smoke_test  # packaging/smoke_test.py (packaging/ is on the tests' import path)


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.audio
def test_frozen_app_passes_its_self_test_and_is_heard():
    need_program("pulseaudio", "pactl", "parec")
    pytest.importorskip("PyInstaller")

    result = smoke_test.run()

    assert result.problems == []
    assert result.report["frozen"] is True
    assert result.report["reps"] == 2
    # The real window, driver and cue engine: a tone a phase, then "workout done" when the last lowering ends.
    assert result.report["cues_in_order"] == ["sounds/lift.wav", "sounds/squeeze.wav", "sounds/lower.wav"] * 2 + [
        "sounds/workout_done.wav"]
    assert len(result.cue_onsets) == result.report["cues_played"] == 7
    phase = result.report["phase_seconds"]
    intervals = [b - a for a, b in zip(result.cue_onsets, result.cue_onsets[1:])]
    # One cue per phase, on time from the second on (the first, at Start, is played at once: a key press's latency).
    assert all(abs(gap - phase) < 0.1 for gap in intervals[1:]), intervals
    # The watched workout: OpenCV inside the bundle watched the clip as a camera; both paced reps were seen, the
    # second lowered in 0.8 s of the planned 2 s, flagged in the session file and told "slower" once.
    assert result.report["opencv"]["in_bundle"] is True
    assert result.watched == {"watched": True, "paced": 2, "seen": 2, "flags": [False, True],
                              "lowered": result.watched["lowered"]}
    assert result.watched["lowered"][1] == pytest.approx(0.8, abs=0.15)
    assert result.report["camera_reps_seen"] == 2 and result.report["camera_flags"] == [False, True]
    camera = result.heard[len(result.cue_onsets):]
    assert camera == result.report["camera_cues"] and camera.count("sounds/slower.wav") == 1, result.heard
    assert camera.index("sounds/slower.wav") > [i for i, clip in enumerate(camera) if clip == "sounds/lower.wav"][-1]
    # The frozen app measured the rendered two-rep clip (OpenCV inside the bundle); the second lowering too fast.
    assert [rep["lowering_too_fast"] for rep in result.analysis["reps"]] == [False, True]


def test_cue_detection_finds_each_tone_and_its_time():
    rate = smoke_test.RATE
    samples = [0] * rate
    for start in (0.2, 0.5):  # two 60 ms tones of amplitude 0.5
        first = int(start * rate)
        for i in range(int(0.06 * rate)):
            samples[first + i] = 16000 if i % 2 else -16000

    onsets = smoke_test.find_cues(samples)

    assert [round(t, 2) for t in onsets] == [0.2, 0.5]


def test_cue_detection_hears_nothing_in_quiet_hiss():

    assert smoke_test.find_cues([300, -300] * smoke_test.RATE) == []


PACED = ["sounds/lift.wav", "sounds/squeeze.wav", "sounds/lower.wav"] * 2 + ["sounds/workout_done.wav"]
WATCHED = ["sounds/resume.wav", "sounds/countdown.wav", "sounds/lift.wav", "sounds/squeeze.wav", "sounds/lower.wav",
           "sounds/bottom.wav", "sounds/lift.wav", "sounds/squeeze.wav", "sounds/lower.wav", "sounds/slower.wav",
           "sounds/workout_done.wav"]


def cue_report(camera):
    return {"cues_played": 7, "phase_seconds": 0.4, "cues_in_order": PACED, "camera_cues": camera}


def test_cue_check_takes_the_paced_cues_first_and_wants_slower_heard_once():
    onsets = [1.0 + 0.4 * i for i in range(7)] + [5.0 + i for i in range(len(WATCHED))]

    passed = smoke_test.SmokeResult()
    assert smoke_test.check_cues(cue_report(WATCHED), onsets, PACED + WATCHED, passed) == []
    assert passed.cue_onsets == onsets[:7] and passed.heard == PACED + WATCHED

    without = [clip for clip in WATCHED if clip != "sounds/slower.wav"]
    problems = smoke_test.check_cues(cue_report(without), onsets[:-1], PACED + without, smoke_test.SmokeResult())
    assert problems and "slower" in problems[0]
    # Played but not heard whole (cut, or drowned by another cue): the recording is what counts.
    problems = smoke_test.check_cues(cue_report(WATCHED), onsets, PACED + without, smoke_test.SmokeResult())
    assert problems and problems[0].startswith("The cues heard are not those played")


def test_watched_check_reads_the_session_file_and_wants_the_second_rep_flagged(tmp_path):
    from gymtimer.core.plan import Plan
    from gymtimer.core.reps import MeasuredRep
    from gymtimer.core.tempo import Tempo
    from gymtimer.core.workout import Workout
    from gymtimer.store.sessions import SessionStore

    plan = Plan(tempo=Tempo.parse("2-0.5-1-0.5"), sets=1, reps=2, lead_in=0.0, switch_pause=0.0, rest=0.0)
    workout = Workout(plan, origin=0.0, watched=True)
    workout.start(0.0)
    for number, lower in enumerate((1.9, 1.9)):  # both lowered on time: the clip's truth says the second was not
        start = 4.0 * number
        rep = MeasuredRep(start=start, lift=1.0, top=0.5, lower=lower, bottom=0.5, range=60.0, complete=True,
                          lowering_too_fast=False)
        workout.rep_seen(start + 3.6, rep)
    workout.advance(9.5)
    store = SessionStore(tmp_path)
    session = store.new_session()
    session.exercises.append(workout.record)
    saved = store.save(session)  # where the self-test's session keeper saved it, and the report says so
    truth = {"reps": [{"lowering_too_fast": False}, {"lowering_too_fast": True}]}
    report = {"camera_flags": [False, False], "opencv": {"loaded": True, "in_bundle": True},
              "camera_session_file": str(saved)}

    result = smoke_test.SmokeResult()
    problems = smoke_test.check_watched(tmp_path, report, truth, result)

    assert result.watched["seen"] == 2 and result.watched["flags"] == [False, False]
    assert problems == ["The watched set's reps are flagged [False, False], the clip's truth [False, True]"]
    problems = smoke_test.check_watched(tmp_path, {**report, "opencv": {"loaded": True, "in_bundle": False}},
                                        {"reps": [{"lowering_too_fast": False}] * 2}, smoke_test.SmokeResult())
    assert problems and problems[0].startswith("OpenCV was not loaded from inside the bundle")
    assert smoke_test.check_watched(tmp_path / "none", report, truth, smoke_test.SmokeResult())[0].startswith(
        "No session of the watched workout")
