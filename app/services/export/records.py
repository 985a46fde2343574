"""What the CRM export writes, described without the database.

The lead engineer's code turns ORM rows into these frozen records; the export, the
CSV writer and the way back (reading an edited workbook) only ever see these shapes.
Every record carries a stable internal `key` (it never changes when the item is
renamed), so an edited workbook can be matched back to the workspace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, NamedTuple

from app.services.scoring.spec import ScoringModelSpec

ItemStatus = Literal["agreed", "proposed"]
ITEM_STATUSES: tuple[str, ...] = ("agreed", "proposed")
TEAMS: tuple[str, ...] = ("sales", "marketing", "shared", "operations")


class AgreedBy(NamedTuple):
    """One person's sign-off for their team, and when they gave it."""

    team: str
    name: str
    date: date | datetime


# Plain (team, name, date) tuples are accepted as well as AgreedBy.
SignOffEntry = AgreedBy | tuple[str, str, date | datetime]


@dataclass(frozen=True)
class StageRecord:
    """A lifecycle stage, in funnel order."""

    key: str
    order: int
    name: str
    crm_value: str = ""
    definition: str = ""
    entry_criteria: str = ""
    exit_criteria: str = ""
    owner_team: str = "shared"
    sla_hours: float | None = None
    recycle_path: str = ""
    status: ItemStatus = "agreed"
    agreed_by: Sequence[SignOffEntry] = ()


@dataclass(frozen=True)
class LeadStatusRecord:
    """A lead status (the working state of a lead inside a stage), in order."""

    key: str
    order: int
    name: str
    crm_value: str = ""
    definition: str = ""
    owner_team: str = "shared"
    status: ItemStatus = "agreed"
    agreed_by: Sequence[SignOffEntry] = ()


@dataclass(frozen=True)
class GlossaryRecord:
    """Any other agreed term: CRM fields, general vocabulary."""

    key: str
    name: str
    category: str = "general"
    definition: str = ""
    synonyms: str = ""
    examples: str = ""
    owner_team: str = "shared"
    status: ItemStatus = "agreed"
    agreed_by: Sequence[SignOffEntry] = ()


@dataclass(frozen=True)
class PersonaRecord:
    """A buyer persona worksheet."""

    key: str
    name: str
    role: str = ""
    seniority: str = ""
    industry: str = ""
    company_size: str = ""
    goals: str = ""
    pains: str = ""
    objections: str = ""
    buying_triggers: str = ""
    channels: str = ""
    content: str = ""
    status: ItemStatus = "agreed"
    agreed_by: Sequence[SignOffEntry] = ()


@dataclass(frozen=True)
class ScoringModelRecord:
    """A scoring model as the engine knows it, plus where its sign-off stands.

    The model's name is its key in the workbook: scoring models are agreed as a whole.
    """

    spec: ScoringModelSpec
    status: ItemStatus = "agreed"
    agreed_by: Sequence[SignOffEntry] = ()

    @property
    def key(self) -> str:
        return self.spec.name


@dataclass(frozen=True)
class ExportBundle:
    """Everything one export writes, with the facts the README sheet states."""

    workspace_name: str
    exported_at: datetime
    accord_version: str
    stages: Sequence[StageRecord] = ()
    statuses: Sequence[LeadStatusRecord] = ()
    glossary: Sequence[GlossaryRecord] = ()
    personas: Sequence[PersonaRecord] = ()
    scoring_models: Sequence[ScoringModelRecord] = ()
    # Free "label: value" lines for the README sheet (funnel plan, SLA...).
    plan_context: Sequence[tuple[str, str]] = field(default=())


def is_exported(status: str, include_proposed: bool) -> bool:
    """Whether an item with this sign-off status belongs in the export."""
    return status == "agreed" or (include_proposed and status == "proposed")
