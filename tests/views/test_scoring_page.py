"""The Scoring page driven through its widgets, as a facilitator would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog, QLineEdit

from app.models.base import Status
from app.services.scoring.models_demo import fill_demo_scoring
from app.services.scoring.models_service import ScoringModelService
from app.services.scoring.spec import Dimension, Operator, ThresholdKind
from app.services.workspace import Workspace
from app.views.scoring.criteria_model import CriteriaTableModel
from app.views.scoring.page import REVERTED_MESSAGE, ScoringPage


@pytest.fixture
def page(qtbot, demo_workspace: Workspace) -> ScoringPage:
    if not ScoringModelService(demo_workspace).list_models():
        fill_demo_scoring(demo_workspace)
    stack = QUndoStack()
    scoring_page = ScoringPage(demo_workspace, stack)
    scoring_page.undo_stack = stack  # type: ignore[attr-defined]
    qtbot.addWidget(scoring_page)
    scoring_page.resize(1200, 700)
    scoring_page.show()
    return scoring_page


def choose(combo, value: object) -> None:
    combo.setCurrentIndex(combo.findData(value))


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def sign(monkeypatch, page: ScoringPage, team: str, person: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (person, True))
    page.editor.agreement.sign_off_button(team).click()


def test_the_active_model_opens_first(page: ScoringPage) -> None:
    assert page.editor.name_edit.text() == "2026 model"
    assert page.models.index(0, 0).data().startswith("★")
    assert page.editor.agreement.status_label.text() == "Agreed"
    assert page.editor.criteria.model.rowCount() == 18


def test_adding_a_criterion_through_the_form(qtbot, page: ScoringPage) -> None:
    criteria = page.editor.criteria
    qtbot.mouseClick(criteria.new_button, Qt.MouseButton.LeftButton)
    form = criteria.form
    choose(form.dimension_combo, Dimension.ENGAGEMENT)
    type_into(qtbot, form.field_combo.lineEdit(), "Free trial started")
    choose(form.operator_combo, Operator.EQUALS)
    type_into(qtbot, form.values_edit, "yes")
    type_into(qtbot, form.points_edit, "25")
    type_into(qtbot, form.decay_edit, "14")
    qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)

    detail = page.service.model(page.current_model_id)
    added = detail.criteria[-1]
    assert (added.field, added.operator, added.values, added.points) == (
        "Free trial started",
        Operator.EQUALS,
        ("yes",),
        25,
    )
    assert added.decay_half_life_days == 14
    assert detail.status is Status.PROPOSED
    assert page.editor.banner.text() == REVERTED_MESSAGE
    assert criteria.current_criterion_id() == added.id
    assert "Free trial started" in [
        form.field_combo.itemText(i) for i in range(form.field_combo.count())
    ]
    page.undo_stack.undo()
    assert page.service.model(page.current_model_id).status is Status.AGREED
    assert criteria.model.rowCount() == 18


def test_a_refused_criterion_keeps_what_was_typed(qtbot, page: ScoringPage) -> None:
    form = page.editor.criteria.form
    page.editor.criteria.start_new()
    type_into(qtbot, form.field_combo.lineEdit(), "Employees")
    choose(form.operator_combo, Operator.BETWEEN)
    type_into(qtbot, form.values_edit, "5000; 200")
    qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)
    assert "low bound (5000) is above the high bound (200)" in form.error_label.text()
    assert form.values_edit.text() == "5000; 200"
    assert form.values_edit.hasFocus()
    assert page.undo_stack.count() == 0
    assert len(page.service.model(page.current_model_id).criteria) == 18


def test_changing_points_in_the_table_then_undo_and_redo(qtbot, page: ScoringPage) -> None:
    criteria = page.editor.criteria
    table = criteria.table
    index = criteria.model.index(0, CriteriaTableModel.POINTS)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "20")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    first = lambda: page.service.model(page.current_model_id).criteria[0]  # noqa: E731
    # The delegate commits on Return through a queued call.
    qtbot.waitUntil(lambda: first().points == 20)
    assert criteria.model.index(0, CriteriaTableModel.POINTS).data() == "+20"
    page.undo_stack.undo()
    assert first().points == 15
    assert page.editor.agreement.status_label.text() == "Agreed"
    page.undo_stack.redo()
    assert first().points == 20
    assert page.editor.agreement.status_label.text() == "Proposed"


def test_test_bench_scores_live_and_follows_edits(qtbot, page: ScoringPage) -> None:
    bench = page.editor.bench
    page.editor.tabs.setCurrentWidget(bench)
    type_into(qtbot, bench.inputs["Company size"], "250")
    type_into(qtbot, bench.inputs["Industry"], "retail")
    type_into(qtbot, bench.inputs["Demo requested"], "yes")
    assert bench.total_label.text() == "Total +57"
    assert bench.status_label.text() == "Status: none reached"
    type_into(qtbot, bench.inputs["Pricing page visits"], "3")
    assert bench.total_label.text() == "Total +72"
    assert bench.status_label.text() == "Status: MQL"
    assert bench.grade_label.text() == "Grade: B"
    fired = [bench.fired_model.index(r, 0).data() for r in range(bench.fired_model.rowCount())]
    assert "Demo requested is not empty" in fired
    assert "Pricing page visits ≥ 2" in fired
    demo = next(
        c for c in page.service.model(page.current_model_id).criteria if c.field == "Demo requested"
    )
    page.edit_criterion(demo.id, {"points": "40"})
    assert bench.inputs["Company size"].text() == "250"
    assert bench.total_label.text() == "Total +82"


def test_making_a_retired_model_active_and_undoing_it(page: ScoringPage) -> None:
    assert page.select_model("2025 model")
    assert not page.active_button.isEnabled()
    page.editor.agreement.reinstate_button.click()
    assert page.editor.agreement.status_label.text() == "Draft"
    page.active_button.click()
    assert page.models.model_at(0).name == "2025 model"
    assert page.models.index(0, 0).data() == "★ 2025 model"
    assert page.service.active_model_id() == page.current_model_id
    page.undo_stack.undo()
    assert page.service.model_id_by_name("2026 model") == page.service.active_model_id()


def test_sign_off_by_both_teams_agrees_a_new_model(qtbot, monkeypatch, page: ScoringPage) -> None:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.editor.name_edit.hasFocus()
    type_into(qtbot, page.editor.name_edit, "Partner leads")
    qtbot.keyClick(page.editor.name_edit, Qt.Key.Key_Return)
    assert page.service.model(page.current_model_id).name == "Partner leads"
    page.editor.agreement.propose_button.click()
    assert page.editor.agreement.status_label.text() == "Proposed"
    sign(monkeypatch, page, "sales", "Dana Whitfield")
    assert page.editor.agreement.status_label.text() == "Proposed"
    assert not page.editor.agreement.sign_off_button("sales").isEnabled()
    sign(monkeypatch, page, "marketing", "Priya Raman")
    assert page.editor.agreement.status_label.text() == "Agreed"
    assert (
        "Priya Raman"
        in page.editor.agreement.lines[
            next(t for t in page.editor.agreement.lines if t.value == "marketing")
        ].label.text()
    )


def test_duplicate_model_name_is_refused_inline(qtbot, page: ScoringPage) -> None:
    type_into(qtbot, page.editor.name_edit, "2025 MODEL")
    qtbot.keyClick(page.editor.name_edit, Qt.Key.Key_Return)
    assert "already exists" in page.editor.error_label.text()
    assert page.editor.name_edit.text() == "2026 model"
    assert page.undo_stack.count() == 0


def test_copy_then_delete_and_undo(qtbot, page: ScoringPage) -> None:
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    copy_id = page.current_model_id
    assert page.editor.name_edit.text() == "Copy of 2026 model"
    assert page.editor.agreement.status_label.text() == "Draft"
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert page.models.rowCount() == 2
    page.undo_stack.undo()
    assert page.current_model_id == copy_id
    assert len(page.service.model(copy_id).criteria) == 18


def test_thresholds_are_added_in_place_and_duplicates_refused(qtbot, page: ScoringPage) -> None:
    statuses = page.editor.thresholds.statuses
    type_into(qtbot, statuses.label_edit, "Hot")
    type_into(qtbot, statuses.min_edit, "90")
    qtbot.mouseClick(statuses.add_button, Qt.MouseButton.LeftButton)
    labels = [
        t.label
        for t in page.service.model(page.current_model_id).thresholds_of(ThresholdKind.STATUS)
    ]
    assert labels == ["Hot", "MQL"]
    assert statuses.model.rowCount() == 2
    type_into(qtbot, statuses.label_edit, "hot")
    type_into(qtbot, statuses.min_edit, "95")
    qtbot.mouseClick(statuses.add_button, Qt.MouseButton.LeftButton)
    assert "already has the status 'Hot'" in page.editor.thresholds.error_label.text()


def test_compare_dialog_highlights_differences(page: ScoringPage) -> None:
    page.open_compare()
    dialog = page.compare_dialog
    assert dialog.model.headerData(2, Qt.Orientation.Horizontal) == "A: 2026 model"
    total = dialog.model.rowCount()
    dialog.only_differences.setChecked(True)
    assert 0 < dialog.model.rowCount() < total
    assert dialog.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    dialog.close()


def test_backtest_button_asks_for_the_selected_model(qtbot, page: ScoringPage) -> None:
    with qtbot.waitSignal(page.backtest_requested) as signal:
        page.editor.backtest.run_button.click()
    assert signal.args == [page.current_model_id]


def test_a_criterion_being_typed_survives_other_changes(qtbot, page: ScoringPage) -> None:
    form = page.editor.criteria.form
    page.editor.criteria.start_new()
    type_into(qtbot, form.field_combo.lineEdit(), "Annual revenue")
    choose(form.operator_combo, Operator.GTE)
    type_into(qtbot, form.values_edit, "10000000")
    page.describe("Agreed in November; revenue rule under discussion.")
    assert page.service.model(page.current_model_id).description.startswith("Agreed in Nov")
    assert form.field_combo.currentText() == "Annual revenue"
    assert form.values_edit.text() == "10000000"
