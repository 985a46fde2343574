"""The workbook's shape: typed cells, layout, order, README, scope and atomic writing."""

from __future__ import annotations

import csv
import dataclasses
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from app.services.errors import AccordError, Cancelled
from app.services.export.csv_export import export_csv
from app.services.export.sample import sample_bundle
from app.services.export.workbook import export_workbook
from app.services.progress import CancelToken

DATA_SHEETS = (
    "Lifecycle stages",
    "Lead statuses",
    "Scoring rules",
    "Thresholds",
    "Personas",
    "Glossary",
)


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    path = tmp_path / "definitions.xlsx"
    export_workbook(sample_bundle(), "generic", {}, path)
    return path


def test_sheets_come_in_order_with_the_data_sheet_hidden(workbook_path: Path) -> None:
    book = openpyxl.load_workbook(workbook_path)
    assert book.sheetnames == ["README", *DATA_SHEETS, "Accord export data"]
    assert book["Accord export data"].sheet_state == "hidden"


@pytest.mark.parametrize("title", DATA_SHEETS)
def test_each_data_sheet_has_frozen_bold_headers_a_table_and_no_trailing_rows(
    workbook_path: Path, title: str
) -> None:
    sheet = openpyxl.load_workbook(workbook_path)[title]
    [table] = sheet.tables.values()
    rows = list(sheet.iter_rows(values_only=True))

    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert table.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{len(rows)}"
    assert table.autoFilter is not None
    assert all(any(v is not None for v in row) for row in rows)
    assert all(sheet.column_dimensions[c.column_letter].width > 8 for c in sheet[1])


def test_cells_are_typed_and_picklists_validated(workbook_path: Path) -> None:
    book = openpyxl.load_workbook(workbook_path)
    stages = book["Lifecycle stages"]
    assert stages["B2"].value == 1 and stages["B2"].data_type == "n"
    assert stages["I4"].value == 24 and stages["I4"].data_type == "n"
    rules = book["Scoring rules"]
    assert [rules[f"{c}8"].value for c in "DEFGH"] == ["gte", 3, 10, 30, 14]
    validations = {str(v.sqref): v.formula1 for v in stages.data_validations.dataValidation}
    assert validations["H2:H8"] == '"sales,marketing,shared,operations"'
    assert validations["K2:K8"] == '"agreed,proposed"'


def test_generic_scoring_sheets_have_the_rules_workbook_shape(workbook_path: Path) -> None:
    book = openpyxl.load_workbook(workbook_path)
    rules = list(book["Scoring rules"].iter_rows(values_only=True))
    thresholds = list(book["Thresholds"].iter_rows(values_only=True))

    assert rules[0] == (
        "model",
        "dimension",
        "field",
        "operator",
        "value",
        "points",
        "cap",
        "decay_half_life_days",
    )
    assert rules[1] == (
        "Inbound lead score",
        "fit",
        "Industry",
        "one_of",
        "Software;SaaS;Fintech",
        15,
        None,
        None,
    )
    assert rules[2][3:5] == ("between", "50;1000")
    assert rules[6][3:5] == ("is_not_empty", None)
    assert thresholds[0] == ("model", "kind", "label", "min_points")
    assert thresholds[1] == ("Inbound lead score", "status", "MQL", 60)


def test_rows_keep_a_stable_order_whatever_the_input_order(tmp_path: Path) -> None:
    bundle = sample_bundle()
    shuffled = dataclasses.replace(
        bundle,
        stages=list(reversed(bundle.stages)),
        glossary=list(reversed(bundle.glossary)),
        scoring_models=list(reversed(bundle.scoring_models)),
    )
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    export_workbook(bundle, "generic", {}, first, include_proposed=True)
    export_workbook(shuffled, "generic", {}, second, include_proposed=True)

    for title in DATA_SHEETS:
        a = list(openpyxl.load_workbook(first)[title].iter_rows(values_only=True))
        b = list(openpyxl.load_workbook(second)[title].iter_rows(values_only=True))
        assert a == b, title
    stages = openpyxl.load_workbook(first)["Lifecycle stages"]
    assert [stages.cell(r, 2).value for r in range(2, stages.max_row + 1)] == list(range(1, 9))


