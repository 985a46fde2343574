"""The Thresholds tab: statuses reached by the total score, grades reached by fit points."""

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
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.scoring.models_rules import GRADES, plain_number
from app.services.scoring.models_service import ModelDetail, ThresholdDetail
from app.services.scoring.spec import ThresholdKind

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


class ThresholdTableModel(QAbstractTableModel):
    """The thresholds of one kind, highest bar first; edits become requests."""

    COLUMNS = ("Label", "From (points)")
    LABEL, MIN_POINTS = range(2)

    edit_requested = Signal(int, object)

    def __init__(self, kind: ThresholdKind) -> None:
        super().__init__()
        self.kind = kind
        self._rows: list[ThresholdDetail] = []

    def load(self, rows: list[ThresholdDetail]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def threshold_at(self, row: int) -> ThresholdDetail:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        threshold = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == self.LABEL:
                return threshold.label
            return plain_number(threshold.min_points)
        if role == ID_ROLE:
            return threshold.id
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        if str(value) == self.data(index, Qt.ItemDataRole.EditRole):
            return False
        key = "label" if index.column() == self.LABEL else "min_points"
        threshold_id = self._rows[index.row()].id
        # After the editor has closed: the change resets this model.
        QTimer.singleShot(0, lambda: self.edit_requested.emit(threshold_id, {key: value}))
        return True


class ThresholdGroup(QGroupBox):
    """One kind of threshold: its table, a small form to add one, and Delete."""

    add_requested = Signal(object, str, str)
    edit_requested = Signal(int, object)
    delete_requested = Signal(int)

    def __init__(self, kind: ThresholdKind, title: str, hint: str) -> None:
        super().__init__(title)
        self.kind = kind
        self.model = ThresholdTableModel(kind)
        self.model.edit_requested.connect(self.edit_requested)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        hint_label = QLabel(hint)
        hint_label.setWordWrap(True)
        hint_label.setProperty("role", "muted")

        self.label_edit: QLineEdit | QComboBox
        if kind is ThresholdKind.GRADE:
            self.label_edit = QComboBox()
            self.label_edit.addItems(GRADES)
        else:
            self.label_edit = QLineEdit()
            self.label_edit.setPlaceholderText(self.tr("Label, e.g. MQL"))
        self.min_edit = QLineEdit()
        self.min_edit.setPlaceholderText(self.tr("from points"))
        self.min_edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 8)
        self.add_button = QPushButton(self.tr("Add"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.add_button.clicked.connect(self._add)
        self.min_edit.returnPressed.connect(self._add)
        self.delete_button.clicked.connect(self._delete)
        row = QHBoxLayout()
        row.addWidget(self.label_edit, 1)
        row.addWidget(self.min_edit)
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def load(self, detail: ModelDetail | None) -> None:
        self.model.load(detail.thresholds_of(self.kind) if detail else [])
        if isinstance(self.label_edit, QComboBox):
            used = {t.label for t in (detail.thresholds_of(self.kind) if detail else [])}
            free = [g for g in GRADES if g not in used]
            self.label_edit.clear()
            self.label_edit.addItems(free)
            self.add_button.setEnabled(bool(free))

    def _add(self) -> None:
        label = (
            self.label_edit.currentText()
            if isinstance(self.label_edit, QComboBox)
            else self.label_edit.text()
        )
        self.add_requested.emit(self.kind, label, self.min_edit.text())

    def clear_form(self) -> None:
        if isinstance(self.label_edit, QLineEdit):
            self.label_edit.clear()
        self.min_edit.clear()

    def _delete(self) -> None:
        index = self.table.selectionModel().currentIndex()
        if index.isValid():
            self.delete_requested.emit(self.model.threshold_at(index.row()).id)


class ThresholdsPanel(QWidget):
    """Both kinds side by side, with one line for the last refused edit."""

    def __init__(self) -> None:
        super().__init__()
        self.statuses = ThresholdGroup(
            ThresholdKind.STATUS,
            self.tr("Statuses (from the total score)"),
            self.tr("A lead takes the highest status its total reaches, e.g. MQL from 60."),
        )
        self.grades = ThresholdGroup(
            ThresholdKind.GRADE,
            self.tr("Grades (from fit points)"),
            self.tr("How well the lead fits the ideal customer: A best, D least."),
        )
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        groups = QHBoxLayout()
        groups.addWidget(self.statuses)
        groups.addWidget(self.grades)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(groups, 1)

    def groups(self) -> tuple[ThresholdGroup, ThresholdGroup]:
        return self.statuses, self.grades

    def load(self, detail: ModelDetail | None) -> None:
        for group in self.groups():
            group.load(detail)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
