"""Item models for the Personas page: the persona table, its search proxy, and notes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from app.models.base import Status
from app.services.agreement import STATUS_LABELS
from app.services.personas import FieldNote, PersonaService, PersonaSummary
from app.views.theme import current_colors

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
ModelIndex = QModelIndex | QPersistentModelIndex


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


class PersonaTableModel(QAbstractTableModel):
    """Every persona, one row each, in the order the service lists them."""

    COLUMNS = ("Name", "Industry", "Status", "Notes")
    NAME, INDUSTRY, STATUS, NOTES = range(4)

    def __init__(self, personas: PersonaService) -> None:
        super().__init__()
        self._service = personas
        self._rows: list[PersonaSummary] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._service.list_personas()
        self.endResetModel()

    def persona_at(self, row: int) -> PersonaSummary:
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

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        persona = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(persona, column)
        if role == SORT_ROLE:
            if column == self.NOTES:
                return persona.note_count
            if column == self.STATUS:
                return f"{list(Status).index(persona.status)}{persona.name.lower()}"
            return self._display(persona, column).lower()
        if role == ID_ROLE:
            return persona.id
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return status_color(persona.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.NOTES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return persona.role[:400]
        return None

    def _display(self, persona: PersonaSummary, column: int) -> str:
        if column == self.NAME:
            return persona.name
        if column == self.INDUSTRY:
            return persona.industry
        if column == self.STATUS:
            return self.tr(STATUS_LABELS[persona.status])
        return str(persona.note_count) if persona.note_count else ""


class PersonaFilterProxy(QSortFilterProxyModel):
    """Keeps personas whose text holds every word typed, optionally of one status."""

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self._words: list[str] = []
        self.status: Status | None = None

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.lower().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: Status | str | None) -> None:
        self.beginFilterChange()
        # Combo boxes may hand back the plain string value of an enum member.
        self.status = Status(status) if status is not None else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PersonaTableModel)
        persona = model.persona_at(source_row)
        if self.status is not None and persona.status is not self.status:
            return False
        return all(word in persona.search_text for word in self._words)


class NoteListModel(QAbstractListModel):
    """The field notes of one persona, newest first."""

    def __init__(self) -> None:
        super().__init__()
        self._notes: list[FieldNote] = []

    def set_notes(self, notes: tuple[FieldNote, ...]) -> None:
        self.beginResetModel()
        self._notes = sorted(notes, key=lambda n: (n.noted_on, n.id), reverse=True)
        self.endResetModel()

    def note_at(self, row: int) -> FieldNote | None:
        return self._notes[row] if 0 <= row < len(self._notes) else None

    def row_of(self, note_id: int) -> int | None:
        return next((i for i, n in enumerate(self._notes) if n.id == note_id), None)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._notes)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        note = self._notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{note.noted_on.day} {note.noted_on:%b %Y} · {note.author}\n{note.text}"
        if role == ID_ROLE:
            return note.id
        return None
