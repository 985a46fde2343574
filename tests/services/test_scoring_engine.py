"""The vectorised scoring engine: every operator, points, caps, decay and thresholds,
checked by hand and against the plain row-by-row reference scorer."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.errors import Cancelled, ValidationError
from app.services.progress import CancelToken
from app.services.scoring.engine import score_lead, score_table
from app.services.scoring.reference import reference_score
from app.services.scoring.spec import (
    CriterionSpec,
    Dimension,
    Operator,
    ScoringModelSpec,
    ThresholdKind,
    ThresholdSpec,
)

FIT, ENGAGEMENT = Dimension.FIT, Dimension.ENGAGEMENT


def objects(values: list[object]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def rule(
    field: str,
    operator: Operator,
    *values: str,
    points: float = 10,
    dimension: Dimension = FIT,
    cap: float | None = None,
    decay: float | None = None,
) -> CriterionSpec:
    return CriterionSpec(dimension, field, operator, tuple(values), points, cap, decay)


def fired(criterion: CriterionSpec, column: list[object] | np.ndarray) -> list[bool]:
    values = column if isinstance(column, np.ndarray) else objects(column)
    model = ScoringModelSpec("m", (criterion,))
    return score_table(model, {criterion.field: values}, len(values)).fired[0].tolist()


class TestOperators:
    def test_equals_ignores_case_and_surrounding_spaces(self) -> None:
        column = ["Germany", " germany ", "GERMANY", "East Germany", None]
        assert fired(rule("Country", Operator.EQUALS, " Germany"), column) == [
            True,
            True,
            True,
            False,
            False,
        ]

    def test_one_of(self) -> None:
        column = ["France", "spain ", "Italy", "N/A"]
        criterion = rule("Country", Operator.ONE_OF, "France", "Spain")
        assert fired(criterion, column) == [True, True, False, False]

    def test_contains_and_starts_with(self) -> None:
        titles = ["VP of Sales", "Senior VP", "Vice President", "  vp marketing", None]
        assert fired(rule("Title", Operator.CONTAINS, "vp"), titles) == [
            True,
            True,
            False,
            True,
            False,
        ]
        assert fired(rule("Title", Operator.STARTS_WITH, "VP"), titles) == [
            True,
            False,
            False,
            True,
            False,
        ]

    def test_numeric_comparisons_on_a_numeric_column(self) -> None:
        sizes = np.array([10.0, 50.0, 200.0, np.nan])
        assert fired(rule("Size", Operator.GTE, "50"), sizes) == [False, True, True, False]
        assert fired(rule("Size", Operator.LTE, "50"), sizes) == [True, True, False, False]
        assert fired(rule("Size", Operator.BETWEEN, "50", "200"), sizes) == [
            False,
            True,
            True,
            False,
        ]

    def test_numeric_comparisons_on_text_holding_numbers(self) -> None:
        sizes = [" 120 ", "80", "lots", "1e3", None]
        assert fired(rule("Size", Operator.GTE, "100"), sizes) == [True, False, False, True, False]

    def test_equals_on_a_numeric_column_compares_numbers(self) -> None:
        column = np.array([5.0, 5.5, np.nan])
        assert fired(rule("Visits", Operator.EQUALS, "5.0"), column) == [True, False, False]
        assert fired(rule("Visits", Operator.ONE_OF, "5.5", "x"), column) == [False, True, False]
        assert fired(rule("Visits", Operator.STARTS_WITH, "5"), column) == [True, True, False]

    def test_empty_means_missing_blank_or_placeholder(self) -> None:
        column = ["Acme", "", "  ", "N/A", "Select", None, "-"]
        assert fired(rule("Company", Operator.IS_EMPTY), column) == [
            False,
            True,
            True,
            True,
            True,
            True,
            True,
        ]
        assert fired(rule("Company", Operator.IS_NOT_EMPTY), column) == [
            True,
            False,
            False,
            False,
            False,
            False,
            False,
        ]

    def test_a_field_missing_from_the_table_is_empty(self) -> None:
        model = ScoringModelSpec(
            "m", (rule("Budget", Operator.IS_EMPTY), rule("Budget", Operator.EQUALS, "x"))
        )
        result = score_table(model, {"Other": objects(["a", "b"])}, 2)
        assert result.fired.tolist() == [[True, True], [False, False]]

    def test_a_numeric_rule_without_a_number_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="needs a number"):
            fired(rule("Size", Operator.GTE, "big"), ["1"])
        with pytest.raises(ValidationError, match="two numbers"):
            fired(rule("Size", Operator.BETWEEN, "1"), np.array([1.0]))


class TestPoints:
    def test_fit_engagement_and_total(self) -> None:
        model = ScoringModelSpec(
            "m",
            (
                rule("Country", Operator.EQUALS, "Germany", points=20),
                rule("Visits", Operator.GTE, "5", points=15, dimension=ENGAGEMENT),
                rule("Email", Operator.CONTAINS, "gmail", points=-10),
            ),
        )
        columns = {
            "Country": objects(["Germany", "France"]),
            "Visits": np.array([7.0, 2.0]),
            "Email": objects(["a@gmail.com", "b@corp.com"]),
        }
        result = score_table(model, columns, 2)
        assert result.fit.tolist() == [10.0, 0.0]
        assert result.engagement.tolist() == [15.0, 0.0]
        assert result.total.tolist() == [25.0, 0.0]

    @pytest.mark.parametrize(
        ("points", "cap", "expected"), [(30, 20, 20), (-30, 20, -20), (5, 20, 5)]
    )
    def test_cap_limits_the_size_of_a_contribution(
        self, points: float, cap: float, expected: float
    ) -> None:
        criterion = rule("Visits", Operator.GTE, "1", points=points, cap=cap)
        lead = score_lead(ScoringModelSpec("m", (criterion,)), {"Visits": 3})
        assert lead.total == expected

    def test_engagement_points_halve_every_half_life(self) -> None:
        criterion = rule(
            "Webinar", Operator.EQUALS, "yes", points=20, dimension=ENGAGEMENT, decay=10
        )
        model = ScoringModelSpec("m", (criterion, rule("Webinar", Operator.EQUALS, "yes")))
        dates = np.array(
            ["2024-03-01", "2024-02-20", "2024-02-10", "NaT", "2024-04-01"], dtype="datetime64[D]"
        )
        result = score_table(
            model,
            {"Webinar": objects(["yes"] * 5)},
            5,
            as_of=np.datetime64("2024-03-01"),
            activity_dates=dates,
        )
        assert result.engagement.tolist() == pytest.approx([20, 10, 5, 20, 20])
        assert result.fit.tolist() == [10] * 5  # fit criteria never decay

    def test_decay_then_cap(self) -> None:
        criterion = rule(
            "Demo", Operator.IS_NOT_EMPTY, points=40, dimension=ENGAGEMENT, cap=15, decay=7
        )
        model = ScoringModelSpec("m", (criterion,))
        dates = np.array(["2024-03-01", "2024-02-16"], dtype="datetime64[D]")
        result = score_table(
            model,
            {"Demo": objects(["x", "x"])},
            2,
            as_of=np.datetime64("2024-03-01"),
            activity_dates=dates,
        )
        assert result.engagement.tolist() == pytest.approx([15, 10])


def thresholds_model(*criteria: CriterionSpec) -> ScoringModelSpec:
    return ScoringModelSpec(
        "m",
        criteria,
        (
            ThresholdSpec(ThresholdKind.STATUS, "Lead", 0),
            ThresholdSpec(ThresholdKind.STATUS, "MQL", 60),
            ThresholdSpec(ThresholdKind.STATUS, "SQL", 90),
            ThresholdSpec(ThresholdKind.GRADE, "A", 40),
            ThresholdSpec(ThresholdKind.GRADE, "B", 20),
        ),
    )


def test_status_from_total_and_grade_from_fit() -> None:
    # One engagement criterion per score to reach, plus 25 fit points from 20 visits up.
    scores = [-5.0, 0.0, 59.0, 60.0, 95.0]
    model = thresholds_model(
        *(rule("Score", Operator.EQUALS, str(s), points=s, dimension=ENGAGEMENT) for s in scores),
        rule("Fit", Operator.GTE, "20", points=25),
    )
    columns = {"Score": np.array(scores), "Fit": np.array([0, 20, 0, 50, 0], dtype=float)}
    result = score_table(model, columns, 5)
    assert result.total.tolist() == [-5.0, 25.0, 59.0, 85.0, 95.0]
    assert result.status.tolist() == [None, "Lead", "Lead", "MQL", "SQL"]
    assert result.grade.tolist() == [None, "B", None, "B", None]


def test_score_lead_reports_each_criterion_like_the_table_does() -> None:
    model = thresholds_model(
        rule("Country", Operator.ONE_OF, "Germany", "France", points=30),
        rule("Title", Operator.CONTAINS, "director", points=25),
        rule("Visits", Operator.GTE, "10", points=20, dimension=ENGAGEMENT),
        rule("Phone", Operator.IS_EMPTY, points=-5),
    )
    lead = score_lead(model, {"Country": " france", "Title": "Sales Director", "Visits": "12"})
    assert [(c.fired, c.points) for c in lead.criteria] == [
        (True, 30.0),
        (True, 25.0),
        (True, 20.0),
        (True, -5.0),
    ]
    assert (lead.fit, lead.engagement, lead.total) == (50.0, 20.0, 70.0)
    assert (lead.status, lead.grade) == ("MQL", "A")


def test_field_map_points_fields_at_columns() -> None:
    model = ScoringModelSpec(
        "m", (rule("Country", Operator.EQUALS, "Spain"), rule("Size", Operator.IS_EMPTY))
    )
    columns = {"Land": objects(["Spain", "Chile"]), "Size": np.array([1.0, 2.0])}
    result = score_table(model, columns, 2, field_map={"Country": "Land"})
    assert result.fired.tolist() == [[True, False], [True, True]]  # Size left unmapped


def test_scoring_can_be_cancelled() -> None:
    token = CancelToken()
    model = ScoringModelSpec("m", tuple(rule("A", Operator.IS_EMPTY) for _ in range(5)))

    def progress(_fraction: float) -> None:
        token.cancel()

    with pytest.raises(Cancelled):
        score_table(model, {"A": np.zeros(10)}, 10, progress=progress, cancel=token)


# Property tests: the engine agrees with the row-by-row reference on any model and data.
TEXTS = [
    "Germany",
    " germany ",
    "GERMANY",
    "France",
    "VP Sales",
    "vp of sales",
    "Director",
    "",
    "N/A",
    "select",
    "12",
    " 7.5 ",
    "-3",
    "1e2",
    "abc12",
    "ß",
    "İstanbul",
]
RULE_TEXTS = ["germany", "France ", "vp", "dir", "12", "7.5", "-3", "sales", "", "ab", "İ"]
NUMBERS = ["-3", "0", "7.5", "12", "50", "100"]
FIELDS = ["num", "text", "mixed", "absent"]

texts = st.one_of(st.none(), st.sampled_from(TEXTS))
floats = st.one_of(
    st.just(math.nan),
    st.integers(-60, 120).map(float),
    st.floats(-100, 100, allow_nan=False, allow_infinity=False),
)
mixed = st.one_of(texts, floats, st.integers(-5, 20))


@st.composite
def criteria(draw: st.DrawFn) -> CriterionSpec:
    operator = draw(st.sampled_from(list(Operator)))
    if operator in (Operator.GTE, Operator.LTE):
        values: tuple[str, ...] = (draw(st.sampled_from(NUMBERS)),)
    elif operator is Operator.BETWEEN:
        values = tuple(draw(st.lists(st.sampled_from(NUMBERS), min_size=2, max_size=2)))
    elif operator is Operator.ONE_OF:
        values = tuple(
            draw(st.lists(st.sampled_from(RULE_TEXTS + NUMBERS), min_size=1, max_size=3))
        )
    elif operator in (Operator.IS_EMPTY, Operator.IS_NOT_EMPTY):
        values = ()
    else:
        values = (draw(st.sampled_from(RULE_TEXTS + NUMBERS)),)
    return CriterionSpec(
        dimension=draw(st.sampled_from(list(Dimension))),
        field=draw(st.sampled_from(FIELDS)),
        operator=operator,
        values=values,
        points=draw(st.one_of(st.integers(-30, 30).map(float), st.floats(-30, 30))),
        cap=draw(st.one_of(st.none(), st.integers(1, 25).map(float))),
        decay_half_life_days=draw(st.one_of(st.none(), st.integers(1, 30).map(float))),
    )


@st.composite
def scoring_cases(draw: st.DrawFn) -> tuple[ScoringModelSpec, dict[str, np.ndarray], int]:
    n = draw(st.integers(1, 25))
    thresholds = tuple(
        ThresholdSpec(kind, f"{kind.value}{i}", float(draw(st.integers(-40, 80))))
        for i, kind in enumerate(draw(st.lists(st.sampled_from(list(ThresholdKind)), max_size=4)))
    )
    model = ScoringModelSpec("m", tuple(draw(st.lists(criteria(), max_size=6))), thresholds)
    columns = {
        "num": np.array(draw(st.lists(floats, min_size=n, max_size=n)), dtype=np.float64),
        "text": objects(draw(st.lists(texts, min_size=n, max_size=n))),
        "mixed": objects(draw(st.lists(mixed, min_size=n, max_size=n))),
    }
    return model, columns, n


@settings(max_examples=200, deadline=None)
@given(scoring_cases())
def test_engine_agrees_with_the_reference_scorer(
    case: tuple[ScoringModelSpec, dict[str, np.ndarray], int],
) -> None:
    model, columns, n = case
    result = score_table(model, columns, n)
    expected = reference_score(model, columns, n)
    assert result.fired.T.tolist() == [list(row.fired) for row in expected]
    assert result.fit.tolist() == [row.fit for row in expected]
    assert result.engagement.tolist() == [row.engagement for row in expected]
    assert result.total.tolist() == [row.total for row in expected]
    assert result.status.tolist() == [row.status for row in expected]
    assert result.grade.tolist() == [row.grade for row in expected]


@settings(max_examples=60, deadline=None)
@given(scoring_cases(), st.data())
def test_decayed_scores_agree_with_the_reference_scorer(
    case: tuple[ScoringModelSpec, dict[str, np.ndarray], int], data: st.DataObject
) -> None:
    model, columns, n = case
    offsets = data.draw(
        st.lists(st.one_of(st.none(), st.integers(-5, 400)), min_size=n, max_size=n)
    )
    as_of = np.datetime64("2024-06-30", "D")
    dates = np.array(
        [np.datetime64("NaT") if o is None else as_of - np.timedelta64(o, "D") for o in offsets],
        dtype="datetime64[D]",
    )
    result = score_table(model, columns, n, as_of=as_of, activity_dates=dates)
    expected = reference_score(model, columns, n, as_of=as_of, activity_dates=dates)
    assert result.engagement.tolist() == pytest.approx([r.engagement for r in expected], abs=1e-9)
    assert result.fit.tolist() == [r.fit for r in expected]
