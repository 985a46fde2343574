"""A scoring model's history: every change in plain words, and the model as it was then."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from app.models.base import Status
from app.services.agreement import STATUS_LABELS
from app.services.scoring.models_rules import DIMENSION_LABELS, describe_criterion, plain_number
from app.services.scoring.models_service import ModelRevision
from app.services.scoring.spec import CriterionSpec, Dimension, Operator
from app.views.theme import current_colors


def snapshot_html(revision: ModelRevision) -> str:
    """The model as this revision left it: status, criteria by dimension and thresholds."""
    colors = current_colors()
    snap: dict[str, Any] = revision.snapshot
    status = STATUS_LABELS.get(Status(snap.get("status", "draft")), "")
    active = " · active model" if snap.get("is_active") else ""
    parts = [
        f"<p><b>{html.escape(revision.summary)}</b><br>"
        f"<span style='color:{colors.muted}'>{html.escape(revision.author)}, "
        f"{revision.created_at:%d %b %Y %H:%M} UTC</span></p>",
        f"<p>{html.escape(str(snap.get('name', '')))}: {status}{active}</p>",
    ]
    criteria = [
        CriterionSpec(
            Dimension(c["dimension"]),
            c["field"],
            Operator(c["operator"]),
            tuple(c["values"]),
            c["points"],
            c.get("cap"),
            c.get("decay_half_life_days"),
        )
        for c in snap.get("criteria", [])
    ]
    for dimension in Dimension:
        rows = [c for c in criteria if c.dimension is dimension]
        items = "".join(f"<li>{html.escape(describe_criterion(c))}</li>" for c in rows)
        parts.append(
            f"<p><b>{DIMENSION_LABELS[dimension]}</b></p><ul>{items or '<li>none</li>'}</ul>"
        )
    bars = ", ".join(
        f"{html.escape(t['label'])} from {plain_number(t['min_points'])}"
        for t in snap.get("thresholds", [])
    )
    parts.append(f"<p><b>Thresholds</b>: {bars or 'none'}</p>")
    return "".join(parts)


class ModelHistory(QWidget):
    """Revisions newest first; selecting one shows the whole model at that point."""

    def __init__(self) -> None:
        super().__init__()
        self._revisions: list[ModelRevision] = []
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._show)
        self.view = QTextBrowser()
        hint = QLabel(self.tr("Every change to the model is kept, with who made it and when."))
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(splitter, 1)

    def load(self, revisions: list[ModelRevision]) -> None:
        self._revisions = list(reversed(revisions))
        self.list.blockSignals(True)
        self.list.clear()
        for revision in self._revisions:
            text = (
                f"{revision.number}. {revision.created_at:%d %b %Y %H:%M} — "
                f"{revision.author}: {revision.summary}"
            )
            self.list.addItem(text)
            self.list.item(self.list.count() - 1).setToolTip(text)
        self.list.blockSignals(False)
        self.list.setCurrentRow(0 if self._revisions else -1)
        self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        revision = self._revisions[row] if 0 <= row < len(self._revisions) else None
        self.view.setHtml(snapshot_html(revision) if revision else "")
