"""File ▸ Connect to team database…: where the server is and who you are."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import URL, make_url

from app.services.team.credentials import keyring_available, stored_password


class ConnectDialog(QDialog):
    """Host, port, database, user and password; the password may go to the keyring."""

    def __init__(self, parent: QWidget | None = None, url: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connect to team database"))
        self.host = QLineEdit("localhost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("accord")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember the password in the system keyring"))
        if keyring_available():
            self.remember.setChecked(True)
        else:
            self.remember.setEnabled(False)
            self.remember.setToolTip(
                self.tr("No system keyring is available, so Accord asks each time.")
            )
        form = QFormLayout()
        form.addRow(self.tr("&Host:"), self.host)
        form.addRow(self.tr("&Port:"), self.port)
        form.addRow(self.tr("&Database:"), self.database)
        form.addRow(self.tr("&User:"), self.user)
        form.addRow(self.tr("Pass&word:"), self.password)
        note = QLabel(
            self.tr(
                "Everyone on the team connects to the same database. Accord never writes the "
                "password to a file."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Connect"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)
        if url:
            self.fill_from(url)

    def fill_from(self, url: str) -> None:
        parsed = make_url(url)
        self.host.setText(parsed.host or "localhost")
        self.port.setValue(parsed.port or 5432)
        self.database.setText(parsed.database or "")
        self.user.setText(parsed.username or "")
        password = parsed.password or stored_password(url)
        if password:
            self.password.setText(str(password))
        (self.password if self.user.text() else self.user).setFocus()

    def _url(self, *, with_password: bool) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=self.user.text().strip() or None,
            password=(self.password.text() or None) if with_password else None,
            host=self.host.text().strip() or "localhost",
            port=self.port.value(),
            database=self.database.text().strip() or None,
        )

    def url(self) -> str:
        """The URL to connect with, password included (kept in memory only)."""
        return self._url(with_password=True).render_as_string(hide_password=False)

    def url_to_remember(self) -> str:
        """The same URL without the password, for Open Recent."""
        return self._url(with_password=False).render_as_string(hide_password=False)
