"""The backtest: bands, threshold what-ifs, suggested threshold, lift and exports,
worked out by hand on a ten-lead file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.services.errors import Cancelled, ImportFailed, ValidationError
from app.services.progress import CancelToken
from app.services.scoring.backtest import (
    backtest,
    default_threshold,
    format_band_table,
    summarise,
    write_backtest_xlsx,
)
from app.services.scoring.reference import ReferenceScore, reference_bands, reference_lift
from app.services.scoring.spec import (
    CriterionSpec,
    Dimension,
    Operator,
    ScoringModelSpec,
    ThresholdKind,
    ThresholdSpec,
)
from app.services.tabular import Table, read_table

MODEL = ScoringModelSpec(
    "Northwind",
    (
        CriterionSpec(Dimension.FIT, "Country", Operator.EQUALS, ("germany",), 40),
        CriterionSpec(Dimension.FIT, "Company size", Operator.GTE, ("100",), 25),
        CriterionSpec(Dimension.ENGAGEMENT, "Visits", Operator.GTE, ("5",), 30),
    ),
    (
        ThresholdSpec(ThresholdKind.STATUS, "Lead", 0),
        ThresholdSpec(ThresholdKind.STATUS, "Sales ready", 90),
        ThresholdSpec(ThresholdKind.STATUS, "MQL", 60),
    ),
)
# Scores: 95 40 55 65 30 0 95 55 70 0; converted: leads 1, 2, 4, 7 and 10.
LEADS = """Country,Employees,Visits,Won?,Created
Germany,500,10,Won,2024-01-05
Germany,50,1,yes,2024-01-20
France,200,8,no,2024-01-21
Germany,150,0,Closed Won,2024-02-02
Spain,N/A,9,lost,2024-02-10
France,10,2,,2024-02-11
Germany,300,6,converted,2024-03-01
Italy,120,7,no,2024-03-15
Germany,20,12,no,2024-03-20
Spain,5,0,TRUE,
"""
FIELD_MAP = {"Country": "Country", "Company size": "Employees", "Visits": "Visits"}


@pytest.fixture
def leads(tmp_path: Path) -> Table:
    path = tmp_path / "leads.csv"
    path.write_text(LEADS, encoding="utf-8")
    return read_table(path)


def run(table: Table, **options: object) -> object:
    return backtest(MODEL, table, field_map=FIELD_MAP, outcome_column="Won?", **options)  # type: ignore[arg-type]


def test_bands_count_leads_and_conversions_in_score_order(leads: Table) -> None:
    result = backtest(MODEL, leads, field_map=FIELD_MAP, outcome_column="Won?")
    assert (result.leads, result.conversions) == (10, 5)
    assert [(b.low, b.high, b.leads, b.conversions) for b in result.bands] == [
        (0, 10, 2, 1),
        (10, 20, 0, 0),
        (20, 30, 0, 0),
        (30, 40, 1, 0),
        (40, 50, 1, 1),
        (50, 60, 2, 0),
        (60, 70, 1, 1),
        (70, 80, 1, 0),
        (80, 90, 0, 0),
        (90, 100, 2, 2),
    ]
    assert result.bands[0].conversion_rate == 0.5
    assert result.bands[1].conversion_rate is None


def test_wider_bands(leads: Table) -> None:
    result = backtest(MODEL, leads, field_map=FIELD_MAP, outcome_column="Won?", band_width=50)
    assert [(b.low, b.leads, b.conversions) for b in result.bands] == [(0, 4, 2), (50, 6, 3)]


def test_json_summary_for_the_command_line(leads: Table) -> None:
    result = backtest(MODEL, leads, field_map=FIELD_MAP, outcome_column="Won?", band_width=50)
    assert result.to_json() == {
        "leads": 10,
        "conversions": 5,
        "threshold": 60,
        "bands": [
            {"low": 0, "high": 50, "leads": 4, "conversions": 2},
            {"low": 50, "high": 100, "leads": 6, "conversions": 3},
        ],
    }
    text = format_band_table(result)
    assert "50 to <100" in text and "All leads" in text
    assert "At a threshold of 60: 4 MQLs holding 3 conversions (60.0% of all)" in text


def test_the_threshold_line_answers_what_if(leads: Table) -> None:
    result = backtest(
        MODEL, leads, field_map=FIELD_MAP, outcome_column="Won?", date_column="Created"
    )
    stats = result.at_threshold(60)
    assert (stats.mqls, stats.conversions) == (4, 3)
    assert stats.share_of_conversions == pytest.approx(0.6)
    assert stats.conversion_rate == pytest.approx(0.75)
    assert stats.mqls_per_month == {"2024-01": 1, "2024-02": 1, "2024-03": 2}
    assert result.undated_leads == 1
    nobody = result.at_threshold(500)
    assert (nobody.mqls, nobody.conversion_rate) == (0, None)


def test_suggested_threshold_keeps_the_busiest_month_within_capacity(leads: Table) -> None:
    result = backtest(
        MODEL, leads, field_map=FIELD_MAP, outcome_column="Won?", date_column="Created"
    )
    assert result.suggest_threshold(1) == 95
    assert result.suggest_threshold(2) == 65
    assert result.suggest_threshold(100) == 0
    assert result.suggest_threshold(0) == 96  # above every score: nobody qualifies
    without_dates = backtest(MODEL, leads, field_map=FIELD_MAP, outcome_column="Won?")
    with pytest.raises(ValidationError, match="date column"):
        without_dates.suggest_threshold(5)


def test_lift_compares_conversion_with_and_without_each_criterion(leads: Table) -> None:
    result = backtest(MODEL, leads, field_map=FIELD_MAP, outcome_column="Won?")
    counts = [
        (x.leads_with, x.conversions_with, x.leads_without, x.conversions_without)
        for x in result.lifts
    ]
    assert counts == [(5, 4, 5, 1), (5, 3, 5, 2), (6, 2, 4, 3)]
    assert [x.lift for x in result.lifts] == pytest.approx([4.0, 1.5, (2 / 6) / 0.75])


def test_default_threshold_prefers_the_mql_status() -> None:
    assert default_threshold(MODEL) == 60
    plain = ScoringModelSpec(
        "p",
        thresholds=(
            ThresholdSpec(ThresholdKind.STATUS, "Warm", 30),
            ThresholdSpec(ThresholdKind.STATUS, "Hot", 70),
            ThresholdSpec(ThresholdKind.GRADE, "A", 10),
        ),
    )
    assert default_threshold(plain) == 30
    assert default_threshold(ScoringModelSpec("none")) is None


def test_numeric_outcome_counts_positive_numbers(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text("Country,Revenue\nGermany,1200\nFrance,0\nSpain,\n", encoding="utf-8")
    result = backtest(MODEL, read_table(path), outcome_column="Revenue")
    assert (result.leads, result.conversions) == (3, 1)


def test_unreadable_outcome_and_missing_columns_are_named(leads: Table) -> None:
    with pytest.raises(ImportFailed) as error:
        backtest(MODEL, leads, field_map=FIELD_MAP, outcome_column="Country")
    assert error.value.problems[0].column == "Country"
    assert "converted" in error.value.problems[0].message
    with pytest.raises(ImportFailed) as error:
        backtest(MODEL, leads, field_map={"Visits": "Web visits"}, outcome_column="Outcome")
    assert [p.column for p in error.value.problems] == ["Outcome", "Web visits"]


def test_a_bad_date_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    path.write_text(LEADS.replace("2024-03-15", "mid March"), encoding="utf-8")
    with pytest.raises(ImportFailed) as error:
        run(read_table(path), date_column="Created")
    assert (error.value.problems[0].row, error.value.problems[0].column) == (9, "Created")


def test_band_width_must_be_positive(leads: Table) -> None:
    with pytest.raises(ValidationError):
        run(leads, band_width=0)


def test_a_cancelled_backtest_raises_cancelled(leads: Table) -> None:
    token = CancelToken()
    with pytest.raises(Cancelled):
        run(leads, progress=lambda _fraction: token.cancel(), cancel=token)


def test_histogram_splits_each_bin_by_outcome(leads: Table) -> None:
    result = backtest(MODEL, leads, field_map=FIELD_MAP, outcome_column="Won?")
    histogram = result.histogram(50)
    assert histogram.edges.tolist() == [0, 50, 100]
    assert histogram.converted.tolist() == [2, 3]
    assert histogram.not_converted.tolist() == [2, 3]


def test_result_workbook_has_typed_cells_and_a_frozen_bold_header(
    leads: Table, tmp_path: Path
) -> None:
    result = backtest(
        MODEL, leads, field_map=FIELD_MAP, outcome_column="Won?", date_column="Created"
    )
    path = tmp_path / "result.xlsx"
    write_backtest_xlsx(result, path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Score bands", "Criteria lift", "MQLs per month", "Summary"]
    bands = workbook["Score bands"]
    assert bands.freeze_panes == "A2"
    assert bands["A1"].value == "Score from" and bands["A1"].font.bold
    assert [c.value for c in bands[2]] == [0, 10, 2, 1, 0.5]
    assert workbook["Criteria lift"]["B2"].value == "Country"
    assert [c.value for c in workbook["MQLs per month"][4]] == ["2024-03", 2]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-50, 150), st.booleans(), st.booleans(), st.booleans()),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from([1, 5, 10, 25]),
    st.integers(-60, 160),
)
def test_summary_agrees_with_counting_lead_by_lead(
    rows: list[tuple[int, bool, bool, bool]], width: int, threshold: int
) -> None:
    total = np.array([float(r[0]) for r in rows])
    converted = np.array([r[1] for r in rows])
    fired = np.array([[r[2] for r in rows], [r[3] for r in rows]])
    model = ScoringModelSpec("m", MODEL.criteria[:2])
    result = summarise(model, Table.from_arrays({}), total, fired, converted, None, width)
    expected = reference_bands(total.tolist(), converted.tolist(), width)
    assert {
        int(b.low // width): (b.leads, b.conversions) for b in result.bands if b.leads
    } == expected
    scores = [ReferenceScore((r[2], r[3]), 0, 0, 0, None, None) for r in rows]
    assert [
        (x.leads_with, x.conversions_with, x.leads_without, x.conversions_without)
        for x in result.lifts
    ] == reference_lift(scores, converted.tolist(), 2)
    stats = result.at_threshold(threshold)
    assert stats.mqls == sum(1 for r in rows if r[0] >= threshold)
    assert stats.conversions == sum(1 for r in rows if r[0] >= threshold and r[1])
