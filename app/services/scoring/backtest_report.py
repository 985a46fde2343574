"""Backtest results for people: an aligned text table and an XLSX workbook."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.services.scoring.spec import OPERATOR_LABELS

if TYPE_CHECKING:
    from app.services.scoring.backtest import BacktestResult

BAND_TABLE_HEADER = ("Score from", "Score below", "Leads", "Conversions", "Conversion rate")
LIFT_HEADER = (
    "Dimension",
    "Field",
    "Operator",
    "Value",
    "Points",
    "Leads with",
    "Conversions with",
    "Rate with",
    "Leads without",
    "Conversions without",
    "Rate without",
    "Lift",
)


def _number(value: float) -> str:
    return f"{int(value)}" if float(value).is_integer() else f"{value:g}"


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def format_band_table(result: BacktestResult) -> str:
    """The band table as aligned plain text, for the terminal."""
    header = ("Score band", "Leads", "Conversions", "Conversion rate")
    rows = [
        (
            f"{_number(b.low)} to <{_number(b.high)}",
            f"{b.leads:,}",
            f"{b.conversions:,}",
            _percent(b.conversion_rate),
        )
        for b in result.bands
    ]
    overall = result.conversions / result.leads if result.leads else None
    rows.append(("All leads", f"{result.leads:,}", f"{result.conversions:,}", _percent(overall)))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    lines = [line(header), line(tuple("-" * w for w in widths)), *map(line, rows)]
    if result.threshold is not None:
        stats = result.at_threshold(result.threshold)
        lines.append("")
        lines.append(
            f"At a threshold of {_number(result.threshold)}: {stats.mqls:,} MQLs holding "
            f"{stats.conversions:,} conversions ({_percent(stats.share_of_conversions)} of "
            f"all), a conversion rate of {_percent(stats.conversion_rate)}."
        )
    return "\n".join(lines)


def _put(
    sheet: Any, row: int, column: int, value: object, number_format: str | None = None
) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text
    if number_format:
        cell.number_format = number_format


def _table(
    sheet: Any, header: tuple[str, ...], rows: list[tuple[object, ...]], formats: dict[int, str]
) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    for column, title in enumerate(header, start=1):
        sheet.cell(row=1, column=column, value=title).font = bold
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _put(sheet, row_number, column, value, formats.get(column))
    sheet.freeze_panes = "A2"
    for column, title in enumerate(header, start=1):
        longest = max([len(title)] + [len(str(r[column - 1])) for r in rows[:200]])
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = min(60, max(10, longest + 2))


def write_backtest_xlsx(result: BacktestResult, path: Path | str) -> None:
    """Write bands, criterion lift, the threshold summary and MQLs per month to XLSX."""
    from openpyxl import Workbook

    path = Path(path)
    workbook = Workbook()
    bands = workbook.active
    bands.title = "Score bands"
    _table(bands, BAND_TABLE_HEADER, list(result.band_table_rows()), {5: "0.0%"})
    lift_rows: list[tuple[object, ...]] = [
        (
            lift.criterion.dimension.value,
            lift.criterion.field,
            OPERATOR_LABELS[lift.criterion.operator],
            "; ".join(lift.criterion.values),
            lift.criterion.points,
            lift.leads_with,
            lift.conversions_with,
            lift.rate_with,
            lift.leads_without,
            lift.conversions_without,
            lift.rate_without,
            lift.lift,
        )
        for lift in result.lifts
    ]
    _table(
        workbook.create_sheet("Criteria lift"),
        LIFT_HEADER,
        lift_rows,
        {8: "0.0%", 11: "0.0%", 12: "0.00"},
    )
    summary: list[tuple[object, ...]] = [
        ("Scoring model", result.model_name),
        ("Lead file", result.source),
        ("Leads", result.leads),
        ("Conversions", result.conversions),
        ("Band width", result.band_width),
    ]
    if result.threshold is not None:
        stats = result.at_threshold(result.threshold)
        summary += [
            ("Threshold", result.threshold),
            ("MQLs at the threshold", stats.mqls),
            ("Conversions among them", stats.conversions),
            ("Share of all conversions", stats.share_of_conversions),
            ("Conversion rate of MQLs", stats.conversion_rate),
        ]
        if stats.mqls_per_month is not None:
            _table(
                workbook.create_sheet("MQLs per month"),
                ("Month", "MQLs"),
                list(stats.mqls_per_month.items()),
                {},
            )
    _table(workbook.create_sheet("Summary"), ("Item", "Value"), summary, {})
    temporary = path.with_name(path.name + ".part")
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
