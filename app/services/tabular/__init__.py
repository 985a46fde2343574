"""Reading tables of leads from CSV, XLSX, XLSB, XLS and ODS files.

`read_table(path)` looks at the file's bytes to know what it is (never its suffix),
reads it with the fastest reader for that format (Apache Arrow for text, calamine for
workbooks) and returns a `Table`: one NumPy array per column, numbers as float64 (NaN
when missing) and text as objects (None when missing). Placeholders such as "N/A",
"Select" or "-" count as missing. Any fault is an `ImportFailed` listing problems with
file, row and column; nothing is returned half-read.
"""

from __future__ import annotations

from pathlib import Path

from app.services.progress import CancelToken, ProgressCallback
from app.services.tabular.dates import parse_dates
from app.services.tabular.sniff import FileFormat, detect_format
from app.services.tabular.table import EncodedText, Table, encode_values
from app.services.tabular.values import (
    PLACEHOLDERS,
    column_letter,
    is_missing_text,
    is_placeholder,
    normalise_text,
    parse_number,
    text_of,
)

__all__ = [
    "PLACEHOLDERS",
    "EncodedText",
    "FileFormat",
    "Table",
    "column_letter",
    "detect_format",
    "encode_values",
    "is_missing_text",
    "is_placeholder",
    "normalise_text",
    "parse_dates",
    "parse_number",
    "read_table",
    "text_of",
]


def read_table(
    path: Path | str,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Table:
    """Read the leads in `path` (CSV or a workbook's first sheet with data)."""
    path = Path(path)
    if cancel is not None:
        cancel.raise_if_cancelled()
    file_format = detect_format(path)
    if file_format is FileFormat.CSV:
        from app.services.tabular.csv_reader import read_csv_table

        table = read_csv_table(path, progress=progress, cancel=cancel)
    else:
        from app.services.tabular.workbook_reader import read_workbook_table

        table = read_workbook_table(path, file_format, progress=progress, cancel=cancel)
    if cancel is not None:
        cancel.raise_if_cancelled()
    return table
