"""Errors a user can cause, carrying enough context to tell them what to fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class AccordError(Exception):
    """Base class for problems the user can understand and act on.

    The message is a complete sentence meant for a dialog or a one-line stderr message.
    """


class WorkspaceError(AccordError):
    """A workspace cannot be created, opened or written."""


class ValidationError(AccordError):
    """An edit was refused because it breaks a rule (unique name, required field...)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Cancelled(AccordError):
    """Long work was stopped by the user; nothing was written."""

    def __init__(self) -> None:
        super().__init__("Cancelled; nothing was changed.")


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an input file: where it is and what was expected."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        where = [Path(self.file).name]
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class ImportFailed(AccordError):
    """An input file was refused as a whole; nothing from it was written."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "the file could not be read"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first + more)


class ConnectionLost(WorkspaceError):
    """The team database stopped answering; the change in hand was not saved.

    Edits are refused rather than queued: replaying them later, after others may have
    changed the same records, would overwrite their work without anyone seeing it.
    """


class MigrationNeeded(WorkspaceError):
    """A team database has an older schema; updating it needs an explicit yes."""

    def __init__(self, message: str, revision: str) -> None:
        super().__init__(message)
        self.revision = revision


@dataclass(frozen=True)
class FieldVersions:
    """One field two people changed: what is stored now and what this user typed."""

    field: str
    label: str
    theirs: object
    yours: object


class EditConflict(AccordError):
    """Someone else saved the record after this user loaded it; nothing was overwritten."""

    def __init__(
        self,
        record: str,
        record_id: int,
        stored_version: int,
        fields: list[FieldVersions],
        changed_by: str = "",
    ) -> None:
        who = changed_by or "someone else"
        super().__init__(
            f"{record} was changed by {who} while you were editing it; nothing was "
            "overwritten. Choose, field by field, which version to keep."
        )
        self.record = record
        self.record_id = record_id
        self.stored_version = stored_version
        self.fields = fields
        self.changed_by = changed_by
