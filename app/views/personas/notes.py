"""Field notes of a persona: the list with Add/Edit/Delete and the dialog to write one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.personas import FieldNote
from app.views.personas.persona_model import ID_ROLE, NoteListModel


@dataclass(frozen=True)
class NoteInput:
    """What the note dialog hands back."""

    author: str
    noted_on: date
    text: str


class NoteDialog(QDialog):
    """Write or change one field note: who heard it, when, and what."""

    def __init__(self, parent: QWidget | None, title: str, initial: NoteInput) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.author_edit = QLineEdit(initial.author)
        self.date_edit = QDateEdit(QDate(initial.noted_on))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.text_edit = QPlainTextEdit(initial.text)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText(
            self.tr("What was heard, from whom, and what it means for this persona")
        )
        metrics = self.fontMetrics()
        self.text_edit.setMinimumSize(
            metrics.horizontalAdvance("M") * 36, metrics.lineSpacing() * 6 + 12
        )
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Heard by"), self.author_edit)
        form.addRow(self.tr("&Date"), self.date_edit)
        form.addRow(self.tr("&Note"), self.text_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.text_edit.setFocus()

    def value(self) -> NoteInput:
        return NoteInput(
            self.author_edit.text().strip(),
            self.date_edit.date().toPython(),  # type: ignore[arg-type]
            self.text_edit.toPlainText().strip(),
        )

    def accept(self) -> None:
        value = self.value()
        if not value.text:
            self._refuse(self.tr("Write what was heard."), self.text_edit)
        elif not value.author:
            self._refuse(self.tr("Say who heard it."), self.author_edit)
        else:
            super().accept()

    def _refuse(self, message: str, widget: QWidget) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        widget.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, initial: NoteInput) -> NoteInput | None:
        """Show the dialog; the note as entered, or None when cancelled."""
        dialog = cls(parent, title, initial)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


class NotesPanel(QWidget):
    """The notes of one persona, newest first, with buttons to add, edit and delete."""

    add_requested = Signal()
    edit_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.model = NoteListModel()
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(max(2, self.fontMetrics().height() // 5))
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.doubleClicked.connect(self._edit_index)
        hint = QLabel(
            self.tr(
                "What sales and marketing heard from people like this persona. "
                "Notes record what was heard; they do not change what was agreed."
            )
        )
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        self.add_button = QPushButton(self.tr("&Add note…"))
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.clicked.connect(lambda: self._edit_index(self.list.currentIndex()))
        self.delete_button = QPushButton(self.tr("De&lete note"))
        self.delete_button.clicked.connect(self._delete_current)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.list.selectionModel().currentChanged.connect(self._update_buttons)
        self._update_buttons()

    def load(self, notes: tuple[FieldNote, ...], select_id: int | None = None) -> None:
        self.model.set_notes(notes)
        row = self.model.row_of(select_id) if select_id is not None else None
        self.list.setCurrentIndex(self.model.index(row if row is not None else 0, 0))
        self._update_buttons()

    def current_note(self) -> FieldNote | None:
        return self.model.note_at(self.list.currentIndex().row())

    def _update_buttons(self) -> None:
        has_note = self.current_note() is not None
        self.edit_button.setEnabled(has_note)
        self.delete_button.setEnabled(has_note)

    def _edit_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_requested.emit(index.data(ID_ROLE))

    def _delete_current(self) -> None:
        note = self.current_note()
        if note is not None:
            self.delete_requested.emit(note.id)
