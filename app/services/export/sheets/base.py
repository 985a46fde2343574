"""The shape every definitions sheet shares: typed columns and rows, both ways.

A `SheetKind` knows one kind of definition. Going out, `build` turns the bundle into a
`SheetData` (headers from the profile, typed rows in a stable order, one key per row).
Coming back, the reader turns cells into `ParsedRow`s using the same `Column`s, and
`to_records` rebuilds the records. Columns marked `derived` are written for the CRM
(a picklist label, a Salesforce Rating...) but are never read back as edits.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from app.services.export.profiles import Profile
from app.services.export.records import ExportBundle, SignOffEntry

CellValue = str | int | float | date | datetime | None


class ColumnKind(enum.Enum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    CHOICE = "choice"


@dataclass(frozen=True)
class FieldSpec:
    """How a field is typed and checked, whatever the profile calls its column."""

    kind: ColumnKind = ColumnKind.TEXT
    choices: tuple[str, ...] = ()
    derived: bool = False
    required: bool = False
    max_width: int = 60


@dataclass(frozen=True)
class Column:
    """One column of a sheet: the field it holds and the profile's header for it."""

    field: str
    header: str
    spec: FieldSpec


@dataclass
class SheetData:
    """A sheet ready to write: typed rows in their final order, a key per row."""

    sheet_id: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: list[list[CellValue]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    # Key → the CRM internal value written, so a read-back can tell edits from mapping.
    crm_values: dict[str, str] = field(default_factory=dict)
    # Field name as written → the workspace's own name (profiles rename lead fields).
    field_names: dict[str, str] = field(default_factory=dict)
    # (item name, status, sign-offs) per row, for the README's "who agreed" list.
    sign_offs: list[tuple[str, str, Sequence[SignOffEntry]]] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


@dataclass(frozen=True)
class ParsedRow:
    """One data row read back: its key, its 1-based sheet row and typed field values."""

    key: str
    row: int
    values: Mapping[str, CellValue]

    def text(self, name: str) -> str:
        value = self.values.get(name)
        return "" if value is None else str(value)

    def number(self, name: str) -> float | None:
        value = self.values.get(name)
        return None if value is None or isinstance(value, str) else float(value)  # type: ignore[arg-type]


def canonical_number_text(value: float | int) -> str:
    """How a number cell reads as text: `50` for 50.0, `2.5` for 2.5."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def number_or_text(text: str) -> CellValue:
    """A number when the text is one written canonically (so it reads back the same)."""
    try:
        number = float(text)
    except ValueError:
        return text
    if not math.isfinite(number):
        return text
    value: int | float = int(number) if number.is_integer() and abs(number) < 1e15 else number
    return value if canonical_number_text(value) == text else text


def whole_if_integral(value: float | None) -> int | float | None:
    """Write 10 rather than 10.0 so CSV and CRM previews look like what was typed."""
    if value is not None and float(value).is_integer() and abs(value) < 1e15:
        return int(value)
    return value


class SheetKind:
    """One kind of definition: its sheet, its columns per profile, both directions."""

    sheet_id: str = ""
    title: str = ""
    description: str = ""
    # Fields not listed here are plain, optional text.
    field_specs: Mapping[str, FieldSpec] = {}
    # Checked for duplicates when read back (besides the key).
    unique_fields: tuple[str, ...] = ()

    def spec_for(self, profile: Profile, name: str) -> FieldSpec:
        return self.field_specs.get(name, FieldSpec())

    def columns(self, profile: Profile) -> tuple[Column, ...]:
        return tuple(
            Column(name, header, self.spec_for(profile, name))
            for name, header in profile.headers[self.sheet_id]
        )

    def new_sheet(self, profile: Profile) -> SheetData:
        return SheetData(self.sheet_id, self.title, self.description, self.columns(profile))

    def build(
        self,
        bundle: ExportBundle,
        profile: Profile,
        mapping: Mapping[str, str],
        include_proposed: bool,
    ) -> SheetData:
        raise NotImplementedError

    def row_keys(self, rows: Sequence[Mapping[str, CellValue]]) -> list[str]:
        """Keys of rows read back, in order; a row added by hand is keyed by its name."""
        return [
            str(values.get("key") or "") or f"new: {values.get('name') or ''}".strip()
            for values in rows
        ]

    def check(self, values: Mapping[str, CellValue]) -> list[tuple[str, str]]:
        """Problems (field, message) with one row read back, beyond types and picklists."""
        return []

    def to_records(self, rows: Sequence[ParsedRow]) -> list[object]:
        raise NotImplementedError


def ordered_row(sheet: SheetData, values: Mapping[str, CellValue]) -> list[CellValue]:
    """The row's cells in the sheet's column order."""
    return [values.get(column.field) for column in sheet.columns]
