"""Buyer personas: who we sell to, as both teams describe them, with field notes."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, SignOffTeam, Status, enum_column, utc_now


class Persona(Base):
    """A buyer persona worksheet."""

    __tablename__ = "persona"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(Text, default="")
    seniority: Mapped[str] = mapped_column(String(120), default="")
    industry: Mapped[str] = mapped_column(Text, default="")
    company_size: Mapped[str] = mapped_column(String(120), default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    pains: Mapped[str] = mapped_column(Text, default="")
    objections: Mapped[str] = mapped_column(Text, default="")
    buying_triggers: Mapped[str] = mapped_column(Text, default="")
    channels: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.DRAFT)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    version: Mapped[int] = mapped_column(default=1)
    # Optimistic locking: an UPDATE that meets a newer version fails instead of
    # overwriting it (services bump the number on every change).
    __mapper_args__: ClassVar[dict[str, object]] = {
        "version_id_col": version,
        "version_id_generator": False,
    }

    notes: Mapped[list[PersonaNote]] = relationship(
        back_populates="persona", order_by="PersonaNote.noted_on", cascade="all, delete-orphan"
    )
    sign_offs: Mapped[list[PersonaSignOff]] = relationship(cascade="all, delete-orphan")


class PersonaNote(Base):
    """What someone heard in the field about this persona, and when."""

    __tablename__ = "persona_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    persona_id: Mapped[int] = mapped_column(
        ForeignKey("persona.id", ondelete="CASCADE"), index=True
    )
    author: Mapped[str] = mapped_column(String(120))
    noted_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)
    # Optimistic locking: an UPDATE that meets a newer version fails instead of
    # overwriting it (services bump the number on every change).
    __mapper_args__: ClassVar[dict[str, object]] = {
        "version_id_col": version,
        "version_id_generator": False,
    }

    persona: Mapped[Persona] = relationship(back_populates="notes")


class PersonaRevision(Base):
    """A snapshot of a persona after one change."""

    __tablename__ = "persona_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    persona_id: Mapped[int] = mapped_column(
        ForeignKey("persona.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    summary: Mapped[str] = mapped_column(String(300), default="")
    snapshot: Mapped[dict[str, object]] = mapped_column(JSON)


class PersonaSignOff(Base):
    __tablename__ = "persona_sign_off"

    id: Mapped[int] = mapped_column(primary_key=True)
    persona_id: Mapped[int] = mapped_column(
        ForeignKey("persona.id", ondelete="CASCADE"), index=True
    )
    team: Mapped[SignOffTeam] = mapped_column(enum_column(SignOffTeam))
    name: Mapped[str] = mapped_column(String(120))
    signed_at: Mapped[datetime] = mapped_column(default=utc_now)
