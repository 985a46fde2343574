"""Editing widgets that hand over their value when the user is done with it."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

IDLE_COMMIT_MS = 1200


class CommittingTextEdit(QPlainTextEdit):
    """A multi-line field that commits on leaving it and after a pause in typing.

    The pause commit means a crash loses at most the last second of typing.
    """

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, lines: int = 4) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._stored = ""
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_COMMIT_MS)
        self._idle.timeout.connect(self.commit)
        self.textChanged.connect(self._on_text_changed)
        line_height = self.fontMetrics().lineSpacing()
        self.setMinimumHeight(line_height * lines + 12)

    def set_stored_text(self, text: str) -> None:
        """Show the stored value without treating it as an edit."""
        self._stored = text
        if self.toPlainText() != text:
            self.blockSignals(True)
            self.setPlainText(text)
            self.blockSignals(False)
        self._idle.stop()

    def commit(self) -> None:
        self._idle.stop()
        text = self.toPlainText()
        if text != self._stored:
            self._stored = text
            self.committed.emit(text)

    def has_pending_edit(self) -> bool:
        return self.toPlainText() != self._stored

    def _on_text_changed(self) -> None:
        if self.toPlainText() != self._stored:
            self._idle.start()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)
