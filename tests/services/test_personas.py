"""The persona service: validation, sign-off, notes, duplicates, history and exact states."""

from __future__ import annotations

from datetime import date

import pytest

from app.models.base import SignOffTeam, Status
from app.services.errors import ValidationError
from app.services.personas import PersonaService, fill_demo_personas
from app.services.text_diff import Change
from app.services.workspace import Workspace


@pytest.fixture
def personas(workspace: Workspace) -> PersonaService:
    return PersonaService(workspace)


def agreed_persona(personas: PersonaService, name: str = "Head of Finance") -> int:
    persona_id = personas.create_persona(name, goals="Faster close", pains="Spreadsheets")
    personas.set_status(persona_id, Status.PROPOSED)
    personas.sign_off(persona_id, SignOffTeam.SALES, "Dana Whitfield")
    personas.sign_off(persona_id, SignOffTeam.MARKETING, "Priya Raman")
    return persona_id


def test_a_name_is_required_and_unique_ignoring_case(personas: PersonaService) -> None:
    with pytest.raises(ValidationError, match="needs a name") as error:
        personas.create_persona("   ")
    assert error.value.field == "name"
    first = personas.create_persona("VP Operations")
    with pytest.raises(ValidationError, match="already exists"):
        personas.create_persona(" vp operations ")
    other = personas.create_persona("Analyst")
    with pytest.raises(ValidationError, match="already exists"):
        personas.update_persona(other, {"name": "VP OPERATIONS"})
    personas.update_persona(first, {"name": "vp operations"})  # its own name, new case
    assert personas.persona(first).name == "vp operations"


def test_short_fields_have_a_length_limit(personas: PersonaService) -> None:
    persona_id = personas.create_persona("Analyst")
    with pytest.raises(ValidationError, match="Seniority can be at most 120") as error:
        personas.update_persona(persona_id, {"seniority": "x" * 121})
    assert error.value.field == "seniority"
    assert personas.persona(persona_id).fields["seniority"] == ""


def test_agreed_needs_both_teams_and_withdrawing_reopens(personas: PersonaService) -> None:
    persona_id = personas.create_persona("Analyst")
    with pytest.raises(ValidationError, match="Only a Proposed item"):
        personas.sign_off(persona_id, SignOffTeam.SALES, "Dana Whitfield")
    with pytest.raises(ValidationError, match="both signed off"):
        personas.set_status(persona_id, Status.AGREED)
    personas.set_status(persona_id, Status.PROPOSED)
    assert personas.sign_off(persona_id, SignOffTeam.SALES, "Dana Whitfield") is Status.PROPOSED
    assert personas.sign_off(persona_id, SignOffTeam.MARKETING, "Priya Raman") is Status.AGREED
    detail = personas.persona(persona_id)
    assert detail.sign_off_for(SignOffTeam.SALES).name == "Dana Whitfield"  # type: ignore[union-attr]
    personas.withdraw_sign_off(persona_id, SignOffTeam.MARKETING)
    detail = personas.persona(persona_id)
    assert detail.status is Status.PROPOSED
    assert [s.team for s in detail.sign_offs] == [SignOffTeam.SALES]


def test_editing_an_agreed_persona_returns_it_to_proposed(personas: PersonaService) -> None:
    persona_id = agreed_persona(personas)
    unchanged = personas.update_persona(persona_id, {"goals": "Faster close"})
    assert not unchanged.reverted_to_proposed
    assert personas.persona(persona_id).status is Status.AGREED
    outcome = personas.update_persona(persona_id, {"objections": "Too expensive"})
    detail = personas.persona(persona_id)
    assert outcome.reverted_to_proposed and outcome.sign_offs_cleared
    assert detail.status is Status.PROPOSED
    assert detail.sign_offs == ()
    assert "back to Proposed" in personas.revisions(persona_id)[-1].summary


def test_duplicate_is_an_unsigned_draft_with_the_notes(personas: PersonaService) -> None:
    source = agreed_persona(personas)
    personas.add_note(
        source, "Asked for payback first", author="Dana Whitfield", noted_on=date(2026, 3, 17)
    )
    copy = personas.duplicate_persona(source)
    detail = personas.persona(copy)
    assert detail.name == "Copy of Head of Finance"
    assert detail.status is Status.DRAFT and detail.sign_offs == ()
    assert detail.fields["goals"] == "Faster close"
    assert [(n.author, n.noted_on, n.text) for n in detail.notes] == [
        ("Dana Whitfield", date(2026, 3, 17), "Asked for payback first")
    ]
    assert personas.duplicate_persona(source) != copy
    names = [p.name for p in personas.list_personas()]
    assert "Copy of Head of Finance (2)" in names
    assert personas.persona(source).status is Status.AGREED


