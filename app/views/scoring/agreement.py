"""The agreement box of a scoring model: its status and both teams' sign-offs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.models.base import SignOffTeam, Status
from app.services.agreement import STATUS_LABELS
from app.services.scoring.models_service import ModelDetail
from app.views.theme import set_role

SIGN_OFF_LABELS = {SignOffTeam.SALES: "Sales", SignOffTeam.MARKETING: "Marketing"}


class SignOffLine(QWidget):
    """One team: who signed and when, with the buttons to sign or withdraw."""

    sign_requested = Signal(SignOffTeam)
    withdraw_requested = Signal(SignOffTeam)

    def __init__(self, team: SignOffTeam) -> None:
        super().__init__()
        self.team = team
        self.label = QLabel()
        self.sign_button = QPushButton(
            self.tr("Sign off for {0}…").format(self.tr(SIGN_OFF_LABELS[team]).lower())
        )
        self.withdraw_button = QPushButton(self.tr("Withdraw"))
        self.sign_button.clicked.connect(lambda: self.sign_requested.emit(self.team))
        self.withdraw_button.clicked.connect(lambda: self.withdraw_requested.emit(self.team))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.sign_button)
        layout.addWidget(self.withdraw_button)

    def show_detail(self, detail: ModelDetail) -> None:
        sign_off = detail.sign_off_for(self.team)
        team = self.tr(SIGN_OFF_LABELS[self.team])
        if sign_off:
            self.label.setText(
                self.tr("{0}: {1}, {2:%d %b %Y}").format(team, sign_off.name, sign_off.signed_at)
            )
        else:
            self.label.setText(self.tr("{0}: not signed").format(team))
        self.sign_button.setEnabled(detail.status is Status.PROPOSED and sign_off is None)
        self.withdraw_button.setEnabled(sign_off is not None)


class AgreementBox(QGroupBox):
    """Status buttons (propose, back to draft, retire, reinstate) and the sign-offs."""

    status_requested = Signal(Status)
    sign_off_requested = Signal(SignOffTeam)
    withdraw_requested = Signal(SignOffTeam)

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Agreement"))
        self.status_label = QLabel()
        self.propose_button = QPushButton(self.tr("&Propose"))
        self.draft_button = QPushButton(self.tr("Back to &draft"))
        self.retire_button = QPushButton(self.tr("Re&tire"))
        self.reinstate_button = QPushButton(self.tr("Re&instate"))
        row = QHBoxLayout()
        row.addWidget(self.status_label, 1)
        for button, status in (
            (self.propose_button, Status.PROPOSED),
            (self.draft_button, Status.DRAFT),
            (self.retire_button, Status.RETIRED),
            (self.reinstate_button, Status.DRAFT),
        ):
            button.clicked.connect(lambda _=False, s=status: self.status_requested.emit(s))
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        self.lines = {team: SignOffLine(team) for team in SignOffTeam}
        for line in self.lines.values():
            line.sign_requested.connect(self.sign_off_requested)
            line.withdraw_requested.connect(self.withdraw_requested)
            layout.addWidget(line)

    def sign_off_button(self, team: str) -> QPushButton:
        return self.lines[SignOffTeam(team)].sign_button

    def load(self, detail: ModelDetail | None) -> None:
        self.setEnabled(detail is not None)
        if detail is None:
            self.status_label.clear()
            return
        self.status_label.setText(self.tr(STATUS_LABELS[detail.status]))
        set_role(self.status_label, f"status-{detail.status.value}")
        self.propose_button.setVisible(detail.status is Status.DRAFT)
        self.draft_button.setVisible(detail.status is Status.PROPOSED)
        self.retire_button.setVisible(detail.status is not Status.RETIRED)
        self.reinstate_button.setVisible(detail.status is Status.RETIRED)
        for line in self.lines.values():
            line.show_detail(detail)
            line.setVisible(detail.status in (Status.PROPOSED, Status.AGREED))
