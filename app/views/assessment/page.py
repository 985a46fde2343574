"""The Assessment page: pick a quarter, answer the questionnaire, read results and charts.

Every answer is saved at once through an undo command. Forms (openpyxl) and charts
(pyqtgraph) are imported only when first used; importing forms runs in the thread
pool behind a progress dialog with Cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.assessment.quarters import Quarter, parse_quarter, sort_quarters
from app.services.assessment.store import AssessmentStore, ImportOutcome
from app.services.errors import AccordError
from app.services.workspace import Workspace
from app.views.assessment.commands import AnswerCommand, RespondentCommand
from app.views.assessment.file_actions import AssessmentFileActions
from app.views.assessment.questionnaire import QuestionnairePanel
from app.views.assessment.questionnaire_model import TEAM_LABELS
from app.views.assessment.results_view import ResultsView
from app.views.pages import Page

if TYPE_CHECKING:
    from app.views.assessment.chart_panel import ChartsPanel

NEW_QUARTER = "new"


def current_quarter(today: date | None = None) -> str:
    today = today or date.today()
    return str(Quarter(today.year, (today.month - 1) // 3 + 1))


class AssessmentPage(Page):
    """The quarterly maturity self-assessment of the open workspace."""

    title = "Assessment"

    def __init__(self, workspace: Workspace, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.store = AssessmentStore(workspace)
        self._undo = undo_stack
        self._quarter = ""
        self._pending_quarters: set[str] = set()
        self._results_stale = True
        self.charts_panel: ChartsPanel | None = None
        self.last_status = ""
        self.files = AssessmentFileActions(
            self.store,
            self,
            lambda: self._quarter,
            lambda: self.panel.current_respondent,
            workspace.path.parent if workspace.path else Path.home(),
        )
        self.files.imported.connect(self._forms_stored)
        self.files.status.connect(self._status)
        self.files.error.connect(self._error)

        self.quarter_combo = QComboBox()
        self.quarter_combo.setToolTip(self.tr("The quarter being assessed"))
        self.quarter_combo.activated.connect(self._on_quarter_chosen)
        quarter_label = QLabel(self.tr("&Quarter"))
        quarter_label.setBuddy(self.quarter_combo)
        self.form_button = QToolButton()
        self.form_button.setText(self.tr("Offline form"))
        self.form_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        form_menu = QMenu(self.form_button)
        form_menu.addAction(
            self.tr("Blank form for this quarter…"), self.files.export_blank_form_dialog
        )
        form_menu.addAction(
            self.tr("Form for the selected respondent…"), self.files.export_respondent_form_dialog
        )
        self.form_button.setMenu(form_menu)
        self.import_button = QPushButton(self.tr("Import forms…"))
        self.import_button.clicked.connect(self.files.import_forms_dialog)
        self.files.busy_changed.connect(lambda busy: self.import_button.setEnabled(not busy))
        self.export_results_button = QPushButton(self.tr("Export results…"))
        self.export_results_button.setToolTip(self.tr("Save this quarter's results as XLSX"))
        self.export_results_button.clicked.connect(self.files.export_results_dialog)
        self.message_label = QLabel()
        self.message_label.setProperty("role", "error")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        self.panel = QuestionnairePanel(self.store.instrument)
        self.panel.respondent_selected.connect(self._show_respondent)
        self.panel.add_requested.connect(self.add_respondent)
        self.panel.remove_requested.connect(self.remove_respondent)
        self.panel.rename_requested.connect(self.rename_respondent)
        self.panel.team_change_requested.connect(self.change_team)
        self.panel.answer_requested.connect(self.set_answer)
        self.panel.clear_requested.connect(self.clear_answer)
        self.panel.comment_requested.connect(self.set_comment)
        self.results_view = ResultsView()
        self.charts_holder = QWidget()
        QVBoxLayout(self.charts_holder).setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.panel, self.tr("Questionnaire"))
        self.tabs.addTab(self.results_view, self.tr("Results"))
        self.tabs.addTab(self.charts_holder, self.tr("Charts"))
        self.tabs.currentChanged.connect(lambda _index: self._refresh_results())

        top = QHBoxLayout()
        top.addWidget(quarter_label)
        top.addWidget(self.quarter_combo)
        top.addStretch(1)
        for button in (self.form_button, self.import_button, self.export_results_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tabs, 1)
        quarters = self.store.quarters()
        self.select_quarter(quarters[-1] if quarters else current_quarter())

    # Page protocol ---------------------------------------------------------------------

    def reload(self) -> None:
        current = self.panel.current_respondent
        self._show_quarter(self._quarter, current.id if current else None)

    # Quarters --------------------------------------------------------------------------

    @property
    def quarter(self) -> str:
        return self._quarter

    def select_quarter(self, quarter: str) -> None:
        """Show a quarter (one without respondents yet stays listed for this session)."""
        quarter = str(parse_quarter(quarter))
        self._pending_quarters.add(quarter)
        self._show_quarter(quarter, None)

    def add_quarter(self, text: str) -> bool:
        """Validate a typed quarter and show it; False (with a message) when malformed."""
        try:
            quarter = parse_quarter(text)
        except AccordError as error:
            self._error(str(error))
            return False
        self.select_quarter(str(quarter))
        return True

    def _fill_quarter_combo(self) -> None:
        stored = self.store.quarters()
        self._pending_quarters -= set(stored)
        self.quarter_combo.clear()
        for quarter in sort_quarters([*stored, *self._pending_quarters, self._quarter]):
            self.quarter_combo.addItem(quarter, quarter)
        self.quarter_combo.addItem(self.tr("New quarter…"), NEW_QUARTER)
        self.quarter_combo.setCurrentIndex(max(0, self.quarter_combo.findData(self._quarter)))

    def _on_quarter_chosen(self, index: int) -> None:
        value = self.quarter_combo.itemData(index)
        if value != NEW_QUARTER:
            self._show_quarter(value, None)
            return
        self.quarter_combo.setCurrentIndex(self.quarter_combo.findData(self._quarter))
        latest = max((parse_quarter(q) for q in self.store.quarters()), default=None)
        suggestion = str(latest.next()) if latest else current_quarter()
        text, ok = QInputDialog.getText(
            self,
            self.tr("New quarter"),
            self.tr("Quarter to assess (for example {0}):").format(suggestion),
            text=suggestion,
        )
        if ok:
            self.add_quarter(text)

    def _show_quarter(self, quarter: str, respondent_id: int | None) -> None:
        self._quarter = quarter
        self._fill_quarter_combo()
        self.panel.load_respondents(self.store.respondents(quarter), respondent_id)
        self._results_stale = True
        self._refresh_results()

    # Respondents -----------------------------------------------------------------------

    def select_respondent(self, name: str) -> bool:
        """Select someone of the current quarter by name (case ignored)."""
        info = self.store.find_respondent(name, self._quarter)
        if info is None:
            return False
        self.panel.load_respondents(self.store.respondents(self._quarter), info.id)
        return True

    def _show_respondent(self, respondent_id: int | None) -> None:
        if respondent_id is None:
            self.panel.show_respondent(None, None)
            return
        try:
            info = self.store.respondent(respondent_id)
        except AccordError:
            self.panel.show_respondent(None, None)
            return
        self.panel.show_respondent(info, self.store.answers_of(respondent_id))

    def add_respondent(self, name: str, team: str) -> int | None:
        quarter = self._quarter
        command = self._respondent_command(
            None,
            self.tr("Add {0} to {1}").format(" ".join(name.split()), quarter),
            lambda: self.store.add_respondent(name, team, quarter),
        )
        if command is None:
            return None
        self._show_quarter(quarter, command.respondent_id)
        self.panel.added()
        return command.respondent_id

    def remove_respondent(self, respondent_id: int) -> None:
        info = self.store.respondent(respondent_id)
        if self._respondent_command(
            respondent_id,
            self.tr("Remove {0} from {1}").format(info.name, info.quarter),
            lambda: self.store.delete_respondent(respondent_id),
        ):
            self._show_quarter(self._quarter, None)
            self._status(
                self.tr("Removed {0} and their answers. Undo (Ctrl+Z) brings them back.").format(
                    info.name
                )
            )

    def rename_respondent(self, respondent_id: int, name: str) -> None:
        info = self.store.respondent(respondent_id)
        if self._respondent_command(
            respondent_id,
            self.tr("Rename {0}").format(info.name),
            lambda: self.store.update_respondent(respondent_id, name=name),
        ):
            self._show_quarter(self._quarter, respondent_id)

    def change_team(self, respondent_id: int, team: str) -> None:
        info = self.store.respondent(respondent_id)
        if self._respondent_command(
            respondent_id,
            self.tr("Move {0} to {1}").format(info.name, self.tr(TEAM_LABELS[team])),
            lambda: self.store.update_respondent(respondent_id, team=team),
        ):
            self._show_quarter(self._quarter, respondent_id)

    def _respondent_command(
        self, respondent_id: int | None, text: str, action: Callable[[], int | None]
    ) -> RespondentCommand | None:
        try:
            command = RespondentCommand.perform(
                self.store, respondent_id, text, action, self._after_undo
            )
        except AccordError as error:
            self._error(str(error))
            self.reload()
            return None
        self._error("")
        self._undo.push(command)
        return command

    # Answers ---------------------------------------------------------------------------

    def set_answer(self, statement_id: str, rating: int | None) -> None:
        label = self.store.instrument.rating_label(rating)
        self._answer_command(
            statement_id,
            self.tr("Answer {0}: {1}").format(statement_id, label),
            lambda rid: self.store.set_answer(rid, statement_id, rating),
        )

    def clear_answer(self, statement_id: str) -> None:
        self._answer_command(
            statement_id,
            self.tr("Clear the answer to {0}").format(statement_id),
            lambda rid: self.store.clear_answer(rid, statement_id),
        )

    def set_comment(self, statement_id: str, comment: str) -> None:
        self._answer_command(
            statement_id,
            self.tr("Comment on {0}").format(statement_id),
            lambda rid: self.store.set_comment(rid, statement_id, comment),
        )

    def _answer_command(self, statement_id: str, text: str, action: Callable[[int], None]) -> None:
        info = self.panel.current_respondent
        if info is None:
            return
        try:
            command = AnswerCommand.perform(
                self.store,
                info.id,
                statement_id,
                f"{info.name}: {text}",
                lambda: action(info.id),
                self._after_undo,
            )
        except AccordError as error:
            self._error(str(error))
            return
        self._error("")
        self._undo.push(command)
        self.panel.update_answer(statement_id, self.store.answer(info.id, statement_id))
        self.panel.respondent_model.update(self.store.respondent(info.id))
        self._results_stale = True

    def _after_undo(self, respondent_id: int | None, statement_id: str | None) -> None:
        """Show where an undo or redo happened, switching quarter when needed."""
        quarter = self._quarter
        if respondent_id is not None:
            try:
                quarter = self.store.respondent(respondent_id).quarter
            except AccordError:
                respondent_id = None
        self._show_quarter(quarter, respondent_id)
        if statement_id is not None:
            self.panel.go_to_statement(statement_id)

    # Results and charts ----------------------------------------------------------------

    def _refresh_results(self) -> None:
        showing = self.tabs.currentWidget()
        if showing is self.charts_holder and self.charts_panel is None:
            # pyqtgraph is loaded here, the first time anyone looks at a chart.
            from app.views.assessment.chart_panel import ChartsPanel

            self.charts_panel = ChartsPanel()
            self.charts_panel.last_folder = self.files.last_folder
            layout = self.charts_holder.layout()
            assert layout is not None
            layout.addWidget(self.charts_panel)
            self._results_stale = True
        if showing is self.panel or not self._results_stale:
            return
        results = self.store.results(self._quarter)
        self.results_view.show_results(results, self._quarter)
        if self.charts_panel is not None:
            instrument = self.store.instrument_for(results.instrument_version)
            self.charts_panel.show_results(results, instrument)
        self._results_stale = False

    def _forms_stored(self, outcome: ImportOutcome) -> None:
        command = RespondentCommand.from_import(
            self.store, self.tr("Import {0} forms").format(outcome.forms), outcome, self._after_undo
        )
        self._undo.push(command)
        shown = next((c.after for c in outcome.changes if c.after is not None), None)
        if shown is not None:
            self._show_quarter(shown.quarter, shown.id)
        else:
            self.reload()

    # Messages ----------------------------------------------------------------------------

    def _error(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _status(self, text: str) -> None:
        self.last_status = text
        bar = getattr(self.window(), "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 8000)
