"""The scoring rules sheet: one row per criterion of every exported scoring model.

Its shape is the rules workbook (`model, dimension, field, operator, value, points,
cap, decay_half_life_days`, several values joined by `;`) in every profile, so an export
can be backtested as it is; only the field names follow the profile's naming rules.
A criterion's key is the model name and its position in the model (`Lead score #3`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from app.services.errors import AccordError
from app.services.export.headers import SCORING_RULES
from app.services.export.profiles import Profile
from app.services.export.records import ExportBundle, is_exported
from app.services.export.sheets.base import (
    CellValue,
    ColumnKind,
    FieldSpec,
    ParsedRow,
    SheetData,
    SheetKind,
    number_or_text,
    ordered_row,
    whole_if_integral,
)
from app.services.scoring.spec import (
    NUMERIC_OPERATORS,
    VALUELESS_OPERATORS,
    CriterionSpec,
    Dimension,
    Operator,
)

VALUE_SEPARATOR = ";"
_MULTI_VALUE = frozenset({Operator.ONE_OF, Operator.BETWEEN})


def criterion_key(model: str, position: int) -> str:
    return f"{model} #{position}"


def value_cell(criterion: CriterionSpec) -> CellValue:
    """The `value` cell: empty, one value (a number for ≥ / ≤) or values joined by `;`."""
    if criterion.operator in VALUELESS_OPERATORS or not criterion.values:
        return None
    if criterion.operator in _MULTI_VALUE:
        return VALUE_SEPARATOR.join(criterion.values)
    if criterion.operator in NUMERIC_OPERATORS:
        return number_or_text(criterion.values[0])
    return criterion.values[0]


def split_values(operator: Operator, text: str) -> tuple[str, ...]:
    if operator in VALUELESS_OPERATORS or not text.strip():
        return ()
    if operator in _MULTI_VALUE:
        return tuple(part.strip() for part in text.split(VALUE_SEPARATOR) if part.strip())
    return (text.strip(),)


class ScoringRulesSheet(SheetKind):
    """Criteria of the scoring models, in model order then criterion order."""

    sheet_id = SCORING_RULES
    title = "Scoring rules"
    description = (
        "Every criterion of the scoring models: the lead field tested, the test, the "
        "value(s) (several joined by ';'), the points, an optional cap and, for "
        "engagement, the decay half-life in days."
    )
    field_specs: Mapping[str, FieldSpec] = {
        "model": FieldSpec(required=True, max_width=32),
        "dimension": FieldSpec(ColumnKind.CHOICE, tuple(d.value for d in Dimension), required=True),
        "field": FieldSpec(required=True, max_width=32),
        "operator": FieldSpec(ColumnKind.CHOICE, tuple(o.value for o in Operator), required=True),
        "value": FieldSpec(max_width=40),
        "points": FieldSpec(ColumnKind.NUMBER, required=True),
        "cap": FieldSpec(ColumnKind.NUMBER),
        "decay_half_life_days": FieldSpec(ColumnKind.NUMBER),
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
            sheet.sign_offs.append((model.spec.name, model.status, model.agreed_by))
            for position, criterion in enumerate(model.spec.criteria, start=1):
                try:
                    field_name = profile.field_name(criterion.field)
                except AccordError:
                    field_name = criterion.field
                sheet.field_names.setdefault(field_name, criterion.field)
                values = {
                    "model": model.spec.name,
                    "dimension": criterion.dimension.value,
                    "field": field_name,
                    "operator": criterion.operator.value,
                    "value": value_cell(criterion),
                    "points": whole_if_integral(criterion.points),
                    "cap": whole_if_integral(criterion.cap),
                    "decay_half_life_days": whole_if_integral(criterion.decay_half_life_days),
                }
                sheet.rows.append(ordered_row(sheet, values))
                sheet.keys.append(criterion_key(model.spec.name, position))
        return sheet

    def row_keys(self, rows: Sequence[Mapping[str, CellValue]]) -> list[str]:
        seen: Counter[str] = Counter()
        keys = []
        for values in rows:
            model = str(values.get("model") or "")
            seen[model] += 1
            keys.append(criterion_key(model, seen[model]))
        return keys

    def check(self, values: Mapping[str, CellValue]) -> list[tuple[str, str]]:
        operator = values.get("operator")
        if operator in (None, "") or operator in VALUELESS_OPERATORS:
            return []
        parts = split_values(Operator(str(operator)), str(values.get("value") or ""))
        if operator == Operator.BETWEEN and len(parts) != 2:
            return [("value", "'between' needs a low and a high value separated by ';'")]
        if not parts:
            return [("value", f"'{operator}' needs a value")]
        return []

    def to_records(self, rows: Sequence[ParsedRow]) -> list[object]:
        """(model name, criterion) pairs in sheet order."""
        pairs: list[object] = []
        for row in rows:
            operator = Operator(row.text("operator"))
            criterion = CriterionSpec(
                dimension=Dimension(row.text("dimension")),
                field=row.text("field"),
                operator=operator,
                values=split_values(operator, row.text("value")),
                points=row.number("points") or 0.0,
                cap=row.number("cap"),
                decay_half_life_days=row.number("decay_half_life_days"),
            )
            pairs.append((row.text("model"), criterion))
        return pairs
