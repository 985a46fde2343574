"""Assessment instrument, scoring maths, quarters, results export and demo answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from statistics import fmean
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.services.assessment.demo import DEMO_QUARTERS, DEMO_RESPONDENTS, demo_answers
from app.services.assessment.instrument import (
    INSTRUMENT_DIR,
    load_instrument,
    load_instrument_file,
)
from app.services.assessment.quarters import (
    Quarter,
    next_quarter,
    parse_quarter,
    previous_quarter,
    sort_quarters,
)
from app.services.assessment.scoring import (
    Answer,
    AssessmentResults,
    results_to_xlsx,
    score_answers,
)
from app.services.errors import AccordError, ValidationError

INSTRUMENT = load_instrument()
STATEMENT_IDS = [s.id for s in INSTRUMENT.statements]
Q = "2026-Q4"


def answer(
    name: str, team: str, statement: str, rating: int | None, quarter: str = Q, comment: str = ""
) -> Answer:
    return Answer(name, team, quarter, statement, rating, comment)


def hand_case() -> list[Answer]:
    return [
        answer("Ann Sales", "sales", "definitions.1", 2),
        answer("Ann Sales", "sales", "definitions.2", 3, comment="We never saw the MQL rules."),
        answer("Ann Sales", "sales", "goodwill.1", 5),
        answer("Ben Marketing", "marketing", "definitions.1", 4),
        answer("Ben Marketing", "marketing", "definitions.2", 5),
        answer("Ben Marketing", "marketing", "definitions.3", None, comment="Not my area."),
    ]


# --- the instrument -----------------------------------------------------------------


def test_instrument_has_ten_commandments_plus_keep_talking() -> None:
    assert INSTRUMENT.id == "alignment-maturity"
    assert INSTRUMENT.version == 1
    ids = [c.id for c in INSTRUMENT.commandments]
    assert len(ids) == 11 and ids[-1] == "keep_talking"
    for commandment in INSTRUMENT.commandments:
        assert 3 <= len(commandment.statements) <= 4
        assert commandment.why
        assert all(commandment.next_step(band) for band in ("low", "mid", "high"))
    assert [s.name for s in INSTRUMENT.stages] == ["Ambiguous", "Collaborative", "Aligned"]


@pytest.mark.parametrize(
    ("index", "stage"),
    [
        (0, "Ambiguous"),
        (39.9, "Ambiguous"),
        (40, "Collaborative"),
        (69.99, "Collaborative"),
        (70, "Aligned"),
        (100, "Aligned"),
    ],
)
def test_stage_rubric_boundaries(index: float, stage: str) -> None:
    assert INSTRUMENT.stage_for(index).name == stage


def test_unknown_instrument_version_is_refused_clearly() -> None:
    with pytest.raises(AccordError, match="version 99"):
        load_instrument(99)


def _damaged_copy(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = json.loads((INSTRUMENT_DIR / "instrument-v1.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "instrument-v1.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_damaged_instrument_names_the_broken_entry(tmp_path: Path) -> None:
    def drop_text(data: dict[str, Any]) -> None:
        data["commandments"][2]["statements"][1]["text"] = ""

    def overlap(data: dict[str, Any]) -> None:
        data["stages"][1]["lower"] = 35

    with pytest.raises(AccordError, match=r"commandments\[2\]\.statements\[1\]\.text"):
        load_instrument_file(_damaged_copy(tmp_path, drop_text))
    with pytest.raises(AccordError, match="stage 'collaborative'"):
        load_instrument_file(_damaged_copy(tmp_path, overlap))
    broken = tmp_path / "instrument-v2.json"
    broken.write_text('{"id": "alignment-maturity", ', encoding="utf-8")
    with pytest.raises(AccordError, match=r"instrument-v2\.json is damaged"):
        load_instrument_file(broken)


# --- hand-computed scores -------------------------------------------------------------


def test_commandment_scores_by_hand() -> None:
    results = score_answers(INSTRUMENT, hand_case())
    definitions = results.result_for("definitions")
    # (2 + 3 + 4 + 5) / 4 = 3.5 → (3.5 − 1) / 4 × 100 = 62.5; the don't-know is counted only.
    assert definitions.score.mean == 3.5
    assert definitions.score.index == 62.5
    assert definitions.score.stage is not None
    assert definitions.score.stage.name == "Collaborative"
    assert (definitions.score.answers, definitions.score.dont_know) == (5, 1)
    assert definitions.next_step == INSTRUMENT.commandment("definitions").next_step("mid")
    # Sales 2.5 → 37.5, marketing 4.5 → 87.5: sales sees it 50 points worse.
    assert (definitions.gap.sales, definitions.gap.marketing) == (37.5, 87.5)
    assert definitions.gap.gap == -50 and definitions.gap.abs_gap == 50
    assert definitions.gap.flagged
    unanswered = results.result_for("goals")
    assert unanswered.score.index is None and unanswered.next_step is None


def test_overall_weighs_each_commandment_equally() -> None:
    results = score_answers(INSTRUMENT, hand_case())
    # Commandment indices 62.5 (definitions) and 100 (goodwill); pooling all five ratings
    # would give 70 instead.
    assert results.overall.index == 81.25
    assert results.overall.mean == 4.25
    assert results.overall.stage is not None and results.overall.stage.name == "Aligned"
    # Sales: mean of 37.5 and 100; marketing answered definitions only.
    assert results.overall_by_team["sales"].index == 68.75
    assert results.overall_by_team["marketing"].index == 87.5
    assert results.overall_gap.gap == -18.75 and results.overall_gap.flagged
    assert results.respondents == ("Ann Sales", "Ben Marketing")


def test_weakest_three_with_their_next_steps() -> None:
    ratings = {"goals": 1, "data": 2, "scoring": 2, "content": 3, "goodwill": 5}
    answers = [answer("Ann", "sales", f"{cid}.1", rating) for cid, rating in ratings.items()]
    results = score_answers(INSTRUMENT, answers)
    # data and scoring tie at index 25: questionnaire order decides (data comes first).
    assert [r.commandment.id for r in results.weakest] == ["goals", "data", "scoring"]
    assert results.weakest[0].next_step == INSTRUMENT.commandment("goals").next_step("low")


def test_gap_flag_threshold_is_inclusive() -> None:
    sales = [answer("S", "sales", f"definitions.{n}", r) for n, r in enumerate([4, 4, 3], 1)]
    sales += [answer("S2", "sales", f"definitions.{n}", r) for n, r in enumerate([4, 3], 1)]
    marketing = [answer("M", "marketing", f"definitions.{n}", 3) for n in (1, 2, 3)]
    # Sales mean 3.6 → 65, marketing 3.0 → 50: a gap of exactly 15 points.
    result = score_answers(INSTRUMENT, sales + marketing).result_for("definitions")
    assert result.gap.gap == pytest.approx(15) and result.gap.flagged
    wider = score_answers(INSTRUMENT, sales + marketing, gap_threshold=15.5)
    assert not wider.result_for("definitions").gap.flagged


def test_leadership_counts_in_totals_but_not_in_the_gap() -> None:
    answers = [answer("S", "sales", "data.1", 3), answer("L", "leadership", "data.1", 5)]
    result = score_answers(INSTRUMENT, answers).result_for("data")
    assert result.score.mean == 4
    assert set(result.by_team) == {"sales", "leadership"}
    assert result.gap.gap is None and not result.gap.flagged


def test_comments_grouped_by_commandment_for_the_chosen_quarter() -> None:
    answers = [
        *hand_case(),
        answer("Ann Sales", "sales", "goodwill.2", 4, comment="  Lunch together helps. "),
        answer("Ann Sales", "sales", "goodwill.3", 4, "2026-Q3", "Older remark"),
    ]
    results = score_answers(INSTRUMENT, answers, "2026-Q4")
    assert list(results.comments) == ["goodwill", "definitions"]
    assert [c.text for c in results.comments["definitions"]] == [
        "We never saw the MQL rules.",
        "Not my area.",
    ]
    assert results.comments["goodwill"][0].text == "Lunch together helps."
    assert results.comments["definitions"][1].rating is None


def test_trend_is_sorted_by_quarter_and_defaults_to_the_latest() -> None:
    answers = [
        answer("Ann", "sales", "data.1", 5, "2026-Q1"),
        answer("Ann", "sales", "data.1", 1, "2025-Q4"),
        answer("Ann", "sales", "data.1", 3, "2025-q3"),
    ]
    results = score_answers(INSTRUMENT, answers)
    assert results.quarter == "2026-Q1"
    assert [p.quarter for p in results.trend] == ["2025-Q3", "2025-Q4", "2026-Q1"]
    assert [p.commandments["data"] for p in results.trend] == [50, 0, 100]
    assert [p.overall for p in results.trend] == [50, 0, 100]
    empty = score_answers(INSTRUMENT, answers, "2027-Q1")
    assert empty.overall.index is None and len(empty.trend) == 3


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (Answer("Ann", "finance", Q, "data.1", 3), "team"),
        (Answer("Ann", "sales", Q, "data.9", 3), "statement_id"),
        (Answer("Ann", "sales", Q, "data.1", 6), "rating"),
        (Answer("Ann", "sales", Q, "data.1", 0), "rating"),
        (Answer("Ann", "sales", "Q4 2026", "data.1", 3), "quarter"),
        (Answer("  ", "sales", Q, "data.1", 3), "respondent"),
    ],
)
def test_invalid_answers_are_refused(bad: Answer, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        score_answers(INSTRUMENT, [bad])
    assert error.value.field == field


def test_a_statement_answered_twice_or_no_answers_at_all_are_refused() -> None:
    answers = [answer("Ann Lee", "sales", "data.1", 3), answer("ann  lee", "sales", "data.1", 4)]
    with pytest.raises(ValidationError, match="twice"):
        score_answers(INSTRUMENT, answers)
    with pytest.raises(ValidationError, match="no answers"):
        score_answers(INSTRUMENT, [])


# --- properties -----------------------------------------------------------------------

answer_sets = st.lists(
    st.tuples(
        st.sampled_from(["Ann", "Bob", "Cy", "Di"]),
        st.sampled_from(["sales", "marketing", "leadership"]),
        st.sampled_from(STATEMENT_IDS),
        st.one_of(st.none(), st.integers(1, 5)),
    ),
    max_size=60,
    unique_by=lambda t: (t[0], t[2]),
)


Row = tuple[str, str, str, int | None]


def build(rows: list[Row]) -> list[Answer]:
    # A person belongs to one team: the first team drawn for that name.
    teams: dict[str, str] = {}
    return [
        answer(name, teams.setdefault(name, team), sid, rating) for name, team, sid, rating in rows
    ]


@settings(max_examples=60, deadline=None)
@given(answer_sets)
def test_means_match_a_plain_mean_and_indices_stay_in_0_100(rows: list[Row]) -> None:
    answers = build(rows)
    if not answers:
        return
    results = score_answers(INSTRUMENT, answers)
    for result in results.commandments:
        ratings = [
            a.rating
            for a in answers
            if a.rating is not None and a.statement_id.split(".")[0] == result.commandment.id
        ]
        assert result.score.mean == pytest.approx(fmean(ratings) if ratings else None)
        for score in (result.score, *result.by_team.values()):
            assert score.index is None or 0 <= score.index <= 100
        assert result.gap.gap is None or -100 <= result.gap.gap <= 100
    assert results.overall.index is None or 0 <= results.overall.index <= 100


@settings(max_examples=60, deadline=None)
@given(
    answer_sets,
    st.lists(
        st.tuples(st.sampled_from(["sales", "marketing", "other"]), st.sampled_from(STATEMENT_IDS)),
        min_size=1,
        max_size=20,
    ),
)
def test_dont_know_never_changes_the_means(rows: list[Row], extra: list[tuple[str, str]]) -> None:
    answers = build(rows)
    unsure = [answer(f"Unsure {n}", team, sid, None) for n, (team, sid) in enumerate(extra)]
    before = score_answers(INSTRUMENT, answers, Q)
    after = score_answers(INSTRUMENT, answers + unsure, Q)
    assert after.overall.mean == before.overall.mean
    assert after.overall.index == before.overall.index
    for old, new in zip(before.commandments, after.commandments, strict=True):
        assert (new.score.mean, new.score.index) == (old.score.mean, old.score.index)
        assert new.gap.gap == old.gap.gap
    assert after.overall.dont_know == before.overall.dont_know + len(unsure)


@settings(max_examples=60, deadline=None)
@given(answer_sets)
def test_swapping_sales_and_marketing_negates_the_gap(rows: list[Row]) -> None:
    answers = build(rows)
    swap = {"sales": "marketing", "marketing": "sales"}
    swapped = [
        Answer(a.respondent, swap.get(a.team, a.team), a.quarter, a.statement_id, a.rating)
        for a in answers
    ]
    before = score_answers(INSTRUMENT, answers, Q)
    after = score_answers(INSTRUMENT, swapped, Q)
    pairs = [(before.overall_gap, after.overall_gap)]
    pairs += [(b.gap, a.gap) for b, a in zip(before.commandments, after.commandments, strict=True)]
    for old, new in pairs:
        assert (new.gap is None) == (old.gap is None)
        if old.gap is not None and new.gap is not None:
            assert new.gap == pytest.approx(-old.gap)
            assert new.flagged == old.flagged


# --- quarters -------------------------------------------------------------------------


def test_quarters_parse_sort_and_step() -> None:
    assert parse_quarter("2026-Q4") == Quarter(2026, 4)
    assert str(parse_quarter(" 2026-q1 ")) == "2026-Q1"
    assert previous_quarter("2026-Q1") == "2025-Q4"
    assert next_quarter("2025-Q4") == "2026-Q1"
    assert sort_quarters(["2026-Q1", "2025-Q4", "2025-Q2", "2026-q1"]) == [
        "2025-Q2",
        "2025-Q4",
        "2026-Q1",
    ]


@pytest.mark.parametrize(
    "text", ["2026Q4", "2026-Q5", "2026-Q0", "Q4-2026", "", "26-Q1", "2026-Q4x", "0999-Q1"]
)
def test_malformed_quarters_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match=r"quarter|year") as error:
        parse_quarter(text)
    assert error.value.field == "quarter"


@given(st.integers(1901, 2998), st.integers(1, 4))
def test_previous_and_next_quarter_are_inverse(year: int, number: int) -> None:
    quarter = f"{year}-Q{number}"
    assert previous_quarter(next_quarter(quarter)) == quarter
    assert parse_quarter(previous_quarter(quarter)) < parse_quarter(quarter)


# --- results workbook -----------------------------------------------------------------


def test_results_workbook_has_typed_cells_and_frozen_bold_headers(tmp_path: Path) -> None:
    answers = [
        *hand_case(),
        answer("Ann Sales", "sales", "data.1", 1, comment="=HYPERLINK(1)"),
        answer("Ann Sales", "sales", "data.1", 4, "2026-Q3"),
    ]
    path = results_to_xlsx(score_answers(INSTRUMENT, answers), tmp_path / "results.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Overall", "Commandments", "Weakest three", "Comments", "Trend"]
    for sheet in workbook:
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold
        assert sheet.column_dimensions["A"].width >= 8
    rows = {row[0]: row for row in workbook["Commandments"].iter_rows(min_row=2, values_only=True)}
    definitions = rows["Lead definitions made together"]
    assert definitions[1:4] == (3.5, 62.5, "Collaborative")
    assert definitions[8] == -50 and definitions[10] == "Yes"
    weakest = [row[1] for row in workbook["Weakest three"].iter_rows(min_row=2, values_only=True)]
    assert weakest[0] == "Decisions from data"
    comments = workbook["Comments"]
    formula_like = [c for c in comments["F"] if c.value == "=HYPERLINK(1)"]
    assert formula_like and formula_like[0].data_type == "s"
    trend = list(workbook["Trend"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in trend] == ["2026-Q3", "2026-Q4"]
    assert trend[0][2] == 75


# --- demo answers ---------------------------------------------------------------------


def test_demo_answers_tell_a_story_of_improvement() -> None:
    answers = demo_answers()
    assert answers == demo_answers()  # the same every time
    assert {a.quarter for a in answers} == set(DEMO_QUARTERS)
    assert {(a.respondent, a.team) for a in answers} == {(n, t) for n, t, _ in DEMO_RESPONDENTS}
    assert any(a.comment for a in answers) and any(a.rating is None for a in answers)
    results = score_answers(INSTRUMENT, answers)
    overall = [p.overall or 0 for p in results.trend]
    assert overall == sorted(overall) and len(set(overall)) == 4
    assert results.trend[0].overall is not None and results.trend[0].overall < 40
    first, last = (
        score_answers(INSTRUMENT, answers, q) for q in (DEMO_QUARTERS[0], DEMO_QUARTERS[-1])
    )

    def spread(results: AssessmentResults) -> float:
        return fmean(abs(r.gap.gap or 0) for r in results.commandments)

    assert spread(last) < spread(first) / 2
    assert sum(r.gap.flagged for r in first.commandments) >= 3
