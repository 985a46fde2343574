"""The lead statuses sheet: the working states of a lead, in order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.services.export.headers import STATUSES
from app.services.export.profiles import Profile, crm_value_for
from app.services.export.records import (
    ITEM_STATUSES,
    TEAMS,
    ExportBundle,
    LeadStatusRecord,
    is_exported,
)
from app.services.export.sheets.base import (
    CellValue,
    ColumnKind,
    FieldSpec,
    ParsedRow,
    SheetData,
    SheetKind,
    ordered_row,
)


class LeadStatusSheet(SheetKind):
    """Order, name, CRM internal value (and Salesforce picklist label), definition."""

    sheet_id = STATUSES
    title = "Lead statuses"
    description = (
        "The lead statuses in order, with the value the CRM stores for each "
        "(for Salesforce, the Lead Status picklist label and API name)."
    )
    field_specs: Mapping[str, FieldSpec] = {
        "key": FieldSpec(max_width=24),
        "order": FieldSpec(ColumnKind.INTEGER, required=True),
        "name": FieldSpec(required=True, max_width=32),
        "picklist_label": FieldSpec(derived=True, max_width=32),
        "owner_team": FieldSpec(ColumnKind.CHOICE, TEAMS),
        "status": FieldSpec(ColumnKind.CHOICE, ITEM_STATUSES, derived=True),
    }
    unique_fields = ("crm_value",)

    def spec_for(self, profile: Profile, name: str) -> FieldSpec:
        values = profile.value_set(self.sheet_id)
        if name == "crm_value" and values is not None and values.closed:
            return FieldSpec(ColumnKind.CHOICE, tuple(v.value for v in values.values))
        return super().spec_for(profile, name)

    def build(
        self,
        bundle: ExportBundle,
        profile: Profile,
        mapping: Mapping[str, str],
        include_proposed: bool,
    ) -> SheetData:
        sheet = self.new_sheet(profile)
        value_set = profile.value_set(self.sheet_id)
        for record in sorted(bundle.statuses, key=lambda r: (r.order, r.key)):
            if not is_exported(record.status, include_proposed):
                continue
            crm_value = crm_value_for(profile, self.sheet_id, record, mapping)
            label = value_set.label_of(crm_value) if value_set else None
            values: dict[str, CellValue] = {
                "key": record.key,
                "order": record.order,
                "name": record.name,
                "picklist_label": label or record.name,
                "crm_value": crm_value,
                "definition": record.definition,
                "owner_team": record.owner_team,
                "status": record.status,
            }
            sheet.rows.append(ordered_row(sheet, values))
            sheet.keys.append(record.key)
            sheet.crm_values[record.key] = crm_value
            sheet.sign_offs.append((record.name, record.status, record.agreed_by))
        return sheet

    def to_records(self, rows: Sequence[ParsedRow]) -> list[object]:
        return [
            LeadStatusRecord(
                key=row.key,
                order=int(row.number("order") or 0),
                name=row.text("name"),
                crm_value=row.text("crm_value"),
                definition=row.text("definition"),
                owner_team=row.text("owner_team") or "shared",
                status="proposed" if row.text("status") == "proposed" else "agreed",
            )
            for row in rows
        ]
