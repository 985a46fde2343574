"""What the assessment store hands out and takes back, and how rows become records.

Records are frozen snapshots, never live ORM objects, so a view can keep them after
the session that read them is closed, and an undo can write one back exactly.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from app.models.assessment import AssessmentAnswer, AssessmentRespondent, AssessmentTeam
from app.models.base import utc_now
from app.services.assessment.scoring import TEAMS, Answer, respondent_key
from app.services.errors import ValidationError

MAX_NAME = 200


class DuplicateChoice(enum.StrEnum):
    """What to do with an incoming respondent who already answered that quarter."""

    REPLACE = "replace"
    KEEP = "keep"


@dataclass(frozen=True)
class RespondentInfo:
    """A respondent as lists show them, with how many statements they answered."""

    id: int
    name: str
    team: str
    quarter: str
    instrument_id: str
    instrument_version: int
    answered: int
    version: int


@dataclass(frozen=True)
class StoredAnswer:
    """One stored answer: rating 1–5 or None for don't know, and the comment."""

    statement_id: str
    rating: int | None
    comment: str
    instrument_version: int


@dataclass(frozen=True)
class RespondentState:
    """Everything about one respondent, so an undo can put them back exactly."""

    id: int
    name: str
    team: str
    quarter: str
    instrument_id: str
    instrument_version: int
    created_at: datetime
    answers: tuple[StoredAnswer, ...]


@dataclass(frozen=True)
class RespondentChange:
    """A respondent before and after an import (None: did not exist / was removed)."""

    respondent_id: int
    before: RespondentState | None
    after: RespondentState | None


@dataclass(frozen=True)
class ImportOutcome:
    """What an import stored, with the exact changes so it can be undone."""

    forms: int
    added: int
    replaced: int
    kept: int
    answers: int
    changes: tuple[RespondentChange, ...]

    def summary(self) -> str:
        """One sentence for the status bar or the command line."""
        parts = [f"{self.added} new respondents"]
        if self.replaced:
            parts.append(f"{self.replaced} replaced")
        if self.kept:
            parts.append(f"{self.kept} kept as they were (form skipped)")
        return f"Imported {self.answers} answers from {self.forms} forms: {', '.join(parts)}."


@dataclass(frozen=True)
class Submission:
    """One respondent's complete set of answers for a quarter, ready to be stored."""

    respondent: str
    team: str
    quarter: str
    instrument_id: str
    instrument_version: int
    answers: tuple[Answer, ...]


def tidy_name(name: str) -> str:
    """A respondent's name as stored: single spaces, no padding; refused when empty."""
    tidy = " ".join(str(name).split())
    if not tidy:
        raise ValidationError("A respondent needs a name.", "name")
    if len(tidy) > MAX_NAME:
        raise ValidationError(f"A name can be at most {MAX_NAME} characters.", "name")
    return tidy


def tidy_team(team: str) -> AssessmentTeam:
    """The team of a respondent from its id or label ('Sales' → sales)."""
    value = str(team).strip().lower()
    if value not in TEAMS:
        raise ValidationError(f"'{team}' is not a team; use one of {', '.join(TEAMS)}.", "team")
    return AssessmentTeam(value)


def info_of(respondent: AssessmentRespondent, answered: int) -> RespondentInfo:
    return RespondentInfo(
        respondent.id,
        respondent.name,
        respondent.team.value,
        respondent.quarter,
        respondent.instrument_id,
        respondent.instrument_version,
        answered,
        respondent.version,
    )


def stored_of(row: AssessmentAnswer) -> StoredAnswer:
    return StoredAnswer(row.statement_id, row.rating, row.comment, row.instrument_version)


def state_of(respondent: AssessmentRespondent) -> RespondentState:
    return RespondentState(
        respondent.id,
        respondent.name,
        respondent.team.value,
        respondent.quarter,
        respondent.instrument_id,
        respondent.instrument_version,
        respondent.created_at,
        tuple(stored_of(a) for a in respondent.answers),
    )


def answer_rows(
    respondent_id: int, answers: tuple[StoredAnswer, ...] | list[StoredAnswer]
) -> list[dict[str, object]]:
    """Answers as rows for one bulk `insert()`."""
    return [
        {
            "respondent_id": respondent_id,
            "statement_id": a.statement_id,
            "rating": a.rating,
            "comment": a.comment,
            "instrument_version": a.instrument_version,
        }
        for a in answers
    ]


def drop_answers(session: Session, respondent: AssessmentRespondent) -> None:
    """Delete every answer of a respondent who stays (before writing new ones)."""
    session.execute(delete(AssessmentAnswer).where(AssessmentAnswer.respondent_id == respondent.id))
    session.expire(respondent, ["answers"])
    respondent.version += 1


def write_state(session: Session, respondent_id: int, state: RespondentState | None) -> None:
    """Make one respondent exactly `state` (None deletes them), keeping the same id."""
    respondent = session.get(AssessmentRespondent, respondent_id)
    if state is None:
        if respondent is not None:
            session.delete(respondent)
            session.flush()
        return
    if respondent is None:
        respondent = AssessmentRespondent(id=respondent_id, created_at=state.created_at)
        session.add(respondent)
    else:
        drop_answers(session, respondent)
    respondent.name, respondent.name_key = state.name, respondent_key(state.name)
    respondent.team = AssessmentTeam(state.team)
    respondent.quarter = state.quarter
    respondent.instrument_id = state.instrument_id
    respondent.instrument_version = state.instrument_version
    respondent.updated_at = utc_now()
    session.flush()
    if state.answers:
        session.execute(insert(AssessmentAnswer), answer_rows(respondent_id, state.answers))


def check_name_free(session: Session, name: str, quarter: str, respondent_id: int | None) -> None:
    clash = session.scalar(
        select(AssessmentRespondent.name).where(
            AssessmentRespondent.quarter == quarter,
            AssessmentRespondent.name_key == respondent_key(name),
            AssessmentRespondent.id != (respondent_id or -1),
        )
    )
    if clash:
        raise ValidationError(
            f"{clash} already takes part in {quarter}; each person answers once a quarter.",
            "name",
        )


def get_respondent(session: Session, respondent_id: int) -> AssessmentRespondent:
    respondent = session.get(AssessmentRespondent, respondent_id)
    if respondent is None:
        raise ValidationError("That respondent no longer exists.")
    return respondent


def answer_row(session: Session, respondent_id: int, statement_id: str) -> AssessmentAnswer | None:
    return session.scalar(
        select(AssessmentAnswer).where(
            AssessmentAnswer.respondent_id == respondent_id,
            AssessmentAnswer.statement_id == statement_id,
        )
    )
