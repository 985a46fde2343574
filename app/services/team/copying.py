"""Copy every record of one workspace into a new one: file → team database and back.

The destination must be new (a file that does not exist, or an empty database). Rows are
written table by table in one transaction, history included, with their ids kept so links
between records survive; afterwards the count of every kind of record is compared on both
sides. A failure or a Cancel leaves no half-filled destination behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.engine import Connection

from app.services.errors import Cancelled, WorkspaceError
from app.services.progress import CancelToken, ProgressCallback, report
from app.services.team.targets import DatabaseUrl, redacted
from app.services.workspace import Workspace, create_workspace

_BATCH = 2_000


@dataclass(frozen=True)
class CopyReport:
    """What was copied, per kind of record, and where to."""

    destination: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_text(self) -> str:
        width = max((len(kind) for kind in self.counts), default=0)
        lines = [f"Copied {self.total:,} records to {self.destination}; counts verified:"]
        lines.extend(f"  {kind.ljust(width)}  {count:>8,}" for kind, count in self.counts.items())
        return "\n".join(lines)


def _tables() -> list[Table]:
    from app.models.base import Base
    from app.models.registry import ALL_MODELS

    assert ALL_MODELS
    return list(Base.metadata.sorted_tables)


def _batches(connection: Connection, table: Table) -> Iterator[list[dict[str, object]]]:
    order = list(table.primary_key.columns)
    result = connection.execute(select(table).order_by(*order)).mappings()
    while True:
        chunk = result.fetchmany(_BATCH)
        if not chunk:
            return
        yield [dict(row) for row in chunk]


def _count(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)


def _reset_sequences(connection: Connection, tables: list[Table]) -> None:
    # Rows arrive with their ids, so PostgreSQL's sequences must be moved past them or
    # the next record anyone adds would collide with a copied one.
    for table in tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (
                column.autoincrement == "auto" and column.type.python_type is int
            ):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', "
                        f"'{column.name}'), COALESCE((SELECT MAX(\"{column.name}\") "
                        f'FROM "{table.name}"), 0) + 1, false)'
                    )
                )


def _kind_counts(connection: Connection) -> dict[str, int]:
    from app.models.registry import RECORD_KINDS

    return {
        kind: _count(connection, model.__table__)  # type: ignore[attr-defined]
        for kind, model in RECORD_KINDS.items()
    }


def _settings_to_copy(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    from app.models.database import CHANGE_SERIAL_KEY

    return [row for row in rows if row.get("key") != CHANGE_SERIAL_KEY]


def copy_workspace(
    source: Workspace,
    destination: Path | DatabaseUrl | str,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> CopyReport:
    """Copy all of `source` into a new workspace at `destination` and verify the counts."""
    same_file = (
        isinstance(destination, Path)
        and source.path is not None
        and destination.resolve() == source.path.resolve()
    )
    if same_file:
        raise WorkspaceError("Choose a different destination: that is the source itself.")
    if isinstance(destination, str) and source.database.url == destination:
        raise WorkspaceError("Choose a different destination: that is the source itself.")
    target = create_workspace(destination, actor=source.actor)
    shown = target.location
    tables = _tables()
    with source.database.engine.connect() as reading:
        totals = {table.name: _count(reading, table) for table in tables}
        grand_total = max(sum(totals.values()), 1)
        done = 0
        try:
            with target.database.engine.begin() as writing:
                # The new workspace's own settings (creation facts) give way to the source's.
                from app.models.workspace_info import WorkspaceSetting

                writing.execute(WorkspaceSetting.__table__.delete())  # type: ignore[attr-defined]
                for table in tables:
                    for chunk in _batches(reading, table):
                        if cancel is not None and cancel.cancelled:
                            raise Cancelled()
                        if table.name == WorkspaceSetting.__tablename__:
                            chunk = _settings_to_copy(chunk)
                        if chunk:
                            writing.execute(insert(table), chunk)
                        done += len(chunk)
                        report(progress, done / grand_total)
                if target.is_team:
                    _reset_sequences(writing, tables)
            source_counts = _kind_counts(reading)
        except BaseException:
            _discard(target, destination)
            raise
    with target.database.engine.connect() as checking:
        copied = _kind_counts(checking)
    target.close()
    mismatched = [kind for kind in source_counts if source_counts[kind] != copied.get(kind)]
    if mismatched:
        raise WorkspaceError(
            f"The copy at {shown} does not match the source for: {', '.join(mismatched)}. "
            "Do not use it; copy again."
        )
    report(progress, 1.0)
    return CopyReport(shown, copied)


def _discard(target: Workspace, destination: Path | DatabaseUrl | str) -> None:
    """Leave no half-filled destination: delete the new file, or empty the database."""
    from sqlalchemy import MetaData

    from app.models.schema import VERSION_TABLE

    if target.is_team:
        try:
            with target.database.engine.begin() as connection:
                metadata = MetaData()
                metadata.reflect(connection)
                metadata.drop_all(connection)
                connection.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))
        except Exception as error:  # the original error matters more than this one
            raise WorkspaceError(
                f"The copy failed and {redacted(str(destination))} could not be emptied "
                f"again ({error}); drop its tables before trying again."
            ) from error
        finally:
            target.close()
        return
    target.close()
    path = Path(destination)
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
