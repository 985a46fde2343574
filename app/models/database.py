"""Engines and sessions for a workspace database: an SQLite file or a PostgreSQL team database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets readers and the writer
    # coexist; synchronous=FULL makes every committed edit survive a power cut.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


CHANGE_SERIAL_KEY = "change.serial"
"""Bumped in every team-database transaction that changes something, so other
Accord windows can tell cheaply (one row read) that they should reload."""


def make_engine(url: str, *, application_name: str | None = None) -> Engine:
    """An engine with Accord's connection settings for the database at `url`."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    connect_args: dict[str, Any] = {"connect_timeout": 5}
    if application_name:
        # pg_stat_activity shows it: that is how a window knows who else is connected.
        connect_args["application_name"] = application_name[:63]
    return create_engine(url, pool_pre_ping=True, pool_size=2, connect_args=connect_args)


def _is_connection_failure(error: DBAPIError) -> bool:
    if error.connection_invalidated:
        return True
    return isinstance(error, OperationalError | InterfaceError)


class Database:
    """An open workspace database: its engine and a factory of short-lived sessions."""

    def __init__(self, url: str, *, application_name: str | None = None) -> None:
        self.url = url
        self.is_team = not url.startswith("sqlite")
        self.engine = make_engine(url, application_name=application_name)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.own_changes = 0
        """Changing transactions this process committed (so a poll can tell ours apart)."""
        if self.is_team:
            event.listen(self._sessions, "after_flush", _note_change)
            event.listen(self._sessions, "before_commit", _bump_change_serial)
            event.listen(self._sessions, "after_commit", self._count_own_change)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except StaleDataError as error:
            session.rollback()
            from app.services.errors import EditConflict

            raise EditConflict("This record", 0, -1, []) from error
        except DBAPIError as error:
            session.rollback()
            if self.is_team and _is_connection_failure(error):
                from app.services.errors import ConnectionLost

                raise ConnectionLost(
                    "The team database cannot be reached, so this change was not saved. "
                    "Check the network; Accord reconnects by itself when it is back."
                ) from error
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _count_own_change(self, session: Session) -> None:
        if session.info.pop("bumped", False):
            self.own_changes += 1

    def change_serial(self) -> int:
        """How many changing transactions the team database has seen (0 for files)."""
        if not self.is_team:
            return 0
        with self.engine.connect() as connection:
            value = connection.execute(
                text("SELECT value FROM workspace_setting WHERE key = :key"),
                {"key": CHANGE_SERIAL_KEY},
            ).scalar()
        return int(value) if value and str(value).isdigit() else 0

    def dispose(self) -> None:
        self.engine.dispose()


def _note_change(session: Session, _context: Any) -> None:
    session.info["changed"] = True


def _bump_change_serial(session: Session) -> None:
    if not session.info.pop("changed", False):
        return
    bumped = session.execute(
        text(
            "UPDATE workspace_setting SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) "
            "WHERE key = :key"
        ),
        {"key": CHANGE_SERIAL_KEY},
    )
    if getattr(bumped, "rowcount", 1) == 0:
        session.execute(
            text("INSERT INTO workspace_setting (key, value) VALUES (:key, '1')"),
            {"key": CHANGE_SERIAL_KEY},
        )
    session.info.pop("changed", None)
    session.info["bumped"] = True


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file so the file alone is a complete copy."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
