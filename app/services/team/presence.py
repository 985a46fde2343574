"""Who else has the team workspace open, read from PostgreSQL's own session list.

Each Accord connection names itself `accord:<person>` (libpq's application_name), so
`pg_stat_activity` already knows who is connected: no table of our own to keep clean
after a crash.
"""

from __future__ import annotations

from sqlalchemy import text

from app.models.database import Database

APPLICATION_PREFIX = "accord:"


def connected_people(database: Database) -> list[str]:
    """The people with this team workspace open right now, this window excluded."""
    if not database.is_team:
        return []
    with database.engine.connect() as connection:
        names = connection.execute(
            text(
                "SELECT DISTINCT application_name FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name LIKE :prefix "
                "AND application_name <> current_setting('application_name')"
            ),
            {"prefix": APPLICATION_PREFIX + "%"},
        ).scalars()
        return sorted(name[len(APPLICATION_PREFIX) :] for name in names)
