"""The shared vocabulary: terms, their revisions and the sign-offs that agree them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import ClassVar

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, SignOffTeam, Status, Team, enum_column, utc_now


class TermCategory(enum.StrEnum):
    LIFECYCLE_STAGE = "lifecycle_stage"
    LEAD_STATUS = "lead_status"
    FIELD = "field"
    GENERAL = "general"


class Term(Base):
    """One word the two teams must mean the same thing by."""

    __tablename__ = "term"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[TermCategory] = mapped_column(enum_column(TermCategory))
    definition: Mapped[str] = mapped_column(Text, default="")
    owner_team: Mapped[Team] = mapped_column(enum_column(Team), default=Team.SHARED)
    synonyms: Mapped[str] = mapped_column(Text, default="")
    examples: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.DRAFT)
    # Lifecycle stages and lead statuses are ordered; other terms keep 0.
    position: Mapped[int] = mapped_column(default=0)
    entry_criteria: Mapped[str] = mapped_column(Text, default="")
    exit_criteria: Mapped[str] = mapped_column(Text, default="")
    sla_hours: Mapped[float | None] = mapped_column(default=None)
    recycle_path: Mapped[str] = mapped_column(Text, default="")
    crm_value: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    version: Mapped[int] = mapped_column(default=1)
    # Optimistic locking: an UPDATE that meets a newer version fails instead of
    # overwriting it (services bump the number on every change).
    __mapper_args__: ClassVar[dict[str, object]] = {
        "version_id_col": version,
        "version_id_generator": False,
    }

    revisions: Mapped[list[TermRevision]] = relationship(
        back_populates="term", order_by="TermRevision.number", cascade="all, delete-orphan"
    )
    sign_offs: Mapped[list[TermSignOff]] = relationship(
        back_populates="term", cascade="all, delete-orphan"
    )

    __table_args__ = (Index("ix_term_category_position", "category", "position"),)


class TermRevision(Base):
    """A snapshot of a term after one change, kept forever."""

    __tablename__ = "term_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    summary: Mapped[str] = mapped_column(String(300), default="")
    snapshot: Mapped[dict[str, object]] = mapped_column(JSON)

    term: Mapped[Term] = relationship(back_populates="revisions")


class TermSignOff(Base):
    """A named person's agreement, for their team, to a term as it reads now."""

    __tablename__ = "term_sign_off"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id", ondelete="CASCADE"), index=True)
    team: Mapped[SignOffTeam] = mapped_column(enum_column(SignOffTeam))
    name: Mapped[str] = mapped_column(String(120))
    signed_at: Mapped[datetime] = mapped_column(default=utc_now)

    term: Mapped[Term] = relationship(back_populates="sign_offs")
