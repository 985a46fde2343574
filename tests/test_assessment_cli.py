"""Headless assessment commands: a form out, filled forms in, results printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main

Q = "2026-Q4"


def fill(path: Path, rating: object, name: str | None = None, team: str | None = None) -> Path:
    """Answer every statement with `rating` in a spreadsheet program's way (openpyxl)."""
    workbook = load_workbook(path)
    sheet = workbook["Form"]
    if name is not None:
        sheet["B3"] = name
    if team is not None:
        sheet["B4"] = team
    for row in range(1, sheet.max_row + 1):
        ref = sheet.cell(row=row, column=1).value
        if isinstance(ref, str) and "." in ref:
            sheet.cell(row=row, column=3).value = rating
    workbook.save(path)
    return path


def counts(workspace: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, int]:
    capsys.readouterr()
    assert main(["check", str(workspace), "--json"]) == 0
    report: dict[str, int] = json.loads(capsys.readouterr().out)["counts"]
    return report


@pytest.fixture
def workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["new", str(tmp_path / "acme")]) == 0
    capsys.readouterr()
    return tmp_path / "acme.accord"


def test_form_out_filled_in_and_imported(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    priya, blank = tmp_path / "priya.xlsx", tmp_path / "blank.xlsx"
    args = ["assessment-form", str(workspace), "--quarter", "2026-q4", "--out", str(priya)]
    assert main([*args, "--respondent", "Priya Raman", "--team", "sales"]) == 0
    assert "2026-Q4 form for Priya Raman" in capsys.readouterr().out
    assert main(["assessment-form", str(workspace), "--quarter", Q, "--out", str(blank)]) == 0
    fill(priya, "4 – Agree")
    fill(blank, 2, name="Claire Dubois", team="Marketing")

    assert main(["assessment-import", str(workspace), str(priya), str(blank)]) == 0
    assert "Imported 76 answers from 2 forms: 2 new respondents." in capsys.readouterr().out
    found = counts(workspace, capsys)
    assert (found["assessment_respondents"], found["assessment_answers"]) == (2, 76)

    assert main(["assessment-results", str(workspace), "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert results["quarter"] == Q
    assert results["overall"]["index"] == pytest.approx(50.0)
    assert results["overall_gap"] == pytest.approx(50.0)
    assert main(["assessment-results", str(workspace)]) == 0
    assert "Overall index 50.0: Collaborative" in capsys.readouterr().out


def test_a_tampered_form_exits_1_with_one_line_and_imports_nothing(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    for path, name in ((good, "Priya Raman"), (bad, "Tom Becker")):
        main(["assessment-form", str(workspace), "--quarter", Q, "--out", str(path)])
        fill(path, 3, name=name, team="Sales")
    workbook = load_workbook(bad)
    workbook["accord_form"]["B5"] = "2027-Q1"  # the hidden quarter
    workbook.save(bad)
    capsys.readouterr()

    assert main(["assessment-import", str(workspace), str(good), str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("accord assessment-import: bad.xlsx") and "changed" in err
    assert counts(workspace, capsys)["assessment_answers"] == 0


def test_a_second_form_from_the_same_person_needs_replace_or_keep(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    for path, rating in ((first, 2), (second, 5)):
        main(["assessment-form", str(workspace), "--quarter", Q, "--out", str(path)])
        fill(path, rating, name="Priya Raman", team="Sales")
    assert main(["assessment-import", str(workspace), str(first)]) == 0
    capsys.readouterr()

    assert main(["assessment-import", str(workspace), str(second)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--replace" in err and "--keep" in err
    assert main(["assessment-import", str(workspace), str(second), "--keep"]) == 0
    assert "1 kept" in capsys.readouterr().out
    assert main(["assessment-import", str(workspace), str(second), "--replace"]) == 0
    assert "1 replaced" in capsys.readouterr().out
    assert main(["assessment-results", str(workspace), "--quarter", Q, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["overall"]["index"] == pytest.approx(100.0)
    assert counts(workspace, capsys)["assessment_respondents"] == 1


def test_results_of_an_empty_workspace_say_so(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["assessment-results", str(workspace)]) == 1
    assert "no assessment answers yet" in capsys.readouterr().err
