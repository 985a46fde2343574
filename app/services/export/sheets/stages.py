"""The lifecycle stages sheet: the funnel's stages in order, with their CRM value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.services.export.headers import STAGES
from app.services.export.profiles import Profile, crm_value_for
from app.services.export.records import ITEM_STATUSES, TEAMS, ExportBundle, StageRecord, is_exported
from app.services.export.sheets.base import (
    CellValue,
    ColumnKind,
    FieldSpec,
    ParsedRow,
    SheetData,
    SheetKind,
    ordered_row,
    whole_if_integral,
)


class StageSheet(SheetKind):
    """Order, name, CRM internal value, criteria, owner, SLA and recycle path."""

    sheet_id = STAGES
    title = "Lifecycle stages"
    description = (
        "The lifecycle stages in funnel order: what each means, when a lead enters and "
        "leaves it, who owns it, the hand-off SLA and where a lead goes when recycled."
    )
    field_specs: Mapping[str, FieldSpec] = {
        "key": FieldSpec(max_width=24),
        "order": FieldSpec(ColumnKind.INTEGER, required=True),
        "name": FieldSpec(required=True, max_width=32),
        "owner_team": FieldSpec(ColumnKind.CHOICE, TEAMS),
        "sla_hours": FieldSpec(ColumnKind.NUMBER),
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
        for record in sorted(bundle.stages, key=lambda r: (r.order, r.key)):
            if not is_exported(record.status, include_proposed):
                continue
            crm_value = crm_value_for(profile, self.sheet_id, record, mapping)
            values: dict[str, CellValue] = {
                "key": record.key,
                "order": record.order,
                "name": record.name,
                "crm_value": crm_value,
                "definition": record.definition,
                "entry_criteria": record.entry_criteria,
                "exit_criteria": record.exit_criteria,
                "owner_team": record.owner_team,
                "sla_hours": whole_if_integral(record.sla_hours),
                "recycle_path": record.recycle_path,
                "status": record.status,
            }
            sheet.rows.append(ordered_row(sheet, values))
            sheet.keys.append(record.key)
            sheet.crm_values[record.key] = crm_value
            sheet.sign_offs.append((record.name, record.status, record.agreed_by))
        return sheet

    def to_records(self, rows: Sequence[ParsedRow]) -> list[object]:
        return [
            StageRecord(
                key=row.key,
                order=int(row.number("order") or 0),
                name=row.text("name"),
                crm_value=row.text("crm_value"),
                definition=row.text("definition"),
                entry_criteria=row.text("entry_criteria"),
                exit_criteria=row.text("exit_criteria"),
                owner_team=row.text("owner_team") or "shared",
                sla_hours=row.number("sla_hours"),
                recycle_path=row.text("recycle_path"),
                status="proposed" if row.text("status") == "proposed" else "agreed",
            )
            for row in rows
        ]
