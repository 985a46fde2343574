"""The scoring engine: a whole table of leads scored at once with NumPy.

`score_table` evaluates every criterion of a model over whole columns (no loop over
rows), adds the points of the criteria that fire into fit and engagement, and turns the
total into a status and the fit into a grade. `score_lead` scores one lead typed by
hand through the very same code, so the test bench and the backtest cannot disagree.

Points: a criterion that fires adds its points. For an engagement criterion with a
half-life, and when activity dates are given, the points halve every half-life days
between the lead's activity date and `as_of` (no date: no decay; a future date counts
as today). A cap then limits the size of the contribution (for negative points, how
negative it can get). Thresholds: a lead takes the label of the highest threshold its
score reaches, or none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from app.services.progress import CancelToken, ProgressCallback, report
from app.services.scoring.matching import ColumnView, column_view
from app.services.scoring.spec import (
    CriterionSpec,
    Dimension,
    ScoringModelSpec,
    ThresholdSpec,
)
from app.services.tabular.table import EncodedText

Contribution = float | np.ndarray


@dataclass(frozen=True)
class ScoreResult:
    """Scores of every row of a table, plus which criteria fired where.

    `fired[i, r]` says whether criterion `criteria[i]` fired on row r; `status` and
    `grade` are object arrays holding a threshold label or None.
    """

    criteria: tuple[CriterionSpec, ...]
    fired: np.ndarray
    contributions: tuple[Contribution, ...]
    fit: np.ndarray
    engagement: np.ndarray
    total: np.ndarray
    status: np.ndarray
    grade: np.ndarray

    @property
    def n_rows(self) -> int:
        return len(self.total)

    def criterion_points(self, index: int) -> np.ndarray:
        """The points criterion `index` added to each row (0 where it did not fire)."""
        return np.where(self.fired[index], self.contributions[index], 0.0)


@dataclass(frozen=True)
class CriterionScore:
    """One criterion's part in a single lead's score."""

    criterion: CriterionSpec
    fired: bool
    points: float


@dataclass(frozen=True)
class LeadScore:
    """The score of one lead, criterion by criterion (the test bench shows this)."""

    criteria: tuple[CriterionScore, ...]
    fit: float
    engagement: float
    total: float
    grade: str | None
    status: str | None


def score_table(
    model: ScoringModelSpec,
    columns: Mapping[str, np.ndarray],
    n_rows: int,
    *,
    field_map: Mapping[str, str] | None = None,
    as_of: np.datetime64 | None = None,
    activity_dates: np.ndarray | None = None,
    encoded: Mapping[str, EncodedText] | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ScoreResult:
    """Score `n_rows` leads held column-wise in `columns`.

    Without `field_map` a criterion reads the column named like its field; with one, it
    reads the mapped column, and a field left out of the map counts as empty. `encoded`
    may give text columns already encoded (a Table does), which saves re-encoding them.
    """
    criteria = model.criteria
    fired = np.zeros((len(criteria), n_rows), dtype=bool)
    fit = np.zeros(n_rows, dtype=np.float64)
    engagement = np.zeros(n_rows, dtype=np.float64)
    scratch = np.empty(n_rows, dtype=np.float64)
    ages = _ages(activity_dates, as_of) if activity_dates is not None else None
    views: dict[str | None, ColumnView] = {}
    contributions: list[Contribution] = []
    for index, criterion in enumerate(criteria):
        if cancel is not None:
            cancel.raise_if_cancelled()
        name = criterion.field if field_map is None else field_map.get(criterion.field)
        view = views.get(name)
        if view is None:
            view = views[name] = _view(name, columns, encoded, n_rows)
        fired[index] = view.fired(criterion)
        points = contribution(criterion, ages)
        contributions.append(points)
        target = fit if criterion.dimension is Dimension.FIT else engagement
        # Adding 0.0 where nothing fired keeps sums identical to a row-by-row loop.
        np.multiply(fired[index], points, out=scratch)
        target += scratch
        report(progress, (index + 1) / max(1, len(criteria)))
    total = fit + engagement
    return ScoreResult(
        criteria=criteria,
        fired=fired,
        contributions=tuple(contributions),
        fit=fit,
        engagement=engagement,
        total=total,
        status=threshold_labels(model.statuses(), total),
        grade=threshold_labels(model.grades(), fit),
    )


def _view(
    name: str | None,
    columns: Mapping[str, np.ndarray],
    encoded: Mapping[str, EncodedText] | None,
    n_rows: int,
) -> ColumnView:
    if name is None:
        return column_view(None, None, n_rows)
    if encoded is not None and name in encoded:
        view = column_view(None, encoded[name], n_rows)
    else:
        view = column_view(columns.get(name), None, n_rows)
    if view.n_rows != n_rows:
        raise ValueError(f"Column '{name}' has {view.n_rows} values, expected {n_rows}.")
    return view


def _ages(activity_dates: np.ndarray, as_of: np.datetime64 | None) -> np.ndarray:
    """Days from each activity date to `as_of` (today by default); NaN when unknown."""
    reference = np.datetime64("today", "D") if as_of is None else np.datetime64(as_of)
    elapsed = reference - np.asarray(activity_dates, dtype="datetime64")
    days: np.ndarray = elapsed / np.timedelta64(1, "D")  # type: ignore[operator]
    return np.maximum(days, 0.0)  # NaT stays NaN


def contribution(criterion: CriterionSpec, ages: np.ndarray | None) -> Contribution:
    """What the criterion adds where it fires: points, decayed, then capped."""
    points: Contribution = float(criterion.points)
    half_life = criterion.decay_half_life_days
    if (
        ages is not None
        and half_life is not None
        and half_life > 0
        and criterion.dimension is Dimension.ENGAGEMENT
    ):
        factor = np.exp2(-ages / half_life)
        points = criterion.points * np.where(np.isnan(factor), 1.0, factor)
    if criterion.cap is not None:
        limit = abs(float(criterion.cap))
        if isinstance(points, np.ndarray):
            points = np.copysign(np.minimum(np.abs(points), limit), points)
        else:
            points = float(np.copysign(min(abs(points), limit), points))
    return points


def threshold_labels(thresholds: list[ThresholdSpec], scores: np.ndarray) -> np.ndarray:
    """The label of the highest threshold each score reaches (None when none).

    `thresholds` come highest first, as `ScoringModelSpec.statuses()` gives them; of
    two thresholds with the same bar, the first listed wins.
    """
    labels = np.empty(len(thresholds) + 1, dtype=object)
    if not thresholds:
        return labels.take(np.zeros(len(scores), dtype=np.intp))
    ascending = thresholds[::-1]
    bars = np.array([t.min_points for t in ascending], dtype=np.float64)
    labels[:-1] = [t.label for t in ascending]
    if len(bars) <= 8:
        # For a handful of bars, counting the bars reached is faster than a search.
        reached = np.full(len(scores), -1, dtype=np.intp)
        for bar in bars:
            reached += scores >= bar
    else:
        reached = np.searchsorted(bars, scores, side="right") - 1
    # Index -1 (below every bar) reads the trailing None.
    return labels.take(reached)


def score_lead(
    model: ScoringModelSpec,
    values: Mapping[str, object],
    *,
    activity_date: np.datetime64 | None = None,
    as_of: np.datetime64 | None = None,
) -> LeadScore:
    """Score one lead given as field → value (text or number); absent fields are empty."""
    columns: dict[str, np.ndarray] = {}
    for field_name, value in values.items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            columns[field_name] = np.array([value], dtype=np.float64)
        else:
            cell = np.empty(1, dtype=object)
            cell[0] = value
            columns[field_name] = cell
    dates = None
    if activity_date is not None:
        dates = np.array([activity_date], dtype="datetime64[D]")
    result = score_table(model, columns, 1, as_of=as_of, activity_dates=dates)
    parts = tuple(
        CriterionScore(
            criterion=criterion,
            fired=bool(result.fired[i, 0]),
            points=float(result.criterion_points(i)[0]),
        )
        for i, criterion in enumerate(result.criteria)
    )
    return LeadScore(
        criteria=parts,
        fit=float(result.fit[0]),
        engagement=float(result.engagement[0]),
        total=float(result.total[0]),
        grade=result.grade[0],
        status=result.status[0],
    )
