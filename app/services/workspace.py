"""Workspace files: create, recognise, open (migrating older ones), check and back up.

A file is inspected read-only before anything opens it for writing, so a damaged,
foreign or newer file is refused without a single byte of it changing.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import sqlite3
import struct
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.models.schema import (
    APPLICATION_ID,
    KNOWN_REVISIONS,
    SCHEMA_HEAD,
    VERSION_TABLE,
    revision_number,
)
from app.services.errors import WorkspaceError

if TYPE_CHECKING:
    from app.models.database import Database
    from app.services.lexicon import LexiconService

WORKSPACE_SUFFIX = ".accord"
SQLITE_MAGIC = b"SQLite format 3\x00"
BACKUPS_KEPT = 5


class FileState(Enum):
    CURRENT = "current"
    OLDER = "older"


@dataclass(frozen=True)
class FileInspection:
    """What a read-only look at a workspace file found."""

    path: Path
    revision: str
    state: FileState


def user_data_dir() -> Path:
    """Where Accord keeps backups, logs and the first-start workspace."""
    override = os.environ.get("ACCORD_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("Accord", appauthor=False)


def _read_only_connection(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _refuse(path: Path, reason: str) -> WorkspaceError:
    return WorkspaceError(f"Cannot open '{path.name}': {reason} The file was left untouched.")


def inspect_workspace_file(path: Path) -> FileInspection:
    """Decide, without writing, whether `path` is an Accord workspace this version can open.

    Raises WorkspaceError naming the file and the reason otherwise.
    """
    if not path.exists():
        raise WorkspaceError(f"Cannot open '{path.name}': no such file ({path}).")
    if path.is_dir():
        raise WorkspaceError(f"Cannot open '{path.name}': it is a folder, not a workspace file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise WorkspaceError(f"Cannot open '{path.name}': {error.strerror}.") from error
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise _refuse(path, "it is not an Accord workspace (not a database file).")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    page_count = struct.unpack(">I", header[28:32])[0]
    if page_size < 512 or page_count == 0 or path.stat().st_size < page_size * page_count:
        raise _refuse(path, "the file is damaged (it is shorter than its own header says).")
    try:
        connection = _read_only_connection(path)
        try:
            return _inspect_database(path, connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise _refuse(path, f"the file is damaged ({error}).") from error


def _inspect_database(path: Path, connection: sqlite3.Connection) -> FileInspection:
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if application_id != APPLICATION_ID:
        raise _refuse(path, "it is a database, but not an Accord workspace.")
    if VERSION_TABLE not in tables:
        raise _refuse(path, "the file is damaged (its schema version is missing).")
    rows = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
    if len(rows) != 1:
        raise _refuse(path, "the file is damaged (its schema version is unreadable).")
    revision = str(rows[0][0])
    number, head = revision_number(revision), revision_number(SCHEMA_HEAD)
    assert head is not None
    if number is None:
        raise _refuse(path, f"the file is damaged (unknown schema version '{revision}').")
    if number > head:
        raise _refuse(
            path,
            f"it was saved by a newer version of Accord (schema {number}; this version "
            f"reads up to {head}). Update Accord to open it.",
        )
    if revision not in KNOWN_REVISIONS:
        raise _refuse(path, f"the file is damaged (unknown schema version '{revision}').")
    integrity = connection.execute("PRAGMA quick_check").fetchone()[0]
    if integrity != "ok":
        raise _refuse(path, f"the file is damaged ({integrity}).")
    if revision == SCHEMA_HEAD:
        from app.models.registry import ALL_MODELS

        missing = sorted({m.__table__.name for m in ALL_MODELS} - tables)  # type: ignore[attr-defined]
        if missing:
            raise _refuse(path, f"the file is damaged (tables missing: {', '.join(missing)}).")
        state = FileState.CURRENT
    else:
        state = FileState.OLDER
    return FileInspection(path=path, revision=revision, state=state)


def backup_workspace(path: Path, reason: str) -> Path:
    """Copy a consistent snapshot of `path` into the backups folder; keep the newest few."""
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]
    folder = user_data_dir() / "backups" / f"{path.stem}-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}-{reason}{WORKSPACE_SUFFIX}"
    source = _read_only_connection(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    for old in sorted(folder.glob(f"*{WORKSPACE_SUFFIX}"))[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return target


def save_copy(workspace: Workspace, target: Path) -> None:
    """Write a complete, consistent copy of an open workspace to `target`."""
    if workspace.path is None:
        raise WorkspaceError("Only file workspaces can be saved as a copy.")
    if target.resolve() == workspace.path.resolve():
        raise WorkspaceError("Choose a different file: that is the open workspace itself.")
    partial = target.with_name(target.name + ".part")
    source = sqlite3.connect(workspace.path)
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
    finally:
        source.close()
    os.replace(partial, target)


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "Accord user"


class Workspace:
    """An open workspace: its database and the services that read and change it."""

    def __init__(self, database: Database, path: Path | None, actor: str | None = None) -> None:
        self.database = database
        self.path = path
        self.actor = actor or default_actor()
        self._lexicon: LexiconService | None = None

    @property
    def name(self) -> str:
        if self.path is not None:
            return self.path.stem
        from app.services.team.targets import database_name

        return database_name(self.database.url)

    @property
    def is_team(self) -> bool:
        """True for a shared PostgreSQL workspace, False for a file."""
        return self.database.is_team

    @property
    def target(self) -> Path | str:
        """What `open_workspace` takes to open this workspace again."""
        return self.path if self.path is not None else self.database.url

    @property
    def location(self) -> str:
        """Where the workspace lives, safe to show: a path, or a URL without password."""
        if self.path is not None:
            return str(self.path)
        from app.services.team.targets import redacted

        return redacted(self.database.url)

    @property
    def lexicon(self) -> LexiconService:
        if self._lexicon is None:
            from app.services.lexicon import LexiconService

            self._lexicon = LexiconService(self)
        return self._lexicon

    def close(self) -> None:
        self.database.dispose()


def _stamp_new_database(connection: Any) -> None:
    connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")


def create_workspace(
    path: Path | str, *, demo: bool = False, actor: str | None = None
) -> Workspace:
    """Create a new workspace file at `path` (refusing to overwrite) and open it.

    A database URL (`DatabaseUrl` or a `postgresql://` string) creates a team workspace.
    """
    if isinstance(path, str):
        from app.services.team.targets import is_database_url

        if is_database_url(path):
            from app.services.team.database import create_team_workspace
            from app.services.team.targets import normalise_url

            return create_team_workspace(normalise_url(path), demo=demo, actor=actor)
        path = Path(path)
    if path.exists():
        raise WorkspaceError(f"Cannot create '{path.name}': a file with that name exists.")
    if not path.parent.exists():
        raise WorkspaceError(f"Cannot create '{path.name}': folder {path.parent} does not exist.")
    from sqlalchemy import text

    from app.models.base import Base
    from app.models.database import Database, sqlite_url
    from app.models.registry import ALL_MODELS

    assert ALL_MODELS
    # Build beside the target and rename at the end, so a failure never leaves half a file.
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    database = Database(sqlite_url(partial))
    try:
        with database.engine.begin() as connection:
            _stamp_new_database(connection)
            Base.metadata.create_all(connection)
            connection.execute(
                text(f"CREATE TABLE {VERSION_TABLE} (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
            )
            connection.execute(text(f"INSERT INTO {VERSION_TABLE} VALUES (:v)"), {"v": SCHEMA_HEAD})
        workspace = Workspace(database, partial, actor)
        if demo:
            from app.services.demo import fill_demo_workspace

            fill_demo_workspace(workspace)
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        database.dispose()
        for leftover in (
            partial,
            partial.with_name(partial.name + "-wal"),
            partial.with_name(partial.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        raise
    database.dispose()
    os.replace(partial, path)
    for suffix in ("-wal", "-shm"):
        partial.with_name(partial.name + suffix).unlink(missing_ok=True)
    return open_workspace(path, actor=actor, backup=False)


def open_workspace(
    path: Path | str,
    *,
    actor: str | None = None,
    backup: bool = True,
    allow_migration: bool = False,
) -> Workspace:
    """Open an existing workspace file, migrating an older schema after a backup.

    `backup=False` skips the routine backup on opening (callers that take it later,
    off the start-up path, pass False). A backup before a migration is always taken.
    A database URL opens a team workspace; its older schema is updated only with
    `allow_migration` (files are always updated: nobody else is using them).
    """
    if isinstance(path, str):
        from app.services.team.targets import is_database_url

        if is_database_url(path):
            from app.services.team.database import open_team_workspace
            from app.services.team.targets import normalise_url

            return open_team_workspace(
                normalise_url(path), actor=actor, allow_migration=allow_migration
            )
        path = Path(path)
    from app.models.database import Database, sqlite_url

    inspection = inspect_workspace_file(path)
    if inspection.state is FileState.OLDER:
        backup_workspace(path, f"before-migration-from-{inspection.revision}")
        _migrate_file(path)
    elif backup:
        backup_workspace(path, "opened")
    return Workspace(Database(sqlite_url(path)), path, actor)


def _migrate_file(path: Path) -> None:
    from app.models.database import make_engine, sqlite_url
    from app.models.migrate import upgrade

    engine = make_engine(sqlite_url(path))
    try:
        with engine.begin() as connection:
            upgrade(connection)
    except Exception as error:
        raise WorkspaceError(
            f"Cannot open '{path.name}': updating it to this version of Accord failed "
            f"({error}). The file was left as it was; a backup is in "
            f"{user_data_dir() / 'backups'}."
        ) from error
    finally:
        engine.dispose()


@dataclass
class CheckReport:
    """The outcome of `check`: integrity, schema version and how many of each record."""

    path: str
    ok: bool
    schema_version: str | None
    integrity: str
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "ok": self.ok,
            "schema_version": self.schema_version,
            "integrity": self.integrity,
            "counts": self.counts,
            "problems": self.problems,
            "notes": self.notes,
        }

    def to_text(self) -> str:
        lines = [
            f"Workspace: {self.path}",
            f"Status: {'OK' if self.ok else 'PROBLEMS FOUND'}",
            f"Schema version: {self.schema_version or 'unknown'} (this Accord: {SCHEMA_HEAD})",
            f"Integrity: {self.integrity}",
        ]
        if self.counts:
            width = max(len(kind) for kind in self.counts)
            lines.append("Records:")
            lines.extend(
                f"  {kind.ljust(width)}  {count:>8,}" for kind, count in self.counts.items()
            )
        lines.extend(f"Problem: {problem}" for problem in self.problems)
        lines.extend(f"Note: {note}" for note in self.notes)
        return "\n".join(lines)


def check_workspace(path: Path | str) -> CheckReport:
    """Verify a workspace file (or team database) without changing it."""
    if isinstance(path, str):
        from app.services.team.targets import is_database_url

        if is_database_url(path):
            from app.services.team.database import check_team_database
            from app.services.team.targets import normalise_url

            return check_team_database(normalise_url(path))
        path = Path(path)
    from app.models.registry import RECORD_KINDS

    try:
        inspection = inspect_workspace_file(path)
    except WorkspaceError as error:
        return CheckReport(str(path), False, None, "not checked", problems=[str(error)])
    connection = _read_only_connection(path)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        counts = {}
        for kind, model in RECORD_KINDS.items():
            table = model.__table__.name  # type: ignore[attr-defined]
            if table in tables:
                counts[kind] = connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        problems = []
        if integrity != "ok":
            problems.append(f"integrity check: {integrity}")
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
        if foreign:
            problems.append(f"{len(foreign)} records point at records that do not exist")
    finally:
        connection.close()
    report = CheckReport(str(path), not problems, inspection.revision, integrity, counts, problems)
    if inspection.state is FileState.OLDER:
        report.notes.append(
            f"schema {inspection.revision} is older than {SCHEMA_HEAD}; "
            "opening it in Accord will update it (after a backup)"
        )
    return report
