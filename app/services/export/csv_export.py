"""The same definitions as one UTF-8 CSV file per sheet, for CRMs that import CSV.

Each file holds exactly the headers and cells of the matching workbook sheet, after the
same safety rules (formula neutralising, control characters, length limit). With
`bom=True` the files start with a byte order mark so Excel opens them as UTF-8.
Numbers are written as the workbook shows them (`24`, `2.5`), times as ISO 8601.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from app.services.errors import AccordError
from app.services.export.cells import ExportWarning, safe_rows
from app.services.export.profiles import Profile
from app.services.export.records import ExportBundle
from app.services.export.sheets.base import CellValue, canonical_number_text
from app.services.export.sheets.readme import build_readme
from app.services.export.workbook import (
    ExportReport,
    atomic_target,
    prepare_export,
    resolve_profile,
)
from app.services.progress import CancelToken, ProgressCallback, report


def csv_file_name(sheet_title: str) -> str:
    """`Lifecycle stages` → `lifecycle_stages.csv`."""
    return re.sub(r"[^a-z0-9]+", "_", sheet_title.lower()).strip("_") + ".csv"


def csv_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return canonical_number_text(value)


def _write_csv(
    path: Path,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[CellValue]],
    warnings: list[ExportWarning],
    bom: bool,
    cancel: CancelToken | None,
) -> None:
    encoding = "utf-8-sig" if bom else "utf-8"
    with (
        atomic_target(path, ".csv.part") as temp,
        temp.open("w", encoding=encoding, newline="") as f,
    ):
        writer = csv.writer(f)
        if headers:
            writer.writerow(headers)
        first_row = 2 if headers else 1
        for number, cells in enumerate(safe_rows(title, headers, rows, warnings, first_row)):
            writer.writerow([csv_text(v) for v in cells])
            if cancel is not None and number % 500 == 0:
                cancel.raise_if_cancelled()


def export_csv(
    bundle: ExportBundle,
    profile: Profile | str,
    mapping: Mapping[str, str],
    folder: str | os.PathLike[str],
    *,
    include_proposed: bool = False,
    bom: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ExportReport:
    """Write `readme.csv` and one CSV per data sheet into `folder` (created if needed).

    Each file is replaced atomically; a cancelled export may leave the files written
    before the cancel in place, each one complete.
    """
    profile = resolve_profile(profile)
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AccordError(f"Cannot create the folder {target}: {exc.strerror or exc}.") from exc
    sheets, result = prepare_export(bundle, profile, mapping, include_proposed, target)
    readme = build_readme(bundle, profile, include_proposed, sheets)
    outputs: list[tuple[str, Sequence[str], Sequence[Sequence[CellValue]]]] = [
        (readme.title, (), readme.rows),
        *((sheet.title, sheet.headers, sheet.rows) for sheet in sheets),
    ]
    for index, (title, headers, rows) in enumerate(outputs):
        path = target / csv_file_name(title)
        _write_csv(path, title, headers, rows, result.warnings, bom, cancel)
        result.files.append(path)
        report(progress, (index + 1) / len(outputs))
    return result
