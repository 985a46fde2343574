"""Two scoring models side by side, with what differs highlighted."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.scoring.models_compare import (
    DIFFERENCE_LABELS,
    ComparisonRow,
    Difference,
    ModelComparison,
)
from app.services.scoring.models_service import ModelSummary, ScoringModelService
from app.views.theme import current_colors

ModelIndex = QModelIndex | QPersistentModelIndex


class ComparisonModel(QAbstractTableModel):
    """Rows of a comparison; coloured by how A and B differ."""

    SECTION, ITEM, A, B, DIFFERENCE = range(5)

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ComparisonRow] = []
        self._names = ("A", "B")

    def load(self, comparison: ModelComparison | None, only_differences: bool) -> None:
        self.beginResetModel()
        if comparison is None:
            self._rows = []
        else:
            self._names = (comparison.a_name, comparison.b_name)
            rows = comparison.differences() if only_differences else list(comparison.rows)
            self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> ComparisonRow:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = (
            self.tr("Section"),
            self.tr("Rule"),
            self.tr("A: {0}").format(self._names[0]),
            self.tr("B: {0}").format(self._names[1]),
            self.tr("Difference"),
        )
        return headers[section]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == self.SECTION:
                return self.tr(row.section)
            if column == self.ITEM:
                return row.item
            if column == self.A:
                return row.a if row.a is not None else "—"
            if column == self.B:
                return row.b if row.b is not None else "—"
            return self.tr(DIFFERENCE_LABELS[row.difference])
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.ITEM:
            return row.item
        if role == Qt.ItemDataRole.BackgroundRole and row.difference is not Difference.SAME:
            colors = current_colors()
            return QColor(
                {
                    Difference.ONLY_A: colors.removed_bg,
                    Difference.ONLY_B: colors.added_bg,
                    Difference.DIFFERENT: colors.warning_bg,
                }[row.difference]
            )
        return None


class CompareDialog(QDialog):
    """Pick two models; see every criterion and threshold of both, differences coloured."""

    def __init__(
        self,
        service: ScoringModelService,
        models: list[ModelSummary],
        a_id: int,
        b_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare scoring models"))
        self._service = service
        self.a_combo = QComboBox()
        self.b_combo = QComboBox()
        for combo, selected in ((self.a_combo, a_id), (self.b_combo, b_id)):
            for model in models:
                combo.addItem(model.name, model.id)
            combo.setCurrentIndex(max(0, combo.findData(selected)))
            combo.currentIndexChanged.connect(self.refresh)
        self.only_differences = QCheckBox(self.tr("Only differences"))
        self.only_differences.toggled.connect(self.refresh)
        self.summary_label = QLabel()
        self.summary_label.setProperty("role", "muted")
        pickers = QHBoxLayout()
        pickers.addWidget(QLabel(self.tr("A:")))
        pickers.addWidget(self.a_combo, 1)
        pickers.addWidget(QLabel(self.tr("B:")))
        pickers.addWidget(self.b_combo, 1)
        pickers.addWidget(self.only_differences)

        self.model = ComparisonModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ComparisonModel.ITEM, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_label, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        metrics = self.fontMetrics()
        self.resize(metrics.horizontalAdvance("M") * 95, metrics.lineSpacing() * 34)
        self.comparison: ModelComparison | None = None
        self.refresh()

    def refresh(self) -> None:
        a_id, b_id = self.a_combo.currentData(), self.b_combo.currentData()
        if a_id is None or b_id is None:
            self.comparison = None
        else:
            self.comparison = self._service.compare(a_id, b_id)
        self.model.load(self.comparison, self.only_differences.isChecked())
        if self.comparison is None:
            self.summary_label.clear()
            return
        differences = self.comparison.differences()
        self.summary_label.setText(
            self.tr("{0} of {1} rules and bars differ").format(
                len(differences), len(self.comparison.rows)
            )
            if differences
            else self.tr("The two models score alike.")
        )
