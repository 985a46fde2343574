"""Scoring models as stored: criteria, thresholds, history and sign-offs."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, SignOffTeam, Status, enum_column, utc_now
from app.services.scoring.spec import Dimension, Operator, ThresholdKind


class ScoringModel(Base):
    """One way of scoring leads; a workspace marks one model active."""

    __tablename__ = "scoring_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(default=False)
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.DRAFT)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    version: Mapped[int] = mapped_column(default=1)
    # Optimistic locking: an UPDATE that meets a newer version fails instead of
    # overwriting it (services bump the number on every change).
    __mapper_args__: ClassVar[dict[str, object]] = {
        "version_id_col": version,
        "version_id_generator": False,
    }

    criteria: Mapped[list[ScoringCriterion]] = relationship(
        back_populates="model", order_by="ScoringCriterion.position", cascade="all, delete-orphan"
    )
    thresholds: Mapped[list[ScoringThreshold]] = relationship(
        back_populates="model",
        order_by="ScoringThreshold.min_points",
        cascade="all, delete-orphan",
    )
    sign_offs: Mapped[list[ScoringModelSignOff]] = relationship(cascade="all, delete-orphan")


class ScoringCriterion(Base):
    """A rule: field, operator, value(s) and the points it adds."""

    __tablename__ = "scoring_criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("scoring_model.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    dimension: Mapped[Dimension] = mapped_column(enum_column(Dimension))
    field: Mapped[str] = mapped_column(String(200))
    operator: Mapped[Operator] = mapped_column(enum_column(Operator))
    values: Mapped[list[str]] = mapped_column(JSON, default=list)
    points: Mapped[float] = mapped_column(default=0.0)
    cap: Mapped[float | None] = mapped_column(default=None)
    decay_half_life_days: Mapped[float | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(default=1)
    # Optimistic locking: an UPDATE that meets a newer version fails instead of
    # overwriting it (services bump the number on every change).
    __mapper_args__: ClassVar[dict[str, object]] = {
        "version_id_col": version,
        "version_id_generator": False,
    }

    model: Mapped[ScoringModel] = relationship(back_populates="criteria")


class ScoringThreshold(Base):
    """From `min_points` on, a total earns a status (e.g. MQL) or fit a grade (A–D)."""

    __tablename__ = "scoring_threshold"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("scoring_model.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ThresholdKind] = mapped_column(enum_column(ThresholdKind))
    label: Mapped[str] = mapped_column(String(120))
    min_points: Mapped[float]
    version: Mapped[int] = mapped_column(default=1)
    # Optimistic locking: an UPDATE that meets a newer version fails instead of
    # overwriting it (services bump the number on every change).
    __mapper_args__: ClassVar[dict[str, object]] = {
        "version_id_col": version,
        "version_id_generator": False,
    }

    model: Mapped[ScoringModel] = relationship(back_populates="thresholds")


class ScoringModelRevision(Base):
    __tablename__ = "scoring_model_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("scoring_model.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    summary: Mapped[str] = mapped_column(String(300), default="")
    snapshot: Mapped[dict[str, object]] = mapped_column(JSON)


class ScoringModelSignOff(Base):
    __tablename__ = "scoring_model_sign_off"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("scoring_model.id", ondelete="CASCADE"), index=True
    )
    team: Mapped[SignOffTeam] = mapped_column(enum_column(SignOffTeam))
    name: Mapped[str] = mapped_column(String(120))
    signed_at: Mapped[datetime] = mapped_column(default=utc_now)
