"""Reading the two columns a backtest needs beyond the scored fields.

The outcome column says whether each lead converted; the optional date column places
each lead in a month, so MQLs per month can be counted at any threshold.
"""

from __future__ import annotations

import numpy as np

from app.services.errors import ImportFailed, ImportProblem
from app.services.tabular.dates import parse_dates
from app.services.tabular.table import EncodedText, Table
from app.services.tabular.values import normalise_text, parse_number

CONVERTED_WORDS = frozenset(
    {
        "yes",
        "y",
        "true",
        "t",
        "1",
        "won",
        "closed won",
        "closed-won",
        "closedwon",
        "converted",
        "customer",
        "success",
        "successful",
        "x",
        "✓",
        "✔",
    }
)
"""Outcome texts (trimmed, any case) that mean the lead converted."""

NOT_CONVERTED_WORDS = frozenset(
    {
        "no",
        "n",
        "false",
        "f",
        "0",
        "lost",
        "closed lost",
        "closed-lost",
        "closedlost",
        "not converted",
        "unconverted",
        "open",
        "failed",
        "disqualified",
    }
)
"""Outcome texts that clearly mean "did not convert" (anything else also counts so)."""


def outcome_flags(table: Table, column: str, *, encoded: EncodedText | None = None) -> np.ndarray:
    """The outcome column as converted (True) or not; refuses a column it cannot read."""
    encoded = encoded if encoded is not None else table.encoded(column)
    if encoded is None:
        values = table.columns[column]
        present = ~np.isnan(values)
        if not present.any():
            raise _unreadable_outcome(table, column)
        return np.greater(values, 0, where=present, out=np.zeros(len(values), dtype=bool))
    converted = []
    recognised = False
    for label in encoded.labels.tolist():
        text = normalise_text(str(label))
        number = parse_number(text)
        won = text in CONVERTED_WORDS or (number is not None and number > 0)
        recognised = recognised or won or text in NOT_CONVERTED_WORDS or number is not None
        converted.append(won)
    if not recognised:
        raise _unreadable_outcome(table, column)
    return np.append(np.array(converted, dtype=bool), False).take(encoded.codes)


def _unreadable_outcome(table: Table, column: str) -> ImportFailed:
    return ImportFailed(
        [
            ImportProblem(
                str(table.source),
                "The outcome column has no value that says whether a lead converted "
                "(expected words like yes/no, won/lost, converted, true/false or 1/0).",
                column=column,
                sheet=table.sheet,
            )
        ]
    )


def month_numbers(table: Table, column: str) -> np.ndarray:
    """Each lead's month as months since 1970 (a large negative number when undated)."""
    encoded = table.encoded(column)
    source, sheet = table.source, table.sheet
    if encoded is None:
        days = parse_dates(
            table.columns[column],
            source=source,
            column=column,
            sheet=sheet,
            row_number=table.spreadsheet_row,
        )
        return months_of(days)
    # Dates repeat a lot: parse each distinct one once, then spread by code.
    codes = encoded.codes

    def row_of(label_index: int) -> int:
        return table.spreadsheet_row(int(np.argmax(codes == label_index)))

    distinct = EncodedText(np.arange(len(encoded.labels), dtype=np.int32), encoded.labels)
    days = parse_dates(distinct, source=source, column=column, sheet=sheet, row_number=row_of)
    per_label = months_of(days)
    return np.append(per_label, UNDATED).take(codes)


UNDATED = np.iinfo(np.int64).min


def months_of(days: np.ndarray) -> np.ndarray:
    """datetime64[D] → months since 1970, UNDATED for NaT."""
    months = days.astype("datetime64[M]").astype(np.int64)
    months[np.isnat(days)] = UNDATED
    return months
