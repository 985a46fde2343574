"""The assessment stored in a workspace: answers, respondents, imports, undo states, schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import create_engine

from app.models.schema import SCHEMA_HEAD
from app.services.assessment.demo import DEMO_QUARTERS
from app.services.assessment.forms import export_form
from app.services.assessment.instrument import load_instrument
from app.services.assessment.scoring import Answer
from app.services.assessment.store import AssessmentStore, DuplicateChoice, StoredAnswer
from app.services.errors import Cancelled, ImportFailed, ValidationError
from app.services.progress import CancelToken
from app.services.workspace import Workspace, check_workspace, open_workspace

INSTRUMENT = load_instrument()
STATEMENTS = [s.id for s in INSTRUMENT.statements]
Q = "2026-Q4"


def fill_form(path: Path, name: str, team: str, rating: int, comment: str = "") -> Path:
    """Answer every statement of an exported form with `rating`, as a leader would."""
    workbook = load_workbook(path)
    sheet = workbook["Form"]
    sheet["B3"], sheet["B4"] = name, team
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value in STATEMENTS:
            sheet.cell(row=row, column=3).value = rating
            if comment:
                sheet.cell(row=row, column=4).value = comment
    workbook.save(path)
    return path


def form(tmp_path: Path, file: str, name: str, team: str, rating: int, quarter: str = Q) -> Path:
    blank = export_form(INSTRUMENT, quarter, tmp_path / file)
    return fill_form(blank, name, team, rating)


@pytest.fixture
def store(workspace: Workspace) -> AssessmentStore:
    return AssessmentStore(workspace)


# --- answering ----------------------------------------------------------------------------


def test_every_answer_is_saved_at_once(workspace: Workspace, tmp_path: Path) -> None:
    store = AssessmentStore(workspace)
    priya = store.add_respondent("  Priya   Raman ", "Sales", "2026-q4")
    store.set_answer(priya, "goodwill.1", 4)
    store.set_answer(priya, "goodwill.2", None)
    store.set_comment(priya, "goodwill.1", "Better since the spring offsite.")
    store.set_answer(priya, "goodwill.1", 5)  # a new rating keeps the comment
    workspace.close()

    reopened = open_workspace(workspace.target, backup=False)
    again = AssessmentStore(reopened)
    [info] = again.respondents(Q)
    assert (info.name, info.team, info.quarter, info.answered) == ("Priya Raman", "sales", Q, 2)
    assert (info.instrument_id, info.instrument_version) == (INSTRUMENT.id, INSTRUMENT.version)
    answers = again.answers_of(priya)
    assert answers["goodwill.1"] == StoredAnswer(
        "goodwill.1", 5, "Better since the spring offsite.", INSTRUMENT.version
    )
    assert answers["goodwill.2"].rating is None
    reopened.close()


def test_a_comment_on_an_unanswered_statement_counts_as_dont_know(store: AssessmentStore) -> None:
    rid = store.add_respondent("Tom Becker", "sales", Q)
    store.set_comment(rid, "scoring.2", "Too many students among the hot leads.")
    answer = store.answer(rid, "scoring.2")
    assert answer is not None and answer.rating is None
    store.clear_answer(rid, "scoring.2")
    assert store.answer(rid, "scoring.2") is None


def test_bad_ratings_and_statements_are_refused(store: AssessmentStore) -> None:
    rid = store.add_respondent("Tom Becker", "sales", Q)
    for rating in (0, 6, True):
        with pytest.raises(ValidationError):
            store.set_answer(rid, "goodwill.1", rating)
    with pytest.raises(ValidationError, match="not part of the questionnaire"):
        store.set_answer(rid, "goodwill.9", 3)
    assert store.answers_of(rid) == {}


def test_one_person_answers_once_a_quarter(store: AssessmentStore) -> None:
    first = store.add_respondent("Priya Raman", "sales", Q)
    with pytest.raises(ValidationError, match="already takes part in 2026-Q4"):
        store.add_respondent(" priya  RAMAN", "marketing", Q)
    store.add_respondent("Priya Raman", "sales", "2027-Q1")
    other = store.add_respondent("Claire Dubois", "marketing", Q)
    with pytest.raises(ValidationError):
        store.update_respondent(other, name="PRIYA RAMAN")
    store.update_respondent(first, name="Priya R. Raman", team="leadership")
    assert [(r.name, r.team) for r in store.respondents(Q)] == [
        ("Claire Dubois", "marketing"),
        ("Priya R. Raman", "leadership"),
    ]
    assert store.quarters() == [Q, "2027-Q1"]
    with pytest.raises(ValidationError):
        store.add_respondent("Someone", "finance", Q)
    with pytest.raises(ValidationError):
        store.add_respondent("   ", "sales", Q)


def test_results_come_from_the_stored_answers(store: AssessmentStore) -> None:
    """Sales rates everything 5 and marketing 3: sales 100, marketing 50, overall 75."""
    for name, team, rating in (("Dan", "sales", 5), ("Claire", "marketing", 3)):
        rid = store.add_respondent(name, team, Q)
        for statement_id in STATEMENTS:
            store.set_answer(rid, statement_id, rating)
    results = store.results()
    assert results.quarter == Q
    assert results.overall.index == pytest.approx(75.0)
    assert results.overall.stage is not None and results.overall.stage.name == "Aligned"
    assert results.overall_gap.gap == pytest.approx(50.0) and results.overall_gap.flagged
    assert results.instrument_version == INSTRUMENT.version


def test_exact_state_brings_a_deleted_respondent_back(store: AssessmentStore) -> None:
    rid = store.add_respondent("Marcus Lee", "marketing", Q)
    store.set_answer(rid, "data.1", 2)
    store.set_comment(rid, "data.1", "We still argue about whose numbers are right.")
    before = store.state(rid)
    store.delete_respondent(rid)
    assert store.respondents(Q) == [] and store.state(rid) is None
    store.apply_state(rid, before)
    assert store.state(rid) == before
    assert store.answers_of(rid)["data.1"].comment.startswith("We still argue")


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ratings=st.lists(
        st.tuples(st.sampled_from(STATEMENTS), st.one_of(st.none(), st.integers(1, 5))),
        min_size=1,
        max_size=12,
        unique_by=lambda pair: pair[0],
    ),
    team=st.sampled_from(["sales", "marketing", "leadership", "other"]),
)
def test_bulk_answers_read_back_unchanged(
    store: AssessmentStore, ratings: list[tuple[str, int | None]], team: str
) -> None:
    given_answers = [Answer("Sofia Alvarez", team, Q, s, r, f"note {s}") for s, r in ratings]
    outcome = store.add_answers(given_answers)
    try:
        assert sorted(store.answers(Q), key=lambda a: a.statement_id) == sorted(
            given_answers, key=lambda a: a.statement_id
        )
    finally:
        store.apply_states([(c.respondent_id, None) for c in outcome.changes])


# --- importing forms ----------------------------------------------------------------------


def test_imported_forms_are_stored_with_their_instrument(
    store: AssessmentStore, tmp_path: Path
) -> None:
    paths = [
        form(tmp_path, "a.xlsx", "Priya Raman", "Sales", 4),
        form(tmp_path, "b.xlsx", "Claire Dubois", "Marketing", 2),
    ]
    outcome = store.import_files(paths)
    assert (outcome.forms, outcome.added, outcome.answers) == (2, 2, 2 * len(STATEMENTS))
    assert [r.answered for r in store.respondents(Q)] == [len(STATEMENTS)] * 2
    assert store.results(Q).overall_gap.gap == pytest.approx(50.0)
    assert "Imported 76 answers from 2 forms" in outcome.summary()


def test_a_duplicate_is_replaced_or_kept_as_chosen(store: AssessmentStore, tmp_path: Path) -> None:
    store.import_files([form(tmp_path, "first.xlsx", "Priya Raman", "Sales", 2)])
    again = form(tmp_path, "again.xlsx", "PRIYA raman", "Sales", 5)

    with pytest.raises(ValidationError, match="replace them or keep them"):
        store.import_files([again])
    assert {a.rating for a in store.answers(Q)} == {2}

    kept = store.import_files([again], DuplicateChoice.KEEP)
    assert (kept.kept, kept.added, kept.replaced) == (1, 0, 0)
    assert {a.rating for a in store.answers(Q)} == {2}

    replaced = store.import_files([again], DuplicateChoice.REPLACE)
    assert replaced.replaced == 1
    assert {a.rating for a in store.answers(Q)} == {5}
    assert len(store.respondents(Q)) == 1

    # The outcome holds what an undo needs: the stored answers come back exactly.
    change = replaced.changes[0]
    store.apply_states([(change.respondent_id, change.before)])
    assert {a.rating for a in store.answers(Q)} == {2}


def test_one_bad_form_imports_nothing(store: AssessmentStore, tmp_path: Path) -> None:
    good = form(tmp_path, "good.xlsx", "Priya Raman", "Sales", 4)
    bad = form(tmp_path, "bad.xlsx", "Tom Becker", "Sales", 3)
    workbook = load_workbook(bad)
    workbook["Form"]["B9"] = "A statement we would rather answer."
    workbook.save(bad)
    with pytest.raises(ImportFailed) as refused:
        store.import_files([good, bad])
    assert refused.value.problems[0].file == str(bad)
    assert refused.value.problems[0].row == 9
    assert store.respondents(Q) == [] and store.quarters() == []


def test_a_cancelled_import_leaves_nothing_behind(store: AssessmentStore, tmp_path: Path) -> None:
    from app.services.assessment.form_import import read_forms

    preview = read_forms(
        [form(tmp_path, f"{n}.xlsx", f"Person {n}", "Marketing", 3) for n in range(3)]
    )
    token = CancelToken()

    def progress(fraction: float) -> None:
        if fraction > 0.3:
            token.cancel()

    with pytest.raises(Cancelled):
        store.import_forms(preview, progress=progress, cancel=token)
    assert store.quarters() == []


# --- the demo and the schema --------------------------------------------------------------


def test_demo_workspace_shows_a_year_of_improvement(demo_workspace: Workspace) -> None:
    store = AssessmentStore(demo_workspace)
    assert store.quarters() == list(DEMO_QUARTERS)
    assert all(len(store.respondents(q)) == 6 for q in DEMO_QUARTERS)
    trend = store.results().trend
    overall = [p.overall or 0.0 for p in trend]
    gaps = [abs((p.sales or 0.0) - (p.marketing or 0.0)) for p in trend]
    assert overall == sorted(overall) and overall[0] < 40 <= overall[-1]
    assert gaps[-1] < gaps[0]


def test_a_workspace_from_schema_0002_is_migrated_with_its_data(
    tmp_path: Path, private_data_dir: Path
) -> None:
    from app.models.migrate import upgrade
    from app.models.schema import APPLICATION_ID

    path = tmp_path / "before-assessment.accord"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        upgrade(connection, "0002")
        connection.exec_driver_sql(
            "INSERT INTO term (id, name, category, definition, owner_team, synonyms, examples, "
            "status, position, entry_criteria, exit_criteria, recycle_path, crm_value, "
            "created_at, updated_at, version) VALUES (1, 'MQL', 'lifecycle_stage', 'Ready', "
            "'marketing', '', '', 'agreed', 1, '', '', '', 'mql', '2026-01-01', '2026-01-01', 1)"
        )
    engine.dispose()
    assert check_workspace(path).schema_version == "0002"

    workspace = open_workspace(path)
    assert [t.name for t in workspace.lexicon.list_terms()] == ["MQL"]
    store = AssessmentStore(workspace)
    rid = store.add_respondent("Priya Raman", "sales", Q)
    store.set_answer(rid, "goodwill.1", 4)
    workspace.close()
    report = check_workspace(path)
    assert report.schema_version == SCHEMA_HEAD
    assert report.counts["assessment_respondents"] == 1
    assert report.counts["assessment_answers"] == 1
    assert list((private_data_dir / "backups").rglob("*before-migration-from-0002*"))
