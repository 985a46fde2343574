"""What makes a scoring criterion or threshold valid, and how each reads in plain words.

The scoring-model service cleans every edit through these functions before it touches
the database, so a stored model is always one the engine can score with: numbers where
the operator compares numbers, two ordered bounds for "between", at least one option
for "one of", nothing for "is empty", decay only on engagement, positive caps.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from app.services.errors import ValidationError
from app.services.scoring.spec import (
    NUMERIC_OPERATORS,
    OPERATOR_LABELS,
    VALUELESS_OPERATORS,
    CriterionSpec,
    Dimension,
    Operator,
    ThresholdKind,
    ThresholdSpec,
)
from app.services.tabular.values import format_number, parse_number

DIMENSION_LABELS: dict[Dimension, str] = {
    Dimension.FIT: "Fit",
    Dimension.ENGAGEMENT: "Engagement",
}
KIND_LABELS: dict[ThresholdKind, str] = {
    ThresholdKind.STATUS: "Status",
    ThresholdKind.GRADE: "Grade",
}
GRADES: tuple[str, ...] = ("A", "B", "C", "D")
# A new model starts with the common convention (MQL at 60, grades A–D by fit) so the
# test bench says something useful at once; every bar can be changed or deleted.
DEFAULT_THRESHOLDS: tuple[ThresholdSpec, ...] = (
    ThresholdSpec(ThresholdKind.STATUS, "MQL", 60),
    ThresholdSpec(ThresholdKind.GRADE, "A", 40),
    ThresholdSpec(ThresholdKind.GRADE, "B", 25),
    ThresholdSpec(ThresholdKind.GRADE, "C", 10),
    ThresholdSpec(ThresholdKind.GRADE, "D", 0),
)
CRITERION_KEYS: tuple[str, ...] = (
    "dimension",
    "field",
    "operator",
    "values",
    "points",
    "cap",
    "decay_half_life_days",
)
MAX_FIELD = 200
MAX_LABEL = 120
LIST_SEPARATOR = ";"


def plain_number(value: float) -> str:
    """A number as people write it: 15, -20, 2.5."""
    return format_number(float(value))


def signed_points(points: float) -> str:
    return f"+{plain_number(points)}" if points > 0 else plain_number(points)


def parse_values_text(text: str, operator: Operator | str) -> tuple[str, ...]:
    """The values typed in one box: "a; b; c" for one of / between, else one value."""
    operator = Operator(operator)
    if operator in VALUELESS_OPERATORS:
        return ()
    if operator in (Operator.ONE_OF, Operator.BETWEEN):
        return tuple(part.strip() for part in text.split(LIST_SEPARATOR) if part.strip())
    return (text.strip(),) if text.strip() else ()


def values_text(values: Sequence[str], operator: Operator | str) -> str:
    """The inverse of `parse_values_text`, for showing stored values in one box."""
    operator = Operator(operator)
    if operator is Operator.BETWEEN and len(values) == 2:
        return f"{values[0]}{LIST_SEPARATOR} {values[1]}"
    return f"{LIST_SEPARATOR} ".join(values)


def describe_condition(criterion: CriterionSpec) -> str:
    """The test a criterion makes, e.g. "Industry is one of Retail, Logistics"."""
    label = OPERATOR_LABELS[criterion.operator]
    values = criterion.values
    if criterion.operator in VALUELESS_OPERATORS:
        return f"{criterion.field} {label}"
    if criterion.operator is Operator.BETWEEN and len(values) == 2:
        return f"{criterion.field} between {values[0]} and {values[1]}"
    if criterion.operator in (Operator.EQUALS, Operator.CONTAINS, Operator.STARTS_WITH):
        return f"{criterion.field} {label} \u201c{values[0] if values else ''}\u201d"
    return f"{criterion.field} {label} {', '.join(values)}"


def describe_points(criterion: CriterionSpec) -> str:
    """The points with their cap and decay, e.g. "+10 (cap 30, half-life 30 days)"."""
    extras = []
    if criterion.cap is not None:
        extras.append(f"cap {plain_number(criterion.cap)}")
    if criterion.decay_half_life_days is not None:
        extras.append(f"half-life {plain_number(criterion.decay_half_life_days)} days")
    text = signed_points(criterion.points)
    return f"{text} ({', '.join(extras)})" if extras else text


def describe_criterion(criterion: CriterionSpec) -> str:
    return f"{describe_condition(criterion)}: {describe_points(criterion)}"


def _number(value: Any, message: str, field: str) -> float:
    if isinstance(value, bool):
        raise ValidationError(message, field)
    if isinstance(value, int | float):
        number = float(value)
    else:
        # No comma guessing: "1,000" and "2,5" are refused rather than misread.
        parsed = parse_number(str(value)) if value is not None else None
        if parsed is None:
            raise ValidationError(message, field)
        number = parsed
    if not math.isfinite(number):
        raise ValidationError(message, field)
    return number


def _optional_positive(value: Any, field: str, what: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = _number(value, f"{what} must be a number, or left empty.", field)
    if number <= 0:
        raise ValidationError(f"{what} must be more than 0, or left empty.", field)
    return number


def _enum(kind: type[Any], value: Any, field: str, what: str) -> Any:
    try:
        return kind(value.value if hasattr(value, "value") else value)
    except ValueError as error:
        raise ValidationError(f"'{value}' is not a known {what}.", field) from error


def clean_values(operator: Operator, raw: Any) -> list[str]:
    """Values as stored: trimmed text, numbers written plainly, checked for the operator."""
    if raw is None:
        items: list[str] = []
    elif isinstance(raw, str) and operator in VALUELESS_OPERATORS:
        items = [raw.strip()] if raw.strip() else []
    elif isinstance(raw, str):
        items = list(parse_values_text(raw, operator))
    else:
        items = [str(v).strip() for v in raw if str(v).strip()]
    label = OPERATOR_LABELS[operator]
    if operator in VALUELESS_OPERATORS:
        if items:
            raise ValidationError(f"'{label}' takes no value; clear the value.", "values")
        return []
    if operator is Operator.ONE_OF:
        if not items:
            raise ValidationError("'is one of' needs at least one value.", "values")
        return list(dict.fromkeys(items))
    if operator in NUMERIC_OPERATORS:
        wanted = 2 if operator is Operator.BETWEEN else 1
        if len(items) != wanted:
            expected = "two numbers, low; high" if wanted == 2 else "one number"
            raise ValidationError(f"'{label}' needs {expected}.", "values")
        numbers = [
            _number(item, f"'{label}' compares numbers; '{item}' is not a number.", "values")
            for item in items
        ]
        if wanted == 2 and numbers[0] > numbers[1]:
            raise ValidationError(
                f"The low bound ({plain_number(numbers[0])}) is above the high bound "
                f"({plain_number(numbers[1])}).",
                "values",
            )
        return [plain_number(n) for n in numbers]
    if len(items) != 1:
        raise ValidationError(f"'{label}' needs exactly one value.", "values")
    return items


def clean_criterion(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A complete, valid criterion from `raw` (keys of CRITERION_KEYS), or ValidationError."""
    unknown = set(raw) - set(CRITERION_KEYS)
    if unknown:
        raise ValueError(f"not criterion fields: {sorted(unknown)}")
    dimension = _enum(Dimension, raw.get("dimension"), "dimension", "dimension")
    operator = _enum(Operator, raw.get("operator"), "operator", "operator")
    field = str(raw.get("field") or "").strip()
    if not field:
        raise ValidationError("A criterion needs the lead field it looks at.", "field")
    if len(field) > MAX_FIELD:
        raise ValidationError(f"A field name can be at most {MAX_FIELD} characters.", "field")
    points = _number(raw.get("points", 0), "Points must be a number.", "points")
    cap = _optional_positive(raw.get("cap"), "cap", "The cap")
    decay = _optional_positive(
        raw.get("decay_half_life_days"), "decay_half_life_days", "The half-life"
    )
    if decay is not None and dimension is not Dimension.ENGAGEMENT:
        raise ValidationError(
            "Only engagement criteria decay: who a lead is does not fade with time. "
            "Clear the half-life.",
            "decay_half_life_days",
        )
    return {
        "dimension": dimension,
        "field": field,
        "operator": operator,
        "values": clean_values(operator, raw.get("values")),
        "points": points,
        "cap": cap,
        "decay_half_life_days": decay,
    }


