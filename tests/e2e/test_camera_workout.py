"""A workout watched by the camera, as a lifter runs it: a real X server, real keys, a real sound server.

A rendered clip stands in for the camera (``GYMTIMER_TEST_CAMERA``: no webcam
exists here; the clip is played at its own frame times, as a camera gives
them). settings.json has the camera chosen with its box drawn, as the setup
page leaves it; the app starts with ``--preset``, Space starts the workout,
and the test reads what a lifter would: the session file, the sound at the
null sink, and the screen.

- Pacing: three paced reps, the second lowered in 1.2 s of the planned 3 s.
  The set counts the three reps seen, the second flagged; "slower" is heard;
  "SLOWER" is on the screen.
- Following: the lifter keeps their own time (long pauses at the bottom); the
  reps are recorded where the camera saw them, not on the metronome's
  schedule; after the third rep the hips stay still, racking is announced
  ("the set ends in 3…2…1") and the set ends by itself (the target was four).
- Following a lifter filmed with real-world faults (overshoot and sag at
  lockout, returns that stop short, a drifting bottom, the pelvis set higher
  before two lifts, motion blur, an exposure step, someone passing): every
  rep recorded, none SHORT, each where it was lifted; the rack ends the set.
- A dropout: the lifter lies still through paced rep 2 and the camera loses
  the picture for over a second near its end (the clip's timestamps jump, as
  a camera's do when it stalls). Rep 2 is not seen and not counted; the screen
  shows the seen rep's panel with no verdict ("NOT SEEN").
- Ahead: the lifter's reps are a second shorter than the metronome's, so the
  third begins two seconds early. Every rep is kept where it was lifted, the
  fast lowering of the second said on screen and heard, and kept in the file.
"""

from __future__ import annotations

import itertools
import json
import struct
import time
from pathlib import Path

import pytest

from gymtimer_dev.soundcheck import RATE, Recorder, find_onsets
from tests.helpers.real_app import App, grab
from tests.helpers.real_parts import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.audio, pytest.mark.slow]

PRESET = "Watched threes"
LEAD_IN = 3.0
TEMPO = {"lift": 1, "squeeze": 1, "lower": 3, "bottom": 1}  # 6 s a rep
REP = 6.0


def render_clip(folder: Path, name: str, reps, settle: float, tail: float, **faults):
    from gymtimer_dev.synthetic import SetSpec, render

    spec = SetSpec(name, "3-1-1-1", tuple(reps), settle=settle, tail=tail, bump_at=None, **faults)
    video, sidecar = render(spec, folder, width=640)
    return video, json.loads(sidecar.read_text())


def with_gap(video: Path, at: float, gap: float) -> None:
    """The clip's pictures after ``at`` seconds come ``gap`` seconds later (one longer sample in the MP4's
    time table, ``stts``): played as a camera, no picture comes for ``gap`` seconds, as when one stalls."""
    data = bytearray(video.read_bytes())

    def children(start: int, end: int):
        pos = start
        while pos < end:
            size, kind = struct.unpack(">I4s", data[pos:pos + 8])
            yield pos, size, kind.decode("latin-1")
            pos += size

    def child(parent: tuple[int, int], kind: str) -> tuple[int, int]:
        start, size = parent
        return next((pos, s) for pos, s, k in children(start + 8, start + size) if k == kind)

    top = {k: (pos, size) for pos, size, k in children(0, len(data))}
    assert top["moov"][0] > top["mdat"][0], "the time table comes after the pictures: no offset moves"
    moov = top["moov"]
    trak = child(moov, "trak")
    mdia = child(trak, "mdia")
    mdhd = child(mdia, "mdhd")
    (timescale,) = struct.unpack(">I", data[mdhd[0] + 20:mdhd[0] + 24])
    minf = child(mdia, "minf")
    stbl = child(minf, "stbl")
    stts = child(stbl, "stts")
    count, frames, delta = struct.unpack(">III", data[stts[0] + 12:stts[0] + 24])
    assert count == 1, "a clip rendered at a steady frame rate"
    k = int(at * timescale / delta)
    entries = [(k, delta), (1, delta + round(gap * timescale)), (frames - k - 1, delta)]
    box = struct.pack(">I4sII", 16 + 8 * len(entries), b"stts", 0, len(entries))
    box += b"".join(struct.pack(">II", n, d) for n, d in entries)
    grow = len(box) - stts[1]
    data[stts[0]:stts[0] + stts[1]] = box
    for pos, size in (moov, trak, mdia, minf, stbl):
        data[pos:pos + 4] = struct.pack(">I", size + grow)
    video.write_bytes(bytes(data))


