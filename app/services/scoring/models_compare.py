"""Two scoring models side by side: which rules and bars they share and where they differ.

A criterion of one model matches a criterion of the other when it makes the same test
(dimension, field, operator and values, compared as the engine compares text); matched
criteria then differ only in points, cap or decay. Thresholds match by kind and label.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from app.services.scoring.models_rules import (
    DIMENSION_LABELS,
    describe_condition,
    describe_points,
    plain_number,
)
from app.services.scoring.spec import (
    CriterionSpec,
    Dimension,
    ScoringModelSpec,
    ThresholdKind,
    ThresholdSpec,
)

T = TypeVar("T")


class Difference(enum.StrEnum):
    """How one rule or bar of model A stands against model B."""

    SAME = "same"
    ONLY_A = "only_a"
    ONLY_B = "only_b"
    DIFFERENT = "different"


DIFFERENCE_LABELS: dict[Difference, str] = {
    Difference.SAME: "Same",
    Difference.ONLY_A: "Only in A",
    Difference.ONLY_B: "Only in B",
    Difference.DIFFERENT: "Different",
}


@dataclass(frozen=True)
class ComparisonRow:
    """One rule or bar: how model A and model B score it (None when absent)."""

    section: str
    item: str
    a: str | None
    b: str | None
    difference: Difference


@dataclass(frozen=True)
class ModelComparison:
    """Every row of a comparison of model A (`a_name`) with model B (`b_name`)."""

    a_name: str
    b_name: str
    rows: tuple[ComparisonRow, ...]

    def differences(self) -> list[ComparisonRow]:
        return [row for row in self.rows if row.difference is not Difference.SAME]


def _criterion_key(criterion: CriterionSpec) -> tuple[str, ...]:
    return (
        criterion.dimension.value,
        criterion.field.strip().lower(),
        criterion.operator.value,
        *(value.strip().lower() for value in criterion.values),
    )


def _pair(
    a_items: Sequence[T], b_items: Sequence[T], key: Callable[[T], object]
) -> list[tuple[T | None, T | None]]:
    """Items of A in order, each with its match in B; then what only B has."""
    unmatched_b = list(b_items)
    pairs: list[tuple[T | None, T | None]] = []
    for item in a_items:
        match = next((other for other in unmatched_b if key(other) == key(item)), None)
        if match is not None:
            unmatched_b.remove(match)
        pairs.append((item, match))
    pairs.extend((None, item) for item in unmatched_b)
    return pairs


def _difference(a: str | None, b: str | None) -> Difference:
    if a is None:
        return Difference.ONLY_B
    if b is None:
        return Difference.ONLY_A
    return Difference.SAME if a == b else Difference.DIFFERENT


def compare_specs(a: ScoringModelSpec, b: ScoringModelSpec) -> ModelComparison:
    """Every criterion and threshold of either model, section by section."""
    rows: list[ComparisonRow] = []
    for dimension in Dimension:
        section = f"{DIMENSION_LABELS[dimension]} criteria"
        pairs = _pair(
            [c for c in a.criteria if c.dimension is dimension],
            [c for c in b.criteria if c.dimension is dimension],
            _criterion_key,
        )
        for left, right in pairs:
            shown = left if left is not None else right
            assert shown is not None
            a_text = describe_points(left) if left is not None else None
            b_text = describe_points(right) if right is not None else None
            rows.append(
                ComparisonRow(
                    section, describe_condition(shown), a_text, b_text, _difference(a_text, b_text)
                )
            )
    for kind, section in ((ThresholdKind.STATUS, "Statuses"), (ThresholdKind.GRADE, "Grades")):

        def bars(model: ScoringModelSpec, kind: ThresholdKind = kind) -> list[ThresholdSpec]:
            return model.statuses() if kind is ThresholdKind.STATUS else model.grades()

        for left_bar, right_bar in _pair(bars(a), bars(b), lambda t: t.label.lower()):
            shown_bar = left_bar if left_bar is not None else right_bar
            assert shown_bar is not None
            a_text = f"from {plain_number(left_bar.min_points)}" if left_bar else None
            b_text = f"from {plain_number(right_bar.min_points)}" if right_bar else None
            rows.append(
                ComparisonRow(section, shown_bar.label, a_text, b_text, _difference(a_text, b_text))
            )
    return ModelComparison(a.name, b.name, tuple(rows))
