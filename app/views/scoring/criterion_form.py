"""A compact form for one criterion: add a new one, or change the selected one at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.scoring.models_rules import DIMENSION_LABELS, plain_number, values_text
from app.services.scoring.models_service import CriterionDetail
from app.services.scoring.spec import OPERATOR_LABELS, VALUELESS_OPERATORS, Dimension, Operator

VALUE_HINTS: dict[Operator, str] = {
    Operator.EQUALS: "a value, e.g. Retail",
    Operator.ONE_OF: "values separated by ;  e.g. Retail; Logistics",
    Operator.CONTAINS: "part of the text, e.g. forecast",
    Operator.STARTS_WITH: "the beginning of the text",
    Operator.GTE: "a number, e.g. 200",
    Operator.LTE: "a number, e.g. 50",
    Operator.BETWEEN: "low; high  e.g. 100; 2000",
    Operator.IS_EMPTY: "no value needed",
    Operator.IS_NOT_EMPTY: "no value needed",
}


class CriterionForm(QWidget):
    """Emits `submitted(criterion_id or None, fields)`; None means "add as new"."""

    submitted = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.criterion_id: int | None = None
        self.loaded: CriterionDetail | None = None
        self.dimension_combo = QComboBox()
        for dimension, label in DIMENSION_LABELS.items():
            self.dimension_combo.addItem(self.tr(label), dimension)
        self.field_combo = QComboBox()
        self.field_combo.setEditable(True)
        self.field_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        field_line = self.field_combo.lineEdit()
        assert field_line is not None
        field_line.setPlaceholderText(self.tr("Lead field, e.g. Industry"))
        self.operator_combo = QComboBox()
        for operator, label in OPERATOR_LABELS.items():
            self.operator_combo.addItem(self.tr(label), operator)
        self.values_edit = QLineEdit()
        self.points_edit = QLineEdit()
        self.points_edit.setPlaceholderText(self.tr("e.g. 10 or -20"))
        self.cap_edit = QLineEdit()
        self.cap_edit.setPlaceholderText(self.tr("none"))
        self.decay_edit = QLineEdit()
        self.decay_edit.setPlaceholderText(self.tr("none"))
        em = self.fontMetrics().horizontalAdvance("M")
        for small in (self.points_edit, self.cap_edit, self.decay_edit):
            small.setMaximumWidth(em * 7)
        self.field_combo.setMinimumWidth(em * 11)

        first = QHBoxLayout()
        second = QHBoxLayout()
        cells: tuple[tuple[QHBoxLayout, str, QWidget, int], ...] = (
            (first, self.tr("Dimension"), self.dimension_combo, 0),
            (first, self.tr("Field"), self.field_combo, 1),
            (first, self.tr("Test"), self.operator_combo, 0),
            (second, self.tr("Value(s)"), self.values_edit, 1),
            (second, self.tr("Points"), self.points_edit, 0),
            (second, self.tr("Cap"), self.cap_edit, 0),
            (second, self.tr("Half-life (days)"), self.decay_edit, 0),
        )
        for row, caption, widget, stretch in cells:
            buddy = QLabel(caption)
            buddy.setBuddy(widget)
            row.addWidget(buddy)
            row.addWidget(widget, stretch)

        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.add_button = QPushButton(self.tr("&Add criterion"))
        self.add_button.setToolTip(self.tr("Add what the form says as a new criterion"))
        self.save_button = QPushButton(self.tr("&Save changes"))
        self.save_button.setToolTip(self.tr("Change the selected criterion to what the form says"))
        self.add_button.clicked.connect(lambda: self.submitted.emit(None, self.values()))
        self.save_button.clicked.connect(self._save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error_label, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addLayout(buttons)
        self.operator_combo.currentIndexChanged.connect(self._on_operator_changed)
        self.dimension_combo.currentIndexChanged.connect(self._on_dimension_changed)
        self.load(None)

    def set_fields(self, fields: list[str]) -> None:
        """Offer these field names (typing another one is allowed)."""
        text = self.field_combo.currentText()
        self.field_combo.blockSignals(True)
        self.field_combo.clear()
        self.field_combo.addItems(fields)
        self.field_combo.setCurrentText(text)
        self.field_combo.blockSignals(False)

    def load(self, criterion: CriterionDetail | None) -> None:
        """Show `criterion`, or a blank engagement-free form for a new one."""
        self.criterion_id = criterion.id if criterion else None
        self.loaded = criterion
        self.show_error("")
        self.save_button.setEnabled(criterion is not None)
        if criterion is None:
            self.field_combo.setCurrentText("")
            self.values_edit.clear()
            self.points_edit.setText("10")
            self.cap_edit.clear()
            self.decay_edit.clear()
            self._on_operator_changed()
            self._on_dimension_changed()
            return
        self._select(self.dimension_combo, criterion.dimension)
        self.field_combo.setCurrentText(criterion.field)
        self._select(self.operator_combo, criterion.operator)
        self.values_edit.setText(values_text(criterion.values, criterion.operator))
        self.points_edit.setText(plain_number(criterion.points))
        self.cap_edit.setText(plain_number(criterion.cap) if criterion.cap is not None else "")
        decay = criterion.decay_half_life_days
        self.decay_edit.setText(plain_number(decay) if decay is not None else "")

    def values(self) -> dict[str, Any]:
        """The form's content, as the service's criterion fields (text left to validate)."""
        operator = Operator(self.operator_combo.currentData())
        dimension = Dimension(self.dimension_combo.currentData())
        return {
            "dimension": dimension,
            "field": self.field_combo.currentText(),
            "operator": operator,
            "values": "" if operator in VALUELESS_OPERATORS else self.values_edit.text(),
            "points": self.points_edit.text(),
            "cap": self.cap_edit.text() or None,
            "decay_half_life_days": (
                self.decay_edit.text() or None if dimension is Dimension.ENGAGEMENT else None
            ),
        }

    def show_error(self, message: str, field: str | None = None) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        widget = {
            "field": self.field_combo,
            "values": self.values_edit,
            "points": self.points_edit,
            "cap": self.cap_edit,
            "decay_half_life_days": self.decay_edit,
        }.get(field or "")
        if widget is not None and message:
            widget.setFocus()

    def _save(self) -> None:
        if self.criterion_id is not None:
            self.submitted.emit(self.criterion_id, self.values())

    def _on_operator_changed(self) -> None:
        operator = Operator(self.operator_combo.currentData())
        valueless = operator in VALUELESS_OPERATORS
        self.values_edit.setEnabled(not valueless)
        self.values_edit.setPlaceholderText(self.tr(VALUE_HINTS[operator]))

    def _on_dimension_changed(self) -> None:
        engagement = Dimension(self.dimension_combo.currentData()) is Dimension.ENGAGEMENT
        self.decay_edit.setEnabled(engagement)
        self.decay_edit.setToolTip(
            self.tr("Points halve every this many days after the activity")
            if engagement
            else self.tr("Only engagement criteria decay")
        )

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)
