"""What a persona is made of: field labels, the snapshots shown to views, and its rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.base import SignOffTeam, Status
from app.models.personas import Persona, PersonaRevision
from app.services.agreement import STATUS_LABELS
from app.services.errors import ValidationError
from app.services.lexicon import FieldChange, RevisionView, SignOff
from app.services.text_diff import word_diff

FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "role": "Role",
    "seniority": "Seniority",
    "industry": "Industry",
    "company_size": "Company size",
    "goals": "Goals",
    "pains": "Pains",
    "objections": "Objections heard by sales",
    "buying_triggers": "Buying triggers",
    "channels": "Preferred channels",
    "content": "Content that helps",
}
EDITABLE_FIELDS: tuple[str, ...] = tuple(FIELD_LABELS)
NOTES_LABEL = "Field notes"
MAX_LENGTHS = {"name": 200, "seniority": 120, "company_size": 120}
MAX_AUTHOR = 120


@dataclass(frozen=True)
class FieldNote:
    """What someone heard in the field about a persona, and when."""

    id: int
    author: str
    noted_on: date
    text: str


@dataclass(frozen=True)
class PersonaSummary:
    """What the persona list shows and searches."""

    id: int
    name: str
    role: str
    industry: str
    status: Status
    note_count: int
    updated_at: datetime
    search_text: str


@dataclass(frozen=True)
class PersonaDetail:
    """Everything the editor shows about one persona."""

    id: int
    fields: dict[str, str]
    status: Status
    sign_offs: tuple[SignOff, ...]
    notes: tuple[FieldNote, ...]
    revision_count: int
    updated_at: datetime

    @property
    def name(self) -> str:
        return self.fields["name"]

    def sign_off_for(self, team: SignOffTeam) -> SignOff | None:
        return next((s for s in self.sign_offs if s.team is team), None)


@dataclass(frozen=True)
class PersonaState:
    """All a persona is, so an undo can put it back exactly (revisions only when deleted)."""

    id: int
    fields: dict[str, str]
    status: Status
    position: int
    sign_offs: tuple[SignOff, ...]
    notes: tuple[FieldNote, ...]
    revisions: tuple[dict[str, Any], ...] = ()


def fields_of(persona: Persona) -> dict[str, str]:
    return {name: getattr(persona, name) for name in EDITABLE_FIELDS}


def sign_offs_of(persona: Persona) -> tuple[SignOff, ...]:
    return tuple(
        sorted(
            (SignOff(s.team, s.name, s.signed_at) for s in persona.sign_offs),
            key=lambda s: s.team.value,
        )
    )


def notes_of(persona: Persona) -> tuple[FieldNote, ...]:
    """The persona's notes, oldest first."""
    return tuple(
        sorted(
            (FieldNote(n.id, n.author, n.noted_on, n.text) for n in persona.notes),
            key=lambda n: (n.noted_on, n.id),
        )
    )


def snapshot_of(persona: Persona) -> dict[str, Any]:
    """The JSON a revision keeps: fields, status, sign-offs and notes."""
    return {
        **fields_of(persona),
        "status": persona.status.value,
        "position": persona.position,
        "sign_offs": [
            {"team": s.team.value, "name": s.name, "signed_at": s.signed_at.isoformat()}
            for s in persona.sign_offs
        ],
        "notes": [
            {"author": n.author, "noted_on": n.noted_on.isoformat(), "text": n.text}
            for n in notes_of(persona)
        ],
    }


def notes_text(notes: list[dict[str, Any]] | None) -> str:
    """A snapshot's notes as lines of text, so the history can diff them like a field."""
    return "\n".join(f"{n['noted_on']} {n['author']}: {n['text']}" for n in notes or [])


def _status_label(value: Any) -> str:
    return STATUS_LABELS[Status(value)] if value else ""


def revision_views(rows: Sequence[PersonaRevision]) -> list[RevisionView]:
    """Revisions (oldest first) each with the word diffs of what changed since the one before."""
    views: list[RevisionView] = []
    previous: dict[str, Any] = {}
    labels = {**FIELD_LABELS, "status": "Status", "notes": NOTES_LABEL}
    for row in rows:
        snapshot: dict[str, Any] = dict(row.snapshot)
        changes = []
        for name, label in labels.items():
            if name == "notes":
                before, after = notes_text(previous.get(name)), notes_text(snapshot.get(name))
            elif name == "status":
                before, after = _status_label(previous.get(name)), _status_label(snapshot[name])
            else:
                before, after = str(previous.get(name, "")), str(snapshot.get(name, ""))
            if before != after:
                changes.append(FieldChange(name, label, before, after, word_diff(before, after)))
        views.append(
            RevisionView(row.number, row.author, row.created_at, row.summary, snapshot, changes)
        )
        previous = snapshot
    return views


def clean_fields(values: Mapping[str, Any]) -> dict[str, str]:
    cleaned = {k: "" if v is None else str(v) for k, v in values.items()}
    for name in MAX_LENGTHS:
        cleaned[name] = cleaned.get(name, "").strip()
    return cleaned


def check_note(author: str, text: str) -> tuple[str, str]:
    """The trimmed author and text of a note, or ValidationError saying what is missing."""
    author, text = author.strip(), text.strip()
    if not text:
        raise ValidationError("A field note needs some text.", "note")
    if not author:
        raise ValidationError("Say who heard this: a field note needs an author.", "author")
    if len(author) > MAX_AUTHOR:
        raise ValidationError(f"An author can be at most {MAX_AUTHOR} characters.", "author")
    return author, text


def validate_fields(session: Session, persona_id: int | None, values: Mapping[str, str]) -> None:
    """Refuse a missing, too long or already used (case-insensitive) name, or overlong fields."""
    name = values["name"]
    if not name:
        raise ValidationError("A persona needs a name.", "name")
    for field, limit in MAX_LENGTHS.items():
        if len(values[field]) > limit:
            raise ValidationError(
                f"{FIELD_LABELS[field]} can be at most {limit} characters.", field
            )
    clash = session.scalar(
        select(Persona.name).where(
            func.lower(Persona.name) == name.lower(), Persona.id != (persona_id or -1)
        )
    )
    if clash:
        raise ValidationError(
            f"A persona called '{clash}' already exists; names must differ (case is ignored).",
            "name",
        )


def copy_name(name: str, taken: set[str]) -> str:
    """ "Copy of NAME", numbered when that is taken too (`taken` holds lower-case names)."""
    limit = MAX_LENGTHS["name"]
    candidate, number = f"Copy of {name}"[:limit], 1
    while candidate.lower() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = f"Copy of {name}"[: limit - len(suffix)] + suffix
    return candidate
