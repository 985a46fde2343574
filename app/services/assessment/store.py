"""The assessment inside a workspace: respondents per quarter and their answers.

Every method is one committed transaction, so each answer is saved the moment it is
given. Quarters exist only through their respondents. Respondent names are matched
with `respondent_key` (case and spacing ignored): one person answers once per quarter.
Each respondent keeps the instrument id and version they answered, and results are
scored with that instrument. Imports write every form or none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.models.assessment import AssessmentAnswer, AssessmentRespondent
from app.models.base import utc_now
from app.services.assessment.instrument import Instrument, load_instrument
from app.services.assessment.quarters import normalise_quarter, sort_quarters
from app.services.assessment.scoring import (
    Answer,
    AssessmentResults,
    respondent_key,
    score_answers,
)
from app.services.assessment.store_import import (
    store_submissions,
    submissions_from_answers,
    submissions_from_forms,
)
from app.services.assessment.store_records import (
    DuplicateChoice,
    ImportOutcome,
    RespondentChange,
    RespondentInfo,
    RespondentState,
    StoredAnswer,
    Submission,
    answer_row,
    check_name_free,
    get_respondent,
    info_of,
    state_of,
    stored_of,
    tidy_name,
    tidy_team,
    write_state,
)
from app.services.errors import ValidationError
from app.services.progress import CancelToken, ProgressCallback, report

if TYPE_CHECKING:
    from app.models.database import Database
    from app.services.assessment.form_import import FormImportPreview, ImportedForm
    from app.services.workspace import Workspace

__all__ = [
    "AssessmentStore",
    "DuplicateChoice",
    "ImportOutcome",
    "RespondentChange",
    "RespondentInfo",
    "RespondentState",
    "StoredAnswer",
    "Submission",
    "fill_demo_assessment",
]


class AssessmentStore:
    """Reads and changes the assessment of one workspace."""

    def __init__(self, workspace: Workspace, instrument: Instrument | None = None) -> None:
        self._workspace = workspace
        self._instruments: dict[int, Instrument] = {}
        if instrument is not None:
            self._instruments[instrument.version] = instrument
        self._current = instrument

    @property
    def _db(self) -> Database:
        return self._workspace.database

    @property
    def instrument(self) -> Instrument:
        """The instrument new respondents answer (the newest shipped unless given)."""
        if self._current is None:
            self._current = load_instrument()
            self._instruments[self._current.version] = self._current
        return self._current

    def instrument_for(self, version: int) -> Instrument:
        if version not in self._instruments:
            self._instruments[version] = load_instrument(version)
        return self._instruments[version]

    # Reading ---------------------------------------------------------------------------

    def quarters(self) -> list[str]:
        """Quarters with at least one respondent, oldest first."""
        with self._db.session() as session:
            found = session.scalars(select(AssessmentRespondent.quarter).distinct()).all()
        return sort_quarters(found)

    def respondents(self, quarter: str) -> list[RespondentInfo]:
        """The respondents of `quarter` by name, each with how many statements they answered."""
        answered = (
            select(func.count(AssessmentAnswer.id))
            .where(AssessmentAnswer.respondent_id == AssessmentRespondent.id)
            .scalar_subquery()
        )
        with self._db.session() as session:
            rows = session.execute(
                select(AssessmentRespondent, answered)
                .where(AssessmentRespondent.quarter == normalise_quarter(quarter))
                .order_by(AssessmentRespondent.name_key)
            ).all()
            return [info_of(respondent, count) for respondent, count in rows]

    def respondent(self, respondent_id: int) -> RespondentInfo:
        with self._db.session() as session:
            respondent = get_respondent(session, respondent_id)
            count = session.scalar(
                select(func.count(AssessmentAnswer.id)).where(
                    AssessmentAnswer.respondent_id == respondent_id
                )
            )
            return info_of(respondent, count or 0)

    def find_respondent(self, name: str, quarter: str) -> RespondentInfo | None:
        """The respondent of `quarter` with this name (case and spacing ignored)."""
        key = respondent_key(name)
        for info in self.respondents(quarter):
            if respondent_key(info.name) == key:
                return info
        return None

    def existing_keys(self) -> list[tuple[str, str]]:
        """(name, quarter) of every stored respondent, for `find_duplicates`."""
        with self._db.session() as session:
            rows = session.execute(
                select(AssessmentRespondent.name, AssessmentRespondent.quarter)
            ).all()
        return [(name, quarter) for name, quarter in rows]

    def answers_of(self, respondent_id: int) -> dict[str, StoredAnswer]:
        """The respondent's answers by statement id (unanswered statements are absent)."""
        with self._db.session() as session:
            rows = session.scalars(
                select(AssessmentAnswer).where(AssessmentAnswer.respondent_id == respondent_id)
            ).all()
            return {row.statement_id: stored_of(row) for row in rows}

    def answer(self, respondent_id: int, statement_id: str) -> StoredAnswer | None:
        with self._db.session() as session:
            row = answer_row(session, respondent_id, statement_id)
            return stored_of(row) if row is not None else None

    def answers(self, quarter: str | None = None) -> list[Answer]:
        """Stored answers of one quarter (or all) as the scorer takes them."""
        query = select(
            AssessmentRespondent.name,
            AssessmentRespondent.team,
            AssessmentRespondent.quarter,
            AssessmentAnswer.statement_id,
            AssessmentAnswer.rating,
            AssessmentAnswer.comment,
        ).join(AssessmentAnswer.respondent)
        if quarter is not None:
            query = query.where(AssessmentRespondent.quarter == normalise_quarter(quarter))
        with self._db.session() as session:
            rows = session.execute(query.order_by(AssessmentAnswer.id)).all()
        return [
            Answer(name, team.value, q, statement, rating, comment)
            for name, team, q, statement, rating, comment in rows
        ]

    def results(self, quarter: str | None = None) -> AssessmentResults:
        """Scores of `quarter` (default: the latest) with the trend over every quarter.

        Scored with the newest instrument version the quarter's respondents used;
        answers to statements that version does not have are left out.
        """
        quarters = self.quarters()
        if quarter is None and quarters:
            quarter = quarters[-1]
        with self._db.session() as session:
            version = session.scalar(
                select(func.max(AssessmentRespondent.instrument_version)).where(
                    AssessmentRespondent.quarter == normalise_quarter(quarter or "1900-Q1")
                )
            )
        instrument = self.instrument_for(version) if version else self.instrument
        known = [a for a in self.answers() if instrument.statement(a.statement_id) is not None]
        return score_answers(instrument, known, quarter)

    # Respondents -------------------------------------------------------------------------

    def add_respondent(self, name: str, team: str, quarter: str) -> int:
        """Add someone to a quarter; refused when that name already answers in it."""
        name, member, quarter = tidy_name(name), tidy_team(team), normalise_quarter(quarter)
        with self._db.session() as session:
            check_name_free(session, name, quarter, None)
            instrument = self.instrument
            respondent = AssessmentRespondent(
                name=name,
                name_key=respondent_key(name),
                team=member,
                quarter=quarter,
                instrument_id=instrument.id,
                instrument_version=instrument.version,
            )
            session.add(respondent)
            session.flush()
            return respondent.id

    def update_respondent(
        self, respondent_id: int, *, name: str | None = None, team: str | None = None
    ) -> None:
        """Rename someone or change their team; the answers stay."""
        with self._db.session() as session:
            respondent = get_respondent(session, respondent_id)
            if name is not None:
                name = tidy_name(name)
                check_name_free(session, name, respondent.quarter, respondent_id)
                respondent.name, respondent.name_key = name, respondent_key(name)
            if team is not None:
                respondent.team = tidy_team(team)
            respondent.updated_at = utc_now()
            respondent.version += 1

    def delete_respondent(self, respondent_id: int) -> None:
        """Remove someone from their quarter with all their answers."""
        with self._db.session() as session:
            session.delete(get_respondent(session, respondent_id))

    # Answers -------------------------------------------------------------------------------

    def set_answer(
        self, respondent_id: int, statement_id: str, rating: int | None, comment: str | None = None
    ) -> None:
        """Rate a statement 1–5 or None (don't know); `comment=None` keeps the comment."""
        if rating is not None and (isinstance(rating, bool) or rating not in (1, 2, 3, 4, 5)):
            raise ValidationError(f"A rating must be 1 to 5 or don't know, not {rating!r}.")
        self._write_answer(respondent_id, statement_id, rating, comment, keep_rating=False)

    def set_comment(self, respondent_id: int, statement_id: str, comment: str) -> None:
        """Comment on a statement; an unanswered one becomes don't know, as on the forms."""
        self._write_answer(respondent_id, statement_id, None, comment, keep_rating=True)

    def clear_answer(self, respondent_id: int, statement_id: str) -> None:
        """Make a statement unanswered again (its comment goes with it)."""
        self.apply_answer(respondent_id, statement_id, None)

    def apply_answer(
        self, respondent_id: int, statement_id: str, state: StoredAnswer | None
    ) -> None:
        """Make one answer exactly `state` (None: unanswered); used by undo and redo."""
        with self._db.session() as session:
            respondent = get_respondent(session, respondent_id)
            row = answer_row(session, respondent_id, statement_id)
            if state is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(
                    AssessmentAnswer(
                        respondent_id=respondent_id,
                        statement_id=statement_id,
                        rating=state.rating,
                        comment=state.comment,
                        instrument_version=state.instrument_version,
                    )
                )
            else:
                row.rating, row.comment = state.rating, state.comment
                row.instrument_version = state.instrument_version
                row.updated_at = utc_now()
                row.version += 1
            respondent.updated_at = utc_now()

    # Exact states, for undo and redo -----------------------------------------------------

    def state(self, respondent_id: int) -> RespondentState | None:
        """Everything about one respondent, answers included; None when gone."""
        with self._db.session() as session:
            respondent = session.get(AssessmentRespondent, respondent_id)
            return state_of(respondent) if respondent is not None else None

    def apply_state(self, respondent_id: int, state: RespondentState | None) -> None:
        """Make the respondent exactly `state` (None deletes them), keeping the same id."""
        with self._db.session() as session:
            write_state(session, respondent_id, state)

    def apply_states(self, states: Sequence[tuple[int, RespondentState | None]]) -> None:
        """Several `apply_state` calls in one transaction (undoing an import)."""
        with self._db.session() as session:
            for respondent_id, state in states:
                write_state(session, respondent_id, state)

    # Importing -------------------------------------------------------------------------------

    def import_forms(
        self,
        forms: FormImportPreview | Iterable[ImportedForm],
        on_duplicate: DuplicateChoice | None = None,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportOutcome:
        """Store checked forms (see `read_forms`) in one transaction: all or nothing.

        A form for someone who already answered that quarter replaces their answers or
        is skipped, as `on_duplicate` says; without a choice such a form is refused.
        """
        items = forms.forms if hasattr(forms, "forms") else tuple(forms)
        return self.store_submissions(
            submissions_from_forms(items), on_duplicate, progress=progress, cancel=cancel
        )

    def import_files(
        self,
        paths: Sequence[Path | str],
        on_duplicate: DuplicateChoice | None = None,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportOutcome:
        """Read returned forms and store them; any bad form refuses the whole import."""
        from app.services.assessment.form_import import read_forms

        def reading(fraction: float) -> None:
            report(progress, fraction * 0.8)

        def writing(fraction: float) -> None:
            report(progress, 0.8 + fraction * 0.2)

        preview = read_forms(paths, progress=reading, cancel=cancel)
        return self.import_forms(preview, on_duplicate, progress=writing, cancel=cancel)

    def add_answers(
        self, answers: Iterable[Answer], on_duplicate: DuplicateChoice | None = None
    ) -> ImportOutcome:
        """Store answers given in bulk (several people and quarters), like an import."""
        return self.store_submissions(
            submissions_from_answers(answers, self.instrument), on_duplicate
        )

    def store_submissions(
        self,
        submissions: Sequence[Submission],
        on_duplicate: DuplicateChoice | None = None,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportOutcome:
        """Write whole respondents' answers in one transaction (the core of every import)."""
        return store_submissions(
            self._db,
            submissions,
            self.instrument_for,
            on_duplicate,
            progress=progress,
            cancel=cancel,
        )

    # Internals -------------------------------------------------------------------------------

    def _write_answer(
        self,
        respondent_id: int,
        statement_id: str,
        rating: int | None,
        comment: str | None,
        *,
        keep_rating: bool,
    ) -> None:
        with self._db.session() as session:
            respondent = get_respondent(session, respondent_id)
            instrument = self.instrument_for(respondent.instrument_version)
            if instrument.statement(statement_id) is None:
                raise ValidationError(
                    f"Statement '{statement_id}' is not part of the questionnaire "
                    f"{respondent.name} answers.",
                    "statement_id",
                )
            row = answer_row(session, respondent_id, statement_id)
            if row is None:
                row = AssessmentAnswer(
                    respondent_id=respondent_id,
                    statement_id=statement_id,
                    rating=rating,
                    comment="",
                    instrument_version=respondent.instrument_version,
                )
                session.add(row)
            else:
                if not keep_rating:
                    row.rating = rating
                row.version += 1
                row.updated_at = utc_now()
            if comment is not None:
                row.comment = comment.strip()
            respondent.updated_at = utc_now()


def fill_demo_assessment(workspace: Workspace) -> ImportOutcome:
    """Store the demo's four quarters of answers from six leaders."""
    from app.services.assessment.demo import demo_answers

    store = AssessmentStore(workspace, load_instrument(1))
    return store.add_answers(demo_answers(store.instrument))
