"""Offline assessment forms: export, fill as a leader would, import, refuse bad forms."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.services.assessment.form_layout import answer_choices
from app.services.assessment.forms import export_form, find_duplicates, read_forms
from app.services.assessment.instrument import load_instrument
from app.services.assessment.scoring import Answer
from app.services.errors import Cancelled, ImportFailed, ValidationError
from app.services.progress import CancelToken

INSTRUMENT = load_instrument()
CHOICES = answer_choices(INSTRUMENT)  # "1 – Strongly disagree" … "Don't know"
STATEMENT_IDS = [s.id for s in INSTRUMENT.statements]
Q = "2026-Q4"


def statement_row(sheet: Worksheet, statement_id: str) -> int:
    """Find a statement's row the way a person would: by its reference in column A."""
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == statement_id:
            return row
    raise AssertionError(f"{statement_id} is not on the form")


def fill(
    path: Path,
    answers: Mapping[str, object],
    comments: dict[str, str] | None = None,
    name: str | None = "Priya Raman",
    team: str | None = "Sales",
) -> Path:
    """Type into the yellow cells and save, like a leader in a spreadsheet program."""
    workbook = load_workbook(path)
    sheet = workbook["Form"]
    if name is not None:
        sheet["B3"] = name
    if team is not None:
        sheet["B4"] = team
    for statement_id, value in answers.items():
        sheet[f"C{statement_row(sheet, statement_id)}"] = value
    for statement_id, text in (comments or {}).items():
        sheet[f"D{statement_row(sheet, statement_id)}"] = text
    workbook.save(path)
    return path


def every_statement(value: object = CHOICES[3]) -> dict[str, object]:
    return dict.fromkeys(STATEMENT_IDS, value)


def refused(paths: list[Path]) -> ImportFailed:
    with pytest.raises(ImportFailed) as error:
        read_forms(paths)
    return error.value


@pytest.fixture
def blank(tmp_path: Path) -> Path:
    return export_form(INSTRUMENT, Q, tmp_path / "form.xlsx")


# --- the exported workbook ----------------------------------------------------------


def test_form_is_protected_with_only_the_answer_cells_open(blank: Path) -> None:
    workbook = load_workbook(blank)
    assert workbook.sheetnames == ["Instructions", "Form", "accord_form"]
    assert workbook["accord_form"].sheet_state == "veryHidden"
    assert workbook.security is not None and workbook.security.lockStructure
    sheet = workbook["Form"]
    assert sheet.protection.sheet
    row = statement_row(sheet, "definitions.1")
    assert (
        sheet[f"B{row}"].value
        == INSTRUMENT.statements[8].text
        == ("Sales and marketing use the same written definition of a qualified lead.")
    )
    assert not sheet[f"C{row}"].protection.locked
    assert not sheet[f"D{row}"].protection.locked
    assert not sheet["B3"].protection.locked and not sheet["B4"].protection.locked
    assert sheet[f"A{row}"].protection.locked and sheet[f"B{row}"].protection.locked
    assert sheet["B2"].value == Q and sheet["B3"].value is None


def test_every_answer_cell_has_the_dropdown(blank: Path) -> None:
    sheet = load_workbook(blank)["Form"]
    lists = {dv.formula1: dv for dv in sheet.data_validations.dataValidation}
    answers = lists['"' + ",".join(CHOICES) + '"']
    assert CHOICES[0] == "1 – Strongly disagree" and CHOICES[-1] == "Don't know"
    for statement_id in STATEMENT_IDS:
        assert f"C{statement_row(sheet, statement_id)}" in answers.sqref
    assert "B4" in lists['"Sales,Marketing,Leadership,Other"'].sqref


def test_prefilled_form_carries_name_and_team(tmp_path: Path) -> None:
    path = export_form(
        INSTRUMENT, "2026-q4", tmp_path / "claire.xlsx", "Claire  Dubois", "marketing"
    )
    sheet = load_workbook(path)["Form"]
    assert (sheet["B3"].value, sheet["B4"].value) == ("Claire Dubois", "Marketing")
    form = read_forms([fill(path, every_statement(), name=None, team=None)]).forms[0]
    assert (form.respondent, form.team, form.quarter) == ("Claire Dubois", "marketing", Q)
    assert not form.warnings


def test_export_refuses_a_bad_team_or_quarter(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="not a team"):
        export_form(INSTRUMENT, Q, tmp_path / "f.xlsx", "Ann", "finance")
    with pytest.raises(ValidationError, match="not a quarter"):
        export_form(INSTRUMENT, "Q4", tmp_path / "f.xlsx")


# --- round trip -----------------------------------------------------------------------


