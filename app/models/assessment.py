"""The quarterly self-assessment: who answered in which quarter, and what they answered."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import ClassVar

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, enum_column, utc_now


class AssessmentTeam(enum.StrEnum):
    """The team a respondent answers for; only sales and marketing form the gap."""

    SALES = "sales"
    MARKETING = "marketing"
    LEADERSHIP = "leadership"
    OTHER = "other"


class AssessmentRespondent(Base):
    """One person taking the assessment in one quarter, with the instrument they used."""

    __tablename__ = "assessment_respondent"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name with case and spacing folded, so 'priya  raman' cannot answer twice.
    name_key: Mapped[str] = mapped_column(String(200))
    team: Mapped[AssessmentTeam] = mapped_column(enum_column(AssessmentTeam))
    quarter: Mapped[str] = mapped_column(String(7))
    instrument_id: Mapped[str] = mapped_column(String(80))
    instrument_version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    version: Mapped[int] = mapped_column(default=1)
    # Optimistic locking: an UPDATE that meets a newer version fails instead of
    # overwriting it (services bump the number on every change).
    __mapper_args__: ClassVar[dict[str, object]] = {
        "version_id_col": version,
        "version_id_generator": False,
    }

    answers: Mapped[list[AssessmentAnswer]] = relationship(
        back_populates="respondent",
        order_by="AssessmentAnswer.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        UniqueConstraint("quarter", "name_key", name="uq_assessment_respondent_quarter_name"),
    )


class AssessmentAnswer(Base):
    """A rating (None = don't know) and optional comment on one statement."""

    __tablename__ = "assessment_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_respondent.id", ondelete="CASCADE")
    )
    statement_id: Mapped[str] = mapped_column(String(80))
    rating: Mapped[int | None] = mapped_column(default=None)
    comment: Mapped[str] = mapped_column(Text, default="")
    instrument_version: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    version: Mapped[int] = mapped_column(default=1)
    # Optimistic locking: an UPDATE that meets a newer version fails instead of
    # overwriting it (services bump the number on every change).
    __mapper_args__: ClassVar[dict[str, object]] = {
        "version_id_col": version,
        "version_id_generator": False,
    }

    respondent: Mapped[AssessmentRespondent] = relationship(back_populates="answers")

    __table_args__ = (
        UniqueConstraint(
            "respondent_id", "statement_id", name="uq_assessment_answer_respondent_statement"
        ),
    )
