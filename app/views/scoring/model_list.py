"""The list of scoring models, the active one marked, as a table model over the service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from app.models.base import Status
from app.services.agreement import STATUS_LABELS
from app.services.scoring.models_service import ModelSummary, ScoringModelService
from app.views.theme import current_colors

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex
ACTIVE_MARK = "\u2605"


def status_color(status: Status) -> QColor:
    colors = current_colors()
    return QColor(
        {
            Status.AGREED: colors.agreed,
            Status.PROPOSED: colors.proposed,
            Status.DRAFT: colors.draft,
            Status.RETIRED: colors.retired,
        }[status]
    )


class ModelListModel(QAbstractTableModel):
    """Every scoring model: name (★ for the active one), status and number of criteria."""

    COLUMNS = ("Model", "Status", "Criteria")
    NAME, STATUS, COUNT = range(3)

    def __init__(self, service: ScoringModelService) -> None:
        super().__init__()
        self._service = service
        self._models: list[ModelSummary] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._models = self._service.list_models()
        self.endResetModel()

    def model_at(self, row: int) -> ModelSummary:
        return self._models[row]

    def row_of(self, model_id: int) -> int | None:
        return next((i for i, m in enumerate(self._models) if m.id == model_id), None)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._models)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        model = self._models[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return f"{ACTIVE_MARK} {model.name}" if model.is_active else model.name
            if column == self.STATUS:
                return self.tr(STATUS_LABELS[model.status])
            return str(model.criteria_count)
        if role == ID_ROLE:
            return model.id
        if role == Qt.ItemDataRole.FontRole and model.is_active and column == self.NAME:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return status_color(model.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            active = self.tr("The active model: it scores leads. ") if model.is_active else ""
            return active + model.description[:400]
        return None
