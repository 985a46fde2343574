"""A plain-Python scorer that looks at one lead at a time.

It is the yardstick for the vectorised engine: property tests check that both give the
same answers, and the backtest benchmark times it as the "obvious loop" baseline. It
follows the rules written in `app.services.scoring.matching` without sharing its code,
only the definitions of a cell's text, a number and a placeholder.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from app.services.errors import ValidationError
from app.services.scoring.spec import CriterionSpec, Dimension, Operator, ScoringModelSpec
from app.services.tabular.values import format_number, is_missing_text, parse_number, text_of


@dataclass(frozen=True)
class ReferenceScore:
    """One lead's score as the row-by-row scorer computes it."""

    fired: tuple[bool, ...]
    fit: float
    engagement: float
    total: float
    status: str | None
    grade: str | None


def _bound(criterion: CriterionSpec, position: int) -> float:
    value = criterion.values[position] if len(criterion.values) > position else ""
    number = parse_number(value)
    if number is None:
        raise ValidationError(f"The rule on '{criterion.field}' needs a number.")
    return number


def _first_value(criterion: CriterionSpec) -> str:
    if not criterion.values:
        raise ValidationError(f"The rule on '{criterion.field}' needs a value.")
    return criterion.values[0].strip().lower()


def fires(criterion: CriterionSpec, value: object, numeric_column: bool) -> bool:
    """Does `criterion` fire on one cell `value` of a numeric or a text column."""
    op = criterion.operator
    number: float | None = None
    if numeric_column:
        number = float(value)  # type: ignore[arg-type]
        missing = math.isnan(number)
        text = "" if missing else format_number(number)
    else:
        raw = text_of(value)
        missing = is_missing_text(raw)
        text = "" if missing or raw is None else raw
    if op is Operator.IS_EMPTY:
        return missing
    if missing:
        return False
    if op is Operator.IS_NOT_EMPTY:
        return True
    text = text.strip().lower()
    if number is not None and op is Operator.EQUALS:
        _first_value(criterion)
        wanted = parse_number(criterion.values[0])
        return wanted is not None and number == wanted
    if number is not None and op is Operator.ONE_OF:
        return any(n is not None and number == n for n in map(parse_number, criterion.values))
    if op is Operator.EQUALS:
        return text == _first_value(criterion)
    if op is Operator.ONE_OF:
        return any(text == option.strip().lower() for option in criterion.values)
    if op is Operator.CONTAINS:
        return _first_value(criterion) in text
    if op is Operator.STARTS_WITH:
        return text.startswith(_first_value(criterion))
    if number is None:
        number = parse_number(text)
        if number is None:
            return False
    if op is Operator.GTE:
        return number >= _bound(criterion, 0)
    if op is Operator.LTE:
        return number <= _bound(criterion, 0)
    return _bound(criterion, 0) <= number <= _bound(criterion, 1)


def points_for(criterion: CriterionSpec, age_days: float | None) -> float:
    """Points the criterion adds when it fires on a lead whose activity is that old."""
    points = float(criterion.points)
    half_life = criterion.decay_half_life_days
    if (
        age_days is not None
        and half_life
        and half_life > 0
        and criterion.dimension is Dimension.ENGAGEMENT
    ):
        points = points * 0.5 ** (max(age_days, 0.0) / half_life)
    if criterion.cap is not None:
        points = math.copysign(min(abs(points), abs(criterion.cap)), points)
    return points


def reference_score(
    model: ScoringModelSpec,
    columns: Mapping[str, np.ndarray],
    n_rows: int,
    *,
    field_map: Mapping[str, str] | None = None,
    as_of: np.datetime64 | None = None,
    activity_dates: np.ndarray | None = None,
) -> list[ReferenceScore]:
    """Score each row in turn, criterion by criterion."""
    today = np.datetime64("today", "D") if as_of is None else np.datetime64(as_of)
    statuses = model.statuses()
    grades = model.grades()
    cells: list[tuple[Sequence[object] | None, bool]] = []
    for criterion in model.criteria:
        name = criterion.field if field_map is None else field_map.get(criterion.field)
        array = columns.get(name) if name is not None else None
        if array is None:
            cells.append((None, False))
        else:
            cells.append((array.tolist(), np.asarray(array).dtype.kind in "fiu"))
    scores: list[ReferenceScore] = []
    for row in range(n_rows):
        age = None
        if activity_dates is not None:
            when = activity_dates[row]
            if not np.isnat(when):
                age = float((today - when) / np.timedelta64(1, "D"))
        fit = engagement = 0.0
        fired: list[bool] = []
        for criterion, (values, numeric) in zip(model.criteria, cells, strict=True):
            value = values[row] if values is not None else None
            hit = fires(criterion, value, numeric and values is not None)
            fired.append(hit)
            if hit:
                points = points_for(criterion, age)
                if criterion.dimension is Dimension.FIT:
                    fit += points
                else:
                    engagement += points
        total = fit + engagement
        status = next((t.label for t in statuses if total >= t.min_points), None)
        grade = next((t.label for t in grades if fit >= t.min_points), None)
        scores.append(ReferenceScore(tuple(fired), fit, engagement, total, status, grade))
    return scores


def reference_bands(
    totals: Sequence[float], converted: Sequence[bool], band_width: float
) -> dict[int, tuple[int, int]]:
    """Band number → (leads, conversions), counted one lead at a time."""
    bands: dict[int, tuple[int, int]] = {}
    for total, won in zip(totals, converted, strict=True):
        band = math.floor(total / band_width)
        leads, conversions = bands.get(band, (0, 0))
        bands[band] = (leads + 1, conversions + (1 if won else 0))
    return bands


def reference_lift(
    scores: Sequence[ReferenceScore], converted: Sequence[bool], n_criteria: int
) -> list[tuple[int, int, int, int]]:
    """Per criterion: (leads fired, conversions fired, leads not fired, conversions not)."""
    counts = [[0, 0, 0, 0] for _ in range(n_criteria)]
    for score, won in zip(scores, converted, strict=True):
        for index, hit in enumerate(score.fired):
            slot = counts[index]
            if hit:
                slot[0] += 1
                slot[1] += won
            else:
                slot[2] += 1
                slot[3] += won
    return [(a, b, c, d) for a, b, c, d in counts]
