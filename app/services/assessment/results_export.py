"""The assessment results as an XLSX workbook: overall, commandments, weakest, comments, trend."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.services.assessment.scoring import AssessmentResults, Score, TeamGap
from app.services.assessment.sheet_format import write_table
from app.services.errors import AccordError

INDEX_FORMAT = "0.0"
MEAN_FORMAT = "0.00"
TEAM_LABELS = {
    "sales": "Sales",
    "marketing": "Marketing",
    "leadership": "Leadership",
    "other": "Other",
}


def write_results_workbook(results: AssessmentResults, path: Path) -> Path:
    """Write the results of one quarter, with the trend of all quarters, to `path`."""
    workbook = Workbook()
    overall = workbook.active
    assert overall is not None  # a new Workbook always has one sheet
    overall.title = "Overall"
    _overall_sheet(results, overall)
    _commandments_sheet(results, workbook.create_sheet("Commandments"))
    _weakest_sheet(results, workbook.create_sheet("Weakest three"))
    _comments_sheet(results, workbook.create_sheet("Comments"))
    _trend_sheet(results, workbook.create_sheet("Trend"))
    try:
        workbook.save(path)
    except OSError as error:
        raise AccordError(
            f"The results could not be written to {path}: {error.strerror or error}."
        ) from error
    return path


def _stage(score: Score) -> str | None:
    return score.stage.name if score.stage else None


def _gap_columns(gap: TeamGap) -> list[object]:
    return [gap.sales, gap.marketing, gap.gap, gap.abs_gap, "Yes" if gap.flagged else "No"]


def _overall_sheet(results: AssessmentResults, sheet: Worksheet) -> None:
    score = results.overall
    rows: list[list[object]] = [
        ["Quarter", results.quarter],
        ["Instrument", f"{results.instrument_id} version {results.instrument_version}"],
        ["Respondents", len(results.respondents)],
        ["Mean rating (1–5)", score.mean],
        ["Index (0–100)", score.index],
        ["Stage", _stage(score)],
        ["What the stage means", score.stage.description if score.stage else None],
        ["Answers", score.answers],
        ["Don't know", score.dont_know],
    ]
    for team, team_score in results.overall_by_team.items():
        rows.append([f"{TEAM_LABELS[team]} index", team_score.index])
    gap = results.overall_gap
    rows += [
        ["Perception gap (sales − marketing)", gap.gap],
        [f"Gap flagged (|gap| ≥ {results.gap_threshold:g})", "Yes" if gap.flagged else "No"],
        [
            "How overall is computed",
            "Index = (mean rating − 1) / 4 × 100. Overall = mean of the commandment indices, "
            "so each commandment weighs the same. Don't know answers are not rated.",
        ],
    ]
    write_table(sheet, ["Measure", "Value"], rows, wrap_columns=(1,))
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell = row[0]
        if isinstance(cell.value, float):
            label = str(sheet.cell(row=cell.row, column=1).value)
            cell.number_format = MEAN_FORMAT if label.startswith("Mean") else INDEX_FORMAT


def _commandments_sheet(results: AssessmentResults, sheet: Worksheet) -> None:
    headers = [
        "Commandment",
        "Mean rating",
        "Index",
        "Stage",
        "Answers",
        "Don't know",
        "Sales index",
        "Marketing index",
        "Gap (sales − marketing)",
        "Gap size",
        "Gap flagged",
        "Next step",
    ]
    rows = [
        [
            r.commandment.title,
            r.score.mean,
            r.score.index,
            _stage(r.score),
            r.score.answers,
            r.score.dont_know,
            *_gap_columns(r.gap),
            r.next_step,
        ]
        for r in results.commandments
    ]
    write_table(
        sheet,
        headers,
        rows,
        {
            1: MEAN_FORMAT,
            2: INDEX_FORMAT,
            6: INDEX_FORMAT,
            7: INDEX_FORMAT,
            8: INDEX_FORMAT,
            9: INDEX_FORMAT,
        },
        wrap_columns=(11,),
    )


def _weakest_sheet(results: AssessmentResults, sheet: Worksheet) -> None:
    rows = [
        [rank, r.commandment.title, r.score.index, _stage(r.score), r.next_step]
        for rank, r in enumerate(results.weakest, start=1)
    ]
    write_table(
        sheet,
        ["Rank", "Commandment", "Index", "Stage", "Next step"],
        rows,
        {2: INDEX_FORMAT},
        wrap_columns=(4,),
    )


def _comments_sheet(results: AssessmentResults, sheet: Worksheet) -> None:
    titles = {r.commandment.id: r.commandment.title for r in results.commandments}
    rows = [
        [
            titles[commandment_id],
            comment.statement_id,
            comment.respondent,
            TEAM_LABELS.get(comment.team, comment.team),
            "Don't know" if comment.rating is None else comment.rating,
            comment.text,
        ]
        for commandment_id, comments in results.comments.items()
        for comment in comments
    ]
    write_table(
        sheet,
        ["Commandment", "Statement", "Respondent", "Team", "Rating", "Comment"],
        rows,
        wrap_columns=(5,),
    )


def _trend_sheet(results: AssessmentResults, sheet: Worksheet) -> None:
    commandments = [r.commandment for r in results.commandments]
    headers = [
        "Quarter",
        "Respondents",
        "Overall index",
        "Sales index",
        "Marketing index",
        *(c.title for c in commandments),
    ]
    rows = [
        [
            point.quarter,
            point.respondents,
            point.overall,
            point.sales,
            point.marketing,
            *(point.commandments.get(c.id) for c in commandments),
        ]
        for point in results.trend
    ]
    formats = {column: INDEX_FORMAT for column in range(2, len(headers))}
    write_table(sheet, headers, rows, formats)
