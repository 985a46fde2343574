"""The left side of the Personas page: search, status filter, the list and its buttons."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.base import Status
from app.services.agreement import STATUS_LABELS
from app.services.personas import PersonaService
from app.views.personas.persona_model import ID_ROLE, PersonaFilterProxy, PersonaTableModel


class PersonaList(QWidget):
    """Lists personas, filtered as the user types; reports the persona made current."""

    current_changed = Signal(object)  # the persona id, or None

    def __init__(self, personas: PersonaService) -> None:
        super().__init__()
        em = self.fontMetrics().horizontalAdvance("M")
        self.model = PersonaTableModel(personas)
        self.proxy = PersonaFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search personas (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.proxy.set_text)
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("All statuses"), None)
        for status, label in STATUS_LABELS.items():
            self.status_filter.addItem(self.tr(label), status)
        self.status_filter.currentIndexChanged.connect(
            lambda: self.proxy.set_status(self.status_filter.currentData())
        )

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        # -1: keep the service's order until the user clicks a header.
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PersonaTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (PersonaTableModel.INDUSTRY, 11),
            (PersonaTableModel.STATUS, 7),
            (PersonaTableModel.NOTES, 4),
        ):
            header.resizeSection(column, em * width)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        self.new_button = QPushButton(self.tr("&New persona"))
        self.new_button.setShortcut(QKeySequence("Ctrl+N"))
        self.duplicate_button = QPushButton(self.tr("D&uplicate"))
        self.duplicate_button.setToolTip(self.tr("A Draft copy with the same fields and notes"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.status_filter)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.count_label)
        self._refresh_counts()

    def reload(self) -> None:
        self.model.reload()
        self._refresh_counts()

    def names(self) -> set[str]:
        """Every persona's name in lower case, filtered out or not."""
        return {self.model.persona_at(r).name.lower() for r in range(self.model.rowCount())}

    def select(self, name_or_id: str | int) -> bool:
        """Make a persona current by id or (case-insensitive) name; False when not shown."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, PersonaTableModel.NAME)
            if name_or_id == index.data(ID_ROLE) or (
                isinstance(name_or_id, str) and index.data().lower() == name_or_id.lower()
            ):
                self.select_row(row)
                return True
        return False

    def select_row(self, row: int) -> None:
        if 0 <= row < self.proxy.rowCount():
            index = self.proxy.index(row, PersonaTableModel.NAME)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        else:
            self.current_changed.emit(None)

    def first_id(self) -> int | None:
        return self.proxy.index(0, 0).data(ID_ROLE) if self.proxy.rowCount() else None

    def clear_filters(self) -> None:
        self.search_edit.clear()
        self.status_filter.setCurrentIndex(0)

    def set_has_current(self, has_current: bool) -> None:
        self.duplicate_button.setEnabled(has_current)
        self.delete_button.setEnabled(has_current)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_changed.emit(current.data(ID_ROLE) if current.isValid() else None)

    def _refresh_counts(self) -> None:
        total = self.model.rowCount()
        agreed = sum(1 for r in range(total) if self.model.persona_at(r).status is Status.AGREED)
        self.count_label.setText(self.tr("{0} personas, {1} agreed").format(total, agreed))