def test_round_trip_gives_back_the_same_answers(blank: Path) -> None:
    typed: dict[str, object] = {sid: CHOICES[n % 6] for n, sid in enumerate(STATEMENT_IDS)}
    del typed["goals.2"], typed["keep_talking.4"]  # left unanswered
    comments = {"scoring.2": "Half my calls last week were students.", "goals.3": "=SUM(A1:A3)"}
    preview = read_forms([fill(blank, typed, comments)])
    form = preview.forms[0]
    expected = [
        Answer(
            "Priya Raman",
            "sales",
            Q,
            sid,
            None if value == CHOICES[5] else CHOICES.index(str(value)) + 1,
            comments.get(sid, ""),
        )
        for sid, value in typed.items()
    ]
    assert list(form.answers) == expected
    assert form.unanswered == 2
    assert [str(w) for w in preview.warnings] == [
        "form.xlsx, sheet 'Form': 2 of 38 statements were left unanswered; they are stored "
        "as not answered."
    ]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.one_of(st.none(), st.sampled_from(range(6))), min_size=38, max_size=38).filter(
        lambda picks: any(p is not None for p in picks)
    )
)
def test_any_filled_form_round_trips(tmp_path: Path, picks: list[int | None]) -> None:
    path = export_form(INSTRUMENT, Q, tmp_path / "any.xlsx")
    typed = {sid: CHOICES[p] for sid, p in zip(STATEMENT_IDS, picks, strict=True) if p is not None}
    form = read_forms([fill(path, typed)]).forms[0]
    got = {a.statement_id: a.rating for a in form.answers}
    assert got == {
        sid: None if v == CHOICES[5] else CHOICES.index(v) + 1 for sid, v in typed.items()
    }
    assert form.unanswered == 38 - len(typed)


def test_typed_numbers_and_plain_labels_are_understood(blank: Path) -> None:
    typed = {
        "goodwill.1": 4,
        "goodwill.2": "5",
        "goodwill.3": "agree",
        "goodwill.4": "dont know",
        "process.1": "2 - Disagree",
    }
    form = read_forms([fill(blank, typed)]).forms[0]
    assert [a.rating for a in form.answers] == [4, 5, 4, None, 2]


def test_a_comment_without_an_answer_is_kept_as_dont_know(blank: Path) -> None:
    preview = read_forms([fill(blank, {"data.1": CHOICES[1]}, {"data.2": "We have no BI."})])
    answers = {a.statement_id: a for a in preview.answers}
    assert answers["data.2"].rating is None and answers["data.2"].comment == "We have no BI."
    assert any("have no answer" in str(w) for w in preview.warnings)


# --- refused forms ----------------------------------------------------------------------


def test_edited_statement_is_refused_as_tampered(blank: Path) -> None:
    workbook = load_workbook(blank)
    sheet = workbook["Form"]
    row = statement_row(sheet, "scoring.1")
    sheet[f"B{row}"] = "Sales was never asked about scoring."
    workbook.save(blank)
    problem = refused([fill(blank, every_statement())]).problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("Form", row, "B")
    assert "text of statement scoring.1 was edited" in problem.message


def test_deleted_or_moved_rows_are_refused(tmp_path: Path) -> None:
    deleted = export_form(INSTRUMENT, Q, tmp_path / "deleted.xlsx")
    workbook = load_workbook(deleted)
    sheet = workbook["Form"]
    sheet.delete_rows(statement_row(sheet, "data.2"))
    workbook.save(deleted)
    moved = export_form(INSTRUMENT, Q, tmp_path / "moved.xlsx")
    workbook = load_workbook(moved)
    sheet = workbook["Form"]
    first, second = statement_row(sheet, "goals.1"), statement_row(sheet, "goals.2")
    for column in "AB":
        a, b = sheet[f"{column}{first}"], sheet[f"{column}{second}"]
        a.value, b.value = b.value, a.value
    workbook.save(moved)
    answers = every_statement()
    del answers["data.2"]  # nothing left to answer there
    error = refused([fill(deleted, answers), fill(moved, answers)])
    files = {Path(p.file).name for p in error.problems}
    assert files == {"deleted.xlsx", "moved.xlsx"}
    assert all("rows were moved" in p.message for p in error.problems)
    assert {(Path(p.file).name, p.row) for p in error.problems} >= {
        ("moved.xlsx", first),
        ("moved.xlsx", second),
    }


@pytest.mark.parametrize(("cell", "value"), [("B8", "0" * 64), ("B5", "2026-Q1")])
def test_changed_hidden_information_is_refused(blank: Path, cell: str, value: str) -> None:
    workbook = load_workbook(blank)
    workbook["accord_form"][cell] = value  # B8 holds the checksum, B5 the quarter
    workbook.save(blank)
    problem = refused([fill(blank, every_statement())]).problems[0]
    assert "hidden form information" in problem.message


