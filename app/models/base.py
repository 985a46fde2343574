"""Declarative base, shared enums and column helpers for every Accord table."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import Enum, MetaData
from sqlalchemy.orm import DeclarativeBase

# Explicit constraint names keep Alembic batch migrations on SQLite deterministic.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Team(enum.StrEnum):
    SALES = "sales"
    MARKETING = "marketing"
    SHARED = "shared"
    OPERATIONS = "operations"


class Status(enum.StrEnum):
    """Where an agreed definition stands: Draft → Proposed → Agreed, or Retired."""

    DRAFT = "draft"
    PROPOSED = "proposed"
    AGREED = "agreed"
    RETIRED = "retired"


class SignOffTeam(enum.StrEnum):
    """The two sides whose sign-off makes a definition Agreed."""

    SALES = "sales"
    MARKETING = "marketing"


def enum_column(kind: type[enum.Enum]) -> Enum:
    """A portable enum column type for `mapped_column`."""
    # Store the readable value, not the member name, and skip CHECK constraints so a
    # later Accord can add members without rewriting every table.
    return Enum(
        kind,
        values_callable=lambda k: [m.value for m in k],
        native_enum=False,
        create_constraint=False,
        length=32,
    )
