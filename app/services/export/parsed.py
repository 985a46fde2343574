"""An edited definitions workbook as read back: records plus what its export recorded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.services.export.records import (
    GlossaryRecord,
    LeadStatusRecord,
    PersonaRecord,
    ScoringModelRecord,
    StageRecord,
)
from app.services.export.sheets.base import ParsedRow


@dataclass(frozen=True)
class ParsedDefinitions:
    """What an edited workbook holds, as records, plus what the export recorded.

    `rows` keeps every sheet's rows by key for the diff. `exported_keys` (None when the
    workbook does not say) lists per sheet id what the export wrote, so items never
    exported are not mistaken for removals. `crm_values` are the internal values the
    export wrote per key; `field_names` maps CRM field names back to the workspace's.
    """

    path: Path
    profile: str
    include_proposed: bool | None
    stages: tuple[StageRecord, ...] = ()
    statuses: tuple[LeadStatusRecord, ...] = ()
    glossary: tuple[GlossaryRecord, ...] = ()
    personas: tuple[PersonaRecord, ...] = ()
    scoring_models: tuple[ScoringModelRecord, ...] = ()
    rows: Mapping[str, Mapping[str, ParsedRow]] = field(default_factory=dict)
    exported_keys: Mapping[str, frozenset[str]] | None = None
    crm_values: Mapping[str, str] = field(default_factory=dict)
    field_names: Mapping[str, str] = field(default_factory=dict)
