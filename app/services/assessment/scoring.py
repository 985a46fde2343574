"""Scores of the quarterly self-assessment: per commandment, overall, by team and over time.

How the numbers are made (the results page and the XLSX export say the same):

- A rating is 1–5; "don't know" (rating None) is counted but left out of every mean.
- Commandment mean = the mean of all ratings given to its statements in the quarter, by
  every respondent of every team pooled together.
- Index = (mean − 1) / 4 × 100, so 1 maps to 0 and 5 to 100.
- Overall index = the plain mean of the commandment indices (and overall mean rating the
  mean of the commandment means), so each commandment weighs the same however many
  statements it has or however many people answered it. Commandments without a single
  rating in the quarter are left out rather than counted as zero.
- Stage: the instrument's rubric applied to an index (Ambiguous below 40, Collaborative
  below 70, Aligned from 70 in version 1); its band (low/mid/high) picks a commandment's
  next step.
- By team: the same sums restricted to one team. Perception gap = sales index −
  marketing index (positive when sales sees things more favourably); it is flagged when
  its absolute value is at least GAP_FLAG_THRESHOLD (15 index points, i.e. 0.6 of a
  rating step on average). The overall gap compares each team's overall index, made as
  above from that team's commandment indices. Leadership and other respondents count in
  the totals but in neither side of the gap.
- Weakest three: the commandments with the lowest index, ties in questionnaire order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean

from app.services.assessment.instrument import Commandment, Instrument, StageBand
from app.services.assessment.quarters import (
    Quarter,
    next_quarter,
    normalise_quarter,
    parse_quarter,
    previous_quarter,
    sort_quarters,
)
from app.services.errors import ValidationError

__all__ = [
    "GAP_FLAG_THRESHOLD",
    "TEAMS",
    "Answer",
    "AssessmentResults",
    "CommandmentResult",
    "Comment",
    "Quarter",
    "Score",
    "TeamGap",
    "TrendPoint",
    "next_quarter",
    "parse_quarter",
    "previous_quarter",
    "respondent_key",
    "results_to_xlsx",
    "score_answers",
    "sort_quarters",
    "validate_answers",
]

TEAMS = ("sales", "marketing", "leadership", "other")
GAP_FLAG_THRESHOLD = 15.0
WEAKEST_COUNT = 3


@dataclass(frozen=True)
class Answer:
    """One respondent's rating of one statement in one quarter (rating None = don't know)."""

    respondent: str
    team: str
    quarter: str
    statement_id: str
    rating: int | None
    comment: str = ""


@dataclass(frozen=True)
class Score:
    """Mean rating (1–5), index (0–100) and stage of a set of answers; None when unrated."""

    mean: float | None
    index: float | None
    stage: StageBand | None
    answers: int
    dont_know: int

    @property
    def rated(self) -> int:
        return self.answers - self.dont_know


@dataclass(frozen=True)
class TeamGap:
    """How differently sales and marketing see the same thing, in index points."""

    sales: float | None
    marketing: float | None
    gap: float | None
    abs_gap: float | None
    flagged: bool


@dataclass(frozen=True)
class CommandmentResult:
    """The quarter's result for one commandment, with the next step for its band."""

    commandment: Commandment
    score: Score
    by_team: dict[str, Score] = field(hash=False)
    gap: TeamGap
    next_step: str | None


@dataclass(frozen=True)
class Comment:
    """A remark a respondent left next to a statement."""

    statement_id: str
    respondent: str
    team: str
    rating: int | None
    text: str


@dataclass(frozen=True)
class TrendPoint:
    """One quarter of the trend: the overall, per-commandment and per-team indices."""

    quarter: str
    overall: float | None
    commandments: dict[str, float | None] = field(hash=False)
    sales: float | None
    marketing: float | None
    respondents: int


@dataclass(frozen=True)
class AssessmentResults:
    """Everything the results page and the export show for one quarter."""

    instrument_id: str
    instrument_version: int
    quarter: str
    respondents: tuple[str, ...]
    overall: Score
    overall_by_team: dict[str, Score] = field(hash=False)
    overall_gap: TeamGap
    commandments: tuple[CommandmentResult, ...]
    weakest: tuple[CommandmentResult, ...]
    comments: dict[str, tuple[Comment, ...]] = field(hash=False)
    trend: tuple[TrendPoint, ...]
    gap_threshold: float

    def result_for(self, commandment_id: str) -> CommandmentResult:
        for result in self.commandments:
            if result.commandment.id == commandment_id:
                return result
        raise KeyError(commandment_id)


