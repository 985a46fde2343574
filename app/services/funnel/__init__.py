"""Funnel maths without a database or a screen: periods, analytics, the plan, the SLA.

* `periods` — months and quarters as values.
* `figures` — the plain shapes: `StageInfo`, `StageFigures`, `StageLeakage`.
* `analytics` — conversion, velocity and leakage per period, against target and trend.
* `planner` — the reverse plan from revenue to volumes, rates from actuals, run-rate gap.
* `sla` — the service-level agreement and how well it is kept.
* `extract` — counting a CRM extract into periods (`extract_shapes` and
  `extract_history` read the two layouts; `counting` and `columns` do the vectorised work).
* `demo` — eight quarters of demo figures, targets and an agreement.
"""

from app.services.funnel.analytics import (
    Measure,
    PeriodAnalytics,
    StageAnalytics,
    funnel_analytics,
)
from app.services.funnel.demo import demo_funnel, demo_sla, demo_targets
from app.services.funnel.extract import ExtractCounts, ExtractMapping, ExtractShape, count_extract
from app.services.funnel.figures import StageFigures, StageInfo, StageLeakage
from app.services.funnel.periods import Period, PeriodKind, parse_period, period_of, period_range
from app.services.funnel.planner import (
    Plan,
    PlanRow,
    StageGap,
    gap_to_run_rate,
    rate_overrides,
    rates_from_actuals,
    reverse_plan,
    run_rate,
)
from app.services.funnel.sla import (
    ComplianceResult,
    HandoffRecords,
    PeriodCompliance,
    ServiceLevelAgreement,
    SlaMeasure,
    sla_compliance,
    sla_statements,
)

__all__ = [
    "ComplianceResult",
    "ExtractCounts",
    "ExtractMapping",
    "ExtractShape",
    "HandoffRecords",
    "Measure",
    "Period",
    "PeriodAnalytics",
    "PeriodCompliance",
    "PeriodKind",
    "Plan",
    "PlanRow",
    "ServiceLevelAgreement",
    "SlaMeasure",
    "StageAnalytics",
    "StageFigures",
    "StageGap",
    "StageInfo",
    "StageLeakage",
    "count_extract",
    "demo_funnel",
    "demo_sla",
    "demo_targets",
    "funnel_analytics",
    "gap_to_run_rate",
    "parse_period",
    "period_of",
    "period_range",
    "rate_overrides",
    "rates_from_actuals",
    "reverse_plan",
    "run_rate",
    "sla_compliance",
    "sla_statements",
]
