"""Start the GUI: the application object, logging, the first workspace to show."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services.errors import AccordError
from app.services.workspace import WORKSPACE_SUFFIX, user_data_dir

log = logging.getLogger("accord")
DEFAULT_WORKSPACE_NAME = "My workspace"
DEMO_WORKSPACE_NAME = "Northwind Analytics (demo)"


def demo_workspace_path() -> Path:
    """A freshly made demo workspace in the user-data folder (replacing the last demo)."""
    from app.services.workspace import create_workspace

    folder = user_data_dir() / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{DEMO_WORKSPACE_NAME}{WORKSPACE_SUFFIX}"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    create_workspace(path, demo=True).close()
    return path


def _setup_logging() -> Path:
    folder = user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    log_file = folder / "accord.log"
    logging.basicConfig(
        filename=log_file,
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    return log_file


def _install_excepthook(log_file: Path) -> None:
    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, trace)))
        app = QApplication.instance()
        if app is not None:
            QMessageBox.critical(
                None,
                "Accord",
                f"Something unexpected went wrong: {error}\n\nYour edits so far are saved. "
                f"Details were written to {log_file}.",
            )

    sys.excepthook = hook


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv or sys.argv[:1])
    app.setOrganizationName("Accord")
    app.setApplicationName("Accord")
    app.setApplicationDisplayName("Accord")
    from app.views.theme import apply_theme

    apply_theme(app)
    return app


def first_workspace(argument: str | None, settings: QSettings) -> Path:
    """The file to open: the one named, else the last used, else a new default one."""
    from app.services.workspace import create_workspace

    if argument:
        path = Path(argument).expanduser()
        if not path.exists() and path.suffix in ("", WORKSPACE_SUFFIX):
            path = path.with_suffix(WORKSPACE_SUFFIX)
            if not path.exists():
                create_workspace(path).close()
        return path
    last = settings.value("recent/last")
    if isinstance(last, str) and Path(last).exists():
        return Path(last)
    folder = user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{DEFAULT_WORKSPACE_NAME}{WORKSPACE_SUFFIX}"
    if not path.exists():
        create_workspace(path).close()
    return path


def run_gui(workspace: str | None, *, demo: bool = False) -> int:
    log_file = _setup_logging()
    app = make_application()
    _install_excepthook(log_file)
    from app.views.main_window import MainWindow

    window = MainWindow()
    window.show()
    try:
        path = demo_workspace_path() if demo else first_workspace(workspace, window.settings)
    except AccordError as error:
        QMessageBox.warning(window, "Accord", str(error))
    else:
        window.open_path(path)
    return app.exec()