def respondent_key(name: str) -> str:
    """The form of a name used to match respondents: spacing and case do not matter."""
    return " ".join(name.split()).casefold()


def validate_answers(instrument: Instrument, answers: Iterable[Answer]) -> list[Answer]:
    """Check every answer against the instrument; return them with tidied fields.

    Raises ValidationError for an unknown statement or team, a rating outside 1–5, a
    malformed quarter, a missing name, or the same person answering a statement twice
    in one quarter (which would count twice).
    """
    checked = []
    seen: set[tuple[str, str, str]] = set()
    for answer in answers:
        respondent = " ".join(answer.respondent.split())
        if not respondent:
            raise ValidationError("Every answer needs the respondent's name.", "respondent")
        team = answer.team.strip().lower()
        if team not in TEAMS:
            raise ValidationError(
                f"'{answer.team}' is not a team; use one of {', '.join(TEAMS)}.", "team"
            )
        if instrument.statement(answer.statement_id) is None:
            raise ValidationError(
                f"Statement '{answer.statement_id}' is not part of instrument "
                f"'{instrument.id}' version {instrument.version}.",
                "statement_id",
            )
        rating = answer.rating
        if rating is not None and (isinstance(rating, bool) or rating not in (1, 2, 3, 4, 5)):
            raise ValidationError(
                f"A rating must be 1 to 5 or don't know, not {rating!r}.", "rating"
            )
        quarter = normalise_quarter(answer.quarter)
        key = (respondent_key(respondent), quarter, answer.statement_id)
        if key in seen:
            raise ValidationError(
                f"{respondent} answered statement {answer.statement_id} twice in {quarter}.",
                "statement_id",
            )
        seen.add(key)
        checked.append(
            Answer(respondent, team, quarter, answer.statement_id, rating, answer.comment.strip())
        )
    return checked


def score_answers(
    instrument: Instrument,
    answers: Iterable[Answer],
    quarter: str | None = None,
    *,
    gap_threshold: float = GAP_FLAG_THRESHOLD,
) -> AssessmentResults:
    """Score the answers of `quarter` (default: the latest one answered), with the trend.

    The trend covers every quarter present in `answers`, in time order.
    """
    checked = validate_answers(instrument, answers)
    by_quarter: dict[str, list[Answer]] = defaultdict(list)
    for answer in checked:
        by_quarter[answer.quarter].append(answer)
    if quarter is None:
        if not by_quarter:
            raise ValidationError("There are no answers to score yet.", "quarter")
        quarter = sort_quarters(by_quarter)[-1]
    quarter = normalise_quarter(quarter)
    snapshots = {
        q: _Snapshot(instrument, by_quarter[q], gap_threshold) for q in sort_quarters(by_quarter)
    }
    current = snapshots.get(quarter) or _Snapshot(instrument, [], gap_threshold)
    ranked = sorted(
        (r for r in current.commandments if r.score.index is not None),
        key=lambda r: r.score.index or 0.0,
    )  # sorted() is stable: ties keep their order
    return AssessmentResults(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        quarter=quarter,
        respondents=current.respondents,
        overall=current.overall,
        overall_by_team=current.overall_by_team,
        overall_gap=current.overall_gap,
        commandments=current.commandments,
        weakest=tuple(ranked[:WEAKEST_COUNT]),
        comments=current.comments,
        trend=tuple(snapshot.trend_point(q) for q, snapshot in snapshots.items()),
        gap_threshold=gap_threshold,
    )


def results_to_xlsx(results: AssessmentResults, path: Path | str) -> Path:
    """Write the results workbook (see results_export); returns the path written."""
    # Imported here so that scoring does not pay openpyxl's import time.
    from app.services.assessment.results_export import write_results_workbook

    return write_results_workbook(results, Path(path))


