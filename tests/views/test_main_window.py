"""The main window: opening workspaces, refusing bad files, pages and undo."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.services.workspace import create_workspace
from app.views.lexicon.page import LexiconPage
from app.views.main_window import MainWindow


def make_window(qtbot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def test_opening_a_workspace_shows_its_name_and_the_lexicon(qtbot, demo_template: Path) -> None:
    window = make_window(qtbot)
    assert window.open_path(demo_template)
    assert window.windowTitle().startswith("demo")
    assert isinstance(window.current_page(), LexiconPage)
    assert window.recent_files()[0] == str(demo_template)


def test_a_damaged_file_gets_a_message_and_stays_untouched(
    qtbot, monkeypatch, tmp_path: Path
) -> None:
    path = tmp_path / "broken.accord"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: messages.append(text))
    window = make_window(qtbot)
    assert not window.open_path(path)
    assert messages and "broken.accord" in messages[0]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert window.workspace is None


def test_undo_survives_leaving_the_page(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "w.accord"
    create_workspace(path).close()
    window = make_window(qtbot)
    window.open_path(path)
    page = window.current_page()
    assert isinstance(page, LexiconPage)
    page.new_term()
    assert window.undo_stack.count() == 1
    page.hide()
    window.stack.setCurrentWidget(window.welcome)
    window.show_page(0)
    window.undo_action.trigger()
    assert window.workspace is not None and window.workspace.lexicon.list_terms() == []


def test_closing_the_workspace_returns_to_welcome(qtbot, demo_template: Path) -> None:
    window = make_window(qtbot)
    window.open_path(demo_template)
    window.close_action.trigger()
    assert window.workspace is None
    assert window.stack.currentWidget() is window.welcome
    assert window.windowTitle().startswith("No workspace")
