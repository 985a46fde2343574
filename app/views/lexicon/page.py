"""The Lexicon page: term list with filters beside the editor and history of one term."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.base import SignOffTeam, Status
from app.models.lexicon import TermCategory
from app.services.errors import AccordError, EditConflict
from app.services.lexicon import (
    CATEGORY_LABELS,
    FIELD_LABELS,
    ORDERED_CATEGORIES,
    STATUS_LABELS,
    TEAM_LABELS,
    EditOutcome,
)
from app.services.workspace import Workspace
from app.views.lexicon.commands import ReorderCommand, TermCommand
from app.views.lexicon.editor import SIGN_OFF_LABELS, TermEditor
from app.views.lexicon.history import HistoryPanel
from app.views.lexicon.term_model import ID_ROLE, TermFilterProxy, TermTableModel
from app.views.pages import Page

REVERTED_MESSAGE = (
    "This term was agreed. Changing its meaning returned it to Proposed: "
    "sales and marketing need to sign off again."
)
SIGN_OFFS_CLEARED_MESSAGE = (
    "The wording changed after a sign-off, so that sign-off was "
    "cleared: people sign what the term says now."
)


class LexiconPage(Page):
    """Browse, edit, order and agree the shared vocabulary."""

    title = "Lexicon"

    def __init__(self, workspace: Workspace, undo_stack: QUndoStack) -> None:
        super().__init__()
        self._lexicon = workspace.lexicon
        self._undo = undo_stack
        self._current_id: int | None = None
        self._shown_version: int | None = None
        self._refreshing = False

        self.model = TermTableModel(self._lexicon)
        self.proxy = TermFilterProxy()
        self.proxy.setSourceModel(self.model)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search terms (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.proxy.set_text)
        self.category_filter = self._filter_combo(self.tr("All categories"), CATEGORY_LABELS)
        self.status_filter = self._filter_combo(self.tr("All statuses"), STATUS_LABELS)
        self.team_filter = self._filter_combo(self.tr("All teams"), TEAM_LABELS)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        # The model already lists terms in funnel order; sorting through the proxy
        # (thousands of Python data() calls) starts only when a header is clicked.
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().sectionClicked.connect(self._enable_sorting)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # Fixed row heights and column widths from the font: measuring thousands of
        # rows to fit their contents would cost seconds on a large workspace.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        em = self.fontMetrics().horizontalAdvance("M")
        for column, width in (
            (TermTableModel.ORDER, 4),
            (TermTableModel.CATEGORY, 10),
            (TermTableModel.STATUS, 7),
            (TermTableModel.TEAM, 8),
            (TermTableModel.CRM, 10),
        ):
            header.resizeSection(column, em * width)
        header.setSectionResizeMode(TermTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        self.new_button = QPushButton(self.tr("&New term"))
        self.new_button.setShortcut(QKeySequence("Ctrl+N"))
        self.new_button.clicked.connect(self.new_term)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_current)
        self.up_button = QPushButton(self.tr("Move &up"))
        self.up_button.setToolTip(self.tr("Earlier in the funnel (Alt+Up)"))
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button = QPushButton(self.tr("Move do&wn"))
        self.down_button.setToolTip(self.tr("Later in the funnel (Alt+Down)"))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        QShortcut(QKeySequence("Alt+Up"), self, lambda: self.move_current(-1))
        QShortcut(QKeySequence("Alt+Down"), self, lambda: self.move_current(1))
        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_edit)
        filters = QHBoxLayout()
        for combo in (self.category_filter, self.status_filter, self.team_filter):
            filters.addWidget(combo)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.delete_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        left_layout.addLayout(buttons)

        self.editor = TermEditor()
        self.editor.field_edited.connect(self.edit_field)
        self.editor.status_requested.connect(self.set_status)
        self.editor.sign_off_requested.connect(self._ask_sign_off)
        self.editor.withdraw_requested.connect(self.withdraw_sign_off)
        self.history = HistoryPanel()
        self.history.restore_requested.connect(self.restore_revision)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor, self.tr("Definition"))
        self.tabs.addTab(self.history, self.tr("History"))

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        em = self.fontMetrics().horizontalAdvance("M")
        splitter.setSizes([em * 50, em * 45])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._refresh_counts()
        self._select_row(0)

    # Page protocol -------------------------------------------------------------------------

    def _enable_sorting(self, column: int) -> None:
        if not self.table.isSortingEnabled():
            self.table.horizontalHeader().setSortIndicator(column, Qt.SortOrder.AscendingOrder)
            self.table.setSortingEnabled(True)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def reload(self) -> None:
        self._refresh(self._current_id)

    def hideEvent(self, event: object) -> None:  # type: ignore[override]
        self.editor.commit_pending()
        super().hideEvent(event)  # type: ignore[arg-type]

    # Selection -----------------------------------------------------------------------------

    def select_term(self, name_or_id: str | int) -> bool:
        """Select a term by id or (case-insensitive) name; False when it is filtered out."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            term_id = index.data(ID_ROLE)
            name = self.proxy.index(row, TermTableModel.NAME).data()
            if name_or_id == term_id or (
                isinstance(name_or_id, str) and name.lower() == name_or_id.lower()
            ):
                self._select_row(row)
                return True
        return False

    @property
    def current_term_id(self) -> int | None:
        return self._current_id

    def _select_row(self, row: int) -> None:
        if 0 <= row < self.proxy.rowCount():
            index = self.proxy.index(row, TermTableModel.NAME)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        else:
            self._show_term(None)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._refreshing:
            return
        self.editor.commit_pending()
        self._show_term(current.data(ID_ROLE) if current.isValid() else None)

    def _show_term(self, term_id: int | None) -> None:
        self._current_id = term_id
        detail = self._lexicon.term(term_id) if term_id is not None else None
        # Edits carry the version shown, so a team database can tell a stale save.
        self._shown_version = detail.version if detail is not None else None
        self.editor.load(detail)
        self.history.load(self._lexicon.revisions(term_id) if term_id is not None else [])
        movable = detail is not None and detail.category in ORDERED_CATEGORIES
        self.up_button.setEnabled(movable)
        self.down_button.setEnabled(movable)
        self.delete_button.setEnabled(detail is not None)

    def _refresh(self, term_id: int | None) -> None:
        """Re-read the list and show `term_id` (after any change or undo)."""
        # Selection moves while the model resets; that must not count as the user
        # leaving the term (which would commit the field being edited again).
        self._refreshing = True
        try:
            self.model.reload()
            self._refresh_counts()
            found = term_id is not None and self.select_term(term_id)
            if term_id is not None and not found:
                self._clear_filters()
                found = self.select_term(term_id)
            if not found:
                self._select_row(0)
                term_id = self.proxy.index(0, 0).data(ID_ROLE) if self.proxy.rowCount() else None
        finally:
            self._refreshing = False
        self._show_term(term_id)

    def _refresh_counts(self) -> None:
        total = self.model.rowCount()
        agreed = sum(1 for r in range(total) if self.model.term_at(r).status is Status.AGREED)
        self.count_label.setText(self.tr("{0} terms, {1} agreed").format(total, agreed))

    def _clear_filters(self) -> None:
        for combo in (self.category_filter, self.status_filter, self.team_filter):
            combo.setCurrentIndex(0)
        self.search_edit.clear()

    def _filter_combo(self, all_label: str, labels: dict) -> QComboBox:  # type: ignore[type-arg]
        combo = QComboBox()
        combo.addItem(all_label, None)
        for value, label in labels.items():
            combo.addItem(self.tr(label), value)
        combo.currentIndexChanged.connect(self._apply_filters)
        return combo

    def _apply_filters(self) -> None:
        self.proxy.set_filters(
            self.category_filter.currentData(),
            self.status_filter.currentData(),
            self.team_filter.currentData(),
        )

    # Changes, each through the undo stack ------------------------------------------------------

    def _run(self, term_id: int | None, text: str, action: Callable[[], int | None]) -> bool:
        try:
            command = TermCommand.perform(self._lexicon, term_id, text, action, self._refresh)
        except EditConflict as conflict:
            return self._resolve_conflict(term_id, text, conflict)
        except AccordError as error:
            self.editor.show_error(str(error))
            self._refresh(self._current_id)
            return False
        self.editor.show_error("")
        self._undo.push(command)
        return True

    def _resolve_conflict(self, term_id: int | None, text: str, conflict: EditConflict) -> bool:
        """Someone saved this term first: show both versions and write only what is kept."""
        self._refresh(self._current_id)
        if term_id is None or not conflict.fields:
            self.editor.show_error(str(conflict))
            return False
        from app.views.team.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(conflict, self)
        if dialog.exec() != ConflictDialog.DialogCode.Accepted:
            return False
        kept = dialog.chosen_changes()
        if not kept:
            return True

        def keep_mine() -> None:
            self._lexicon.update_term(term_id, kept, expected_version=conflict.stored_version)

        return self._run(term_id, text, keep_mine)

    def new_term(self) -> None:
        category = self.category_filter.currentData() or TermCategory.GENERAL
        existing = {self.model.term_at(r).name.lower() for r in range(self.model.rowCount())}
        name, number = self.tr("New term"), 1
        while name.lower() in existing:
            number += 1
            name = self.tr("New term {0}").format(number)
        if self._run(
            None,
            self.tr("Create '{0}'").format(name),
            lambda: self._lexicon.create_term(name, category),
        ):
            self.tabs.setCurrentWidget(self.editor)
            self.editor.name_edit.setFocus()
            self.editor.name_edit.selectAll()

    def delete_current(self) -> None:
        term_id = self._current_id
        if term_id is None:
            return
        name = self._lexicon.term(term_id).name
        if self._run(
            term_id,
            self.tr("Delete '{0}'").format(name),
            lambda: self._lexicon.delete_term(term_id),
        ):
            window = self.window()
            bar = getattr(window, "statusBar", None)
            if callable(bar):
                bar().showMessage(
                    self.tr("Deleted '{0}'. Undo (Ctrl+Z) brings it back.").format(name), 8000
                )

    def edit_field(self, field: str, value: object) -> None:
        term_id = self._current_id
        if term_id is None:
            return
        outcome: list[EditOutcome] = []

        shown_version = self._shown_version

        def action() -> None:
            outcome.append(
                self._lexicon.update_term(term_id, {field: value}, expected_version=shown_version)
            )

        name = self._lexicon.term(term_id).name
        if (
            self._run(
                term_id,
                self.tr("Edit {0} of '{1}'").format(FIELD_LABELS[field].lower(), name),
                action,
            )
            and outcome
        ):
            if outcome[0].reverted_to_proposed:
                self.editor.show_banner(self.tr(REVERTED_MESSAGE))
            elif outcome[0].sign_offs_cleared:
                self.editor.show_banner(self.tr(SIGN_OFFS_CLEARED_MESSAGE))

    def set_status(self, status: Status) -> None:
        term_id = self._current_id
        if term_id is not None:
            name = self._lexicon.term(term_id).name
            self._run(
                term_id,
                self.tr("Set '{0}' to {1}").format(name, STATUS_LABELS[status]),
                lambda: self._lexicon.set_status(term_id, status),
            )

    def sign_off(self, team: SignOffTeam, person: str) -> None:
        term_id = self._current_id
        if term_id is not None:
            name = self._lexicon.term(term_id).name
            self._run(
                term_id,
                self.tr("{0} sign-off of '{1}'").format(SIGN_OFF_LABELS[team], name),
                lambda: self._lexicon.sign_off(term_id, team, person) and None,
            )
            self.editor.show_banner("")

    def withdraw_sign_off(self, team: SignOffTeam) -> None:
        term_id = self._current_id
        if term_id is not None:
            name = self._lexicon.term(term_id).name
            self._run(
                term_id,
                self.tr("Withdraw {0} sign-off of '{1}'").format(
                    SIGN_OFF_LABELS[team].lower(), name
                ),
                lambda: self._lexicon.withdraw_sign_off(term_id, team),
            )

    def restore_revision(self, number: int) -> None:
        term_id = self._current_id
        if term_id is not None:
            name = self._lexicon.term(term_id).name
            self._run(
                term_id,
                self.tr("Restore revision {0} of '{1}'").format(number, name),
                lambda: self._lexicon.restore_revision(term_id, number) and None,
            )

    def move_current(self, offset: int) -> None:
        term_id = self._current_id
        if term_id is None:
            return
        detail = self._lexicon.term(term_id)
        if detail.category not in ORDERED_CATEGORIES:
            return
        before = self._lexicon.order_of(detail.category)
        if not self._lexicon.move(term_id, offset):
            return
        after = self._lexicon.order_of(detail.category)
        direction = self.tr("up") if offset < 0 else self.tr("down")
        self._undo.push(
            ReorderCommand(
                self._lexicon,
                detail.category,
                before,
                after,
                term_id,
                self.tr("Move '{0}' {1}").format(detail.name, direction),
                self._refresh,
            )
        )

    def _ask_sign_off(self, team: SignOffTeam) -> None:
        settings = QSettings()
        key = f"sign-off/last-{team.value}"
        person, ok = QInputDialog.getText(
            self,
            self.tr("Sign off"),
            self.tr("Name of the {0} representative agreeing to this wording:").format(
                SIGN_OFF_LABELS[team].lower()
            ),
            text=str(settings.value(key, "")),
        )
        if ok and person.strip():
            settings.setValue(key, person.strip())
            self.sign_off(team, person)
