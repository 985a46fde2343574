"""The glossary sheet: every other agreed term (CRM fields, general vocabulary)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.services.errors import AccordError
from app.services.export.headers import GLOSSARY
from app.services.export.profiles import Profile
from app.services.export.records import (
    ITEM_STATUSES,
    TEAMS,
    ExportBundle,
    GlossaryRecord,
    is_exported,
)
from app.services.export.sheets.base import (
    ColumnKind,
    FieldSpec,
    ParsedRow,
    SheetData,
    SheetKind,
    ordered_row,
)

FIELD_CATEGORY = "field"


class GlossarySheet(SheetKind):
    """Name, category, definition, synonyms, examples; the CRM name for field terms."""

    sheet_id = GLOSSARY
    title = "Glossary"
    description = (
        "All other agreed terms. Terms of category 'field' are lead fields; for HubSpot "
        "and Salesforce the column after Category gives the CRM's name for them."
    )
    field_specs: Mapping[str, FieldSpec] = {
        "key": FieldSpec(max_width=24),
        "name": FieldSpec(required=True, max_width=32),
        "crm_field_name": FieldSpec(derived=True, max_width=32),
        "owner_team": FieldSpec(ColumnKind.CHOICE, TEAMS),
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
        for record in sorted(bundle.glossary, key=lambda r: (r.name.casefold(), r.key)):
            if not is_exported(record.status, include_proposed):
                continue
            crm_field_name = None
            if record.category == FIELD_CATEGORY:
                try:
                    crm_field_name = profile.field_name(record.name)
                except AccordError:
                    crm_field_name = None
            values = {
                "key": record.key,
                "name": record.name,
                "category": record.category,
                "crm_field_name": crm_field_name,
                "definition": record.definition,
                "synonyms": record.synonyms,
                "examples": record.examples,
                "owner_team": record.owner_team,
                "status": record.status,
            }
            sheet.rows.append(ordered_row(sheet, values))
            sheet.keys.append(record.key)
            sheet.sign_offs.append((record.name, record.status, record.agreed_by))
        return sheet

    def to_records(self, rows: Sequence[ParsedRow]) -> list[object]:
        return [
            GlossaryRecord(
                key=row.key,
                name=row.text("name"),
                category=row.text("category") or "general",
                definition=row.text("definition"),
                synonyms=row.text("synonyms"),
                examples=row.text("examples"),
                owner_team=row.text("owner_team") or "shared",
                status="proposed" if row.text("status") == "proposed" else "agreed",
            )
            for row in rows
        ]
