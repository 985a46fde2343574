"""The thresholds sheet: from how many points a lead takes a status or a grade."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.services.export.headers import THRESHOLDS
from app.services.export.naming import salesforce_rating
from app.services.export.profiles import Profile
from app.services.export.records import ExportBundle, is_exported
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
from app.services.scoring.spec import ThresholdKind, ThresholdSpec


def threshold_key(model: str, kind: str, label: str) -> str:
    return f"{model} / {kind} / {label}"


class ThresholdsSheet(SheetKind):
    """Status thresholds (on the total) and grades (on fit points) per model."""

    sheet_id = THRESHOLDS
    title = "Thresholds"
    description = (
        "Per scoring model, the total from which a lead takes a status (kind 'status', "
        "e.g. MQL) and the fit points from which it gets a grade (kind 'grade', A-D)."
    )
    field_specs: Mapping[str, FieldSpec] = {
        "model": FieldSpec(required=True, max_width=32),
        "kind": FieldSpec(ColumnKind.CHOICE, tuple(k.value for k in ThresholdKind), required=True),
        "label": FieldSpec(required=True, max_width=24),
        "min_points": FieldSpec(ColumnKind.NUMBER, required=True),
        "rating": FieldSpec(ColumnKind.CHOICE, ("Hot", "Warm", "Cold"), derived=True),
    }

    def build(
        self,
        bundle: ExportBundle,
        profile: Profile,
        mapping: Mapping[str, str],
        include_proposed: bool,
    ) -> SheetData:
        sheet = self.new_sheet(profile)
        for model in sorted(bundle.scoring_models, key=lambda m: (m.spec.name, m.status)):
            if not is_exported(model.status, include_proposed):
                continue
            statuses = sorted(model.spec.statuses(), key=lambda t: (-t.min_points, t.label))
            grades = sorted(model.spec.grades(), key=lambda t: (-t.min_points, t.label))
            for rank, threshold in enumerate([*statuses, *grades]):
                is_grade = threshold.kind is ThresholdKind.GRADE
                values = {
                    "model": model.spec.name,
                    "kind": threshold.kind.value,
                    "label": threshold.label,
                    "min_points": whole_if_integral(threshold.min_points),
                    "rating": salesforce_rating(rank - len(statuses)) if is_grade else None,
                }
                sheet.rows.append(ordered_row(sheet, values))
                sheet.keys.append(
                    threshold_key(model.spec.name, threshold.kind.value, threshold.label)
                )
        return sheet

    def row_keys(self, rows: Sequence[Mapping[str, CellValue]]) -> list[str]:
        return [
            threshold_key(
                str(values.get("model") or ""),
                str(values.get("kind") or ""),
                str(values.get("label") or ""),
            )
            for values in rows
        ]

    def to_records(self, rows: Sequence[ParsedRow]) -> list[object]:
        """(model name, threshold) pairs in sheet order."""
        return [
            (
                row.text("model"),
                ThresholdSpec(
                    kind=ThresholdKind(row.text("kind")),
                    label=row.text("label"),
                    min_points=row.number("min_points") or 0.0,
                ),
            )
            for row in rows
        ]
