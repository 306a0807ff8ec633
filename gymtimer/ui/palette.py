"""Phase colours: the Okabe–Ito colour-blind-safe palette, with a readable text colour for each.

Okabe & Ito, "Color Universal Design" (2008): eight colours that stay
distinguishable with protanopia, deuteranopia and tritanopia. The phases also
differ in lightness (SQUEEZE light, LOWER dark, LIFT and BOTTOM in between),
so they stay apart in grey scale too; and the phase word is always shown.
"""

from __future__ import annotations

from gymtimer.core.tempo import Phase

#: Background colour of the whole window in each phase.
PHASE_COLOURS: dict[Phase, str] = {
    Phase.READY: "#2B2B2B",
    Phase.LEAD_IN: "#CC79A7",  # reddish purple
    Phase.LIFT: "#D55E00",  # vermillion
    Phase.SQUEEZE: "#F0E442",  # yellow
    Phase.LOWER: "#0072B2",  # blue
    Phase.BOTTOM: "#009E73",  # bluish green
    Phase.SWITCH: "#FFFFFF",  # white: the rare, must-not-miss moment; orange stood too near LIFT
    Phase.REST: "#56B4E9",  # sky blue
    # Orange (#E69F00) is kept for the charts: beside vermillion it is the closest pair.
    Phase.DONE: "#000000",
}

#: Text on each background: contrast ratio ≥ 4.5 (WCAG AA) for every pair.
TEXT_COLOURS: dict[Phase, str] = {
    Phase.READY: "#FFFFFF",
    Phase.LEAD_IN: "#000000",
    Phase.LIFT: "#000000",
    Phase.SQUEEZE: "#000000",
    Phase.LOWER: "#FFFFFF",
    Phase.BOTTOM: "#000000",
    Phase.SWITCH: "#000000",
    Phase.REST: "#000000",
    Phase.DONE: "#FFFFFF",
}


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of ``#RRGGBB``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours, 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
