"""The Assessment page driven like a facilitator would: keyboard, undo, results, charts, forms."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QUndoStack
from PySide6.QtWidgets import QLineEdit

from app.services.assessment.forms import export_form
from app.services.assessment.store import AssessmentStore
from app.services.workspace import Workspace
from app.views.assessment.page import AssessmentPage
from app.views.assessment.results_view import CommandmentResultsModel

ROOT = Path(__file__).resolve().parents[2]
Q = "2026-Q4"


@pytest.fixture
def undo_stack() -> QUndoStack:
    return QUndoStack()


def make_page(qtbot, workspace: Workspace, undo_stack: QUndoStack) -> AssessmentPage:
    page = AssessmentPage(workspace, undo_stack)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_a_respondent_answers_with_the_keyboard_alone(qtbot, workspace, undo_stack) -> None:
    page = make_page(qtbot, workspace, undo_stack)
    page.add_quarter(Q)
    qtbot.keyClicks(page.panel.name_edit, "Priya Raman")
    qtbot.keyClick(page.panel.name_edit, Qt.Key.Key_Return)
    store = AssessmentStore(workspace)
    [priya] = store.respondents(Q)
    assert priya.name == "Priya Raman"

    view = page.panel.view
    for key in (Qt.Key.Key_4, Qt.Key.Key_0, Qt.Key.Key_D, Qt.Key.Key_2):
        qtbot.keyClick(view, key)
    answers = store.answers_of(priya.id)
    assert {s: a.rating for s, a in answers.items()} == {
        "goodwill.1": 4,
        "goodwill.2": None,
        "goodwill.3": None,
        "goodwill.4": 2,
    }
    assert page.panel.progress_label.text() == "4 of 38 answered"
    # The heading of the next commandment is stepped over.
    assert page.panel.model.statement_at(view.current_row()).id == "process.1"

    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert page.panel.model.statement_at(view.current_row()).id == "goodwill.4"
    qtbot.keyClick(view, Qt.Key.Key_Return)
    editor = view.findChild(QLineEdit)
    assert editor is not None
    editor.setText("Budget talks were tense again.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Qt commits the editor on the next loop turn
    qtbot.waitUntil(lambda: store.answer(priya.id, "goodwill.4").comment != "")
    assert store.answer(priya.id, "goodwill.4").comment == "Budget talks were tense again."

    qtbot.keyClick(view, Qt.Key.Key_Delete)  # clears the answer, never removes the person
    assert "goodwill.4" not in store.answers_of(priya.id)
    assert [r.name for r in store.respondents(Q)] == ["Priya Raman"]
    assert page.panel.progress_label.text() == "3 of 38 answered"


def test_every_answer_can_be_undone_and_redone(qtbot, workspace, undo_stack) -> None:
    page = make_page(qtbot, workspace, undo_stack)
    page.add_quarter(Q)
    rid = page.add_respondent("Claire Dubois", "marketing")
    assert rid is not None
    view = page.panel.view
    qtbot.keyClick(view, Qt.Key.Key_5)
    qtbot.keyClick(view, Qt.Key.Key_3)
    store = AssessmentStore(workspace)
    assert len(store.answers_of(rid)) == 2

    undo_stack.undo()
    assert set(store.answers_of(rid)) == {"goodwill.1"}
    assert page.panel.progress_label.text() == "1 of 38 answered"
    undo_stack.redo()
    assert store.answer(rid, "goodwill.2").rating == 3

    undo_stack.undo()
    undo_stack.undo()
    undo_stack.undo()  # adding Claire
    assert store.respondents(Q) == []
    assert page.panel.current_respondent is None
    undo_stack.redo()
    assert [r.name for r in store.respondents(Q)] == ["Claire Dubois"]


def test_removing_someone_is_undoable_with_all_their_answers(
    qtbot, demo_workspace, undo_stack
) -> None:
    page = make_page(qtbot, demo_workspace, undo_stack)
    assert page.quarter == "2026-Q3"
    assert page.select_respondent("tom becker")
    store = AssessmentStore(demo_workspace)
    tom = page.panel.current_respondent
    assert tom is not None and tom.answered == 38
    page.remove_respondent(tom.id)
    assert store.find_respondent("Tom Becker", "2026-Q3") is None
    undo_stack.undo()
    assert store.respondent(tom.id).answered == 38


def test_a_malformed_quarter_is_refused_with_a_message(qtbot, workspace, undo_stack) -> None:
    page = make_page(qtbot, workspace, undo_stack)
    assert not page.add_quarter("2026-Q5")
    assert "2026-Q4" in page.message_label.text()
    assert page.quarter_combo.findData("2026-Q5") == -1
    assert page.add_quarter("2027-q1")
    assert page.quarter == "2027-Q1"


def test_results_show_the_stage_and_flag_large_gaps(qtbot, demo_workspace, undo_stack) -> None:
    page = make_page(qtbot, demo_workspace, undo_stack)
    page.tabs.setCurrentWidget(page.results_view)
    assert page.results_view.stage_label.text() == "Stage: Collaborative"
    page.select_quarter("2025-Q4")
    assert page.results_view.stage_label.text() == "Stage: Ambiguous"
    model = page.results_view.model
    flagged = [
        model.result_at(row).commandment.title
        for row in range(model.rowCount())
        if model.index(row, CommandmentResultsModel.GAP).data(Qt.ItemDataRole.BackgroundRole)
    ]
    assert "An agreed scoring system" in flagged
    assert "Where to start" in page.results_view.details.toPlainText()


def test_charts_export_a_png_of_the_asked_size(qtbot, demo_workspace, undo_stack, tmp_path) -> None:
    page = make_page(qtbot, demo_workspace, undo_stack)
    assert page.charts_panel is None
    page.tabs.setCurrentWidget(page.charts_holder)
    assert page.charts_panel is not None
    for key, chart in page.charts_panel.charts.items():
        path = chart.export_png(tmp_path / f"{key}.png", (800, 500))
        image = QImage(str(path))
        assert (image.width(), image.height()) == (800, 500)
        colours = {image.pixel(x, y) for x in range(0, 800, 25) for y in range(0, 500, 25)}
        assert len(colours) > 3, f"{key} chart looks empty"


def test_building_the_page_loads_neither_pyqtgraph_nor_openpyxl(tmp_path: Path) -> None:
    script = f"""
