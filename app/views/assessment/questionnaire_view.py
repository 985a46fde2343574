"""The questionnaire table: answered with the keyboard alone, one statement per row.

Keys 1–5 rate the current statement and 0 or D says "don't know"; either moves on to
the next statement. Delete clears an answer, Enter edits the comment. The arrow keys
step over the commandment headings, which show why each commandment matters.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.views.assessment.questionnaire_model import HEADING_ROLE, WHY_ROLE, QuestionnaireModel
from app.views.theme import current_colors

PADDING = 6
AnyIndex = QModelIndex | QPersistentModelIndex


class QuestionnaireDelegate(QStyledItemDelegate):
    """Draws commandment headings (title and why it matters); offers a list for answers."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        if not index.data(HEADING_ROLE):
            super().paint(painter, option, index)
            return
        colors = current_colors()
        rect: QRect = option.rect  # type: ignore[attr-defined]
        painter.save()
        painter.fillRect(rect, QColor(colors.alternate))
        title_font, why_font = self._fonts(option)
        inner = rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        flags = int(Qt.TextFlag.TextWordWrap)
        painter.setFont(title_font)
        painter.setPen(QColor(colors.text))
        title_rect = painter.boundingRect(inner, flags, str(index.data()))
        painter.drawText(inner, flags, str(index.data()))
        painter.setFont(why_font)
        painter.setPen(QColor(colors.muted))
        painter.drawText(inner.adjusted(0, title_rect.height() + 2, 0, 0), flags, self._why(index))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        if not index.data(HEADING_ROLE):
            # A little air around wrapped statements keeps long rows readable.
            hint = super().sizeHint(option, index)
            return QSize(hint.width(), hint.height() + PADDING)
        title_font, why_font = self._fonts(option)
        width = max(200, option.rect.width() - 2 * PADDING)  # type: ignore[attr-defined]
        bounds = QRect(0, 0, width, 10_000)
        flags = int(Qt.TextFlag.TextWordWrap)
        title = QFontMetrics(title_font).boundingRect(bounds, flags, str(index.data()))
        why = QFontMetrics(why_font).boundingRect(bounds, flags, self._why(index))
        return QSize(width, title.height() + why.height() + 2 * PADDING + 2)

    @staticmethod
    def _why(index: AnyIndex) -> str:
        return str(index.data(WHY_ROLE) or "")

    @staticmethod
    def _fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)  # type: ignore[attr-defined]
        title.setBold(True)
        why = QFont(option.font)  # type: ignore[attr-defined]
        why.setItalic(True)
        return title, why

    # The answer column offers the same choices as the keys, for mouse users.

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        model = index.model()
        if index.column() != QuestionnaireModel.ANSWER or not isinstance(model, QuestionnaireModel):
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        instrument = model.instrument
        for rating in (1, 2, 3, 4, 5):
            combo.addItem(instrument.rating_label(rating), rating)
        combo.addItem(instrument.dont_know_label, None)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            found = editor.findText(str(index.data() or ""))
            editor.setCurrentIndex(max(found, 0))
            editor.showPopup()
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, ("rating", editor.currentData()), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class QuestionnaireView(QTableView):
    """The statements of one respondent; see the module docstring for the keys."""

    rating_entered = QtSignal(int, object)
    clear_requested = QtSignal(int)

    def __init__(self, model: QuestionnaireModel) -> None:
        super().__init__()
        self._model = model
        self.setModel(model)
        self.setItemDelegate(QuestionnaireDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QuestionnaireModel.STATEMENT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(QuestionnaireModel.ANSWER, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(QuestionnaireModel.COMMENT, QHeaderView.ResizeMode.Fixed)
        header.sectionResized.connect(lambda *_: self.fit_rows())
        model.modelReset.connect(self._after_reset)

    # Layout ------------------------------------------------------------------------------

    def _after_reset(self) -> None:
        self.clearSpans()
        for row in range(self._model.rowCount()):
            if self._model.is_heading(row):
                self.setSpan(row, 0, 1, self._model.columnCount())
        self.fit_rows()

    def fit_rows(self) -> None:
        """Grow rows to their wrapped text; cheap, as there are only about fifty."""
        self.resizeRowsToContents()

    def fit_columns(self) -> None:
        """Size the answer and comment columns from the font, leaving the statements room."""
        metrics = self.fontMetrics()
        em = metrics.horizontalAdvance("M")
        labels = [self._model.instrument.rating_label(n) for n in range(1, 6)]
        widest = max(metrics.horizontalAdvance(t) for t in labels) + em * 2
        width = self.viewport().width()
        # In presentation mode the type grows but the window does not: the statements
        # keep at least about 40% of the width, and long answers wrap instead.
        answer = min(widest, int(width * 0.3))
        comment = max(em * 8, min(em * 18, int(width * 0.28)))
        header = self.horizontalHeader()
        header.resizeSection(QuestionnaireModel.ANSWER, answer)
        header.resizeSection(QuestionnaireModel.COMMENT, comment)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit_columns()
        self.fit_rows()

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_columns()
            self.fit_rows()

    # Keyboard ------------------------------------------------------------------------------

    def current_row(self) -> int:
        return self.currentIndex().row() if self.currentIndex().isValid() else -1

    def go_to_row(self, row: int | None, column: int = QuestionnaireModel.ANSWER) -> None:
        if row is None or not 0 <= row < self._model.rowCount():
            return
        index = self._model.index(row, column)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def advance(self) -> None:
        """Move to the next statement (the last one stays where it is)."""
        following = self._model.next_statement_row(self.current_row())
        if following is not None:
            self.go_to_row(following)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.current_row()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if (
            self.state() == QAbstractItemView.State.EditingState
            or not plain
            or self._model.statement_at(row) is None
        ):
            super().keyPressEvent(event)
            return
        text = event.text().lower()
        key = event.key()
        if len(text) == 1 and text in "12345":
            self.rating_entered.emit(row, int(text))
            self.advance()
        elif text in ("0", "d"):
            self.rating_entered.emit(row, None)
            self.advance()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_requested.emit(row)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self._model.index(row, QuestionnaireModel.COMMENT)
            self.setCurrentIndex(index)
            self.edit(index)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        # Back to answering with the keys once a comment or a picked answer is done.
        self.setFocus()

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        index = super().moveCursor(action, modifiers)
        if index.isValid() and self._model.is_heading(index.row()):
            step = -1 if index.row() < self.current_row() else 1
            row = self._model.next_statement_row(index.row(), step)
            if row is None:
                row = self._model.next_statement_row(index.row(), -step)
            return self._model.index(row, index.column()) if row is not None else QModelIndex()
        return index

    def focusInEvent(self, event: Any) -> None:
        super().focusInEvent(event)
        if self._model.statement_at(self.current_row()) is None:
            self.go_to_row(self._model.first_unanswered_row())
