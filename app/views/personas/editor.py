"""The persona worksheet: every field of one persona and where its agreement stands."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import (
    QCompleter,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.services.personas import FIELD_LABELS, PersonaDetail
from app.views.lexicon.fields import CommittingTextEdit
from app.views.personas.agreement_box import AgreementBox

SENIORITY_SUGGESTIONS = (
    "Individual contributor",
    "Team lead",
    "Manager",
    "Director",
    "VP",
    "C-level",
)
COMPANY_SIZE_SUGGESTIONS = (
    "1–50 employees",
    "51–250 employees",
    "250–1,000 employees",
    "1,000–5,000 employees",
    "5,000+ employees",
)
TEXT_PLACEHOLDERS = {
    "role": "Job titles and what they answer for",
    "goals": "What they are trying to achieve, one per line",
    "pains": "What gets in their way, one per line",
    "objections": "What they say to sales, in their own words",
    "buying_triggers": "Events that start a search, one per line",
    "channels": "Where they learn and whom they listen to",
    "content": "What helps them decide, one per line",
}
MAX_VISIBLE_LINES = 12


class FittingTextEdit(CommittingTextEdit):
    """A committing text field as tall as its text, between `lines` and a dozen lines.

    A worksheet reads best when each answer shows whole; only long ones scroll.
    """

    def __init__(self, *, lines: int) -> None:
        super().__init__(lines=lines)
        self._min_lines = lines
        self._lines = lines
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._fit)

    def _wanted_lines(self) -> int:
        # QPlainTextEdit lays out only what is visible, so its own line count is no
        # guide to the height the whole text needs; measure the wrapped text instead.
        width = self.viewport().width() - 2 * int(self.document().documentMargin())
        if width <= 0:
            return self._min_lines
        metrics = QFontMetricsF(self.font())
        bounds = metrics.boundingRect(
            QRectF(0, 0, width, 1_000_000), Qt.TextFlag.TextWordWrap, self.toPlainText() or " "
        )
        lines = round(bounds.height() / metrics.height())
        return min(max(lines, self._min_lines), MAX_VISIBLE_LINES)

    def set_stored_text(self, text: str) -> None:
        super().set_stored_text(text)
        self._fit()

    def _fit(self) -> None:
        lines = self._wanted_lines()
        if lines != self._lines:
            self._lines = lines
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        margins = 2 * (self.frameWidth() + int(self.document().documentMargin())) + 4
        # Each laid-out line takes the font's line spacing rounded up to whole pixels.
        line = math.ceil(QFontMetricsF(self.font()).lineSpacing())
        hint.setHeight(line * self._lines + margins)
        return hint

    def minimumSizeHint(self) -> QSize:
        # The scroll area's own minimum (room for both scroll bars) is taller than
        # a two-line field needs.
        hint = super().minimumSizeHint()
        hint.setHeight(self.minimumHeight())
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()


class PersonaEditor(QScrollArea):
    """Shows one persona and reports each finished edit as (field, value)."""

    field_edited = Signal(str, object)
    printable_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail: PersonaDetail | None = None
        body = QWidget()
        self.setWidget(body)
        outer = QVBoxLayout(body)

        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.printable_button = QPushButton(self.tr("Printable &view…"))
        self.printable_button.setToolTip(self.tr("A one-page sheet to print or save as PDF"))
        self.printable_button.clicked.connect(self.printable_requested)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.printable_button, 0, Qt.AlignmentFlag.AlignTop)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setProperty("role", "banner")
        self.banner.hide()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setProperty("role", "error")
        self.error_label.hide()
        self.agreement = AgreementBox()
        outer.addLayout(top)
        outer.addWidget(self.banner)
        outer.addWidget(self.error_label)
        outer.addWidget(self.agreement)

        self._line_fields: dict[str, QLineEdit] = {
            name: QLineEdit() for name in ("name", "seniority", "company_size", "industry")
        }
        self._line_fields["name"].setObjectName("name")
        self._suggest(self._line_fields["seniority"], SENIORITY_SUGGESTIONS)
        self._suggest(self._line_fields["company_size"], COMPANY_SIZE_SUGGESTIONS)
        self._line_fields["industry"].setPlaceholderText(self.tr("Industries and segments"))
        self._text_fields: dict[str, CommittingTextEdit] = {
            name: FittingTextEdit(lines=2 if name == "role" else 3) for name in TEXT_PLACEHOLDERS
        }
        for name, text in self._text_fields.items():
            text.setPlaceholderText(self.tr(TEXT_PLACEHOLDERS[name]))

        who = QGroupBox(self.tr("Who they are"))
        grid = QGridLayout(who)
        self._add_beside(grid, 0, 0, "name", span=3)
        self._add_beside(grid, 1, 0, "role", span=3)
        self._add_beside(grid, 2, 0, "seniority")
        self._add_beside(grid, 2, 2, "company_size")
        self._add_beside(grid, 3, 0, "industry", span=3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        outer.addWidget(who)
        for title, pairs in (
            (self.tr("What drives them"), (("goals", "pains"), ("objections", "buying_triggers"))),
            (self.tr("How to reach them"), (("channels", "content"),)),
        ):
            box = QGroupBox(title)
            box_grid = QGridLayout(box)
            for row, pair in enumerate(pairs):
                for column, name in enumerate(pair):
                    self._add_above(box_grid, row, column, name)
            box_grid.setColumnStretch(0, 1)
            box_grid.setColumnStretch(1, 1)
            outer.addWidget(box)
        outer.addStretch(1)

        for name, line in self._line_fields.items():
            line.editingFinished.connect(lambda f=name, w=line: self._line_done(f, w))
        for name, text in self._text_fields.items():
            text.committed.connect(lambda value, f=name: self.field_edited.emit(f, value))
        self.load(None)

    def _field_label(self, name: str) -> QLabel:
        label = QLabel(self.tr(FIELD_LABELS[name]))
        label.setBuddy(self.field_widget(name))
        return label

    def _add_beside(
        self, grid: QGridLayout, row: int, column: int, name: str, span: int = 1
    ) -> None:
        grid.addWidget(self._field_label(name), row, column, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.field_widget(name), row, column + 1, 1, span)

    def _add_above(self, grid: QGridLayout, row: int, column: int, name: str) -> None:
        cell = QVBoxLayout()
        cell.setSpacing(max(2, self.fontMetrics().height() // 6))
        cell.addWidget(self._field_label(name))
        cell.addWidget(self.field_widget(name))
        cell.addStretch(1)
        grid.addLayout(cell, row, column)

    def _suggest(self, line: QLineEdit, suggestions: tuple[str, ...]) -> None:
        completer = QCompleter([self.tr(s) for s in suggestions], line)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        line.setCompleter(completer)
        line.setPlaceholderText(self.tr("e.g. {0}").format(self.tr(suggestions[-2])))

    def sign_off_button(self, team: str) -> QPushButton:
        return self.agreement.sign_off_button(team)

    @property
    def status_label(self) -> QLabel:
        return self.agreement.status_label

    def field_widget(self, name: str) -> QLineEdit | CommittingTextEdit:
        return self._line_fields.get(name) or self._text_fields[name]

    # Showing a persona -------------------------------------------------------------------

    def load(self, detail: PersonaDetail | None) -> None:
        previous_id = self.detail.id if self.detail else None
        self.detail = detail
        self.setEnabled(detail is not None)
        if detail is None:
            self.heading.setText(self.tr("Select a persona, or create one with New persona."))
            self.banner.hide()
            for line in self._line_fields.values():
                line.clear()
            for text in self._text_fields.values():
                text.set_stored_text("")
            self.agreement.clear()
            return
        if detail.id != previous_id:
            self.banner.hide()
            self.show_error("")
        self.heading.setText(detail.name)
        for name, line in self._line_fields.items():
            if line.text() != detail.fields[name]:
                line.setText(detail.fields[name])
            if not line.hasFocus():
                line.setCursorPosition(0)
        for name, text in self._text_fields.items():
            text.set_stored_text(detail.fields[name])
        self.agreement.show_agreement(detail.status, detail.sign_offs)

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def commit_pending(self) -> None:
        """Hand over whatever is being typed (before switching persona or page)."""
        for text in self._text_fields.values():
            text.commit()
        for name, line in self._line_fields.items():
            if line.hasFocus():
                self._line_done(name, line)

    def _line_done(self, name: str, line: QLineEdit) -> None:
        if self.detail is not None and line.text() != self.detail.fields[name]:
            self.field_edited.emit(name, line.text())
