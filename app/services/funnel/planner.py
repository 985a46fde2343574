"""The joint revenue plan: from a revenue target back to the leads each stage must reach.

Deals needed = revenue target ÷ average deal size, rounded up. Walking up the funnel from
the last stage, each stage must reach the next stage's volume ÷ its conversion rate,
rounded up to whole records. Arithmetic is exact on the numbers as typed (0.3 is three
tenths, not the nearest binary fraction) so a rate that divides evenly never costs an
extra lead through rounding noise.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Any

from app.services.errors import ValidationError
from app.services.funnel.figures import FunnelFigures, StageInfo, check_stages, normalise_figures

Number = int | float | Decimal | Fraction


def exact(number: Number) -> Fraction:
    """The number as the user wrote it: floats are read through their shortest text."""
    if isinstance(number, float):
        # str, not repr: NumPy 2 floats repr as "np.float64(0.3)"
        return Fraction(str(number))
    if isinstance(number, Decimal | Fraction | int):
        return Fraction(number)
    return Fraction(str(number))


def _finite(number: Number) -> bool:
    if isinstance(number, Decimal):
        return number.is_finite()
    return math.isfinite(number)


@dataclass(frozen=True)
class PlanRow:
    """One stage of the plan: its rate to the next stage and the volume it must reach."""

    stage_key: str
    stage: str  # the stage's name, as shown and exported
    rate_to_next: float | None  # None for the last stage
    required: int


@dataclass(frozen=True)
class Plan:
    """The volumes each stage must reach, in funnel order, to win `target_deals`."""

    revenue_target: float
    average_deal_size: float
    target_deals: int
    rows: list[PlanRow]

    def required(self, stage_key: str) -> int:
        for row in self.rows:
            if row.stage_key == stage_key:
                return row.required
        raise KeyError(stage_key)

    def rates(self) -> dict[str, float]:
        """The rates the plan used, by stage key: a what-if starts from these."""
        return {r.stage_key: r.rate_to_next for r in self.rows if r.rate_to_next is not None}

    def to_json(self) -> dict[str, Any]:
        """The plan as JSON-ready data: `target_deals` and the stages in funnel order."""
        return {
            "target_deals": self.target_deals,
            "stages": [
                {"stage": row.stage, "rate_to_next": row.rate_to_next, "required": row.required}
                for row in self.rows
            ],
        }


def check_rate(stage: StageInfo, rate: Number | None) -> Fraction:
    """A conversion rate must be a number above 0 and at most 1 (100 %)."""
    if rate is None:
        raise ValidationError(
            f"Give a conversion rate from '{stage.name}' to the next stage.", field=stage.key
        )
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real | Decimal):
        raise ValidationError(
            f"The conversion rate of '{stage.name}' must be a number.", field=stage.key
        )
    if not _finite(rate) or not 0 < rate <= 1:
        raise ValidationError(
            f"The conversion rate of '{stage.name}' must be above 0 and at most 1 "
            f"(100%), not {rate}.",
            field=stage.key,
        )
    return exact(rate)


def _positive_amount(label: str, amount: Number, field: str) -> Fraction:
    if isinstance(amount, bool) or not isinstance(amount, numbers.Real | Decimal):
        raise ValidationError(f"The {label} must be a number.", field=field)
    if not _finite(amount) or amount <= 0:
        raise ValidationError(f"The {label} must be more than zero, not {amount}.", field=field)
    return exact(amount)


def reverse_plan(
    stages: Sequence[StageInfo],
    revenue_target: Number,
    average_deal_size: Number,
    rates: Mapping[str, Number | None],
) -> Plan:
    """Work back from revenue to the volume each stage must reach.

    `rates` maps a stage key to its conversion rate to the next stage; the last stage
    (won business) needs none and any rate given for it is ignored.
    """
    check_stages(stages)
    revenue = _positive_amount("revenue target", revenue_target, "revenue_target")
    deal = _positive_amount("average deal size", average_deal_size, "average_deal_size")
    checked = [check_rate(stage, rates.get(stage.key)) for stage in stages[:-1]]
    target_deals = math.ceil(revenue / deal)
    required = [target_deals]
    for rate in reversed(checked):
        required.append(math.ceil(required[-1] / rate))
    required.reverse()
    rows = [
        PlanRow(
            stage_key=stage.key,
            stage=stage.name,
            rate_to_next=float(checked[i]) if i < len(checked) else None,
            required=required[i],
        )
        for i, stage in enumerate(stages)
    ]
    return Plan(float(revenue), float(deal), target_deals, rows)


def rate_overrides(stages: Sequence[StageInfo], texts: Sequence[str]) -> dict[str, float]:
    """Read rates typed as STAGE=RATE (e.g. "MQL=0.35" or "mql=35%") into stage keys.

    The stage is matched by key or name, ignoring case; a rate is a fraction or a
    percentage. Used by the headless `plan --rate` option.
    """
    by_label = {s.key.casefold(): s for s in stages} | {s.name.casefold(): s for s in stages}
    result: dict[str, float] = {}
    for text in texts:
        label, sep, value = text.rpartition("=")
        stage = by_label.get(label.strip().casefold())
        if not sep or stage is None:
            known = ", ".join(s.name for s in stages)
            raise ValidationError(
                f"'{text}' does not name a stage; write STAGE=RATE with one of: {known}.",
                field="rates",
            )
        value = value.strip()
        try:
            rate = float(value[:-1]) / 100 if value.endswith("%") else float(value)
        except ValueError:
            raise ValidationError(
                f"The conversion rate of '{stage.name}' must be a number, not '{value}'.",
                field=stage.key,
            ) from None
        check_rate(stage, rate)
        result[stage.key] = rate
    return result


def _last_periods(history: FunnelFigures, last_n_periods: int) -> list[dict[str, Any]]:
    if last_n_periods < 1:
        raise ValidationError("Use at least one period of actuals.", field="periods")
    by_period = normalise_figures(history)
    return list(by_period.values())[-last_n_periods:]


def rates_from_actuals(
    stages: Sequence[StageInfo], history: FunnelFigures, last_n_periods: int
) -> dict[str, float | None]:
    """Each stage's pooled conversion rate over the last N periods of actuals.

    Pooled means Σ next stage reached ÷ Σ this stage reached over the periods where both
    stages have figures, so a busy quarter weighs more than a quiet one. None where no
    period supports a rate. The last stage has no rate and is left out. A pooled rate can
    exceed 1 when records reach a stage without passing the one before; the planner then
    asks for a corrected rate instead of silently capping it.
    """
    check_stages(stages)
    periods = _last_periods(history, last_n_periods)
    result: dict[str, float | None] = {}
    for here, there in pairwise(stages):
        this_total = next_total = 0
        for figures in periods:
            this, nxt = figures.get(here.key), figures.get(there.key)
            if this is not None and nxt is not None:
                this_total += this.reached
                next_total += nxt.reached
        result[here.key] = next_total / this_total if this_total else None
    return result


def run_rate(
    stages: Sequence[StageInfo], history: FunnelFigures, last_n_periods: int
) -> dict[str, float | None]:
    """Average records reaching each stage per period over the last N periods.

    Periods where a stage has no figures are left out of that stage's average.
    """
    check_stages(stages)
    periods = _last_periods(history, last_n_periods)
    result: dict[str, float | None] = {}
    for stage in stages:
        counts = [f[stage.key].reached for f in periods if stage.key in f]
        result[stage.key] = sum(counts) / len(counts) if counts else None
    return result


@dataclass(frozen=True)
class StageGap:
    """How far the current run rate is from what the plan needs at one stage."""

    stage_key: str
    stage: str
    required: int
    run_rate: float | None

    @property
    def gap(self) -> float | None:
        """Required minus run rate: positive means more is needed than now arrives."""
        return None if self.run_rate is None else self.required - self.run_rate

    @property
    def shortfall(self) -> float | None:
        """The gap where the run rate falls short, else zero."""
        gap = self.gap
        return None if gap is None else max(0.0, gap)


def gap_to_run_rate(plan: Plan, current: Mapping[str, float | None]) -> list[StageGap]:
    """Compare each stage's required volume with its current run rate, in funnel order."""
    return [
        StageGap(row.stage_key, row.stage, row.required, current.get(row.stage_key))
        for row in plan.rows
    ]
