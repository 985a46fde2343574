"""The persona service: worksheets, their sign-off, field notes, history and exact states."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.models.base import SignOffTeam, Status, utc_now
from app.models.personas import Persona, PersonaNote, PersonaRevision, PersonaSignOff
from app.services.agreement import (
    STATUS_LABELS,
    check_can_sign,
    check_transition,
    status_after_sign_offs,
)
from app.services.errors import ValidationError
from app.services.lexicon import EditOutcome, RevisionView
from app.services.personas.records import (
    EDITABLE_FIELDS,
    FIELD_LABELS,
    MAX_AUTHOR,
    PersonaDetail,
    PersonaState,
    PersonaSummary,
    check_note,
    clean_fields,
    copy_name,
    fields_of,
    notes_of,
    revision_views,
    sign_offs_of,
    snapshot_of,
    validate_fields,
)

if TYPE_CHECKING:
    from app.services.workspace import Workspace


class PersonaService:
    """Reads and changes personas; every call is one committed transaction."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    @property
    def _db(self):  # type: ignore[no-untyped-def]
        return self._workspace.database

    # Reading -------------------------------------------------------------------------

    def list_personas(self) -> list[PersonaSummary]:
        counts = (
            select(PersonaNote.persona_id, func.count().label("notes"))
            .group_by(PersonaNote.persona_id)
            .subquery()
        )
        with self._db.session() as session:
            rows = session.execute(
                select(Persona, func.coalesce(counts.c.notes, 0))
                .outerjoin(counts, counts.c.persona_id == Persona.id)
                .order_by(Persona.position, Persona.name)
            ).all()
            return [
                PersonaSummary(
                    p.id,
                    p.name,
                    p.role,
                    p.industry,
                    p.status,
                    notes,
                    p.updated_at,
                    "\n".join(fields_of(p).values()).lower(),
                )
                for p, notes in rows
            ]

    def persona(self, persona_id: int) -> PersonaDetail:
        with self._db.session() as session:
            persona = self._get(session, persona_id)
            count = session.scalar(
                select(func.count()).where(PersonaRevision.persona_id == persona_id)
            )
            return PersonaDetail(
                persona.id,
                fields_of(persona),
                persona.status,
                sign_offs_of(persona),
                notes_of(persona),
                count or 0,
                persona.updated_at,
            )

    def revisions(self, persona_id: int) -> list[RevisionView]:
        """Every revision, oldest first, each with what changed since the one before."""
        with self._db.session() as session:
            rows = session.scalars(
                select(PersonaRevision)
                .where(PersonaRevision.persona_id == persona_id)
                .order_by(PersonaRevision.number)
            ).all()
        return revision_views(rows)

    # Changing the worksheet ------------------------------------------------------------

    def create_persona(self, name: str, **fields: str) -> int:
        unknown = set(fields) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"not persona fields: {sorted(unknown)}")
        values = clean_fields({**dict.fromkeys(EDITABLE_FIELDS, ""), **fields, "name": name})
        with self._db.session() as session:
            validate_fields(session, None, values)
            persona = Persona(position=self._next_position(session), status=Status.DRAFT, **values)
            session.add(persona)
            session.flush()
            self._add_revision(session, persona, "Created")
            return persona.id

    def update_persona(self, persona_id: int, changes: Mapping[str, Any]) -> EditOutcome:
        """Change fields; an agreed or signed persona goes back to Proposed, unsigned."""
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        with self._db.session() as session:
            persona = self._get(session, persona_id)
            current = fields_of(persona)
            proposed = clean_fields({**current, **changes})
            real = {k: v for k, v in proposed.items() if v != current[k]}
            if not real:
                return EditOutcome()
            validate_fields(session, persona_id, proposed)
            for name, value in real.items():
                setattr(persona, name, value)
            outcome = EditOutcome(
                reverted_to_proposed=persona.status is Status.AGREED,
                sign_offs_cleared=bool(persona.sign_offs),
            )
            if persona.status is Status.AGREED:
                persona.status = Status.PROPOSED
            persona.sign_offs.clear()
            summary = f"Edited: {', '.join(FIELD_LABELS[k] for k in real)}"
            if outcome.reverted_to_proposed:
                summary += "; back to Proposed until both teams sign again"
            self._touch(persona)
            self._add_revision(session, persona, summary)
            return outcome

    def duplicate_persona(self, persona_id: int) -> int:
        """A Draft copy named "Copy of …", unsigned, with the field notes copied."""
        with self._db.session() as session:
            source = self._get(session, persona_id)
            taken = {n.lower() for n in session.scalars(select(Persona.name))}
            copy = Persona(
                **{**fields_of(source), "name": copy_name(source.name, taken)},
                status=Status.DRAFT,
                position=self._next_position(session),
            )
            copy.notes = [
                PersonaNote(author=n.author, noted_on=n.noted_on, text=n.text) for n in source.notes
            ]
            session.add(copy)
            session.flush()
            self._add_revision(session, copy, f"Duplicated from '{source.name}'")
            return copy.id

    def delete_persona(self, persona_id: int) -> None:
        """Delete the persona with its notes, sign-offs and revisions."""
        with self._db.session() as session:
            session.delete(self._get(session, persona_id))

    def restore_revision(self, persona_id: int, number: int) -> EditOutcome:
        """Bring back the wording of revision `number` as a new revision (notes stay)."""
        with self._db.session() as session:
            snapshot = session.scalar(
                select(PersonaRevision.snapshot).where(
                    PersonaRevision.persona_id == persona_id, PersonaRevision.number == number
                )
            )
        if snapshot is None:
            raise ValidationError(f"Revision {number} does not exist.")
        return self.update_persona(
            persona_id, {k: snapshot[k] for k in EDITABLE_FIELDS if k in snapshot}
        )

    # Agreement ---------------------------------------------------------------------------

    def set_status(self, persona_id: int, status: Status) -> None:
        """Draft ⇄ Proposed, to Retired, or Retired back to Draft; Agreed needs sign-offs."""
        with self._db.session() as session:
            persona = self._get(session, persona_id)
            if status is persona.status:
                return
            check_transition(persona.status, status)
            persona.status = status
            if status is not Status.AGREED:
                persona.sign_offs.clear()
            self._touch(persona)
            self._add_revision(session, persona, f"Status set to {STATUS_LABELS[status]}")

    def sign_off(self, persona_id: int, team: SignOffTeam, name: str) -> Status:
        """Record a team's agreement; with both teams signed the persona becomes Agreed."""
        with self._db.session() as session:
            persona = self._get(session, persona_id)
            name = check_can_sign(persona.status, persona.name, name)[:MAX_AUTHOR]
            for existing in [s for s in persona.sign_offs if s.team is team]:
                persona.sign_offs.remove(existing)
            persona.sign_offs.append(PersonaSignOff(team=team, name=name, signed_at=utc_now()))
            persona.status = status_after_sign_offs(s.team for s in persona.sign_offs)
            summary = f"Signed off for {team.value} by {name}"
            if persona.status is Status.AGREED:
                summary += "; agreed by both teams"
            self._touch(persona)
            self._add_revision(session, persona, summary)
            return persona.status

    def withdraw_sign_off(self, persona_id: int, team: SignOffTeam) -> None:
        with self._db.session() as session:
            persona = self._get(session, persona_id)
            removed = [s for s in persona.sign_offs if s.team is team]
            if not removed:
                return
            for sign_off in removed:
                persona.sign_offs.remove(sign_off)
            if persona.status is Status.AGREED:
                persona.status = Status.PROPOSED
            self._touch(persona)
            self._add_revision(session, persona, f"Sign-off for {team.value} withdrawn")

    # Field notes ---------------------------------------------------------------------
    # A note records what was heard, not what the persona says, so it leaves the
    # agreement alone; it still gets a revision so the history shows who added what.

    def add_note(
        self,
        persona_id: int,
        text: str,
        *,
        author: str | None = None,
        noted_on: date | None = None,
    ) -> int:
        """Add a note by `author` (default: the workspace's user) dated `noted_on` (today)."""
        author, text = check_note(self._workspace.actor if author is None else author, text)
        with self._db.session() as session:
            persona = self._get(session, persona_id)
            note = PersonaNote(author=author, noted_on=noted_on or date.today(), text=text)
            persona.notes.append(note)
            session.flush()
            self._touch(persona)
            self._add_revision(session, persona, f"Field note added by {author}")
            return note.id

    def update_note(
        self,
        note_id: int,
        *,
        text: str | None = None,
        author: str | None = None,
        noted_on: date | None = None,
    ) -> None:
        """Change what a note says, who heard it or when; unchanged values stay."""
        with self._db.session() as session:
            note = self._get_note(session, note_id)
            author, text = check_note(
                note.author if author is None else author, note.text if text is None else text
            )
            noted_on = note.noted_on if noted_on is None else noted_on
            if (author, text, noted_on) == (note.author, note.text, note.noted_on):
                return
            note.author, note.text, note.noted_on = author, text, noted_on
            note.version += 1
            self._touch(note.persona)
            self._add_revision(session, note.persona, f"Field note by {author} edited")

    def delete_note(self, note_id: int) -> None:
        with self._db.session() as session:
            note = self._get_note(session, note_id)
            persona = note.persona
            persona.notes.remove(note)
            session.flush()
            self._touch(persona)
            self._add_revision(session, persona, f"Field note by {note.author} deleted")

    # Exact states, for undo/redo -------------------------------------------------------

    def state(self, persona_id: int, *, with_revisions: bool = False) -> PersonaState | None:
        with self._db.session() as session:
            persona = session.get(Persona, persona_id)
            if persona is None:
                return None
            revisions: tuple[dict[str, Any], ...] = ()
            if with_revisions:
                revisions = tuple(
                    {
                        "number": r.number,
                        "author": r.author,
                        "created_at": r.created_at,
                        "summary": r.summary,
                        "snapshot": r.snapshot,
                    }
                    for r in session.scalars(
                        select(PersonaRevision)
                        .where(PersonaRevision.persona_id == persona_id)
                        .order_by(PersonaRevision.number)
                    )
                )
            return PersonaState(
                persona.id,
                fields_of(persona),
                persona.status,
                persona.position,
                sign_offs_of(persona),
                notes_of(persona),
                revisions,
            )

    def apply_state(self, persona_id: int, state: PersonaState | None, summary: str) -> None:
        """Make the persona exactly `state` (None deletes it), recording a revision."""
        with self._db.session() as session:
            persona = session.get(Persona, persona_id)
            if state is None:
                if persona is not None:
                    session.delete(persona)
                return
            if persona is None:
                persona = Persona(id=state.id, status=state.status, **state.fields)
                session.add(persona)
                session.flush()
                if state.revisions:
                    session.execute(
                        insert(PersonaRevision),
                        [{**r, "persona_id": persona.id} for r in state.revisions],
                    )
            else:
                for name, value in state.fields.items():
                    setattr(persona, name, value)
                persona.sign_offs.clear()
                persona.notes.clear()
                # The old rows must be gone before notes come back with the same ids.
                session.flush()
            persona.status = state.status
            persona.position = state.position
            persona.sign_offs.extend(
                PersonaSignOff(team=s.team, name=s.name, signed_at=s.signed_at)
                for s in state.sign_offs
            )
            persona.notes.extend(
                PersonaNote(id=n.id, author=n.author, noted_on=n.noted_on, text=n.text)
                for n in state.notes
            )
            self._touch(persona)
            self._add_revision(session, persona, summary)

    # Internals -----------------------------------------------------------------------

    @staticmethod
    def _get(session: Session, persona_id: int) -> Persona:
        persona = session.get(Persona, persona_id)
        if persona is None:
            raise ValidationError("That persona no longer exists.")
        return persona

    @staticmethod
    def _get_note(session: Session, note_id: int) -> PersonaNote:
        note = session.get(PersonaNote, note_id)
        if note is None:
            raise ValidationError("That field note no longer exists.")
        return note

    @staticmethod
    def _next_position(session: Session) -> int:
        return (session.scalar(select(func.max(Persona.position))) or 0) + 1

    @staticmethod
    def _touch(persona: Persona) -> None:
        persona.updated_at = utc_now()
        persona.version += 1

    def _add_revision(self, session: Session, persona: Persona, summary: str) -> None:
        number = (
            session.scalar(
                select(func.max(PersonaRevision.number)).where(
                    PersonaRevision.persona_id == persona.id
                )
            )
            or 0
        ) + 1
        session.add(
            PersonaRevision(
                persona_id=persona.id,
                number=number,
                author=self._workspace.actor[:MAX_AUTHOR],
                summary=summary[:300],
                snapshot=snapshot_of(persona),
            )
        )
