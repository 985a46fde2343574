"""The Lexicon page driven through its widgets, as a facilitator would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog

from app.models.base import Status
from app.models.lexicon import TermCategory
from app.services.workspace import Workspace
from app.views.lexicon.page import REVERTED_MESSAGE, LexiconPage


@pytest.fixture
def page(qtbot, demo_workspace: Workspace) -> LexiconPage:
    stack = QUndoStack()
    lexicon_page = LexiconPage(demo_workspace, stack)
    lexicon_page.undo_stack = stack  # type: ignore[attr-defined]
    qtbot.addWidget(lexicon_page)
    lexicon_page.resize(1200, 700)
    lexicon_page.show()
    return lexicon_page


def type_into_line(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def sign(monkeypatch, page: LexiconPage, team: str, person: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (person, True))
    page.editor.sign_off_button(team).click()


def test_renaming_a_term_reaches_the_database(
    qtbot, page: LexiconPage, demo_workspace: Workspace
) -> None:
    assert page.select_term("Recycling")
    type_into_line(qtbot, page.editor.name_edit, "Lead recycling")
    term = demo_workspace.lexicon.term(page.current_term_id)
    assert term.name == "Lead recycling"
    assert page.editor.heading.text() == "Lead recycling"


def test_definition_is_saved_when_leaving_the_field(
    qtbot, page: LexiconPage, demo_workspace: Workspace
) -> None:
    page.select_term("Recycling")
    editor = page.editor.definition_edit
    editor.setFocus()
    qtbot.keyClicks(editor, " Always with a reason code.")
    page.editor.synonyms_edit.setFocus()
    qtbot.waitUntil(
        lambda: (
            "reason code" in demo_workspace.lexicon.term(page.current_term_id).fields["definition"]
        )
    )


def test_sign_off_by_both_teams_agrees_the_term(qtbot, monkeypatch, page: LexiconPage) -> None:
    page.select_term("Recycling")
    page.editor.propose_button.click()
    assert page.editor.status_label.text() == "Proposed"
    sign(monkeypatch, page, "sales", "Dana Whitfield")
    assert page.editor.status_label.text() == "Proposed"
    sign(monkeypatch, page, "marketing", "Priya Raman")
    assert page.editor.status_label.text() == "Agreed"
    assert "Dana Whitfield" in page.editor.sign_off_rows[
        next(iter(page.editor.sign_off_rows))
    ].label.text() + "".join(r.label.text() for r in page.editor.sign_off_rows.values())


def test_editing_an_agreed_term_says_it_returned_to_proposed_and_undo_restores(
    qtbot, page: LexiconPage, demo_workspace: Workspace
) -> None:
    page.select_term("Marketing Qualified Lead")
    assert page.editor.status_label.text() == "Agreed"
    type_into_line(qtbot, page.editor.synonyms_edit, "MQL, hot lead")
    assert page.editor.status_label.text() == "Proposed"
    assert page.editor.banner.isVisible()
    assert page.editor.banner.text() == REVERTED_MESSAGE
    page.undo_stack.undo()
    detail = demo_workspace.lexicon.term(page.current_term_id)
    assert detail.status is Status.AGREED and len(detail.sign_offs) == 2
    assert detail.fields["synonyms"] == "MQL"
    assert page.editor.status_label.text() == "Agreed"
    page.undo_stack.redo()
    assert demo_workspace.lexicon.term(page.current_term_id).fields["synonyms"] == "MQL, hot lead"


def test_duplicate_name_is_refused_inline(
    qtbot, page: LexiconPage, demo_workspace: Workspace
) -> None:
    page.select_term("Lead")
    type_into_line(qtbot, page.editor.name_edit, "subscriber")
    assert "already exists" in page.editor.error_label.text()
    assert demo_workspace.lexicon.term(page.current_term_id).name == "Lead"
    assert page.editor.name_edit.text() == "Lead"
    assert page.undo_stack.count() == 0


def test_moving_a_stage_and_undoing_it(qtbot, page: LexiconPage, demo_workspace: Workspace) -> None:
    names = lambda: [s.name for s in demo_workspace.lexicon.stages()]  # noqa: E731
    original = names()
    page.select_term("Lead")
    qtbot.mouseClick(page.down_button, Qt.MouseButton.LeftButton)
    assert names()[original.index("Lead") + 1] == "Lead"
    assert page.current_term_id == demo_workspace.lexicon.stages()[2].id
    page.undo_stack.undo()
    assert names() == original


def test_new_term_then_delete_and_undo_brings_it_back(
    qtbot, page: LexiconPage, demo_workspace: Workspace
) -> None:
    count = len(demo_workspace.lexicon.list_terms())
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.editor.name_edit.hasFocus()
    type_into_line(qtbot, page.editor.name_edit, "Buying committee")
    new_id = page.current_term_id
    assert len(demo_workspace.lexicon.list_terms()) == count + 1
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert len(demo_workspace.lexicon.list_terms()) == count
    page.undo_stack.undo()
    assert demo_workspace.lexicon.term(new_id).name == "Buying committee"
    page.undo_stack.undo()
    page.undo_stack.undo()
    assert len(demo_workspace.lexicon.list_terms()) == count


def test_search_and_filters_narrow_the_list(qtbot, page: LexiconPage) -> None:
    qtbot.keyClicks(page.search_edit, "qualified")
    names = {page.proxy.index(r, 1).data() for r in range(page.proxy.rowCount())}
    assert "Marketing Qualified Lead" in names and "Subscriber" not in names
    page.search_edit.clear()
    page.category_filter.setCurrentIndex(page.category_filter.findData(TermCategory.LEAD_STATUS))
    categories = {page.proxy.index(r, 2).data() for r in range(page.proxy.rowCount())}
    assert categories == {"Lead status"}


def test_history_shows_revisions_and_restores_one(
    qtbot, page: LexiconPage, demo_workspace: Workspace
) -> None:
    page.select_term("Sales Qualified Lead")
    history = page.history
    assert history.list.count() == len(demo_workspace.lexicon.revisions(page.current_term_id))
    assert "72" in history.diff_view.toPlainText()
    oldest = history.list.count() - 1
    history.list.setCurrentRow(oldest)
    history.restore_button.click()
    detail = demo_workspace.lexicon.term(page.current_term_id)
    assert detail.fields["sla_hours"] == 48
    assert history.list.item(0).text().startswith(f"{history.list.count()}.")
