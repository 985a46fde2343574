"""The backtest: score historical leads and see how the score predicted conversion.

`backtest()` scores every lead of a table, reads the outcome column (won / converted /
yes… is a conversion) and summarises: leads and conversions per score band, each
criterion's lift, and — for any threshold — how many leads would have been MQLs, what
share of all conversions they held and, with a date column, how many MQLs each month.
Sorted scores are kept so that `at_threshold` answers in microseconds: the page calls
it on every drag of the threshold line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from app.services.errors import ImportFailed, ImportProblem, ValidationError
from app.services.progress import CancelToken, ProgressCallback, report
from app.services.scoring.backtest_inputs import (
    UNDATED,
    month_numbers,
    outcome_flags,
)
from app.services.scoring.backtest_report import (
    BAND_TABLE_HEADER,
    format_band_table,
    write_backtest_xlsx,
)
from app.services.scoring.engine import score_table
from app.services.scoring.spec import CriterionSpec, ScoringModelSpec
from app.services.tabular.table import Table

__all__ = [
    "BAND_TABLE_HEADER",
    "BacktestResult",
    "Band",
    "CriterionLift",
    "Histogram",
    "ThresholdStats",
    "backtest",
    "default_threshold",
    "format_band_table",
    "outcome_flags",
    "write_backtest_xlsx",
]

MAX_BANDS = 10_000
_MQL_LIKE = re.compile(r"\bmql\b|marketing[ -]qualified", re.IGNORECASE)


@dataclass(frozen=True)
class Band:
    """Leads whose score is at least `low` and below `high`."""

    low: float
    high: float
    leads: int
    conversions: int

    @property
    def conversion_rate(self) -> float | None:
        return self.conversions / self.leads if self.leads else None


@dataclass(frozen=True)
class ThresholdStats:
    """What a threshold would have meant: leads at or above it are MQLs."""

    threshold: float
    mqls: int
    conversions: int
    share_of_conversions: float | None
    conversion_rate: float | None
    mqls_per_month: dict[str, int] | None


@dataclass(frozen=True)
class CriterionLift:
    """Conversion among leads where a criterion fired versus where it did not."""

    criterion: CriterionSpec
    leads_with: int
    conversions_with: int
    leads_without: int
    conversions_without: int

    @property
    def rate_with(self) -> float | None:
        return self.conversions_with / self.leads_with if self.leads_with else None

    @property
    def rate_without(self) -> float | None:
        return self.conversions_without / self.leads_without if self.leads_without else None

    @property
    def lift(self) -> float | None:
        """How many times likelier leads with the criterion converted (None if unknown)."""
        if self.rate_with is None or not self.rate_without:
            return None
        return self.rate_with / self.rate_without


@dataclass(frozen=True)
class Histogram:
    """Lead counts per score bin (`edges` has one more entry than the counts)."""

    edges: np.ndarray
    converted: np.ndarray
    not_converted: np.ndarray


@dataclass
class BacktestResult:
    """Everything the backtest found; cheap to query for any threshold."""

    model_name: str
    source: str
    leads: int
    conversions: int
    threshold: float | None
    band_width: float
    bands: list[Band]
    lifts: list[CriterionLift]
    total: np.ndarray = field(repr=False)
    converted: np.ndarray = field(repr=False)
    undated_leads: int | None = None
    _sorted_scores: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)
    _sorted_converted: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)
    _months: list[str] | None = field(default=None, repr=False)
    _month_scores: list[np.ndarray] = field(default_factory=list, repr=False)

    @property
    def has_dates(self) -> bool:
        return self._months is not None

    def at_threshold(self, threshold: float) -> ThresholdStats:
        """MQLs, their conversions and (with dates) MQLs per month at `threshold`."""
        below = int(np.searchsorted(self._sorted_scores, threshold, side="left"))
        mqls = self.leads - below
        below_won = int(np.searchsorted(self._sorted_converted, threshold, side="left"))
        won = self.conversions - below_won
        per_month = None
        if self._months is not None:
            per_month = {
                month: len(scores) - int(np.searchsorted(scores, threshold, side="left"))
                for month, scores in zip(self._months, self._month_scores, strict=True)
            }
        return ThresholdStats(
            threshold=float(threshold),
            mqls=mqls,
            conversions=won,
            share_of_conversions=won / self.conversions if self.conversions else None,
            conversion_rate=won / mqls if mqls else None,
            mqls_per_month=per_month,
        )

    def busiest_month(self, threshold: float) -> int:
        """The most MQLs any single month would have had at `threshold`."""
        return max(
            (len(s) - int(np.searchsorted(s, threshold, side="left")) for s in self._month_scores),
            default=0,
        )

    def suggest_threshold(self, max_mqls_per_month: int) -> float:
        """The lowest threshold at which even the busiest month stays within capacity.

        The busiest month (not the average) is used so that sales is never handed more
        leads in a month than it said it can work. When even the top score is too
        many, the answer is a threshold above every score.
        """
        if self._months is None:
            raise ValidationError(
                "A suggested threshold needs the date column, to count MQLs per month."
            )
        if not self._months:
            raise ValidationError("No lead has a date, so MQLs per month cannot be counted.")
        if max_mqls_per_month < 0:
            raise ValidationError("The sales capacity cannot be negative.")
        distinct = np.unique(self._sorted_scores)
        low, high = 0, len(distinct)  # answer is the first index that fits
        while low < high:
            middle = (low + high) // 2
            if self.busiest_month(float(distinct[middle])) <= max_mqls_per_month:
                high = middle
            else:
                low = middle + 1
        if low < len(distinct):
            return float(distinct[low])
        return float(math.floor(distinct[-1]) + 1) if len(distinct) else 0.0

    def histogram(self, bin_width: float | None = None) -> Histogram:
        """Counts per score bin split by outcome (the band width by default)."""
        width = self.band_width if bin_width is None else bin_width
        if width <= 0:
            raise ValidationError("The bin width must be greater than zero.")
        index = np.floor(self.total / width)
        first = int(index.min())
        offsets = (index - first).astype(np.intp)
        size = int(offsets.max()) + 1
        converted = np.bincount(offsets[self.converted], minlength=size)
        everyone = np.bincount(offsets, minlength=size)
        edges = (np.arange(size + 1) + first) * width
        return Histogram(edges=edges, converted=converted, not_converted=everyone - converted)

    def band_table_rows(self) -> list[tuple[float, float, int, int, float | None]]:
        """Rows for export, in score order; columns as in BAND_TABLE_HEADER."""
        return [(b.low, b.high, b.leads, b.conversions, b.conversion_rate) for b in self.bands]

    def to_json(self) -> dict[str, object]:
        """The summary the headless command prints with --json."""
        return {
            "leads": self.leads,
            "conversions": self.conversions,
            "threshold": _plain(self.threshold) if self.threshold is not None else None,
            "bands": [
                {
                    "low": _plain(b.low),
                    "high": _plain(b.high),
                    "leads": b.leads,
                    "conversions": b.conversions,
                }
                for b in self.bands
            ],
        }


def _plain(number: float) -> int | float:
    return int(number) if float(number).is_integer() else float(number)


def default_threshold(model: ScoringModelSpec) -> float | None:
    """The lowest MQL-like status threshold, else the lowest status threshold."""
    statuses = model.statuses()
    mql_like = [t for t in statuses if _MQL_LIKE.search(t.label)]
    chosen = mql_like or statuses
    return min(t.min_points for t in chosen) if chosen else None


def _check_columns(table: Table, names: list[tuple[str, str]]) -> None:
    present = set(table.column_names)
    problems = [
        ImportProblem(
            str(table.source),
            f"The file has no column named '{name}' ({role}).",
            column=name,
            sheet=table.sheet,
        )
        for name, role in names
        if name not in present
    ]
    if problems:
        raise ImportFailed(problems)


def backtest(
    model: ScoringModelSpec,
    table: Table,
    *,
    field_map: Mapping[str, str] | None = None,
    outcome_column: str,
    date_column: str | None = None,
    band_width: float = 10,
    threshold: float | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> BacktestResult:
    """Score `table` with `model` and measure how well the score predicted conversion.

    `field_map` maps model fields to the table's columns (None: same names). Leads with
    a missing outcome count as not converted. `threshold` defaults to the model's MQL
    threshold (see `default_threshold`).
    """
    if not band_width > 0:
        raise ValidationError("The band width must be greater than zero.")
    wanted = [(outcome_column, "the outcome")]
    if date_column:
        wanted.append((date_column, "the date"))
    wanted += [(column, f"mapped to '{f}'") for f, column in (field_map or {}).items()]
    _check_columns(table, wanted)
    if table.n_rows == 0:
        raise ImportFailed([ImportProblem(str(table.source), "There are no leads to test.")])
    report(progress, 0.0)
    converted = outcome_flags(table, outcome_column)
    months = month_numbers(table, date_column) if date_column else None
    used = dict(field_map) if field_map is not None else None
    names = set(used.values()) if used is not None else {c.field for c in model.criteria}
    encoded = {n: e for n in names if n in table.columns and (e := table.encoded(n)) is not None}
    scores = score_table(
        model,
        table.columns,
        table.n_rows,
        field_map=used,
        encoded=encoded,
        progress=lambda f: report(progress, 0.1 + 0.75 * f),
        cancel=cancel,
    )
    if cancel is not None:
        cancel.raise_if_cancelled()
    result = summarise(model, table, scores.total, scores.fired, converted, months, band_width)
    result.threshold = default_threshold(model) if threshold is None else float(threshold)
    report(progress, 1.0)
    return result


def summarise(
    model: ScoringModelSpec,
    table: Table,
    total: np.ndarray,
    fired: np.ndarray,
    converted: np.ndarray,
    months: np.ndarray | None,
    band_width: float,
) -> BacktestResult:
    """Bands, lifts, and the sorted scores that later threshold queries need."""
    band_index = np.floor(total / band_width)
    first, last = int(band_index.min()), int(band_index.max())
    if last - first + 1 > MAX_BANDS:
        raise ValidationError(
            f"Scores run from {total.min():g} to {total.max():g}: a band width of "
            f"{band_width:g} makes too many bands; choose a wider band."
        )
    offsets = (band_index - first).astype(np.intp)
    size = last - first + 1
    leads_per_band = np.bincount(offsets, minlength=size)
    won_per_band = np.bincount(offsets[converted], minlength=size)
    bands = [
        Band(
            low=(first + i) * band_width,
            high=(first + i + 1) * band_width,
            leads=int(leads_per_band[i]),
            conversions=int(won_per_band[i]),
        )
        for i in range(size)
    ]
    conversions = int(np.count_nonzero(converted))
    lifts = []
    for index, criterion in enumerate(model.criteria):
        hit = fired[index]
        with_count = int(np.count_nonzero(hit))
        with_won = int(np.count_nonzero(hit & converted))
        lifts.append(
            CriterionLift(
                criterion, with_count, with_won, len(total) - with_count, conversions - with_won
            )
        )
    result = BacktestResult(
        model_name=model.name,
        source=str(table.source),
        leads=len(total),
        conversions=conversions,
        threshold=None,
        band_width=float(band_width),
        bands=bands,
        lifts=lifts,
        total=total,
        converted=converted,
        _sorted_scores=np.sort(total),
        _sorted_converted=np.sort(total[converted]),
    )
    if months is not None:
        _add_months(result, total, months)
    return result


def _add_months(result: BacktestResult, total: np.ndarray, months: np.ndarray) -> None:
    dated = months != UNDATED
    result.undated_leads = int(len(months) - np.count_nonzero(dated))
    if not dated.any():
        result._months, result._month_scores = [], []
        return
    months = months[dated]
    first = int(months.min())
    index = months - first
    count = int(index.max()) + 1
    # NumPy sorts 16-bit integers stably with a radix sort: linear, not n log n.
    small = index.astype(np.uint16) if count <= np.iinfo(np.uint16).max else index
    order = np.argsort(small, kind="stable")
    sizes = np.bincount(index, minlength=count)
    grouped = total[dated][order]
    bounds = np.concatenate(([0], np.cumsum(sizes)))
    start = np.datetime64(first, "M")
    result._months = [str(start + np.timedelta64(i, "M")) for i in range(count)]
    result._month_scores = [np.sort(grouped[bounds[i] : bounds[i + 1]]) for i in range(count)]