def clean_threshold(
    kind: Any, label: Any, min_points: Any, others: Iterable[ThresholdSpec]
) -> ThresholdSpec:
    """A valid threshold given the model's other thresholds, or ValidationError."""
    kind = _enum(ThresholdKind, kind, "kind", "kind of threshold")
    text = str(label or "").strip()
    if kind is ThresholdKind.GRADE:
        text = text.upper()
        if text not in GRADES:
            raise ValidationError("A grade is one of A, B, C or D.", "label")
    elif not text:
        raise ValidationError("A status threshold needs a label, such as MQL.", "label")
    if len(text) > MAX_LABEL:
        raise ValidationError(f"A label can be at most {MAX_LABEL} characters.", "label")
    bar = _number(min_points, "The minimum must be a number of points.", "min_points")
    siblings = [t for t in others if t.kind is kind]
    what = "grade" if kind is ThresholdKind.GRADE else "status"
    for other in siblings:
        if other.label.lower() == text.lower():
            raise ValidationError(f"This model already has the {what} '{other.label}'.", "label")
        if other.min_points == bar:
            raise ValidationError(
                f"The {what} '{other.label}' already starts at {plain_number(bar)} points; "
                "each needs its own bar.",
                "min_points",
            )
    if kind is ThresholdKind.GRADE:
        rank = GRADES.index(text)
        for other in (t for t in siblings if t.label in GRADES):
            other_rank = GRADES.index(other.label)
            better = other_rank < rank
            if (better and other.min_points < bar) or (not better and other.min_points > bar):
                raise ValidationError(
                    f"Grade {min(text, other.label)} must need more fit points than grade "
                    f"{max(text, other.label)}.",
                    "min_points",
                )
    return ThresholdSpec(kind, text, bar)
