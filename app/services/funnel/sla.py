"""The service-level agreement between marketing and sales, and how well it is kept.

Marketing promises a number of MQLs a period, a share of them graded A or B; sales
promises a first touch within H hours, K attempts before giving a lead back, a
disposition within D days and a reason whenever a lead is recycled. Compliance is shown
only where the data can support it: period figures tell how many MQLs arrived; the
rest needs record-level facts from a CRM extract (`HandoffRecords`). A measure the data
cannot support is None with a reason the page can show.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.services.errors import ValidationError
from app.services.funnel.figures import FunnelFigures, normalise_figures
from app.services.funnel.periods import Period, PeriodKind

HOUR = 3600
DAY = 86400
NAT = np.iinfo(np.int64).min


@dataclass(frozen=True)
class ServiceLevelAgreement:
    """What each team commits to at the hand-off between marketing and sales."""

    # marketing
    mqls_per_period: int
    share_grade_ab: float  # 0–1
    # sales
    first_touch_hours: float
    attempts: int
    disposition_days: float
    recycle_reason_required: bool

    def __post_init__(self) -> None:
        if self.mqls_per_period < 0:
            raise ValidationError("The number of MQLs a period cannot be negative.")
        if not 0 <= self.share_grade_ab <= 1:
            raise ValidationError("The share of A/B grades must be between 0 % and 100 %.")
        if not self.first_touch_hours > 0:
            raise ValidationError("The first-touch window must be more than zero hours.")
        if self.attempts < 0:
            raise ValidationError("The number of attempts cannot be negative.")
        if not self.disposition_days > 0:
            raise ValidationError("The disposition window must be more than zero days.")


def sla_statements(sla: ServiceLevelAgreement, period: str = "quarter") -> list[str]:
    """The agreement in plain sentences, one per team, for pages, reports and README sheets."""
    marketing = (
        f"Marketing delivers {sla.mqls_per_period:,} MQLs a {period}, at least "
        f"{sla.share_grade_ab:.0%} of them graded A or B."
    )
    reason = (
        " and gives a reason whenever a lead goes back to nurture"
        if (sla.recycle_reason_required)
        else ""
    )
    sales = (
        f"Sales makes the first touch within {sla.first_touch_hours:g} hours, tries at least "
        f"{sla.attempts} times before giving a lead back, decides on every lead within "
        f"{sla.disposition_days:g} days{reason}."
    )
    return [marketing, sales]


@dataclass(frozen=True)
class HandoffRecords:
    """Record-level facts about each arrival at the hand-off stage, from a CRM extract.

    Times are int64 seconds since 1970 with `NAT` for none. An array is None when the
    extract cannot tell (no such column, or records cannot be followed over time).
    `grade` holds 1 for grade A or B, 0 for another grade and -1 for no grade.
    """

    kind: PeriodKind
    as_of: int
    ordinals: np.ndarray
    reached_at: np.ndarray
    disposed_at: np.ndarray | None = None
    first_touch_at: np.ndarray | None = None
    attempts: np.ndarray | None = None
    grade: np.ndarray | None = None
    recycled: np.ndarray | None = None
    reason_given: np.ndarray | None = None


class SlaMeasure(enum.StrEnum):
    """Each promise of the agreement that compliance is measured for."""

    MQLS_DELIVERED = "mqls_delivered"
    GRADE_AB_SHARE = "grade_ab_share"
    FIRST_TOUCH = "first_touch"
    ATTEMPTS = "attempts"
    DISPOSITION = "disposition"
    RECYCLE_REASON = "recycle_reason"


@dataclass(frozen=True)
class ComplianceResult:
    """One promise in one period: what was promised, what happened, or why unknown.

    For MQLs delivered `actual` is a count; for every other measure it is a share
    (0–1) of `count` out of `out_of`.
    """

    measure: SlaMeasure
    team: str  # "marketing" or "sales"
    label: str
    promised: float
    actual: float | None
    count: int | None = None
    out_of: int | None = None
    reason: str | None = None

    @property
    def met(self) -> bool | None:
        return None if self.actual is None else self.actual >= self.promised


@dataclass(frozen=True)
class PeriodCompliance:
    """Every SLA measure for one period."""

    period: Period
    results: list[ComplianceResult]

    def result(self, measure: SlaMeasure) -> ComplianceResult:
        return next(r for r in self.results if r.measure is measure)


_NEEDS_EXTRACT = "needs record-level data from a CRM extract"


class _Slots:
    """Per-period counts of facts about hand-offs, vectorised with bincount."""

    def __init__(self, ordinals: np.ndarray) -> None:
        self.low = int(ordinals.min())
        self.slots = ordinals - self.low
        self.size = int(self.slots.max()) + 1

    def count(self, mask: np.ndarray) -> np.ndarray:
        return np.bincount(self.slots[mask], minlength=self.size)

    def at(self, counts: np.ndarray, period: Period) -> int:
        slot = period.ordinal - self.low
        return int(counts[slot]) if 0 <= slot < len(counts) else 0


def _within(
    start: np.ndarray, end: np.ndarray, window: float, as_of: int
) -> tuple[np.ndarray, np.ndarray]:
    """(due, met): done within `window` seconds, or the window has passed without it."""
    done = end != NAT
    met = done & (end - start <= window)  # done before the hand-off counts as in time
    return done | (start + window <= as_of), met


@dataclass(frozen=True)
class _Share:
    """A promise measured as a share of hand-offs: counts per period, or why not."""

    measure: SlaMeasure
    team: str
    label: str
    promised: float
    met: np.ndarray | None  # per-slot counts; None when the data cannot tell
    out_of: np.ndarray | None
    unavailable: str  # why `met` is None
    empty: str  # why a period with no hand-offs to judge has no figure

    def result(self, period: Period, slots: _Slots | None) -> ComplianceResult:
        if self.met is None or self.out_of is None or slots is None:
            return ComplianceResult(
                self.measure,
                self.team,
                self.label,
                self.promised,
                None,
                reason=self.unavailable,
            )
        met, out_of = slots.at(self.met, period), slots.at(self.out_of, period)
        return ComplianceResult(
            self.measure,
            self.team,
            self.label,
            self.promised,
            met / out_of if out_of else None,
            met,
            out_of,
            None if out_of else self.empty,
        )


def _shares(
    sla: ServiceLevelAgreement, records: HandoffRecords | None, slots: _Slots | None
) -> list[_Share]:
    """Every share-type promise of the agreement, counted where the records allow."""
    hours, days = f"{sla.first_touch_hours:g} hours", f"{sla.disposition_days:g} days"

    def counted(mask_pair: tuple[np.ndarray, np.ndarray] | None) -> tuple[Any, Any]:
        if mask_pair is None or slots is None:
            return None, None
        due, met = mask_pair
        return slots.count(met), slots.count(due)

    r = records if slots is not None else None
    grade = (r.grade >= 0, r.grade == 1) if r is not None and r.grade is not None else None
    touch = disposition = attempts = reasons = None
    if r is not None and r.first_touch_at is not None:
        touch = _within(r.reached_at, r.first_touch_at, sla.first_touch_hours * HOUR, r.as_of)
    if r is not None and r.disposed_at is not None:
        disposition = _within(r.reached_at, r.disposed_at, sla.disposition_days * DAY, r.as_of)
    if r is not None and r.recycled is not None and r.attempts is not None:
        known = r.recycled & ~np.isnan(r.attempts)
        attempts = (known, known & (r.attempts >= sla.attempts))
    if r is not None and r.recycled is not None and r.reason_given is not None:
        reasons = (r.recycled, r.recycled & r.reason_given)
    no_data = r is None
    shares = [
        (
            SlaMeasure.GRADE_AB_SHARE,
            "marketing",
            "Share of MQLs graded A or B",
            sla.share_grade_ab,
            grade,
            "the extract has no grade column",
            "no hand-off in this period has a grade",
        ),
        (
            SlaMeasure.FIRST_TOUCH,
            "sales",
            f"First touch within {hours}",
            1.0,
            touch,
            "the extract has no first-touch date column",
            f"no hand-off in this period has reached the end of its {hours} yet",
        ),
        (
            SlaMeasure.ATTEMPTS,
            "sales",
            f"At least {sla.attempts} attempts before a lead is given back",
            1.0,
            attempts,
            "needs both the number of attempts and which leads were recycled",
            "no lead handed over in this period was given back",
        ),
        (
            SlaMeasure.DISPOSITION,
            "sales",
            f"Disposition within {days}",
            1.0,
            disposition,
            "the extract cannot follow records from stage to stage (add a record id)",
            f"no hand-off in this period has reached the end of its {days} yet",
        ),
        (
            SlaMeasure.RECYCLE_REASON,
            "sales",
            "Reason given for each recycled lead",
            1.0,
            reasons if sla.recycle_reason_required else None,
            "needs which leads were recycled and a reason column"
            if sla.recycle_reason_required
            else "the agreement does not ask for one",
            "no lead handed over in this period was recycled",
        ),
    ]
    result = []
    for measure, team, label, promised, masks, unavailable, empty in shares:
        met, out_of = counted(masks)
        if no_data and (measure is not SlaMeasure.RECYCLE_REASON or sla.recycle_reason_required):
            unavailable = _NEEDS_EXTRACT
        result.append(_Share(measure, team, label, promised, met, out_of, unavailable, empty))
    return result


def sla_compliance(
    sla: ServiceLevelAgreement,
    handoff_stage: str,
    figures: FunnelFigures | None = None,
    records: HandoffRecords | None = None,
) -> list[PeriodCompliance]:
    """Each period's compliance with the agreement, as far as the data allows.

    `handoff_stage` is the stage key where marketing hands leads to sales (the MQL
    stage); `figures` give its count per period; `records` the record-level facts from
    an extract. Periods are those of either source.
    """
    by_period = normalise_figures(figures)
    periods = set(by_period)
    slots = None
    if records is not None and len(records.ordinals):
        slots = _Slots(records.ordinals)
        periods |= {Period.from_ordinal(records.kind, int(o)) for o in np.unique(records.ordinals)}
    arrived = slots.count(np.ones(len(slots.slots), bool)) if slots is not None else None
    shares = _shares(sla, records, slots)
    result: list[PeriodCompliance] = []
    for period in sorted(periods):
        stage = by_period.get(period, {}).get(handoff_stage)
        delivered: int | None = None
        if stage is not None:
            delivered = stage.reached
        elif slots is not None and arrived is not None:
            delivered = slots.at(arrived, period)
        rows = [
            ComplianceResult(
                SlaMeasure.MQLS_DELIVERED,
                "marketing",
                "MQLs delivered",
                sla.mqls_per_period,
                delivered,
                delivered,
                reason=None if delivered is not None else "no figures for the hand-off stage",
            )
        ]
        rows.extend(share.result(period, slots) for share in shares)
        result.append(PeriodCompliance(period, rows))
    return result
