"""The way back: reading an edited definitions workbook, refusing it if it is unsafe.

`read_definitions_workbook` accepts a workbook written by any profile (the profile is
read from the hidden export-data sheet, else the README sheet, else recognised from the
headers) and turns it into records. A workbook that is not ours, lacks columns, repeats
a key or an internal value, holds a value a picklist does not allow, holds formulas or
mistyped numbers is refused as a whole with every problem found (sheet, row, column).
`diff_definitions` (in `diff`) then says what applying it would change.
"""

from __future__ import annotations

import math
import os
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, cast

from app.services.errors import ImportFailed, ImportProblem
from app.services.export.cells import naive_utc
from app.services.export.diff import DefinitionsDiff, diff_definitions
from app.services.export.headers import SCORING_RULES, THRESHOLDS
from app.services.export.parsed import ParsedDefinitions
from app.services.export.profiles import PROFILES, Profile
from app.services.export.records import (
    ScoringModelRecord,
)
from app.services.export.safety import restore_text
from app.services.export.sheets import SHEET_KINDS, SheetKind
from app.services.export.sheets.base import (
    CellValue,
    Column,
    ColumnKind,
    ParsedRow,
    canonical_number_text,
)
from app.services.export.sheets.readme import (
    META_SHEET,
    README_SHEET,
    parse_meta,
    profile_from_readme,
)
from app.services.progress import CancelToken, ProgressCallback, report
from app.services.scoring.spec import CriterionSpec, ScoringModelSpec, ThresholdSpec

_MAX_PROBLEMS = 200

__all__ = ["DefinitionsDiff", "ParsedDefinitions", "diff_definitions", "read_definitions_workbook"]


