"""The reverse plan: revenue → deals → the volume each stage must reach, and its inputs."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.errors import ValidationError
from app.services.funnel import (
    StageFigures,
    StageInfo,
    gap_to_run_rate,
    rate_overrides,
    rates_from_actuals,
    reverse_plan,
    run_rate,
)

STAGES = [
    StageInfo("lead", "Lead"),
    StageInfo("mql", "MQL"),
    StageInfo("sql", "SQL"),
    StageInfo("won", "Customer"),
]


def test_plan_works_back_from_revenue_rounding_up_to_whole_leads() -> None:
    plan = reverse_plan(STAGES, 1_010_000, 25_000, {"lead": 0.2, "mql": 0.5, "sql": 0.3})
    # 40.4 deals → 41; 41 / 0.3 = 136.7 → 137; 137 / 0.5 = 274; 274 / 0.2 = 1370
    assert plan.target_deals == 41
    assert [row.required for row in plan.rows] == [1370, 274, 137, 41]
    assert [row.rate_to_next for row in plan.rows] == [0.2, 0.5, 0.3, None]


def test_rates_that_divide_evenly_cost_no_extra_lead() -> None:
    # In binary floating point 21 / 0.7 is 30.000000000000004, which would round up to 31.
    plan = reverse_plan(STAGES, 21 * 1000, 1000, {"lead": 0.5, "mql": 0.5, "sql": 0.7})
    assert [row.required for row in plan.rows] == [120, 60, 30, 21]


def test_plan_as_json_has_the_agreed_shape() -> None:
    plan = reverse_plan(STAGES, 100_000, 10_000, {"lead": 0.5, "mql": 0.5, "sql": 0.5})
    data = json.loads(json.dumps(plan.to_json()))
    assert data == {
        "target_deals": 10,
        "stages": [
            {"stage": "Lead", "rate_to_next": 0.5, "required": 80},
            {"stage": "MQL", "rate_to_next": 0.5, "required": 40},
            {"stage": "SQL", "rate_to_next": 0.5, "required": 20},
            {"stage": "Customer", "rate_to_next": None, "required": 10},
        ],
    }


def test_a_rate_for_the_last_stage_is_not_needed() -> None:
    rates = {"lead": 1, "mql": 1, "sql": 1, "won": 0.0}
    plan = reverse_plan(STAGES, 5, 1, rates)
    assert [row.required for row in plan.rows] == [5, 5, 5, 5]


@pytest.mark.parametrize(
    ("rates", "words"),
    [
        ({"lead": 0.2, "mql": 0.5}, "Give a conversion rate from 'SQL'"),
        ({"lead": 0, "mql": 0.5, "sql": 0.3}, "'Lead' must be above 0"),
        ({"lead": 0.2, "mql": 1.2, "sql": 0.3}, "'MQL' must be above 0 and at most 1"),
        ({"lead": 0.2, "mql": float("nan"), "sql": 0.3}, "'MQL'"),
        ({"lead": 0.2, "mql": "half", "sql": 0.3}, "'MQL' must be a number"),
    ],
)
def test_bad_rates_are_refused_naming_the_stage(rates: dict, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        reverse_plan(STAGES, 100_000, 10_000, rates)


@pytest.mark.parametrize(
    ("revenue", "deal", "words"),
    [
        (0, 1000, "revenue target must be more than zero"),
        (1000, -5, "deal size"),
        (float("inf"), 1000, "revenue target"),
    ],
)
def test_amounts_must_be_positive(revenue: float, deal: float, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        reverse_plan(STAGES, revenue, deal, {"lead": 0.5, "mql": 0.5, "sql": 0.5})


def test_a_what_if_on_one_rate_moves_only_the_stages_above_it() -> None:
    plan = reverse_plan(STAGES, 1_000_000, 25_000, {"lead": 0.2, "mql": 0.5, "sql": 0.4})
    better = reverse_plan(STAGES, 1_000_000, 25_000, {**plan.rates(), "mql": 0.8})
    assert [row.required for row in plan.rows] == [1000, 200, 100, 40]
    assert [row.required for row in better.rows] == [625, 125, 100, 40]


def test_rates_typed_as_stage_equals_rate() -> None:
    stages = [*STAGES[:1], StageInfo("mql", "Marketing Qualified Lead"), *STAGES[2:]]
    typed = ["MQL=35%", " lead = 0.2", "marketing qualified lead=0.5"]
    assert rate_overrides(stages, typed) == {"lead": 0.2, "mql": 0.5}
    with pytest.raises(ValidationError, match=r"'deal=0\.3' does not name a stage"):
        rate_overrides(stages, ["deal=0.3"])
    with pytest.raises(ValidationError, match="must be a number, not 'lots'"):
        rate_overrides(stages, ["sql=lots"])
    with pytest.raises(ValidationError, match="at most 1"):
        rate_overrides(stages, ["sql=150%"])


HISTORY = {
    "2025-Q3": {"lead": StageFigures(1000), "mql": StageFigures(100), "sql": StageFigures(50)},
    "2025-Q4": {"lead": StageFigures(100), "mql": StageFigures(30), "sql": StageFigures(10)},
    "2026-Q1": {"lead": StageFigures(300), "mql": StageFigures(60), "won": StageFigures(4)},
}


def test_rates_from_actuals_pool_the_last_periods() -> None:
    rates = rates_from_actuals(STAGES, HISTORY, last_n_periods=2)
    # Pooled, not averaged: (30 + 60) / (100 + 300), where a plain mean would say 0.25.
    assert rates["lead"] == pytest.approx(90 / 400)
    # SQL is missing in 2026-Q1, so only 2025-Q4 counts for MQL → SQL.
    assert rates["mql"] == pytest.approx(10 / 30)
    assert rates["sql"] is None  # no period has both SQL and Customer
    assert "won" not in rates
    assert rates_from_actuals(STAGES, HISTORY, last_n_periods=3)["lead"] == pytest.approx(
        190 / 1400
    )


def test_gap_to_run_rate_shows_the_shortfall_per_stage() -> None:
    plan = reverse_plan(STAGES, 40_000, 1_000, {"lead": 0.2, "mql": 0.5, "sql": 0.4})
    current = run_rate(STAGES, HISTORY, last_n_periods=2)
    assert current == {"lead": 200, "mql": 45, "sql": 10, "won": 4}
    gaps = {g.stage_key: g for g in gap_to_run_rate(plan, current)}
    assert gaps["won"].required == 40 and gaps["won"].gap == 36
    assert gaps["lead"].required == 1000 and gaps["lead"].shortfall == 800
    ahead = gap_to_run_rate(plan, {"lead": 5000})
    assert ahead[0].gap == -4000 and ahead[0].shortfall == 0
    assert ahead[1].gap is None


def test_using_no_periods_of_actuals_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least one period"):
        rates_from_actuals(STAGES, HISTORY, last_n_periods=0)


rate_strategy = st.one_of(
    st.decimals(min_value="0.001", max_value="1", places=3).map(float),
    st.floats(min_value=1e-4, max_value=1.0, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=300, deadline=None)
@given(
    rates=st.lists(rate_strategy, min_size=0, max_size=7),
    revenue=st.floats(min_value=1, max_value=1e9, allow_nan=False),
    deal=st.floats(min_value=1, max_value=1e6, allow_nan=False),
)
def test_applying_the_rates_forward_reaches_at_least_the_target(
    rates: list[float], revenue: float, deal: float
) -> None:
    stages = [StageInfo(f"s{i}", f"Stage {i}") for i in range(len(rates) + 1)]
    plan = reverse_plan(stages, revenue, deal, {f"s{i}": r for i, r in enumerate(rates)})
    assert plan.target_deals == math.ceil(Fraction(str(revenue)) / Fraction(str(deal)))
    volumes = [row.required for row in plan.rows]
    # Exact forward multiplication, no flooring between steps.
    volume = Fraction(volumes[0])
    for i, rate in enumerate(rates):
        exact_rate = Fraction(str(rate))
        assert volumes[i] * exact_rate >= volumes[i + 1]
        # ...and no stage is asked for more than it needs: one lead fewer falls short.
        assert (volumes[i] - 1) * exact_rate < volumes[i + 1]
        volume *= exact_rate
    assert volume >= plan.target_deals
