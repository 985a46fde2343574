"""The Results tab: overall index and stage, the commandment table, weakest three, comments."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.services.assessment.scoring import AssessmentResults, CommandmentResult
from app.views.assessment.questionnaire_model import TEAM_LABELS
from app.views.theme import current_colors


def format_index(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def format_gap(value: float | None) -> str:
    if value is None:
        return "–"
    sign = "+" if value > 0.05 else "−" if value < -0.05 else "±"
    return f"{sign}{abs(value):.1f}"


class CommandmentResultsModel(QAbstractTableModel):
    """One row per commandment; rows where the teams disagree strongly are highlighted."""

    COLUMNS = ("Commandment", "Mean", "Index", "Stage", "Sales", "Marketing", "Gap")
    TITLE, MEAN, INDEX, STAGE, SALES, MARKETING, GAP = range(7)

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[CommandmentResult] = []
        self._threshold = 0.0

    def load(self, results: AssessmentResults | None) -> None:
        self.beginResetModel()
        self._rows = list(results.commandments) if results else []
        self._threshold = results.gap_threshold if results else 0.0
        self.endResetModel()

    def result_at(self, row: int) -> CommandmentResult:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # type: ignore[override]
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # type: ignore[override]
        return 0 if parent is not None and parent.isValid() else len(self.COLUMNS)

    def headerData(  # type: ignore[override]
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if section == self.GAP:
                return self.tr("Sales index minus marketing index, in points")
            if section == self.INDEX:
                return self.tr("0–100: (mean rating − 1) / 4 × 100")
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # type: ignore[override]
        if not index.isValid():
            return None
        result = self._rows[index.row()]
        column = index.column()
        flagged = result.gap.flagged
        if role == Qt.ItemDataRole.DisplayRole:
            score = result.score
            values = {
                self.TITLE: result.commandment.title,
                self.MEAN: "–" if score.mean is None else f"{score.mean:.2f}",
                self.INDEX: format_index(score.index),
                self.STAGE: score.stage.name if score.stage else "–",
                self.SALES: format_index(result.gap.sales),
                self.MARKETING: format_index(result.gap.marketing),
                self.GAP: format_gap(result.gap.gap),
            }
            return values[column]
        if role == Qt.ItemDataRole.BackgroundRole and flagged:
            return QColor(current_colors().warning_bg)
        if role == Qt.ItemDataRole.ForegroundRole and flagged:
            return QColor(current_colors().warning_text)
        if role == Qt.ItemDataRole.FontRole and flagged and column == self.GAP:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in (self.TITLE, self.STAGE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if flagged:
                return self.tr(
                    "Sales and marketing see this differently: a gap of {0} points "
                    "(flagged from {1:g})."
                ).format(format_gap(result.gap.gap), self._threshold)
            return result.commandment.why
        return None


class ResultsView(QWidget):
    """Everything one quarter's results say, readable from the back of a room."""

    def __init__(self) -> None:
        super().__init__()
        self.overall_label = QLabel()
        self.overall_label.setProperty("role", "heading")
        self.stage_label = QLabel()
        self.stage_label.setProperty("role", "heading")
        self.stage_text = QLabel()
        self.stage_text.setWordWrap(True)
        self.stage_text.setProperty("role", "muted")
        self.teams_label = QLabel()
        self.teams_label.setWordWrap(True)

        self.model = CommandmentResultsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # Titles wrap rather than being cut off when presentation mode enlarges the type.
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CommandmentResultsModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(CommandmentResultsModel.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.fit_rows())
        header.sectionResized.connect(lambda *_: self._choose_orientation())
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)

        summary = QWidget()
        summary_layout = QVBoxLayout(summary)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.overall_label, self.stage_label):
            summary_layout.addWidget(widget)
        summary_layout.addWidget(self.stage_text)
        summary_layout.addWidget(self.teams_label)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([3000, 2000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(summary)
        layout.addWidget(self.splitter, 1)
        self.results: AssessmentResults | None = None
        self.show_results(None, "")

    def show_results(self, results: AssessmentResults | None, quarter: str) -> None:
        """Show a quarter's results; None or no ratings shows how to get some."""
        self.results = results
        rated = results is not None and results.overall.index is not None
        self.model.load(results if rated else None)
        if results is None or not rated:
            self.overall_label.setText(self.tr("No answers yet for {0}").format(quarter))
            self.stage_label.setText("")
            self.stage_text.setText(
                self.tr("Add respondents on the Questionnaire tab, or import returned forms.")
            )
            self.teams_label.setText("")
            self.details.clear()
            return
        overall = results.overall
        assert overall.index is not None and overall.stage is not None and overall.mean is not None
        self.overall_label.setText(
            self.tr("{0}: overall index {1} of 100 (mean rating {2:.2f})").format(
                results.quarter, format_index(overall.index), overall.mean
            )
        )
        self.stage_label.setText(self.tr("Stage: {0}").format(overall.stage.name))
        self.stage_text.setText(overall.stage.description)
        self.teams_label.setText(self._teams_line(results))
        self.fit_rows()
        self.details.setHtml(self._details_html(results))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._choose_orientation()

    def _choose_orientation(self) -> None:
        """Table beside the notes when it fits; above them when the type is large."""
        header = self.table.horizontalHeader()
        figures = sum(header.sectionSize(c) for c in range(1, self.model.columnCount()))
        needed = figures + self.fontMetrics().horizontalAdvance("M") * 16
        wanted = (
            Qt.Orientation.Horizontal if needed <= self.width() * 0.6 else Qt.Orientation.Vertical
        )
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            self.splitter.setSizes([3000, 2000])

    def fit_rows(self) -> None:
        """Rows as tall as their wrapped titles, with some air for reading at a distance."""
        self.table.resizeRowsToContents()
        padding = self.fontMetrics().height() // 2
        for row in range(self.model.rowCount()):
            self.table.setRowHeight(row, self.table.rowHeight(row) + padding)

    def _teams_line(self, results: AssessmentResults) -> str:
        parts = [self.tr("{0} respondents").format(len(results.respondents))]
        for team, score in results.overall_by_team.items():
            parts.append(f"{self.tr(TEAM_LABELS[team])} {format_index(score.index)}")
        gap = results.overall_gap
        if gap.gap is not None:
            text = self.tr("perception gap {0} points").format(format_gap(gap.gap))
            if gap.flagged:
                text += self.tr(" (large: the teams see their alignment differently)")
            parts.append(text)
        flagged = sum(1 for r in results.commandments if r.gap.flagged)
        if flagged:
            parts.append(
                self.tr("{0} commandments with a large gap are highlighted").format(flagged)
            )
        return " · ".join(parts)

    def _details_html(self, results: AssessmentResults) -> str:
        muted = current_colors().muted
        html = [f"<h3>{escape(self.tr('Where to start: the weakest three'))}</h3><ol>"]
        for result in results.weakest:
            stage = result.score.stage.name if result.score.stage else ""
            html.append(
                f"<li><b>{escape(result.commandment.title)}</b> "
                f"<span style='color:{muted}'>({format_index(result.score.index)}, "
                f"{escape(stage)})</span><br>{escape(result.next_step or '')}</li>"
            )
        html.append("</ol>")
        html.append(f"<h3>{escape(self.tr('What people said'))}</h3>")
        if not results.comments:
            html.append(
                f"<p style='color:{muted}'>{escape(self.tr('No comments this quarter.'))}</p>"
            )
        titles = {r.commandment.id: r.commandment.title for r in results.commandments}
        for commandment_id, comments in results.comments.items():
            html.append(f"<p><b>{escape(titles[commandment_id])}</b></p><ul>")
            for comment in comments:
                rating = self.tr("don't know") if comment.rating is None else f"{comment.rating}/5"
                who = (
                    f"{comment.respondent}, {self.tr(TEAM_LABELS.get(comment.team, comment.team))}"
                )
                html.append(
                    f"<li>“{escape(comment.text)}” "
                    f"<span style='color:{muted}'>— {escape(who)}, {escape(rating)}</span></li>"
                )
            html.append("</ul>")
        return "".join(html)
