"""Team workspaces on PostgreSQL: create, open, refuse, migrate, copy, conflicts, outages."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text

from app.cli import main
from app.models.lexicon import TermCategory
from app.models.schema import SCHEMA_HEAD
from app.services.errors import ConnectionLost, EditConflict, MigrationNeeded, WorkspaceError
from app.services.team.copying import copy_workspace
from app.services.team.presence import connected_people
from app.services.team.targets import redacted, workspace_target
from app.services.workspace import check_workspace, create_workspace, open_workspace
from tests.postgres import fresh_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_database():  # type: ignore[no-untyped-def]
    with fresh_database() as url:
        yield url


@pytest.fixture
def team_url():  # type: ignore[no-untyped-def]
    with fresh_database(with_workspace=True) as url:
        yield url


def _raw(url: str) -> psycopg.Connection:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return psycopg.connect(
        host=parsed.host,
        port=parsed.port,
        user=parsed.username,
        dbname=parsed.database,
        autocommit=True,
    )


def test_urls_are_told_from_paths_and_shown_without_passwords() -> None:
    assert isinstance(workspace_target("postgresql://ann:secret@db.example/accord"), str)
    assert workspace_target("postgresql://ann:secret@db/accord").startswith("postgresql+psycopg")
    assert isinstance(workspace_target("team.accord"), Path)
    shown = redacted("postgresql+psycopg://ann:secret@db.example:5432/accord")
    assert "secret" not in shown
    assert "ann@db.example:5432/accord" in shown


def test_a_new_team_workspace_is_a_full_workspace(empty_database: str) -> None:
    workspace = create_workspace(empty_database, actor="Ann")
    try:
        assert workspace.is_team and workspace.path is None
        term_id = workspace.lexicon.create_term(
            "Marketing qualified lead", TermCategory.LIFECYCLE_STAGE
        )
        assert workspace.lexicon.term(term_id).name == "Marketing qualified lead"
    finally:
        workspace.close()
    report = check_workspace(empty_database)
    assert report.ok and report.schema_version == SCHEMA_HEAD
    assert report.counts["terms"] == 1


def test_a_database_that_is_not_a_workspace_is_refused_untouched(empty_database: str) -> None:
    with _raw(empty_database) as connection:
        connection.execute("CREATE TABLE invoices (id integer primary key)")
    for attempt in (open_workspace, create_workspace):
        with pytest.raises(WorkspaceError, match="not an Accord workspace"):
            attempt(empty_database)
    with _raw(empty_database) as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    assert tables == [("invoices",)]


def test_a_newer_schema_is_refused(team_url: str) -> None:
    with _raw(team_url) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(WorkspaceError, match="newer Accord"):
        open_workspace(team_url)


def test_an_older_schema_is_migrated_only_when_confirmed(empty_database: str) -> None:
    from app.models.migrate import upgrade

    engine = create_engine(empty_database)
    with engine.begin() as connection:
        upgrade(connection, "0001")
        connection.execute(
            text(
                "INSERT INTO term (name, category, definition, owner_team, synonyms, examples, "
                "status, position, entry_criteria, exit_criteria, recycle_path, crm_value, "
                "created_at, updated_at, version) VALUES ('Lead', 'lifecycle_stage', "
                "'Anyone who asked', "
                "'shared', '', '', 'draft', 1, '', '', '', '', now(), now(), 1)"
            )
        )
    engine.dispose()
    with pytest.raises(MigrationNeeded, match="older schema"):
        open_workspace(empty_database)
    assert check_workspace(empty_database).schema_version == "0001"
    workspace = open_workspace(empty_database, allow_migration=True)
    try:
        assert [t.name for t in workspace.lexicon.list_terms()] == ["Lead"]
    finally:
        workspace.close()
    assert check_workspace(empty_database).schema_version == SCHEMA_HEAD


def test_two_people_editing_one_term_lose_nothing(team_url: str) -> None:
    ann = open_workspace(team_url, actor="Ann")
    ben = open_workspace(team_url, actor="Ben")
    try:
        term_id = ann.lexicon.create_term(
            "SQL", TermCategory.LIFECYCLE_STAGE, definition="Sales accepted"
        )
        seen_by_ann = ann.lexicon.term(term_id).version
        seen_by_ben = ben.lexicon.term(term_id).version
        ben.lexicon.update_term(
            term_id,
            {"definition": "Sales accepted and booked a call"},
            expected_version=seen_by_ben,
        )
        with pytest.raises(EditConflict) as conflict:
            ann.lexicon.update_term(
                term_id, {"definition": "Sales accepted it"}, expected_version=seen_by_ann
            )
        assert ann.lexicon.term(term_id).fields["definition"] == "Sales accepted and booked a call"
        [field] = conflict.value.fields
        assert (field.theirs, field.yours) == (
            "Sales accepted and booked a call",
            "Sales accepted it",
        )
        assert conflict.value.changed_by == "Ben"
        # Ann keeps her wording after seeing Ben's: that is a choice, not a lost update.
        ann.lexicon.update_term(
            term_id,
            {"definition": "Sales accepted it"},
            expected_version=conflict.value.stored_version,
        )
        assert ben.lexicon.term(term_id).fields["definition"] == "Sales accepted it"
    finally:
        ann.close()
        ben.close()


def test_others_see_who_is_connected_and_that_something_changed(team_url: str) -> None:
    ann = open_workspace(team_url, actor="Ann")
    ben = open_workspace(team_url, actor="Ben")
    try:
        ann.lexicon.list_terms()
        ben.lexicon.list_terms()
        assert "Ben" in connected_people(ann.database)
        before = ben.database.change_serial()
        ann.lexicon.create_term("Opportunity", TermCategory.LIFECYCLE_STAGE)
        assert ben.database.change_serial() > before
        unchanged = ben.database.change_serial()
        ann.lexicon.list_terms()
        assert ben.database.change_serial() == unchanged
    finally:
        ann.close()
        ben.close()


def test_a_dropped_connection_refuses_the_edit_and_recovers(team_url: str) -> None:
    from sqlalchemy.engine import make_url

    workspace = open_workspace(team_url, actor="Ann")
    name = make_url(team_url).database
    try:
        term_id = workspace.lexicon.create_term("Customer", TermCategory.LIFECYCLE_STAGE)
        with _raw(team_url.rsplit("/", 1)[0] + "/postgres") as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
        with pytest.raises(ConnectionLost, match="not saved"):
            workspace.lexicon.update_term(term_id, {"definition": "Signed the contract"})
        with _raw(team_url.rsplit("/", 1)[0] + "/postgres") as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        assert workspace.lexicon.term(term_id).fields["definition"] == ""
        workspace.lexicon.update_term(term_id, {"definition": "Signed the contract"})
        assert workspace.lexicon.term(term_id).fields["definition"] == "Signed the contract"
    finally:
        workspace.close()


def _history(path: Path) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT term_id, number, author, summary FROM term_revision ORDER BY id"
        ).fetchall()
    finally:
        connection.close()


def test_file_to_team_and_back_keeps_every_record(
    demo_workspace, empty_database: str, tmp_path: Path
) -> None:
    to_team = copy_workspace(demo_workspace, workspace_target(empty_database))
    assert to_team.counts == check_workspace(demo_workspace.path).counts
    team = open_workspace(empty_database, actor="Ann")
    try:
        # New records after the copy get fresh ids (the sequences moved past copied rows).
        team.lexicon.create_term("Brand new after copy", TermCategory.GENERAL)
        back = tmp_path / "back.accord"
        copy_workspace(team, back)
    finally:
        team.close()
    counts = check_workspace(back).counts
    expected = dict(to_team.counts)
    expected["terms"] += 1
    expected["term_revisions"] += 1
    assert counts == expected
    assert _history(back)[: len(_history(demo_workspace.path))] == _history(demo_workspace.path)


def test_copy_into_a_database_in_use_is_refused(demo_workspace, team_url: str) -> None:
    with pytest.raises(WorkspaceError, match="already holds an Accord workspace"):
        copy_workspace(demo_workspace, workspace_target(team_url))


def test_headless_commands_take_a_database(
    empty_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", empty_database, "--demo"]) == 0
    assert "Created" in capsys.readouterr().out
    assert main(["check", "--database", empty_database, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["counts"]["terms"] > 10
    out = tmp_path / "copy.accord"
    assert main(["copy", empty_database, str(out), "--json"]) == 0
    copied = json.loads(capsys.readouterr().out)
    assert copied["counts"] == report["counts"]
    capsys.readouterr()
    assert main(["assessment-results", "--database", empty_database, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)


def test_a_wrong_server_gives_one_clear_line() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "main.py",
            "check",
            "--database",
            "postgresql://nobody:pw@127.0.0.1:1/none",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Cannot connect to" in result.stdout + result.stderr
    assert "pw" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
