"""``gymtimer analyse`` helps find the box: ``--help`` says how, ``--size`` and ``--grid`` show the picture, and a
box that starts with a minus is read as a box (and refused for being outside the picture), not as an option."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from gymtimer.vision.cli import BOX_COLOUR, GRID_COLOUR, parse_args
from gymtimer.vision.frames import first_picture
from gymtimer_dev.synthetic import render

ROOT = Path(__file__).resolve().parents[2]


def gymtimer(*args, cwd=None):
    """The command as a lifter runs it, in a process of its own."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "gymtimer", *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=cwd)


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    video, sidecar = render("quick", tmp_path_factory.mktemp("clips"))
    truth = json.loads(sidecar.read_text())
    assert (truth["width"], truth["height"]) == (320, 240)
    return video, ",".join(str(v) for v in truth["box"])


def _refused(result) -> str:
    assert result.returncode == 2 and result.stdout == "", result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("gymtimer analyse: ")
    return result.stderr


@pytest.mark.parametrize("box", [["--box", "-10,10,50,50"], ["--box=-10,10,50,50"]], ids=["apart", "joined"])
def test_a_box_starting_left_of_the_picture_is_refused_for_that_not_as_an_option(clip, box):
    said = _refused(gymtimer("analyse", str(clip[0]), *box))

    assert "expected one argument" not in said
    assert "the box -10,10,50,50 is not inside the video's 320×240 picture" in said
    assert "it starts 10 px left of the picture's left edge" in said


def test_every_edge_the_box_leaves_is_named(clip):
    said = _refused(gymtimer("analyse", str(clip[0]), "--box", "-5,-7,40,300"))

    assert "starts 5 px left" in said and "starts 7 px above" in said
    assert "ends 53 px below the bottom edge (Y+H is 293, the picture 240 tall)" in said
    assert "right edge" not in said


@pytest.mark.parametrize("argv, box", [
    (["set.mp4", "--box", "-10,10,50,50"], (-10, 10, 50, 50)),
    (["set.mp4", "--box", "-.4,0,50,50", "--json"], (0, 0, 50, 50)),
    (["--box", "-3,-4,5,6", "set.mp4"], (-3, -4, 5, 6)),
])
def test_a_negative_box_is_read_wherever_it_stands(argv, box):
    args = parse_args(argv)
    assert args.box == box and args.video == "set.mp4"


def test_the_help_says_how_to_find_the_box():
    result = gymtimer("analyse", "--help")

    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "finding the box:" in text
    assert "gymtimer analyse VIDEO --size" in text and "gymtimer analyse VIDEO --grid first.png" in text
    assert "X,Y is its top-left corner" in text and "W,H its width and height" in text


def test_size_prints_the_pictures_size_and_needs_no_box(clip):
    video = str(clip[0])
    result = gymtimer("analyse", video, "--size")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{video}: 320×240 pixels (X from 0 to 319 across, Y from 0 to 239 down)"

    as_json = gymtimer("analyse", video, "--size", "--json")
    assert json.loads(as_json.stdout.splitlines()[-1]) == {"video": video, "width": 320, "height": 240}


def _is(pixel, colour) -> bool:
    return bool(np.all(np.abs(pixel.astype(int) - np.array(colour)) <= 8))


def test_grid_saves_the_first_frame_with_a_numbered_line_every_50_pixels(clip, tmp_path):
    video = clip[0]
    saved = tmp_path / "look" / "first.png"
    saved.parent.mkdir()
    result = gymtimer("analyse", str(video), "--grid", str(saved))

    assert result.returncode == 0, result.stderr
    assert f"{saved}: the first frame of {video} (320×240), a numbered line every 50 pixels" in result.stdout
    assert "Rep" not in result.stdout, "nothing measured"
    assert sorted(p.name for p in saved.parent.iterdir()) == ["first.png"], "nothing left beside it"
    grid, first = cv2.imread(str(saved)), first_picture(video)
    assert grid.shape == first.shape == (240, 320, 3)
    below_labels = slice(40, 240)
    for x in (50, 100, 150, 200, 250, 300):
        column = [grid[y, x] for y in range(30, 240) if y % 50 != 1]  # the across lines' black edges cross it
        assert all(_is(p, GRID_COLOUR) for p in column), f"the line at x={x}"
    for y in (50, 100, 150, 200):
        assert all(_is(grid[y, x], GRID_COLOUR) for x in range(40, 320) if x % 50 != 1), f"the line at y={y}"
    # Between the lines the picture is the first frame, untouched.
    for x in (45, 75, 130, 230):  # clear of the numbers at the left edge
        rows = [y for y in range(240)[below_labels] if y % 50 not in (0, 1)]
        assert np.array_equal(grid[rows, x], first[rows, x]), x
    # Each line's number on a black label at the top, right of the line: white text on black.
    label = grid[0:12, 103:120]
    assert (label.max(axis=2) < 30).any() and (label.min(axis=2) > 200).any()
    assert np.array_equal(grid[0:12, 78:98], first[0:12, 78:98]), "no label where there is no line"


def test_grid_with_a_box_draws_it_on_the_frame_in_yellow(clip, tmp_path):
    video, box = clip
    saved = tmp_path / "check.png"
    result = gymtimer("analyse", str(video), "--grid", str(saved), "--box", box)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("the box in yellow")
    grid = cv2.imread(str(saved))
    x, y, w, h = (int(v) for v in box.split(","))
    assert _is(grid[y, x + w // 2], BOX_COLOUR) and _is(grid[y + h - 1, x + w // 2], BOX_COLOUR)
    assert _is(grid[y + h // 2, x], BOX_COLOUR) and _is(grid[y + h // 2, x + w - 1], BOX_COLOUR)


def test_a_large_picture_gets_a_line_every_100_pixels(tmp_path):
    video = tmp_path / "phone.mp4"  # written by the test, into its own folder
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"mp4v"), 30.0, (1280, 720))
    for _ in range(3):
        writer.write(np.full((720, 1280, 3), 90, np.uint8))
    writer.release()
    saved = tmp_path / "grid.png"
    result = gymtimer("analyse", str(video), "--grid", str(saved), "--size")

    assert result.returncode == 0, result.stderr
    assert "1280×720 pixels" in result.stdout and "a numbered line every 100 pixels" in result.stdout
    grid = cv2.imread(str(saved))
    assert all(_is(grid[450, x], GRID_COLOUR) for x in range(100, 1280, 100))
    assert all(_is(grid[y, 640], GRID_COLOUR) for y in range(100, 720, 100))
    assert not _is(grid[450, 50], GRID_COLOUR) and not _is(grid[450, 650], GRID_COLOUR)
    assert not _is(grid[350, 640 + 50], GRID_COLOUR)


@pytest.mark.parametrize("where, words", [
    ("missing/first.png", "cannot write it"),
    ("first.jpg", "name a .png picture"),
])
def test_a_grid_that_cannot_be_saved_is_refused_and_nothing_is_written(clip, tmp_path, where, words):
    folder = tmp_path / "out"
    folder.mkdir()
    said = _refused(gymtimer("analyse", str(clip[0]), "--grid", where, cwd=folder))

    assert f"--grid {where}" in said and words in said
    assert list(folder.iterdir()) == []
