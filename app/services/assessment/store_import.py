"""Storing whole respondents at once (imported forms, the demo): all or nothing.

Everything is checked before the first row is written, and the writing happens in one
transaction, so a refused or cancelled import leaves the workspace as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import insert, select

from app.models.assessment import AssessmentAnswer, AssessmentRespondent, AssessmentTeam
from app.models.base import utc_now
from app.services.assessment.instrument import Instrument
from app.services.assessment.quarters import normalise_quarter
from app.services.assessment.scoring import Answer, respondent_key, validate_answers
from app.services.assessment.store_records import (
    DuplicateChoice,
    ImportOutcome,
    RespondentChange,
    RespondentState,
    StoredAnswer,
    Submission,
    answer_rows,
    drop_answers,
    state_of,
    tidy_name,
    tidy_team,
)
from app.services.errors import ValidationError
from app.services.progress import CancelToken, ProgressCallback, report

if TYPE_CHECKING:
    from app.models.database import Database
    from app.services.assessment.form_import import ImportedForm

InstrumentLookup = Callable[[int], Instrument]


def submissions_from_forms(forms: Iterable[ImportedForm]) -> list[Submission]:
    return [
        Submission(
            f.respondent, f.team, f.quarter, f.instrument_id, f.instrument_version, f.answers
        )
        for f in forms
    ]


def submissions_from_answers(answers: Iterable[Answer], instrument: Instrument) -> list[Submission]:
    """Group loose answers by respondent and quarter (the first answer gives the team)."""
    groups: dict[tuple[str, str], list[Answer]] = defaultdict(list)
    for answer in answers:
        key = (respondent_key(answer.respondent), normalise_quarter(answer.quarter))
        groups[key].append(answer)
    return [
        Submission(
            group[0].respondent,
            group[0].team,
            quarter,
            instrument.id,
            instrument.version,
            tuple(group),
        )
        for (_key, quarter), group in groups.items()
    ]


def check_submissions(
    submissions: Sequence[Submission], instrument_for: InstrumentLookup
) -> list[Submission]:
    """Tidy and validate every submission; ValidationError on the first bad one."""
    checked = []
    seen: set[tuple[str, str]] = set()
    for submission in submissions:
        name, team = tidy_name(submission.respondent), tidy_team(submission.team)
        quarter = normalise_quarter(submission.quarter)
        key = (respondent_key(name), quarter)
        if key in seen:
            raise ValidationError(f"{name} appears twice for {quarter}; keep only one.", "name")
        seen.add(key)
        instrument = instrument_for(submission.instrument_version)
        answers = validate_answers(
            instrument,
            (
                Answer(name, team.value, quarter, a.statement_id, a.rating, a.comment)
                for a in submission.answers
            ),
        )
        checked.append(
            Submission(name, team.value, quarter, instrument.id, instrument.version, tuple(answers))
        )
    return checked


def store_submissions(
    database: Database,
    submissions: Sequence[Submission],
    instrument_for: InstrumentLookup,
    on_duplicate: DuplicateChoice | None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ImportOutcome:
    """Write the submissions in one transaction; see `AssessmentStore.import_forms`."""
    checked = check_submissions(submissions, instrument_for)
    added = replaced = kept = answer_count = 0
    befores: dict[int, RespondentState | None] = {}
    rows: list[dict[str, object]] = []
    with database.session() as session:
        stored = {
            (r.name_key, r.quarter): r
            for r in session.scalars(
                select(AssessmentRespondent).where(
                    AssessmentRespondent.quarter.in_({s.quarter for s in checked})
                )
            )
        }
        clashes = [s for s in checked if (respondent_key(s.respondent), s.quarter) in stored]
        if clashes and on_duplicate is None:
            names = ", ".join(f"{s.respondent} ({s.quarter})" for s in clashes[:3])
            more = f" and {len(clashes) - 3} more" if len(clashes) > 3 else ""
            raise ValidationError(
                f"Answers are already stored for {names}{more}; choose whether to replace "
                "them or keep them. Nothing was imported.",
                "duplicates",
            )
        for number, submission in enumerate(checked):
            if cancel is not None:
                cancel.raise_if_cancelled()
            respondent = stored.get((respondent_key(submission.respondent), submission.quarter))
            if respondent is not None and on_duplicate is DuplicateChoice.KEEP:
                kept += 1
                continue
            if respondent is not None:
                befores[respondent.id] = state_of(respondent)
                drop_answers(session, respondent)
                replaced += 1
            else:
                respondent = AssessmentRespondent(quarter=submission.quarter)
                session.add(respondent)
                added += 1
            respondent.name = submission.respondent
            respondent.name_key = respondent_key(submission.respondent)
            respondent.team = AssessmentTeam(submission.team)
            respondent.instrument_id = submission.instrument_id
            respondent.instrument_version = submission.instrument_version
            respondent.updated_at = utc_now()
            session.flush()
            befores.setdefault(respondent.id, None)
            rows.extend(
                answer_rows(
                    respondent.id,
                    [
                        StoredAnswer(
                            a.statement_id, a.rating, a.comment, submission.instrument_version
                        )
                        for a in submission.answers
                    ],
                )
            )
            answer_count += len(submission.answers)
            report(progress, (number + 1) / max(1, len(checked)) * 0.9)
        if rows:
            session.execute(insert(AssessmentAnswer), rows)
        # A last look before committing: a cancel during the bulk insert still counts.
        if cancel is not None:
            cancel.raise_if_cancelled()
    with database.session() as session:
        changes = []
        for respondent_id, before in befores.items():
            after = session.get(AssessmentRespondent, respondent_id)
            changes.append(
                RespondentChange(respondent_id, before, state_of(after) if after else None)
            )
    report(progress, 1.0)
    return ImportOutcome(len(checked), added, replaced, kept, answer_count, tuple(changes))
