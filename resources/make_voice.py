"""Renders the spoken cues in ``gymtimer/assets/voice/`` with espeak-ng (run: ``python resources/make_voice.py``).

An explicit English voice is named: with LANG unset espeak-ng's default voice
is not English. The clips are trimmed of espeak's leading and trailing
silence, so a word starts on its cue, resampled to 48 kHz mono 16-bit, and
normalised to -1 dBFS peak like the tones.
"""

from __future__ import annotations

import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

from make_sounds import RATE, normalise, write_wav  # resources/make_sounds.py: a script's folder is on its path

VOICE = "en-us"
WORDS_PER_MINUTE = 190
FOLDER = Path(__file__).resolve().parent.parent / "gymtimer" / "assets" / "voice"
_NUMBERS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty"
).split()


def phrases() -> dict[str, str]:
    """Clip name -> what it says."""
    words = {
        "lift": "lift",
        "squeeze": "squeeze",
        "lower": "lower",
        "three": "three",
        "two": "two",
        "one": "one",
        "switch_legs": "switch legs",
        "rest": "rest",
        "next_set": "next set in ten seconds",
        "set_done": "set done",
        "workout_done": "workout done",
        # What the camera saw after a rep.
        "slower": "slower",
        "short": "too short",
    }
    words.update({f"rep_{n:02d}": word for n, word in enumerate(_NUMBERS, start=1)})
    return words


def speak(text: str) -> tuple[np.ndarray, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clip.wav"
        subprocess.run(
            ["espeak-ng", "-v", VOICE, "-s", str(WORDS_PER_MINUTE), "-w", str(path), text],
            check=True,
        )
        with wave.open(str(path), "rb") as clip:
            rate = clip.getframerate()
            data = np.frombuffer(clip.readframes(clip.getnframes()), dtype="<i2")
            if clip.getnchannels() > 1:
                data = data.reshape(-1, clip.getnchannels()).mean(axis=1)
    return data.astype(float) / 32768, rate


def resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """Band-limited resampling through the spectrum (clips are short, so one FFT is cheap)."""
    n = round(len(samples) * target / rate)
    spectrum = np.fft.rfft(samples)
    return np.fft.irfft(spectrum, n) * (n / len(samples))


def trim(samples: np.ndarray, threshold_db: float = -40.0, keep: float = 0.004) -> np.ndarray:
    """Cut the silence espeak-ng puts around a word, with a few ms of fade at each end."""
    level = np.max(np.abs(samples)) * 10 ** (threshold_db / 20)
    loud = np.flatnonzero(np.abs(samples) > level)
    pad = int(keep * RATE)
    start, end = max(0, loud[0] - pad), min(len(samples), loud[-1] + pad)
    out = samples[start:end].copy()
    fade = min(pad, len(out) // 2)
    out[:fade] *= np.linspace(0, 1, fade)
    out[-fade:] *= np.linspace(1, 0, fade)
    return out


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    for name, text in phrases().items():
        samples, rate = speak(text)
        clip = trim(resample(samples, rate, RATE))
        write_wav(FOLDER / f"{name}.wav", normalise(clip))
        print(f"voice/{name}.wav  {len(clip) / RATE * 1000:.0f} ms  {text!r}")


if __name__ == "__main__":
    main()
