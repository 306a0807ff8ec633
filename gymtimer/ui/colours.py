"""Phase colours: the Okabe–Ito colour-blind-safe palette, with a readable text colour for each.

Okabe & Ito, "Color Universal Design" (2008): eight colours that stay
distinguishable with protanopia, deuteranopia and tritanopia. The phases also
differ in lightness (SQUEEZE light, LOWER dark, LIFT and BOTTOM in between),
so they stay apart in grey scale too; and the phase word is always shown.
"""

from __future__ import annotations

from gymtimer.core.tempo import Phase

#: Okabe & Ito's eight colours by name: the phases and the charts both draw from here.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Background colour of the whole window in each phase.
PHASE_COLOURS: dict[Phase, str] = {
    Phase.READY: "#2B2B2B",
    Phase.LEAD_IN: OKABE_ITO["reddish_purple"],
    Phase.LIFT: OKABE_ITO["vermillion"],
    Phase.SQUEEZE: OKABE_ITO["yellow"],
    Phase.LOWER: OKABE_ITO["blue"],
    Phase.BOTTOM: OKABE_ITO["bluish_green"],
    Phase.SWITCH: "#FFFFFF",  # white: the rare, must-not-miss moment; orange stood too near LIFT
    Phase.REST: OKABE_ITO["sky_blue"],
    # Orange is kept for the charts: beside vermillion it is the closest pair.
    Phase.DONE: OKABE_ITO["black"],
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
