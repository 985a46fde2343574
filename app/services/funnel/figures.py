"""The plain shapes funnel numbers travel in: stages, per-stage figures and whole funnels.

Nothing here knows about the database or the screen; the Lexicon supplies the ordered
stages, and figures come from hand entry or from counting a CRM extract.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.services.errors import ValidationError
from app.services.funnel.periods import Period, sorted_periods


@dataclass(frozen=True)
class StageInfo:
    """One agreed lifecycle stage in funnel order, with its hand-off window if agreed."""

    key: str
    name: str
    sla_hours: float | None = None


@dataclass(frozen=True)
class StageFigures:
    """What happened at one stage in one period.

    `reached` counts the records that reached the stage; `value` is the pipeline amount
    where one is kept; `median_days` is the median time records spent in the stage
    before moving on. Unknown is None, never zero.
    """

    reached: int
    value: float | None = None
    median_days: float | None = None

    def __post_init__(self) -> None:
        if self.reached < 0:
            raise ValidationError("A stage cannot be reached by fewer than zero records.")
        if self.median_days is not None and (math.isnan(self.median_days) or self.median_days < 0):
            raise ValidationError("Median days in a stage must be zero or more.")


@dataclass(frozen=True)
class StageLeakage:
    """Records that reached a stage and were not dealt with inside its SLA window.

    `due` counts the arrivals whose outcome is known: dealt with in time, or whose window
    has passed. Arrivals still inside their window are in neither count.
    """

    due: int
    leaked: int

    @property
    def rate(self) -> float | None:
        return self.leaked / self.due if self.due else None


FunnelFigures = Mapping[Period | str, Mapping[str, StageFigures]]
"""Per period, per stage key, the figures; a stage absent from a period is unknown."""

TargetFigures = Mapping[Period | str, Mapping[str, "StageFigures | int"]]
"""Targets have the same shape; a bare number is a target for `reached` only."""

LeakageFigures = Mapping[Period | str, Mapping[str, StageLeakage]]
"""Per period, per stage key, the leakage found by counting an extract."""


def check_stages(stages: Sequence[StageInfo]) -> None:
    """Refuse a funnel without stages or with a stage key used twice."""
    if not stages:
        raise ValidationError("The funnel has no stages; agree the lifecycle stages first.")
    seen: set[str] = set()
    for stage in stages:
        if stage.key in seen:
            raise ValidationError(f"The stage '{stage.name}' appears twice in the funnel.")
        seen.add(stage.key)


def normalise_figures(figures: FunnelFigures | None) -> dict[Period, dict[str, StageFigures]]:
    """Key a funnel by parsed periods, in time order."""
    if not figures:
        return {}
    by_label = {Period.parse(p): dict(stages) for p, stages in figures.items()}
    return {period: by_label[period] for period in sorted_periods(by_label)}


def normalise_targets(targets: TargetFigures | None) -> dict[Period, dict[str, StageFigures]]:
    """Targets as figures: a bare number becomes `StageFigures(reached=number)`."""
    if not targets:
        return {}
    result: dict[Period, dict[str, StageFigures]] = {}
    for period, stages in targets.items():
        result[Period.parse(period)] = {
            key: item if isinstance(item, StageFigures) else StageFigures(int(item))
            for key, item in stages.items()
        }
    return {period: result[period] for period in sorted_periods(result)}
