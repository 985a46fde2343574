"""The main window: sidebar of pages, menus, toolbar, status bar and the open workspace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.services.errors import AccordError
from app.services.workspace import WORKSPACE_SUFFIX, Workspace
from app.views.pages import PAGES, Page, PageSpec

RECENT_LIMIT = 8
FILE_FILTER = f"Accord workspaces (*{WORKSPACE_SUFFIX});;All files (*)"


class WelcomePage(QWidget):
    """Shown when no workspace is open."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(self.tr("No workspace is open"))
        title.setProperty("role", "heading")
        hint = QLabel(
            self.tr(
                "A workspace holds one organisation's alignment work. "
                "Create one, open one, or explore the demo."
            )
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        row = QHBoxLayout()
        for text, signal in (
            (self.tr("New workspace…"), self.new_requested),
            (self.tr("Open workspace…"), self.open_requested),
            (self.tr("Open the demo"), self.demo_requested),
        ):
            button = QPushButton(text)
            button.clicked.connect(signal.emit)
            row.addWidget(button)
        row.addStretch(1)
        for widget in (title, hint):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(row)
        layout.setAlignment(row, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    """Owns the open workspace and one undo stack for it."""

    workspace_changed = Signal()

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.workspace: Workspace | None = None
        self.undo_stack = QUndoStack(self)
        self._pages: dict[str, Page] = {}
        self._specs: list[PageSpec] = list(PAGES)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(self.fontMetrics().horizontalAdvance("M") * 14)
        self.sidebar.currentRowChanged.connect(self._show_page_at)
        self.stack = QStackedWidget()
        self.welcome = WelcomePage()
        self.welcome.new_requested.connect(self.new_workspace)
        self.welcome.open_requested.connect(self.open_workspace_dialog)
        self.welcome.demo_requested.connect(self.open_demo)
        self.stack.addWidget(self.welcome)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.saved_label = QLabel()
        self.statusBar().addPermanentWidget(self.saved_label)
        self.undo_stack.indexChanged.connect(self._mark_saved)

        self._build_actions()
        self._restore_geometry()
        self._refresh_title()
        self._refresh_sidebar()

    # Actions and menus -----------------------------------------------------------------

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_action = self._action(
            self.tr("&New Workspace…"), QKeySequence.StandardKey.New, self.new_workspace
        )
        self.open_action = self._action(
            self.tr("&Open…"), QKeySequence.StandardKey.Open, self.open_workspace_dialog
        )
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.copy_action = self._action(
            self.tr("Save a &Copy…"), QKeySequence.StandardKey.SaveAs, self.save_copy_dialog
        )
        self.close_action = self._action(
            self.tr("&Close Workspace"), QKeySequence.StandardKey.Close, self.close_workspace
        )
        quit_action = self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        file_menu.insertAction(self.recent_menu.menuAction(), self.new_action)
        file_menu.insertAction(self.recent_menu.menuAction(), self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(self.copy_action)
        file_menu.addAction(self.close_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcuts([QKeySequence.StandardKey.Undo])
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.find_action = self._action(
            self.tr("&Find"), QKeySequence.StandardKey.Find, self._focus_search
        )
        edit_menu.addAction(self.find_action)

        self.view_menu = self.menuBar().addMenu(self.tr("&View"))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About Accord"), None, self._about))

        self.toolbar = QToolBar(self.tr("Main"))
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.undo_action)
        self.toolbar.addAction(self.redo_action)
        self.addToolBar(self.toolbar)

    def _action(
        self, text: str, shortcut: QKeySequence.StandardKey | None, slot: object
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # Pages -----------------------------------------------------------------------------

    def _refresh_sidebar(self) -> None:
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        for action in self.view_menu.actions():
            self.view_menu.removeAction(action)
        if self.workspace is not None:
            for index, spec in enumerate(self._specs):
                item = QListWidgetItem(spec.title)
                item.setToolTip(f"{spec.title} (Ctrl+{index + 1})")
                self.sidebar.addItem(item)
                action = QAction(spec.title, self)
                if index < 9:
                    action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
                action.triggered.connect(lambda _=False, i=index: self.show_page(i))
                self.view_menu.addAction(action)
                self.addAction(action)
        self.sidebar.blockSignals(False)
        self.sidebar.setVisible(self.workspace is not None)
        for action in (self.copy_action, self.close_action, self.find_action):
            action.setEnabled(self.workspace is not None)

    def show_page(self, index: int) -> None:
        if self.workspace is not None and 0 <= index < len(self._specs):
            self.sidebar.setCurrentRow(index)

    def page(self, key: str) -> Page:
        """The page with `key`, built now if it was not shown yet."""
        if key not in self._pages:
            assert self.workspace is not None
            spec = next(s for s in self._specs if s.key == key)
            page = spec.build(self.workspace, self.undo_stack)
            self._pages[key] = page
            self.stack.addWidget(page)
        return self._pages[key]

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def _show_page_at(self, index: int) -> None:
        if self.workspace is None or index < 0:
            self.stack.setCurrentWidget(self.welcome)
            return
        page = self.page(self._specs[index].key)
        self.stack.setCurrentWidget(page)
        self.settings.setValue("window/page", self._specs[index].key)

    def _focus_search(self) -> None:
        page = self.current_page()
        if page is not None:
            page.focus_search()

    # Workspace -------------------------------------------------------------------------

    def set_workspace(self, workspace: Workspace) -> None:
        self.close_workspace()
        self.workspace = workspace
        self.undo_stack.clear()
        if workspace.path is not None:
            self._remember_recent(str(workspace.path))
        self._refresh_title()
        self._refresh_sidebar()
        last = self.settings.value("window/page", "lexicon")
        keys = [s.key for s in self._specs]
        self.show_page(keys.index(last) if last in keys else 0)
        self._mark_saved()
        self.workspace_changed.emit()

    def close_workspace(self) -> None:
        if self.workspace is None:
            return
        for page in self._pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages.clear()
        self.undo_stack.clear()
        self.workspace.close()
        self.workspace = None
        self.stack.setCurrentWidget(self.welcome)
        self._refresh_title()
        self._refresh_sidebar()
        self.saved_label.clear()
        self.workspace_changed.emit()

    def open_path(self, path: Path) -> bool:
        """Open a workspace file, telling the user plainly when it cannot be opened."""
        from app.services.workspace import open_workspace

        try:
            workspace = open_workspace(path, backup=False)
        except AccordError as error:
            QMessageBox.warning(self, self.tr("Cannot open workspace"), str(error))
            self._forget_recent(str(path))
            return False
        self.set_workspace(workspace)
        from app.views.background import backup_in_background

        backup_in_background(path)
        return True

    def new_workspace(self) -> None:
        from app.services.workspace import create_workspace

        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("New workspace"), str(self._last_folder()), FILE_FILTER
        )
        if not name:
            return
        path = Path(name)
        if path.suffix != WORKSPACE_SUFFIX:
            path = path.with_name(path.name + WORKSPACE_SUFFIX)
        try:
            if path.exists():
                raise AccordError(
                    self.tr(
                        "'{0}' already exists. Choose another name, or open it instead."
                    ).format(path.name)
                )
            self.set_workspace(create_workspace(path))
        except AccordError as error:
            QMessageBox.warning(self, self.tr("Cannot create workspace"), str(error))

    def open_workspace_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open workspace"), str(self._last_folder()), FILE_FILTER
        )
        if name:
            self.open_path(Path(name))

    def open_demo(self) -> None:
        from app.views.application import demo_workspace_path

        try:
            path = demo_workspace_path()
        except AccordError as error:
            QMessageBox.warning(self, self.tr("Cannot create the demo"), str(error))
            return
        self.open_path(path)

    def save_copy_dialog(self) -> None:
        from app.services.workspace import save_copy

        if self.workspace is None or self.workspace.path is None:
            return
        suggestion = self.workspace.path.with_name(
            self.workspace.path.stem + " copy" + WORKSPACE_SUFFIX
        )
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save a copy"), str(suggestion), FILE_FILTER
        )
        if not name:
            return
        try:
            save_copy(self.workspace, Path(name))
        except (AccordError, OSError) as error:
            QMessageBox.warning(self, self.tr("Cannot save a copy"), str(error))
            return
        self.statusBar().showMessage(self.tr("Copy saved to {0}").format(name), 5000)

    # Recent files and settings -----------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent/files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _remember_recent(self, path: str) -> None:
        files = [path, *[f for f in self.recent_files() if f != path]][:RECENT_LIMIT]
        self.settings.setValue("recent/files", files)
        self.settings.setValue("recent/last", path)

    def _forget_recent(self, path: str) -> None:
        self.settings.setValue("recent/files", [f for f in self.recent_files() if f != path])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for path in files:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(Path(p)))
        if not files:
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    def _last_folder(self) -> Path:
        recent = self.recent_files()
        return Path(recent[0]).parent if recent else Path.home()

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    def _refresh_title(self) -> None:
        name = self.workspace.name if self.workspace else self.tr("No workspace")
        self.setWindowTitle(f"{name} — Accord")

    def _mark_saved(self) -> None:
        if self.workspace is not None:
            self.saved_label.setText(self.tr("All changes saved"))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Accord"),
            self.tr(
                "Accord {0}\n\nWhere sales and marketing agree on what a lead is, how it is "
                "scored and who does what next."
            ).format(__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.close_workspace()
        super().closeEvent(event)
