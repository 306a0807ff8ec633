"""Synthesises the tone palette in ``gymtimer/assets/sounds/`` (run: ``python resources/make_sounds.py``).

Every cue differs from the others in pitch AND shape, so a lifter with the head
on the bench tells them apart without looking: a rising chirp lifts, a held
double tone squeezes, a falling glide lowers, a low thud marks the bottom.
Mono, 48 kHz, 16-bit, normalised to -1 dBFS peak so they carry over music.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 48_000
PEAK_DBFS = -1.0
FOLDER = Path(__file__).resolve().parent.parent / "gymtimer" / "assets" / "sounds"


def _time(seconds: float) -> np.ndarray:
    return np.arange(round(seconds * RATE)) / RATE


def _envelope(n: int, attack: float = 0.003, release: float = 0.02) -> np.ndarray:
    """Short linear attack and release: no click at either end, onset still sharp."""
    env = np.ones(n)
    a, r = max(1, int(attack * RATE)), max(1, int(release * RATE))
    env[:a] = np.linspace(0.0, 1.0, a, endpoint=False)
    env[-r:] = np.minimum(env[-r:], np.linspace(1.0, 0.0, r))
    return env


def _tone(freq: float, seconds: float, *, harmonics: float = 0.25, release: float = 0.02) -> np.ndarray:
    t = _time(seconds)
    wave_ = np.sin(2 * np.pi * freq * t) + harmonics * np.sin(2 * np.pi * 2 * freq * t)
    return wave_ * _envelope(len(t), release=release)


def _glide(start: float, end: float, seconds: float, *, harmonics: float = 0.25) -> np.ndarray:
    """A tone whose pitch moves exponentially from ``start`` to ``end`` Hz."""
    t = _time(seconds)
    freq = start * (end / start) ** (t / seconds)
    phase = 2 * np.pi * np.cumsum(freq) / RATE
    wave_ = np.sin(phase) + harmonics * np.sin(2 * phase)
    return wave_ * _envelope(len(t))


def _decaying(freq: float, seconds: float, decay: float, *, harmonics: float = 0.0) -> np.ndarray:
    t = _time(seconds)
    wave_ = np.sin(2 * np.pi * freq * t) + harmonics * np.sin(2 * np.pi * 2 * freq * t)
    return wave_ * np.exp(-t / decay) * _envelope(len(t), attack=0.001, release=0.01)


def _trembling(freq: float, seconds: float, rate: float, *, depth: float = 0.6) -> np.ndarray:
    """A held tone whose loudness wavers ``rate`` times a second: heard as 'slow', like no phase tone."""
    t = _time(seconds)
    wobble = 1.0 - depth * (0.5 - 0.5 * np.cos(2 * np.pi * rate * t))
    return _tone(freq, seconds, harmonics=0.5, release=0.06) * wobble


def _buzz(freq: float, seconds: float) -> np.ndarray:
    """A rough low buzz: a square-like wave (odd harmonics), so even small speakers sound it."""
    t = _time(seconds)
    wave_ = sum(np.sin(2 * np.pi * k * freq * t) / k for k in (1, 3, 5, 7, 9))
    return wave_ * _envelope(len(t), attack=0.002, release=0.01)


def _gap(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * RATE))


def _join(*parts: np.ndarray) -> np.ndarray:
    return np.concatenate(parts)


def palette() -> dict[str, np.ndarray]:
    """Name -> samples (floats, any level) of every tone cue."""
    return {
        # The four phase starts: distinct pitch and distinct shape.
        "lift": _glide(600, 1400, 0.16),
        "squeeze": _join(_tone(1000, 0.08), _gap(0.04), _tone(1000, 0.08)),
        "lower": _glide(900, 400, 0.25),
        "bottom": _decaying(180, 0.14, 0.05, harmonics=0.5),
        # One short woodblock-like click per second of the lowering.
        "tick": _decaying(2400, 0.03, 0.008),
        # Lead-in, side-switch and rest countdown: 3, 2, 1.
        "countdown": _tone(1320, 0.08, harmonics=0.1),
        "switch": _join(_tone(700, 0.07), _tone(1100, 0.07), _tone(700, 0.07), _tone(1100, 0.07)),
        "rest": _join(_tone(784, 0.12), _tone(659, 0.12), _tone(523, 0.2, release=0.08)),
        "rest_warning": _join(_tone(1760, 0.06), _gap(0.05), _tone(1760, 0.06), _gap(0.05), _tone(1760, 0.06)),
        "set_done": _join(_tone(523, 0.1), _tone(659, 0.1), _tone(784, 0.1), _tone(1047, 0.22, release=0.1)),
        "workout_done": _join(
            _tone(523, 0.14), _tone(659, 0.14), _tone(784, 0.14), _tone(1047, 0.5, release=0.3)
        ),
        # Lifter actions heard at once.
        "fail": _tone(220, 0.25, harmonics=0.8),
        "undo": _glide(1200, 800, 0.08),
        "pause": _join(_tone(880, 0.09), _tone(660, 0.12)),
        "resume": _join(_tone(660, 0.09), _tone(880, 0.12)),
        # What the camera saw, heard at once after a rep: unlike any phase tone and unlike each other.
        # "slower": a falling octave, legato, the second note held and trembling (slow down, stay down).
        "slower": _join(_tone(1175, 0.12, harmonics=0.5), _trembling(587, 0.3, 10.0)),
        # "short": a low, rough double buzz (a failed rep's buzz is single, higher and longer).
        "short": _join(_buzz(140, 0.09), _gap(0.05), _buzz(140, 0.09)),
    }


def normalise(samples: np.ndarray, peak_dbfs: float = PEAK_DBFS) -> np.ndarray:
    """Scale to ``peak_dbfs`` and convert to 16-bit integers."""
    peak = float(np.max(np.abs(samples))) or 1.0
    scaled = samples / peak * 10 ** (peak_dbfs / 20)
    return np.round(scaled * 32767).astype("<i2")


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    for name, samples in palette().items():
        write_wav(FOLDER / f"{name}.wav", normalise(samples))
        print(f"sounds/{name}.wav  {len(samples) / RATE * 1000:.0f} ms")


if __name__ == "__main__":
    main()
