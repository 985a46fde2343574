"""A term's revision history with word-level differences, and restoring a revision."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.services.lexicon import RevisionView
from app.services.text_diff import Change
from app.views.theme import current_colors


def revision_html(revision: RevisionView) -> str:
    """The changes of one revision as HTML: removed words struck through, added highlighted."""
    colors = current_colors()
    parts = [
        f"<p><b>{html.escape(revision.summary)}</b><br>"
        f"<span style='color:{colors.muted}'>{html.escape(revision.author)}, "
        f"{revision.created_at:%d %b %Y %H:%M} UTC</span></p>"
    ]
    if not revision.changes:
        parts.append("<p>No wording changed in this revision.</p>")
    for change in revision.changes:
        pieces: list[str] = []
        for index, piece in enumerate(change.pieces):
            if (
                index
                and piece.change is not Change.SAME
                and change.pieces[index - 1].change not in (Change.SAME, piece.change)
            ):
                pieces.append(" ")
            text = html.escape(piece.text).replace("\n", "<br>")
            if piece.change is Change.ADDED:
                pieces.append(f"<span style='background:{colors.added_bg}'>{text}</span>")
            elif piece.change is Change.REMOVED:
                pieces.append(
                    f"<span style='background:{colors.removed_bg};"
                    f"text-decoration:line-through'>{text}</span>"
                )
            else:
                pieces.append(text)
        parts.append(f"<p><b>{html.escape(change.label)}</b><br>{''.join(pieces) or '—'}</p>")
    return "".join(parts)


class HistoryPanel(QWidget):
    """Lists revisions newest first; shows what each changed; restores any of them."""

    restore_requested = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self._revisions: list[RevisionView] = []
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        self.diff_view = QTextBrowser()
        self.diff_view.setOpenLinks(False)
        self.restore_button = QPushButton(self.tr("&Restore this wording"))
        self.restore_button.setToolTip(
            self.tr("Bring back the wording of the selected revision as a new revision")
        )
        self.restore_button.clicked.connect(self._restore)
        hint = QLabel(
            self.tr("Every change is kept. Restoring adds a new revision; nothing is lost.")
        )
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.diff_view)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(splitter, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.restore_button)
        layout.addLayout(row)

    def load(self, revisions: list[RevisionView]) -> None:
        self._revisions = list(reversed(revisions))
        self.list.blockSignals(True)
        self.list.clear()
        for revision in self._revisions:
            item = QListWidgetItem(
                f"{revision.number}. {revision.created_at:%d %b %Y %H:%M} — "
                f"{revision.author}: {revision.summary}"
            )
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.setCurrentRow(0 if self._revisions else -1)
        self._show(self.list.currentRow())

    def selected_revision(self) -> RevisionView | None:
        row = self.list.currentRow()
        return self._revisions[row] if 0 <= row < len(self._revisions) else None

    def _show(self, row: int) -> None:
        revision = self._revisions[row] if 0 <= row < len(self._revisions) else None
        self.diff_view.setHtml(revision_html(revision) if revision else "")
        self.restore_button.setEnabled(revision is not None and row > 0)

    def _restore(self) -> None:
        revision = self.selected_revision()
        if revision is not None:
            self.restore_requested.emit(revision.number)
