"""Item models for the term list: a table over the service and a filtering proxy."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from app.models.base import Status, Team
from app.models.lexicon import TermCategory
from app.services.lexicon import (
    CATEGORY_LABELS,
    ORDERED_CATEGORIES,
    STATUS_LABELS,
    TEAM_LABELS,
    LexiconService,
    TermSummary,
)
from app.views.theme import current_colors

CATEGORY_ORDER = {
    c: i
    for i, c in enumerate(
        (
            TermCategory.LIFECYCLE_STAGE,
            TermCategory.LEAD_STATUS,
            TermCategory.FIELD,
            TermCategory.GENERAL,
        )
    )
}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
ModelIndex = QModelIndex | QPersistentModelIndex


class TermTableModel(QAbstractTableModel):
    """Every term, one row each, as the service lists them."""

    COLUMNS = ("Order", "Name", "Category", "Status", "Team", "CRM value")
    ORDER, NAME, CATEGORY, STATUS, TEAM, CRM = range(6)

    def __init__(self, lexicon: LexiconService) -> None:
        super().__init__()
        self._lexicon = lexicon
        self._terms: list[TermSummary] = []
        self._sort_keys: list[list[str]] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        terms = self._lexicon.list_terms()
        self._terms = sorted(terms, key=lambda t: self._sort_key(t, self.ORDER))
        self._sort_keys = [[self._sort_key(t, c) for c in range(len(self.COLUMNS))]
                           for t in self._terms]
        self.endResetModel()

    def term_at(self, row: int) -> TermSummary:
        return self._terms[row]

    def row_of(self, term_id: int) -> int | None:
        return next((i for i, t in enumerate(self._terms) if t.id == term_id), None)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._terms)

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
        term = self._terms[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(term, column)
        if role == SORT_ROLE:
            return self._sort_keys[index.row()][column]
        if role == ID_ROLE:
            return term.id
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            colors = current_colors()
            return QColor(
                {
                    Status.AGREED: colors.agreed,
                    Status.PROPOSED: colors.proposed,
                    Status.DRAFT: colors.draft,
                    Status.RETIRED: colors.retired,
                }[term.status]
            )
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return term.definition[:400]
        return None

    def _display(self, term: TermSummary, column: int) -> str:
        if column == self.ORDER:
            return str(term.position) if term.category in ORDERED_CATEGORIES else ""
        if column == self.NAME:
            return term.name
        if column == self.CATEGORY:
            return CATEGORY_LABELS[term.category]
        if column == self.STATUS:
            return STATUS_LABELS[term.status]
        if column == self.TEAM:
            return TEAM_LABELS[term.owner_team]
        return term.crm_value

    def _sort_key(self, term: TermSummary, column: int) -> Any:
        # Plain strings: Qt compares them natively, tuples it cannot.
        if column in (self.ORDER, self.CATEGORY):
            return f"{CATEGORY_ORDER[term.category]}{term.position:08d}{term.name.lower()}"
        if column == self.STATUS:
            return f"{list(Status).index(term.status)}{term.name.lower()}"
        return self._display(term, column).lower()


class TermFilterProxy(QSortFilterProxyModel):
    """Filters by text (name, definition), category, status and team."""

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self._text = ""
        self.category: TermCategory | None = None
        self.status: Status | None = None
        self.team: Team | None = None

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_filters(
        self, category: TermCategory | None, status: Status | None, team: Team | None
    ) -> None:
        self.beginFilterChange()
        # Combo boxes may hand back the plain string value of an enum member.
        self.category = TermCategory(category) if category is not None else None
        self.status = Status(status) if status is not None else None
        self.team = Team(team) if team is not None else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, TermTableModel)
        term = model.term_at(source_row)
        if self.category is not None and term.category is not self.category:
            return False
        if self.status is not None and term.status is not self.status:
            return False
        if self.team is not None and term.owner_team is not self.team:
            return False
        if self._text:
            haystack = f"{term.name}\n{term.definition}\n{term.crm_value}".lower()
            return all(word in haystack for word in self._text.split())
        return True
