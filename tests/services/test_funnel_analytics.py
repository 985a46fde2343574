"""Periods, funnel analytics on hand-computed funnels, the SLA record and the demo figures."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest

from app.services.errors import ValidationError
from app.services.funnel import (
    HandoffRecords,
    Period,
    PeriodKind,
    ServiceLevelAgreement,
    SlaMeasure,
    StageFigures,
    StageInfo,
    StageLeakage,
    demo_funnel,
    demo_sla,
    demo_targets,
    funnel_analytics,
    parse_period,
    period_of,
    period_range,
    sla_compliance,
    sla_statements,
)

STAGES = [
    StageInfo("lead", "Lead", 48),
    StageInfo("mql", "Marketing Qualified Lead", 24),
    StageInfo("sql", "Sales Qualified Lead", 72),
    StageInfo("won", "Customer"),
]


def figures(lead: int, mql: int, sql: int | None, won: int, days: tuple = ()) -> dict:
    counts = {"lead": lead, "mql": mql, "sql": sql, "won": won}
    row = {}
    for i, (key, reached) in enumerate(counts.items()):
        if reached is None:
            continue  # a stage skipped in this period: no figures at all
        row[key] = StageFigures(reached, median_days=days[i] if i < len(days) else None)
    return row


# --- periods --------------------------------------------------------------------------


def test_periods_read_and_print_as_people_write_them() -> None:
    assert str(parse_period("2026-03")) == "2026-03"
    assert str(parse_period(" 2026-q1 ")) == "2026-Q1"
    assert parse_period("2026-3") == Period(PeriodKind.MONTH, 2026, 3)
    assert parse_period("2026Q4").kind is PeriodKind.QUARTER


@pytest.mark.parametrize(
    ("text", "words"),
    [("2026-13", "months run from 01 to 12"), ("2026-Q5", "Q1 to Q4"), ("March", "2026-Q1")],
)
def test_a_bad_period_says_what_is_expected(text: str, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        parse_period(text)


def test_periods_order_and_step_across_year_ends() -> None:
    assert parse_period("2026-Q1").previous() == parse_period("2025-Q4")
    assert parse_period("2025-12").next() == parse_period("2026-01")
    assert sorted(map(parse_period, ["2026-Q1", "2025-Q4", "2025-Q2"])) == [
        parse_period("2025-Q2"),
        parse_period("2025-Q4"),
        parse_period("2026-Q1"),
    ]
    assert [str(p) for p in period_range("2025-11", "2026-02")] == [
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    ]


def test_period_of_a_date_and_its_bounds() -> None:
    quarter = period_of(date(2026, 5, 31), "quarter")
    assert str(quarter) == "2026-Q2"
    assert quarter.start == date(2026, 4, 1) and quarter.end == date(2026, 7, 1)
    assert str(period_of(datetime(2026, 12, 31, 23, 59), PeriodKind.MONTH)) == "2026-12"
    assert quarter.contains(date(2026, 6, 30)) and not quarter.contains(date(2026, 7, 1))


# --- analytics ------------------------------------------------------------------------


def test_conversion_handles_zero_counts_and_a_skipped_stage() -> None:
    actuals = {
        "2026-Q1": figures(200, 50, 0, 0, days=(10, 3, 7)),
        "2026-Q2": figures(100, 40, None, 5, days=(8, 4)),
    }
    q1, q2 = funnel_analytics(STAGES, actuals)
    assert [s.conversion_to_next.actual for s in q1.stages] == [0.25, 0.0, None, None]
    assert [s.cumulative_conversion.actual for s in q1.stages] == [1.0, 0.25, 0.0, 0.0]
    # SQL was not recorded in Q2: rates into and out of it are unknown, not zero.
    assert [s.conversion_to_next.actual for s in q2.stages] == [0.4, None, None, None]
    assert q2.stage("sql").reached.actual is None
    assert q2.stage("won").cumulative_conversion.actual == pytest.approx(0.05)
    assert q2.overall_conversion.actual == pytest.approx(0.05)


def test_comparisons_with_target_and_the_previous_period() -> None:
    actuals = {
        "2026-Q1": figures(200, 50, 20, 4, days=(10, 3, 7)),
        "2026-Q2": figures(100, 40, 20, 5, days=(8, 4, 6)),
    }
    targets = {"2026-Q2": {"lead": 120, "mql": 60, "sql": 24, "won": 6}}
    q1, q2 = funnel_analytics(STAGES, actuals, targets)
    lead = q2.stage("lead")
    assert lead.reached.vs_target == -20
    assert lead.reached.vs_previous == -100
    assert lead.conversion_to_next.target == 0.5
    assert lead.conversion_to_next.vs_target == pytest.approx(-0.1)
    assert lead.conversion_to_next.vs_previous == pytest.approx(0.4 - 0.25)
    assert q2.stage("mql").conversion_to_next.vs_previous == pytest.approx(0.5 - 0.4)
    # The quarter before Q1 was never entered: nothing to compare with.
    assert q1.stage("lead").reached.previous is None
    assert q1.stage("lead").reached.vs_previous is None
    assert q1.stage("lead").reached.vs_target is None


def test_velocity_per_stage_and_top_to_bottom() -> None:
    actuals = {
        "2026-01": figures(50, 20, 10, 2, days=(10, 3, 7)),
        "2026-02": figures(50, 20, 10, 2, days=(9, None, 7)),
        "2026-03": figures(50, 20, 10, 2, days=(6, 2, 5)),
    }
    targets = {"2026-03": {"lead": StageFigures(50, median_days=5)}}
    jan, feb, mar = funnel_analytics(STAGES, actuals, targets)
    assert jan.total_days.actual == 20
    assert feb.total_days.actual is None  # one stage's time unknown: total unknown
    assert mar.total_days.actual == 13
    assert mar.total_days.vs_previous is None
    assert mar.stage("lead").median_days.vs_previous == -3
    assert mar.stage("lead").median_days.vs_target == 1


def test_a_funnel_nobody_entered_gives_no_rates() -> None:
    (quarter,) = funnel_analytics(STAGES, {"2026-Q3": figures(0, 0, 0, 0)})
    assert all(s.conversion_to_next.actual is None for s in quarter.stages)
    assert all(s.cumulative_conversion.actual is None for s in quarter.stages)
    assert quarter.stage("lead").reached.actual == 0


def test_leakage_from_an_extract_is_shown_beside_the_figures() -> None:
    actuals = {"2026-Q1": figures(10, 4, 2, 1), "2026-Q2": figures(10, 5, 2, 1)}
    leakage = {
        "2026-Q1": {"mql": StageLeakage(due=4, leaked=2)},
        "2026-Q2": {"mql": StageLeakage(due=5, leaked=1)},
    }
    _, q2 = funnel_analytics(STAGES, actuals, leakage=leakage)
    assert q2.stage("mql").leaked == 1
    assert q2.stage("mql").leakage_rate.actual == pytest.approx(0.2)
    assert q2.stage("mql").leakage_rate.vs_previous == pytest.approx(-0.3)
    assert q2.stage("lead").leaked is None


def test_refuses_a_funnel_mixing_months_and_quarters() -> None:
    with pytest.raises(ValidationError, match="months and quarters"):
        funnel_analytics(STAGES, {"2026-Q1": figures(1, 1, 1, 1), "2026-02": figures(1, 1, 1, 1)})


def test_refuses_a_funnel_without_stages_or_with_a_stage_twice() -> None:
    with pytest.raises(ValidationError, match="no stages"):
        funnel_analytics([], {})
    with pytest.raises(ValidationError, match="twice"):
        funnel_analytics([STAGES[0], STAGES[0]], {})


# --- SLA from period figures ------------------------------------------------------------


def test_sla_from_figures_alone_shows_mqls_and_explains_the_rest() -> None:
    sla = ServiceLevelAgreement(50, 0.6, 24, 6, 10, recycle_reason_required=False)
    actuals = {"2026-Q1": figures(200, 45, 20, 4), "2026-Q2": figures(200, 55, 20, 4)}
    q1, q2 = sla_compliance(sla, "mql", figures=actuals)
    assert q1.result(SlaMeasure.MQLS_DELIVERED).actual == 45
    assert q1.result(SlaMeasure.MQLS_DELIVERED).met is False
    assert q2.result(SlaMeasure.MQLS_DELIVERED).met is True
    touch = q1.result(SlaMeasure.FIRST_TOUCH)
    assert touch.actual is None and touch.met is None
    assert "CRM extract" in (touch.reason or "")
    assert "does not ask" in (q1.result(SlaMeasure.RECYCLE_REASON).reason or "")


def test_sla_from_records_judges_only_what_the_records_show() -> None:
    hour = 3600
    january = parse_period("2026-01")
    start = int(np.datetime64("2026-01-10T00:00", "s").astype(np.int64))
    never = np.iinfo(np.int64).min
    records = HandoffRecords(
        kind=PeriodKind.MONTH,
        as_of=start + 30 * 24 * hour,
        ordinals=np.full(3, january.ordinal),
        reached_at=np.full(3, start),
        # Dealt with after 5 days, never, and after 12 days.
        disposed_at=np.array([start + 5 * 24 * hour, never, start + 12 * 24 * hour]),
    )
    sla = ServiceLevelAgreement(3, 0.6, 24, 6, 10, recycle_reason_required=True)
    (period,) = sla_compliance(sla, "mql", records=records)
    assert period.period == january
    assert period.result(SlaMeasure.MQLS_DELIVERED).actual == 3  # counted from the records
    disposition = period.result(SlaMeasure.DISPOSITION)
    assert (disposition.count, disposition.out_of, disposition.met) == (1, 3, False)
    assert "grade column" in (period.result(SlaMeasure.GRADE_AB_SHARE).reason or "")
    assert "first-touch" in (period.result(SlaMeasure.FIRST_TOUCH).reason or "")
    assert "recycled" in (period.result(SlaMeasure.RECYCLE_REASON).reason or "")


def test_the_agreement_reads_as_two_sentences() -> None:
    marketing, sales = sla_statements(ServiceLevelAgreement(400, 0.6, 24, 6, 10, True), "month")
    assert marketing == "Marketing delivers 400 MQLs a month, at least 60% of them graded A or B."
    assert "within 24 hours" in sales and "at least 6 times" in sales
    assert "reason" in sales
    assert "reason" not in sla_statements(ServiceLevelAgreement(400, 0.6, 24, 6, 10, False))[1]


def test_an_impossible_agreement_is_refused() -> None:
    with pytest.raises(ValidationError, match="share"):
        ServiceLevelAgreement(50, 1.5, 24, 6, 10, True)
    with pytest.raises(ValidationError, match="hours"):
        ServiceLevelAgreement(50, 0.5, 0, 6, 10, True)


# --- demo ----------------------------------------------------------------------------


def test_demo_funnel_is_eight_believable_improving_quarters() -> None:
    keys = ["subscriber", "lead", "mql", "sql", "opportunity", "customer"]
    stages = [StageInfo(k, k.title()) for k in keys]
    actuals = demo_funnel(keys)
    assert [str(p) for p in actuals] == [str(p) for p in period_range("2024-Q4", "2026-Q3")]
    assert actuals == demo_funnel(keys)  # the same on every run
    first, last = actuals[parse_period("2024-Q4")], actuals[parse_period("2026-Q3")]
    assert 1000 <= first["subscriber"].reached <= 9999
    assert 10 <= first["customer"].reached <= 99 and 10 <= last["customer"].reached <= 99
    analysed = funnel_analytics(stages, actuals, demo_targets(keys))
    overall = [p.overall_conversion.actual for p in analysed]
    assert overall[-1] > overall[0]
    assert all(p.overall_conversion.target is not None for p in analysed)
    assert demo_sla().mqls_per_period > 0
