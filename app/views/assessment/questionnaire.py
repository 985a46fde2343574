"""The Questionnaire tab: the quarter's respondents beside one respondent's statements.

The panel only shows and asks; every change goes out as a signal for the page to save
through an undo command.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services.assessment.instrument import Instrument
from app.services.assessment.scoring import TEAMS
from app.services.assessment.store import RespondentInfo, StoredAnswer
from app.views.assessment.questionnaire_model import (
    ID_ROLE,
    TEAM_LABELS,
    QuestionnaireModel,
    RespondentListModel,
)
from app.views.assessment.questionnaire_view import QuestionnaireView

KEY_HINT = (
    "Keys: 1–5 rate the statement · 0 or D don't know · Delete clears · "
    "Enter writes a comment · ↑↓ move"
)


class QuestionnairePanel(QWidget):
    """Respondents of the quarter (add, rename, remove) and the selected one's answers."""

    respondent_selected = Signal(object)  # int | None
    add_requested = Signal(str, str)  # name, team
    remove_requested = Signal(int)
    rename_requested = Signal(int, str)
    team_change_requested = Signal(int, str)
    answer_requested = Signal(str, object)  # statement id, rating (None = don't know)
    clear_requested = Signal(str)
    comment_requested = Signal(str, str)

    def __init__(self, instrument: Instrument) -> None:
        super().__init__()
        self._total = len(instrument.statements)
        self._current: RespondentInfo | None = None
        self._loading = False

        self.respondent_model = RespondentListModel(self._total)
        self.respondent_model.rename_requested.connect(self.rename_requested)
        self.respondent_list = QListView()
        self.respondent_list.setModel(self.respondent_model)
        self.respondent_list.setSpacing(2)
        self.respondent_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.respondent_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.respondent_list.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.respondent_list.selectionModel().currentRowChanged.connect(self._on_respondent)
        # Delete removes a respondent only from the list; in the questionnaire it clears
        # an answer instead.
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.respondent_list)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_current)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Name of a new respondent"))
        self.name_edit.returnPressed.connect(self._add)
        self.new_team_combo = self._team_combo()
        self.add_button = QPushButton(self.tr("&Add"))
        self.add_button.clicked.connect(self._add)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Remove the selected respondent (Delete)"))
        self.remove_button.clicked.connect(self.remove_current)
        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Respondents"))
        heading.setProperty("role", "subheading")
        left_layout.addWidget(heading)
        left_layout.addWidget(self.respondent_list, 1)
        left_layout.addWidget(self.name_edit)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_team_combo, 1)
        add_row.addWidget(self.add_button)
        left_layout.addLayout(add_row)
        remove_row = QHBoxLayout()
        remove_row.addWidget(self.remove_button)
        remove_row.addStretch(1)
        remove_row.addWidget(self.count_label)
        left_layout.addLayout(remove_row)

        self.model = QuestionnaireModel(instrument)
        self.model.comment_edited.connect(self.comment_requested)
        self.model.answer_chosen.connect(self.answer_requested)
        self.view = QuestionnaireView(self.model)
        self.view.rating_entered.connect(self._on_rating)
        self.view.clear_requested.connect(self._on_clear)
        self.who_label = QLabel()
        self.who_label.setProperty("role", "heading")
        self.team_combo = self._team_combo()
        self.team_combo.setToolTip(self.tr("The team this person answers for"))
        self.team_combo.activated.connect(self._on_team)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, self._total)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 12)
        hint = QLabel(self.tr(KEY_HINT))
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.who_label)
        top.addWidget(self.team_combo)
        top.addStretch(1)
        top.addWidget(self.progress_label)
        top.addWidget(self.progress_bar)
        right_layout.addLayout(top)
        right_layout.addWidget(hint)
        right_layout.addWidget(self.view, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        em = self.fontMetrics().horizontalAdvance("M")
        splitter.setSizes([em * 18, em * 62])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.show_respondent(None, None)

    def _team_combo(self) -> QComboBox:
        combo = QComboBox()
        for team in TEAMS:
            combo.addItem(self.tr(TEAM_LABELS[team]), team)
        return combo

    # Showing ---------------------------------------------------------------------------

    @property
    def current_respondent(self) -> RespondentInfo | None:
        return self._current

    def load_respondents(self, respondents: list[RespondentInfo], select: int | None) -> None:
        """Show a quarter's respondents and select `select` (or the first one)."""
        self._loading = True
        try:
            self.respondent_model.load(respondents)
        finally:
            self._loading = False
        self.count_label.setText(self.tr("{0} respondents").format(len(respondents)))
        row = self.respondent_model.row_of(select) if select is not None else None
        if row is None and respondents:
            row = 0
        if row is None:
            self.respondent_selected.emit(None)
            return
        index = self.respondent_model.index(row)
        self.respondent_list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.respondent_list.scrollTo(index)

    def show_respondent(
        self, info: RespondentInfo | None, answers: dict[str, StoredAnswer] | None
    ) -> None:
        """Show one respondent's answers (None: nobody selected) and keep the cursor row."""
        same = info is not None and self._current is not None and info.id == self._current.id
        row = self.view.current_row()
        self._current = info
        self.model.load(answers if info is not None else None)
        self.remove_button.setEnabled(info is not None)
        self.team_combo.setVisible(info is not None)
        if info is None:
            self.who_label.setText(self.tr("Add a respondent to start"))
        else:
            self.who_label.setText(info.name)
            self.team_combo.setCurrentIndex(max(0, self.team_combo.findData(info.team)))
            # A reload of the same person keeps the cursor; someone else starts where
            # they left off.
            keep = same and self.model.statement_at(row) is not None
            self.view.go_to_row(row if keep else self.model.first_unanswered_row())
        self._update_progress()

    def update_answer(self, statement_id: str, answer: StoredAnswer | None) -> None:
        self.model.update_answer(statement_id, answer)
        self._update_progress()

    def go_to_statement(self, statement_id: str) -> None:
        self.view.go_to_row(self.model.row_of(statement_id))

    def _update_progress(self) -> None:
        answered = self.model.answered if self._current is not None else 0
        self.progress_label.setText(
            self.tr("{0} of {1} answered").format(answered, self._total)
            if self._current is not None
            else ""
        )
        self.progress_bar.setValue(answered)
        self.progress_bar.setVisible(self._current is not None)

    # Requests ------------------------------------------------------------------------------

    def _on_respondent(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._loading:
            self.respondent_selected.emit(current.data(ID_ROLE) if current.isValid() else None)

    def _add(self) -> None:
        name = self.name_edit.text().strip()
        if name:
            self.add_requested.emit(name, self.new_team_combo.currentData())

    def added(self) -> None:
        """Called after a successful add: ready for the next name, or for answering."""
        self.name_edit.clear()
        self.view.setFocus()

    def remove_current(self) -> None:
        if self._current is not None:
            self.remove_requested.emit(self._current.id)

    def _on_team(self, _index: int) -> None:
        team = self.team_combo.currentData()
        if self._current is not None and team != self._current.team:
            self.team_change_requested.emit(self._current.id, team)

    def _on_rating(self, row: int, rating: int | None) -> None:
        statement = self.model.statement_at(row)
        if statement is not None:
            self.answer_requested.emit(statement.id, rating)

    def _on_clear(self, row: int) -> None:
        statement = self.model.statement_at(row)
        if statement is not None:
            self.clear_requested.emit(statement.id)
