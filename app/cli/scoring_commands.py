"""Headless scoring commands: `backtest` a model against historical leads."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.registry import Command
from app.services.errors import AccordError


def _configure_backtest(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--leads",
        required=True,
        type=Path,
        metavar="FILE",
        help="historical leads: CSV, XLSX, XLS or ODS (format read from content)",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--workspace",
        type=Path,
        metavar="PATH",
        help="workspace holding the scoring model (with --model)",
    )
    source.add_argument(
        "--rules",
        type=Path,
        metavar="RULES.xlsx",
        help="a scoring-rules workbook in the generic export shape",
    )
    parser.add_argument(
        "--model", metavar="NAME", help="model name (default: the active model, or the only one)"
    )
    parser.add_argument(
        "--outcome",
        metavar="COLUMN",
        help="column saying whether the lead converted (default: guessed)",
    )
    parser.add_argument("--date", metavar="COLUMN", help="lead date column, for MQLs per month")
    parser.add_argument(
        "--band", type=float, default=10, metavar="WIDTH", help="score band width (default 10)"
    )
    parser.add_argument(
        "--threshold", type=float, metavar="POINTS", help="MQL threshold (default: the model's)"
    )
    parser.add_argument("--out", type=Path, metavar="RESULT.xlsx", help="also write the result")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _model_from_rules(path: Path, name: str | None):  # type: ignore[no-untyped-def]
    from app.services.scoring.rules_workbook import read_rules_workbook

    models = read_rules_workbook(path)
    if name is not None:
        for model in models:
            if model.name.strip().lower() == name.strip().lower():
                return model
        raise AccordError(
            f"{path.name} has no model named '{name}'; it has: {', '.join(m.name for m in models)}."
        )
    if len(models) != 1:
        raise AccordError(
            f"{path.name} holds {len(models)} models; choose one with --model "
            f"({', '.join(m.name for m in models)})."
        )
    return models[0]


def _model_from_workspace(path: Path, name: str | None):  # type: ignore[no-untyped-def]
    from app.services.scoring.models_service import ScoringModelService
    from app.services.workspace import open_workspace

    workspace = open_workspace(path, backup=False)
    try:
        service = ScoringModelService(workspace)
        model_id = service.model_id_by_name(name) if name else service.active_model_id()
        if model_id is None:
            raise AccordError(f"{path.name} has no active scoring model; name one with --model.")
        return service.spec(model_id)
    finally:
        workspace.close()


def _run_backtest(args: argparse.Namespace) -> int:
    from app.services.scoring.backtest import backtest
    from app.services.scoring.backtest_report import format_band_table, write_backtest_xlsx
    from app.services.scoring.column_matching import (
        DATE_NAMES,
        OUTCOME_NAMES,
        guess_column,
        match_columns,
    )
    from app.services.tabular import read_table

    model = (
        _model_from_rules(args.rules, args.model)
        if args.rules
        else _model_from_workspace(args.workspace, args.model)
    )
    table = read_table(args.leads)
    columns = table.column_names
    outcome = args.outcome or guess_column(columns, OUTCOME_NAMES)
    if outcome is None:
        raise AccordError(
            f"{args.leads.name}: no outcome column found (looked for "
            f"{', '.join(OUTCOME_NAMES)}); name it with --outcome."
        )
    date_column = args.date or guess_column(columns, DATE_NAMES)
    field_map = match_columns({c.field for c in model.criteria}, columns)
    result = backtest(
        model,
        table,
        field_map=field_map,
        outcome_column=outcome,
        date_column=date_column,
        band_width=args.band,
        threshold=args.threshold,
    )
    if args.out:
        write_backtest_xlsx(result, args.out)
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        missing = sorted({c.field for c in model.criteria} - set(field_map))
        print(f"Model: {model.name}   leads: {table.n_rows:,}   outcome column: {outcome}")
        if missing:
            print(f"Fields not in the file (they count as empty): {', '.join(missing)}")
        print(format_band_table(result))
    return 0


COMMANDS = [
    Command(
        "backtest",
        "score historical leads with a model and show conversion by score band",
        _configure_backtest,
        _run_backtest,
    ),
]
