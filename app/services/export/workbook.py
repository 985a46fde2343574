"""The CRM export workbook: every definitions sheet assembled into one `.xlsx`.

Written with XlsxWriter, which writes the same cells about twice as fast as openpyxl's
write-only mode and supports everything the workbook needs (tables with filters, list
validation, frozen panes, hidden sheets). Every text cell goes through `safe_rows`, and
XlsxWriter is told never to turn strings into formulas, numbers or links. The file is
written beside the target under a temporary name and moved into place at the end, so a
failed or cancelled export never leaves half a file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException

from app.services.errors import AccordError
from app.services.export.cells import ExportWarning, safe_rows
from app.services.export.profiles import (
    Profile,
    UnmappedItem,
    get_profile,
    unmapped_items,
)
from app.services.export.records import ExportBundle
from app.services.export.sheets import SheetData, build_sheets
from app.services.export.sheets.base import CellValue, ColumnKind
from app.services.export.sheets.readme import FreeSheet, build_meta, build_readme
from app.services.progress import CancelToken, ProgressCallback, report

_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "remove_timezone": True,
}
_CHECK_EVERY = 500
_MIN_WIDTH = 9
# Excel refuses list validations whose comma-joined values exceed 255 characters.
_MAX_LIST_SOURCE = 255


@dataclass
class ExportReport:
    """What an export wrote: rows per sheet, warnings, and items lacking a CRM value."""

    path: Path
    profile: str
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[ExportWarning] = field(default_factory=list)
    unmapped: list[UnmappedItem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def resolve_profile(profile: Profile | str) -> Profile:
    return get_profile(profile) if isinstance(profile, str) else profile


def prepare_export(
    bundle: ExportBundle,
    profile: Profile,
    mapping: Mapping[str, str],
    include_proposed: bool,
    target: Path,
) -> tuple[list[SheetData], ExportReport]:
    """Build the data sheets and a report carrying the unmapped-item warnings."""
    sheets = build_sheets(bundle, profile, mapping, include_proposed)
    result = ExportReport(path=target, profile=profile.id)
    result.counts = {sheet.title: len(sheet.rows) for sheet in sheets}
    result.unmapped = unmapped_items(profile, bundle, mapping, include_proposed=include_proposed)
    titles = {sheet.sheet_id: sheet.title for sheet in sheets}
    for item in result.unmapped:
        result.warnings.append(ExportWarning(titles[item.sheet], f"'{item.name}' {item.message}"))
    return sheets, result


@contextlib.contextmanager
def atomic_target(path: Path, suffix: str) -> Iterator[Path]:
    """A temporary path beside `path`, moved over it only if the block succeeds."""
    if not path.parent.is_dir():
        raise AccordError(f"The folder {path.parent} does not exist.")
    try:
        handle, temp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.stem}-", suffix=suffix
        )
    except OSError as exc:
        raise AccordError(f"Cannot write in {path.parent}: {exc.strerror or exc}.") from exc
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        os.replace(temp, path)
    except OSError as exc:
        raise AccordError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    finally:
        temp.unlink(missing_ok=True)


class _Writer:
    """Writes SheetData and FreeSheets into one XlsxWriter workbook, with progress."""

    def __init__(
        self,
        book: Any,
        warnings: list[ExportWarning],
        total_rows: int,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> None:
        self.book = book
        self.warnings = warnings
        self.total = max(total_rows, 1)
        self.done = 0
        self.progress = progress
        self.cancel = cancel
        self.bold = book.add_format({"bold": True})
        self.date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        self.time_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})

    def _advance(self, rows: int) -> None:
        self.done += rows
        if self.cancel is not None:
            self.cancel.raise_if_cancelled()
        report(self.progress, self.done / self.total)

    def _write_cells(self, sheet: Any, row: int, cells: Sequence[CellValue]) -> None:
        for col, value in enumerate(cells):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                sheet.write_string(row, col, value)
            elif kind is int or kind is float:
                sheet.write_number(row, col, value)
            elif kind is datetime:
                sheet.write_datetime(row, col, value, self.time_format)
            elif kind is date:
                sheet.write_datetime(row, col, value, self.date_format)
            else:
                sheet.write_string(row, col, str(value))

    def write_free(self, data: FreeSheet) -> None:
        sheet = self.book.add_worksheet(data.title)
        for col, width in enumerate(data.widths):
            sheet.set_column(col, col, width)
        for row, cells in enumerate(safe_rows(data.title, (), data.rows, self.warnings, 1)):
            if row in data.bold_rows:
                for col, value in enumerate(cells):
                    if value is not None:
                        sheet.write(row, col, value, self.bold)
            else:
                self._write_cells(sheet, row, cells)
            if row % _CHECK_EVERY == _CHECK_EVERY - 1:
                self._advance(_CHECK_EVERY)
        self._advance(len(data.rows) % _CHECK_EVERY)
        if data.hidden:
            sheet.hide()

    def write_data(self, data: SheetData) -> None:
        sheet = self.book.add_worksheet(data.title)
        headers = data.headers
        longest = [len(h) + 3 for h in headers]
        rows = safe_rows(data.title, headers, data.rows, self.warnings)
        for row, cells in enumerate(rows, start=1):
            self._write_cells(sheet, row, cells)
            for col, value in enumerate(cells):
                if value is not None:
                    size = len(value) if type(value) is str else len(str(value))  # type: ignore[arg-type]
                    if size + 2 > longest[col]:
                        longest[col] = size + 2
            if row % _CHECK_EVERY == 0:
                self._advance(_CHECK_EVERY)
        self._advance(len(data.rows) % _CHECK_EVERY)
        self._finish_layout(sheet, data, longest)

    def _finish_layout(self, sheet: Any, data: SheetData, longest: list[int]) -> None:
        last_row, last_col = len(data.rows), len(data.columns) - 1
        for col, column in enumerate(data.columns):
            width = max(_MIN_WIDTH, min(longest[col], column.spec.max_width))
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        if last_row == 0:
            # Excel cannot open a table without a data row: plain bold headers + filter.
            sheet.write_row(0, 0, data.headers, self.bold)
            sheet.autofilter(0, 0, 0, last_col)
            return
        columns = [{"header": h, "header_format": self.bold} for h in data.headers]
        table = {"name": data.title.replace(" ", "_"), "columns": columns}
        sheet.add_table(0, 0, last_row, last_col, table | {"style": "Table Style Light 9"})
        for col, column in enumerate(data.columns):
            choices = column.spec.choices
            if column.spec.kind is not ColumnKind.CHOICE or not choices:
                continue
            if len(",".join(choices)) > _MAX_LIST_SOURCE:
                continue
            sheet.data_validation(
                1,
                col,
                last_row,
                col,
                {
                    "validate": "list",
                    "source": list(choices),
                    "ignore_blank": True,
                    "error_title": "Value not in the list",
                    "error_message": f"'{column.header}' must be one of the listed values.",
                },
            )


def export_workbook(
    bundle: ExportBundle,
    profile: Profile | str,
    mapping: Mapping[str, str],
    path: str | os.PathLike[str],
    *,
    include_proposed: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ExportReport:
    """Write the definitions workbook for `profile` to `path`, atomically.

    Only agreed items unless `include_proposed`. Items without a CRM value are written
    with an empty value and listed in the report's `unmapped` and `warnings`.
    Raises Cancelled (nothing written) or AccordError when the file cannot be written.
    """
    profile = resolve_profile(profile)
    target = Path(path)
    sheets, result = prepare_export(bundle, profile, mapping, include_proposed, target)
    readme = build_readme(bundle, profile, include_proposed, sheets)
    meta = build_meta(profile, include_proposed, sheets)
    total = sum(len(s.rows) for s in sheets) + len(readme.rows) + len(meta.rows)
    with atomic_target(target, ".xlsx.part") as temp:
        book = xlsxwriter.Workbook(str(temp), _WORKBOOK_OPTIONS)
        try:
            writer = _Writer(book, result.warnings, total, progress, cancel)
            writer.write_free(readme)
            for sheet in sheets:
                writer.write_data(sheet)
            writer.write_free(meta)
        except BaseException:
            book.fileclosed = True  # nothing worth saving; the temp file is removed
            raise
        try:
            book.close()
        except (XlsxWriterException, OSError) as exc:
            raise AccordError(f"Cannot write {target}: {exc}") from exc
    result.files = [target]
    report(progress, 1.0)
    return result
