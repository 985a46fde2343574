"""The term editor: every field of a term, its status and the two teams' sign-offs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.models.base import SignOffTeam, Status, Team
from app.models.lexicon import TermCategory
from app.services.lexicon import (
    CATEGORY_LABELS,
    ORDERED_CATEGORIES,
    STATUS_LABELS,
    TEAM_LABELS,
    TermDetail,
)
from app.views.lexicon.fields import CommittingTextEdit
from app.views.theme import set_role

SIGN_OFF_LABELS = {SignOffTeam.SALES: "Sales", SignOffTeam.MARKETING: "Marketing"}


class SignOffRow(QWidget):
    """One team's sign-off: who and when, with the button to sign or withdraw."""

    sign_requested = Signal(SignOffTeam)
    withdraw_requested = Signal(SignOffTeam)

    def __init__(self, team: SignOffTeam) -> None:
        super().__init__()
        self.team = team
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.sign_button = QPushButton(
            self.tr("Sign off for {0}…").format(SIGN_OFF_LABELS[team].lower())
        )
        self.sign_button.setObjectName(f"sign-off-{team.value}")
        self.withdraw_button = QPushButton(self.tr("Withdraw"))
        self.sign_button.clicked.connect(lambda: self.sign_requested.emit(self.team))
        self.withdraw_button.clicked.connect(lambda: self.withdraw_requested.emit(self.team))
        layout.addWidget(self.label, 1)
        layout.addWidget(self.sign_button)
        layout.addWidget(self.withdraw_button)

    def show_detail(self, detail: TermDetail) -> None:
        sign_off = detail.sign_off_for(self.team)
        team = SIGN_OFF_LABELS[self.team]
        if sign_off:
            self.label.setText(
                self.tr("{0}: signed by {1} on {2:%d %b %Y}").format(
                    team, sign_off.name, sign_off.signed_at
                )
            )
        else:
            self.label.setText(self.tr("{0}: not signed").format(team))
        self.sign_button.setEnabled(detail.status is Status.PROPOSED and sign_off is None)
        self.withdraw_button.setEnabled(sign_off is not None)


