"""Reporting periods of the funnel: calendar months ('2026-03') and quarters ('2026-Q1').

A `Period` is a value: it parses from and prints to the label people type, orders in
time, knows its neighbours and its first and last day. Periods are also numbered by an
*ordinal* (months or quarters since January 1970) so that whole columns of dates can be
turned into periods with NumPy in one step.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from app.services.errors import ValidationError


class PeriodKind(enum.StrEnum):
    """Whether the funnel is counted per calendar month or per quarter."""

    MONTH = "month"
    QUARTER = "quarter"


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*Q(\d)$", re.IGNORECASE)
_MONTHS_PER = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3}


@dataclass(frozen=True)
class Period:
    """One month or one quarter of one year.

    Periods of the same kind compare in time. A month and a quarter compare by their
    first day (the quarter first when they start together), so a mixed list still sorts
    sensibly, but the funnel keeps to one kind at a time.
    """

    kind: PeriodKind
    year: int
    number: int  # month 1–12 or quarter 1–4

    def __post_init__(self) -> None:
        highest = 12 if self.kind is PeriodKind.MONTH else 4
        if not 1 <= self.number <= highest:
            raise ValidationError(
                f"A {self.kind.value} number must be between 1 and {highest}, not {self.number}.",
                field="period",
            )
        if not 1 <= self.year <= 9999:
            raise ValidationError(f"The year {self.year} is out of range.", field="period")

    # --- text -------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str | Period) -> Period:
        """Read '2026-03' (a month) or '2026-Q1' (a quarter); spaces and case are forgiven."""
        if isinstance(text, Period):
            return text
        cleaned = str(text).strip()
        quarter = _QUARTER.match(cleaned)
        if quarter:
            number = int(quarter.group(2))
            if not 1 <= number <= 4:
                raise ValidationError(
                    f"'{cleaned}' is not a quarter: quarters run from Q1 to Q4.", field="period"
                )
            return cls(PeriodKind.QUARTER, int(quarter.group(1)), number)
        month = _MONTH.match(cleaned)
        if month:
            number = int(month.group(2))
            if not 1 <= number <= 12:
                raise ValidationError(
                    f"'{cleaned}' is not a month: months run from 01 to 12.", field="period"
                )
            return cls(PeriodKind.MONTH, int(month.group(1)), number)
        raise ValidationError(
            f"'{cleaned}' is not a period. Write a month as 2026-03 or a quarter as 2026-Q1.",
            field="period",
        )

    def __str__(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.year:04d}-{self.number:02d}"
        return f"{self.year:04d}-Q{self.number}"

    @property
    def label(self) -> str:
        return str(self)

    # --- time -------------------------------------------------------------------------
    @property
    def first_month(self) -> int:
        return self.number if self.kind is PeriodKind.MONTH else 3 * self.number - 2

    @property
    def start(self) -> date:
        """The first day of the period."""
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """The first day *after* the period (an exclusive bound)."""
        return self.next().start

    def contains(self, moment: date | datetime) -> bool:
        day = moment.date() if isinstance(moment, datetime) else moment
        return self.start <= day < self.end

    @property
    def ordinal(self) -> int:
        """Months (or quarters) since January 1970; consecutive periods differ by one."""
        months = (self.year - 1970) * 12 + self.first_month - 1
        return months // _MONTHS_PER[self.kind]

    @classmethod
    def from_ordinal(cls, kind: PeriodKind, ordinal: int) -> Period:
        months = int(ordinal) * _MONTHS_PER[kind]
        year, month0 = divmod(months, 12)
        number = month0 + 1 if kind is PeriodKind.MONTH else month0 // 3 + 1
        return cls(kind, 1970 + year, number)

    def previous(self) -> Period:
        return Period.from_ordinal(self.kind, self.ordinal - 1)

    def next(self) -> Period:
        return Period.from_ordinal(self.kind, self.ordinal + 1)

    # --- order ------------------------------------------------------------------------
    def _sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.first_month, 0 if self.kind is PeriodKind.QUARTER else 1)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() <= other._sort_key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() > other._sort_key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() >= other._sort_key()


def parse_period(text: str | Period) -> Period:
    """Shorthand for `Period.parse`."""
    return Period.parse(text)


def period_of(moment: date | datetime, kind: PeriodKind | str) -> Period:
    """The month or quarter a date falls in."""
    kind = PeriodKind(kind)
    month = moment.month
    number = month if kind is PeriodKind.MONTH else (month - 1) // 3 + 1
    return Period(kind, moment.year, number)


def period_range(first: Period | str, last: Period | str) -> list[Period]:
    """Every period from `first` to `last`, both included, in order."""
    start, stop = Period.parse(first), Period.parse(last)
    if start.kind is not stop.kind:
        raise ValidationError("A range of periods must be all months or all quarters.")
    return [Period.from_ordinal(start.kind, n) for n in range(start.ordinal, stop.ordinal + 1)]


def period_ordinals(moments: np.ndarray, kind: PeriodKind) -> np.ndarray:
    """Period ordinals (int64) of a datetime64 array; NaT gives an undefined value.

    Callers mask out missing dates themselves; computing over them is cheaper than
    filtering first.
    """
    months = moments.astype("datetime64[M]").astype(np.int64)
    if kind is PeriodKind.MONTH:
        return months
    return months // 3


def sorted_periods(periods: Iterable[Period | str]) -> list[Period]:
    """Parse labels or periods and return them in time order, refusing a mix of kinds."""
    parsed = [Period.parse(p) for p in periods]
    kinds = {p.kind for p in parsed}
    if len(kinds) > 1:
        raise ValidationError(
            "The funnel mixes months and quarters; keep to one kind of period at a time."
        )
    return sorted(parsed)
