"""The Personas page driven through its widgets, as a facilitator would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument, QUndoStack
from PySide6.QtWidgets import QFileDialog, QInputDialog

from app.models.base import Status
from app.services.personas import EDITABLE_FIELDS, PersonaService, fill_demo_personas
from app.services.workspace import Workspace
from app.views.pages import PAGES
from app.views.personas.notes import NoteDialog, NoteInput
from app.views.personas.page import REVERTED_MESSAGE, PersonasPage
from app.views.personas.printable import write_pdf


@pytest.fixture
def personas(workspace: Workspace) -> PersonaService:
    if not PersonaService(workspace).list_personas():
        fill_demo_personas(workspace)
    return PersonaService(workspace)


@pytest.fixture
def page(qtbot, workspace: Workspace, personas: PersonaService) -> PersonasPage:
    stack = QUndoStack()
    personas_page = PersonasPage(workspace, stack)
    personas_page.undo_stack = stack  # type: ignore[attr-defined]
    qtbot.addWidget(personas_page)
    personas_page.resize(1200, 700)
    personas_page.show()
    return personas_page


def current(page: PersonasPage, personas: PersonaService):  # type: ignore[no-untyped-def]
    assert page.current_persona_id is not None
    return personas.persona(page.current_persona_id)


def type_into_line(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def sign(monkeypatch, page: PersonasPage, team: str, person: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (person, True))
    page.editor.sign_off_button(team).click()


def test_the_main_window_builds_the_page_by_its_spec(qtbot, workspace: Workspace) -> None:
    spec = next(s for s in PAGES if s.key == "personas")
    built = spec.build(workspace, QUndoStack())
    qtbot.addWidget(built)
    assert isinstance(built, PersonasPage)


def test_renaming_and_typing_a_field_reach_the_database(
    qtbot, page: PersonasPage, personas: PersonaService
) -> None:
    assert page.select_persona("Oscar, VP Operations")
    type_into_line(qtbot, page.editor.field_widget("name"), "Oscar, Head of Supply Chain")
    assert current(page, personas).name == "Oscar, Head of Supply Chain"
    assert page.editor.heading.text() == "Oscar, Head of Supply Chain"
    goals = page.editor.field_widget("goals")
    goals.setFocus()
    goals.moveCursor(goals.textCursor().MoveOperation.End)
    qtbot.keyClick(goals, Qt.Key.Key_Return)
    qtbot.keyClicks(goals, "Cut expedited freight")
    page.editor.field_widget("industry").setFocus()
    qtbot.waitUntil(lambda: "Cut expedited freight" in current(page, personas).fields["goals"])


def test_both_sign_offs_agree_the_persona_and_undo_redo_cover_them(
    qtbot, monkeypatch, page: PersonasPage, personas: PersonaService
) -> None:
    page.select_persona("Alex, Analyst Champion")
    assert page.editor.status_label.text() == "Proposed"
    sign(monkeypatch, page, "sales", "Dana Whitfield")
    assert page.editor.status_label.text() == "Proposed"
    assert not page.editor.sign_off_button("sales").isEnabled()
    sign(monkeypatch, page, "marketing", "Priya Raman")
    assert page.editor.status_label.text() == "Agreed"
    assert {s.name for s in current(page, personas).sign_offs} == {"Dana Whitfield", "Priya Raman"}
    page.undo_stack.undo()
    assert page.editor.status_label.text() == "Proposed"
    assert len(current(page, personas).sign_offs) == 1
    page.undo_stack.redo()
    assert current(page, personas).status is Status.AGREED


def test_editing_an_agreed_persona_warns_and_undo_restores_the_agreement(
    qtbot, page: PersonasPage, personas: PersonaService
) -> None:
    page.select_persona("Fiona, Head of Finance")
    assert page.editor.status_label.text() == "Agreed"
    type_into_line(qtbot, page.editor.field_widget("seniority"), "CFO")
    assert page.editor.status_label.text() == "Proposed"
    assert page.editor.banner.isVisible() and page.editor.banner.text() == REVERTED_MESSAGE
    page.undo_stack.undo()
    detail = current(page, personas)
    assert detail.status is Status.AGREED and len(detail.sign_offs) == 2
    assert detail.fields["seniority"] == "Director to CFO"
    assert page.editor.field_widget("seniority").text() == "Director to CFO"
    page.undo_stack.redo()
    assert current(page, personas).fields["seniority"] == "CFO"


def test_a_taken_name_is_refused_inline(
    qtbot, page: PersonasPage, personas: PersonaService
) -> None:
    page.select_persona("Alex, Analyst Champion")
    type_into_line(qtbot, page.editor.field_widget("name"), "oscar, vp operations")
    assert "already exists" in page.editor.error_label.text()
    assert page.editor.error_label.isVisible()
    assert current(page, personas).name == "Alex, Analyst Champion"
    assert page.editor.field_widget("name").text() == "Alex, Analyst Champion"
    assert page.undo_stack.count() == 0


def test_duplicate_selects_a_draft_copy_and_undo_removes_it(
    qtbot, page: PersonasPage, personas: PersonaService
) -> None:
    page.select_persona("Fiona, Head of Finance")
    qtbot.mouseClick(page.persona_list.duplicate_button, Qt.MouseButton.LeftButton)
    copy = current(page, personas)
    assert copy.name == "Copy of Fiona, Head of Finance"
    assert copy.status is Status.DRAFT and len(copy.notes) == 3
    assert page.editor.status_label.text() == "Draft"
    assert len(personas.list_personas()) == 5
    page.undo_stack.undo()
    assert len(personas.list_personas()) == 4
    page.undo_stack.redo()
    assert "Copy of Fiona, Head of Finance" in {p.name for p in personas.list_personas()}


def test_adding_a_note_defaults_to_the_user_and_today(
    qtbot, monkeypatch, page: PersonasPage, personas: PersonaService
) -> None:
    page.select_persona("Oscar, VP Operations")
    offered: list[NoteInput] = []

    def answer(parent, title, initial: NoteInput) -> NoteInput:  # type: ignore[no-untyped-def]
        offered.append(initial)
        return NoteInput(initial.author, initial.noted_on, "Asked about WMS integration")

    monkeypatch.setattr(NoteDialog, "ask", answer)
    page.tabs.setCurrentWidget(page.notes)
    qtbot.mouseClick(page.notes.add_button, Qt.MouseButton.LeftButton)
    assert (offered[0].author, offered[0].noted_on) == ("Test Facilitator", date.today())
    notes = current(page, personas).notes
    assert [n.text for n in notes][-1] == "Asked about WMS integration"
    assert page.notes.current_note().text == "Asked about WMS integration"  # type: ignore[union-attr]
    assert page.tabs.tabText(page.tabs.indexOf(page.notes)) == "Field notes (3)"
    assert current(page, personas).status is Status.AGREED
    page.undo_stack.undo()
    assert len(current(page, personas).notes) == 2


def test_editing_and_deleting_a_note_through_the_panel(
    qtbot, monkeypatch, page: PersonasPage, personas: PersonaService
) -> None:
    page.select_persona("Ines, Data & IT Lead")
    page.tabs.setCurrentWidget(page.notes)
    newest = page.notes.current_note()
    assert newest is not None and newest.author == "Marcus Bell"
    monkeypatch.setattr(
        NoteDialog,
        "ask",
        lambda parent, title, initial: NoteInput("Marcus Bell", date(2026, 10, 12), "Edited"),
    )
    qtbot.mouseClick(page.notes.edit_button, Qt.MouseButton.LeftButton)
    edited = next(n for n in current(page, personas).notes if n.id == newest.id)
    assert (edited.text, edited.noted_on) == ("Edited", date(2026, 10, 12))
    qtbot.mouseClick(page.notes.delete_button, Qt.MouseButton.LeftButton)
    assert newest.id not in {n.id for n in current(page, personas).notes}
    page.undo_stack.undo()
    page.undo_stack.undo()
    restored = next(n for n in current(page, personas).notes if n.id == newest.id)
    assert restored.text == newest.text


def test_delete_and_undo_bring_the_persona_back_with_notes(
    qtbot, page: PersonasPage, personas: PersonaService
) -> None:
    page.select_persona("Ines, Data & IT Lead")
    persona_id = page.current_persona_id
    qtbot.mouseClick(page.persona_list.delete_button, Qt.MouseButton.LeftButton)
    assert persona_id not in {p.id for p in personas.list_personas()}
    assert page.current_persona_id != persona_id
    page.undo_stack.undo()
    assert page.current_persona_id == persona_id
    assert len(current(page, personas).notes) == 3


def test_search_narrows_the_list_as_you_type(qtbot, page: PersonasPage) -> None:
    page.focus_search()
    assert page.persona_list.search_edit.hasFocus()
    qtbot.keyClicks(page.persona_list.search_edit, "warehousing")
    proxy = page.persona_list.proxy
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Oscar, VP Operations"]
    page.persona_list.search_edit.clear()
    page.persona_list.status_filter.setCurrentIndex(
        page.persona_list.status_filter.findData(Status.PROPOSED)
    )
    assert proxy.rowCount() == 2


def test_history_restores_an_earlier_wording(
    qtbot, page: PersonasPage, personas: PersonaService
) -> None:
    page.select_persona("Alex, Analyst Champion")
    history = page.history
    assert history.list.count() == current(page, personas).revision_count
    history.list.setCurrentRow(history.list.count() - 1)
    history.restore_button.click()
    assert current(page, personas).fields["role"] == "Analyst who uses the forecast every day."
    page.undo_stack.undo()
    assert current(page, personas).fields["role"].startswith("Demand planner")


def test_printable_sheet_holds_every_field_and_saves_a_pdf(
    qtbot, monkeypatch, tmp_path: Path, page: PersonasPage, personas: PersonaService
) -> None:
    page.select_persona("Fiona, Head of Finance")
    detail = current(page, personas)
    document = QTextDocument()
    document.setHtml(page.printable_html())
    text = " ".join(document.toPlainText().split())
    for field in EDITABLE_FIELDS:
        for line in detail.fields[field].splitlines():
            assert " ".join(line.split()) in text, field
    assert all(note.text in text for note in detail.notes)
    assert "Dana Whitfield" in text and "Agreed" in text

    dialog = page.printable_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.document.pageCount() == 1
    target = tmp_path / "fiona.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert dialog.save_pdf() == target
    assert target.read_bytes().startswith(b"%PDF")
    assert target.stat().st_size > 1000
    direct = tmp_path / "direct.pdf"
    write_pdf(dialog.document, direct)
    assert direct.stat().st_size > 1000


def test_note_dialog_asks_for_text_and_author_before_closing(qtbot) -> None:
    dialog = NoteDialog(None, "New field note", NoteInput("Sofia Alvarez", date(2026, 4, 21), ""))
    qtbot.addWidget(dialog)
    assert dialog.date_edit.date().toPython() == date(2026, 4, 21)
    dialog.accept()
    assert dialog.result() != NoteDialog.DialogCode.Accepted
    assert dialog.error_label.text() == "Write what was heard."
    dialog.text_edit.setPlainText("Trial users forward the business case")
    dialog.author_edit.clear()
    dialog.accept()
    assert dialog.error_label.text() == "Say who heard it."
    dialog.author_edit.setText("  Sofia Alvarez ")
    dialog.accept()
    assert dialog.result() == NoteDialog.DialogCode.Accepted
    assert dialog.value() == NoteInput(
        "Sofia Alvarez", date(2026, 4, 21), "Trial users forward the business case"
    )


def test_an_empty_workspace_starts_with_new_persona(qtbot, tmp_path: Path) -> None:
    from app.services.workspace import create_workspace

    empty = create_workspace(tmp_path / "empty.accord", actor="Test Facilitator")
    try:
        stack = QUndoStack()
        personas_page = PersonasPage(empty, stack)
        qtbot.addWidget(personas_page)
        personas_page.show()
        personas_page.activateWindow()
        qtbot.waitUntil(personas_page.isActiveWindow)
        assert not personas_page.editor.isEnabled()
        assert not personas_page.persona_list.delete_button.isEnabled()
        qtbot.mouseClick(personas_page.persona_list.new_button, Qt.MouseButton.LeftButton)
        name_edit = personas_page.editor.field_widget("name")
        qtbot.waitUntil(name_edit.hasFocus)
        type_into_line(qtbot, name_edit, "Procurement gatekeeper")
        names = [p.name for p in PersonaService(empty).list_personas()]
        assert names == ["Procurement gatekeeper"]
        assert stack.count() == 2
        stack.undo()
        stack.undo()
        assert PersonaService(empty).list_personas() == []
        assert not personas_page.editor.isEnabled()
    finally:
        empty.close()


def test_printable_html_escapes_text_and_lists_lines_as_bullets() -> None:
    from datetime import datetime

    from app.services.personas import FieldNote, PersonaDetail
    from app.views.personas.printable import persona_html

    fields = dict.fromkeys(EDITABLE_FIELDS, "")
    fields.update(name="R&D <lead>", goals="- Ship faster\n- Fewer tools", pains="One pain")
    detail = PersonaDetail(
        1,
        fields,
        Status.DRAFT,
        (),
        (FieldNote(1, "Sofia Alvarez", date(2026, 4, 2), 'Said "<no budget>"'),),
        1,
        datetime(2026, 4, 2),
    )
    sheet = persona_html(detail, workspace_name="Northwind", printed_on=date(2026, 5, 1))
    assert "R&amp;D &lt;lead&gt;" in sheet and "<lead>" not in sheet
    assert "<li>Ship faster</li><li>Fewer tools</li>" in sheet
    assert "One pain</p>" in sheet
    assert "2 Apr 2026, Sofia Alvarez" in sheet and "&lt;no budget&gt;" in sheet
    assert "Printed from Accord on 1 May 2026." in sheet
    assert "Signed off" not in sheet
