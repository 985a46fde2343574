"""Typed columns out of a parsed CRM extract: dates, stage values, numbers and text.

A parsed table is a dict of NumPy arrays: text as object arrays with None for missing,
numbers as float64 with NaN, dates as datetime64 or as ISO text / datetime objects.
Everything here works on whole columns; a bad cell is reported with the row number a
spreadsheet shows (data row i is row i + 2 under the header) and its column name.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from app.services.errors import ImportProblem

NAT = np.iinfo(np.int64).min
"""The int64 value of NaT: missing dates are this sentinel once turned into seconds."""

MAX_PROBLEMS = 5
_EARLIEST = np.datetime64("1900-01-01", "s").astype(np.int64)
_LATEST = np.datetime64("2200-01-01", "s").astype(np.int64)


def sheet_row(index: int) -> int:
    """The row number a spreadsheet user sees for data row `index` (header on row 1)."""
    return int(index) + 2


def is_none(values: np.ndarray) -> np.ndarray:
    """True where an object column holds None (an element-wise test, not identity)."""
    return np.asarray(values == None)  # noqa: E711


def _to_seconds(values: np.ndarray) -> np.ndarray:
    """datetime64[s] as int64; raises ValueError/TypeError on anything unreadable."""
    with warnings.catch_warnings():
        # Offsets such as "+02:00" or "Z" are converted to UTC, which is what we want.
        warnings.filterwarnings("ignore", message=".*explicit representation of timezones")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        if values.dtype.kind == "M":
            return values.astype("datetime64[s]").view(np.int64)
        if values.dtype.kind == "U":
            return values.astype("datetime64[s]").view(np.int64)
        if values.dtype.kind != "O":
            raise TypeError("not dates")
        missing = is_none(values)
        if missing.any():
            # NumPy converts None to NaT several times slower than it parses a date.
            seconds = np.full(len(values), NAT, dtype=np.int64)
            seconds[~missing] = _to_seconds(values[~missing])
            return seconds
        try:
            return values.astype("datetime64[s]").view(np.int64)
        except (ValueError, TypeError):
            # Text with stray spaces is common in exports; retry once with it trimmed.
            present = ~is_none(values)
            cleaned = np.where(present, values, "").astype(str)
            return np.char.strip(cleaned).astype("datetime64[s]").view(np.int64)


def _bad_rows(values: np.ndarray, convert: Callable[[np.ndarray], object], limit: int) -> list[int]:
    """Indexes of the first unreadable cells, found by halving (only on the error path)."""
    found: list[int] = []

    def search(start: int, stop: int) -> None:
        if len(found) >= limit or start >= stop:
            return
        try:
            convert(values[start:stop])
            return
        except (ValueError, TypeError):
            pass
        if stop - start == 1:
            found.append(start)
            return
        middle = (start + stop) // 2
        search(start, middle)
        search(middle, stop)

    search(0, len(values))
    return found


def parse_dates(
    values: np.ndarray,
    column: str,
    source: str,
    first_row: int = 0,
    row_of: Callable[[int], int] | None = None,
) -> tuple[np.ndarray, list[ImportProblem]]:
    """A date column as int64 seconds since 1970 (NAT where empty) and any problems.

    `first_row` is the index of `values[0]` in the whole table, so that chunks report
    the rows the user sees; `row_of` overrides it when `values` are not rows at all.
    """

    def row(index: int) -> int:
        return sheet_row(row_of(index) if row_of is not None else first_row + index)

    if values.dtype.kind == "f":
        if np.isnan(values).all():
            return np.full(len(values), NAT, dtype=np.int64), []
        index = int(np.flatnonzero(~np.isnan(values))[0])
        return np.empty(0, np.int64), [
            ImportProblem(
                source,
                f"this column holds numbers ({values[index]:g}), not dates.",
                row=row(index),
                column=column,
            )
        ]
    try:
        seconds = _to_seconds(values)
    except (ValueError, TypeError):
        problems = [
            ImportProblem(
                source,
                f"'{values[i]}' is not a date Accord can read; write dates as 2026-03-31 "
                "(a time after the date is fine).",
                row=row(i),
                column=column,
            )
            for i in _bad_rows(values, _to_seconds, MAX_PROBLEMS)
        ]
        return np.empty(0, np.int64), problems
    present = seconds != NAT
    odd = present & ((seconds < _EARLIEST) | (seconds >= _LATEST))
    if odd.any():
        return seconds, [
            ImportProblem(
                source,
                f"'{values[i]}' is not a plausible date (years 1900 to 2199 are accepted).",
                row=row(int(i)),
                column=column,
            )
            for i in np.flatnonzero(odd)[:MAX_PROBLEMS]
        ]
    return seconds, []


@dataclass(frozen=True)
class Encoded:
    """A text column as its distinct values and one code per row (-1 for missing)."""

    labels: list[str]
    codes: np.ndarray

    def first_row(self, label: int) -> int:
        """The data row where distinct value `label` first appears."""
        return int(np.flatnonzero(self.codes == label)[0])


def encoded_form(columns: Mapping[str, np.ndarray], name: str) -> Encoded | None:
    """The table's own encoded form of a text column, when it offers one.

    A table read by `app.services.tabular` keeps text columns as distinct values plus
    codes; using them means a date or stage name is parsed once per distinct value
    instead of once per row. Plain dicts of arrays simply have no such form.
    """
    getter = getattr(columns, "encoded", None)
    if not callable(getter):
        return None
    try:
        found = getter(name)
    except (KeyError, TypeError, ValueError):
        return None
    labels = getattr(found, "labels", None)
    codes = getattr(found, "codes", None)
    if labels is None or codes is None:
        return None
    codes = np.asarray(codes)
    if codes.dtype.kind not in "iu":
        return None
    return Encoded([str(v) for v in labels], codes)


def parse_encoded_dates(
    encoded: Encoded, column: str, source: str
) -> tuple[np.ndarray, list[ImportProblem]]:
    """Seconds for each distinct value plus a trailing NAT, so code -1 picks "missing"."""
    labels = np.array([*encoded.labels, None], dtype=object)
    seconds, problems = parse_dates(labels, column, source, row_of=encoded.first_row)
    return seconds, sorted(problems, key=lambda p: p.row or 0)


def present_text(values: np.ndarray) -> np.ndarray:
    """True where a text (or other) cell holds a value; blank text counts as missing."""
    if values.dtype.kind == "f":
        return ~np.isnan(values)
    if values.dtype.kind == "M":
        return ~np.isnat(values)
    if values.dtype.kind in "US":
        return np.char.str_len(np.char.strip(values)) > 0
    present = ~is_none(values)
    # Blank strings are missing too; compare against the few blank spellings only.
    return present & np.not_equal(values, "") & np.not_equal(values, " ")


def factorise_text(values: np.ndarray, present: np.ndarray) -> Encoded:
    """Distinct values (as text) and each cell's index into them (-1 where absent).

    One vectorised `unique` does the work, so a million rows with a dozen stage names
    cost a sort, not a Python loop. Whole-number floats print without ".0".
    """
    codes = np.full(len(values), -1, dtype=np.int64)
    if not present.any():
        return Encoded([], codes)
    chosen = values[present]
    if chosen.dtype.kind == "f":
        distinct, inverse = np.unique(chosen, return_inverse=True)
        labels = [f"{v:.0f}" if float(v).is_integer() else repr(float(v)) for v in distinct]
    else:
        distinct, inverse = np.unique(chosen.astype(str), return_inverse=True)
        labels = [str(v) for v in distinct]
    codes[present] = inverse.ravel()
    return Encoded(labels, codes)


def fold(text: str) -> str:
    """Case- and space-insensitive form of a label, for matching stage names."""
    return " ".join(text.split()).casefold()


def match_labels(distinct: list[str], lookup: Mapping[str, int]) -> tuple[np.ndarray, list[str]]:
    """Translate distinct file values through `lookup` (keys already folded).

    Returns a table from distinct-value index to the looked-up number (-1 when unknown)
    and the unknown values in their original spelling.
    """
    table = np.full(max(len(distinct), 1), -1, dtype=np.int64)
    unknown: list[str] = []
    for i, value in enumerate(distinct):
        found = lookup.get(fold(value))
        if found is None:
            unknown.append(value)
        else:
            table[i] = found
    return table, unknown


def _text_to_numbers(values: np.ndarray) -> np.ndarray:
    present = present_text(values)
    result = np.full(len(values), np.nan)
    result[present] = values[present].astype(np.float64)
    return result


def parse_numbers(
    values: np.ndarray, column: str, source: str, first_row: int = 0
) -> tuple[np.ndarray, list[ImportProblem]]:
    """A numeric column as float64 (NaN where missing) and any problems."""
    if values.dtype.kind in "fiub":
        return values.astype(np.float64), []
    try:
        return _text_to_numbers(values), []
    except (ValueError, TypeError):
        return np.empty(0), [
            ImportProblem(
                source,
                f"'{values[i]}' is not a number.",
                row=sheet_row(first_row + i),
                column=column,
            )
            for i in _bad_rows(values, _text_to_numbers, MAX_PROBLEMS)
        ]
