"""The window side of team workspaces: conflicts, other people's changes, outages."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from PySide6.QtGui import QUndoStack
from sqlalchemy.engine import make_url

from app.models.lexicon import TermCategory
from app.services.workspace import Workspace, open_workspace
from app.views.lexicon.page import LexiconPage
from app.views.team.conflict_dialog import ConflictDialog
from app.views.team.connect_dialog import ConnectDialog
from app.views.team.monitor import TeamMonitor
from tests.postgres import fresh_database


@pytest.fixture
def two_people() -> Iterator[tuple[Workspace, Workspace, str]]:
    with fresh_database(with_workspace=True) as url:
        ann = open_workspace(url, actor="Ann")
        ben = open_workspace(url, actor="Ben")
        yield ann, ben, url
        ann.close()
        ben.close()


def _admin(url: str) -> psycopg.Connection:
    parsed = make_url(url)
    return psycopg.connect(
        host=parsed.host,
        port=parsed.port,
        user=parsed.username,
        dbname="postgres",
        autocommit=True,
    )


def test_the_connect_dialog_never_keeps_the_password_in_the_recent_url(qtbot) -> None:
    dialog = ConnectDialog(url="postgresql+psycopg://ann@db.example:6543/revenue")
    qtbot.addWidget(dialog)
    assert dialog.host.text() == "db.example" and dialog.port.value() == 6543
    dialog.password.setText("s3cret")
    assert "s3cret" in dialog.url()
    assert "s3cret" not in dialog.url_to_remember()
    assert dialog.url_to_remember() == "postgresql+psycopg://ann@db.example:6543/revenue"


@pytest.mark.parametrize("keep", ["mine", "theirs"])
def test_a_stale_edit_shows_both_versions_and_keeps_the_choice(
    qtbot, monkeypatch, two_people, keep: str
) -> None:
    ann, ben, _url = two_people
    term_id = ann.lexicon.create_term("MQL", TermCategory.LIFECYCLE_STAGE, definition="Scored 60+")
    page = LexiconPage(ann, QUndoStack())
    qtbot.addWidget(page)
    assert page.select_term(term_id)
    ben.lexicon.update_term(term_id, {"definition": "Scored 70 or more"})
    shown: list[ConflictDialog] = []

    def answer(dialog: ConflictDialog) -> int:
        shown.append(dialog)
        if keep == "theirs":
            dialog.choose_theirs("definition")
        return ConflictDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", answer)
    page.edit_field("definition", "Scored 65 or more")
    assert len(shown) == 1
    stored = ben.lexicon.term(term_id).fields["definition"]
    assert stored == ("Scored 65 or more" if keep == "mine" else "Scored 70 or more")


def test_other_peoples_changes_and_presence_reach_the_window(qtbot, two_people) -> None:
    ann, ben, _url = two_people
    monitor = TeamMonitor(ann.database)
    people: list[list[str]] = []
    monitor.people_changed.connect(people.append)
    ben.lexicon.list_terms()
    monitor.poll()
    qtbot.waitUntil(lambda: bool(people), timeout=5000)
    assert "Ben" in people[-1]
    with qtbot.assertNotEmitted(monitor.changed_elsewhere, wait=100):
        ann.lexicon.create_term("Own change", TermCategory.GENERAL)
        monitor.poll()
        qtbot.waitUntil(lambda: not monitor._busy, timeout=5000)
    with qtbot.waitSignal(monitor.changed_elsewhere, timeout=5000):
        ben.lexicon.create_term("Ben's change", TermCategory.GENERAL)
        monitor.poll()


def test_a_lost_connection_is_reported_and_its_return_too(qtbot, two_people) -> None:
    ann, _ben, url = two_people
    name = make_url(url).database
    monitor = TeamMonitor(ann.database)
    monitor.poll()
    qtbot.waitUntil(lambda: not monitor._busy, timeout=5000)
    with _admin(url) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (name,),
        )
    try:
        with qtbot.waitSignal(monitor.connection_lost, timeout=10000):
            monitor.poll()
        assert not monitor.connected
    finally:
        with _admin(url) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    with qtbot.waitSignal(monitor.connection_restored, timeout=10000):
        monitor.poll()
