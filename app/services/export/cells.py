"""What goes into a cell: safe text, finite numbers, naive UTC times; and warnings.

Both the workbook and the CSV files pass every row through `safe_rows`, so the two
outputs hold exactly the same values and raise the same warnings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from app.services.export.safety import MAX_CELL_CHARS, clean_text, neutralise
from app.services.export.sheets.base import CellValue


@dataclass(frozen=True)
class ExportWarning:
    """Something the export had to change or could not do, and where."""

    sheet: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [f"sheet '{self.sheet}'"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


def naive_utc(moment: datetime) -> datetime:
    """Spreadsheets have no time zones: store aware times as UTC wall-clock time."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def safe_rows(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[CellValue]],
    warnings: list[ExportWarning],
    first_row: int = 2,
) -> Iterator[list[CellValue]]:
    """Rows with every value made safe; empty text becomes an empty cell (None)."""
    for row_number, row in enumerate(rows, start=first_row):
        cells: list[CellValue] = []
        for index, value in enumerate(row):
            kind = type(value)
            if kind is str:
                text = neutralise(clean_text(value))  # type: ignore[arg-type]
                if len(text) > MAX_CELL_CHARS:
                    column = headers[index] if index < len(headers) else None
                    warnings.append(
                        ExportWarning(
                            title,
                            f"text cut to {MAX_CELL_CHARS:,} characters (it had {len(text):,})",
                            row_number,
                            column,
                        )
                    )
                    text = text[:MAX_CELL_CHARS]
                cells.append(text or None)
            elif kind is float and not math.isfinite(value):  # type: ignore[arg-type]
                column = headers[index] if index < len(headers) else None
                message = f"'{value}' is not a number a spreadsheet can hold; left empty"
                warnings.append(ExportWarning(title, message, row_number, column))
                cells.append(None)
            elif kind is datetime:
                cells.append(naive_utc(value))  # type: ignore[arg-type]
            elif kind is bool:
                cells.append("yes" if value else "no")
            else:
                cells.append(value)
        yield cells
