"""The agreement box: status, the moves between statuses, and each team's sign-off."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.models.base import SignOffTeam, Status
from app.services.agreement import STATUS_LABELS
from app.services.lexicon import SignOff as SignOffRecord
from app.views.theme import set_role

TEAM_NAMES = {SignOffTeam.SALES: "Sales", SignOffTeam.MARKETING: "Marketing"}


class SignOffRow(QWidget):
    """One team's sign-off: who and when, with the buttons to sign or withdraw."""

    def __init__(self, team: SignOffTeam) -> None:
        super().__init__()
        self.team = team
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.sign_button = QPushButton(
            self.tr("Sign off for {0}…").format(self.tr(TEAM_NAMES[team]).lower())
        )
        self.sign_button.setObjectName(f"sign-off-{team.value}")
        self.withdraw_button = QPushButton(self.tr("Withdraw"))
        layout.addWidget(self.label, 1)
        layout.addWidget(self.sign_button)
        layout.addWidget(self.withdraw_button)

    def show_sign_off(self, status: Status, sign_off: SignOffRecord | None) -> None:
        team = self.tr(TEAM_NAMES[self.team])
        if sign_off:
            self.label.setText(
                self.tr("{0}: signed by {1} on {2:%d %b %Y}").format(
                    team, sign_off.name, sign_off.signed_at
                )
            )
        else:
            self.label.setText(self.tr("{0}: not signed yet").format(team))
        self.sign_button.setEnabled(status is Status.PROPOSED and sign_off is None)
        self.withdraw_button.setEnabled(sign_off is not None)


class AgreementBox(QGroupBox):
    """Shows where an item stands and asks for status changes and sign-offs."""

    status_requested = Signal(Status)
    sign_off_requested = Signal(SignOffTeam)
    withdraw_requested = Signal(SignOffTeam)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Agreement"))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setObjectName("status")
        self.propose_button = QPushButton(self.tr("&Propose"))
        self.propose_button.setToolTip(self.tr("Ask sales and marketing to sign off"))
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
        self.rows = {team: SignOffRow(team) for team in SignOffTeam}
        for team, sign_off_row in self.rows.items():
            sign_off_row.sign_button.clicked.connect(
                lambda _=False, t=team: self.sign_off_requested.emit(t)
            )
            sign_off_row.withdraw_button.clicked.connect(
                lambda _=False, t=team: self.withdraw_requested.emit(t)
            )
            layout.addWidget(sign_off_row)

    def sign_off_button(self, team: str) -> QPushButton:
        return self.rows[SignOffTeam(team)].sign_button

    def show_agreement(self, status: Status, sign_offs: Sequence[SignOffRecord]) -> None:
        self.status_label.setText(self.tr(STATUS_LABELS[status]))
        set_role(self.status_label, f"status-{status.value}")
        self.propose_button.setVisible(status is Status.DRAFT)
        self.draft_button.setVisible(status is Status.PROPOSED)
        self.retire_button.setVisible(status is not Status.RETIRED)
        self.reinstate_button.setVisible(status is Status.RETIRED)
        by_team = {s.team: s for s in sign_offs}
        for team, sign_off_row in self.rows.items():
            sign_off_row.show_sign_off(status, by_team.get(team))
            sign_off_row.setVisible(status in (Status.PROPOSED, Status.AGREED))

    def clear(self) -> None:
        self.status_label.clear()
        for button in (self.propose_button, self.draft_button, self.reinstate_button):
            button.hide()
        for sign_off_row in self.rows.values():
            sign_off_row.hide()
