"""The set kept to be watched back: in memory only, under its limit on a long set, saved only where the lifter says.

A rendered clip stands in for the camera (no camera exists on these machines).
"""

from __future__ import annotations

import json
import tracemalloc

import cv2
import numpy as np
import pytest

from gymtimer.core.camera_events import Finished, RepSeen
from gymtimer.core.reps import MeasuredRep
from gymtimer.core.tempo import Phase
from gymtimer.vision.frames import FrameSource, VideoError
from gymtimer.vision.live import LiveWatcher
from gymtimer.vision.replay import FILM_BYTES, FILM_FPS, FilmNotSaved, SetFilm, film_of_video, timeline
from gymtimer_dev.clock import FakeClock
from gymtimer_dev.synthetic import render
from tests.vision.test_live import drain

LIVE_FPS = 30.0


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    video, sidecar = render("quick", tmp_path_factory.mktemp("clips"))
    return video, json.loads(sidecar.read_text())


@pytest.fixture(scope="module")
def frames(quick):
    video, _truth = quick
    return [frame.grey for frame in FrameSource(video)]


def filmed(film: SetFilm, frames: list[np.ndarray], seconds: float, fps: float = LIVE_FPS, start: float = 0.0) -> None:
    """``seconds`` of a set at the camera's rate, the clip's frames over and over (each a little changed)."""
    film.begin()
    for i in range(round(seconds * fps)):
        grey = frames[i % len(frames)]
        film.keep(start + i / fps, grey if i % 2 else cv2.flip(grey, 1))
    film.end()


def test_a_ten_minute_set_at_the_live_rate_holds_under_its_limit_and_nothing_else(frames):
    film = SetFilm()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        filmed(film, frames, 600.0)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    held = film.bytes_held
    assert held == sum(len(film._jpegs[i]) for i in range(len(film)))  # what it says it holds is what it holds
    assert held <= FILM_BYTES and grown <= FILM_BYTES
    assert grown < held * 1.1 + 2_000_000, "only the JPEG frames stay in memory: no raw picture"
    assert len(film) == pytest.approx(600 * FILM_FPS, abs=2)  # 15 a second of the camera's 30
    assert film.start == 0.0 and film.end_time > 599.8
    print(f"10 minutes at {LIVE_FPS:g} fps: {len(film)} frames, {held / 1e6:.1f} MB held, {grown / 1e6:.1f} MB grown")


def test_past_its_budget_a_film_keeps_the_whole_set_at_a_lower_rate(frames):
    film = SetFilm(budget=2_000_000)
    filmed(film, frames, 600.0)
    times = film.times
    assert film.bytes_held <= 2_000_000
    assert times[0] == 0.0 and times[-1] > 590.0, "the whole set stays: its start and its end"
    gaps = np.diff(times)
    assert gaps.max() < 4 * np.median(gaps), "thinned evenly, not a hole in it"


def test_frames_are_kept_only_during_a_set_and_the_next_set_drops_the_last(frames):
    film = SetFilm()
    assert not film.keep(0.0, frames[0]), "not filming before a set"
    filmed(film, frames, 2.0)
    assert len(film) == 30 and not film.keep(5.0, frames[0]), "the set ended: nothing more kept"
    filmed(film, frames, 1.0, start=100.0)
    assert len(film) == 15 and film.start == 100.0, "the next set dropped the last one's frames"
    film.clear()
    assert len(film) == 0 and film.bytes_held == 0


def test_a_frame_is_shown_until_the_next_is_due(frames):
    film = SetFilm()
    filmed(film, frames, 1.0)
    assert film.index_at(-5.0) == 0 and film.index_at(0.1) == 1 and film.index_at(99.0) == len(film) - 1
    assert film.picture(1).shape == frames[0].shape


@pytest.mark.parametrize("suffix", [".mp4", ".avi"])
def test_a_saved_set_is_a_video_where_the_lifter_said_and_nothing_else(frames, tmp_path, suffix):
    tmp_path = tmp_path / "videos"
    tmp_path.mkdir()
    film = SetFilm()
    filmed(film, frames, 4.0)
    saved = film.save(tmp_path / f"my set{suffix}")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"my set{suffix}"], "no temporary file left"
    source = FrameSource(saved)
    read = list(source)
    assert len(read) == len(film) and read[0].grey.shape == frames[0].shape
    assert read[-1].time == pytest.approx(film.end_time - film.start, abs=0.1), "played back at the set's speed"


