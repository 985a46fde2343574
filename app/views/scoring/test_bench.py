"""The test bench: type a lead by hand and watch the model score it, criterion by criterion.

It scores through the engine's `score_lead`, the same code the backtest uses, so what
the bench shows is what a table of real leads would get.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import AccordError
from app.services.scoring.engine import CriterionScore, LeadScore, score_lead
from app.services.scoring.models_rules import describe_condition, plain_number
from app.services.scoring.models_service import ModelDetail
from app.services.scoring.spec import NUMERIC_OPERATORS, Operator, ScoringModelSpec
from app.views.theme import current_colors

ModelIndex = QModelIndex | QPersistentModelIndex


def points_text(points: float) -> str:
    rounded = round(points, 1)
    text = plain_number(rounded)
    return f"+{text}" if rounded > 0 else text


class FiredModel(QAbstractTableModel):
    """The criteria that fired for the lead on the bench, with the points each added."""

    COLUMNS = ("Criterion that fired", "Points")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[CriterionScore] = []

    def load(self, rows: list[CriterionScore]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return describe_condition(row.criterion)
            return points_text(row.points)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            colors = current_colors()
            return QColor(colors.error if row.points < 0 else colors.agreed)
        return None


class TestBench(QWidget):
    """One input per field the model reads; the score updates as you type."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self) -> None:
        super().__init__()
        self._spec: ScoringModelSpec | None = None
        self.inputs: dict[str, QLineEdit] = {}
        self.last_score: LeadScore | None = None

        self._form_body = QWidget()
        self.form = QFormLayout(self._form_body)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._form_body)
        self.activity_check = QCheckBox(self.tr("Decay from the last activity on"))
        self.activity_date = QDateEdit(QDate.currentDate())
        self.activity_date.setCalendarPopup(True)
        self.activity_date.setEnabled(False)
        self.activity_check.toggled.connect(self.activity_date.setEnabled)
        self.activity_check.toggled.connect(self.rescore)
        self.activity_date.dateChanged.connect(self.rescore)
        self.clear_button = QPushButton(self.tr("C&lear the lead"))
        self.clear_button.clicked.connect(self.clear)
        activity = QHBoxLayout()
        activity.addWidget(self.activity_check)
        activity.addWidget(self.activity_date)
        activity.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(self.tr("Type what you know about a lead; empty fields count as empty."))
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        left_layout.addWidget(intro)
        left_layout.addWidget(scroll, 1)
        left_layout.addLayout(activity)
        left_layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.total_label = QLabel()
        self.total_label.setProperty("role", "heading")
        self.status_label = QLabel()
        self.grade_label = QLabel()
        self.fit_label = QLabel()
        self.engagement_label = QLabel()
        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        figures = QGridLayout()
        figures.addWidget(self.total_label, 0, 0, 1, 2)
        figures.addWidget(self.status_label, 1, 0)
        figures.addWidget(self.grade_label, 1, 1)
        figures.addWidget(self.fit_label, 2, 0)
        figures.addWidget(self.engagement_label, 2, 1)
        self.fired_model = FiredModel()
        self.fired_table = QTableView()
        self.fired_table.setModel(self.fired_model)
        self.fired_table.verticalHeader().hide()
        self.fired_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.fired_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(figures)
        right_layout.addWidget(self.error_label)
        right_layout.addWidget(self.fired_table, 1)
        right_layout.addWidget(self.count_label)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def load(self, detail: ModelDetail | None) -> None:
        """Offer one input per field of the model; what was typed stays where it can."""
        typed = {name: edit.text() for name, edit in self.inputs.items()}
        self._spec = detail.spec() if detail else None
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs = {}
        for name in detail.fields() if detail else []:
            edit = QLineEdit(typed.get(name, ""))
            edit.setClearButtonEnabled(True)
            hint, examples = self._hint(detail, name)  # type: ignore[arg-type]
            edit.setPlaceholderText(hint)
            if examples:
                completer = QCompleter(examples, edit)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                edit.setCompleter(completer)
            edit.textChanged.connect(self.rescore)
            self.form.addRow(name, edit)
            self.inputs[name] = edit
        self.rescore()

    def set_value(self, field: str, text: str) -> None:
        self.inputs[field].setText(text)

    def clear(self) -> None:
        for edit in self.inputs.values():
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.activity_check.setChecked(False)
        self.rescore()

    def rescore(self) -> None:
        spec = self._spec
        if spec is None:
            self.last_score = None
            self._show(None)
            return
        values = {name: edit.text() for name, edit in self.inputs.items() if edit.text().strip()}
        activity = None
        if self.activity_check.isChecked():
            activity = np.datetime64(self.activity_date.date().toString(Qt.DateFormat.ISODate))
        try:
            self.last_score = score_lead(spec, values, activity_date=activity)
        except AccordError as error:
            self.last_score = None
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self.error_label.hide()
        self._show(self.last_score)

    def _show(self, score: LeadScore | None) -> None:
        if score is None:
            for label in (
                self.total_label,
                self.status_label,
                self.grade_label,
                self.fit_label,
                self.engagement_label,
                self.count_label,
            ):
                label.clear()
            self.fired_model.load([])
            return
        fired = [c for c in score.criteria if c.fired]
        self.total_label.setText(self.tr("Total {0}").format(points_text(score.total)))
        self.status_label.setText(
            self.tr("Status: {0}").format(score.status or self.tr("none reached"))
        )
        self.grade_label.setText(self.tr("Grade: {0}").format(score.grade or self.tr("none")))
        self.fit_label.setText(self.tr("Fit: {0}").format(points_text(score.fit)))
        self.engagement_label.setText(
            self.tr("Engagement: {0}").format(points_text(score.engagement))
        )
        self.count_label.setText(
            self.tr("{0} of {1} criteria fired").format(len(fired), len(score.criteria))
        )
        self.fired_model.load(fired)

    def _hint(self, detail: ModelDetail, name: str) -> tuple[str, list[str]]:
        criteria = [c for c in detail.criteria if c.field == name]
        if criteria and all(c.operator in NUMERIC_OPERATORS for c in criteria):
            return self.tr("a number"), []
        examples = [
            value
            for c in criteria
            if c.operator in (Operator.EQUALS, Operator.ONE_OF)
            for value in c.values
        ]
        examples = list(dict.fromkeys(examples))
        if examples:
            shown = ", ".join(examples[:3]) + ("…" if len(examples) > 3 else "")
            return self.tr("e.g. {0}").format(shown), examples
        if any(c.operator in (Operator.IS_EMPTY, Operator.IS_NOT_EMPTY) for c in criteria):
            return self.tr("anything, or leave empty"), []
        return "", []
