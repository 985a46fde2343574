"""The shared lexicon: terms, their sign-off flow, revision history and stage order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.models.base import SignOffTeam, Status, Team, utc_now
from app.models.lexicon import Term, TermCategory, TermRevision, TermSignOff
from app.services.agreement import (
    STATUS_LABELS,
    check_can_sign,
    check_transition,
    status_after_sign_offs,
)
from app.services.errors import EditConflict, FieldVersions, ValidationError
from app.services.text_diff import DiffPiece, word_diff

if TYPE_CHECKING:
    from app.services.workspace import Workspace

FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "category": "Category",
    "owner_team": "Owning team",
    "definition": "Definition",
    "synonyms": "Synonyms",
    "examples": "Examples",
    "entry_criteria": "Entry criteria",
    "exit_criteria": "Exit criteria",
    "sla_hours": "Hand-off SLA (hours)",
    "recycle_path": "Recycle path",
    "crm_value": "CRM value",
}
EDITABLE_FIELDS: tuple[str, ...] = tuple(FIELD_LABELS)
ORDERED_CATEGORIES = frozenset({TermCategory.LIFECYCLE_STAGE, TermCategory.LEAD_STATUS})
CATEGORY_LABELS: dict[TermCategory, str] = {
    TermCategory.LIFECYCLE_STAGE: "Lifecycle stage",
    TermCategory.LEAD_STATUS: "Lead status",
    TermCategory.FIELD: "Field",
    TermCategory.GENERAL: "General",
}
TEAM_LABELS: dict[Team, str] = {
    Team.SHARED: "Shared",
    Team.SALES: "Sales",
    Team.MARKETING: "Marketing",
    Team.OPERATIONS: "Operations",
}
_ENUM_FIELDS: dict[str, type] = {"category": TermCategory, "owner_team": Team}
_MAX_NAME = 200


@dataclass(frozen=True)
class SignOff:
    team: SignOffTeam
    name: str
    signed_at: datetime


@dataclass(frozen=True)
class TermSummary:
    """What the term list shows."""

    id: int
    name: str
    category: TermCategory
    status: Status
    owner_team: Team
    position: int
    crm_value: str
    definition: str
    updated_at: datetime


@dataclass(frozen=True)
class TermDetail:
    """Everything the editor shows about one term."""

    id: int
    fields: dict[str, Any]
    status: Status
    position: int
    sign_offs: tuple[SignOff, ...]
    revision_count: int
    updated_at: datetime
    version: int = 1

    @property
    def name(self) -> str:
        return str(self.fields["name"])

    @property
    def category(self) -> TermCategory:
        return TermCategory(self.fields["category"])

    def sign_off_for(self, team: SignOffTeam) -> SignOff | None:
        return next((s for s in self.sign_offs if s.team is team), None)


@dataclass(frozen=True)
class TermState:
    """All a term is, so an undo can put it back exactly (revisions only when deleted)."""

    id: int
    fields: dict[str, Any]
    status: Status
    position: int
    sign_offs: tuple[SignOff, ...]
    revisions: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str
    pieces: list[DiffPiece]


@dataclass(frozen=True)
class RevisionView:
    number: int
    author: str
    created_at: datetime
    summary: str
    snapshot: dict[str, Any]
    changes: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class EditOutcome:
    """What an edit did beyond the edit itself, so the page can tell the user."""

    reverted_to_proposed: bool = False
    sign_offs_cleared: bool = False


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class LexiconService:
    """Reads and changes the lexicon; every call is one committed transaction."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    @property
    def _db(self):  # type: ignore[no-untyped-def]
        return self._workspace.database

    # Reading -------------------------------------------------------------------------

    def list_terms(self) -> list[TermSummary]:
        with self._db.session() as session:
            rows = session.execute(
                select(
                    Term.id,
                    Term.name,
                    Term.category,
                    Term.status,
                    Term.owner_team,
                    Term.position,
                    Term.crm_value,
                    Term.definition,
                    Term.updated_at,
                ).order_by(Term.category, Term.position, Term.name)
            ).all()
        return [TermSummary(*row) for row in rows]

    def term(self, term_id: int) -> TermDetail:
        with self._db.session() as session:
            term = self._get(session, term_id)
            count = session.scalar(select(func.count()).where(TermRevision.term_id == term_id)) or 0
            return TermDetail(
                id=term.id,
                fields=self._fields(term),
                status=term.status,
                position=term.position,
                sign_offs=self._sign_offs(term),
                revision_count=count,
                updated_at=term.updated_at,
                version=term.version,
            )

    def stages(self, *, agreed_only: bool = False) -> list[TermSummary]:
        """Lifecycle stages in funnel order."""
        return [
            t
            for t in self.list_terms()
            if t.category is TermCategory.LIFECYCLE_STAGE
            and t.status is not Status.RETIRED
            and (not agreed_only or t.status is Status.AGREED)
        ]

    def revisions(self, term_id: int) -> list[RevisionView]:
        """Every revision, oldest first, each with what changed since the one before."""
        with self._db.session() as session:
            rows = session.scalars(
                select(TermRevision)
                .where(TermRevision.term_id == term_id)
                .order_by(TermRevision.number)
            ).all()
            views: list[RevisionView] = []
            previous: dict[str, Any] = {}
            for row in rows:
                changes = [
                    FieldChange(
                        name,
                        label,
                        _text(previous.get(name)),
                        _text(row.snapshot.get(name)),
                        word_diff(_text(previous.get(name)), _text(row.snapshot.get(name))),
                    )
                    for name, label in FIELD_LABELS.items()
                    if _text(previous.get(name)) != _text(row.snapshot.get(name))
                ]
                if previous.get("status") != row.snapshot.get("status"):
                    changes.append(
                        FieldChange(
                            "status",
                            "Status",
                            _text(previous.get("status")),
                            _text(row.snapshot.get("status")),
                            word_diff(
                                _text(previous.get("status")), _text(row.snapshot.get("status"))
                            ),
                        )
                    )
                views.append(
                    RevisionView(
                        row.number,
                        row.author,
                        row.created_at,
                        row.summary,
                        dict(row.snapshot),
                        changes,
                    )
                )
                previous = row.snapshot
        return views

    # Changing ------------------------------------------------------------------------

    def create_term(self, name: str, category: TermCategory, **fields: Any) -> int:
        values = {name_: "" for name_ in EDITABLE_FIELDS}
        values.update({"sla_hours": None, "owner_team": Team.SHARED})
        values.update(fields)
        values.update({"name": name.strip(), "category": TermCategory(category)})
        values = self._coerce(values)
        with self._db.session() as session:
            self._validate(session, None, values)
            position = 0
            if values["category"] in ORDERED_CATEGORIES:
                position = (
                    session.scalar(
                        select(func.max(Term.position)).where(Term.category == values["category"])
                    )
                    or 0
                ) + 1
            term = Term(position=position, status=Status.DRAFT, **values)
            session.add(term)
            session.flush()
            self._add_revision(session, term, "Created")
            return term.id

    def update_term(
        self,
        term_id: int,
        changes: Mapping[str, Any],
        *,
        expected_version: int | None = None,
    ) -> EditOutcome:
        """Change fields; an agreed or signed term goes back to Proposed, unsigned.

        `expected_version` is the version the editor showed; when someone else has saved
        the term since, nothing is written and EditConflict carries both versions.
        """
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        with self._db.session() as session:
            term = self._get(session, term_id)
            current = self._fields(term)
            if expected_version is not None and term.version != expected_version:
                raise self._conflict(session, term, current, changes)
            proposed = self._coerce({**current, **changes})
            real = {k: v for k, v in proposed.items() if _plain(v) != current[k]}
            if not real:
                return EditOutcome()
            self._validate(session, term_id, proposed)
            for name_, value in real.items():
                setattr(term, name_, value)
            if "category" in real and real["category"] in ORDERED_CATEGORIES:
                term.position = (
                    session.scalar(
                        select(func.max(Term.position)).where(
                            Term.category == real["category"], Term.id != term_id
                        )
                    )
                    or 0
                ) + 1
            outcome = EditOutcome(
                reverted_to_proposed=term.status is Status.AGREED,
                sign_offs_cleared=bool(term.sign_offs),
            )
            if term.status is Status.AGREED:
                term.status = Status.PROPOSED
            term.sign_offs.clear()
            labels = ", ".join(FIELD_LABELS[k] for k in real)
            summary = f"Edited: {labels}"
            if outcome.reverted_to_proposed:
                summary += "; back to Proposed until both teams sign again"
            self._touch(term)
            self._add_revision(session, term, summary)
            return outcome

    def _conflict(
        self, session: Session, term: Term, current: dict[str, Any], changes: Mapping[str, Any]
    ) -> EditConflict:
        latest = session.scalar(
            select(TermRevision)
            .where(TermRevision.term_id == term.id)
            .order_by(TermRevision.number.desc())
            .limit(1)
        )
        return EditConflict(
            f"'{term.name}'",
            term.id,
            term.version,
            [
                FieldVersions(name_, FIELD_LABELS[name_], _plain(current[name_]), _plain(value))
                for name_, value in changes.items()
            ],
            changed_by=latest.author if latest is not None else "",
        )

    def set_status(self, term_id: int, status: Status) -> None:
        """Move along Draft ⇄ Proposed, to Retired, or from Retired back to Draft.

        Agreed is reached only through both sign-offs (see `sign_off`).
        """
        with self._db.session() as session:
            term = self._get(session, term_id)
            if status is term.status:
                return
            check_transition(term.status, status)
            term.status = status
            if status is not Status.AGREED:
                term.sign_offs.clear()
            self._touch(term)
            self._add_revision(session, term, f"Status set to {STATUS_LABELS[status]}")

    def sign_off(self, term_id: int, team: SignOffTeam, name: str) -> Status:
        """Record a team's agreement; with both teams signed the term becomes Agreed."""
        with self._db.session() as session:
            term = self._get(session, term_id)
            name = check_can_sign(term.status, term.name, name)
            for existing in list(term.sign_offs):
                if existing.team is team:
                    term.sign_offs.remove(existing)
            term.sign_offs.append(TermSignOff(team=team, name=name, signed_at=utc_now()))
            term.status = status_after_sign_offs(s.team for s in term.sign_offs)
            self._touch(term)
            summary = f"Signed off for {team.value} by {name}"
            if term.status is Status.AGREED:
                summary += "; agreed by both teams"
            self._add_revision(session, term, summary)
            return term.status

    def withdraw_sign_off(self, term_id: int, team: SignOffTeam) -> None:
        with self._db.session() as session:
            term = self._get(session, term_id)
            removed = [s for s in term.sign_offs if s.team is team]
            if not removed:
                return
            for sign_off in removed:
                term.sign_offs.remove(sign_off)
            if term.status is Status.AGREED:
                term.status = Status.PROPOSED
            self._touch(term)
            self._add_revision(session, term, f"Sign-off for {team.value} withdrawn")

    def restore_revision(self, term_id: int, number: int) -> EditOutcome:
        """Bring back the wording of revision `number`, as a new revision."""
        with self._db.session() as session:
            snapshot = session.scalar(
                select(TermRevision.snapshot).where(
                    TermRevision.term_id == term_id, TermRevision.number == number
                )
            )
        if snapshot is None:
            raise ValidationError(f"Revision {number} does not exist.")
        changes = {k: snapshot.get(k) for k in EDITABLE_FIELDS if k in snapshot}
        return self.update_term(term_id, changes)

    def order_of(self, category: TermCategory) -> list[int]:
        with self._db.session() as session:
            return list(
                session.scalars(
                    select(Term.id)
                    .where(Term.category == category)
                    .order_by(Term.position, Term.name)
                )
            )

    def set_order(self, category: TermCategory, term_ids: list[int]) -> None:
        """Put the terms of an ordered category in exactly this order."""
        with self._db.session() as session:
            current = set(session.scalars(select(Term.id).where(Term.category == category)))
            if set(term_ids) != current:
                raise ValidationError("The new order must list every term of the category once.")
            for position, term_id in enumerate(term_ids, start=1):
                term = self._get(session, term_id)
                if term.position != position:
                    term.position = position
                    term.version += 1

    def move(self, term_id: int, offset: int) -> bool:
        """Move an ordered term up (negative) or down; False when it cannot move."""
        detail = self.term(term_id)
        if detail.category not in ORDERED_CATEGORIES:
            return False
        order = self.order_of(detail.category)
        index = order.index(term_id)
        target = index + offset
        if not 0 <= target < len(order):
            return False
        order.insert(target, order.pop(index))
        self.set_order(detail.category, order)
        return True

    def delete_term(self, term_id: int) -> None:
        with self._db.session() as session:
            session.delete(self._get(session, term_id))

    # Exact states, for undo/redo -------------------------------------------------------

    def state(self, term_id: int, *, with_revisions: bool = False) -> TermState | None:
        with self._db.session() as session:
            term = session.get(Term, term_id)
            if term is None:
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
                    for r in term.revisions
                )
            return TermState(
                term.id,
                self._fields(term),
                term.status,
                term.position,
                self._sign_offs(term),
                revisions,
            )

    def apply_state(self, term_id: int, state: TermState | None, summary: str) -> None:
        """Make the term exactly `state` (None deletes it), recording a revision."""
        with self._db.session() as session:
            term = session.get(Term, term_id)
            if state is None:
                if term is not None:
                    session.delete(term)
                return
            fields = self._coerce(dict(state.fields))
            if term is None:
                term = Term(id=state.id, status=state.status, position=state.position, **fields)
                session.add(term)
                session.flush()
                if state.revisions:
                    session.execute(
                        insert(TermRevision), [{**r, "term_id": term.id} for r in state.revisions]
                    )
            else:
                for name_, value in fields.items():
                    setattr(term, name_, value)
                term.status = state.status
                term.position = state.position
                term.sign_offs.clear()
                session.flush()
            term.sign_offs.extend(
                TermSignOff(team=s.team, name=s.name, signed_at=s.signed_at)
                for s in state.sign_offs
            )
            self._touch(term)
            self._add_revision(session, term, summary)

    # Internals -----------------------------------------------------------------------

    @staticmethod
    def _get(session: Session, term_id: int) -> Term:
        term = session.get(Term, term_id)
        if term is None:
            raise ValidationError("That term no longer exists.")
        return term

    @staticmethod
    def _fields(term: Term) -> dict[str, Any]:
        return {name_: _plain(getattr(term, name_)) for name_ in EDITABLE_FIELDS}

    @staticmethod
    def _sign_offs(term: Term) -> tuple[SignOff, ...]:
        return tuple(
            sorted(
                (SignOff(s.team, s.name, s.signed_at) for s in term.sign_offs),
                key=lambda s: s.team.value,
            )
        )

    @staticmethod
    def _coerce(values: dict[str, Any]) -> dict[str, Any]:
        result = dict(values)
        for name_, kind in _ENUM_FIELDS.items():
            if name_ in result:
                try:
                    result[name_] = kind(_plain(result[name_]))
                except ValueError as error:
                    raise ValidationError(
                        f"{FIELD_LABELS[name_]} '{result[name_]}' is not one of "
                        f"{', '.join(m.value for m in kind)}.",
                        name_,
                    ) from error  # type: ignore[attr-defined]
        for name_ in EDITABLE_FIELDS:
            if name_ in result and name_ not in _ENUM_FIELDS and name_ != "sla_hours":
                result[name_] = "" if result[name_] is None else str(result[name_])
        result["name"] = result.get("name", "").strip()
        result["crm_value"] = result.get("crm_value", "").strip()
        sla = result.get("sla_hours")
        if sla in ("", None):
            result["sla_hours"] = None
        else:
            try:
                result["sla_hours"] = float(sla)
            except (TypeError, ValueError) as error:
                raise ValidationError(
                    f"Hand-off SLA must be a number of hours, not '{sla}'.", "sla_hours"
                ) from error
        return result

    @staticmethod
    def _validate(session: Session, term_id: int | None, values: Mapping[str, Any]) -> None:
        name = values["name"]
        if not name:
            raise ValidationError("A term needs a name.", "name")
        if len(name) > _MAX_NAME:
            raise ValidationError(f"A name can be at most {_MAX_NAME} characters.", "name")
        clash = session.scalar(
            select(Term.name).where(
                func.lower(Term.name) == name.lower(),
                Term.category == values["category"],
                Term.id != (term_id or -1),
            )
        )
        if clash:
            raise ValidationError(
                f"'{clash}' already exists among {CATEGORY_LABELS[values['category']].lower()} "
                "terms; names must differ (case is ignored).",
                "name",
            )
        sla = values.get("sla_hours")
        if sla is not None and sla < 0:
            raise ValidationError("Hand-off SLA cannot be negative.", "sla_hours")
        crm_value = values.get("crm_value", "")
        if crm_value and values["category"] is TermCategory.LIFECYCLE_STAGE:
            other = session.scalar(
                select(Term.name).where(
                    func.lower(Term.crm_value) == crm_value.lower(),
                    Term.category == TermCategory.LIFECYCLE_STAGE,
                    Term.id != (term_id or -1),
                )
            )
            if other:
                raise ValidationError(
                    f"CRM value '{crm_value}' is already used by the stage '{other}'; "
                    "each stage needs its own.",
                    "crm_value",
                )

    def _touch(self, term: Term) -> None:
        term.updated_at = utc_now()
        term.version += 1

    def _add_revision(self, session: Session, term: Term, summary: str) -> None:
        number = (
            session.scalar(
                select(func.max(TermRevision.number)).where(TermRevision.term_id == term.id)
            )
            or 0
        ) + 1
        snapshot = {
            **self._fields(term),
            "status": term.status.value,
            "position": term.position,
            "sign_offs": [
                {"team": s.team.value, "name": s.name, "signed_at": s.signed_at.isoformat()}
                for s in term.sign_offs
            ],
        }
        session.add(
            TermRevision(
                term_id=term.id,
                number=number,
                author=self._workspace.actor,
                summary=summary[:300],
                snapshot=snapshot,
            )
        )
