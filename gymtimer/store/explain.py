"""msgspec's validation errors in a lifter's words, for every document kind (sessions, presets).

msgspec says ``Expected `str`, got `int` - at `$.exercises[0].note```; a lifter reads
"should be text, not a whole number", and the document's own reader says where in
its terms (a session's field, a preset's number and name).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import msgspec

_TYPE_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "str": "text",
    "bool": "true or false",
    "array": "a list [...]",
    "object": "an object {...}",
    "null": "null",
    "datetime": "a date and time",
}
#: Compiled on first use (by ``re``, which keeps them): not while the app starts.
_EXPECTED = r"^Expected `([^`]+)`, got `([^`]+)`(?: - at `\$\.?(.*)`)?$"
_AT = r"^(.*) - at `\$\.?(.*)`$"


class Invalid(NamedTuple):
    """What is wrong and where: ``where`` is the path in the document (``presets[1].plan``), '' for all of it."""

    what: str
    where: str
    wrong_type: bool  #: ``what`` reads "should be …, not …"


def explain(error: msgspec.ValidationError) -> Invalid:
    """Split msgspec's message into what (the types in words) and where."""
    text = str(error)
    match = re.match(_EXPECTED, text)
    if match:
        expected, got, where = match.groups()
        expected_words = " or ".join(_TYPE_WORDS.get(part.strip(), part.strip()) for part in expected.split("|"))
        return Invalid(f"should be {expected_words}, not {_TYPE_WORDS.get(got, got)}", where or "", True)
    match = re.match(_AT, text)
    if match:
        what, where = match.groups()
        return Invalid(what, where, False)
    return Invalid(text, "", False)
