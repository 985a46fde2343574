"""The lexicon service: validation, the sign-off flow, revisions, order and exact states."""

from __future__ import annotations

import pytest

from app.models.base import SignOffTeam, Status
from app.models.lexicon import TermCategory
from app.services.errors import ValidationError
from app.services.workspace import Workspace

STAGE = TermCategory.LIFECYCLE_STAGE


def agreed_term(workspace: Workspace, name: str = "MQL") -> int:
    lexicon = workspace.lexicon
    term_id = lexicon.create_term(
        name, STAGE, definition="Fits and engaged", crm_value=name.lower()
    )
    lexicon.set_status(term_id, Status.PROPOSED)
    lexicon.sign_off(term_id, SignOffTeam.SALES, "Dana")
    lexicon.sign_off(term_id, SignOffTeam.MARKETING, "Priya")
    return term_id


def test_names_are_unique_per_category_ignoring_case(workspace: Workspace) -> None:
    lexicon = workspace.lexicon
    lexicon.create_term("Lead", STAGE)
    with pytest.raises(ValidationError, match="already exists") as error:
        lexicon.create_term("  lead ", STAGE)
    assert error.value.field == "name"
    lexicon.create_term("Lead", TermCategory.GENERAL)  # another category may reuse it


def test_required_name_and_sane_sla(workspace: Workspace) -> None:
    lexicon = workspace.lexicon
    with pytest.raises(ValidationError, match="needs a name"):
        lexicon.create_term("   ", STAGE)
    term_id = lexicon.create_term("SAL", STAGE)
    with pytest.raises(ValidationError, match="cannot be negative"):
        lexicon.update_term(term_id, {"sla_hours": -4})
    with pytest.raises(ValidationError, match="number of hours"):
        lexicon.update_term(term_id, {"sla_hours": "soon"})
    lexicon.update_term(term_id, {"sla_hours": "24"})
    assert lexicon.term(term_id).fields["sla_hours"] == 24.0


def test_crm_values_are_unique_among_stages(workspace: Workspace) -> None:
    lexicon = workspace.lexicon
    lexicon.create_term("Lead", STAGE, crm_value="lead")
    with pytest.raises(ValidationError, match="already used by the stage 'Lead'"):
        lexicon.create_term("Raw lead", STAGE, crm_value="LEAD")


def test_agreed_needs_both_teams(workspace: Workspace) -> None:
    lexicon = workspace.lexicon
    term_id = lexicon.create_term("SQL", STAGE)
    with pytest.raises(ValidationError, match="Only a Proposed item"):
        lexicon.sign_off(term_id, SignOffTeam.SALES, "Dana")
    with pytest.raises(ValidationError, match="both signed off"):
        lexicon.set_status(term_id, Status.AGREED)
    lexicon.set_status(term_id, Status.PROPOSED)
    assert lexicon.sign_off(term_id, SignOffTeam.SALES, "Dana") is Status.PROPOSED
    assert lexicon.sign_off(term_id, SignOffTeam.MARKETING, "Priya") is Status.AGREED
    detail = lexicon.term(term_id)
    assert {(s.team, s.name) for s in detail.sign_offs} == {
        (SignOffTeam.SALES, "Dana"),
        (SignOffTeam.MARKETING, "Priya"),
    }


def test_editing_an_agreed_meaning_returns_it_to_proposed(workspace: Workspace) -> None:
    lexicon = workspace.lexicon
    term_id = agreed_term(workspace)
    outcome = lexicon.update_term(term_id, {"definition": "Fits, engaged and asked for a demo"})
    detail = lexicon.term(term_id)
    assert outcome.reverted_to_proposed
    assert detail.status is Status.PROPOSED
    assert detail.sign_offs == ()


def test_unchanged_edit_keeps_agreement_and_history(workspace: Workspace) -> None:
    lexicon = workspace.lexicon
    term_id = agreed_term(workspace)
    count = lexicon.term(term_id).revision_count
    assert not lexicon.update_term(term_id, {"definition": "Fits and engaged"}).reverted_to_proposed
    assert lexicon.term(term_id).status is Status.AGREED
    assert lexicon.term(term_id).revision_count == count


def test_revisions_record_who_and_a_word_diff(workspace: Workspace) -> None:
    lexicon = workspace.lexicon
    term_id = lexicon.create_term("SAL", STAGE, definition="Accepted by an SDR")
    lexicon.update_term(term_id, {"definition": "Accepted by an SDR within 48 hours"})
    revisions = lexicon.revisions(term_id)
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[-1].author == "Test Facilitator"
    change = next(c for c in revisions[-1].changes if c.field == "definition")
    added = "".join(p.text for p in change.pieces if p.change.value == "added")
    assert "48" in added and "within" in added


def test_restoring_a_revision_adds_a_new_one(workspace: Workspace) -> None:
    lexicon = workspace.lexicon
    term_id = lexicon.create_term("SAL", STAGE, definition="First wording")
    lexicon.update_term(term_id, {"definition": "Second wording"})
    lexicon.restore_revision(term_id, 1)
    assert lexicon.term(term_id).fields["definition"] == "First wording"
    assert len(lexicon.revisions(term_id)) == 3


def test_reordering_stages(workspace: Workspace) -> None:
    lexicon = workspace.lexicon
    ids = [lexicon.create_term(n, STAGE) for n in ("Lead", "MQL", "SQL")]
    assert lexicon.move(ids[2], -1)
    assert [t.name for t in lexicon.stages()] == ["Lead", "SQL", "MQL"]
    assert not lexicon.move(ids[0], -1)
    with pytest.raises(ValidationError):
        lexicon.set_order(STAGE, ids[:2])


def test_deleted_term_comes_back_whole_from_its_state(workspace: Workspace) -> None:
    lexicon = workspace.lexicon
    term_id = agreed_term(workspace)
    state = lexicon.state(term_id, with_revisions=True)
    revisions = len(lexicon.revisions(term_id))
    lexicon.delete_term(term_id)
    assert lexicon.state(term_id) is None
    lexicon.apply_state(term_id, state, "Undo delete")
    detail = lexicon.term(term_id)
    assert detail.status is Status.AGREED
    assert len(detail.sign_offs) == 2
    assert len(lexicon.revisions(term_id)) == revisions + 1


def test_demo_has_agreed_and_proposed_stages_with_history(demo_workspace: Workspace) -> None:
    lexicon = demo_workspace.lexicon
    stages = lexicon.stages()
    assert len(stages) >= 8
    assert {Status.AGREED, Status.PROPOSED} <= {s.status for s in stages}
    statuses = [t for t in lexicon.list_terms() if t.category is TermCategory.LEAD_STATUS]
    assert len(statuses) >= 6
    sql = next(s for s in stages if s.name == "Sales Qualified Lead")
    assert any("back to Proposed" in r.summary for r in lexicon.revisions(sql.id))
