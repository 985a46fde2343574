"""Offline assessment forms: a workbook a leader fills in Excel or LibreOffice, and back.

`export_form` writes the form; `read_forms` (in form_import) reads returned forms. The
Form sheet is protected so that only the name, team, answer and comment cells can be
edited, and the workbook structure is locked so sheets cannot be renamed, moved or
unhidden. Protection has no password on purpose: it prevents accidents, while a hidden
metadata sheet with a checksum of the statements catches deliberate edits on import.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.services.assessment.form_import import (
    FormCollision,
    FormImportPreview,
    ImportedForm,
    find_duplicates,
    read_forms,
)
from app.services.assessment.form_layout import (
    ANSWER_COLUMN,
    COMMENT_COLUMN,
    FORM_SHEET,
    FORMAT_MARKER,
    FORMAT_VERSION,
    HEADER_ROW,
    HEADERS,
    INSTRUCTIONS_SHEET,
    META_KEYS,
    META_SHEET,
    META_TABLE_ROW,
    NAME_ROW,
    QUARTER_ROW,
    TEAM_LABELS,
    TEAM_ROW,
    answer_choices,
    form_checksum,
    form_rows,
    statement_rows,
)
from app.services.assessment.instrument import Instrument
from app.services.assessment.quarters import normalise_quarter
from app.services.assessment.scoring import TEAMS
from app.services.assessment.sheet_format import set_text
from app.services.errors import AccordError, ValidationError

__all__ = [
    "FormCollision",
    "FormImportPreview",
    "ImportedForm",
    "export_form",
    "find_duplicates",
    "read_forms",
]

# Excel refuses inline dropdown lists longer than this.
MAX_INLINE_LIST = 255
COLUMN_WIDTHS = {"A": 18, "B": 72, "C": 30, "D": 50}
TO_FILL = PatternFill("solid", fgColor="FFF6D5")
HEADING = PatternFill("solid", fgColor="DCE6F1")
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")


def export_form(
    instrument: Instrument,
    quarter: str,
    path: Path | str,
    respondent: str | None = None,
    team: str | None = None,
) -> Path:
    """Write a form for `quarter`, prefilled with the respondent and team when given."""
    quarter = normalise_quarter(quarter)
    respondent = " ".join(respondent.split()) if respondent else None
    if team is not None:
        team = team.strip().lower()
        if team not in TEAMS:
            raise ValidationError(f"'{team}' is not a team; use one of {', '.join(TEAMS)}.", "team")
    workbook = Workbook()
    instructions = workbook.active
    assert instructions is not None  # a new Workbook always has one sheet
    instructions.title = INSTRUCTIONS_SHEET
    _instructions_sheet(instrument, quarter, instructions)
    _form_sheet(instrument, quarter, respondent, team, workbook.create_sheet(FORM_SHEET))
    _metadata_sheet(instrument, quarter, respondent, team, workbook.create_sheet(META_SHEET))
    workbook.security = WorkbookProtection(lockStructure=True)
    target = Path(path)
    try:
        workbook.save(target)
    except OSError as error:
        raise AccordError(
            f"The form could not be written to {target}: {error.strerror or error}."
        ) from error
    return target


def _protect(sheet: Worksheet) -> None:
    sheet.protection.sheet = True
    # Resizing rows and columns is harmless and helps people read long statements.
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _instructions_sheet(instrument: Instrument, quarter: str, sheet: Worksheet) -> None:
    choices = answer_choices(instrument)
    lines = [
        f"{instrument.title}: self-assessment for {quarter}",
        "",
        instrument.introduction,
        "",
        "How to fill in this form",
        f"1. Open the '{FORM_SHEET}' sheet.",
        "2. Type your name and choose your team in the yellow cells at the top.",
        f"3. For each statement, pick an answer from the list in the '{HEADERS[2]}' column: "
        f"from '{choices[0]}' to '{choices[4]}', or '{choices[5]}' when you cannot judge.",
        f"4. Add a comment where an example would help the discussion; "
        f"a comment without an answer is read as '{choices[5]}'.",
        "5. Save the file in the same .xlsx format and send it back to your facilitator.",
        "",
        "Good to know",
        "Only the yellow cells can be edited. Please do not add, delete or move rows and do "
        "not rename sheets: the form is checked when it is imported, and a form whose "
        "statements were changed is refused.",
        "You may skip statements, but answer as many as you can. A form without a single "
        "answer cannot be imported.",
    ]
    for row, line in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=line)
        cell.alignment = WRAP
        if row == 1:
            cell.font = Font(bold=True, size=14)
        elif line in ("How to fill in this form", "Good to know"):
            cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 110
    _protect(sheet)


def _form_sheet(
    instrument: Instrument, quarter: str, respondent: str | None, team: str | None, sheet: Worksheet
) -> None:
    title = sheet.cell(row=1, column=1, value=f"{instrument.title}: {quarter}")
    title.font = Font(bold=True, size=14)
    for row, label in ((QUARTER_ROW, "Quarter"), (NAME_ROW, "Your name"), (TEAM_ROW, "Your team")):
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
    sheet.cell(row=QUARTER_ROW, column=2, value=quarter)
    name = sheet.cell(row=NAME_ROW, column=2)
    if respondent:
        set_text(name, respondent)
    team_cell = sheet.cell(row=TEAM_ROW, column=2, value=TEAM_LABELS[team] if team else None)
    for cell in (name, team_cell):
        cell.protection = UNLOCKED
        cell.fill = TO_FILL
    teams = DataValidation(
        type="list",
        formula1='"' + ",".join(TEAM_LABELS.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Team",
        error="Choose Sales, Marketing, Leadership or Other from the list.",
    )
    teams.add(team_cell.coordinate)
    sheet.add_data_validation(teams)

    for column, header in enumerate(HEADERS, start=1):
        sheet.cell(row=HEADER_ROW, column=column, value=header).font = Font(bold=True)
    answers = _answer_validation(instrument)
    for form_row in form_rows(instrument):
        row = form_row.row
        if form_row.statement is None:
            heading = sheet.cell(row=row, column=1, value=form_row.commandment.title)
            why = sheet.cell(row=row, column=2, value=form_row.commandment.why)
            heading.font = Font(bold=True)
            why.font = Font(italic=True)
            for column in range(1, len(HEADERS) + 1):
                sheet.cell(row=row, column=column).fill = HEADING
            heading.alignment = why.alignment = WRAP
            continue
        sheet.cell(row=row, column=1, value=form_row.statement.id)
        sheet.cell(row=row, column=2, value=form_row.statement.text).alignment = WRAP
        for letter in (ANSWER_COLUMN, COMMENT_COLUMN):
            cell = sheet[f"{letter}{row}"]
            cell.protection = UNLOCKED
            cell.fill = TO_FILL
            cell.alignment = WRAP
        answers.add(f"{ANSWER_COLUMN}{row}")
    sheet.add_data_validation(answers)
    for letter, width in COLUMN_WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _protect(sheet)


def _answer_validation(instrument: Instrument) -> DataValidation:
    choices = answer_choices(instrument)
    formula = '"' + ",".join(choices) + '"'
    if any("," in choice for choice in choices) or len(formula) > MAX_INLINE_LIST:
        # The instrument's labels are ours; this guards a future edit of the resource.
        raise AccordError("The answer labels of the instrument do not fit a dropdown list.")
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="Answer",
        error=f"Choose an answer from the list: 1 to 5, or {instrument.dont_know_label}.",
        promptTitle="Your answer",
        prompt=f"1 = {instrument.rating_labels[0]} … 5 = {instrument.rating_labels[4]}",
    )


def _metadata_sheet(
    instrument: Instrument, quarter: str, respondent: str | None, team: str | None, sheet: Worksheet
) -> None:
    values: list[object] = [
        FORMAT_MARKER,
        FORMAT_VERSION,
        instrument.id,
        instrument.version,
        quarter,
        respondent or "",
        team or "",
        form_checksum(instrument, quarter),
    ]
    for row, (key, value) in enumerate(zip(META_KEYS, values, strict=True), start=1):
        sheet.cell(row=row, column=1, value=key)
        set_text(sheet.cell(row=row, column=2), value)
    sheet.cell(row=META_TABLE_ROW, column=1, value="row")
    sheet.cell(row=META_TABLE_ROW, column=2, value="statement_id")
    for offset, (row, statement) in enumerate(statement_rows(instrument), start=1):
        sheet.cell(row=META_TABLE_ROW + offset, column=1, value=row)
        sheet.cell(row=META_TABLE_ROW + offset, column=2, value=statement.id)
    sheet.sheet_state = "veryHidden"
    _protect(sheet)
