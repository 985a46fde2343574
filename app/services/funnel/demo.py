"""Demo funnel figures: eight quarters of a B2B software company getting better at it.

Thousands of subscribers a quarter at the top, tens of new customers at the bottom,
conversion improving as the teams align, and targets that are sometimes beaten and
sometimes missed. Everything is computed from fixed numbers, so the demo is the same
on every machine.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from app.services.funnel.figures import StageFigures
from app.services.funnel.periods import Period, period_range
from app.services.funnel.sla import ServiceLevelAgreement

DEMO_FIRST, DEMO_LAST = "2024-Q4", "2026-Q3"

# Stage-to-stage rates of a typical funnel: subscriber → lead → MQL → SQL → opportunity
# → customer; longer or shorter funnels are rescaled to the same overall yield.
_RATE_PROFILE = (0.35, 0.30, 0.45, 0.40, 0.25, 0.55, 0.65, 0.75)
_DAYS_PROFILE = (18.0, 11.0, 6.0, 21.0, 38.0, 30.0, 25.0, 20.0)
_OVERALL_YIELD = 0.35 * 0.30 * 0.45 * 0.40 * 0.25
_TOP_WIGGLE = (60, -140, 110, 30, 80, -90, 150, 20)
_DEAL_SIZE = 24_000.0


def _rates(steps: int) -> list[float]:
    profile = list(_RATE_PROFILE[:steps]) or []
    if len(profile) < steps:
        profile += [0.5] * (steps - len(profile))
    if not profile:
        return []
    scale = (_OVERALL_YIELD / math.prod(profile)) ** (1 / steps)
    return [min(0.9, rate * scale) for rate in profile]


def _wiggle(stage: int, quarter: int) -> float:
    """A small fixed up-or-down per stage and quarter, so the trend is not a ruler."""
    return ((stage * 7 + quarter * 3) % 5 - 2) * 0.012


def _funnel(
    stage_keys: Sequence[str], top: float, improvement: float, with_wiggle: bool
) -> dict[Period, dict[str, StageFigures]]:
    rates = _rates(len(stage_keys) - 1)
    result: dict[Period, dict[str, StageFigures]] = {}
    for q, period in enumerate(period_range(DEMO_FIRST, DEMO_LAST)):
        volume = top + 160 * q + (_TOP_WIGGLE[q] if with_wiggle else 0)
        deal = _DEAL_SIZE + 500 * q
        row: dict[str, StageFigures] = {}
        for i, key in enumerate(stage_keys):
            reached = round(volume)
            is_last = i == len(stage_keys) - 1
            days = None
            if not is_last:
                base = _DAYS_PROFILE[i % len(_DAYS_PROFILE)]
                days = round(base * (0.97**q) * (1 + (_wiggle(i, q) if with_wiggle else 0)), 1)
            valued = i >= len(stage_keys) - 2
            row[key] = StageFigures(
                reached=reached,
                value=round(reached * deal, 2) if valued else None,
                median_days=days,
            )
            if not is_last:
                lift = 1 + improvement * q + (_wiggle(i, q) if with_wiggle else 0)
                volume = reached * min(0.95, rates[i] * lift)
        result[period] = row
    return result


def demo_funnel(stage_keys: Sequence[str]) -> dict[Period, dict[str, StageFigures]]:
    """Eight quarters (2024-Q4 … 2026-Q3) of actuals for the given stages, top first."""
    return _funnel(stage_keys, top=3400, improvement=0.035, with_wiggle=True)


def demo_targets(stage_keys: Sequence[str]) -> dict[Period, dict[str, StageFigures]]:
    """Targets for the same quarters: a steadier climb than the actuals managed."""
    targets = _funnel(stage_keys, top=3500, improvement=0.03, with_wiggle=False)
    return {
        period: {
            key: StageFigures(reached=fig.reached, median_days=fig.median_days)
            for key, fig in stages.items()
        }
        for period, stages in targets.items()
    }


def demo_sla() -> ServiceLevelAgreement:
    """The agreement the demo teams signed: 380 MQLs a quarter, first touch in a day."""
    return ServiceLevelAgreement(
        mqls_per_period=380,
        share_grade_ab=0.6,
        first_touch_hours=24,
        attempts=6,
        disposition_days=10,
        recycle_reason_required=True,
    )
