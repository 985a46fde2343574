"""The pages of the main window and how they are built on demand."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from app.services.workspace import Workspace


class Page(QWidget):
    """Base for a page: the main window asks it to search and to reload."""

    title = ""

    def focus_search(self) -> None:
        """Put the keyboard in the page's search field, when it has one."""

    def reload(self) -> None:
        """Re-read everything shown from the workspace (after undo, import...)."""


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    module: str
    class_name: str

    def build(self, workspace: Workspace, undo_stack: QUndoStack) -> Page:
        # Imported on first use so start-up does not pay for pages not yet opened.
        module = importlib.import_module(self.module)
        factory: Callable[[Workspace, QUndoStack], Page] = getattr(module, self.class_name)
        return factory(workspace, undo_stack)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("lexicon", "Lexicon", "app.views.lexicon.page", "LexiconPage"),
    PageSpec("personas", "Personas", "app.views.personas.page", "PersonasPage"),
    PageSpec("scoring", "Scoring", "app.views.scoring.page", "ScoringPage"),
    PageSpec("assessment", "Assessment", "app.views.assessment.page", "AssessmentPage"),
)
