"""A single-leg set watched by the camera with the body model on, as a lifter runs it: the real app, real keys.

A rendered person (``figure="person"`` in dev/gymtimer_dev/synthetic.py: a
shaded lifter on a bench, seen from the side, their right side towards the
camera) stands in for the camera. settings.json has the camera chosen, the side
facing it said, and NO box: the body model finds the hips and places it. The
preset alternates legs (left, right, left, right); the lifter works the left leg
in every rep (the right foot held up), so the second rep is on the wrong leg,
and the third locks out with the hips above the shoulders.

The test reads what a lifter would: the session file (the reps seen, the leg
the camera saw working beside the scheduled side, each rep's lockout verdict)
and the screen (the wrong-leg words in the verdict's yellow box within rep 2,
the lockout fault after rep 3). The screen's words are told apart by the shape
of their ink (the width of a line of text against its height), matched against
the words the app can show.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tests.helpers.real_parts import need_body_model, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.audio, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
PRESET = "Single leg, watched"
LEAD_IN = 5.0  # the model is made, finds the lifter and places the box in it
TEMPO = {"lift": 1, "squeeze": 1, "lower": 2, "bottom": 1}  # 5 s a rep
#: Words the workout screen can show in the seen rep's panel, to tell a grab's lines apart.
WORDS = ("LEFT FOOT UP", "RIGHT FOOT UP", "LEFT LEG'S SET", "RIGHT LEG'S SET", "LEFT leg ✓", "RIGHT leg ✓",
         "LOWERED 1.9 s", "SLOWER", "SHORT", "NOT SEEN", "lockout ✓", "hips low",
         "over-extended — hips above the shoulders", "shins not vertical — move the feet", "knees not at 90°")


def render_person(folder: Path) -> tuple[Path, dict]:
    from gymtimer_dev.synthetic import RepSpec, SetSpec, render

    rep = {"lift": 1.0, "top": 1.0, "lower": 2.0, "bottom": 1.0, "raised": "right"}
    reps = (RepSpec(**rep), RepSpec(**rep), RepSpec(**rep, share=1.4), RepSpec(**rep))
    spec = SetSpec("person", "2-1-1-1", reps, settle=LEAD_IN, tail=3.0, bump_at=None, walker=False, figure="person")
    video, sidecar = render(spec, folder, width=640)
    return video, json.loads(sidecar.read_text())


def write_data(data: Path, clip: Path) -> None:
    data.mkdir(parents=True, exist_ok=True)
    preset = {"name": PRESET, "variation": "single_leg",
              "plan": {"tempo": TEMPO, "sets": 1, "reps": 2, "laterality": "alternating", "start_side": "left",
                       "lead_in": LEAD_IN, "switch_pause": 5.0, "rest": 30.0, "load": 0.0, "unit": "kg",
                       "replace_failed": False},
              "reminders": [], "builtin": False, "cue_tones": True, "cue_voice": False,
              "cue_lowering_ticks": False, "id": "named-single-leg-watched"}
    (data / "presets.json").write_text(json.dumps({"schema_version": 2, "presets": [preset]}))
    camera = f"Test camera ({clip.name})"
    (data / "settings.json").write_text(json.dumps({
        "schema_version": 3, "last_preset": PRESET, "sound": {"scheme": "tones", "volume": 1.0},
        "camera": {"chosen": camera, "follow": False, "boxes": {}, "facing": "right"}}))


def grab(env: dict, path: Path) -> None:
    code = ("from PySide6.QtGui import QGuiApplication; import sys; app = QGuiApplication(sys.argv[:1]); "
            f"app.primaryScreen().grabWindow(0).save({str(path)!r})")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=30)


def _ink(text: str) -> np.ndarray:
    """``text``'s ink, bold, as the panel draws it (the font the app gets here too), cut to its bounds (0-1)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter

    font = QFont()
    font.setBold(True)
    font.setPixelSize(120)
    width = QFontMetrics(font).horizontalAdvance(text) + 40
    image = QImage(width, 200, QImage.Format.Format_Grayscale8)
    image.fill(QColor("black"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(20, 150, text)
    painter.end()
    del Qt
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(200, image.bytesPerLine())[:, :width]
    return _cut(pixels > 100)


def _cut(ink: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero(ink)
    return ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1].astype(np.float32)


def _words(ink: np.ndarray) -> str:
    """The one of :data:`WORDS` whose ink, brought to the same size, overlaps ``ink`` best; "?" when none does well."""
    import cv2

    seen = _cut(ink)
    h, w = seen.shape

    def overlap(text: str) -> float:
        shape = _ink(text)
        if abs(shape.shape[1] / shape.shape[0] / (w / h) - 1) > 0.15:
            return 0.0
        drawn = cv2.resize(shape, (w, h), interpolation=cv2.INTER_AREA) > 0.5
        return float((drawn & (seen > 0)).sum() / max(1, (drawn | (seen > 0)).sum()))

    scores = sorted(((overlap(text), text) for text in WORDS), reverse=True)
    return scores[0][1] if scores[0][0] > 0.6 else "?"


def read_panel(path: Path) -> list[tuple[str, str]]:
    """The lines of the seen rep's panel in a screen grab, top to bottom, as (colour, words): "pill" for the
    verdict's yellow box, "white" or "yellow" for text on the black; each line's words the one of
    :data:`WORDS` whose ink matches (:func:`_words`), or "?"."""
    import cv2
    from PySide6.QtGui import QImage

    from gymtimer.ui.seen_words import BODY_FAULT_COLOUR, PANEL_COLOUR

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    pixels = pixels[:, :image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)

    def near(colour: str, tolerance: int) -> np.ndarray:
        rgb = np.array([int(colour[k:k + 2], 16) for k in (1, 3, 5)])
        return np.abs(pixels - rgb).sum(axis=2) <= tolerance

    # The panel: its bottom margin is black nearly across the screen; its left margin black all its height.
    black = near(PANEL_COLOUR, 6)
    wide = np.nonzero(black.sum(axis=1) > image.width() * 0.8)[0]
    wide = wide[wide > image.height() // 2]
    if not len(wide):
        return []
    bottom = wide[-1]
    left = int(np.argmax(black[bottom - 3]))
    right = image.width() - 1 - int(np.argmax(black[bottom - 3][::-1]))
    top = bottom
    while top > 0 and black[top - 1, left + 12]:
        top -= 1
    if bottom - top > image.height() * 0.4:  # not the panel alone (the screen flashing black)
        return []
    rgb = pixels[top:bottom + 1, left:right + 1]
    yellow = (np.abs(rgb - np.array([int(BODY_FAULT_COLOUR[k:k + 2], 16) for k in (1, 3, 5)])).sum(axis=2)
              <= 90).astype(np.uint8)
    lines: list[tuple[int, str, np.ndarray]] = []  # (top row, colour, ink)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(yellow)
    text_yellow = np.zeros(yellow.shape, bool)
    for k in range(1, count):
        x, y, w, h, area = stats[k]
        if h > 20 and w > 40 and area > 0.6 * w * h:  # the verdict's box: its dark words inside it
            inside = rgb[y + 3:y + h - 3, x + 10:x + w - 10].max(axis=2) < 110
            if inside.sum() > 30:
                lines.append((y, "pill", inside))
        else:
            text_yellow |= labels == k
    white = rgb.min(axis=2) > 150
    for colour, ink in (("white", white), ("yellow", text_yellow)):
        ink_rows = np.nonzero(ink.sum(axis=1) > 0)[0]
        if not len(ink_rows):
            continue
        start = previous = ink_rows[0]
        for y in [*ink_rows[1:], None]:
            if y is None or y - previous > 4:
                if ink[start:previous + 1].sum() > 30:
                    lines.append((start, colour, ink[start:previous + 1]))
                start = y
            previous = y
    return [(colour, _words(ink)) for _, colour, ink in sorted(lines, key=lambda line: line[0])]


class App:
    """The app in its own process on the private X server and sound server, the body model on."""

    def __init__(self, tmp_path: Path, display: str, sound, clip: Path) -> None:
        self.data = tmp_path / "data"
        self.env = {**os.environ, **sound.env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                    "PYTHONPATH": str(ROOT), "GYMTIMER_TEST_CAMERA": str(clip), "GYMTIMER_BODY_MODEL": "on"}
        self.env.pop("GYMTIMER_DATA_DIR", None)
        self.x = {k: v for k, v in self.env.items() if k != "PULSE_SERVER"}
        self.log_path = tmp_path / "app.log"
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen([sys.executable, "-m", "gymtimer", "--preset", PRESET,
                                         "--data-dir", str(self.data)],
                                        env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        self.window = wait_for(lambda: subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^GymTimer$"],
                                                      env=self.x, capture_output=True, text=True).stdout.split(),
                               30, "the window")[0]
        subprocess.run(["xdotool", "windowfocus", "--sync", self.window], env=self.x, check=True, timeout=10)

    def key(self, name: str) -> None:
        subprocess.run(["xdotool", "key", "--window", self.window, name], env=self.x, check=True, timeout=10)

    def session(self):
        from gymtimer.store import session_files as files

        found = sorted((self.data / "sessions").glob("*.json"))
        return files.decode(found[0].read_bytes()) if found else None

    def close(self) -> None:
        if self.process.poll() is None:
            self.key("ctrl+q")
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def test_the_body_model_places_the_box_names_the_working_leg_and_judges_each_lockout(tmp_path, display, sound, qapp):
    need_body_model()
    from gymtimer.core.body import LOCKOUT_OK, OVER_EXTENDED
    from gymtimer.core.plan import Side

    clip, truth = render_person(tmp_path / "clip")
    assert [rep["working"] for rep in truth["body"]] == ["left"] * 4
    assert [rep["lockout"] for rep in truth["body"]] == [LOCKOUT_OK, LOCKOUT_OK, OVER_EXTENDED, LOCKOUT_OK]
    write_data(tmp_path / "data", clip)
    app = App(tmp_path, display, sound, clip)
    grabs: list[tuple[float, Path]] = []
    try:
        time.sleep(1.0)  # the cue engine opens its stream after the first paint
        app.key("space")
        started = time.monotonic()

        def over() -> bool:
            session = app.session()
            return bool(session is not None and session.exercises[0].sets
                        and session.exercises[0].sets[0].seen_count == 4)

        # Paced: rep 2 from 10 s to 15 s, rep 3's words from its end (20 s) for 3 s.
        while not over():
            at = time.monotonic() - started
            assert at < 40, f"four reps seen and saved within 40 s\n{app.log()}"
            if 10.0 <= at <= 24.0:
                path = tmp_path / f"screen-{len(grabs):02}.png"
                grab(app.x, path)
                grabs.append((at, path))
            else:
                time.sleep(0.2)
    finally:
        app.close()
    (record,) = app.session().exercises[0].sets
    log = app.log()
    assert record.watched and record.seen_count == 4, log
    # The camera saw the left leg work in every rep, the right foot up; the schedule asked for the right in one.
    assert [rep.leg_seen for rep in record.reps] == [Side.LEFT] * 4, log
    assert Side.RIGHT in [rep.side for rep in record.reps], [rep.side for rep in record.reps]
    assert record.reps[1].side is Side.RIGHT
    # Each lockout as rendered: the third with the hips above the shoulders.
    assert [rep.lockout.verdict if rep.lockout else None for rep in record.reps] == [
        LOCKOUT_OK, LOCKOUT_OK, OVER_EXTENDED, LOCKOUT_OK], log
    assert record.reps[2].lockout.torso > 10.0
    # The screen: the wrong-leg words in the verdict's box within rep 2, the lockout fault in yellow after rep 3.
    read = [(at, path, read_panel(path)) for at, path in grabs]
    wrong_leg = [at for at, _, lines in read if ("pill", "RIGHT FOOT UP") in lines and at < 15.5]
    assert wrong_leg, [(round(at, 1), lines) for at, _, lines in read]
    fault = [at for at, _, lines in read if ("yellow", OVER_EXTENDED) in lines]
    assert fault and min(fault) > 19.0, [(round(at, 1), lines) for at, _, lines in read]
