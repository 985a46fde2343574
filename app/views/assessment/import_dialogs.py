"""Importing returned forms: work off the GUI thread, a preview, and the problems found.

`BackgroundTask` runs a service call in the thread pool and reports progress through
signals; the dialogs only show what the services found.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.assessment.form_import import FormCollision, FormImportPreview
from app.services.assessment.store import DuplicateChoice
from app.services.errors import AccordError, ImportProblem
from app.services.progress import CancelToken
from app.views.assessment.questionnaire_model import TEAM_LABELS

log = logging.getLogger(__name__)
Work = Callable[[Callable[[float], None], CancelToken], object]


class TaskSignals(QObject):
    """What a background task tells the GUI thread (delivered there by queued signals)."""

    progress = Signal(float)
    succeeded = Signal(object)
    failed = Signal(object)


class BackgroundTask(QRunnable):
    """Runs `work(progress, cancel)` in the thread pool; never touches a widget."""

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.signals = TaskSignals()
        self.cancel = CancelToken()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.signals.progress.emit, self.cancel)
        except Exception as error:  # handed to the GUI thread, which decides what to say
            if not isinstance(error, AccordError):
                log.exception("assessment import failed")
            self.signals.failed.emit(error)
        else:
            self.signals.succeeded.emit(result)


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> QTableView:
    model = QStandardItemModel(len(rows), len(headers))
    model.setHorizontalHeaderLabels(list(headers))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QStandardItem("" if value is None else str(value))
            item.setEditable(False)
            model.setItem(r, c, item)
    view = QTableView()
    view.setModel(model)
    model.setParent(view)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    view.resizeRowsToContents()
    return view


class ImportPreviewDialog(QDialog):
    """What an import would add, its warnings, and what to do with duplicates."""

    def __init__(
        self,
        preview: FormImportPreview,
        collisions: Sequence[FormCollision],
        total_statements: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import forms"))
        self.preview = preview
        self.collisions = list(collisions)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("{0} forms are ready to import. Nothing is stored until you confirm.").format(
                len(preview.forms)
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.forms_table = _table(
            [
                self.tr("File"),
                self.tr("Respondent"),
                self.tr("Team"),
                self.tr("Quarter"),
                self.tr("Answered"),
            ],
            [
                (
                    f.path.name,
                    f.respondent,
                    self.tr(TEAM_LABELS.get(f.team, f.team)),
                    f.quarter,
                    f"{len(f.answers)} of {total_statements}",
                )
                for f in preview.forms
            ],
        )
        layout.addWidget(self.forms_table, 2)
        if preview.warnings:
            label = QLabel(self.tr("Warnings (the forms can still be imported):"))
            label.setProperty("role", "subheading")
            layout.addWidget(label)
            self.warnings_table = _table(*_problem_rows(self, preview.warnings))
            layout.addWidget(self.warnings_table, 1)
        self.replace_button = QRadioButton()
        self.keep_button = QRadioButton()
        self._choices = QButtonGroup(self)
        if self.collisions:
            names = ", ".join(f"{c.existing_respondent} ({c.quarter})" for c in self.collisions)
            label = QLabel(
                self.tr("Answers are already stored for: {0}. What should happen to them?").format(
                    names
                )
            )
            label.setWordWrap(True)
            label.setProperty("role", "banner")
            layout.addWidget(label)
            self.replace_button.setText(self.tr("&Replace the stored answers with the forms"))
            self.keep_button.setText(self.tr("&Keep the stored answers and skip those forms"))
            for button in (self.replace_button, self.keep_button):
                self._choices.addButton(button)
                layout.addWidget(button)
            self.replace_button.setChecked(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Import"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(em * 60, em * 32)

    def choice(self) -> DuplicateChoice | None:
        """Replace or keep, when some forms collide with stored answers."""
        if not self.collisions:
            return None
        return DuplicateChoice.KEEP if self.keep_button.isChecked() else DuplicateChoice.REPLACE


def _problem_rows(
    widget: QWidget, problems: Sequence[ImportProblem]
) -> tuple[list[str], list[tuple[Any, ...]]]:
    headers = [
        widget.tr("File"),
        widget.tr("Sheet"),
        widget.tr("Row"),
        widget.tr("Column"),
        widget.tr("Problem"),
    ]
    rows = [
        (Path(p.file).name, p.sheet or "", p.row or "", p.column or "", p.message) for p in problems
    ]
    return headers, rows


class ImportProblemsDialog(QDialog):
    """Why an import was refused, one row per problem with where to look."""

    def __init__(self, problems: Sequence[ImportProblem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nothing was imported"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The forms were not imported because of the problems below. Correct the "
                "forms (or leave out the faulty ones) and import them again."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.problems_table = _table(*_problem_rows(self, problems))
        layout.addWidget(self.problems_table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(em * 62, em * 26)
