"""Counting arrivals at funnel stages into periods, vectorised over whole columns.

`FunnelTally` collects, stage by stage and chunk by chunk, the arrivals found in an
extract: when each record reached the stage, when it moved on to a later stage and when
it was recycled. At the end it turns them into per-period figures (reached, value,
median days in stage) and leakage (arrivals not dealt with inside the stage's SLA
window). The shape of the extract is dealt with in `extract`; this module only sees
int64 seconds since 1970 with `NAT` for "never".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from app.services.funnel.columns import NAT
from app.services.funnel.figures import StageFigures, StageInfo, StageLeakage
from app.services.funnel.periods import Period, PeriodKind

DAY = 86400
HOUR = 3600


def ordinals_of(seconds: np.ndarray, kind: PeriodKind) -> np.ndarray:
    """Period ordinals of times that are all present (no NAT)."""
    months = seconds.view("datetime64[s]").astype("datetime64[M]").view(np.int64)
    return months if kind is PeriodKind.MONTH else months // 3


def _add_counts(
    target: Counter[int], ordinals: np.ndarray, weights: np.ndarray | None = None
) -> None:
    """Add per-ordinal counts (or weight sums) of a chunk to a running counter."""
    if len(ordinals) == 0:
        return
    low = int(ordinals.min())
    counts = np.bincount(ordinals - low, weights=weights)
    for slot in np.flatnonzero(counts):
        target[low + int(slot)] += counts[slot].item()


def grouped_medians(ordinals: np.ndarray, values: np.ndarray) -> dict[int, float]:
    """Median of `values` per ordinal, in O(n): a radix sort by group, then selection."""
    if len(ordinals) == 0:
        return {}
    low = int(ordinals.min())
    slots = ordinals - low
    if slots.max() < 65536:
        # NumPy's stable sort on 16-bit integers is a radix sort: linear time.
        order = np.argsort(slots.astype(np.uint16), kind="stable")
    else:
        order = np.argsort(slots, kind="stable")
    ordered = values[order]
    sizes = np.bincount(slots)
    ends = np.cumsum(sizes)
    result: dict[int, float] = {}
    for slot in np.flatnonzero(sizes):
        chunk = ordered[ends[slot] - sizes[slot] : ends[slot]]
        result[low + int(slot)] = float(np.median(chunk))
    return result


@dataclass
class _StageTally:
    reached: Counter[int] = field(default_factory=Counter)
    value: Counter[int] = field(default_factory=Counter)
    valued: Counter[int] = field(default_factory=Counter)
    moved_ordinals: list[np.ndarray] = field(default_factory=list)
    moved_seconds: list[np.ndarray] = field(default_factory=list)
    in_time: Counter[int] = field(default_factory=Counter)
    late_ordinals: list[np.ndarray] = field(default_factory=list)
    late_arrivals: list[np.ndarray] = field(default_factory=list)


class FunnelTally:
    """Running counts per stage and period while an extract is read chunk by chunk.

    `followable[i]` says whether records can be followed from stage i to a later stage
    (a record id or one row per record, and a later stage in the extract); only then are
    days in stage and leakage measured.
    """

    def __init__(
        self, stages: Sequence[StageInfo], kind: PeriodKind, followable: Sequence[bool]
    ) -> None:
        self.stages = list(stages)
        self.kind = kind
        self.followable = list(followable)
        self.mapped = [False] * len(self.stages)
        self.tallies = [_StageTally() for _ in self.stages]
        self.latest = NAT
        self.periods: set[int] = set()

    def seen(self, seconds: np.ndarray) -> None:
        """Note dates so that `as_of` can default to the latest date in the extract."""
        if len(seconds):
            self.latest = max(self.latest, int(seconds.max()))

    def window(self, index: int) -> float | None:
        hours = self.stages[index].sla_hours
        if hours is None or not self.followable[index] or index == len(self.stages) - 1:
            return None
        return float(hours) * HOUR

    def add_reached(
        self, index: int, ordinals: np.ndarray, values: np.ndarray | None = None
    ) -> None:
        """Records that reached stage `index` in the periods `ordinals`."""
        self.mapped[index] = True
        if len(ordinals) == 0:
            return
        tally = self.tallies[index]
        _add_counts(tally.reached, ordinals)
        self.periods.update(tally.reached)
        if values is not None:
            known = ~np.isnan(values)
            _add_counts(tally.value, ordinals[known], values[known])
            _add_counts(tally.valued, ordinals[known])

    def add_arrivals(
        self,
        index: int,
        arrivals: np.ndarray,
        ordinals: np.ndarray,
        moved_at: np.ndarray,
        recycled_at: np.ndarray,
    ) -> None:
        """How arrivals at stage `index` (at `arrivals`, in periods `ordinals`) left it.

        `moved_at` is when each reached a later stage, `recycled_at` when it was sent
        back; NAT for never.
        """
        if len(arrivals) == 0 or not self.followable[index]:
            return
        tally = self.tallies[index]
        moved = moved_at != NAT
        stay = moved_at - arrivals
        # A later stage dated before this one is a data slip: it moved on, time unknown.
        timed = moved & (stay >= 0)
        tally.moved_ordinals.append(ordinals[timed])
        tally.moved_seconds.append(stay[timed])
        window = self.window(index)
        if window is None:
            return
        recycled = recycled_at != NAT
        in_time = (moved & (stay <= window)) | (recycled & (recycled_at - arrivals <= window))
        _add_counts(tally.in_time, ordinals[in_time])
        tally.late_ordinals.append(ordinals[~in_time])
        tally.late_arrivals.append(arrivals[~in_time])

    def figures(self) -> dict[Period, dict[str, StageFigures]]:
        """Per period with any arrival, per counted stage: reached, value, median days."""
        medians: list[dict[int, float]] = []
        for index, tally in enumerate(self.tallies):
            if not self.followable[index] or not tally.moved_ordinals:
                medians.append({})
                continue
            medians.append(
                grouped_medians(
                    np.concatenate(tally.moved_ordinals),
                    np.concatenate(tally.moved_seconds) / DAY,
                )
            )
        result: dict[Period, dict[str, StageFigures]] = {}
        for ordinal in sorted(self.periods):
            row: dict[str, StageFigures] = {}
            for index, stage in enumerate(self.stages):
                if not self.mapped[index]:
                    continue
                tally = self.tallies[index]
                row[stage.key] = StageFigures(
                    reached=int(tally.reached.get(ordinal, 0)),
                    value=float(tally.value[ordinal]) if tally.valued.get(ordinal) else None,
                    median_days=medians[index].get(ordinal),
                )
            result[Period.from_ordinal(self.kind, ordinal)] = row
        return result

    def leakage(self, as_of: int) -> dict[Period, dict[str, StageLeakage]]:
        """Per period, per stage with an SLA window: arrivals due and those leaked."""
        leaked_by_stage: list[Counter[int] | None] = []
        for index, tally in enumerate(self.tallies):
            window = self.window(index)
            if window is None or not self.mapped[index]:
                leaked_by_stage.append(None)
                continue
            leaked: Counter[int] = Counter()
            if tally.late_ordinals:
                ordinals = np.concatenate(tally.late_ordinals)
                arrivals = np.concatenate(tally.late_arrivals)
                # Only arrivals whose whole window has passed can have leaked.
                _add_counts(leaked, ordinals[arrivals + window <= as_of])
            leaked_by_stage.append(leaked)
        result: dict[Period, dict[str, StageLeakage]] = defaultdict(dict)
        for ordinal in sorted(self.periods):
            period = Period.from_ordinal(self.kind, ordinal)
            for index, stage in enumerate(self.stages):
                stage_leaks = leaked_by_stage[index]
                if stage_leaks is None:
                    continue
                late = int(stage_leaks.get(ordinal, 0))
                on_time = int(self.tallies[index].in_time.get(ordinal, 0))
                result[period][stage.key] = StageLeakage(due=on_time + late, leaked=late)
        return dict(result)
