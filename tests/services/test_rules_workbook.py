"""Rules workbooks: the generic scoring-rules sheet written and read back, and clear
problems for sheets a person got wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from app.services.errors import ImportFailed
from app.services.scoring.rules_workbook import (
    RULES_HEADER,
    THRESHOLDS_HEADER,
    read_rules_workbook,
    write_rules_workbook,
)
from app.services.scoring.spec import (
    CriterionSpec,
    Dimension,
    Operator,
    ScoringModelSpec,
    ThresholdKind,
    ThresholdSpec,
)

FIT, ENGAGEMENT = Dimension.FIT, Dimension.ENGAGEMENT
MODELS = [
    ScoringModelSpec(
        "Inbound 2024",
        (
            CriterionSpec(FIT, "Country", Operator.ONE_OF, ("Germany", "France"), 20),
            CriterionSpec(FIT, "Employees", Operator.BETWEEN, ("50", "5000"), 15, cap=10),
            CriterionSpec(FIT, "Email", Operator.CONTAINS, ("=cmd|' /C calc'!A0",), -10),
            CriterionSpec(ENGAGEMENT, "Page views", Operator.GTE, ("10",), 5, None, 30),
            CriterionSpec(ENGAGEMENT, "Phone", Operator.IS_EMPTY, (), -5),
        ),
        (
            ThresholdSpec(ThresholdKind.STATUS, "MQL", 60),
            ThresholdSpec(ThresholdKind.GRADE, "A", 40.5),
        ),
    ),
    ScoringModelSpec(
        "Partners",
        (CriterionSpec(FIT, "Source", Operator.EQUALS, ("Partner",), 30),),
        (ThresholdSpec(ThresholdKind.STATUS, "MQL", 30),),
    ),
]


def test_models_survive_a_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "rules.xlsx"
    write_rules_workbook(MODELS, path)
    assert read_rules_workbook(path) == MODELS


def test_written_workbook_has_the_generic_shape(tmp_path: Path) -> None:
    path = tmp_path / "rules.xlsx"
    write_rules_workbook(MODELS, path)
    workbook = load_workbook(path)
    rules, thresholds = workbook["Scoring rules"], workbook["Thresholds"]
    assert tuple(c.value for c in rules[1]) == RULES_HEADER
    assert tuple(c.value for c in thresholds[1]) == THRESHOLDS_HEADER
    assert rules["A1"].font.bold and rules.freeze_panes == "A2"
    assert [c.value for c in rules[3]] == [
        "Inbound 2024",
        "fit",
        "Employees",
        "between",
        "50;5000",
        15,
        10,
        None,
    ]
    assert rules["E5"].value == 10  # a number stays a number
    assert rules["E4"].data_type == "s"  # formula-like text stays text


def make_workbook(path: Path, rules: list[list[object]], thresholds: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Scoring rules"
    for row in rules:
        sheet.append(row)
    other = workbook.create_sheet("Thresholds")
    for row in thresholds:
        other.append(row)
    workbook.save(path)
    return path


def test_hand_made_sheet_with_labels_other_order_and_extra_columns(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "rules.xlsx",
        [
            ["Notes", "Model", "Field", "Dimension", "Operator", "Value", "Points"],
            ["why", "Ops", "Country", "Fit", "is one of", " Spain ; Chile ;", 10],
            [None, "Ops", "Visits", "engagement", "≥", 3, "5"],
            [None, None, None, None, None, None, None],
            [None, "Ops", "Phone", "fit", "is not empty", None, 2],
        ],
        [["model", "kind", "label", "min_points"], ["Ops", "Status", "MQL", 12]],
    )
    (model,) = read_rules_workbook(path)
    assert model.criteria == (
        CriterionSpec(FIT, "Country", Operator.ONE_OF, ("Spain", "Chile"), 10),
        CriterionSpec(ENGAGEMENT, "Visits", Operator.GTE, ("3",), 5),
        CriterionSpec(FIT, "Phone", Operator.IS_NOT_EMPTY, (), 2),
    )
    assert model.thresholds == (ThresholdSpec(ThresholdKind.STATUS, "MQL", 12),)


def test_every_bad_cell_is_reported_with_sheet_row_and_column(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "rules.xlsx",
        [
            list(RULES_HEADER),
            ["M", "fit", "Country", "looks like", "x", 10, None, None],
            ["M", "size", "Employees", "gte", "100", 10, None, None],
            ["M", "fit", "Employees", "between", "100", "ten", None, None],
            ["M", "fit", "Title", "contains", "vp", 5, None, 7],
            ["M", "engagement", "Visits", "lte", "few", 5, -2, None],
        ],
        [list(THRESHOLDS_HEADER), ["M", "level", "MQL", 60], ["M", "status", "MQL", "high"]],
    )
    with pytest.raises(ImportFailed) as error:
        read_rules_workbook(path)
    found = [(p.sheet, p.row, p.column) for p in error.value.problems]
    assert found == [
        ("Scoring rules", 2, "operator"),
        ("Scoring rules", 3, "dimension"),
        ("Scoring rules", 4, "points"),
        ("Scoring rules", 4, "value"),
        ("Scoring rules", 5, "decay_half_life_days"),
        ("Scoring rules", 6, "cap"),
        ("Scoring rules", 6, "value"),
        ("Thresholds", 2, "kind"),
        ("Thresholds", 3, "min_points"),
    ]


def test_missing_sheet_or_header_columns(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Rules"
    workbook.save(tmp_path / "wrong-sheet.xlsx")
    with pytest.raises(ImportFailed, match="no sheet named 'Scoring rules'"):
        read_rules_workbook(tmp_path / "wrong-sheet.xlsx")
    path = make_workbook(tmp_path / "short.xlsx", [["model", "field", "points"]], [])
    with pytest.raises(ImportFailed, match="dimension, operator, value") as error:
        read_rules_workbook(path)
    assert (error.value.problems[0].sheet, error.value.problems[0].row) == ("Scoring rules", 1)


def test_a_file_that_is_no_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.xlsx"
    path.write_text("model,dimension\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="not a readable workbook"):
        read_rules_workbook(path)


words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
).filter(lambda s: ";" not in s and s.strip() == s)
numbers = st.integers(-1000, 1000).map(str)


@st.composite
def criteria(draw: st.DrawFn) -> CriterionSpec:
    operator = draw(st.sampled_from(list(Operator)))
    values: tuple[str, ...]
    if operator is Operator.BETWEEN:
        values = (draw(numbers), draw(numbers))
    elif operator in (Operator.GTE, Operator.LTE):
        values = (draw(numbers),)
    elif operator is Operator.ONE_OF:
        values = tuple(draw(st.lists(words, min_size=1, max_size=3)))
    elif operator in (Operator.IS_EMPTY, Operator.IS_NOT_EMPTY):
        values = ()
    else:
        values = (draw(words),)
    dimension = draw(st.sampled_from(list(Dimension)))
    decay = draw(st.one_of(st.none(), st.integers(1, 90).map(float)))
    return CriterionSpec(
        dimension,
        draw(words),
        operator,
        values,
        float(draw(st.integers(-50, 50))),
        draw(st.one_of(st.none(), st.integers(1, 40).map(float))),
        decay if dimension is Dimension.ENGAGEMENT else None,
    )


@settings(max_examples=25, deadline=None)
@given(st.lists(criteria(), min_size=1, max_size=5))
def test_any_valid_model_round_trips(tmp_path_factory: pytest.TempPathFactory, rules: list) -> None:
    model = ScoringModelSpec("Model", tuple(rules))
    path = tmp_path_factory.mktemp("rules") / "rules.xlsx"
    write_rules_workbook([model], path)
    assert read_rules_workbook(path) == [model]