class _Problems:
    def __init__(self, path: Path) -> None:
        self.file = str(path)
        self.items: list[ImportProblem] = []

    def add(
        self,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        if len(self.items) < _MAX_PROBLEMS:
            self.items.append(ImportProblem(self.file, message, row, column, sheet))

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportFailed(self.items)


def _open(path: Path) -> Any:
    # Imported here: only the import command and dialog pay openpyxl's start-up cost.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise ImportFailed([ImportProblem(str(path), "the file does not exist")])
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        message = (
            f"this is not an Excel workbook (.xlsx) Accord can read ({exc.__class__.__name__})"
        )
        raise ImportFailed([ImportProblem(str(path), message)]) from exc


def _row_values(sheet: Any) -> list[list[CellValue]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _header_map(cells: Sequence[Any]) -> dict[str, int]:
    headers: dict[str, int] = {}
    for index, cell in enumerate(cells):
        value = cell.value if hasattr(cell, "value") else cell
        if value is not None:
            headers.setdefault(str(value).strip(), index)
    return headers


def _detect_profile(book: Any) -> str:
    """The profile whose headers match the most data sheets ("" when none match)."""
    best, best_score = "", 0
    for profile in PROFILES.values():
        score = 0
        for kind in SHEET_KINDS:
            if kind.title not in book.sheetnames:
                continue
            first = next(book[kind.title].iter_rows(max_row=1, values_only=True), ())
            found = _header_map(first)
            if all(c.header in found for c in kind.columns(profile)):
                score += 1
        if score > best_score:
            best, best_score = profile.id, score
    return best


def _cell_value(
    cell: Any, column: Column, problems: _Problems, sheet: str, row: int
) -> tuple[CellValue, bool]:
    """The typed value of one cell, and whether it was acceptable."""

    def refuse(message: str) -> tuple[CellValue, bool]:
        problems.add(message, sheet, row, column.header)
        return None, False

    value = getattr(cell, "value", None)
    data_type = getattr(cell, "data_type", None)
    if data_type == "f":
        return refuse("the cell holds a formula; Accord accepts typed values only")
    if data_type == "e":
        return refuse(f"the cell holds the error value {value}")
    kind = column.spec.kind
    if isinstance(value, str):
        value = restore_text(value) if kind in (ColumnKind.TEXT, ColumnKind.CHOICE) else value
    elif isinstance(value, bool):
        value = "TRUE" if value else "FALSE"
    elif isinstance(value, datetime):
        value = naive_utc(value).isoformat(sep=" ")
    elif isinstance(value, date | time):
        value = value.isoformat()
    if kind in (ColumnKind.INTEGER, ColumnKind.NUMBER):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None, True
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return refuse(f"'{value}' is not a number")
        if not math.isfinite(number):
            return refuse(f"'{value}' is not a number a spreadsheet can hold")
        if kind is ColumnKind.INTEGER:
            if not number.is_integer():
                return refuse(f"'{value}' is not a whole number")
            return int(number), True
        return (int(number) if isinstance(value, int) else number), True
    if value is None:
        return "", True
    text = canonical_number_text(value) if isinstance(value, int | float) else str(value)
    if kind is ColumnKind.CHOICE and text.strip():
        wanted = text.strip().casefold()
        match = next((c for c in column.spec.choices if c.casefold() == wanted), None)
        if match is None:
            allowed = ", ".join(column.spec.choices[:10])
            return refuse(f"'{text}' is not an allowed value (allowed: {allowed})")
        return match, True
    return (text.strip() if kind is ColumnKind.CHOICE else text), True


def _read_sheet(
    book: Any, kind: SheetKind, profile: Profile, problems: _Problems
) -> dict[str, ParsedRow]:
    title = kind.title
    if title not in book.sheetnames:
        problems.add("the sheet is missing", title)
        return {}
    rows = book[title].iter_rows()
    found = _header_map(next(rows, ()))
    columns = [c for c in kind.columns(profile) if c.header in found]
    for column in kind.columns(profile):
        if column.header not in found and not column.spec.derived:
            problems.add("the column is missing", title, 1, column.header)
    numbered: list[tuple[int, dict[str, CellValue]]] = []
    for row_number, cells in enumerate(rows, start=2):
        if all(getattr(c, "value", None) in (None, "") for c in cells):
            continue
        values: dict[str, CellValue] = {}
        for column in columns:
            index = found[column.header]
            cell = cells[index] if index < len(cells) else None
            value, ok = _cell_value(cell, column, problems, title, row_number)
            if ok and column.spec.required and value in (None, ""):
                problems.add(
                    "the cell is empty; a value is needed", title, row_number, column.header
                )
            values[column.field] = value
        for name, message in kind.check(values):
            header = next((c.header for c in columns if c.field == name), name)
            problems.add(message, title, row_number, header)
        numbered.append((row_number, values))
    return _keyed_rows(kind, profile, numbered, problems)


def _keyed_rows(
    kind: SheetKind,
    profile: Profile,
    numbered: list[tuple[int, dict[str, CellValue]]],
    problems: _Problems,
) -> dict[str, ParsedRow]:
    headers = dict(profile.headers[kind.sheet_id])
    key_column = headers.get("key") or headers.get("model") or ""
    parsed: dict[str, ParsedRow] = {}
    seen_values: dict[tuple[str, str], int] = {}
    keys = kind.row_keys([values for _, values in numbered])
    for (row_number, values), key in zip(numbered, keys, strict=True):
        if key in parsed:
            first = parsed[key].row
            message = f"'{key}' appears twice (first on row {first}); keys must be unique"
            problems.add(message, kind.title, row_number, key_column)
            continue
        for name in kind.unique_fields:
            value = str(values.get(name) or "").strip().casefold()
            if not value:
                continue
            if (name, value) in seen_values:
                first = seen_values[(name, value)]
                message = f"'{values[name]}' is also used on row {first}; values must be unique"
                problems.add(message, kind.title, row_number, headers.get(name, name))
            seen_values.setdefault((name, value), row_number)
        parsed[key] = ParsedRow(key, row_number, values)
    return parsed


def _scoring_models(
    rules: Sequence[object], thresholds: Sequence[object], field_names: Mapping[str, str]
) -> tuple[ScoringModelRecord, ...]:
    criteria: dict[str, list[CriterionSpec]] = {}
    limits: dict[str, list[ThresholdSpec]] = {}
    for pair in rules:
        model, criterion = cast(tuple[str, CriterionSpec], pair)
        original = field_names.get(criterion.field, criterion.field)
        criteria.setdefault(model, []).append(replace(criterion, field=original))
    for pair in thresholds:
        model, threshold = cast(tuple[str, ThresholdSpec], pair)
        limits.setdefault(model, []).append(threshold)
    names = sorted(set(criteria) | set(limits))
    return tuple(
        ScoringModelRecord(
            ScoringModelSpec(name, tuple(criteria.get(name, ())), tuple(limits.get(name, ())))
        )
        for name in names
    )


def read_definitions_workbook(
    path: str | os.PathLike[str],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ParsedDefinitions:
    """Read an exported (and perhaps edited) workbook; raise ImportFailed if unsafe."""
    source = Path(path)
    problems = _Problems(source)
    book = _open(source)
    try:
        meta = parse_meta(_row_values(book[META_SHEET])) if META_SHEET in book.sheetnames else None
        profile_id = meta.profile if meta else ""
        if not profile_id and README_SHEET in book.sheetnames:
            profile_id = profile_from_readme(_row_values(book[README_SHEET]), PROFILES.values())
        profile_id = profile_id if profile_id in PROFILES else _detect_profile(book)
        if not profile_id:
            problems.add(
                "this workbook was not written by Accord's CRM export: it has no README "
                "sheet naming a profile and no definitions sheet with the expected columns"
            )
            problems.raise_if_any()
        profile = PROFILES[profile_id]
        rows: dict[str, dict[str, ParsedRow]] = {}
        for index, kind in enumerate(SHEET_KINDS):
            if cancel is not None:
                cancel.raise_if_cancelled()
            rows[kind.sheet_id] = _read_sheet(book, kind, profile, problems)
            report(progress, (index + 1) / len(SHEET_KINDS))
    finally:
        book.close()
    problems.raise_if_any()
    records = {
        kind.sheet_id: kind.to_records(list(rows[kind.sheet_id].values())) for kind in SHEET_KINDS
    }
    field_names = meta.field_names if meta else {}
    return ParsedDefinitions(
        path=source,
        profile=profile.id,
        include_proposed=meta.include_proposed if meta else None,
        stages=tuple(records["stages"]),  # type: ignore[arg-type]
        statuses=tuple(records["statuses"]),  # type: ignore[arg-type]
        glossary=tuple(records["glossary"]),  # type: ignore[arg-type]
        personas=tuple(records["personas"]),  # type: ignore[arg-type]
        scoring_models=_scoring_models(records[SCORING_RULES], records[THRESHOLDS], field_names),
        rows=rows,
        exported_keys=(
            {sheet: frozenset(keys) for sheet, keys in meta.exported_keys.items()} if meta else None
        ),
        crm_values=meta.crm_values if meta else {},
        field_names=field_names,
    )
