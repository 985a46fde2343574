"""Benchmark: reading a lead file against the fastest raw read of the same file.

Two synthetic CRM extracts are written to a temporary folder (not timed): a 1,000,000-
row CSV and a 100,000-row XLSX, each with twelve columns (ids, emails, names, company,
job title, country and industry with placeholders, employee counts with gaps, page
views, creation date, outcome). `read_table` is timed against the underlying reader's
bare read of the same file: `pyarrow.csv.read_csv` (the faster of its default options
and the options read_table passes) for the CSV, calamine's `to_python()` for the XLSX.
Runs alternate and the best of each is compared: these machines are shared and noisy.

`read_table` sniffs format, encoding and delimiter, checks the header and every row's
width, and turns placeholders into missing values while parsing; converting a column to
NumPy happens when the column is first used (a backtest touches only mapped columns).
The cost of converting every column anyway is reported in the detail.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from app.services.tabular import read_table

HEADER = [
    "Lead ID", "Email", "First name", "Last name", "Company", "Job title", "Country",
    "Industry", "Employees", "Page views", "Created", "Converted",
]  # fmt: skip
COUNTRIES = ["United States", "Germany", "France", "United Kingdom", "N/A", "Select", ""] + [
    f"Country {i}" for i in range(50)
]
INDUSTRIES = ["Software", "Healthcare", "Retail", "Education", "n/a"] + [
    f"Industry {i}" for i in range(20)
]
TITLES = [f"{s} {f}" for s in ("VP", "Director", "Head of", "Manager", "Analyst", "Chief")
          for f in ("Sales", "Marketing", "IT", "Finance", "Operations", "HR", "Data")]  # fmt: skip


def _columns(n: int, seed: int = 11) -> dict[str, list[object]]:
    """The extract's cells as Python values, column by column."""
    rng = np.random.default_rng(seed)

    def pick(labels: list[str]) -> list[object]:
        weights = 1.0 / np.arange(1, len(labels) + 1)
        return np.array(labels, dtype=object)[
            rng.choice(len(labels), n, p=weights / weights.sum())
        ].tolist()

    employees: list[object] = rng.integers(1, 20_000, n).tolist()
    for index in np.flatnonzero(rng.random(n) < 0.1).tolist():
        employees[index] = "n/a"
    first = [f"Name{i}" for i in rng.integers(0, 3_000, n)]
    last = [f"Surname{i}" for i in rng.integers(0, 10_000, n)]
    days = rng.integers(0, 730, n)
    start = dt.date(2023, 1, 1)
    return {
        "Lead ID": list(range(100_000, 100_000 + n)),
        "Email": [f"{f.lower()}.{i}@example{i % 5000}.com" for i, f in enumerate(first)],
        "First name": first,
        "Last name": last,
        "Company": [f"Company {i}" for i in rng.integers(0, 50_000, n)],
        "Job title": pick(TITLES),
        "Country": pick(COUNTRIES),
        "Industry": pick(INDUSTRIES),
        "Employees": employees,
        "Page views": rng.poisson(6, n).tolist(),
        "Created": [start + dt.timedelta(days=int(d)) for d in days],
        "Converted": pick(["No", "Yes", ""]),
    }


def write_csv(path: Path, n: int) -> None:
    import pyarrow as pa
    from pyarrow import csv as pa_csv

    columns = _columns(n)
    arrays = {
        name: pa.array([str(v) for v in values]) if name == "Employees" else pa.array(values)
        for name, values in columns.items()
    }
    pa_csv.write_csv(pa.table(arrays), path)


def write_xlsx(path: Path, n: int) -> None:
    from openpyxl import Workbook

    columns = _columns(n)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Leads")
    sheet.append(HEADER)
    for row in zip(*(columns[name] for name in HEADER), strict=True):
        sheet.append(list(row))
    workbook.save(path)


def _raw_csv(path: Path) -> None:
    from pyarrow import csv as pa_csv

    pa_csv.read_csv(path)


def _raw_csv_same_options(path: Path) -> None:
    """Arrow with the options read_table passes (placeholder spellings as nulls)."""
    from pyarrow import csv as pa_csv

    from app.services.tabular.csv_reader import NULL_SPELLINGS

    options = pa_csv.ConvertOptions(
        null_values=NULL_SPELLINGS,
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
        true_values=[],
        false_values=[],
    )
    pa_csv.read_csv(path, convert_options=options)


def _raw_xlsx(path: Path) -> None:
    from python_calamine import CalamineWorkbook

    CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def _ours(path: Path) -> None:
    read_table(path)


def _best_of(repeats: int, *works: Callable[[], None]) -> list[float]:
    """Best time of each function, run in turn so that drift hits all of them."""
    best = [float("inf")] * len(works)
    for work in works:  # warm caches and imports
        work()
    for _ in range(repeats):
        for slot, work in enumerate(works):
            start = time.perf_counter()
            work()
            best[slot] = min(best[slot], time.perf_counter() - start)
    return best


def _convert_everything(path: Path) -> float:
    """Best of two reads that also convert every column (the first pays for imports)."""
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        table = read_table(path)
        for name in table.column_names:
            table.columns[name]
        best = min(best, time.perf_counter() - start)
    return best


def _entry(kind: str, rows: int, raw: float, ours: float, full: float, reader: str) -> dict:
    ratio = ours / raw
    return {
        "name": f"import {rows:,}-row {kind} vs raw read",
        "value": round(ratio, 3),
        "unit": "x",
        "goal": "<= 1.2x",
        "meets_goal": ratio <= 1.2,
        "detail": (
            f"read_table {ours:.3f} s vs {reader} {raw:.3f} s (best of alternating runs). "
            f"Converting all {len(HEADER)} columns to NumPy as well takes {full:.3f} s "
            f"({full / raw:.2f}x the raw read); columns are converted when first used."
        ),
    }


def run(quick: bool) -> list[dict]:
    csv_rows = 100_000 if quick else 1_000_000
    xlsx_rows = 10_000 if quick else 100_000
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as folder:
        csv_path = Path(folder) / "leads.csv"
        xlsx_path = Path(folder) / "leads.xlsx"
        write_csv(csv_path, csv_rows)
        write_xlsx(xlsx_path, xlsx_rows)
        default, same, csv_ours = _best_of(
            15 if quick else 5,  # small files need more tries to see through the noise
            lambda: _raw_csv(csv_path),
            lambda: _raw_csv_same_options(csv_path),
            lambda: _ours(csv_path),
        )
        csv_raw = min(default, same)
        csv_full = _convert_everything(csv_path)
        xlsx_raw, xlsx_ours = _best_of(3, lambda: _raw_xlsx(xlsx_path), lambda: _ours(xlsx_path))
        xlsx_full = _convert_everything(xlsx_path)
    return [
        _entry(
            "CSV",
            csv_rows,
            csv_raw,
            csv_ours,
            csv_full,
            "the faster of pyarrow.csv.read_csv with default options and with read_table's",
        ),
        _entry("XLSX", xlsx_rows, xlsx_raw, xlsx_ours, xlsx_full, "calamine to_python()"),
    ]