class _Tally:
    """Running sums for one group of answers; integer sums keep the means exact."""

    __slots__ = ("answers", "dont_know", "total")

    def __init__(self) -> None:
        self.total = 0
        self.answers = 0
        self.dont_know = 0

    def add(self, rating: int | None) -> None:
        self.answers += 1
        if rating is None:
            self.dont_know += 1
        else:
            self.total += rating

    def score(self, instrument: Instrument) -> Score:
        rated = self.answers - self.dont_know
        if rated == 0:
            return Score(None, None, None, self.answers, self.dont_know)
        mean = self.total / rated
        index = (mean - 1) / 4 * 100
        return Score(mean, index, instrument.stage_for(index), self.answers, self.dont_know)


def _combine(instrument: Instrument, scores: Sequence[Score]) -> Score:
    """An overall score giving each commandment the same weight."""
    scored = [s for s in scores if s.mean is not None and s.index is not None]
    answers = sum(s.answers for s in scores)
    dont_know = sum(s.dont_know for s in scores)
    if not scored:
        return Score(None, None, None, answers, dont_know)
    index = fmean(s.index for s in scored if s.index is not None)
    return Score(
        fmean(s.mean for s in scored if s.mean is not None),
        index,
        instrument.stage_for(index),
        answers,
        dont_know,
    )


def _gap(sales: Score | None, marketing: Score | None, threshold: float) -> TeamGap:
    sales_index = sales.index if sales else None
    marketing_index = marketing.index if marketing else None
    if sales_index is None or marketing_index is None:
        return TeamGap(sales_index, marketing_index, None, None, False)
    gap = sales_index - marketing_index
    # A tolerance keeps a gap of exactly the threshold flagged despite float rounding.
    return TeamGap(sales_index, marketing_index, gap, abs(gap), abs(gap) >= threshold - 1e-9)


class _Snapshot:
    """The scores of one quarter's answers."""

    def __init__(self, instrument: Instrument, answers: list[Answer], threshold: float):
        overall: dict[str, _Tally] = defaultdict(_Tally)
        by_team: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
        comments: dict[str, list[Comment]] = defaultdict(list)
        names: dict[str, str] = {}
        for answer in answers:
            statement = instrument.statement(answer.statement_id)
            assert statement is not None  # validate_answers guarantees it
            overall[statement.commandment_id].add(answer.rating)
            by_team[statement.commandment_id, answer.team].add(answer.rating)
            names.setdefault(respondent_key(answer.respondent), answer.respondent)
            if answer.comment:
                comments[statement.commandment_id].append(
                    Comment(
                        answer.statement_id,
                        answer.respondent,
                        answer.team,
                        answer.rating,
                        answer.comment,
                    )
                )
        order = {s.id: n for n, s in enumerate(instrument.statements)}
        results = []
        for commandment in instrument.commandments:
            score = overall[commandment.id].score(instrument)
            teams = {
                team: by_team[commandment.id, team].score(instrument)
                for team in TEAMS
                if (commandment.id, team) in by_team
            }
            results.append(
                CommandmentResult(
                    commandment,
                    score,
                    teams,
                    _gap(teams.get("sales"), teams.get("marketing"), threshold),
                    commandment.next_step(score.stage.band) if score.stage else None,
                )
            )
        self.commandments = tuple(results)
        self.overall = _combine(instrument, [r.score for r in results])
        self.overall_by_team = {
            team: _combine(instrument, [r.by_team[team] for r in results if team in r.by_team])
            for team in TEAMS
            if any(team in r.by_team for r in results)
        }
        self.overall_gap = _gap(
            self.overall_by_team.get("sales"), self.overall_by_team.get("marketing"), threshold
        )
        self.respondents = tuple(sorted(names.values(), key=respondent_key))
        self.comments = {
            c.id: tuple(
                sorted(
                    comments[c.id],
                    key=lambda m: (order[m.statement_id], respondent_key(m.respondent)),
                )
            )
            for c in instrument.commandments
            if c.id in comments
        }

    def trend_point(self, quarter: str) -> TrendPoint:
        sales = self.overall_by_team.get("sales")
        marketing = self.overall_by_team.get("marketing")
        return TrendPoint(
            quarter,
            self.overall.index,
            {r.commandment.id: r.score.index for r in self.commandments},
            sales.index if sales else None,
            marketing.index if marketing else None,
            len(self.respondents),
        )
