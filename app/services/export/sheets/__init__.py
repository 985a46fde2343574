"""One small writer (and reader) per kind of definition in the CRM export.

`SHEET_KINDS` lists them in workbook order; the README and the hidden export-data sheet
are built in `readme`.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.services.export.profiles import Profile
from app.services.export.records import ExportBundle
from app.services.export.sheets.base import SheetData, SheetKind
from app.services.export.sheets.glossary import GlossarySheet
from app.services.export.sheets.personas import PersonaSheet
from app.services.export.sheets.scoring_rules import ScoringRulesSheet
from app.services.export.sheets.stages import StageSheet
from app.services.export.sheets.statuses import LeadStatusSheet
from app.services.export.sheets.thresholds import ThresholdsSheet

SHEET_KINDS: tuple[SheetKind, ...] = (
    StageSheet(),
    LeadStatusSheet(),
    ScoringRulesSheet(),
    ThresholdsSheet(),
    PersonaSheet(),
    GlossarySheet(),
)

__all__ = ["SHEET_KINDS", "SheetData", "SheetKind", "build_sheets"]


def build_sheets(
    bundle: ExportBundle,
    profile: Profile,
    mapping: Mapping[str, str],
    include_proposed: bool,
) -> list[SheetData]:
    """Every data sheet of the export, in workbook order."""
    return [kind.build(bundle, profile, mapping, include_proposed) for kind in SHEET_KINDS]
