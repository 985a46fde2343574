"""The Personas page: the persona list beside the worksheet, field notes and history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QInputDialog,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
)

from app.models.base import SignOffTeam, Status
from app.services.agreement import STATUS_LABELS
from app.services.errors import AccordError
from app.services.lexicon import EditOutcome
from app.services.personas import FIELD_LABELS, PersonaService
from app.services.workspace import Workspace
from app.views.lexicon.history import HistoryPanel
from app.views.pages import Page
from app.views.personas.agreement_box import TEAM_NAMES
from app.views.personas.commands import PersonaCommand
from app.views.personas.editor import PersonaEditor
from app.views.personas.notes import NoteDialog, NoteInput, NotesPanel
from app.views.personas.persona_list import PersonaList
from app.views.personas.printable import PrintableDialog, one_page_document, persona_html

REVERTED_MESSAGE = (
    "This persona was agreed. Changing it returned it to Proposed: "
    "sales and marketing need to sign off again."
)
SIGN_OFFS_CLEARED_MESSAGE = (
    "The persona changed after a sign-off, so that sign-off was cleared: "
    "people sign what the worksheet says now."
)


class PersonasPage(Page):
    """Browse, edit, annotate, agree and print buyer personas."""

    title = "Personas"

    def __init__(self, workspace: Workspace, undo_stack: QUndoStack) -> None:
        super().__init__()
        self._workspace = workspace
        self._personas = PersonaService(workspace)
        self._undo = undo_stack
        self._current_id: int | None = None
        self._refreshing = False
        em = self.fontMetrics().horizontalAdvance("M")

        self.persona_list = PersonaList(self._personas)
        self.persona_list.current_changed.connect(self._on_current_changed)
        self.persona_list.new_button.clicked.connect(self.new_persona)
        self.persona_list.duplicate_button.clicked.connect(self.duplicate_current)
        self.persona_list.delete_button.clicked.connect(self.delete_current)

        self.editor = PersonaEditor()
        self.editor.field_edited.connect(self.edit_field)
        self.editor.printable_requested.connect(self.show_printable)
        self.editor.agreement.status_requested.connect(self.set_status)
        self.editor.agreement.sign_off_requested.connect(self._ask_sign_off)
        self.editor.agreement.withdraw_requested.connect(self.withdraw_sign_off)
        self.notes = NotesPanel()
        self.notes.add_requested.connect(self._ask_new_note)
        self.notes.edit_requested.connect(self._ask_edit_note)
        self.notes.delete_requested.connect(self.delete_note)
        self.history = HistoryPanel()
        self.history.restore_requested.connect(self.restore_revision)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor, self.tr("Worksheet"))
        self.tabs.addTab(self.notes, self.tr("Field notes"))
        self.tabs.addTab(self.history, self.tr("History"))

        splitter = QSplitter()
        splitter.addWidget(self.persona_list)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([em * 30, em * 50])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.persona_list.select_row(0)

    # Page protocol -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.persona_list.search_edit.setFocus()
        self.persona_list.search_edit.selectAll()

    def reload(self) -> None:
        self._refresh(self._current_id)

    def hideEvent(self, event: object) -> None:  # type: ignore[override]
        self.editor.commit_pending()
        super().hideEvent(event)  # type: ignore[arg-type]

    # Selection -----------------------------------------------------------------------------

    @property
    def current_persona_id(self) -> int | None:
        return self._current_id

    def select_persona(self, name_or_id: str | int) -> bool:
        """Select a persona by id or (case-insensitive) name; False when it is filtered out."""
        return self.persona_list.select(name_or_id)

    def _on_current_changed(self, persona_id: int | None) -> None:
        if self._refreshing:
            return
        self.editor.commit_pending()
        self._show(persona_id)

    def _show(self, persona_id: int | None, note_id: int | None = None) -> None:
        self._current_id = persona_id
        detail = self._personas.persona(persona_id) if persona_id is not None else None
        self.editor.load(detail)
        self.notes.load(detail.notes if detail else (), note_id)
        self.notes.setEnabled(detail is not None)
        count = len(detail.notes) if detail else 0
        self.tabs.setTabText(
            self.tabs.indexOf(self.notes),
            self.tr("Field notes ({0})").format(count) if count else self.tr("Field notes"),
        )
        self.history.load(self._personas.revisions(persona_id) if persona_id is not None else [])
        self.persona_list.set_has_current(detail is not None)

    def _refresh(self, persona_id: int | None, note_id: int | None = None) -> None:
        """Re-read the list and show `persona_id` (after any change, undo or redo)."""
        # Selection moves while the model resets; that must not count as the user
        # leaving the persona (which would commit the field being edited again).
        self._refreshing = True
        try:
            self.persona_list.reload()
            found = persona_id is not None and self.select_persona(persona_id)
            if persona_id is not None and not found:
                self.persona_list.clear_filters()
                found = self.select_persona(persona_id)
            if not found:
                self.persona_list.select_row(0)
                persona_id = self.persona_list.first_id()
        finally:
            self._refreshing = False
        self._show(persona_id, note_id)

    # Changes, each through the undo stack ------------------------------------------------------

    def _run(
        self,
        persona_id: int | None,
        text: str,
        action: Callable[[], object],
        note_id: int | None = None,
    ) -> bool:
        try:
            command = PersonaCommand.perform(
                self._personas, persona_id, text, action, self._refresh
            )
        except AccordError as error:
            self._refresh(self._current_id)
            self.editor.show_error(str(error))
            return False
        self.editor.show_error("")
        self._undo.push(command)
        if note_id is not None:
            self._show(self._current_id, note_id)
        return True

    def _name(self) -> str:
        """The current persona's name for undo texts; empty if it vanished meanwhile."""
        if self._current_id is None:
            return ""
        try:
            return self._personas.persona(self._current_id).name
        except AccordError:
            return ""

    def new_persona(self) -> None:
        existing = self.persona_list.names()
        name, number = self.tr("New persona"), 1
        while name.lower() in existing:
            number += 1
            name = self.tr("New persona {0}").format(number)
        if self._run(
            None,
            self.tr("Create '{0}'").format(name),
            lambda: self._personas.create_persona(name),
        ):
            self.tabs.setCurrentWidget(self.editor)
            name_edit = self.editor.field_widget("name")
            name_edit.setFocus()
            name_edit.selectAll()

    def duplicate_current(self) -> None:
        persona_id = self._current_id
        if persona_id is not None:
            self._run(
                None,
                self.tr("Duplicate '{0}'").format(self._name()),
                lambda: self._personas.duplicate_persona(persona_id),
            )

    def delete_current(self) -> None:
        persona_id = self._current_id
        if persona_id is None:
            return
        name = self._name()
        if self._run(
            persona_id,
            self.tr("Delete '{0}'").format(name),
            lambda: self._personas.delete_persona(persona_id),
        ):
            bar = getattr(self.window(), "statusBar", None)
            if callable(bar):
                bar().showMessage(
                    self.tr("Deleted '{0}'. Undo (Ctrl+Z) brings it back.").format(name), 8000
                )

    def edit_field(self, field: str, value: object) -> None:
        persona_id = self._current_id
        if persona_id is None:
            return
        outcome: list[EditOutcome] = []

        def action() -> None:
            outcome.append(self._personas.update_persona(persona_id, {field: value}))

        text = self.tr("Edit {0} of '{1}'").format(
            self.tr(FIELD_LABELS[field]).lower(), self._name()
        )
        if self._run(persona_id, text, action) and outcome:
            if outcome[0].reverted_to_proposed:
                self.editor.show_banner(self.tr(REVERTED_MESSAGE))
            elif outcome[0].sign_offs_cleared:
                self.editor.show_banner(self.tr(SIGN_OFFS_CLEARED_MESSAGE))

    def set_status(self, status: Status) -> None:
        persona_id = self._current_id
        if persona_id is not None:
            self._run(
                persona_id,
                self.tr("Set '{0}' to {1}").format(self._name(), self.tr(STATUS_LABELS[status])),
                lambda: self._personas.set_status(persona_id, status),
            )

    def sign_off(self, team: SignOffTeam, person: str) -> None:
        persona_id = self._current_id
        if persona_id is not None:
            self._run(
                persona_id,
                self.tr("{0} sign-off of '{1}'").format(self.tr(TEAM_NAMES[team]), self._name()),
                lambda: self._personas.sign_off(persona_id, team, person),
            )
            self.editor.show_banner("")

    def withdraw_sign_off(self, team: SignOffTeam) -> None:
        persona_id = self._current_id
        if persona_id is not None:
            self._run(
                persona_id,
                self.tr("Withdraw {0} sign-off of '{1}'").format(
                    self.tr(TEAM_NAMES[team]).lower(), self._name()
                ),
                lambda: self._personas.withdraw_sign_off(persona_id, team),
            )

    def restore_revision(self, number: int) -> None:
        persona_id = self._current_id
        if persona_id is not None:
            self._run(
                persona_id,
                self.tr("Restore revision {0} of '{1}'").format(number, self._name()),
                lambda: self._personas.restore_revision(persona_id, number),
            )

    def add_note(self, text: str, author: str | None = None, noted_on: date | None = None) -> None:
        persona_id = self._current_id
        if persona_id is None:
            return
        added: list[int] = []

        def action() -> None:
            added.append(
                self._personas.add_note(persona_id, text, author=author, noted_on=noted_on)
            )

        if self._run(persona_id, self.tr("Add a field note to '{0}'").format(self._name()), action):
            self._show(persona_id, added[0])

    def edit_note(self, note_id: int, note: NoteInput) -> None:
        persona_id = self._current_id
        if persona_id is not None:
            self._run(
                persona_id,
                self.tr("Edit a field note of '{0}'").format(self._name()),
                lambda: self._personas.update_note(
                    note_id, text=note.text, author=note.author, noted_on=note.noted_on
                ),
                note_id,
            )

    def delete_note(self, note_id: int) -> None:
        persona_id = self._current_id
        if persona_id is not None:
            self._run(
                persona_id,
                self.tr("Delete a field note of '{0}'").format(self._name()),
                lambda: self._personas.delete_note(note_id),
            )

    # Asking the user -----------------------------------------------------------------------

    def _ask_sign_off(self, team: SignOffTeam) -> None:
        settings = QSettings()
        key = f"sign-off/last-{team.value}"
        person, ok = QInputDialog.getText(
            self,
            self.tr("Sign off"),
            self.tr("Name of the {0} representative agreeing to this persona:").format(
                self.tr(TEAM_NAMES[team]).lower()
            ),
            text=str(settings.value(key, "")),
        )
        if ok and person.strip():
            settings.setValue(key, person.strip())
            self.sign_off(team, person)

    def _ask_new_note(self) -> None:
        if self._current_id is None:
            return
        initial = NoteInput(self._workspace.actor, date.today(), "")
        note = NoteDialog.ask(self, self.tr("New field note"), initial)
        if note is not None:
            self.add_note(note.text, note.author, note.noted_on)

    def _ask_edit_note(self, note_id: int) -> None:
        current = self.notes.current_note()
        if current is None or current.id != note_id:
            return
        initial = NoteInput(current.author, current.noted_on, current.text)
        note = NoteDialog.ask(self, self.tr("Edit field note"), initial)
        if note is not None:
            self.edit_note(note_id, note)

    # Printing ------------------------------------------------------------------------------

    def printable_html(self, font_pt: float = 10.0) -> str:
        """The current persona as the one-page printable HTML sheet."""
        assert self._current_id is not None
        return persona_html(
            self._personas.persona(self._current_id),
            workspace_name=self._workspace.name,
            font_pt=font_pt,
            translate=lambda text: QCoreApplication.translate("PersonaSheet", text),
        )

    def printable_dialog(self) -> PrintableDialog | None:
        if self._current_id is None:
            return None
        self.editor.commit_pending()
        document = one_page_document(self.printable_html)
        return PrintableDialog(document, self._name(), self)

    def show_printable(self) -> None:
        dialog = self.printable_dialog()
        if dialog is not None:
            dialog.exec()