class TermEditor(QScrollArea):
    """Shows one term and reports each finished edit as (field, value)."""

    field_edited = Signal(str, object)
    status_requested = Signal(Status)
    sign_off_requested = Signal(SignOffTeam)
    withdraw_requested = Signal(SignOffTeam)

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail: TermDetail | None = None
        body = QWidget()
        self.setWidget(body)
        outer = QVBoxLayout(body)

        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setProperty("role", "banner")
        self.banner.hide()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setProperty("role", "error")
        self.error_label.hide()
        outer.addWidget(self.heading)
        outer.addWidget(self.banner)
        outer.addWidget(self.error_label)
        outer.addWidget(self._status_box())

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.category_combo = QComboBox()
        for category, label in CATEGORY_LABELS.items():
            self.category_combo.addItem(self.tr(label), category)
        self.team_combo = QComboBox()
        for team, label in TEAM_LABELS.items():
            self.team_combo.addItem(self.tr(label), team)
        self.definition_edit = CommittingTextEdit(lines=4)
        self.synonyms_edit = QLineEdit()
        self.synonyms_edit.setPlaceholderText(
            self.tr("Other words people use, separated by commas")
        )
        self.examples_edit = CommittingTextEdit(lines=2)
        self.crm_value_edit = QLineEdit()
        self.crm_value_edit.setPlaceholderText(self.tr("The value this takes in the CRM"))
        form.addRow(self.tr("&Name"), self.name_edit)
        form.addRow(self.tr("&Category"), self.category_combo)
        form.addRow(self.tr("Owning &team"), self.team_combo)
        form.addRow(self.tr("&Definition"), self.definition_edit)
        form.addRow(self.tr("S&ynonyms"), self.synonyms_edit)
        form.addRow(self.tr("E&xamples"), self.examples_edit)
        self.crm_row_label = QLabel(self.tr("CRM &value"))
        self.crm_row_label.setBuddy(self.crm_value_edit)
        form.addRow(self.crm_row_label, self.crm_value_edit)
        outer.addLayout(form)

        self.stage_box = QGroupBox(self.tr("Lifecycle stage"))
        stage_form = QFormLayout(self.stage_box)
        self.entry_edit = CommittingTextEdit(lines=2)
        self.exit_edit = CommittingTextEdit(lines=2)
        self.sla_edit = QLineEdit()
        self.sla_edit.setValidator(QDoubleValidator(0.0, 100000.0, 2))
        self.sla_edit.setPlaceholderText(self.tr("e.g. 24 — empty when there is no hand-off"))
        self.recycle_edit = CommittingTextEdit(lines=2)
        stage_form.addRow(self.tr("Entry criteria"), self.entry_edit)
        stage_form.addRow(self.tr("Exit criteria"), self.exit_edit)
        stage_form.addRow(self.tr("Hand-off SLA (hours)"), self.sla_edit)
        stage_form.addRow(self.tr("Recycle path"), self.recycle_edit)
        outer.addWidget(self.stage_box)
        outer.addStretch(1)

        self._line_fields: dict[str, QLineEdit] = {
            "name": self.name_edit,
            "synonyms": self.synonyms_edit,
            "crm_value": self.crm_value_edit,
            "sla_hours": self.sla_edit,
        }
        self._text_fields: dict[str, CommittingTextEdit] = {
            "definition": self.definition_edit,
            "examples": self.examples_edit,
            "entry_criteria": self.entry_edit,
            "exit_criteria": self.exit_edit,
            "recycle_path": self.recycle_edit,
        }
        for field, line in self._line_fields.items():
            line.editingFinished.connect(lambda f=field, w=line: self._line_done(f, w))
        for field, text in self._text_fields.items():
            text.committed.connect(lambda value, f=field: self.field_edited.emit(f, value))
        self.category_combo.activated.connect(
            lambda: self._combo_done("category", self.category_combo)
        )
        self.team_combo.activated.connect(lambda: self._combo_done("owner_team", self.team_combo))
        self.load(None)

    def _status_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Agreement"))
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setObjectName("status")
        self.propose_button = QPushButton(self.tr("&Propose"))
        self.draft_button = QPushButton(self.tr("Back to &draft"))
        self.retire_button = QPushButton(self.tr("Re&tire"))
        self.reinstate_button = QPushButton(self.tr("Re&instate"))
        row.addWidget(self.status_label, 1)
        for button, status in (
            (self.propose_button, Status.PROPOSED),
            (self.draft_button, Status.DRAFT),
            (self.retire_button, Status.RETIRED),
            (self.reinstate_button, Status.DRAFT),
        ):
            button.clicked.connect(lambda _=False, s=status: self.status_requested.emit(s))
            row.addWidget(button)
        layout.addLayout(row)
        self.sign_off_rows = {team: SignOffRow(team) for team in SignOffTeam}
        for sign_off_row in self.sign_off_rows.values():
            sign_off_row.sign_requested.connect(self.sign_off_requested)
            sign_off_row.withdraw_requested.connect(self.withdraw_requested)
            layout.addWidget(sign_off_row)
        return box

    def sign_off_button(self, team: str) -> QPushButton:
        return self.sign_off_rows[SignOffTeam(team)].sign_button

    # Showing a term ----------------------------------------------------------------------

    def load(self, detail: TermDetail | None) -> None:
        previous_id = self.detail.id if self.detail else None
        self.detail = detail
        self.setEnabled(detail is not None)
        if detail is None:
            self.heading.setText(self.tr("Select a term, or create one with New term."))
            self.banner.hide()
            for line in self._line_fields.values():
                line.clear()
            for text in self._text_fields.values():
                text.set_stored_text("")
            self.status_label.clear()
            return
        if detail.id != previous_id:
            self.banner.hide()
            self.show_error("")
        fields = detail.fields
        self.heading.setText(detail.name)
        for field, line in self._line_fields.items():
            value = self._as_text(fields[field])
            if line.text() != value:
                line.setText(value)
            line.setCursorPosition(0) if not line.hasFocus() else None
        for field, text in self._text_fields.items():
            text.set_stored_text(self._as_text(fields[field]))
        self._select(self.category_combo, TermCategory(fields["category"]))
        self._select(self.team_combo, Team(fields["owner_team"]))
        category = detail.category
        self.stage_box.setVisible(category is TermCategory.LIFECYCLE_STAGE)
        shows_crm = category in ORDERED_CATEGORIES
        self.crm_row_label.setVisible(shows_crm)
        self.crm_value_edit.setVisible(shows_crm)
        self.status_label.setText(STATUS_LABELS[detail.status])
        set_role(self.status_label, f"status-{detail.status.value}")
        self.propose_button.setVisible(detail.status is Status.DRAFT)
        self.draft_button.setVisible(detail.status is Status.PROPOSED)
        self.retire_button.setVisible(detail.status is not Status.RETIRED)
        self.reinstate_button.setVisible(detail.status is Status.RETIRED)
        for sign_off_row in self.sign_off_rows.values():
            sign_off_row.show_detail(detail)
            sign_off_row.setVisible(detail.status in (Status.PROPOSED, Status.AGREED))

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def commit_pending(self) -> None:
        """Hand over whatever is being typed (before switching term or page)."""
        for text in self._text_fields.values():
            text.commit()
        for field, line in self._line_fields.items():
            if line.hasFocus():
                self._line_done(field, line)

    def field_widget(self, field: str) -> QWidget:
        return {
            **self._line_fields,
            **self._text_fields,
            "category": self.category_combo,
            "owner_team": self.team_combo,
        }[field]

    # Edits -------------------------------------------------------------------------------

    def _line_done(self, field: str, line: QLineEdit) -> None:
        if self.detail is None:
            return
        value: Any = line.text()
        if value != self._as_text(self.detail.fields[field]):
            if field == "sla_hours":
                value = value.replace(",", ".") or None
            self.field_edited.emit(field, value)

    def _combo_done(self, field: str, combo: QComboBox) -> None:
        if self.detail is not None and str(combo.currentData()) != str(self.detail.fields[field]):
            self.field_edited.emit(field, combo.currentData())

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index >= 0 and combo.currentIndex() != index:
            combo.setCurrentIndex(index)

    @staticmethod
    def _as_text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else f"{value:g}"
        return str(value)
