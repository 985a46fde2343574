"""The Scoring page: the list of scoring models beside the editor of the selected one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.base import SignOffTeam, Status
from app.models.lexicon import TermCategory
from app.services.agreement import STATUS_LABELS
from app.services.errors import AccordError, ValidationError
from app.services.scoring.models_service import EditOutcome, ScoringModelService
from app.services.scoring.spec import ThresholdKind
from app.services.workspace import Workspace
from app.views.pages import Page
from app.views.scoring.agreement import SIGN_OFF_LABELS
from app.views.scoring.commands import ScoringCommand
from app.views.scoring.model_editor import ModelEditor
from app.views.scoring.model_list import ID_ROLE, ModelListModel

REVERTED_MESSAGE = (
    "This model was agreed. Changing what it scores returned it to Proposed: "
    "sales and marketing need to sign off again."
)
SIGN_OFFS_CLEARED_MESSAGE = (
    "The model changed after a sign-off, so that sign-off was cleared: people sign "
    "what the model scores now."
)
ErrorSink = Callable[[str, "str | None"], None]


class ScoringPage(Page):
    """Create, compare, agree and activate scoring models, and try them on a lead."""

    title = "Scoring"
    backtest_requested = Signal(int)

    def __init__(self, workspace: Workspace, undo_stack: QUndoStack) -> None:
        super().__init__()
        self._workspace = workspace
        self._service = ScoringModelService(workspace)
        self._undo = undo_stack
        self._current_id: int | None = None
        self._refreshing = False

        self.models = ModelListModel(self._service)
        self.model_table = QTableView()
        self.model_table.setModel(self.models)
        self.model_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.model_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.model_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.model_table.verticalHeader().hide()
        self.model_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.model_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ModelListModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.model_table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        self.new_button = QPushButton(self.tr("&New"))
        self.copy_button = QPushButton(self.tr("C&opy"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.active_button = QPushButton(self.tr("Set &active"))
        self.active_button.setToolTip(self.tr("Make this the model that scores leads"))
        self.compare_button = QPushButton(self.tr("Co&mpare…"))
        self.new_button.clicked.connect(self.new_model)
        self.copy_button.clicked.connect(self.copy_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.active_button.clicked.connect(self.set_active_current)
        self.compare_button.clicked.connect(self.open_compare)
        buttons = QGridLayout()
        buttons.addWidget(self.new_button, 0, 0)
        buttons.addWidget(self.copy_button, 0, 1)
        buttons.addWidget(self.delete_button, 0, 2)
        buttons.addWidget(self.active_button, 1, 0, 1, 2)
        buttons.addWidget(self.compare_button, 1, 2)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.model_table, 1)
        left_layout.addLayout(buttons)

        self.editor = ModelEditor()
        editor = self.editor
        editor.name_edited.connect(self.rename)
        editor.description_edited.connect(self.describe)
        editor.agreement.status_requested.connect(self.set_status)
        editor.agreement.sign_off_requested.connect(self._ask_sign_off)
        editor.agreement.withdraw_requested.connect(self.withdraw_sign_off)
        editor.criteria.submitted.connect(self.submit_criterion)
        editor.criteria.edit_requested.connect(self.edit_criterion)
        editor.criteria.delete_requested.connect(self.delete_criterion)
        editor.criteria.move_requested.connect(self.move_criterion)
        for group in editor.thresholds.groups():
            group.add_requested.connect(self.add_threshold)
            group.edit_requested.connect(self.edit_threshold)
            group.delete_requested.connect(self.delete_threshold)
        editor.backtest.requested.connect(self._request_backtest)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 1)
        em = self.fontMetrics().horizontalAdvance("M")
        splitter.setSizes([em * 18, em * 70])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._refresh(None)

    # Page protocol and selection -------------------------------------------------------

    @property
    def service(self) -> ScoringModelService:
        return self._service

    @property
    def current_model_id(self) -> int | None:
        return self._current_id

    def reload(self) -> None:
        self._refresh(self._current_id)

    def hideEvent(self, event: Any) -> None:
        self.editor.commit_pending()
        super().hideEvent(event)

    def select_model(self, name_or_id: str | int) -> bool:
        """Select a model by id or (case-insensitive) name."""
        for row in range(self.models.rowCount()):
            model = self.models.model_at(row)
            if name_or_id == model.id or (
                isinstance(name_or_id, str) and model.name.lower() == name_or_id.lower()
            ):
                self.model_table.selectionModel().setCurrentIndex(
                    self.models.index(row, ModelListModel.NAME),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                return True
        return False

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._refreshing:
            self.editor.commit_pending()
            self._show_model(current.data(ID_ROLE) if current.isValid() else None)

    def _refresh(self, model_id: int | None) -> None:
        """Re-read the list and show `model_id` (or the first model) after any change."""
        self._refreshing = True
        try:
            self.models.reload()
            if model_id is None or not self.select_model(model_id):
                model_id = self.models.model_at(0).id if self.models.rowCount() else None
                if model_id is not None:
                    self.select_model(model_id)
        finally:
            self._refreshing = False
        self._show_model(model_id)

    def _show_model(self, model_id: int | None) -> None:
        self._current_id = model_id
        detail = self._service.model(model_id) if model_id is not None else None
        revisions = self._service.revisions(model_id) if model_id is not None else []
        self.editor.load(detail, self._offered_fields(), revisions)
        for button in (self.copy_button, self.delete_button, self.compare_button):
            button.setEnabled(detail is not None)
        self.active_button.setEnabled(
            detail is not None and not detail.is_active and detail.status is not Status.RETIRED
        )
        self.compare_button.setEnabled(self.models.rowCount() > 1)

    def _offered_fields(self) -> list[str]:
        """Fields already used by any model, plus the lexicon's agreed field names."""
        lexicon_fields = [
            t.name for t in self._workspace.lexicon.list_terms() if t.category is TermCategory.FIELD
        ]
        names = {name.lower(): name for name in lexicon_fields}
        names.update({name.lower(): name for name in self._service.known_fields()})
        return sorted(names.values(), key=str.lower)

    # Changes, each through the undo stack ------------------------------------------------

    def _run(
        self,
        model_id: int | None,
        text: str,
        action: Callable[[], object],
        error: ErrorSink | None = None,
    ) -> ScoringCommand | None:
        show = error or (lambda message, _field: self.editor.show_error(message))
        try:
            command = ScoringCommand.perform(self._service, model_id, text, action, self._refresh)
        except AccordError as problem:
            if error is None:
                # Put back what is stored (a refused name...); a form keeps what was typed.
                self._refresh(self._current_id)
            show(str(problem), problem.field if isinstance(problem, ValidationError) else None)
            return None
        self.editor.show_error("")
        self._undo.push(command)
        if isinstance(command.result, EditOutcome):
            if command.result.reverted_to_proposed:
                self.editor.show_banner(self.tr(REVERTED_MESSAGE))
            elif command.result.sign_offs_cleared:
                self.editor.show_banner(self.tr(SIGN_OFFS_CLEARED_MESSAGE))
        return command

    def _on_current(
        self, text: str, action: Callable[[int], object], error: ErrorSink | None = None
    ) -> ScoringCommand | None:
        """Run an undoable change of the selected model; `text` may hold {0} for its name."""
        model_id = self._current_id
        if model_id is None:
            return None
        name = self.editor.detail.name if self.editor.detail else ""
        return self._run(model_id, text.replace("{0}", name), lambda: action(model_id), error)

    def new_model(self) -> None:
        taken = {self.models.model_at(r).name.lower() for r in range(self.models.rowCount())}
        name, number = self.tr("New model"), 1
        while name.lower() in taken:
            number += 1
            name = self.tr("New model {0}").format(number)
        text = self.tr("Create '{0}'").format(name)
        if self._run(None, text, lambda: self._service.create_model(name)):
            self.editor.name_edit.setFocus()
            self.editor.name_edit.selectAll()

    def copy_current(self) -> None:
        if (model_id := self._current_id) is not None:
            text = self.tr("Copy '{0}'").format(
                self.editor.detail.name if self.editor.detail else ""
            )
            self._run(None, text, lambda: self._service.copy_model(model_id))

    def delete_current(self) -> None:
        self._on_current(self.tr("Delete '{0}'"), self._service.delete_model)

    def set_active_current(self) -> None:
        self._on_current(self.tr("Make '{0}' active"), self._service.set_active)

    def rename(self, name: str) -> None:
        self._on_current(
            self.tr("Rename '{0}'"), lambda m: self._service.update_model(m, name=name)
        )

    def describe(self, text: str) -> None:
        self._on_current(
            self.tr("Describe '{0}'"), lambda m: self._service.update_model(m, description=text)
        )

    def set_status(self, status: Status) -> None:
        self._on_current(
            self.tr("Set '{0}' to {1}").replace("{1}", self.tr(STATUS_LABELS[status])),
            lambda m: self._service.set_status(m, status),
        )

    def sign_off(self, team: SignOffTeam, person: str) -> None:
        self._on_current(
            self.tr("{1} sign-off of '{0}'").replace("{1}", self.tr(SIGN_OFF_LABELS[team])),
            lambda m: self._service.sign_off(m, team, person),
        )
        self.editor.show_banner("")

    def withdraw_sign_off(self, team: SignOffTeam) -> None:
        self._on_current(
            self.tr("Withdraw {1} sign-off of '{0}'").replace(
                "{1}", self.tr(SIGN_OFF_LABELS[team]).lower()
            ),
            lambda m: self._service.withdraw_sign_off(m, team),
        )

    def submit_criterion(self, criterion_id: int | None, fields: dict[str, Any]) -> None:
        """Add the form's criterion (criterion_id None) or change the selected one."""
        form = self.editor.criteria.form
        if criterion_id is None:
            command = self._on_current(
                self.tr("Add criterion to '{0}'"),
                lambda m: self._service.add_criterion(m, **fields),
                form.show_error,
            )
        else:
            command = self._on_current(
                self.tr("Change criterion of '{0}'"),
                lambda _m: self._service.update_criterion(criterion_id, fields),
                form.show_error,
            )
        outcome = command.result if command is not None else None
        if isinstance(outcome, EditOutcome) and outcome.item_id is not None:
            self.editor.criteria.select_criterion(outcome.item_id)

    def edit_criterion(self, criterion_id: int, changes: dict[str, Any]) -> None:
        self._on_current(
            self.tr("Change criterion of '{0}'"),
            lambda _m: self._service.update_criterion(criterion_id, changes),
            self.editor.criteria.form.show_error,
        )

    def delete_criterion(self, criterion_id: int) -> None:
        self._on_current(
            self.tr("Delete criterion of '{0}'"),
            lambda _m: self._service.delete_criterion(criterion_id),
        )

    def move_criterion(self, criterion_id: int, offset: int) -> None:
        if self._on_current(
            self.tr("Reorder criteria of '{0}'"),
            lambda _m: self._service.move_criterion(criterion_id, offset),
        ):
            self.editor.criteria.select_criterion(criterion_id)

    def _threshold_error(self, message: str, _field: str | None) -> None:
        self.editor.thresholds.show_error(message)

    def add_threshold(self, kind: ThresholdKind, label: str, min_points: str) -> None:
        if self._on_current(
            self.tr("Add threshold {1} to '{0}'").replace("{1}", label),
            lambda m: self._service.add_threshold(m, kind, label, min_points),
            self._threshold_error,
        ):
            self.editor.thresholds.show_error("")
            for group in self.editor.thresholds.groups():
                group.clear_form()

    def edit_threshold(self, threshold_id: int, changes: dict[str, Any]) -> None:
        if self._on_current(
            self.tr("Change threshold of '{0}'"),
            lambda _m: self._service.update_threshold(threshold_id, changes),
            self._threshold_error,
        ):
            self.editor.thresholds.show_error("")

    def delete_threshold(self, threshold_id: int) -> None:
        self._on_current(
            self.tr("Delete threshold of '{0}'"),
            lambda _m: self._service.delete_threshold(threshold_id),
        )

    # Dialogs and signals -------------------------------------------------------------------

    def open_compare(self) -> None:
        from app.views.scoring.compare_dialog import CompareDialog

        models = [self.models.model_at(r) for r in range(self.models.rowCount())]
        if len(models) < 2 or self._current_id is None:
            return
        other = next(m.id for m in models if m.id != self._current_id)
        self.compare_dialog = CompareDialog(self._service, models, self._current_id, other, self)
        self.compare_dialog.open()

    def _request_backtest(self) -> None:
        if self._current_id is not None:
            self.backtest_requested.emit(self._current_id)

    def _ask_sign_off(self, team: SignOffTeam) -> None:
        settings = QSettings()
        key = f"sign-off/last-{team.value}"
        person, ok = QInputDialog.getText(
            self,
            self.tr("Sign off"),
            self.tr("Name of the {0} representative agreeing to this scoring model:").format(
                self.tr(SIGN_OFF_LABELS[team]).lower()
            ),
            text=str(settings.value(key, "")),
        )
        if ok and person.strip():
            settings.setValue(key, person.strip())
            self.sign_off(team, person)
