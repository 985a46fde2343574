"""The criteria of one model as an editable table; edits become requests, not writes.

The table never writes to the database itself: an edited cell emits `edit_requested`
and the page turns it into an undoable command (or an inline error).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.services.scoring.models_rules import (
    DIMENSION_LABELS,
    plain_number,
    signed_points,
    values_text,
)
from app.services.scoring.models_service import CriterionDetail
from app.services.scoring.spec import OPERATOR_LABELS, VALUELESS_OPERATORS, Dimension
from app.views.theme import current_colors

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


class CriteriaTableModel(QAbstractTableModel):
    """One row per criterion, in the model's order."""

    COLUMNS = ("Dimension", "Field", "Test", "Value(s)", "Points", "Cap", "Half-life (days)")
    DIMENSION, FIELD, OPERATOR, VALUES, POINTS, CAP, DECAY = range(7)
    # Which service field each column edits.
    KEYS = ("dimension", "field", "operator", "values", "points", "cap", "decay_half_life_days")

    edit_requested = Signal(int, object)

    def __init__(self) -> None:
        super().__init__()
        self._criteria: list[CriterionDetail] = []

    def load(self, criteria: tuple[CriterionDetail, ...]) -> None:
        self.beginResetModel()
        self._criteria = list(criteria)
        self.endResetModel()

    def criterion_at(self, row: int) -> CriterionDetail:
        return self._criteria[row]

    def row_of(self, criterion_id: int) -> int | None:
        return next((i for i, c in enumerate(self._criteria) if c.id == criterion_id), None)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._criteria)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        criterion = self._criteria[index.row()]
        column = index.column()
        if column == self.VALUES and criterion.operator in VALUELESS_OPERATORS:
            return base
        if column == self.DECAY and criterion.dimension is not Dimension.ENGAGEMENT:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        criterion = self._criteria[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(criterion, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == self.DIMENSION:
                return criterion.dimension
            if column == self.OPERATOR:
                return criterion.operator
            if column == self.POINTS:
                return plain_number(criterion.points)
            return self._display(criterion, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.VALUES:
            return self._display(criterion, column)
        if role == ID_ROLE:
            return criterion.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.POINTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.POINTS:
            colors = current_colors()
            return QColor(colors.error if criterion.points < 0 else colors.agreed)
        return None

    def _display(self, criterion: CriterionDetail, column: int) -> str:
        if column == self.DIMENSION:
            return self.tr(DIMENSION_LABELS[criterion.dimension])
        if column == self.FIELD:
            return criterion.field
        if column == self.OPERATOR:
            return self.tr(OPERATOR_LABELS[criterion.operator])
        if column == self.VALUES:
            return values_text(criterion.values, criterion.operator)
        if column == self.POINTS:
            return signed_points(criterion.points)
        if column == self.CAP:
            return plain_number(criterion.cap) if criterion.cap is not None else ""
        value = criterion.decay_half_life_days
        return plain_number(value) if value is not None else ""

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        criterion = self._criteria[index.row()]
        column = index.column()
        if str(value) == str(self.data(index, Qt.ItemDataRole.EditRole)):
            return False
        changes = {self.KEYS[column]: value}
        # After the editor has closed: the change resets this model.
        QTimer.singleShot(0, lambda: self.edit_requested.emit(criterion.id, changes))
        return True


class CriteriaDelegate(QStyledItemDelegate):
    """Choice lists for the dimension, the field (free text allowed) and the test."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: list[str] = []

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex
    ) -> QWidget:
        column = index.column()
        if column == CriteriaTableModel.DIMENSION:
            combo = QComboBox(parent)
            for dimension, label in DIMENSION_LABELS.items():
                combo.addItem(combo.tr(label), dimension)
            return combo
        if column == CriteriaTableModel.OPERATOR:
            combo = QComboBox(parent)
            for operator, label in OPERATOR_LABELS.items():
                combo.addItem(combo.tr(label), operator)
            return combo
        if column == CriteriaTableModel.FIELD:
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.addItems(self.fields)
            return combo
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            value = index.data(Qt.ItemDataRole.EditRole)
            if editor.isEditable():
                editor.setCurrentText(str(value))
            else:
                editor.setCurrentIndex(max(0, editor.findData(value)))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            value = editor.currentText() if editor.isEditable() else editor.currentData()
            model.setData(index, value, Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
