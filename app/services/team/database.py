"""Inspecting, creating, migrating and opening a workspace in a PostgreSQL database.

A team database is checked before anything is written, like a file: an empty database
can become a workspace, one from a newer Accord or one that is not a workspace at all
is refused, and an older schema is updated only when the caller says yes (others may be
working in it, so the question belongs to a person, not to whoever connects first).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import inspect as inspect_schema
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from app.models.schema import SCHEMA_HEAD, VERSION_TABLE, revision_number
from app.services.errors import MigrationNeeded, WorkspaceError
from app.services.team.targets import database_name, redacted
from app.services.workspace import CheckReport, Workspace, default_actor

# Two windows connecting to an old schema at once must not both migrate it.
_MIGRATION_LOCK = 0x4143_4344


class TeamState(enum.Enum):
    EMPTY = "empty"
    CURRENT = "current"
    OLDER = "older"
    NEWER = "newer"
    FOREIGN = "foreign"


@dataclass(frozen=True)
class TeamInspection:
    state: TeamState
    revision: str | None
    tables: frozenset[str]


def _unreachable(url: str, error: Exception) -> WorkspaceError:
    reason = str(getattr(error, "orig", error) or error).strip().splitlines()
    detail = reason[0] if reason else type(error).__name__
    if "password" in detail.lower():
        detail = "the server asks for a password (none or a wrong one was given)"
    return WorkspaceError(f"Cannot connect to {redacted(url)}: {detail}.")


def _inspect(connection: Connection) -> TeamInspection:
    tables = frozenset(inspect_schema(connection).get_table_names())
    if not tables:
        return TeamInspection(TeamState.EMPTY, None, tables)
    if VERSION_TABLE not in tables or "workspace_setting" not in tables:
        return TeamInspection(TeamState.FOREIGN, None, tables)
    revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    number = revision_number(revision or "")
    if number is None:
        return TeamInspection(TeamState.FOREIGN, revision, tables)
    head = revision_number(SCHEMA_HEAD) or 0
    if number > head:
        return TeamInspection(TeamState.NEWER, revision, tables)
    state = TeamState.OLDER if number < head else TeamState.CURRENT
    return TeamInspection(state, revision, tables)


def inspect_team_database(url: str) -> TeamInspection:
    """Read, without changing anything, what the database at `url` holds."""
    from app.models.database import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return _inspect(connection)
    except DBAPIError as error:
        raise _unreachable(url, error) from error
    finally:
        engine.dispose()


def _refusal(url: str, inspection: TeamInspection) -> WorkspaceError | None:
    where = redacted(url)
    if inspection.state is TeamState.FOREIGN:
        return WorkspaceError(
            f"{where} already holds tables that are not an Accord workspace; "
            "use an empty database for a team workspace."
        )
    if inspection.state is TeamState.NEWER:
        return WorkspaceError(
            f"{where} was last updated by a newer Accord (schema {inspection.revision}, "
            f"this Accord knows up to {SCHEMA_HEAD}). Update Accord to open it; "
            "nothing was changed."
        )
    return None


def create_team_workspace(url: str, *, demo: bool = False, actor: str | None = None) -> Workspace:
    """Turn an empty PostgreSQL database into a workspace (all or nothing) and open it."""
    from app.models.base import Base
    from app.models.database import Database
    from app.models.registry import ALL_MODELS

    assert ALL_MODELS
    inspection = inspect_team_database(url)
    if inspection.state is not TeamState.EMPTY:
        refusal = _refusal(url, inspection)
        raise refusal or WorkspaceError(
            f"{redacted(url)} already holds an Accord workspace; open it instead."
        )
    actor = actor or default_actor()
    database = Database(url, application_name=f"accord:{actor}")
    try:
        # PostgreSQL runs DDL inside transactions, so a failure leaves the database empty.
        with database.engine.begin() as connection:
            Base.metadata.create_all(connection)
            connection.execute(
                text(f"CREATE TABLE {VERSION_TABLE} (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
            )
            connection.execute(text(f"INSERT INTO {VERSION_TABLE} VALUES (:v)"), {"v": SCHEMA_HEAD})
        workspace = Workspace(database, None, actor)
        if demo:
            from app.services.demo import fill_demo_workspace

            try:
                fill_demo_workspace(workspace)
            except BaseException:
                with database.engine.begin() as connection:
                    Base.metadata.drop_all(connection)
                    connection.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))
                raise
    except DBAPIError as error:
        database.dispose()
        raise _unreachable(url, error) from error
    except BaseException:
        database.dispose()
        raise
    return workspace


def open_team_workspace(
    url: str, *, actor: str | None = None, allow_migration: bool = False
) -> Workspace:
    """Open the workspace in a team database; an older schema only with `allow_migration`."""
    from app.models.database import Database

    inspection = inspect_team_database(url)
    refusal = _refusal(url, inspection)
    if refusal is not None:
        raise refusal
    if inspection.state is TeamState.EMPTY:
        raise WorkspaceError(
            f"{redacted(url)} is empty. Create a workspace in it first "
            "(File ▸ Copy to…, or `accord new URL`)."
        )
    if inspection.state is TeamState.OLDER:
        if not allow_migration:
            raise MigrationNeeded(
                f"{redacted(url)} has an older schema ({inspection.revision}; this Accord "
                f"uses {SCHEMA_HEAD}). Updating it changes the database for everyone who "
                "uses it; confirm to update (or run `accord upgrade URL`).",
                inspection.revision or "",
            )
        migrate_team_database(url)
    actor = actor or default_actor()
    return Workspace(Database(url, application_name=f"accord:{actor}"), None, actor)


def migrate_team_database(url: str) -> str | None:
    """Bring an older team database to this Accord's schema; returns the old revision."""
    from app.models.database import make_engine
    from app.models.migrate import upgrade

    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            inspection = _inspect(connection)
            refusal = _refusal(url, inspection)
            if refusal is not None:
                raise refusal
            if inspection.state is TeamState.OLDER:
                upgrade(connection)
            return inspection.revision
    except DBAPIError as error:
        raise WorkspaceError(
            f"Updating {redacted(url)} failed and was rolled back; nothing changed ({error.orig})."
        ) from error
    finally:
        engine.dispose()


def check_team_database(url: str) -> CheckReport:
    """Schema version and counts of every kind of record, read without changing anything."""
    from app.models.database import make_engine
    from app.models.registry import RECORD_KINDS

    shown = redacted(url)
    try:
        inspection = inspect_team_database(url)
    except WorkspaceError as error:
        return CheckReport(shown, False, None, "not checked", problems=[str(error)])
    refusal = _refusal(url, inspection)
    if refusal is not None or inspection.state is TeamState.EMPTY:
        message = str(refusal) if refusal else f"{shown} is empty: it holds no workspace."
        return CheckReport(shown, False, inspection.revision, "not checked", problems=[message])
    engine = make_engine(url)
    counts: dict[str, int] = {}
    try:
        with engine.connect() as connection:
            for kind, model in RECORD_KINDS.items():
                table = model.__table__.name  # type: ignore[attr-defined]
                if table in inspection.tables:
                    counts[kind] = int(
                        connection.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar() or 0
                    )
    finally:
        engine.dispose()
    report = CheckReport(
        shown,
        True,
        inspection.revision,
        "enforced by PostgreSQL (constraints and foreign keys)",
        counts,
    )
    if inspection.state is TeamState.OLDER:
        report.notes.append(
            f"schema {inspection.revision} is older than {SCHEMA_HEAD}; run `accord upgrade` "
            "when everyone using it has updated Accord"
        )
    report.notes.append(f"database: {database_name(url)}")
    return report
