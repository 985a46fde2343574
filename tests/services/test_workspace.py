"""Workspace files: creation, recognition of bad files, migrations, check and backups."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from app.models.schema import SCHEMA_HEAD
from app.services.errors import WorkspaceError
from app.services.workspace import (
    BACKUPS_KEPT,
    backup_workspace,
    check_workspace,
    create_workspace,
    open_workspace,
    save_copy,
)


@pytest.fixture
def workspace(tmp_path: Path):  # type: ignore[no-untyped-def]
    """These tests are about workspace files themselves, so only the SQLite backend."""
    opened = create_workspace(tmp_path / "test.accord", actor="Test Facilitator")
    yield opened
    opened.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused_untouched(path: Path, expected: str) -> None:
    before = digest(path)
    with pytest.raises(WorkspaceError, match=expected):
        open_workspace(path)
    assert digest(path) == before


def test_created_workspace_reopens_with_its_terms(tmp_path: Path) -> None:
    path = tmp_path / "acme.accord"
    workspace = create_workspace(path)
    term_id = workspace.lexicon.create_term("MQL", "lifecycle_stage", definition="Ready")
    workspace.close()
    reopened = open_workspace(path)
    assert reopened.lexicon.term(term_id).fields["definition"] == "Ready"
    assert reopened.name == "acme"
    reopened.close()


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "taken.accord"
    path.write_bytes(b"keep me")
    with pytest.raises(WorkspaceError, match="exists"):
        create_workspace(path)
    assert path.read_bytes() == b"keep me"


def test_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.accord"
    path.write_text("these are meeting notes, not a workspace\n" * 10)
    assert_refused_untouched(path, "not an Accord workspace")


def test_empty_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "empty.accord"
    path.write_bytes(b"")
    assert_refused_untouched(path, "not an Accord workspace")


def test_garbage_bytes_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "garbage.accord"
    path.write_bytes(bytes(range(256)) * 40)
    assert_refused_untouched(path, "not an Accord workspace")


def test_truncated_workspace_is_refused_untouched(demo_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "truncated.accord"
    data = demo_template.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_refused_untouched(path, "damaged")


def test_corrupted_pages_are_refused_untouched(demo_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "scribbled.accord"
    data = bytearray(demo_template.read_bytes())
    page = 4096
    data[page : page * 3] = b"\xde\xad\xbe\xef" * (page // 2)
    path.write_bytes(bytes(data))
    assert_refused_untouched(path, "damaged")


def test_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "crm.accord"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT)")
    connection.commit()
    connection.close()
    assert_refused_untouched(path, "not an Accord workspace")


def test_workspace_with_wrong_tables_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "wrong.accord"
    create_workspace(path).close()
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE term_sign_off")
    connection.commit()
    connection.close()
    assert_refused_untouched(path, "tables missing: term_sign_off")


def test_newer_workspace_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.accord"
    create_workspace(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    assert_refused_untouched(path, "newer version of Accord")


def test_migrations_from_nothing_build_the_same_schema_as_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.models.base import Base
    from app.models.migrate import upgrade
    from app.models.registry import ALL_MODELS

    assert ALL_MODELS
    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    with engine.begin() as connection:
        upgrade(connection)
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    engine.dispose()
    assert differences == []
    assert version == SCHEMA_HEAD


def test_first_schema_file_is_backed_up_then_migrated(
    tmp_path: Path, private_data_dir: Path
) -> None:
    """A file built by running the first migration (as Accord 0.1 did) opens intact."""
    from app.models.migrate import upgrade
    from app.models.schema import APPLICATION_ID

    path = tmp_path / "first.accord"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        upgrade(connection, "0001")
        connection.exec_driver_sql(
            "INSERT INTO term (id, name, category, definition, owner_team, synonyms, examples, "
            "status, position, entry_criteria, exit_criteria, recycle_path, crm_value, "
            "created_at, updated_at, version) VALUES (1, 'SQL', 'lifecycle_stage', 'Qualified', "
            "'sales', '', '', 'agreed', 1, '', '', '', 'sql', '2026-01-01', '2026-01-01', 1)"
        )
    engine.dispose()
    workspace = open_workspace(path)
    assert [t.name for t in workspace.lexicon.list_terms()] == ["SQL"]
    workspace.close()
    assert check_workspace(path).schema_version == SCHEMA_HEAD
    backups = list((private_data_dir / "backups").rglob("*before-migration-from-0001*"))
    assert len(backups) == 1
    assert check_workspace(backups[0]).schema_version == "0001"


def test_check_reports_counts_and_version(demo_template: Path) -> None:
    report = check_workspace(demo_template)
    assert report.ok
    assert report.schema_version == SCHEMA_HEAD
    assert report.counts["terms"] >= 12
    assert "personas" in report.counts and "scoring_models" in report.counts
    assert report.counts["term_revisions"] > report.counts["terms"]
    assert report.to_json()["counts"] == report.counts


def test_check_of_a_bad_file_names_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.accord"
    path.write_text("hello")
    report = check_workspace(path)
    assert not report.ok
    assert "not an Accord workspace" in report.problems[0]


def test_backups_rotate_keeping_the_newest(workspace, tmp_path: Path, private_data_dir) -> None:
    assert workspace.path is not None
    made = [backup_workspace(workspace.path, "opened") for _ in range(BACKUPS_KEPT + 3)]
    kept = sorted(made[0].parent.glob("*.accord"))
    assert kept == made[-BACKUPS_KEPT:]
    copy = open_workspace(kept[-1], backup=False)
    copy.close()


def test_save_a_copy_is_a_complete_workspace(demo_workspace, tmp_path: Path) -> None:
    target = tmp_path / "copy.accord"
    save_copy(demo_workspace, target)
    assert check_workspace(target).counts == check_workspace(demo_workspace.path).counts
