"""Calendar quarters as the assessment uses them: written '2026-Q4', sorted by time."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.services.errors import ValidationError

_QUARTER = re.compile(r"^\s*(\d{4})\s*-\s*Q([1-4])\s*$", re.IGNORECASE)
FIRST_YEAR = 1900
LAST_YEAR = 2999


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter; orders by year then quarter and prints as '2026-Q4'."""

    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)


def parse_quarter(text: str | Quarter) -> Quarter:
    """Read '2026-Q4' (spaces and a lower-case q are tolerated) or raise ValidationError."""
    if isinstance(text, Quarter):
        return text
    match = _QUARTER.match(text) if isinstance(text, str) else None
    if match is None:
        raise ValidationError(
            f"'{text}' is not a quarter; write the year and quarter like 2026-Q4.", field="quarter"
        )
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            f"'{text}' has an unlikely year; use a year between {FIRST_YEAR} and {LAST_YEAR}.",
            field="quarter",
        )
    return Quarter(year, int(match.group(2)))


def normalise_quarter(text: str | Quarter) -> str:
    """The canonical spelling of a quarter ('2026-q4 ' becomes '2026-Q4')."""
    return str(parse_quarter(text))


def previous_quarter(quarter: str | Quarter) -> str:
    """The quarter before, e.g. '2026-Q1' gives '2025-Q4'."""
    return str(parse_quarter(quarter).previous())


def next_quarter(quarter: str | Quarter) -> str:
    """The quarter after, e.g. '2025-Q4' gives '2026-Q1'."""
    return str(parse_quarter(quarter).next())


def sort_quarters(quarters: Iterable[str | Quarter]) -> list[str]:
    """Distinct quarters in time order, canonically spelled."""
    return [str(q) for q in sorted({parse_quarter(q) for q in quarters})]
