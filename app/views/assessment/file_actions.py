"""The assessment's file work: results to XLSX, offline forms out, returned forms in.

Reading and storing returned forms runs in the thread pool behind a progress dialog
with Cancel, so the window keeps responding; the preview and problem dialogs open
without blocking (`open()`), which also lets tests drive them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from app.services.assessment.store import AssessmentStore, ImportOutcome, RespondentInfo
from app.services.errors import AccordError, Cancelled, ImportFailed

if TYPE_CHECKING:
    from app.services.assessment.form_import import FormImportPreview
    from app.views.assessment.import_dialogs import (
        BackgroundTask,
        ImportPreviewDialog,
        ImportProblemsDialog,
    )

XLSX_FILTER = "Excel workbooks (*.xlsx)"


class AssessmentFileActions(QObject):
    """Exports and imports for the page; reports through signals, never edits the page."""

    imported = Signal(object)  # ImportOutcome, after the forms were stored
    status = Signal(str)
    error = Signal(str)
    busy_changed = Signal(bool)

    def __init__(
        self,
        store: AssessmentStore,
        parent: QWidget,
        quarter: Callable[[], str],
        respondent: Callable[[], RespondentInfo | None],
        folder: Path,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._parent = parent
        self._quarter = quarter
        self._respondent = respondent
        self.last_folder = folder
        self.preview_dialog: ImportPreviewDialog | None = None
        self.problems_dialog: ImportProblemsDialog | None = None
        self.progress_dialog: QProgressDialog | None = None
        self._task: BackgroundTask | None = None
        self._on_task_done: Callable[[object], None] | None = None

    @property
    def busy(self) -> bool:
        return self._task is not None

    # Results -----------------------------------------------------------------------------

    def export_results(self, path: Path) -> Path:
        from app.services.assessment.scoring import results_to_xlsx

        return results_to_xlsx(self.store.results(self._quarter()), path)

    def export_results_dialog(self) -> None:
        name = self._save_name(self.tr("Export results"), f"assessment-results-{self._quarter()}")
        if name is not None:
            self._try(lambda: self.export_results(name), self.tr("Results saved to {0}"))

    # Offline forms -------------------------------------------------------------------------

    def export_form(self, path: Path, respondent: RespondentInfo | None = None) -> Path:
        """Write an offline form for the page's quarter, for one respondent or blank."""
        from app.services.assessment.forms import export_form

        instrument, quarter = self.store.instrument, self._quarter()
        if respondent is None:
            return export_form(instrument, quarter, path)
        return export_form(instrument, quarter, path, respondent.name, respondent.team)

    def export_blank_form_dialog(self) -> None:
        stem = f"assessment-form-{self._quarter()}"
        name = self._save_name(self.tr("Export a blank form"), stem)
        if name is not None:
            self._try(lambda: self.export_form(name), self.tr("Form saved to {0}"))

    def export_respondent_form_dialog(self) -> None:
        info = self._respondent()
        if info is None:
            self.error.emit(self.tr("Select a respondent first, or export a blank form."))
            return
        name = self._save_name(
            self.tr("Export a form for {0}").format(info.name),
            f"assessment-form-{self._quarter()}-{info.name}",
        )
        if name is not None:
            self._try(lambda: self.export_form(name, info), self.tr("Form saved to {0}"))

    def import_forms_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self._parent,
            self.tr("Import returned forms"),
            str(self.last_folder),
            self.tr(XLSX_FILTER),
        )
        if names:
            self.last_folder = Path(names[0]).parent
            self.start_import([Path(n) for n in names])

    def start_import(self, paths: list[Path]) -> None:
        """Read the forms on a worker thread, then open the preview (`preview_dialog`)."""
        from app.services.assessment.form_import import read_forms

        self._start_task(
            self.tr("Reading {0} forms…").format(len(paths)),
            lambda progress, cancel: read_forms(paths, progress=progress, cancel=cancel),
            self._show_preview,  # type: ignore[arg-type]
        )

    def _show_preview(self, preview: FormImportPreview) -> None:
        from app.services.assessment.form_import import find_duplicates
        from app.views.assessment.import_dialogs import ImportPreviewDialog

        collisions = find_duplicates(preview, self.store.existing_keys())
        dialog = ImportPreviewDialog(
            preview, collisions, len(self.store.instrument.statements), self._parent
        )
        dialog.accepted.connect(lambda: self._store_forms(preview, dialog))
        self.preview_dialog = dialog
        dialog.open()

    def _store_forms(self, preview: FormImportPreview, dialog: ImportPreviewDialog) -> None:
        choice = dialog.choice()
        self._start_task(
            self.tr("Importing {0} forms…").format(len(preview.forms)),
            lambda progress, cancel: self.store.import_forms(
                preview, choice, progress=progress, cancel=cancel
            ),
            self._forms_stored,  # type: ignore[arg-type]
        )

    def _forms_stored(self, outcome: ImportOutcome) -> None:
        self.imported.emit(outcome)
        self.status.emit(outcome.summary())

    # Background work -----------------------------------------------------------------------

    def _start_task(
        self, label: str, work: Callable[..., object], on_done: Callable[[object], None]
    ) -> None:
        from app.views.assessment.import_dialogs import BackgroundTask

        task = BackgroundTask(work)
        dialog = QProgressDialog(label, self.tr("Cancel"), 0, 1000, self._parent)
        dialog.setWindowTitle(self.tr("Import forms"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoReset(False)
        dialog.canceled.connect(task.cancel.cancel)
        # Bound methods of this GUI-thread object, so the worker's signals are queued here.
        task.signals.progress.connect(self._task_progress)
        task.signals.succeeded.connect(self._task_succeeded)
        task.signals.failed.connect(self._task_failed)
        self._task, self._on_task_done, self.progress_dialog = task, on_done, dialog
        self.busy_changed.emit(True)
        QThreadPool.globalInstance().start(task)

    def _task_progress(self, fraction: float) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setValue(int(fraction * 1000))

    def _finish_task(self) -> Callable[[object], None] | None:
        if self.progress_dialog is not None:
            self.progress_dialog.reset()
            self.progress_dialog.deleteLater()
        done = self._on_task_done
        self._task = self._on_task_done = self.progress_dialog = None
        self.busy_changed.emit(False)
        return done

    def _task_succeeded(self, result: object) -> None:
        done = self._finish_task()
        if done is not None:
            done(result)

    def _task_failed(self, error: object) -> None:
        self._finish_task()
        if isinstance(error, Cancelled):
            self.status.emit(self.tr("Import cancelled; nothing was changed."))
        elif isinstance(error, ImportFailed):
            from app.views.assessment.import_dialogs import ImportProblemsDialog

            self.problems_dialog = ImportProblemsDialog(error.problems, self._parent)
            self.problems_dialog.open()
        elif isinstance(error, AccordError):
            self.error.emit(str(error))
        else:
            QMessageBox.critical(
                self._parent,
                self.tr("Import failed"),
                self.tr("Something unexpected went wrong; nothing was imported ({0}).").format(
                    error
                ),
            )

    # Small helpers -------------------------------------------------------------------------

    def _save_name(self, title: str, stem: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self._parent, title, str(self.last_folder / f"{stem}.xlsx"), self.tr(XLSX_FILTER)
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def _try(self, action: Callable[[], Path], message: str) -> None:
        try:
            written = action()
        except AccordError as error:
            self.error.emit(str(error))
            return
        self.last_folder = written.parent
        self.error.emit("")
        self.status.emit(message.format(written))
