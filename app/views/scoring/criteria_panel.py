"""The Criteria tab: the table of a model's criteria (editable in place) above the form."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.scoring.models_service import CriterionDetail, ModelDetail
from app.services.scoring.spec import Dimension
from app.views.scoring.criteria_model import ID_ROLE, CriteriaDelegate, CriteriaTableModel
from app.views.scoring.criterion_form import CriterionForm


class CriteriaPanel(QWidget):
    """Shows the criteria and reports what the user asks to change."""

    submitted = Signal(object, object)
    edit_requested = Signal(int, object)
    delete_requested = Signal(int)
    move_requested = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self._model_id: int | None = None
        self.model = CriteriaTableModel()
        self.model.edit_requested.connect(self.edit_requested)
        self.delegate = CriteriaDelegate(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(self.delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        em = self.fontMetrics().horizontalAdvance("M")
        # Wide enough for the header or the usual content, whichever is wider.
        for column, content in (
            (CriteriaTableModel.DIMENSION, "Engagement"),
            (CriteriaTableModel.FIELD, "Pricing page visits"),
            (CriteriaTableModel.OPERATOR, "starts with"),
            (CriteriaTableModel.POINTS, "+100"),
            (CriteriaTableModel.CAP, "100"),
            (CriteriaTableModel.DECAY, "30"),
        ):
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            width = max(self.fontMetrics().horizontalAdvance(text) for text in (title, content))
            header.resizeSection(column, width + em * 2)
        header.setSectionResizeMode(CriteriaTableModel.VALUES, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        self.new_button = QPushButton(self.tr("&New criterion"))
        self.new_button.setToolTip(self.tr("Clear the form below to add a criterion"))
        self.delete_button = QPushButton(self.tr("Delete criterion"))
        self.up_button = QPushButton(self.tr("Move up"))
        self.down_button = QPushButton(self.tr("Move down"))
        self.summary_label = QLabel()
        self.summary_label.setProperty("role", "muted")
        self.new_button.clicked.connect(self.start_new)
        self.delete_button.clicked.connect(self._delete)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        buttons = QHBoxLayout()
        for button in (self.new_button, self.delete_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.summary_label)

        self.form = CriterionForm()
        self.form.submitted.connect(self.submitted)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.form)
        self._update_buttons()

    def load(self, detail: ModelDetail | None, fields: list[str]) -> None:
        """Show the criteria of `detail`, keeping the selection and what the form holds.

        A refresh after some other change must not wipe a criterion being typed into
        the form, so the form is reloaded only when its criterion changed or is gone.
        """
        selected = self.current_criterion_id()
        same_model = detail is not None and detail.id == self._model_id
        self._model_id = detail.id if detail else None
        self.delegate.fields = fields
        self.form.set_fields(fields)
        self.table.selectionModel().blockSignals(True)
        self.model.load(detail.criteria if detail else ())
        self.table.selectionModel().blockSignals(False)
        if detail is None:
            self.summary_label.clear()
        else:
            fit = sum(1 for c in detail.criteria if c.dimension is Dimension.FIT)
            self.summary_label.setText(
                self.tr("{0} fit, {1} engagement").format(fit, len(detail.criteria) - fit)
            )
        kept = same_model and selected is not None and self.select_criterion(selected)
        if not kept and not (same_model and selected is None):
            self.form.load(None)
        self._update_buttons()

    def current_criterion_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None

    def select_criterion(self, criterion_id: int) -> bool:
        row = self.model.row_of(criterion_id)
        if row is None:
            return False
        index = self.model.index(row, CriteriaTableModel.FIELD)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        self._show_in_form(self.model.criterion_at(row))
        self._update_buttons()
        return True

    def start_new(self) -> None:
        self.table.selectionModel().clearCurrentIndex()
        self.table.clearSelection()
        self.form.load(None)
        self._update_buttons()
        self.form.field_combo.setFocus()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_in_form(self.model.criterion_at(current.row()) if current.isValid() else None)
        self._update_buttons()

    def _show_in_form(self, criterion: CriterionDetail | None) -> None:
        if criterion is None or criterion != self.form.loaded:
            self.form.load(criterion)

    def _update_buttons(self) -> None:
        selected = self.current_criterion_id() is not None
        row = self.table.selectionModel().currentIndex().row()
        for button in (self.delete_button, self.up_button, self.down_button):
            button.setEnabled(selected)
        self.up_button.setEnabled(selected and row > 0)
        self.down_button.setEnabled(selected and row < self.model.rowCount() - 1)

    def _delete(self) -> None:
        criterion_id = self.current_criterion_id()
        if criterion_id is not None:
            self.delete_requested.emit(criterion_id)

    def _move(self, offset: int) -> None:
        criterion_id = self.current_criterion_id()
        if criterion_id is not None:
            self.move_requested.emit(criterion_id, offset)
