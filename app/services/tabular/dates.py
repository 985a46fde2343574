"""Read a column of dates as CRMs and spreadsheets write them.

Accepted: ISO dates (with or without a time), Excel date cells and serial numbers,
yyyymmdd numbers, "5 Mar 2024" / "Mar 5, 2024", and d/m/y or m/d/y with `/`, `.` or
`-`. Whether 03/04/2024 is 3 April or March 4 is decided by the column as a whole: a
value like 25/03/2024 shows days come first, 03/25/2024 that months do; when no value
tells, months come first (the usual US CRM export) unless `day_first` says otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from app.services.errors import ImportFailed, ImportProblem
from app.services.tabular.table import EncodedText, encode_values
from app.services.tabular.values import parse_number

MAX_PROBLEMS = 10
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_LAST_SERIAL = 2958465  # 9999-12-31
_YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?")
_DAY_OR_MONTH_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[T ,].*)?")
_NAMED_MONTH_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%d-%b-%Y")

Ymd = tuple[int, int, int]


def parse_dates(
    values: np.ndarray | EncodedText,
    *,
    day_first: bool | None = None,
    source: Path | str = "",
    column: str | None = None,
    sheet: str | None = None,
    row_number: Callable[[int], int] | None = None,
) -> np.ndarray:
    """The values as a datetime64[D] array (NaT where missing).

    Raises ImportFailed naming the row (as a spreadsheet shows it; by default data row
    i is row i + 2) of each value that is not a date.
    """
    where = _Where(str(source), column, sheet, row_number or (lambda index: index + 2))
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        return values.astype("datetime64[D]")
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        return _from_numbers(values.astype(np.float64), where)
    encoded = values if isinstance(values, EncodedText) else encode_values(values)
    labels = [str(label).strip() for label in encoded.labels]
    days = _parse_labels(labels, encoded.codes, day_first, where)
    return np.append(days, np.datetime64("NaT", "D")).take(encoded.codes)


class _Where:
    def __init__(
        self, source: str, column: str | None, sheet: str | None, row: Callable[[int], int]
    ) -> None:
        self.source, self.column, self.sheet, self.row = source, column, sheet, row

    def problem(self, message: str, index: int) -> ImportProblem:
        return ImportProblem(self.source, message, self.row(index), self.column, self.sheet)


def _from_numbers(numbers: np.ndarray, where: _Where) -> np.ndarray:
    result = np.full(len(numbers), np.datetime64("NaT"), dtype="datetime64[D]")
    present = ~np.isnan(numbers)
    serial = present & (numbers >= 1) & (numbers <= _LAST_SERIAL)
    result[serial] = _EXCEL_EPOCH + np.floor(numbers[serial]).astype("timedelta64[D]")
    compact = present & ~serial & (numbers >= 1000_01_01) & (numbers <= 9999_12_31)
    compact &= numbers == np.floor(numbers)
    for index in np.flatnonzero(compact):
        day = _compact_date(int(numbers[index]))
        if day is not None:
            result[index] = day
    bad = present & np.isnat(result)
    if bad.any():
        problems = [
            where.problem(f"The number {numbers[i]:g} is not a date.", int(i))
            for i in np.flatnonzero(bad)[:MAX_PROBLEMS]
        ]
        raise ImportFailed(problems)
    return result


def _compact_date(number: int) -> np.datetime64 | None:
    try:
        day = dt.date(number // 10000, number // 100 % 100, number % 100)
    except ValueError:
        return None
    return np.datetime64(day, "D")


def _parse_labels(
    labels: list[str], codes: np.ndarray, day_first: bool | None, where: _Where
) -> np.ndarray:
    def first_row(label_index: int) -> int:
        return int(np.argmax(codes == label_index))

    ambiguous: dict[int, tuple[int, int, int]] = {}
    known: dict[int, Ymd | None] = {}
    for index, label in enumerate(labels):
        match = _DAY_OR_MONTH_FIRST.fullmatch(label)
        if match:
            first, second, year = (int(part) for part in match.groups())
            ambiguous[index] = (first, second, _full_year(year, match.group(3)))
        else:
            known[index] = _unambiguous(label)
    if day_first is None and ambiguous:
        day_first = _decide_order(labels, ambiguous, first_row, where)
    days = np.full(len(labels), np.datetime64("NaT"), dtype="datetime64[D]")
    problems: list[ImportProblem] = []
    for index, label in enumerate(labels):
        if index in ambiguous:
            first, second, year = ambiguous[index]
            ymd: Ymd | None = (year, second, first) if day_first else (year, first, second)
        else:
            ymd = known[index]
        day = _valid(ymd)
        if day is None:
            problems.append(where.problem(f"'{label}' is not a date.", first_row(index)))
        else:
            days[index] = day
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise ImportFailed(problems[:MAX_PROBLEMS])
    return days


def _decide_order(
    labels: list[str],
    ambiguous: dict[int, tuple[int, int, int]],
    first_row: Callable[[int], int],
    where: _Where,
) -> bool:
    day_evidence = next((i for i, (a, _b, _y) in ambiguous.items() if a > 12), None)
    month_evidence = next((i for i, (_a, b, _y) in ambiguous.items() if b > 12), None)
    if day_evidence is not None and month_evidence is not None:
        raise ImportFailed(
            [
                where.problem(
                    f"This column mixes day-first dates (like '{labels[day_evidence]}' "
                    f"in row {where.row(first_row(day_evidence))}) and month-first dates "
                    f"(like '{labels[month_evidence]}'); use one order throughout.",
                    first_row(month_evidence),
                )
            ]
        )
    return day_evidence is not None


def _full_year(year: int, written: str) -> int:
    if len(written) == 4:
        return year
    return 2000 + year if year < 70 else 1900 + year


def _unambiguous(label: str) -> Ymd | None:
    match = _YEAR_FIRST.fullmatch(label)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return year, month, day
    number = parse_number(label)
    if number is not None:
        if 1 <= number <= _LAST_SERIAL:
            when = _EXCEL_EPOCH + np.timedelta64(int(number), "D")
            parsed = when.astype(dt.date)
            return parsed.year, parsed.month, parsed.day
        if number.is_integer():
            whole = int(number)
            return whole // 10000, whole // 100 % 100, whole % 100
        return None
    for pattern in _NAMED_MONTH_FORMATS:
        try:
            parsed = dt.datetime.strptime(label, pattern).date()
        except ValueError:
            continue
        return parsed.year, parsed.month, parsed.day
    return None


def _valid(ymd: Ymd | None) -> np.datetime64 | None:
    if ymd is None:
        return None
    try:
        return np.datetime64(dt.date(*ymd), "D")
    except ValueError:
        return None
