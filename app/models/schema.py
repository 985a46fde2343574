"""The schema revision this Accord writes, and how to read one from a file cheaply.

Revisions are numbered strings ("0001", "0002", ...) so a file from a newer Accord can
be told apart from a foreign database by comparing numbers, without loading Alembic.
"""

from __future__ import annotations

SCHEMA_HEAD = "0003"
"""The Alembic revision of the models in this version of Accord."""

KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003")

APPLICATION_ID = 0x41434344
"""Written to SQLite's header (`PRAGMA application_id`) so `file` and Accord recognise it."""

VERSION_TABLE = "alembic_version"


def revision_number(revision: str) -> int | None:
    """The ordinal of a revision string, or None when it is not one of ours."""
    return int(revision) if revision.isdigit() else None
