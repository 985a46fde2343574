"""Table writing for the assessment workbooks: typed cells, bold frozen headers, sized columns.

Text typed by people (names, comments) may start with '=', '+', '-' or '@'; written as
is, a spreadsheet would run it as a formula, so such text is stored as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@")
MAX_COLUMN_WIDTH = 70
MIN_COLUMN_WIDTH = 8
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def set_text(cell: Cell, value: Any) -> None:
    """Put a value in a cell; text that looks like a formula stays text."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    number_formats: dict[int, str] | None = None,
    wrap_columns: Sequence[int] = (),
) -> None:
    """Write a header row and data rows from A1, freeze the header and size the columns.

    `number_formats` maps a 0-based column to an Excel number format; None values are
    left as empty cells so a missing score is not mistaken for zero.
    """
    formats = number_formats or {}
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=header)
        cell.font = BOLD
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=row_number, column=column)
            set_text(cell, value)
            if column - 1 in formats:
                cell.number_format = formats[column - 1]
            if column - 1 in wrap_columns:
                cell.alignment = WRAP
    sheet.freeze_panes = "A2"
    size_columns(sheet, [headers, *rows])


def size_columns(sheet: Worksheet, rows: Sequence[Sequence[Any]]) -> None:
    """Width of each column from its longest value, within sensible bounds."""
    widths: dict[int, int] = {}
    for row in rows:
        for column, value in enumerate(row, start=1):
            length = len(_shown(value))
            widths[column] = max(widths.get(column, 0), length)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(
            MAX_COLUMN_WIDTH, max(MIN_COLUMN_WIDTH, width + 2)
        )


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
