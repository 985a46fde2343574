"""What a single cell means: missing, a number, or text.

One definition shared by the file readers, the scoring engine and the plain reference
scorer, so that "N/A" is missing and " 12 " is the number 12 everywhere in Accord.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np

PLACEHOLDERS: frozenset[str] = frozenset({"", "select", "n/a", "na", "-", "--", "null", "none"})
"""Cell texts (trimmed, any case) that CRM exports use for "no value"."""

# ASCII digits only, so that what counts as a number does not depend on the reader.
NUMBER_PATTERN = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER = re.compile(NUMBER_PATTERN, re.ASCII)

# Floats up to this size print without a fractional part when they hold a whole number.
_WHOLE_LIMIT = 1e15


def is_placeholder(text: str) -> bool:
    """True when `text` is one of the placeholder words that mean "no value"."""
    return text.strip().lower() in PLACEHOLDERS


def parse_number(text: str) -> float | None:
    """The number a cell's text holds (spaces around it allowed), or None."""
    stripped = text.strip()
    if _NUMBER.fullmatch(stripped):
        return float(stripped)
    return None


def format_number(number: float) -> str:
    """A number as a spreadsheet shows it: whole numbers without ".0"."""
    if math.isfinite(number) and number.is_integer() and abs(number) < _WHOLE_LIMIT:
        return str(int(number))
    return repr(float(number))


def text_of(value: object) -> str | None:
    """The text of a cell value, or None when the value is missing.

    Placeholders are not judged here (see `is_missing_text`); dates print as ISO dates
    and whole-number floats without ".0", which is what a spreadsheet user expects.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else format_number(float(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else str(value)
    return str(value)


def is_missing_text(text: str | None) -> bool:
    """True for no text at all, blank text and placeholder words."""
    return text is None or is_placeholder(text)


def normalise_text(text: str) -> str:
    """The form text is compared in: trimmed and lower-case."""
    return text.strip().lower()


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
