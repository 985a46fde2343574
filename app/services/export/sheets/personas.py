"""The personas sheet: one row per buyer persona worksheet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.services.export.headers import PERSONAS
from app.services.export.profiles import Profile
from app.services.export.records import ITEM_STATUSES, ExportBundle, PersonaRecord, is_exported
from app.services.export.sheets.base import (
    CellValue,
    ColumnKind,
    FieldSpec,
    ParsedRow,
    SheetData,
    SheetKind,
    ordered_row,
)

PERSONA_TEXT_FIELDS: tuple[str, ...] = (
    "role",
    "seniority",
    "industry",
    "company_size",
    "goals",
    "pains",
    "objections",
    "buying_triggers",
    "channels",
    "content",
)


class PersonaSheet(SheetKind):
    """Who the buyer is, what they want and fear, and how to reach them."""

    sheet_id = PERSONAS
    title = "Personas"
    description = (
        "The buyer personas: role, seniority, industry, company size, goals, pains, "
        "objections, buying triggers, the channels that reach them and the content "
        "that helps."
    )
    field_specs: Mapping[str, FieldSpec] = {
        "key": FieldSpec(max_width=24),
        "name": FieldSpec(required=True, max_width=32),
        "status": FieldSpec(ColumnKind.CHOICE, ITEM_STATUSES, derived=True),
    }

    def build(
        self,
        bundle: ExportBundle,
        profile: Profile,
        mapping: Mapping[str, str],
        include_proposed: bool,
    ) -> SheetData:
        sheet = self.new_sheet(profile)
        for record in sorted(bundle.personas, key=lambda r: (r.name.casefold(), r.key)):
            if not is_exported(record.status, include_proposed):
                continue
            values: dict[str, CellValue] = {n: getattr(record, n) for n in PERSONA_TEXT_FIELDS}
            values.update(key=record.key, name=record.name, status=record.status)
            sheet.rows.append(ordered_row(sheet, values))
            sheet.keys.append(record.key)
            sheet.sign_offs.append((record.name, record.status, record.agreed_by))
        return sheet

    def to_records(self, rows: Sequence[ParsedRow]) -> list[object]:
        return [
            PersonaRecord(
                key=row.key,
                name=row.text("name"),
                role=row.text("role"),
                seniority=row.text("seniority"),
                industry=row.text("industry"),
                company_size=row.text("company_size"),
                goals=row.text("goals"),
                pains=row.text("pains"),
                objections=row.text("objections"),
                buying_triggers=row.text("buying_triggers"),
                channels=row.text("channels"),
                content=row.text("content"),
                status="proposed" if row.text("status") == "proposed" else "agreed",
            )
            for row in rows
        ]
