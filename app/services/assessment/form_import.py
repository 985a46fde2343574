"""Reading returned offline forms: checked in full before any answer is handed back.

Rules, decided here and shown to the user in the import preview:

- A file that is not an XLSX workbook, or has no Accord form information, is refused.
- A form whose statement rows were moved, deleted or edited, whose quarter was changed,
  or whose hidden form information no longer matches its checksum is refused as
  tampered: its answers could be attached to the wrong statements.
- A missing name or team, or an answer outside the dropdown list, is refused with the
  row and column to correct.
- A form with no answer at all is refused. A partly answered form is accepted with a
  warning giving the number of unanswered statements; those are stored as not
  answered, not as "don't know". A comment typed next to an empty answer is kept and
  the answer read as "don't know" (also a warning), so no remark is lost.
- Two forms in one import for the same respondent and quarter are refused: the user
  picks one. Collisions with answers already stored are found by `find_duplicates`,
  so the page or the command can ask whether to replace or keep them.
- Any problem in any form refuses the whole import (ImportFailed lists them all).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.services.assessment.form_layout import (
    ANSWER_COLUMN,
    COMMENT_COLUMN,
    FORM_SHEET,
    FORMAT_MARKER,
    FORMAT_VERSION,
    META_KEYS,
    META_SHEET,
    META_TABLE_ROW,
    NAME_ROW,
    QUARTER_ROW,
    REF_COLUMN,
    STATEMENT_COLUMN,
    TEAM_ROW,
    VALUE_COLUMN,
    cell_text,
    form_checksum,
    parse_answer,
    parse_team,
    statement_rows,
)
from app.services.assessment.instrument import Instrument, load_instrument
from app.services.assessment.quarters import normalise_quarter
from app.services.assessment.scoring import Answer, respondent_key
from app.services.errors import AccordError, ImportFailed, ImportProblem, ValidationError
from app.services.progress import CancelToken, ProgressCallback, report

TAMPERED = "the form was changed outside its answer cells"


@dataclass(frozen=True)
class ImportedForm:
    """One returned form that passed every check, with its answers."""

    path: Path
    respondent: str
    team: str
    quarter: str
    instrument_id: str
    instrument_version: int
    answers: tuple[Answer, ...]
    unanswered: int
    warnings: tuple[ImportProblem, ...]


@dataclass(frozen=True)
class FormImportPreview:
    """What an import would add, shown to the user before anything is stored."""

    forms: tuple[ImportedForm, ...]

    @property
    def warnings(self) -> list[ImportProblem]:
        return [warning for form in self.forms for warning in form.warnings]

    @property
    def answers(self) -> list[Answer]:
        return [answer for form in self.forms for answer in form.answers]


@dataclass(frozen=True)
class FormCollision:
    """An imported form for a respondent and quarter that already has stored answers."""

    form: ImportedForm
    existing_respondent: str
    quarter: str


def read_forms(
    paths: Sequence[Path | str],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> FormImportPreview:
    """Read and check every form; raise ImportFailed listing all problems if any fails."""
    if not paths:
        raise ValidationError("Choose at least one form to import.", "paths")
    problems: list[ImportProblem] = []
    forms: list[ImportedForm] = []
    seen: dict[tuple[str, str], ImportedForm] = {}
    for number, raw_path in enumerate(paths):
        if cancel is not None:
            cancel.raise_if_cancelled()
        path = Path(raw_path)
        result = _FormReader(path).read()
        if isinstance(result, ImportedForm):
            key = (respondent_key(result.respondent), result.quarter)
            if key in seen:
                problems.append(
                    ImportProblem(
                        str(path),
                        f"{result.respondent} already has a form for {result.quarter} "
                        f"in this import ({seen[key].path.name}); import only one.",
                    )
                )
            else:
                seen[key] = result
                forms.append(result)
        else:
            problems.extend(result)
        report(progress, (number + 1) / max(1, len(paths)))
    if problems:
        raise ImportFailed(problems)
    return FormImportPreview(tuple(forms))


def find_duplicates(
    forms: FormImportPreview | Iterable[ImportedForm], existing: Iterable[tuple[str, str]]
) -> list[FormCollision]:
    """Imported forms whose (respondent, quarter) already has answers.

    Names match regardless of case and spacing; `existing_respondent` is the stored
    spelling, so the caller can replace exactly those answers.
    """
    stored: dict[tuple[str, str], str] = {}
    for name, quarter in existing:
        stored.setdefault((respondent_key(name), normalise_quarter(quarter)), name)
    items = forms.forms if isinstance(forms, FormImportPreview) else forms
    collisions = []
    for form in items:
        stored_name = stored.get((respondent_key(form.respondent), form.quarter))
        if stored_name is not None:
            collisions.append(FormCollision(form, stored_name, form.quarter))
    return collisions


class _FormReader:
    """Checks one file; collects problems instead of stopping at the first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[ImportProblem] = []

    def problem(
        self,
        message: str,
        row: int | None = None,
        column: str | None = None,
        sheet: str | None = None,
    ) -> None:
        self.problems.append(ImportProblem(str(self.path), message, row, column, sheet))

    def read(self) -> ImportedForm | list[ImportProblem]:
        workbook = self._open()
        if workbook is None:
            return self.problems
        try:
            meta = self._metadata(workbook)
            if meta is None:
                return self.problems
            instrument, quarter, prefilled = meta
            if FORM_SHEET not in workbook.sheetnames:
                self.problem(f"{TAMPERED}: the '{FORM_SHEET}' sheet was renamed or deleted.")
                return self.problems
            sheet = workbook[FORM_SHEET]
            if not self._layout_intact(sheet, instrument, quarter):
                return self.problems
            return self._answers(sheet, instrument, quarter, prefilled)
        finally:
            workbook.close()

    def _open(self) -> Workbook | None:
        if not self.path.is_file():
            self.problem("the file does not exist.")
            return None
        try:
            return load_workbook(self.path, data_only=False)
        # openpyxl raises many kinds of errors for damaged or foreign files.
        except Exception:
            self.problem("this is not an Excel workbook (.xlsx), or it is damaged.")
            return None

    def _metadata(self, workbook: Workbook) -> tuple[Instrument, str, tuple[str, str]] | None:
        if META_SHEET not in workbook.sheetnames:
            self.problem("this workbook is not an Accord assessment form.")
            return None
        sheet = workbook[META_SHEET]
        values = {
            cell_text(sheet.cell(row=n, column=1).value): sheet.cell(row=n, column=2).value
            for n in range(1, len(META_KEYS) + 1)
        }
        if cell_text(values.get("format")) != FORMAT_MARKER:
            self.problem("this workbook is not an Accord assessment form.")
            return None
        try:
            version = int(cell_text(values.get("format_version")))
            instrument_version = int(cell_text(values.get("instrument_version")))
            quarter = normalise_quarter(cell_text(values.get("quarter")))
        except (ValueError, ValidationError):
            self.problem(f"{TAMPERED}: its hidden form information is damaged.", sheet=META_SHEET)
            return None
        if version > FORMAT_VERSION:
            self.problem(
                "this form was made by a newer version of Accord; update Accord to import it."
            )
            return None
        try:
            instrument = load_instrument(instrument_version)
        except AccordError as error:
            self.problem(str(error))
            return None
        stored_rows = []
        for row in range(META_TABLE_ROW + 1, sheet.max_row + 1):
            stored_rows.append(
                (
                    cell_text(sheet.cell(row=row, column=1).value),
                    cell_text(sheet.cell(row=row, column=2).value),
                )
            )
        expected_rows = [(str(row), s.id) for row, s in statement_rows(instrument)]
        if (
            cell_text(values.get("instrument_id")) != instrument.id
            or stored_rows != expected_rows
            or cell_text(values.get("checksum")) != form_checksum(instrument, quarter)
        ):
            self.problem(
                f"{TAMPERED}: its hidden form information no longer matches the "
                "statements. Export a new form and fill it in again.",
                sheet=META_SHEET,
            )
            return None
        prefilled = (cell_text(values.get("respondent")), cell_text(values.get("team")))
        return instrument, quarter, prefilled

    def _layout_intact(self, sheet: Worksheet, instrument: Instrument, quarter: str) -> bool:
        before = len(self.problems)
        if cell_text(sheet[f"{VALUE_COLUMN}{QUARTER_ROW}"].value) != quarter:
            self.problem(
                f"{TAMPERED}: the quarter should read {quarter}.",
                QUARTER_ROW,
                VALUE_COLUMN,
                FORM_SHEET,
            )
        for row, statement in statement_rows(instrument):
            ref = cell_text(sheet[f"{REF_COLUMN}{row}"].value)
            text = cell_text(sheet[f"{STATEMENT_COLUMN}{row}"].value)
            if ref != statement.id:
                self.problem(
                    f"{TAMPERED}: statement {statement.id} should be on this row "
                    "(rows were moved, inserted or deleted).",
                    row,
                    REF_COLUMN,
                    FORM_SHEET,
                )
            elif text != statement.text:
                self.problem(
                    f"{TAMPERED}: the text of statement {statement.id} was edited.",
                    row,
                    STATEMENT_COLUMN,
                    FORM_SHEET,
                )
        return len(self.problems) == before

    def _answers(
        self, sheet: Worksheet, instrument: Instrument, quarter: str, prefilled: tuple[str, str]
    ) -> ImportedForm | list[ImportProblem]:
        warnings: list[ImportProblem] = []
        name = " ".join(cell_text(sheet[f"{VALUE_COLUMN}{NAME_ROW}"].value).split())
        if not name:
            self.problem("the respondent's name is missing.", NAME_ROW, VALUE_COLUMN, FORM_SHEET)
        elif prefilled[0] and respondent_key(name) != respondent_key(prefilled[0]):
            warnings.append(
                ImportProblem(
                    str(self.path),
                    f"the form was made for {prefilled[0]} but is signed "
                    f"{name}; it is imported as {name}.",
                    NAME_ROW,
                    VALUE_COLUMN,
                    FORM_SHEET,
                )
            )
        team_value = sheet[f"{VALUE_COLUMN}{TEAM_ROW}"].value
        team = parse_team(team_value)
        if team is None:
            shown = cell_text(team_value)
            self.problem(
                f"'{shown}' is not a team; choose Sales, Marketing, Leadership or Other."
                if shown
                else "the respondent's team is missing.",
                TEAM_ROW,
                VALUE_COLUMN,
                FORM_SHEET,
            )
        answers: list[Answer] = []
        unanswered = 0
        comment_only = 0
        for row, statement in statement_rows(instrument):
            value = sheet[f"{ANSWER_COLUMN}{row}"].value
            comment = cell_text(sheet[f"{COMMENT_COLUMN}{row}"].value)
            try:
                answered, rating = parse_answer(instrument, value)
            except ValueError:
                self.problem(
                    f"'{cell_text(value)}' is not one of the answers; choose 1 to 5 "
                    f"or {instrument.dont_know_label} from the list.",
                    row,
                    ANSWER_COLUMN,
                    FORM_SHEET,
                )
                continue
            if not answered and comment:
                comment_only += 1
                answered, rating = True, None
            if answered:
                answers.append(Answer(name, team or "", quarter, statement.id, rating, comment))
            else:
                unanswered += 1
        total = len(instrument.statements)
        if not answers and not self.problems:
            self.problem(
                "no statement was answered; a blank form cannot be imported.",
                sheet=FORM_SHEET,
                column=ANSWER_COLUMN,
            )
        if self.problems:
            return self.problems
        if unanswered:
            warnings.append(
                ImportProblem(
                    str(self.path),
                    f"{unanswered} of {total} statements were left unanswered; "
                    "they are stored as not answered.",
                    sheet=FORM_SHEET,
                )
            )
        if comment_only:
            warnings.append(
                ImportProblem(
                    str(self.path),
                    f"{comment_only} comments have no answer next to them; "
                    f"those answers are read as {instrument.dont_know_label}.",
                    sheet=FORM_SHEET,
                )
            )
        assert team is not None  # a missing team was reported as a problem above
        return ImportedForm(
            self.path,
            name,
            team,
            quarter,
            instrument.id,
            instrument.version,
            tuple(answers),
            unanswered,
            tuple(warnings),
        )