def test_field_notes_have_author_and_date_and_leave_the_agreement(personas: PersonaService) -> None:
    persona_id = agreed_persona(personas)
    first = personas.add_note(persona_id, "  Budget freezes in Q4  ")
    note = personas.persona(persona_id).notes[0]
    assert (note.author, note.noted_on, note.text) == (
        "Test Facilitator",
        date.today(),
        "Budget freezes in Q4",
    )
    personas.add_note(persona_id, "Wants SSO", author="Marcus Bell", noted_on=date(2026, 1, 5))
    personas.update_note(first, text="Budget freezes in November", noted_on=date(2026, 11, 2))
    detail = personas.persona(persona_id)
    assert [n.text for n in detail.notes] == ["Wants SSO", "Budget freezes in November"]
    assert detail.status is Status.AGREED and len(detail.sign_offs) == 2
    with pytest.raises(ValidationError, match="needs some text"):
        personas.add_note(persona_id, "   ")
    with pytest.raises(ValidationError, match="needs an author"):
        personas.update_note(first, author=" ")
    personas.delete_note(first)
    assert [n.text for n in personas.persona(persona_id).notes] == ["Wants SSO"]
    assert [p.note_count for p in personas.list_personas()] == [1]
    assert "Field note by Test Facilitator deleted" in personas.revisions(persona_id)[-1].summary


def test_revisions_record_who_and_a_word_diff(
    personas: PersonaService, workspace: Workspace
) -> None:
    persona_id = personas.create_persona("Analyst", pains="Copy-paste every Monday")
    workspace.actor = "Priya Raman"
    personas.update_persona(persona_id, {"pains": "Copy-paste between exports every Monday"})
    revisions = personas.revisions(persona_id)
    assert [r.number for r in revisions] == [1, 2]
    assert (revisions[0].author, revisions[1].author) == ("Test Facilitator", "Priya Raman")
    change = next(c for c in revisions[1].changes if c.field == "pains")
    assert change.label == "Pains"
    added = "".join(p.text for p in change.pieces if p.change is Change.ADDED)
    assert "between" in added and "exports" in added
    personas.add_note(persona_id, "Heard at the user group")
    notes_change = personas.revisions(persona_id)[-1].changes
    assert [c.label for c in notes_change] == ["Field notes"]
    assert "Heard at the user group" in notes_change[0].after


def test_restoring_a_revision_brings_back_the_wording(personas: PersonaService) -> None:
    persona_id = agreed_persona(personas)
    personas.update_persona(persona_id, {"goals": "Board-ready forecast"})
    outcome = personas.restore_revision(persona_id, 1)
    detail = personas.persona(persona_id)
    assert detail.fields["goals"] == "Faster close"
    assert detail.status is Status.PROPOSED and not outcome.reverted_to_proposed
    assert len(personas.revisions(persona_id)) == detail.revision_count
    with pytest.raises(ValidationError, match="does not exist"):
        personas.restore_revision(persona_id, 99)


def test_a_deleted_persona_comes_back_whole_from_its_state(personas: PersonaService) -> None:
    persona_id = agreed_persona(personas)
    note_id = personas.add_note(
        persona_id, "Payback first", author="Dana Whitfield", noted_on=date(2026, 3, 17)
    )
    state = personas.state(persona_id, with_revisions=True)
    revisions = len(personas.revisions(persona_id))
    personas.delete_persona(persona_id)
    assert personas.state(persona_id) is None
    assert personas.list_personas() == []
    personas.apply_state(persona_id, state, "Undo delete")
    restored = personas.state(persona_id)
    assert restored is not None and state is not None
    assert (restored.fields, restored.status, restored.sign_offs, restored.notes) == (
        state.fields,
        state.status,
        state.sign_offs,
        state.notes,
    )
    assert restored.notes[0].id == note_id
    assert len(personas.revisions(persona_id)) == revisions + 1


def test_applying_a_state_undoes_note_and_field_edits_exactly(personas: PersonaService) -> None:
    persona_id = agreed_persona(personas)
    note_id = personas.add_note(persona_id, "First", author="Sofia Alvarez")
    before = personas.state(persona_id)
    personas.update_note(note_id, text="Changed")
    personas.add_note(persona_id, "Second")
    personas.update_persona(persona_id, {"name": "CFO"})
    after = personas.state(persona_id)
    personas.apply_state(persona_id, before, "Undo")
    assert personas.state(persona_id) == before
    personas.apply_state(persona_id, after, "Redo")
    assert personas.state(persona_id) == after
    assert personas.persona(persona_id).status is Status.PROPOSED


def test_demo_personas_are_rich_and_partly_agreed(workspace: Workspace) -> None:
    fill_demo_personas(workspace)
    personas = PersonaService(workspace)
    listed = personas.list_personas()
    assert len(listed) == 4
    assert {p.status for p in listed} == {Status.AGREED, Status.PROPOSED}
    for summary in listed:
        detail = personas.persona(summary.id)
        assert all(value.strip() for value in detail.fields.values())
        assert 2 <= len(detail.notes) <= 3
        assert all(n.noted_on.year == 2026 for n in detail.notes)
        if detail.status is Status.AGREED:
            assert {s.name for s in detail.sign_offs} == {"Dana Whitfield", "Priya Raman"}
    authors = {r.author for p in listed for r in personas.revisions(p.id)}
    assert {"Dana Whitfield", "Priya Raman"} <= authors
    assert "Test Facilitator" not in authors
    reopened = [
        p for p in listed if any("back to Proposed" in r.summary for r in personas.revisions(p.id))
    ]
    assert [p.status for p in reopened] == [Status.PROPOSED]
    assert workspace.actor == "Test Facilitator"