def write_data(data: Path, clip: Path, box: list[int], *, reps: int, follow: bool) -> None:
    data.mkdir(parents=True, exist_ok=True)
    preset = {"name": PRESET, "variation": "barbell",
              "plan": {"tempo": TEMPO, "sets": 1, "reps": reps, "laterality": "both", "start_side": "left",
                       "lead_in": LEAD_IN, "switch_pause": 5.0, "rest": 30.0, "load": 60.0, "unit": "kg",
                       "replace_failed": False},
              "reminders": [], "builtin": False, "cue_tones": True, "cue_voice": False,
              "cue_lowering_ticks": False, "id": "named-watched-threes"}
    (data / "presets.json").write_text(json.dumps({"schema_version": 2, "presets": [preset]}))
    camera = f"Test camera ({clip.name})"
    (data / "settings.json").write_text(json.dumps({
        "schema_version": 3, "last_preset": PRESET, "sound": {"scheme": "tones", "volume": 1.0},
        "camera": {"chosen": camera, "follow": follow, "boxes": {camera: box}}}))


def seen_panel(image) -> int | None:
    """The seen rep's panel (black) in the screen's lower part: how many pixels of its verdict box (yellow)
    it holds; None when no panel shows."""
    from PySide6.QtGui import QColor

    from gymtimer.ui.seen_words import PANEL_COLOUR, VERDICT_BACKGROUND

    black, yellow = QColor(PANEL_COLOUR).rgb(), QColor(VERDICT_BACKGROUND).rgb()
    rows = range(image.height() * 2 // 3, image.height(), 4)
    panel = [y for y in rows if sum(image.pixel(x, y) == black for x in range(0, image.width(), 8))
             > image.width() // 8 // 3]
    if not panel:
        return None
    return sum(image.pixel(x, y) == yellow for y in range(panel[0], panel[-1], 2) for x in range(0, image.width(), 4))


def shows_a_verdict(image) -> bool:
    """The seen rep's panel with its verdict ("SLOWER", "SHORT") inside it."""
    yellow = seen_panel(image)
    return yellow is not None and yellow > 200


def shows_words_alone(image) -> bool:
    """The seen rep's panel with no verdict in it: "NOT SEEN" (a rep's seconds come after a rep seen)."""
    yellow = seen_panel(image)
    return yellow is not None and yellow < 20


def heard(recording) -> list[str]:
    from gymtimer.cues.mixer import load_clip
    from gymtimer.resources import resource_path

    folder = resource_path("sounds")
    tones = {f"sounds/{p.name}": load_clip(f"sounds/{p.name}", RATE) for p in sorted(folder.glob("*.wav"))}
    return [o.clip for o in find_onsets(recording.samples, tones) if o.match > 0.9]


def test_pacing_with_the_camera_counts_the_reps_seen_says_slower_and_shows_it(tmp_path, display, sound):
    from gymtimer_dev.synthetic import RepSpec

    on = RepSpec(lift=1.0, top=1.0, lower=3.0, bottom=1.0)
    fast = RepSpec(lift=1.0, top=1.0, lower=1.2, bottom=2.8)  # ends where the paced rep does
    clip, truth = render_clip(tmp_path / "clip", "paced", [on, fast, on], settle=LEAD_IN, tail=3.0)
    data = tmp_path / "data"
    write_data(data, clip, truth["box"], reps=3, follow=False)
    app = App(tmp_path, display, sound, clip, PRESET)
    recorder = None
    try:
        time.sleep(1.0)  # the cue engine opens its stream after the first paint
        recorder = Recorder(sound).start()
        app.key("space")
        started = time.monotonic()
        # Rep 2's lowering ends 12.2 s in; its words show for 3 s once it is measured.
        wait_for(lambda: time.monotonic() - started > 12.4, 20, "rep 2 lowered")
        seen_slower = False
        for k in range(6):
            if shows_a_verdict(grab(app.x, tmp_path / f"screen-{k}.png")):
                seen_slower = True
                break
        assert seen_slower, "SLOWER on the screen after the fast lowering"
        wait_for(lambda: (s := app.session()) is not None and s.exercises[0].sets
                 and s.exercises[0].sets[0].seen_count == 3, 25, "three reps seen and saved")
        time.sleep(2.0)  # the workout's last cues play out
        recording = recorder.stop()
        recorder = None
    finally:
        if recorder is not None:
            recorder.stop()
        app.close()
    (record,) = app.session().exercises[0].sets
    assert record.watched and (record.paced_count, record.seen_count, record.done()) == (3, 3, 3), app.log()
    assert [rep.seen.lowering_too_fast for rep in record.reps] == [False, True, False]
    assert record.reps[1].seen.lower == pytest.approx(1.2, abs=0.15)
    clips = heard(recording)
    assert clips.count("sounds/slower.wav") == 1, clips
    assert clips.count("sounds/lift.wav") == 3 and clips.count("sounds/lower.wav") == 3, clips



def follow_until_racked(tmp_path, display, sound, clip: Path, truth: dict, seconds: float):
    """One set of 4 in follow mode, watched through ``clip``, started with Space and left to end by itself (the
    lifter racks): (its one set as the session file keeps it, the app's log)."""
    write_data(tmp_path / "data", clip, truth["box"], reps=4, follow=True)
    app = App(tmp_path, display, sound, clip, PRESET)
    try:
        time.sleep(1.0)
        app.key("space")

        def racked():
            session = app.session()
            return session is not None and session.exercises[0].sets and session.exercises[0].sets[0].ended

        wait_for(racked, seconds, "the set ended by itself")
    finally:
        app.close()
    (record,) = app.session().exercises[0].sets
    return record, app.log()


def test_following_the_lifter_records_their_own_time_and_the_rack_ends_the_set(tmp_path, display, sound):
    from gymtimer_dev.synthetic import RepSpec

    reps = [RepSpec(lift=1.0, top=1.5, lower=3.0, bottom=3.0),  # slower than the metronome's 6 s a rep
            RepSpec(lift=1.2, top=1.0, lower=1.2, bottom=2.5),
            RepSpec(lift=1.0, top=1.0, lower=3.0, bottom=0.0)]
    clip, truth = render_clip(tmp_path / "clip", "followed", reps, settle=LEAD_IN + 1.0, tail=13.0)
    record, log = follow_until_racked(tmp_path, display, sound, clip, truth, 45)
    assert record.ended_early and (record.seen_count, record.done()) == (3, 3), log
    lifts = [rep.phases["lift"] for rep in record.reps]
    truths = [rep["start"] for rep in truth["reps"]]
    # The lifts are where the lifter lifted (8.5 s and then 5.9 s apart), not 6 s apart as paced.
    assert [b - a for a, b in itertools.pairwise(lifts)] == pytest.approx(
        [b - a for a, b in itertools.pairwise(truths)], abs=0.35)
    assert record.reps[1].seen.lowering_too_fast


def test_following_a_lifter_filmed_with_real_world_faults_records_each_rep_where_it_was_lifted(
        tmp_path, display, sound):
    from gymtimer_dev.synthetic import RepSpec

    # Lockouts that overshoot and sag, returns that stop short, a bottom that drifts, the pelvis set higher
    # and rested on before two lifts, motion blur, an exposure step, someone passing behind.
    reps = [RepSpec(lift=1.0, top=1.5, lower=3.0, bottom=2.0, overshoot=0.08, sag=0.06, short=0.05),
            RepSpec(lift=1.0, top=1.5, lower=3.0, bottom=3.0, overshoot=0.12, sag=0.04, short=0.1, preshift=0.12),
            RepSpec(lift=1.0, top=1.5, lower=3.0, bottom=0.0, sag=0.08, preshift=0.15)]
    clip, truth = render_clip(tmp_path / "clip", "followed_faults", reps, settle=LEAD_IN + 1.0, tail=13.0,
                              drift=0.03, blur=True, exposure=((9.0, 0.85),), passer_at=6.0)
    record, log = follow_until_racked(tmp_path, display, sound, clip, truth, 60)
    assert record.ended_early and (record.seen_count, record.done()) == (3, 3), log
    assert all(rep.seen.complete for rep in record.reps)  # no full rep called short
    lifts = [rep.phases["lift"] for rep in record.reps]
    labelled = [label["lift"] for label in truth["labels"]]  # where the lifter lifted, not the pelvis shifts
    assert [b - a for a, b in itertools.pairwise(lifts)] == pytest.approx(
        [b - a for a, b in itertools.pairwise(labelled)], abs=0.25)


def test_a_dropout_near_the_end_of_a_still_rep_does_not_count_it(tmp_path, display, sound):
    from gymtimer_dev.synthetic import RepSpec

    # Rep 1 on the metronome (3 to 9 s), then still at the bottom through paced rep 2 (9 to 15 s); no
    # picture from 11.5 s for 1.4 s; the lifter's second rep (14.4 s) goes with paced rep 3 (15 to 21 s).
    reps = [RepSpec(lift=1.0, top=1.0, lower=3.0, bottom=5.0), RepSpec(lift=1.0, top=1.0, lower=3.0, bottom=1.0)]
    clip, truth = render_clip(tmp_path / "clip", "dropout", reps, settle=LEAD_IN, tail=3.0)
    with_gap(clip, 11.5, 1.4)
    data = tmp_path / "data"
    write_data(data, clip, truth["box"], reps=3, follow=False)
    app = App(tmp_path, display, sound, clip, PRESET)
    try:
        time.sleep(1.0)
        app.key("space")
        started = time.monotonic()
        # Paced rep 2 is judged a second after its end (16 s): its word shows for 3 s.
        wait_for(lambda: time.monotonic() - started > 16.3, 25, "rep 2 judged")
        said = False
        for k in range(6):
            if shows_words_alone(grab(app.x, tmp_path / f"screen-{k}.png")):
                said = True
                break
        assert said, "NOT SEEN on the screen for the rep the camera watched and did not see"
        wait_for(lambda: (s := app.session()) is not None and s.exercises[0].sets
                 and s.exercises[0].sets[0].seen_count == 2, 25, "two reps seen and saved")
        wait_for(lambda: app.session().exercises[0].ended is not None, 10, "the workout over")
    finally:
        app.close()
    (record,) = app.session().exercises[0].sets
    assert [rep.seen is not None for rep in record.reps] == [True, False, True], app.log()
    assert [rep.not_seen for rep in record.reps] == [False, True, False]
    assert not any(rep.camera_away for rep in record.reps)
    assert record.done() == 2 and record.paced_count == 3


def test_a_lifter_ahead_of_the_metronome_keeps_every_rep_and_what_was_said(tmp_path, display, sound):
    from gymtimer_dev.synthetic import RepSpec

    # 5 s reps against the metronome's 6 s: the third begins 2 s before its paced rep; the second is
    # lowered in 1.2 s (its lowering ends at 11.2 s).
    reps = [RepSpec(lift=1.0, top=1.0, lower=3.0, bottom=0.0), RepSpec(lift=1.0, top=1.0, lower=1.2, bottom=1.8),
            RepSpec(lift=1.0, top=1.0, lower=3.0, bottom=0.0)]
    clip, truth = render_clip(tmp_path / "clip", "ahead", reps, settle=LEAD_IN, tail=4.0)
    data = tmp_path / "data"
    write_data(data, clip, truth["box"], reps=3, follow=False)
    app = App(tmp_path, display, sound, clip, PRESET)
    recorder = None
    try:
        time.sleep(1.0)
        recorder = Recorder(sound).start()
        app.key("space")
        started = time.monotonic()
        wait_for(lambda: time.monotonic() - started > 11.6, 20, "rep 2 lowered")
        said = False
        for k in range(6):
            if shows_a_verdict(grab(app.x, tmp_path / f"screen-{k}.png")):
                said = True
                break
        assert said, "SLOWER on the screen after the fast lowering"
        wait_for(lambda: (s := app.session()) is not None and s.exercises[0].sets
                 and s.exercises[0].sets[0].seen_count == 3, 25, "three reps seen and saved")
        time.sleep(2.0)
        recording = recorder.stop()
        recorder = None
    finally:
        if recorder is not None:
            recorder.stop()
        app.close()
    (record,) = app.session().exercises[0].sets
    assert (record.paced_count, record.seen_count, record.done(), record.not_seen()) == (3, 3, 3, 0), app.log()
    assert [rep.seen.lowering_too_fast for rep in record.reps] == [False, True, False]
    starts = [rep.seen.start for rep in record.reps]
    lifts = [rep.phases["lift"] for rep in record.reps]
    assert starts[2] - lifts[2] == pytest.approx(-2.0, abs=0.5)  # the third was lifted 2 s ahead
    assert heard(recording).count("sounds/slower.wav") == 1
