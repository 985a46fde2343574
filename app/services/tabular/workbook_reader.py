"""Read the lead sheet of an XLSX, XLSB, XLS or ODS workbook with python-calamine.

Calamine (Rust) reads every cell of the sheet in one call. The first visible worksheet
holding data is used; its first non-empty row is the header. Blank rows are skipped,
and each column is typed when first used (see `CellColumn`).
"""

from __future__ import annotations

import math
from operator import itemgetter
from pathlib import Path

import numpy as np

from app.services.errors import Cancelled, ImportFailed, ImportProblem
from app.services.progress import CancelToken, ProgressCallback, report
from app.services.tabular.header import check_header
from app.services.tabular.sniff import FileFormat, refuse
from app.services.tabular.table import Columns, EncodedText, LazyColumn, Table, encode_values
from app.services.tabular.values import column_letter, is_placeholder, parse_number, text_of


class CellColumn(LazyColumn):
    """One column of the cells calamine returned, typed on first use."""

    def __init__(self, rows: list[list[object]], index: int) -> None:
        super().__init__()
        self._rows: list[list[object]] | None = rows
        self._index = index

    def _convert(self) -> np.ndarray | EncodedText:
        assert self._rows is not None
        values = list(map(itemgetter(self._index), self._rows))
        self._rows = None
        return cells_to_column(values)


def cells_to_column(values: list[object]) -> np.ndarray | EncodedText:
    """Typed cells to an array: numeric when every present value is a number."""
    kinds = set(map(type, values))
    if kinds <= {float, int}:
        return np.array(values, dtype=np.float64)
    numbers: dict[object, float] = {}
    any_number = False
    for value in dict.fromkeys(values):
        if isinstance(value, bool):
            break
        if isinstance(value, int | float):
            number: float | None = float(value)
        elif isinstance(value, str):
            number = math.nan if is_placeholder(value) else parse_number(value)
        else:
            number = None
        if number is None:
            break
        numbers[value] = number
        any_number = any_number or not math.isnan(number)
    else:
        if any_number:
            lookup = numbers.__getitem__
            return np.fromiter(map(lookup, values), np.float64, count=len(values))
    return encode_values(values)


def read_workbook_table(
    path: Path,
    file_format: FileFormat,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Table:
    """Read the lead sheet of a workbook into a Table; see `read_table` for the rules."""
    from python_calamine import CalamineWorkbook, PasswordError

    report(progress, 0.05)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet_name, start, rows = _first_sheet_with_data(workbook, cancel)
    except PasswordError as exc:
        raise refuse(path, "The workbook is password-protected; remove the password.") from exc
    except (ImportFailed, Cancelled):
        raise
    except Exception as exc:  # calamine raises several types; all mean "unreadable"
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        raise refuse(
            path,
            f"The {file_format.value.upper()} workbook is damaged and cannot be read"
            + (f" ({detail})." if detail else "."),
        ) from exc
    if cancel is not None:
        cancel.raise_if_cancelled()
    report(progress, 0.9)
    if sheet_name is None:
        raise refuse(path, "The workbook has no sheet with any data in it.")
    first_row, first_col = start
    header_row = first_row + 1
    names = [(text_of(value) or "").strip() for value in rows[0]]
    data = rows[1:]
    keep_columns = _columns_to_keep(path, sheet_name, names, data, header_row, first_col)
    check_header(
        path,
        [names[i] for i in keep_columns],
        sheet=sheet_name,
        row=header_row,
        letters=[column_letter(first_col + i) for i in keep_columns],
    )
    width = len(names)
    kept_rows = [i for i, row in enumerate(data) if row.count("") != width]
    if len(kept_rows) != len(data):
        data = [data[i] for i in kept_rows]
    if not data:
        raise refuse(
            path,
            "The sheet has column names but no rows of leads.",
            sheet=sheet_name,
            row=header_row + 1,
        )
    sources = {names[i]: CellColumn(data, i) for i in keep_columns}
    offsets = np.asarray(kept_rows, dtype=np.int64) + header_row + 1
    report(progress, 1.0)
    return Table(
        source=path,
        columns=Columns(sources),
        n_rows=len(data),
        sheet=sheet_name,
        row_locator=lambda index: int(offsets[index]) if 0 <= index < len(offsets) else index,
    )


def _first_sheet_with_data(
    workbook: object, cancel: CancelToken | None
) -> tuple[str | None, tuple[int, int], list[list[object]]]:
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    for meta in workbook.sheets_metadata:  # type: ignore[attr-defined]
        if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
            continue
        if cancel is not None:
            cancel.raise_if_cancelled()
        sheet = workbook.get_sheet_by_name(meta.name)  # type: ignore[attr-defined]
        rows = sheet.to_python(skip_empty_area=True)
        if rows and any(value != "" for value in rows[0]):
            return meta.name, tuple(sheet.start or (0, 0)), rows  # type: ignore[return-value]
    return None, (0, 0), []


def _columns_to_keep(
    path: Path,
    sheet: str,
    names: list[str],
    data: list[list[object]],
    header_row: int,
    first_col: int,
) -> list[int]:
    """Indices of named columns; an unnamed column holding values is a problem."""
    keep: list[int] = []
    problems: list[ImportProblem] = []
    for index, name in enumerate(names):
        if name:
            keep.append(index)
            continue
        filled = next((n for n, row in enumerate(data) if row[index] != ""), None)
        if filled is None:
            continue  # an empty spacer column: nothing to lose
        problems.append(
            ImportProblem(
                str(path),
                "This column holds values but has no name in the header row.",
                row=header_row + 1 + filled,
                column=column_letter(first_col + index),
                sheet=sheet,
            )
        )
    if problems:
        raise ImportFailed(problems)
    return keep
