"""Item models of the questionnaire: the respondents of a quarter and the statements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from app.services.assessment.instrument import Commandment, Instrument, Statement
from app.services.assessment.store import RespondentInfo, StoredAnswer
from app.views.theme import current_colors

ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADING_ROLE = Qt.ItemDataRole.UserRole + 2
WHY_ROLE = Qt.ItemDataRole.UserRole + 3
TEAM_LABELS = {
    "sales": "Sales",
    "marketing": "Marketing",
    "leadership": "Leadership",
    "other": "Other",
}


class RespondentListModel(QAbstractListModel):
    """The respondents of one quarter; a name is edited in place to rename someone."""

    rename_requested = Signal(int, str)

    def __init__(self, total_statements: int) -> None:
        super().__init__()
        self._rows: list[RespondentInfo] = []
        self._total = total_statements

    def load(self, respondents: list[RespondentInfo]) -> None:
        self.beginResetModel()
        self._rows = list(respondents)
        self.endResetModel()

    def update(self, info: RespondentInfo) -> None:
        """Show a changed respondent (e.g. a new answer count) without a reset."""
        row = self.row_of(info.id)
        if row is not None:
            self._rows[row] = info
            self.dataChanged.emit(self.index(row), self.index(row))

    def respondent_at(self, row: int) -> RespondentInfo:
        return self._rows[row]

    def row_of(self, respondent_id: int) -> int | None:
        for row, info in enumerate(self._rows):
            if info.id == respondent_id:
                return row
        return None

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # type: ignore[override]
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # type: ignore[override]
        if not index.isValid():
            return None
        info = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            team = self.tr(TEAM_LABELS.get(info.team, info.team))
            return self.tr("{0}\n{1} · {2}/{3}").format(info.name, team, info.answered, self._total)
        if role == Qt.ItemDataRole.EditRole:
            return info.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{0} ({1}) answered {2} of {3} statements. F2 renames.").format(
                info.name, TEAM_LABELS.get(info.team, info.team), info.answered, self._total
            )
        if role == ID_ROLE:
            return info.id
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:  # type: ignore[override]
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # type: ignore[override]
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        info = self._rows[index.row()]
        name = str(value).strip()
        if name and name != info.name:
            # The page renames through an undo command and then reloads this model; that
            # waits until the editor that called setData has closed.
            QTimer.singleShot(0, lambda: self.rename_requested.emit(info.id, name))
        return False


@dataclass(frozen=True)
class _Row:
    commandment: Commandment
    statement: Statement | None


class QuestionnaireModel(QAbstractTableModel):
    """Every statement grouped under its commandment, with one respondent's answers.

    Heading rows (a commandment and why it matters) cannot be selected; statement
    rows show the answer and an editable comment.
    """

    STATEMENT, ANSWER, COMMENT = range(3)
    comment_edited = Signal(str, str)
    answer_chosen = Signal(str, object)

    def __init__(self, instrument: Instrument) -> None:
        super().__init__()
        self.instrument = instrument
        self._rows = [
            _Row(commandment, statement)
            for commandment in instrument.commandments
            for statement in (None, *commandment.statements)
        ]
        self._answers: dict[str, StoredAnswer] = {}
        self._enabled = False
        self._headers = [self.tr("Statement"), self.tr("Answer"), self.tr("Comment")]

    # Loading ---------------------------------------------------------------------------

    def load(self, answers: dict[str, StoredAnswer] | None) -> None:
        """Show these answers; None means no respondent is selected."""
        self.beginResetModel()
        self._enabled = answers is not None
        self._answers = dict(answers or {})
        self.endResetModel()

    def update_answer(self, statement_id: str, answer: StoredAnswer | None) -> None:
        """Show one changed answer without resetting the view (keeps the cursor)."""
        if answer is None:
            self._answers.pop(statement_id, None)
        else:
            self._answers[statement_id] = answer
        row = self.row_of(statement_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.COMMENT))

    # Questions about rows --------------------------------------------------------------

    @property
    def answered(self) -> int:
        return sum(1 for s in self.instrument.statements if s.id in self._answers)

    def statement_at(self, row: int) -> Statement | None:
        if 0 <= row < len(self._rows):
            return self._rows[row].statement
        return None

    def is_heading(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row].statement is None

    def row_of(self, statement_id: str) -> int | None:
        for row, item in enumerate(self._rows):
            if item.statement is not None and item.statement.id == statement_id:
                return row
        return None

    def next_statement_row(self, row: int, step: int = 1) -> int | None:
        """The nearest statement row after (step 1) or before (step −1) `row`."""
        row += step
        while 0 <= row < len(self._rows):
            if not self.is_heading(row):
                return row
            row += step
        return None

    def first_unanswered_row(self) -> int | None:
        for row, item in enumerate(self._rows):
            if item.statement is not None and item.statement.id not in self._answers:
                return row
        return self.next_statement_row(-1)

    # Qt model protocol -----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # type: ignore[override]
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # type: ignore[override]
        return 0 if parent is not None and parent.isValid() else 3

    def headerData(  # type: ignore[override]
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # type: ignore[override]
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        column = index.column()
        if item.statement is None:
            return self._heading_data(item.commandment, column, role)
        answer = self._answers.get(item.statement.id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == self.STATEMENT:
                return item.statement.text
            if column == self.ANSWER:
                return self.instrument.rating_label(answer.rating) if answer else ""
            return answer.comment if answer else ""
        dont_know = answer is not None and answer.rating is None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.ANSWER and dont_know:
            return QColor(current_colors().muted)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr(
                "Keys 1–5 answer, 0 or D for don't know, Delete clears; Enter writes a comment."
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return item.statement.id
        return None

    def _heading_data(self, commandment: Commandment, column: int, role: int) -> Any:
        if column != self.STATEMENT:
            # Covered by the heading's span: nothing to show or to measure.
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return commandment.title
        if role == WHY_ROLE:
            return commandment.why
        if role == HEADING_ROLE:
            return True
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(current_colors().alternate)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:  # type: ignore[override]
        if not index.isValid() or not self._enabled:
            return Qt.ItemFlag.NoItemFlags
        if self.is_heading(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (self.ANSWER, self.COMMENT):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # type: ignore[override]
        # Nothing changes here: the page saves through an undo command and then
        # updates this model, so the view and the workspace cannot disagree.
        statement = self.statement_at(index.row()) if index.isValid() else None
        if role != Qt.ItemDataRole.EditRole or statement is None:
            return False
        old = self._answers.get(statement.id)
        if index.column() == self.ANSWER and isinstance(value, tuple):
            rating = value[1]
            if old is None or old.rating != rating:
                self.answer_chosen.emit(statement.id, rating)
        elif index.column() == self.COMMENT:
            text = str(value or "").strip()
            if text != (old.comment if old else ""):
                self.comment_edited.emit(statement.id, text)
        return False