def test_bad_places_to_save_get_words_and_leave_nothing(frames, tmp_path):
    tmp_path = tmp_path / "videos"
    tmp_path.mkdir()
    film = SetFilm()
    with pytest.raises(FilmNotSaved, match="no picture of this set was kept"):
        film.save(tmp_path / "empty.mp4")
    filmed(film, frames, 1.0)
    with pytest.raises(FilmNotSaved, match=r"the folder .*nowhere does not exist"):
        film.save(tmp_path / "nowhere" / "set.mp4")
    with pytest.raises(FilmNotSaved, match="is a folder: give the video a file name"):
        (tmp_path / "a folder.mp4").mkdir()
        film.save(tmp_path / "a folder.mp4")
    with pytest.raises(FilmNotSaved, match=r"set\.mov: GymTimer saves a video as \.mp4 or \.avi"):
        film.save(tmp_path / "set.mov")
    with pytest.raises(FilmNotSaved, match="set: GymTimer saves a video as"):
        film.save(tmp_path / "set")
    assert [p.name for p in tmp_path.iterdir()] == ["a folder.mp4"]


def test_each_reps_phases_and_words_are_placed_where_they_happened():
    reps = [MeasuredRep(start=2.0, lift=1.0, top=1.0, lower=2.9, bottom=1.1, range=40.0),
            MeasuredRep(start=8.0, lift=0.9, top=1.2, lower=1.1, bottom=None, range=40.0),
            MeasuredRep(start=12.0, lift=0.5, top=0.0, lower=0.6, bottom=None, range=10.0, complete=False)]
    marks = timeline(reps, planned_lower=3.0, shift=100.0)
    assert [(m.rep, m.phase, round(m.start, 2), round(m.end, 2)) for m in marks.phases] == [
        (1, Phase.LIFT, 102.0, 103.0), (1, Phase.SQUEEZE, 103.0, 104.0), (1, Phase.LOWER, 104.0, 106.9),
        (1, Phase.BOTTOM, 106.9, 108.0),
        (2, Phase.LIFT, 108.0, 108.9), (2, Phase.SQUEEZE, 108.9, 110.1), (2, Phase.LOWER, 110.1, 111.2),
        (3, Phase.LIFT, 112.0, 112.5), (3, Phase.LOWER, 112.5, 113.1)]
    assert [(v.rep, round(v.at, 2), v.words, v.flagged) for v in marks.verdicts] == [
        (1, 106.9, "LOWERED 2.9 s", False), (2, 111.2, "LOWERED 1.1 s — SLOWER", True),
        (3, 113.1, "LOWERED 0.6 s — SHORT", True)]


def test_the_live_cameras_film_holds_every_rep_it_measured_and_the_timeline_marks_them(quick):
    """The clip as the camera, on a fake clock: the film kept beside the watcher covers each measured rep."""
    video, truth = quick
    film = SetFilm()
    film.begin()
    watcher = LiveWatcher(lambda: FrameSource(video), tuple(truth["box"]), planned_lower=3.0, clock=FakeClock(),
                          film=film)
    with watcher:
        events = drain(watcher)
    film.end()
    reps = [e.rep for e in events if isinstance(e, RepSeen)] or next(e for e in events if isinstance(e, Finished)).reps
    assert len(reps) == len(truth["reps"]) == 2
    marks = timeline(reps, planned_lower=3.0)
    lifts = [m for m in marks.phases if m.phase is Phase.LIFT]
    assert [m.start for m in lifts] == [rep.start for rep in reps]
    assert [v.at for v in marks.verdicts] == [rep.lowering_ends for rep in reps]
    assert [v.words.endswith("SLOWER") for v in marks.verdicts] == [False, True], "the fast lowering, where it was"
    assert film.start <= reps[0].start and film.end_time >= reps[-1].lowering_ends, "every rep is on film"
    for rep in reps:  # a frame within a frame's time of each rep's start and its lowering's end
        for at in (rep.start, rep.lowering_ends):
            assert abs(film.times[film.index_at(at)] - at) <= 1 / FILM_FPS + 1e-6


def test_a_filmed_set_is_read_again_from_its_file(quick, tmp_path):
    video, _truth = quick
    film = film_of_video(video)
    assert film.start == 0.0 and film.size is not None and film.size[0] <= 480
    assert film.end_time == pytest.approx(len(list(FrameSource(video))) / LIVE_FPS, abs=0.2)
    (tmp_path / "not a video.mp4").write_text("hello")
    with pytest.raises(VideoError, match="not a video GymTimer can read"):
        film_of_video(tmp_path / "not a video.mp4")
