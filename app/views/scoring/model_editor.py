"""The right-hand side of the Scoring page: one model's name, agreement and tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.scoring.models_service import ModelDetail, ModelRevision
from app.views.lexicon.fields import CommittingTextEdit
from app.views.scoring.agreement import AgreementBox
from app.views.scoring.backtest_tab import BacktestTab
from app.views.scoring.criteria_panel import CriteriaPanel
from app.views.scoring.history import ModelHistory
from app.views.scoring.test_bench import TestBench
from app.views.scoring.thresholds import ThresholdsPanel


class ModelEditor(QWidget):
    """Shows one model; reports a finished name or description edit."""

    name_edited = Signal(str)
    description_edited = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.detail: ModelDetail | None = None
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("model-name")
        self.name_edit.setPlaceholderText(self.tr("Name of the model"))
        font = self.name_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name_edit.setFont(font)
        self.name_edit.editingFinished.connect(self._name_done)
        self.active_label = QLabel()
        self.active_label.setProperty("role", "subheading")
        self.description_edit = CommittingTextEdit(lines=3)
        # The tabs below need the height more than a long description does.
        self.description_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.description_edit.setPlaceholderText(
            self.tr("What this model is for, and what changed from the last one")
        )
        self.description_edit.committed.connect(self.description_edited)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.banner = QLabel()
        self.banner.setProperty("role", "banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.agreement = AgreementBox()
        self.agreement.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.criteria = CriteriaPanel()
        self.thresholds = ThresholdsPanel()
        self.bench = TestBench()
        self.history = ModelHistory()
        self.backtest = BacktestTab()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.criteria, self.tr("&Criteria"))
        self.tabs.addTab(self.thresholds, self.tr("T&hresholds"))
        self.tabs.addTab(self.bench, self.tr("Test &bench"))
        self.tabs.addTab(self.history, self.tr("Histor&y"))
        self.tabs.addTab(self.backtest, self.tr("Bac&ktest"))

        title = QHBoxLayout()
        title.addWidget(self.name_edit, 1)
        title.addWidget(self.active_label)
        top = QHBoxLayout()
        top.addWidget(self.description_edit, 1, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.agreement, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(title)
        layout.addWidget(self.error_label)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.load(None, [], [])

    def load(
        self, detail: ModelDetail | None, fields: list[str], revisions: list[ModelRevision]
    ) -> None:
        previous = self.detail.id if self.detail else None
        self.detail = detail
        if detail is None or detail.id != previous:
            self.show_error("")
            self.show_banner("")
        for widget in (self.name_edit, self.description_edit, self.tabs):
            widget.setEnabled(detail is not None)
        self.name_edit.setText(detail.name if detail else "")
        self.name_edit.setCursorPosition(0)
        self.description_edit.set_stored_text(detail.description if detail else "")
        if detail is None:
            self.active_label.setText(self.tr("Create a model with New."))
        elif detail.is_active:
            self.active_label.setText(self.tr("\u2605 Active: scores leads"))
        else:
            self.active_label.setText(self.tr("Not active"))
        self.agreement.load(detail)
        self.criteria.load(detail, fields)
        self.thresholds.load(detail)
        self.bench.load(detail)
        self.history.load(revisions)
        self.backtest.run_button.setEnabled(detail is not None and bool(detail.criteria))

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def commit_pending(self) -> None:
        self.description_edit.commit()
        if self.name_edit.hasFocus():
            self._name_done()

    def _name_done(self) -> None:
        if self.detail is not None and self.name_edit.text() != self.detail.name:
            self.name_edited.emit(self.name_edit.text())
