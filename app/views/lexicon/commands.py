"""Undo commands for the Lexicon: each records exact before/after states of a term."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.models.lexicon import TermCategory
from app.services.lexicon import LexiconService, TermState

Notify = Callable[[int | None], None]


class TermCommand(QUndoCommand):
    """A change already made to one term; undo/redo put back the exact states.

    Use `perform`: the change runs before the command is pushed, so a change the
    service refuses never reaches the undo stack.
    """

    def __init__(
        self,
        lexicon: LexiconService,
        term_id: int,
        text: str,
        before: TermState | None,
        after: TermState | None,
        notify: Notify,
    ) -> None:
        super().__init__(text)
        self._lexicon = lexicon
        self.term_id = term_id
        self._before = before
        self._after = after
        self._notify = notify
        self._first_redo = True

    @classmethod
    def perform(
        cls,
        lexicon: LexiconService,
        term_id: int | None,
        text: str,
        action: Callable[[], int | None],
        notify: Notify,
    ) -> TermCommand:
        before = lexicon.state(term_id, with_revisions=True) if term_id is not None else None
        result = action()
        changed_id = term_id if term_id is not None else result
        assert changed_id is not None
        after = lexicon.state(changed_id, with_revisions=True)
        return cls(lexicon, changed_id, text, before, after, notify)

    def redo(self) -> None:
        if self._first_redo:
            self._first_redo = False
        else:
            self._lexicon.apply_state(self.term_id, self._after, f"Redo: {self.text()}")
        self._notify(self.term_id if self._after is not None else None)

    def undo(self) -> None:
        self._lexicon.apply_state(self.term_id, self._before, f"Undo: {self.text()}")
        self._notify(self.term_id if self._before is not None else None)


class ReorderCommand(QUndoCommand):
    """A new order of lifecycle stages (or lead statuses)."""

    def __init__(
        self,
        lexicon: LexiconService,
        category: TermCategory,
        before: list[int],
        after: list[int],
        moved_id: int,
        text: str,
        notify: Notify,
    ) -> None:
        super().__init__(text)
        self._lexicon = lexicon
        self._category = category
        self._before, self._after = before, after
        self._moved_id = moved_id
        self._notify = notify
        self._first_redo = True

    def redo(self) -> None:
        if self._first_redo:
            self._first_redo = False
        else:
            self._lexicon.set_order(self._category, self._after)
        self._notify(self._moved_id)

    def undo(self) -> None:
        self._lexicon.set_order(self._category, self._before)
        self._notify(self._moved_id)
