"""Long work off the GUI thread, with a progress dialog and Cancel.

`start_task(parent, title, work, on_done)` runs `work(progress, cancel)` on Qt's thread
pool; progress arrives through queued signals, so the window keeps painting and the
Cancel button answers. Errors come back to the GUI thread: our own errors (AccordError)
are shown as their message, anything else goes to the application's error hook.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.services.errors import AccordError, Cancelled
from app.services.progress import CancelToken, ProgressCallback

Work = Callable[[ProgressCallback, CancelToken], Any]


class _Signals(QObject):
    progressed = Signal(float)
    finished = Signal(object)
    failed = Signal(object)


class BackgroundTask(QRunnable):
    """One piece of work for the thread pool; talks back only through signals."""

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()
        self.cancel = CancelToken()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.signals.progressed.emit, self.cancel)
        except BaseException as error:  # everything must reach the GUI thread
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)


_running: set[BackgroundTask] = set()


def start_task(
    parent: QWidget,
    title: str,
    work: Work,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> BackgroundTask:
    """Run `work` in the background behind a window-modal progress dialog with Cancel."""
    task = BackgroundTask(work)
    dialog = QProgressDialog(title, parent.tr("Cancel"), 0, 1000, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(task.cancel.cancel)
    task.signals.progressed.connect(lambda fraction: dialog.setValue(int(fraction * 1000)))

    def finish() -> None:
        _running.discard(task)
        dialog.reset()
        dialog.deleteLater()

    def done(result: object) -> None:
        finish()
        on_done(result)

    def failed(error: BaseException) -> None:
        finish()
        if on_error is not None:
            on_error(error)
        elif isinstance(error, Cancelled):
            return
        elif isinstance(error, AccordError):
            QMessageBox.warning(parent, title, str(error))
        else:
            raise error

    task.signals.finished.connect(done, Qt.ConnectionType.QueuedConnection)
    task.signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    _running.add(task)
    QThreadPool.globalInstance().start(task)
    return task
