"""The README sheet and the hidden sheet that lets Accord read the workbook back.

The README is for people: what each sheet holds, which workspace, when, with which
Accord and profile, the plan context lines, and who agreed each item and when. The
hidden "Accord export data" sheet is for the way back: the profile, whether proposed
items were included, and every exported item's key and CRM value, so that an item
absent because it was never exported is not mistaken for one deleted by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from app.services.export.profiles import Profile
from app.services.export.records import ExportBundle
from app.services.export.sheets.base import CellValue, SheetData

README_TITLE = "Accord: agreed definitions for the CRM"
README_SHEET = "README"
META_SHEET = "Accord export data"
META_FORMAT = "accord-definitions"
META_VERSION = 1
PROFILE_LINE = "Target profile"


@dataclass
class FreeSheet:
    """A sheet laid out by hand (no table): rows, which rows are bold, column widths."""

    title: str
    rows: list[list[CellValue]] = field(default_factory=list)
    bold_rows: set[int] = field(default_factory=set)
    widths: tuple[float, ...] = ()
    hidden: bool = False

    def add(self, *cells: CellValue, bold: bool = False) -> None:
        if bold:
            self.bold_rows.add(len(self.rows))
        self.rows.append(list(cells))


def _included_text(include_proposed: bool) -> str:
    if include_proposed:
        return "Agreed and proposed items; proposed ones say 'proposed' in the Status column."
    return "Agreed items only."


def build_readme(
    bundle: ExportBundle,
    profile: Profile,
    include_proposed: bool,
    sheets: Sequence[SheetData],
) -> FreeSheet:
    readme = FreeSheet(README_SHEET, widths=(22, 48, 16, 14, 24, 18))
    readme.add(README_TITLE, bold=True)
    readme.add("Workspace", bundle.workspace_name)
    readme.add("Exported at (UTC)", bundle.exported_at)
    readme.add("Accord version", bundle.accord_version)
    readme.add(PROFILE_LINE, profile.label)
    readme.add("Included", _included_text(include_proposed))
    for label, value in bundle.plan_context:
        readme.add(label, value)
    readme.add()
    readme.add("Sheets", bold=True)
    readme.add("Sheet", "What it holds", "Rows", bold=True)
    for sheet in sheets:
        readme.add(sheet.title, sheet.description, len(sheet.rows))
    readme.add()
    readme.add("Who agreed what", bold=True)
    readme.add("Sheet", "Item", "Status", "Team", "Name", "Agreed on", bold=True)
    for sheet in sheets:
        for item, status, sign_offs in sheet.sign_offs:
            if not sign_offs:
                readme.add(sheet.title, item, status)
            for team, name, when in sign_offs:
                readme.add(sheet.title, item, status, team, name, when)
    return readme


def build_meta(profile: Profile, include_proposed: bool, sheets: Sequence[SheetData]) -> FreeSheet:
    meta = FreeSheet(META_SHEET, widths=(16, 24, 24, 24), hidden=True)
    meta.add(META_SHEET, "Accord reads this sheet back; please leave it as it is.")
    meta.add("format", META_FORMAT)
    meta.add("format_version", META_VERSION)
    meta.add("profile", profile.id)
    meta.add("include_proposed", "yes" if include_proposed else "no")
    for sheet in sheets:
        for key in sheet.keys:
            meta.add("item", sheet.sheet_id, key, sheet.crm_values.get(key) or None)
        for exported, original in sheet.field_names.items():
            meta.add("field_name", exported, original)
    return meta


@dataclass
class ExportMeta:
    """What the hidden sheet says about the export a workbook came from."""

    profile: str
    include_proposed: bool
    exported_keys: dict[str, set[str]] = field(default_factory=dict)
    crm_values: dict[str, str] = field(default_factory=dict)
    field_names: dict[str, str] = field(default_factory=dict)


def _text(value: CellValue) -> str:
    return "" if value is None else str(value)


def parse_meta(rows: Iterable[Sequence[CellValue]]) -> ExportMeta | None:
    """The export facts from the hidden sheet's rows, or None if it is not ours."""
    facts: dict[str, str] = {}
    meta = ExportMeta(profile="", include_proposed=False)
    for row in rows:
        cells = [_text(v) for v in row] + ["", "", ""]
        kind = cells[0]
        if kind == "item":
            meta.exported_keys.setdefault(cells[1], set()).add(cells[2])
            if cells[3]:
                meta.crm_values[cells[2]] = cells[3]
        elif kind == "field_name":
            meta.field_names.setdefault(cells[1], cells[2])
        else:
            facts[kind] = cells[1]
    if facts.get("format") != META_FORMAT:
        return None
    meta.profile = facts.get("profile", "")
    meta.include_proposed = facts.get("include_proposed") == "yes"
    return meta


def profile_from_readme(rows: Iterable[Sequence[CellValue]], profiles: Iterable[Profile]) -> str:
    """The profile named on the README sheet, or "" when it is not an Accord README."""
    rows = list(rows)
    if not rows or not rows[0] or _text(rows[0][0]) != README_TITLE:
        return ""
    by_label = {p.label.casefold(): p.id for p in profiles}
    for row in rows:
        if len(row) >= 2 and _text(row[0]) == PROFILE_LINE:
            return by_label.get(_text(row[1]).casefold(), "")
    return ""
