"""Workbooks the way back must refuse, each problem naming sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.services.errors import ImportFailed, ImportProblem
from app.services.export.profiles import HUBSPOT, suggest_mapping
from app.services.export.readback import read_definitions_workbook
from app.services.export.sample import sample_bundle
from app.services.export.workbook import export_workbook


def _export(tmp_path: Path, profile: str = "generic") -> Path:
    path = tmp_path / "definitions.xlsx"
    bundle = sample_bundle()
    mapping = suggest_mapping(HUBSPOT, bundle) if profile == "hubspot" else {}
    export_workbook(bundle, profile, mapping, path)
    return path


def _problems(path: Path) -> list[ImportProblem]:
    with pytest.raises(ImportFailed) as caught:
        read_definitions_workbook(path)
    return caught.value.problems


def _where(problem: ImportProblem) -> tuple[str | None, int | None, str | None]:
    return (problem.sheet, problem.row, problem.column)


def test_a_workbook_that_is_not_ours_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Name", "Email"])
    book.active.append(["Ada", "ada@example.com"])
    book.save(path)

    [problem] = _problems(path)

    assert "not written by Accord" in problem.message


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("just some text", encoding="utf-8")

    [problem] = _problems(path)

    assert "not an Excel workbook" in problem.message


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    path = _export(tmp_path)
    book = openpyxl.load_workbook(path)
    book["Lifecycle stages"].delete_cols(5)  # Definition
    book.save(path)

    problems = _problems(path)

    assert [_where(p) for p in problems] == [("Lifecycle stages", 1, "Definition")]
    assert "missing" in problems[0].message


def test_a_missing_sheet_is_named(tmp_path: Path) -> None:
    path = _export(tmp_path)
    book = openpyxl.load_workbook(path)
    del book["Personas"]
    book.save(path)

    [problem] = _problems(path)

    assert problem.sheet == "Personas" and "missing" in problem.message


def test_a_duplicate_internal_value_is_refused(tmp_path: Path) -> None:
    path = _export(tmp_path, "hubspot")
    book = openpyxl.load_workbook(path)
    book["Lifecycle stages"]["D5"] = "marketingqualifiedlead"  # SQL row takes MQL's value
    book.save(path)

    [problem] = _problems(path)

    assert _where(problem) == ("Lifecycle stages", 5, "Lifecycle stage internal value")
    assert "row 4" in problem.message


def test_a_duplicate_key_is_refused(tmp_path: Path) -> None:
    path = _export(tmp_path)
    book = openpyxl.load_workbook(path)
    book["Lead statuses"]["A4"] = "status-1"
    book.save(path)

    [problem] = _problems(path)

    assert _where(problem) == ("Lead statuses", 4, "Accord key")
    assert "status-1" in problem.message


def test_values_a_picklist_does_not_allow_are_refused(tmp_path: Path) -> None:
    path = _export(tmp_path, "hubspot")
    book = openpyxl.load_workbook(path)
    book["Lead statuses"]["D2"] = "MAYBE_LATER"
    book["Lifecycle stages"]["H3"] = "finance"
    book["Scoring rules"]["D2"] = "greater than"
    book.save(path)

    problems = _problems(path)

    assert [_where(p) for p in problems] == [
        ("Lifecycle stages", 3, "Owner team"),
        ("Lead statuses", 2, "Lead status internal value"),
        ("Scoring rules", 2, "operator"),
    ]
    assert "'finance' is not an allowed value" in problems[0].message


def test_formulas_and_words_in_number_columns_are_refused(tmp_path: Path) -> None:
    path = _export(tmp_path)
    book = openpyxl.load_workbook(path)
    book["Lifecycle stages"]["E2"] = "=1+1"
    book["Lifecycle stages"]["I4"] = "a day"
    book["Thresholds"]["D3"] = None
    book.save(path)

    problems = _problems(path)

    assert [_where(p) for p in problems] == [
        ("Lifecycle stages", 2, "Definition"),
        ("Lifecycle stages", 4, "SLA hours"),
        ("Thresholds", 3, "min_points"),
    ]
    assert "formula" in problems[0].message
    assert "not a number" in problems[1].message


def test_a_between_rule_needs_two_values(tmp_path: Path) -> None:
    path = _export(tmp_path)
    book = openpyxl.load_workbook(path)
    book["Scoring rules"]["E3"] = "50"
    book.save(path)

    [problem] = _problems(path)

    assert _where(problem) == ("Scoring rules", 3, "value")


def test_workbook_from_another_profile_is_recognised_without_its_data_sheet(
    tmp_path: Path,
) -> None:
    path = _export(tmp_path, "hubspot")
    book = openpyxl.load_workbook(path)
    del book["Accord export data"]
    del book["README"]
    book.save(path)

    parsed = read_definitions_workbook(path)

    assert parsed.profile == "hubspot"
    assert parsed.exported_keys is None
    assert parsed.stages[2].crm_value == "marketingqualifiedlead"
