"""Scoring models as a rules workbook: the generic shape the CRM export writes.

Sheet `Scoring rules`, header `model, dimension, field, operator, value, points, cap,
decay_half_life_days`: one criterion per row; `dimension` is fit or engagement;
`operator` one of equals, one_of, contains, starts_with, gte, lte, between, is_empty,
is_not_empty; `one_of` values and `between` bounds are separated by `;`.
Sheet `Thresholds`, header `model, kind, label, min_points`: kind is status or grade.
Reading accepts any column order, extra columns and the operator labels the app shows
("is one of", "≥"…); every problem found is reported with sheet, row and column.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from app.services.errors import ImportFailed, ImportProblem
from app.services.scoring.spec import (
    NUMERIC_OPERATORS,
    OPERATOR_LABELS,
    VALUELESS_OPERATORS,
    CriterionSpec,
    Dimension,
    Operator,
    ScoringModelSpec,
    ThresholdKind,
    ThresholdSpec,
)
from app.services.tabular.values import format_number, parse_number, text_of

RULES_SHEET = "Scoring rules"
THRESHOLDS_SHEET = "Thresholds"
RULES_HEADER = (
    "model",
    "dimension",
    "field",
    "operator",
    "value",
    "points",
    "cap",
    "decay_half_life_days",
)
THRESHOLDS_HEADER = ("model", "kind", "label", "min_points")
_RULES_REQUIRED = RULES_HEADER[:6]
MAX_PROBLEMS = 20

_OPERATOR_NAMES: dict[str, Operator] = {}
for _op in Operator:
    for _name in (_op.value, _op.value.replace("_", " "), OPERATOR_LABELS[_op]):
        _OPERATOR_NAMES[_name.casefold()] = _op
_OPERATOR_NAMES.update({">=": Operator.GTE, "<=": Operator.LTE, "=": Operator.EQUALS})


def _key(text: str) -> str:
    return "_".join(text.strip().casefold().split())


def _cell_text(value: object) -> str:
    return (text_of(value) or "").strip()


class _Sheet:
    """One sheet's rows with a header lookup, collecting problems as it is read."""

    def __init__(
        self, path: Path, name: str, rows: list[list[object]], problems: list[ImportProblem]
    ) -> None:
        self.path, self.name, self.rows, self.problems = path, name, rows, problems
        self.index: dict[str, int] = {}

    def problem(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(ImportProblem(str(self.path), message, row, column, self.name))

    def read_header(self, expected: tuple[str, ...], required: tuple[str, ...]) -> bool:
        header = [_key(_cell_text(v)) for v in self.rows[0]] if self.rows else []
        self.index = {name: header.index(name) for name in expected if name in header}
        missing = [name for name in required if name not in self.index]
        if missing:
            self.problem(
                f"The header row lacks the column(s) {', '.join(missing)}; "
                f"expected {', '.join(expected)}.",
                row=1,
            )
        return not missing

    def data(self) -> Iterable[tuple[int, dict[str, object]]]:
        for number, row in enumerate(self.rows[1:], start=2):
            cells = {name: row[i] if i < len(row) else "" for name, i in self.index.items()}
            if any(_cell_text(v) for v in cells.values()):
                yield number, cells

    def number(
        self, cells: dict[str, object], name: str, row: int, *, required: bool
    ) -> float | None:
        value = cells.get(name, "")
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        text = _cell_text(value)
        if not text:
            if required:
                self.problem("A number is required here.", row, name)
            return None
        number = parse_number(text)
        if number is None:
            self.problem(f"'{text}' is not a number.", row, name)
        return number


def _load(path: Path) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        return {
            name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in workbook.sheet_names
        }
    except Exception as exc:  # calamine's errors all mean "not a readable workbook"
        raise ImportFailed(
            [ImportProblem(str(path), "This file is not a readable workbook (XLSX, XLS or ODS).")]
        ) from exc


def read_rules_workbook(path: Path | str) -> list[ScoringModelSpec]:
    """The scoring models a rules workbook describes, in order of first mention."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailed([ImportProblem(str(path), "The file does not exist.")])
    sheets = {name.strip().casefold(): (name, rows) for name, rows in _load(path).items()}
    problems: list[ImportProblem] = []
    criteria: dict[str, list[CriterionSpec]] = {}
    thresholds: dict[str, list[ThresholdSpec]] = {}
    if RULES_SHEET.casefold() not in sheets:
        problems.append(
            ImportProblem(
                str(path), f"The workbook has no sheet named '{RULES_SHEET}'.", sheet=RULES_SHEET
            )
        )
    else:
        name, rows = sheets[RULES_SHEET.casefold()]
        sheet = _Sheet(path, name, rows, problems)
        if sheet.read_header(RULES_HEADER, _RULES_REQUIRED):
            for row, cells in sheet.data():
                parsed = _criterion(sheet, row, cells)
                model = _cell_text(cells["model"])
                if parsed is not None and model:
                    criteria.setdefault(model, []).append(parsed)
    if THRESHOLDS_SHEET.casefold() in sheets:
        name, rows = sheets[THRESHOLDS_SHEET.casefold()]
        sheet = _Sheet(path, name, rows, problems)
        if sheet.read_header(THRESHOLDS_HEADER, THRESHOLDS_HEADER):
            _thresholds(sheet, thresholds)
    if not problems and not criteria and not thresholds:
        problems.append(
            ImportProblem(str(path), "The workbook holds no scoring rules.", sheet=RULES_SHEET)
        )
    if problems:
        raise ImportFailed(problems[:MAX_PROBLEMS])
    names = list(dict.fromkeys([*criteria, *thresholds]))
    return [
        ScoringModelSpec(n, tuple(criteria.get(n, ())), tuple(thresholds.get(n, ()))) for n in names
    ]


def _criterion(sheet: _Sheet, row: int, cells: dict[str, object]) -> CriterionSpec | None:
    before = len(sheet.problems)
    if not _cell_text(cells["model"]):
        sheet.problem("Every rule needs the name of its model.", row, "model")
    field = _cell_text(cells["field"])
    if not field:
        sheet.problem("Every rule needs the field it looks at.", row, "field")
    dimension_text = _cell_text(cells["dimension"]).casefold()
    dimension = next((d for d in Dimension if d.value == dimension_text), None)
    if dimension is None:
        sheet.problem(
            f"'{_cell_text(cells['dimension'])}' is not a dimension; use fit or engagement.",
            row,
            "dimension",
        )
    operator = _OPERATOR_NAMES.get(_cell_text(cells["operator"]).casefold())
    if operator is None:
        sheet.problem(
            f"'{_cell_text(cells['operator'])}' is not an operator; use one of "
            f"{', '.join(op.value for op in Operator)}.",
            row,
            "operator",
        )
    points = sheet.number(cells, "points", row, required=True)
    cap = sheet.number(cells, "cap", row, required=False)
    if cap is not None and cap <= 0:
        sheet.problem("A cap must be greater than zero.", row, "cap")
    decay = sheet.number(cells, "decay_half_life_days", row, required=False)
    if decay is not None and decay <= 0:
        sheet.problem(
            "A half-life must be a number of days above zero.", row, "decay_half_life_days"
        )
    if decay is not None and dimension is Dimension.FIT:
        sheet.problem("Only engagement rules can decay.", row, "decay_half_life_days")
    values = _values(sheet, row, operator, cells["value"]) if operator else None
    if len(sheet.problems) > before or values is None:
        return None
    assert dimension is not None and operator is not None and points is not None
    return CriterionSpec(dimension, field, operator, values, points, cap, decay)


def _values(sheet: _Sheet, row: int, operator: Operator, value: object) -> tuple[str, ...] | None:
    if operator in VALUELESS_OPERATORS:
        return ()
    if isinstance(value, float | int) and not isinstance(value, bool):
        parts = [format_number(float(value))]
    else:
        text = _cell_text(value)
        parts = (
            [p.strip() for p in text.split(";")]
            if operator in (Operator.ONE_OF, Operator.BETWEEN)
            else [text]
        )
        parts = [p for p in parts if p]
    wanted = 2 if operator is Operator.BETWEEN else 1
    if not parts or (operator is not Operator.ONE_OF and len(parts) != wanted):
        needs = {
            Operator.BETWEEN: "two numbers separated by ';' (low;high)",
            Operator.ONE_OF: "one or more values separated by ';'",
        }
        sheet.problem(
            f"The '{operator.value}' rule needs {needs.get(operator, 'one value')}.", row, "value"
        )
        return None
    if operator in NUMERIC_OPERATORS and any(parse_number(p) is None for p in parts):
        sheet.problem(
            f"The '{operator.value}' rule compares numbers; '{'; '.join(parts)}' is not.",
            row,
            "value",
        )
        return None
    return tuple(parts)


def _thresholds(sheet: _Sheet, found: dict[str, list[ThresholdSpec]]) -> None:
    seen: set[tuple[str, ThresholdKind, str]] = set()
    for row, cells in sheet.data():
        before = len(sheet.problems)
        model, label = _cell_text(cells["model"]), _cell_text(cells["label"])
        if not model:
            sheet.problem("Every threshold needs the name of its model.", row, "model")
        if not label:
            sheet.problem("Every threshold needs a label (e.g. MQL or A).", row, "label")
        kind_text = _cell_text(cells["kind"]).casefold()
        kind = next((k for k in ThresholdKind if k.value == kind_text), None)
        if kind is None:
            sheet.problem(
                f"'{_cell_text(cells['kind'])}' is not a kind; use status or grade.", row, "kind"
            )
        points = sheet.number(cells, "min_points", row, required=True)
        if len(sheet.problems) > before or kind is None or points is None:
            continue
        if (model, kind, label.casefold()) in seen:
            sheet.problem(
                f"The {kind.value} '{label}' of model '{model}' is listed twice.", row, "label"
            )
            continue
        seen.add((model, kind, label.casefold()))
        found.setdefault(model, []).append(ThresholdSpec(kind, label, points))


def rule_rows(models: Iterable[ScoringModelSpec]) -> list[tuple[object, ...]]:
    """The `Scoring rules` rows (without header), cells typed as they are written."""
    rows: list[tuple[object, ...]] = []
    for model in models:
        for c in model.criteria:
            value: object = ";".join(c.values)
            if c.operator in (Operator.GTE, Operator.LTE) and c.values:
                number = parse_number(c.values[0])
                value = number if number is not None else c.values[0]
            rows.append(
                (
                    model.name,
                    c.dimension.value,
                    c.field,
                    c.operator.value,
                    value,
                    c.points,
                    c.cap,
                    c.decay_half_life_days,
                )
            )
    return rows


def threshold_rows(models: Iterable[ScoringModelSpec]) -> list[tuple[object, ...]]:
    """The `Thresholds` rows (without header)."""
    return [(m.name, t.kind.value, t.label, t.min_points) for m in models for t in m.thresholds]


def write_rules_workbook(models: Iterable[ScoringModelSpec], path: Path | str) -> None:
    """Write `models` in the generic rules-workbook shape (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = Path(path)
    models = list(models)
    workbook = Workbook()
    bold = Font(bold=True)
    sheets = (
        (RULES_SHEET, RULES_HEADER, rule_rows(models)),
        (THRESHOLDS_SHEET, THRESHOLDS_HEADER, threshold_rows(models)),
    )
    for index, (title, header, rows) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title
        for column, name in enumerate(header, start=1):
            sheet.cell(row=1, column=column, value=name).font = bold
        for row_number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never let a value be taken for a formula
        sheet.freeze_panes = "A2"
        for column, name in enumerate(header, start=1):
            width = max([len(name)] + [len(str(r[column - 1] or "")) for r in rows])
            sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = min(
                50, width + 2
            )
    temporary = path.with_name(path.name + ".part")
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
