"""What a team workspace window shows about the others: who is in, and outages."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.views.theme import set_role


class PeopleLabel(QLabel):
    """Status-bar text naming everyone else who has the team workspace open."""

    def show_people(self, people: list[str]) -> None:
        if not people:
            self.setText(self.tr("Team workspace · nobody else connected"))
        else:
            self.setText(self.tr("Team workspace · also here: {0}").format(", ".join(people)))


class ConnectionBanner(QLabel):
    """A strip across the window while the team database cannot be reached."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        set_role(self, "banner")
        self.setWordWrap(True)
        self.setText(
            self.tr(
                "The team database cannot be reached. Changes are refused until it is back "
                "(nothing is queued, so nobody's work is overwritten later). Accord keeps "
                "trying every few seconds."
            )
        )
        self.hide()
