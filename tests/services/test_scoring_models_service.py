"""Scoring models in a workspace: validation, activation, agreement, history and undo states."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.models.base import SignOffTeam, Status
from app.services.errors import ValidationError
from app.services.scoring.engine import score_lead
from app.services.scoring.models_compare import Difference, compare_specs
from app.services.scoring.models_demo import fill_demo_scoring
from app.services.scoring.models_rules import parse_values_text, values_text
from app.services.scoring.models_service import ScoringModelService
from app.services.scoring.spec import (
    CriterionSpec,
    Dimension,
    Operator,
    ScoringModelSpec,
    ThresholdKind,
    ThresholdSpec,
)
from app.services.workspace import Workspace

FIT, ENGAGEMENT = Dimension.FIT, Dimension.ENGAGEMENT


@pytest.fixture
def service(workspace: Workspace) -> ScoringModelService:
    return ScoringModelService(workspace)


def agreed_model(service: ScoringModelService) -> int:
    model_id = service.create_model("Inbound 2026")
    service.add_criterion(model_id, FIT, "Company size", Operator.GTE, "200", 15)
    service.set_status(model_id, Status.PROPOSED)
    service.sign_off(model_id, SignOffTeam.SALES, "Dana Whitfield")
    service.sign_off(model_id, SignOffTeam.MARKETING, "Priya Raman")
    assert service.model(model_id).status is Status.AGREED
    return model_id


@pytest.mark.parametrize(
    ("operator", "values", "message"),
    [
        (Operator.GTE, "lots", "not a number"),
        (Operator.GTE, "1,000", "'1,000' is not a number"),
        (Operator.LTE, "", "needs one number"),
        (Operator.BETWEEN, "50", "needs two numbers"),
        (Operator.BETWEEN, "500; 50", "low bound (500) is above the high bound (50)"),
        (Operator.ONE_OF, " ; ", "at least one value"),
        (Operator.EQUALS, "", "exactly one value"),
        (Operator.CONTAINS, "", "exactly one value"),
        (Operator.IS_EMPTY, "x", "takes no value"),
        (Operator.IS_NOT_EMPTY, "x", "takes no value"),
    ],
)
def test_values_must_suit_the_operator(
    service: ScoringModelService, operator: Operator, values: str, message: str
) -> None:
    model_id = service.create_model("Inbound")
    with pytest.raises(ValidationError, match=re.escape(message)) as refused:
        service.add_criterion(model_id, FIT, "Company size", operator, values, 10)
    assert refused.value.field == "values"
    assert service.model(model_id).criteria == ()
    assert len(service.revisions(model_id)) == 1


@pytest.mark.parametrize(
    ("operator", "values", "stored"),
    [
        (Operator.GTE, " 200.0 ", ("200",)),
        (Operator.BETWEEN, "100; 2000", ("100", "2000")),
        (Operator.BETWEEN, "7;7", ("7", "7")),
        (Operator.ONE_OF, "Retail; Logistics; Retail", ("Retail", "Logistics")),
        (Operator.STARTS_WITH, "  VP ", ("VP",)),
        (Operator.IS_EMPTY, "", ()),
    ],
)
def test_accepted_values_are_stored_cleanly(
    service: ScoringModelService, operator: Operator, values: str, stored: tuple[str, ...]
) -> None:
    model_id = service.create_model("Inbound")
    service.add_criterion(model_id, FIT, "Industry", operator, values, 10)
    assert service.model(model_id).criteria[0].values == stored


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"field": "  "}, "field", "needs the lead field"),
        ({"points": "ten"}, "points", "Points must be a number"),
        ({"cap": "0"}, "cap", "more than 0"),
        ({"cap": "-5"}, "cap", "more than 0"),
        ({"decay_half_life_days": "0"}, "decay_half_life_days", "more than 0"),
        (
            {"dimension": FIT, "decay_half_life_days": "30"},
            "decay_half_life_days",
            "Only engagement",
        ),
    ],
)
def test_other_criterion_rules(
    service: ScoringModelService, changes: dict[str, object], field: str, message: str
) -> None:
    model_id = service.create_model("Inbound")
    criterion_id = service.add_criterion(
        model_id, ENGAGEMENT, "Webinars attended", Operator.GTE, "1", 8
    ).item_id
    assert criterion_id is not None
    with pytest.raises(ValidationError, match=re.escape(message)) as refused:
        service.update_criterion(criterion_id, changes)
    assert refused.value.field == field
    assert service.model(model_id).criteria[0].points == 8


def test_switching_to_is_empty_drops_the_old_value_and_negative_points_are_fine(
    service: ScoringModelService,
) -> None:
    model_id = service.create_model("Inbound")
    criterion_id = service.add_criterion(
        model_id, FIT, "Email domain", Operator.EQUALS, "gmail.com", 5
    ).item_id
    assert criterion_id is not None
    service.update_criterion(criterion_id, {"operator": Operator.IS_EMPTY, "points": -20})
    criterion = service.model(model_id).criteria[0]
    assert (criterion.operator, criterion.values, criterion.points) == (
        Operator.IS_EMPTY,
        (),
        -20,
    )


def test_new_models_get_the_usual_thresholds_unless_told_otherwise(
    service: ScoringModelService,
) -> None:
    spec = service.spec(service.create_model("Inbound"))
    assert [(t.label, t.min_points) for t in spec.statuses()] == [("MQL", 60)]
    assert [(t.label, t.min_points) for t in spec.grades()] == [
        ("A", 40),
        ("B", 25),
        ("C", 10),
        ("D", 0),
    ]
    assert service.spec(service.create_model("Bare", thresholds=())).thresholds == ()


def test_threshold_rules(service: ScoringModelService) -> None:
    model_id = service.create_model("Inbound")
    with pytest.raises(ValidationError, match="already has the status 'MQL'"):
        service.add_threshold(model_id, ThresholdKind.STATUS, "mql", 80)
    with pytest.raises(ValidationError, match="already starts at 60"):
        service.add_threshold(model_id, ThresholdKind.STATUS, "Hot", 60)
    with pytest.raises(ValidationError, match="one of A, B, C or D"):
        service.add_threshold(model_id, ThresholdKind.GRADE, "E", -10)
    with pytest.raises(ValidationError, match="needs a label"):
        service.add_threshold(model_id, ThresholdKind.STATUS, " ", 90)
    grade_b = next(t for t in service.model(model_id).thresholds if t.label == "B")
    with pytest.raises(ValidationError, match="Grade A must need more fit points than grade B"):
        service.update_threshold(grade_b.id, {"min_points": 45})
    # A status may share a grade's label: they are different kinds.
    service.add_threshold(model_id, ThresholdKind.STATUS, "A", 90)
    service.update_threshold(grade_b.id, {"min_points": "30"})
    assert [t.min_points for t in service.model(model_id).thresholds_of(ThresholdKind.GRADE)] == [
        40,
        30,
        10,
        0,
    ]


def test_exactly_one_model_is_active(service: ScoringModelService) -> None:
    first = service.create_model("2025 model")
    second = service.create_model("2026 model")
    assert service.active_model_id() == first
    service.set_active(second)
    assert [m.name for m in service.list_models() if m.is_active] == ["2026 model"]
    assert service.list_models()[0].id == second
    with pytest.raises(ValidationError, match="make another model active"):
        service.delete_model(second)
    with pytest.raises(ValidationError, match="make another model active"):
        service.set_status(second, Status.RETIRED)
    service.set_status(first, Status.RETIRED)
    with pytest.raises(ValidationError, match="reinstate it"):
        service.set_active(first)
    service.delete_model(first)
    service.delete_model(second)
    assert service.list_models() == []


def test_copy_is_a_draft_inactive_twin(service: ScoringModelService) -> None:
    source = agreed_model(service)
    service.add_threshold(source, ThresholdKind.STATUS, "Hot", 90)
    copy_id = service.copy_model(source)
    second = service.copy_model(source)
    copy = service.model(copy_id)
    assert copy.name == "Copy of Inbound 2026"
    assert service.model(second).name == "Copy of Inbound 2026 (2)"
    assert (copy.status, copy.is_active, copy.sign_offs) == (Status.DRAFT, False, ())
    assert service.spec(copy_id).criteria == service.spec(source).criteria
    assert service.spec(copy_id).thresholds == service.spec(source).thresholds
    assert service.revisions(copy_id)[0].summary == "Copied from 'Inbound 2026'"


def test_compare_pairs_rules_and_names_the_difference(service: ScoringModelService) -> None:
    a = service.create_model("A")
    b = service.create_model("B")
    service.add_criterion(a, FIT, "Industry", Operator.ONE_OF, "Retail; Logistics", 10)
    service.add_criterion(b, FIT, "industry ", Operator.ONE_OF, "retail; logistics", 12)
    service.add_criterion(a, FIT, "Country", Operator.EQUALS, "Canada", 5)
    service.add_criterion(b, ENGAGEMENT, "Demo requested", Operator.IS_NOT_EMPTY, "", 30)
    service.add_threshold(b, ThresholdKind.STATUS, "Hot", 90)
    rows = {(row.section, row.item): row for row in service.compare(a, b).rows}
    industry = rows[("Fit criteria", "Industry is one of Retail, Logistics")]
    assert (industry.a, industry.b, industry.difference) == ("+10", "+12", Difference.DIFFERENT)
    assert rows[("Fit criteria", "Country equals “Canada”")].difference is Difference.ONLY_A
    demo = rows[("Engagement criteria", "Demo requested is not empty")]
    assert (demo.a, demo.b, demo.difference) == (None, "+30", Difference.ONLY_B)
    assert rows[("Statuses", "MQL")].difference is Difference.SAME
    assert rows[("Statuses", "Hot")].difference is Difference.ONLY_B


def test_changing_what_an_agreed_model_scores_sends_it_back_to_proposed(
    service: ScoringModelService,
) -> None:
    model_id = agreed_model(service)
    service.update_model(model_id, name="Inbound (agreed)", description="Signed in November")
    assert service.model(model_id).status is Status.AGREED
    outcome = service.add_threshold(model_id, ThresholdKind.STATUS, "Hot", 90)
    assert outcome.reverted_to_proposed and outcome.sign_offs_cleared
    detail = service.model(model_id)
    assert (detail.status, detail.sign_offs) == (Status.PROPOSED, ())
    assert service.revisions(model_id)[-1].summary == (
        "Added status Hot from 90; back to Proposed until both teams sign again"
    )
    with pytest.raises(ValidationError, match="Only a Proposed item"):
        service.sign_off(service.create_model("Draft one"), SignOffTeam.SALES, "Dana")


def test_revisions_say_what_changed_and_keep_the_whole_model(service: ScoringModelService) -> None:
    model_id = service.create_model("Inbound")
    criterion_id = service.add_criterion(
        model_id, ENGAGEMENT, "Pricing page visits", Operator.GTE, "2", 10, None, 30
    ).item_id
    assert criterion_id is not None
    service.update_criterion(criterion_id, {"points": 15})
    service.delete_criterion(criterion_id)
    summaries = [r.summary for r in service.revisions(model_id)]
    assert summaries == [
        "Created",
        "Added engagement criterion: Pricing page visits ≥ 2: +10 (half-life 30 days)",
        "Changed engagement criterion 'Pricing page visits ≥ 2': "
        "+10 (half-life 30 days) → +15 (half-life 30 days)",
        "Deleted engagement criterion: Pricing page visits ≥ 2: +15 (half-life 30 days)",
    ]
    snapshot = service.revisions(model_id)[2].snapshot
    assert snapshot["criteria"][0]["points"] == 15
    assert snapshot["criteria"][0]["decay_half_life_days"] == 30


def test_apply_state_undoes_an_edit_exactly(service: ScoringModelService) -> None:
    model_id = agreed_model(service)
    before = service.model(model_id)
    state = service.state(model_id)
    criterion_id = before.criteria[0].id
    service.update_criterion(
        criterion_id, {"points": 25, "operator": Operator.BETWEEN, "values": "200; 900"}
    )
    service.add_criterion(model_id, FIT, "Country", Operator.EQUALS, "Canada", 5)
    service.apply_state(model_id, state, "Undo")
    after = service.model(model_id)
    assert after.criteria == before.criteria
    assert after.thresholds == before.thresholds
    assert after.sign_offs == before.sign_offs
    assert after.status is Status.AGREED


def test_apply_state_brings_back_a_deleted_model_with_its_history_and_flag(
    service: ScoringModelService,
) -> None:
    old = service.create_model("2025 model")
    new = service.create_model("2026 model")
    service.add_criterion(new, FIT, "Industry", Operator.EQUALS, "Retail", 10)
    service.set_active(new)
    history = len(service.revisions(new))
    before_switch = service.state(new)
    service.set_active(old)
    gone = service.state(new)
    service.delete_model(new)
    service.apply_state(new, gone, "Undo delete")
    assert service.model(new).criteria[0].field == "Industry"
    assert len(service.revisions(new)) == history + 2
    assert service.active_model_id() == old
    service.apply_state(new, before_switch, "Undo make active")
    assert service.active_model_id() == new
    assert [m.is_active for m in service.list_models()] == [True, False]
    service.apply_state(new, type(gone)(None, old), "Undo create")
    assert [m.id for m in service.list_models()] == [old]
    assert service.active_model_id() == old


def test_spec_is_what_the_engine_scores(service: ScoringModelService) -> None:
    model_id = service.create_model("Inbound")
    service.add_criterion(model_id, FIT, "Company size", Operator.BETWEEN, "100; 2000", 15)
    service.add_criterion(model_id, ENGAGEMENT, "Demo requested", Operator.IS_NOT_EMPTY, "", 50)
    spec = service.spec(model_id)
    assert spec.name == "Inbound"
    assert spec.criteria[0] == CriterionSpec(
        FIT, "Company size", Operator.BETWEEN, ("100", "2000"), 15.0
    )
    score = score_lead(spec, {"Company size": "250", "Demo requested": "yes"})
    assert (score.total, score.status, score.grade) == (65, "MQL", "C")


def test_model_names_are_required_and_unique(service: ScoringModelService) -> None:
    service.create_model("Inbound")
    with pytest.raises(ValidationError, match="already exists"):
        service.create_model(" inbound ")
    with pytest.raises(ValidationError, match="needs a name"):
        service.create_model("")
    assert service.model_id_by_name("INBOUND") == service.list_models()[0].id
    with pytest.raises(ValidationError, match="no scoring model 'Outbound'"):
        service.model_id_by_name("Outbound")


def test_demo_models_tell_a_believable_story(workspace: Workspace) -> None:
    fill_demo_scoring(workspace)
    service = ScoringModelService(workspace)
    current, previous = service.list_models()
    assert (current.name, current.is_active, current.status) == (
        "2026 model",
        True,
        Status.AGREED,
    )
    assert (previous.name, previous.status) == ("2025 model", Status.RETIRED)
    detail = service.model(current.id)
    dimensions = [c.dimension for c in detail.criteria]
    assert dimensions.count(FIT) >= 8 and dimensions.count(ENGAGEMENT) >= 8
    assert any(c.points < 0 for c in detail.criteria)
    lead = {
        "Company size": "600",
        "Industry": "Retail",
        "Seniority": "VP",
        "Pricing page visits": "3",
        "Demo requested": "yes",
    }
    assert score_lead(detail.spec(), lead).status == "MQL"


criteria_strategy = st.lists(
    st.builds(
        CriterionSpec,
        st.sampled_from(list(Dimension)),
        st.sampled_from(["Industry", "Company size", "Country"]),
        st.sampled_from([Operator.EQUALS, Operator.GTE]),
        st.sampled_from([("10",), ("20",), ("Retail",)]),
        st.integers(-20, 40).map(float),
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(criteria_strategy, criteria_strategy)
def test_comparison_is_symmetric_and_a_model_matches_itself(
    a: list[CriterionSpec], b: list[CriterionSpec]
) -> None:
    bars = (ThresholdSpec(ThresholdKind.STATUS, "MQL", 60),)
    model_a, model_b = ScoringModelSpec("A", tuple(a), bars), ScoringModelSpec("B", tuple(b))
    assert not compare_specs(model_a, model_a).differences()
    forward = compare_specs(model_a, model_b).rows
    backward = compare_specs(model_b, model_a).rows
    swap = {Difference.ONLY_A: Difference.ONLY_B, Difference.ONLY_B: Difference.ONLY_A}
    count = lambda rows, kind: sum(r.difference is kind for r in rows)  # noqa: E731
    for kind in Difference:
        assert count(forward, kind) == count(backward, swap.get(kind, kind))


@given(st.lists(st.text(alphabet="abc XYZ-.", min_size=1).filter(str.strip), min_size=1))
def test_one_of_values_survive_the_text_box(values: list[str]) -> None:
    cleaned = tuple(v.strip() for v in values)
    assert parse_values_text(values_text(cleaned, Operator.ONE_OF), Operator.ONE_OF) == cleaned