def test_only_agreed_items_by_default_and_proposed_ones_marked(tmp_path: Path) -> None:
    default, everything = tmp_path / "agreed.xlsx", tmp_path / "all.xlsx"
    report = export_workbook(sample_bundle(), "generic", {}, default)
    export_workbook(sample_bundle(), "generic", {}, everything, include_proposed=True)

    names = [
        r[2]
        for r in openpyxl.load_workbook(default)["Lifecycle stages"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert "Product Qualified Lead" not in names
    rows = openpyxl.load_workbook(everything)["Lifecycle stages"].iter_rows(
        min_row=2, values_only=True
    )
    statuses = {r[2]: r[10] for r in rows}
    assert statuses["Product Qualified Lead"] == "proposed"
    assert statuses["Customer"] == "agreed"
    assert report.counts == {
        "Lifecycle stages": 7,
        "Lead statuses": 7,
        "Scoring rules": 8,
        "Thresholds": 6,
        "Personas": 2,
        "Glossary": 9,
    }


def test_readme_says_what_where_when_who_and_how(workbook_path: Path) -> None:
    rows = list(openpyxl.load_workbook(workbook_path)["README"].iter_rows(values_only=True))
    facts = {row[0]: row[1] for row in rows if row[0]}

    assert facts["Workspace"] == "Northwind Analytics: revenue team"
    assert facts["Exported at (UTC)"] == datetime(2024, 5, 14, 9, 30)
    assert facts["Accord version"] == "0.1.0"
    assert facts["Target profile"] == "Generic"
    assert facts["Included"] == "Agreed items only."
    assert facts["Hand-off SLA"] == "Sales contacts every MQL within 24 working hours"
    assert all(title in facts for title in DATA_SHEETS)
    agreed = [r for r in rows if r[0] == "Lifecycle stages" and r[1] == "Customer"]
    assert [(r[3], r[4], r[5]) for r in agreed] == [
        ("marketing", "Maya Lindqvist", datetime(2024, 4, 7)),
        ("sales", "Tomás Okafor", datetime(2024, 4, 8)),
    ]


def test_cancelled_export_leaves_the_old_file_and_no_debris(tmp_path: Path) -> None:
    path = tmp_path / "definitions.xlsx"
    path.write_bytes(b"the previous export")
    token = CancelToken()
    token.cancel()

    with pytest.raises(Cancelled):
        export_workbook(sample_bundle(), "generic", {}, path, cancel=token)

    assert path.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["definitions.xlsx"]


def test_export_reports_progress_up_to_done(tmp_path: Path) -> None:
    seen: list[float] = []
    export_workbook(sample_bundle(), "generic", {}, tmp_path / "d.xlsx", progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AccordError, match="does not exist"):
        export_workbook(sample_bundle(), "generic", {}, tmp_path / "nowhere" / "d.xlsx")


def test_csv_files_hold_the_same_rows_as_the_workbook(tmp_path: Path, workbook_path: Path) -> None:
    report = export_csv(sample_bundle(), "generic", {}, tmp_path / "csv")

    assert sorted(p.name for p in report.files) == [
        "glossary.csv",
        "lead_statuses.csv",
        "lifecycle_stages.csv",
        "personas.csv",
        "readme.csv",
        "scoring_rules.csv",
        "thresholds.csv",
    ]
    book = openpyxl.load_workbook(workbook_path)
    for title in DATA_SHEETS:
        path = tmp_path / "csv" / (title.lower().replace(" ", "_") + ".csv")
        with path.open(encoding="utf-8", newline="") as handle:
            from_csv = list(csv.reader(handle))
        from_book = [
            ["" if v is None else str(v) for v in row]
            for row in book[title].iter_rows(values_only=True)
        ]
        assert from_csv == from_book, title


def test_csv_with_bom_opens_as_utf8_in_excel(tmp_path: Path) -> None:
    export_csv(sample_bundle(), "generic", {}, tmp_path, bom=True)
    data = (tmp_path / "lifecycle_stages.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfAccord key,Order,Name")
    assert "≥ 60".encode() in data


def test_the_rules_workbook_reader_reads_the_generic_export(workbook_path: Path) -> None:
    from app.services.scoring.rules_workbook import read_rules_workbook

    [model] = read_rules_workbook(workbook_path)

    [agreed] = [m.spec for m in sample_bundle().scoring_models if m.status == "agreed"]
    assert model.name == agreed.name
    assert model.criteria == agreed.criteria
    assert set(model.thresholds) == set(agreed.thresholds)
