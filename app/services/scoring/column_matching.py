"""Match a lead file's columns to a scoring model's fields, and guess the outcome column."""

from __future__ import annotations

import re
from collections.abc import Iterable

OUTCOME_NAMES = (
    "converted",
    "is_converted",
    "won",
    "is_won",
    "closed_won",
    "outcome",
    "became_customer",
    "customer",
)
DATE_NAMES = ("created_date", "created_at", "created", "date", "lead_date", "create_date")


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.strip().lower())


def match_columns(fields: Iterable[str], columns: Iterable[str]) -> dict[str, str]:
    """Model field → file column, for exact then case/space-insensitive matches."""
    columns = list(columns)
    by_key: dict[str, str] = {}
    for column in columns:
        by_key.setdefault(_key(column), column)
    matched: dict[str, str] = {}
    for field in fields:
        if field in columns:
            matched[field] = field
        elif _key(field) in by_key:
            matched[field] = by_key[_key(field)]
    return matched


def guess_column(columns: Iterable[str], candidates: tuple[str, ...]) -> str | None:
    """The first column whose normalised name is one of `candidates` (in their order)."""
    by_key = {_key(c): c for c in columns}
    for candidate in candidates:
        if _key(candidate) in by_key:
            return by_key[_key(candidate)]
    return None
