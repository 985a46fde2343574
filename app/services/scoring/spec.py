"""Plain descriptions of scoring models, shared by the engine, the database and Excel.

These dataclasses are the one shape a scoring model takes outside the database: the
engine scores with them, the CRM export writes them, and a rules workbook is read back
into them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Dimension(enum.StrEnum):
    FIT = "fit"
    ENGAGEMENT = "engagement"


class Operator(enum.StrEnum):
    EQUALS = "equals"
    ONE_OF = "one_of"
    CONTAINS = "contains"
    STARTS_WITH = "starts_with"
    GTE = "gte"
    LTE = "lte"
    BETWEEN = "between"
    IS_EMPTY = "is_empty"
    IS_NOT_EMPTY = "is_not_empty"


OPERATOR_LABELS: dict[Operator, str] = {
    Operator.EQUALS: "equals",
    Operator.ONE_OF: "is one of",
    Operator.CONTAINS: "contains",
    Operator.STARTS_WITH: "starts with",
    Operator.GTE: "≥",
    Operator.LTE: "≤",
    Operator.BETWEEN: "between",
    Operator.IS_EMPTY: "is empty",
    Operator.IS_NOT_EMPTY: "is not empty",
}

NUMERIC_OPERATORS = frozenset({Operator.GTE, Operator.LTE, Operator.BETWEEN})
VALUELESS_OPERATORS = frozenset({Operator.IS_EMPTY, Operator.IS_NOT_EMPTY})


class ThresholdKind(enum.StrEnum):
    STATUS = "status"
    GRADE = "grade"


@dataclass(frozen=True)
class CriterionSpec:
    """One rule: when `field` satisfies `operator` with `values`, add `points`.

    `values` holds one item for most operators, several for `one_of`, two (low, high)
    for `between` and none for `is_empty` / `is_not_empty`. Text matching is
    case-insensitive and ignores surrounding spaces. `cap` limits the points the
    criterion can contribute; `decay_half_life_days` (engagement only) halves the
    points every that many days since the activity date.
    """

    dimension: Dimension
    field: str
    operator: Operator
    values: tuple[str, ...]
    points: float
    cap: float | None = None
    decay_half_life_days: float | None = None


@dataclass(frozen=True)
class ThresholdSpec:
    """The total (status) or fit points (grade) from which `label` applies."""

    kind: ThresholdKind
    label: str
    min_points: float


@dataclass(frozen=True)
class ScoringModelSpec:
    name: str
    criteria: tuple[CriterionSpec, ...] = ()
    thresholds: tuple[ThresholdSpec, ...] = field(default=())

    def statuses(self) -> list[ThresholdSpec]:
        """Status thresholds from the highest bar down."""
        return sorted(
            (t for t in self.thresholds if t.kind is ThresholdKind.STATUS),
            key=lambda t: -t.min_points,
        )

    def grades(self) -> list[ThresholdSpec]:
        """Grade thresholds from the highest bar down."""
        return sorted(
            (t for t in self.thresholds if t.kind is ThresholdKind.GRADE),
            key=lambda t: -t.min_points,
        )
