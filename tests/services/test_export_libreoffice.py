"""LibreOffice opens the exported workbook and reads back exactly what was written."""

from __future__ import annotations

import csv
import dataclasses
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from app.services.export.csv_export import csv_file_name, export_csv
from app.services.export.profiles import get_profile, suggest_mapping
from app.services.export.sample import sample_bundle
from app.services.export.workbook import export_workbook

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]

# Comma-separated, double-quoted, UTF-8, raw values (not as shown), every sheet.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"
SHEETS = (
    "README",
    "Lifecycle stages",
    "Lead statuses",
    "Scoring rules",
    "Thresholds",
    "Personas",
    "Glossary",
)


def _cell(text: str) -> str:
    """Times compare by value: LibreOffice adds seconds that the CSV export leaves out."""
    try:
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        return text


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [[_cell(c) for c in row] for row in csv.reader(handle)]
    trimmed = []
    for row in rows:
        while row and row[-1] == "":
            row.pop()
        trimmed.append(row)
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


@pytest.mark.parametrize("profile_id", ["generic", "salesforce"])
def test_libreoffice_reads_every_sheet_as_written(tmp_path: Path, profile_id: str) -> None:
    bundle = sample_bundle()
    hostile = ("=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3")
    stages = [
        dataclasses.replace(stage, recycle_path=hostile[i % len(hostile)])
        for i, stage in enumerate(bundle.stages)
    ]
    bundle = dataclasses.replace(bundle, stages=stages)
    profile = get_profile(profile_id)
    mapping = suggest_mapping(profile, bundle)
    workbook = tmp_path / "definitions.xlsx"
    export_workbook(bundle, profile, mapping, workbook, include_proposed=True)
    export_csv(bundle, profile, mapping, tmp_path / "ours", include_proposed=True)

    out = tmp_path / "libreoffice"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(out),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    for title in SHEETS:
        theirs = _rows(out / f"definitions-{title}.csv")
        ours = _rows(tmp_path / "ours" / csv_file_name(title))
        assert theirs == ours, title
