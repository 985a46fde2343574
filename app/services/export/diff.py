"""What applying an edited workbook would change in the workspace, item by item.

The current workspace is rendered the way the workbook's export saw it (same profile,
same CRM values per item) and compared cell by cell with what was read back, so an
untouched workbook shows no change whatever the profile. Columns written only for the
CRM (Status, picklist labels, Rating, CRM field names) are not edits and are ignored.
An item counts as removed only if the export wrote it: proposed items left out of an
agreed-only export, or items created after the export, are not removals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.services.export.parsed import ParsedDefinitions
from app.services.export.profiles import get_profile
from app.services.export.records import ExportBundle
from app.services.export.safety import clean_text
from app.services.export.sheets import SHEET_KINDS, build_sheets
from app.services.export.sheets.base import (
    CellValue,
    Column,
    ColumnKind,
    canonical_number_text,
    whole_if_integral,
)


@dataclass(frozen=True)
class FieldChange:
    """One field of one item: its value now and in the workbook."""

    field: str
    before: CellValue
    after: CellValue


@dataclass(frozen=True)
class ItemRef:
    """An added or removed item: the sheet (as titled in the workbook) and its key."""

    sheet: str
    key: str
    sheet_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "key": self.key}


@dataclass(frozen=True)
class ItemChange:
    """An item present on both sides whose fields differ."""

    sheet: str
    key: str
    fields: tuple[FieldChange, ...]
    sheet_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "key": self.key,
            "fields": [
                {"field": c.field, "before": _json_value(c.before), "after": _json_value(c.after)}
                for c in self.fields
            ],
        }


def _json_value(value: CellValue) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value  # type: ignore[union-attr]


@dataclass(frozen=True)
class DefinitionsDiff:
    """Additions, changes (field by field) and removals an edited workbook brings."""

    added: tuple[ItemRef, ...] = ()
    changed: tuple[ItemChange, ...] = ()
    removed: tuple[ItemRef, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "added": [item.to_json() for item in self.added],
            "changed": [item.to_json() for item in self.changed],
            "removed": [item.to_json() for item in self.removed],
        }


def _comparable(value: CellValue, column: Column) -> CellValue:
    """A value as it reads back from a cell, so both sides compare like for like."""
    if column.spec.kind in (ColumnKind.INTEGER, ColumnKind.NUMBER):
        return None if value in (None, "") else whole_if_integral(float(value))  # type: ignore[arg-type]
    if value is None:
        return ""
    if isinstance(value, int | float):
        return canonical_number_text(value)
    return clean_text(str(value)) if column.spec.kind is ColumnKind.TEXT else str(value).strip()


def diff_definitions(current: ExportBundle, parsed: ParsedDefinitions) -> DefinitionsDiff:
    """Compare the workspace now with an edited workbook read back from its export."""
    profile = get_profile(parsed.profile)
    mapping: Mapping[str, str] = parsed.crm_values
    everything = build_sheets(current, profile, mapping, include_proposed=True)
    default_scope = build_sheets(current, profile, mapping, bool(parsed.include_proposed))
    added: list[ItemRef] = []
    changed: list[ItemChange] = []
    removed: list[ItemRef] = []
    for kind, sheet, scoped in zip(SHEET_KINDS, everything, default_scope, strict=True):
        incoming = parsed.rows.get(kind.sheet_id, {})
        editable = [c for c in sheet.columns if not c.spec.derived and c.field != "key"]
        mine = dict(zip(sheet.keys, sheet.rows, strict=True))
        positions = {c.field: i for i, c in enumerate(sheet.columns)}
        for key, row in incoming.items():
            if key not in mine:
                added.append(ItemRef(sheet.title, key, kind.sheet_id))
                continue
            fields = []
            for column in editable:
                before = _comparable(mine[key][positions[column.field]], column)
                after = _comparable(row.values.get(column.field), column)
                if before != after:
                    fields.append(FieldChange(column.field, before, after))
            if fields:
                changed.append(ItemChange(sheet.title, key, tuple(fields), kind.sheet_id))
        if parsed.exported_keys is not None:
            written = parsed.exported_keys.get(kind.sheet_id, frozenset())
        else:
            written = frozenset(scoped.keys)
        for key in sheet.keys:
            if key in written and key not in incoming:
                removed.append(ItemRef(sheet.title, key, kind.sheet_id))
    return DefinitionsDiff(tuple(added), tuple(changed), tuple(removed))
