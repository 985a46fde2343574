"""Headless commands for the self-assessment: export a form, import forms, print results."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.registry import Command

if TYPE_CHECKING:
    from app.services.assessment.scoring import AssessmentResults, Score


def _workspace_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", type=Path, help="the workspace file (.accord)")


def _configure_form(parser: argparse.ArgumentParser) -> None:
    _workspace_argument(parser)
    parser.add_argument("--quarter", required=True, metavar="Q", help="the quarter, e.g. 2026-Q4")
    parser.add_argument(
        "--out", required=True, metavar="FILE.xlsx", type=Path, help="form to write"
    )
    parser.add_argument("--respondent", metavar="NAME", help="prefill the respondent's name")
    parser.add_argument(
        "--team",
        metavar="TEAM",
        help="prefill the team (sales, marketing, leadership, other); "
        "taken from the workspace when the respondent is already listed",
    )


def _run_form(args: argparse.Namespace) -> int:
    from app.services.assessment.forms import export_form
    from app.services.assessment.store import AssessmentStore
    from app.services.errors import ValidationError
    from app.services.workspace import open_workspace

    workspace = open_workspace(args.path, backup=False)
    try:
        store = AssessmentStore(workspace)
        team = args.team
        if args.respondent and team is None:
            known = store.find_respondent(args.respondent, args.quarter)
            team = known.team if known else None
        if team is not None and not args.respondent:
            raise ValidationError("--team needs --respondent: a blank form leaves both empty.")
        written = export_form(store.instrument, args.quarter, args.out, args.respondent, team)
    finally:
        workspace.close()
    who = f" for {args.respondent}" if args.respondent else " (blank)"
    print(f"Wrote the {args.quarter.strip().upper()} form{who} to {written}")
    return 0


def _configure_import(parser: argparse.ArgumentParser) -> None:
    _workspace_argument(parser)
    parser.add_argument("files", metavar="FILE", nargs="+", type=Path, help="returned forms")
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument(
        "--replace",
        action="store_const",
        const="replace",
        dest="duplicates",
        help="replace stored answers of a respondent who sent a form again",
    )
    choice.add_argument(
        "--keep",
        action="store_const",
        const="keep",
        dest="duplicates",
        help="keep stored answers and skip such forms",
    )


def _run_import(args: argparse.Namespace) -> int:
    from app.services.assessment.form_import import find_duplicates, read_forms
    from app.services.assessment.store import AssessmentStore, DuplicateChoice
    from app.services.errors import ValidationError
    from app.services.workspace import open_workspace

    # Every form is checked before the workspace is opened (and backed up) for writing.
    preview = read_forms(args.files)
    workspace = open_workspace(args.path)
    try:
        store = AssessmentStore(workspace)
        choice = DuplicateChoice(args.duplicates) if args.duplicates else None
        clashes = find_duplicates(preview, store.existing_keys())
        if clashes and choice is None:
            names = ", ".join(f"{c.existing_respondent} ({c.quarter})" for c in clashes)
            raise ValidationError(
                f"answers are already stored for {names}; add --replace to overwrite them "
                "or --keep to skip those forms. Nothing was imported."
            )
        outcome = store.import_forms(preview, choice)
    finally:
        workspace.close()
    print(outcome.summary())
    return 0


def _configure_results(parser: argparse.ArgumentParser) -> None:
    _workspace_argument(parser)
    parser.add_argument("--quarter", metavar="Q", help="the quarter (default: the latest)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--out", metavar="FILE.xlsx", type=Path, help="also write the workbook")


def _run_results(args: argparse.Namespace) -> int:
    from app.services.assessment.scoring import results_to_xlsx
    from app.services.assessment.store import AssessmentStore
    from app.services.errors import ValidationError
    from app.services.workspace import open_workspace

    workspace = open_workspace(args.path, backup=False)
    try:
        store = AssessmentStore(workspace)
        if not store.quarters():
            raise ValidationError("This workspace has no assessment answers yet.")
        results = store.results(args.quarter)
    finally:
        workspace.close()
    if args.out:
        results_to_xlsx(results, args.out)
    if args.json:
        print(json.dumps(_results_json(results), indent=2, ensure_ascii=False))
    else:
        print(_results_text(results))
    return 0


def _score_json(score: Score) -> dict[str, Any]:
    return {
        "mean": score.mean,
        "index": score.index,
        "stage": score.stage.name if score.stage else None,
        "answers": score.answers,
        "dont_know": score.dont_know,
    }


def _results_json(results: AssessmentResults) -> dict[str, Any]:
    return {
        "quarter": results.quarter,
        "instrument": {"id": results.instrument_id, "version": results.instrument_version},
        "respondents": list(results.respondents),
        "overall": _score_json(results.overall),
        "overall_by_team": {t: _score_json(s) for t, s in results.overall_by_team.items()},
        "overall_gap": results.overall_gap.gap,
        "commandments": [
            {
                "id": r.commandment.id,
                "title": r.commandment.title,
                **_score_json(r.score),
                "sales": r.gap.sales,
                "marketing": r.gap.marketing,
                "gap": r.gap.gap,
                "gap_flagged": r.gap.flagged,
                "next_step": r.next_step,
            }
            for r in results.commandments
        ],
        "weakest": [r.commandment.id for r in results.weakest],
        "trend": [
            {
                "quarter": p.quarter,
                "overall": p.overall,
                "sales": p.sales,
                "marketing": p.marketing,
                "respondents": p.respondents,
            }
            for p in results.trend
        ],
    }


def _number(value: float | None, spec: str = ".1f") -> str:
    return "–" if value is None else format(value, spec)


def _results_text(results: AssessmentResults) -> str:
    overall = results.overall
    lines = [
        f"Assessment {results.quarter} ({results.instrument_id} v{results.instrument_version}), "
        f"{len(results.respondents)} respondents",
        f"Overall index {_number(overall.index)}"
        + (f": {overall.stage.name}" if overall.stage else " (no ratings)"),
        "",
        f"{'Commandment':<40} {'Index':>6} {'Sales':>6} {'Mktg':>6} {'Gap':>6}",
    ]
    for r in results.commandments:
        flag = "  large gap" if r.gap.flagged else ""
        lines.append(
            f"{r.commandment.title[:40]:<40} {_number(r.score.index):>6} "
            f"{_number(r.gap.sales):>6} {_number(r.gap.marketing):>6} "
            f"{_number(r.gap.gap, '+.1f'):>6}{flag}"
        )
    if results.weakest:
        lines += ["", "Weakest three:"]
        lines += [f"  {r.commandment.title}: {r.next_step}" for r in results.weakest]
    return "\n".join(lines)


COMMANDS = [
    Command(
        "assessment-form",
        "export an offline assessment form (XLSX) for a quarter",
        _configure_form,
        _run_form,
    ),
    Command(
        "assessment-import",
        "import returned assessment forms (all or nothing)",
        _configure_import,
        _run_import,
    ),
    Command(
        "assessment-results",
        "print a quarter's assessment results (text or JSON)",
        _configure_results,
        _run_results,
    ),
]
