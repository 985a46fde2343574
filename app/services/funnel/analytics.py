"""Funnel analytics: conversion, velocity and leakage per period, against target and trend.

Given the ordered stages and per-period figures, every measure is computed for each
period together with the same measure in the targets and in the calendar period before.
Unknown inputs give unknown (None) results: a stage missing from a period, a stage
reached by nobody (no rate can be taken from zero), a previous period not entered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from app.services.funnel.figures import (
    FunnelFigures,
    LeakageFigures,
    StageFigures,
    StageInfo,
    StageLeakage,
    TargetFigures,
    check_stages,
    normalise_figures,
    normalise_targets,
)
from app.services.funnel.periods import Period


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


@dataclass(frozen=True)
class Measure:
    """One figure for a period, beside its target and its value in the period before."""

    actual: float | None
    target: float | None = None
    previous: float | None = None

    @property
    def vs_target(self) -> float | None:
        """Actual minus target (positive is ahead of target)."""
        return _difference(self.actual, self.target)

    @property
    def vs_previous(self) -> float | None:
        """Actual minus the previous period's actual (positive is up)."""
        return _difference(self.actual, self.previous)


@dataclass(frozen=True)
class StageAnalytics:
    """Everything measured for one stage in one period."""

    stage: StageInfo
    reached: Measure
    value: float | None
    conversion_to_next: Measure  # next stage's reached / this stage's reached
    cumulative_conversion: Measure  # this stage's reached / the first stage's reached
    median_days: Measure
    leaked: int | None  # from an extract only; None when hand-entered
    leakage_rate: Measure  # leaked / arrivals whose outcome is known


@dataclass(frozen=True)
class PeriodAnalytics:
    """One period of the funnel, stage by stage, plus the funnel as a whole."""

    period: Period
    stages: list[StageAnalytics]
    overall_conversion: Measure  # last stage's reached / first stage's reached
    total_days: Measure  # median days summed over every stage before the last

    def stage(self, key: str) -> StageAnalytics:
        for item in self.stages:
            if item.stage.key == key:
                return item
        raise KeyError(key)


def conversion_rates(
    stages: Sequence[StageInfo], figures: dict[str, StageFigures] | None
) -> list[float | None]:
    """Stage-to-stage rates in funnel order; the last stage has no next stage (None)."""
    rates: list[float | None] = []
    for here, there in pairwise(stages):
        this = figures.get(here.key) if figures else None
        nxt = figures.get(there.key) if figures else None
        if this is None or nxt is None or this.reached == 0:
            rates.append(None)
        else:
            rates.append(nxt.reached / this.reached)
    rates.append(None)
    return rates


def cumulative_rates(
    stages: Sequence[StageInfo], figures: dict[str, StageFigures] | None
) -> list[float | None]:
    """Each stage's reached as a share of the first stage's reached."""
    first = figures.get(stages[0].key) if figures else None
    result: list[float | None] = []
    for stage in stages:
        here = figures.get(stage.key) if figures else None
        if first is None or here is None or first.reached == 0:
            result.append(None)
        else:
            result.append(here.reached / first.reached)
    return result


def total_days(
    stages: Sequence[StageInfo], figures: dict[str, StageFigures] | None
) -> float | None:
    """Top-to-bottom time: the median days of every stage before the last, added up.

    A sum of medians is not the median journey, but it is what the figures allow and it
    moves the same way; one missing stage makes the total unknown rather than short.
    """
    if not figures or len(stages) < 2:
        return None
    total = 0.0
    for stage in stages[:-1]:
        here = figures.get(stage.key)
        if here is None or here.median_days is None:
            return None
        total += here.median_days
    return total


def _reached(figures: dict[str, StageFigures] | None, key: str) -> float | None:
    here = figures.get(key) if figures else None
    return None if here is None else float(here.reached)


def _median(figures: dict[str, StageFigures] | None, key: str) -> float | None:
    here = figures.get(key) if figures else None
    return None if here is None else here.median_days


def _leak(leakage: dict[str, StageLeakage] | None, key: str) -> StageLeakage | None:
    return leakage.get(key) if leakage else None


def funnel_analytics(
    stages: Sequence[StageInfo],
    actuals: FunnelFigures,
    targets: TargetFigures | None = None,
    leakage: LeakageFigures | None = None,
) -> list[PeriodAnalytics]:
    """Analyse every period of `actuals`, in time order.

    "Previous" means the calendar period before (the quarter before a quarter); when
    that period was not entered, comparisons with it are None rather than comparisons
    with some older period.
    """
    check_stages(stages)
    by_period = normalise_figures(actuals)
    target_by_period = normalise_targets(targets)
    leak_by_period = {Period.parse(p): dict(v) for p, v in (leakage or {}).items()}
    result: list[PeriodAnalytics] = []
    for period, figures in by_period.items():
        before_period = period.previous()
        before = by_period.get(before_period)
        goal = target_by_period.get(period)
        leaks = leak_by_period.get(period)
        leaks_before = leak_by_period.get(before_period)
        rates = conversion_rates(stages, figures)
        rates_goal = conversion_rates(stages, goal)
        rates_before = conversion_rates(stages, before)
        cumulative = cumulative_rates(stages, figures)
        cumulative_goal = cumulative_rates(stages, goal)
        cumulative_before = cumulative_rates(stages, before)
        rows: list[StageAnalytics] = []
        for i, stage in enumerate(stages):
            here = figures.get(stage.key)
            leak_here = _leak(leaks, stage.key)
            leak_before = _leak(leaks_before, stage.key)
            rows.append(
                StageAnalytics(
                    stage=stage,
                    reached=Measure(
                        _reached(figures, stage.key),
                        _reached(goal, stage.key),
                        _reached(before, stage.key),
                    ),
                    value=None if here is None else here.value,
                    conversion_to_next=Measure(rates[i], rates_goal[i], rates_before[i]),
                    cumulative_conversion=Measure(
                        cumulative[i], cumulative_goal[i], cumulative_before[i]
                    ),
                    median_days=Measure(
                        _median(figures, stage.key),
                        _median(goal, stage.key),
                        _median(before, stage.key),
                    ),
                    leaked=None if leak_here is None else leak_here.leaked,
                    leakage_rate=Measure(
                        None if leak_here is None else leak_here.rate,
                        None,
                        None if leak_before is None else leak_before.rate,
                    ),
                )
            )
        result.append(
            PeriodAnalytics(
                period=period,
                stages=rows,
                overall_conversion=Measure(
                    cumulative[-1], cumulative_goal[-1], cumulative_before[-1]
                ),
                total_days=Measure(
                    total_days(stages, figures),
                    total_days(stages, goal),
                    total_days(stages, before),
                ),
            )
        )
    return result