def test_changed_visible_quarter_is_refused(blank: Path) -> None:
    workbook = load_workbook(blank)
    workbook["Form"]["B2"] = "2027-Q1"
    workbook.save(blank)
    problem = refused([fill(blank, every_statement())]).problems[0]
    assert (problem.row, problem.column) == (2, "B") and "2026-Q4" in problem.message


def test_foreign_and_damaged_files_are_refused(tmp_path: Path) -> None:
    plain = tmp_path / "budget.xlsx"
    Workbook().save(plain)
    fake = tmp_path / "notes.xlsx"
    fake.write_text("just some text", encoding="utf-8")
    error = refused([plain, fake, tmp_path / "missing.xlsx"])
    messages = {Path(p.file).name: p.message for p in error.problems}
    assert messages == {
        "budget.xlsx": "this workbook is not an Accord assessment form.",
        "notes.xlsx": "this is not an Excel workbook (.xlsx), or it is damaged.",
        "missing.xlsx": "the file does not exist.",
    }


def test_form_from_a_newer_accord_is_refused(blank: Path) -> None:
    workbook = load_workbook(blank)
    workbook["accord_form"]["B2"] = 2  # format version
    workbook.save(blank)
    assert "newer version of Accord" in refused([blank]).problems[0].message


def test_unknown_answers_are_refused_with_their_cell(blank: Path) -> None:
    typed = every_statement()
    typed["content.2"] = "Maybe"
    typed["content.3"] = "2 – Strongly agree"  # number and label disagree
    error = refused([fill(blank, typed)])
    rows = {p.row: p for p in error.problems}
    sheet = load_workbook(blank)["Form"]
    bad = rows[statement_row(sheet, "content.2")]
    assert bad.column == "C" and "'Maybe' is not one of the answers" in bad.message
    assert statement_row(sheet, "content.3") in rows


def test_missing_name_and_team_are_refused(blank: Path) -> None:
    error = refused([fill(blank, every_statement(), name=None, team=None)])
    assert [(p.row, p.column, p.message) for p in error.problems] == [
        (3, "B", "the respondent's name is missing."),
        (4, "B", "the respondent's team is missing."),
    ]


def test_unanswered_form_is_refused(blank: Path) -> None:
    problem = refused([fill(blank, {})]).problems[0]
    assert "no statement was answered" in problem.message


def test_one_bad_form_refuses_the_whole_import(tmp_path: Path) -> None:
    good = fill(export_form(INSTRUMENT, Q, tmp_path / "good.xlsx"), every_statement())
    bad = fill(export_form(INSTRUMENT, Q, tmp_path / "bad.xlsx"), {}, name="Tom Becker")
    error = refused([good, bad])
    assert [Path(p.file).name for p in error.problems] == ["bad.xlsx"]
    assert str(error).startswith("bad.xlsx, sheet 'Form'")


def test_same_respondent_twice_in_one_import_is_refused(tmp_path: Path) -> None:
    first = fill(export_form(INSTRUMENT, Q, tmp_path / "a.xlsx"), every_statement())
    second = fill(
        export_form(INSTRUMENT, Q, tmp_path / "b.xlsx"), every_statement(), name="priya  RAMAN"
    )
    problem = refused([first, second]).problems[0]
    assert Path(problem.file).name == "b.xlsx" and "a.xlsx" in problem.message


# --- duplicates, progress, cancel -------------------------------------------------------


def test_duplicates_with_stored_answers_are_found(tmp_path: Path) -> None:
    priya = fill(export_form(INSTRUMENT, Q, tmp_path / "p.xlsx"), every_statement())
    tom = fill(
        export_form(INSTRUMENT, Q, tmp_path / "t.xlsx"), every_statement(), name="Tom Becker"
    )
    preview = read_forms([priya, tom])
    collisions = find_duplicates(preview, [("priya raman ", "2026-q4"), ("Tom Becker", "2026-Q3")])
    assert [(c.form.path.name, c.existing_respondent, c.quarter) for c in collisions] == [
        ("p.xlsx", "priya raman ", Q)
    ]


def test_import_reports_progress_and_can_be_cancelled(blank: Path) -> None:
    path = fill(blank, every_statement())
    seen: list[float] = []
    read_forms([path], progress=seen.append)
    assert seen[-1] == 1.0
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        read_forms([path], cancel=token)
    with pytest.raises(ValidationError, match="at least one form"):
        read_forms([])