import os, sys
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["ACCORD_DATA_DIR"] = {str(tmp_path / "data")!r}
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.services.workspace import create_workspace
workspace = create_workspace(Path({str(tmp_path / "w.accord")!r}))
from app.views.assessment.page import AssessmentPage
page = AssessmentPage(workspace, QUndoStack())
print("pyqtgraph" in sys.modules, "openpyxl" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def fill(path: Path, name: str, team: str, rating: int) -> Path:
    workbook = load_workbook(path)
    sheet = workbook["Form"]
    sheet["B3"], sheet["B4"] = name, team
    for row in range(8, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value and "." in str(sheet.cell(row=row, column=1).value):
            sheet.cell(row=row, column=3).value = rating
    workbook.save(path)
    return path


def test_forms_are_imported_off_the_gui_thread_after_a_preview(
    qtbot, workspace, undo_stack, tmp_path
) -> None:
    page = make_page(qtbot, workspace, undo_stack)
    page.add_quarter(Q)
    instrument = page.store.instrument
    paths = [
        fill(export_form(instrument, Q, tmp_path / "a.xlsx"), "Priya Raman", "Sales", 4),
        fill(export_form(instrument, Q, tmp_path / "b.xlsx"), "Claire Dubois", "Marketing", 2),
    ]
    page.files.start_import(paths)
    qtbot.waitUntil(lambda: page.files.preview_dialog is not None, timeout=10_000)
    dialog = page.files.preview_dialog
    assert dialog.forms_table.model().rowCount() == 2
    assert AssessmentStore(workspace).respondents(Q) == []  # nothing before confirming
    dialog.accept()
    store = AssessmentStore(workspace)
    qtbot.waitUntil(lambda: len(store.respondents(Q)) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: not page.files.busy, timeout=10_000)
    assert page.panel.respondent_model.rowCount() == 2
    assert "Imported 76 answers" in page.last_status
    undo_stack.undo()
    assert store.respondents(Q) == []


def test_a_tampered_form_is_listed_with_its_cell_and_nothing_is_imported(
    qtbot, workspace, undo_stack, tmp_path
) -> None:
    page = make_page(qtbot, workspace, undo_stack)
    good = fill(export_form(page.store.instrument, Q, tmp_path / "good.xlsx"), "A", "Sales", 3)
    bad = fill(export_form(page.store.instrument, Q, tmp_path / "bad.xlsx"), "B", "Sales", 3)
    workbook = load_workbook(bad)
    workbook["Form"]["C8"] = "Somewhat"
    workbook.save(bad)
    page.files.start_import([good, bad])
    qtbot.waitUntil(lambda: page.files.problems_dialog is not None, timeout=10_000)
    table = page.files.problems_dialog.problems_table.model()
    row = [table.index(0, c).data() for c in range(table.columnCount())]
    assert row[:4] == ["bad.xlsx", "Form", "8", "C"]
    assert page.files.preview_dialog is None
    assert AssessmentStore(workspace).quarters() == []


def test_a_respondent_is_renamed_in_place_and_back_with_undo(qtbot, workspace, undo_stack) -> None:
    page = make_page(qtbot, workspace, undo_stack)
    page.add_quarter(Q)
    rid = page.add_respondent("Marcus Lee", "marketing")
    view = page.panel.respondent_list
    view.setFocus()
    view.edit(view.currentIndex())
    editor = view.findChild(QLineEdit)
    assert editor is not None and editor.text() == "Marcus Lee"
    editor.setText("Marcus J. Lee")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    store = AssessmentStore(workspace)
    qtbot.waitUntil(lambda: store.respondent(rid).name == "Marcus J. Lee")
    assert page.panel.current_respondent.name == "Marcus J. Lee"
    undo_stack.undo()
    assert store.respondent(rid).name == "Marcus Lee"


def test_results_and_a_prefilled_form_are_exported(
    qtbot, demo_workspace, undo_stack, tmp_path
) -> None:
    page = make_page(qtbot, demo_workspace, undo_stack)
    results = page.files.export_results(tmp_path / "results.xlsx")
    overall = load_workbook(results)["Overall"]
    assert [overall["A2"].value, overall["B2"].value] == ["Quarter", "2026-Q3"]
    assert page.select_respondent("Claire Dubois")
    form = page.files.export_form(tmp_path / "claire.xlsx", page.panel.current_respondent)
    sheet = load_workbook(form)["Form"]
    assert (sheet["B2"].value, sheet["B3"].value, sheet["B4"].value) == (
        "2026-Q3",
        "Claire Dubois",
        "Marketing",
    )
