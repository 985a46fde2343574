"""Undo commands for the assessment: each keeps the exact states before and after."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.services.assessment.store import (
    AssessmentStore,
    ImportOutcome,
    RespondentState,
    StoredAnswer,
)

Notify = Callable[[int | None, str | None], None]
"""Told (respondent id, statement id) after every undo or redo, to show that place."""


class AnswerCommand(QUndoCommand):
    """One answer or comment, already saved; undo and redo write the exact states.

    Use `perform`: the change runs before the command is pushed, so a change the
    store refuses never reaches the undo stack.
    """

    def __init__(
        self,
        store: AssessmentStore,
        respondent_id: int,
        statement_id: str,
        text: str,
        before: StoredAnswer | None,
        after: StoredAnswer | None,
        notify: Notify,
    ) -> None:
        super().__init__(text)
        self._store = store
        self.respondent_id = respondent_id
        self.statement_id = statement_id
        self._before, self._after = before, after
        self._notify = notify
        self._first_redo = True

    @classmethod
    def perform(
        cls,
        store: AssessmentStore,
        respondent_id: int,
        statement_id: str,
        text: str,
        action: Callable[[], None],
        notify: Notify,
    ) -> AnswerCommand:
        before = store.answer(respondent_id, statement_id)
        action()
        after = store.answer(respondent_id, statement_id)
        return cls(store, respondent_id, statement_id, text, before, after, notify)

    def redo(self) -> None:
        if self._first_redo:
            self._first_redo = False
            return
        self._store.apply_answer(self.respondent_id, self.statement_id, self._after)
        self._notify(self.respondent_id, self.statement_id)

    def undo(self) -> None:
        self._store.apply_answer(self.respondent_id, self.statement_id, self._before)
        self._notify(self.respondent_id, self.statement_id)


class RespondentCommand(QUndoCommand):
    """Respondents added, renamed, removed or imported, with all their answers."""

    def __init__(
        self,
        store: AssessmentStore,
        text: str,
        changes: list[tuple[int, RespondentState | None, RespondentState | None]],
        notify: Notify,
    ) -> None:
        super().__init__(text)
        self._store = store
        self._changes = changes
        self._notify = notify
        self._first_redo = True

    @classmethod
    def perform(
        cls,
        store: AssessmentStore,
        respondent_id: int | None,
        text: str,
        action: Callable[[], int | None],
        notify: Notify,
    ) -> RespondentCommand:
        """Run `action` (which returns the id of a respondent it creates) and record it."""
        before = store.state(respondent_id) if respondent_id is not None else None
        result = action()
        changed = respondent_id if respondent_id is not None else result
        assert changed is not None
        return cls(store, text, [(changed, before, store.state(changed))], notify)

    @classmethod
    def from_import(
        cls, store: AssessmentStore, text: str, outcome: ImportOutcome, notify: Notify
    ) -> RespondentCommand:
        changes = [(c.respondent_id, c.before, c.after) for c in outcome.changes]
        return cls(store, text, changes, notify)

    @property
    def respondent_id(self) -> int | None:
        return self._changes[0][0] if self._changes else None

    def redo(self) -> None:
        if self._first_redo:
            self._first_redo = False
            return
        self._store.apply_states([(rid, after) for rid, _before, after in self._changes])
        self._notify(self._shown(after=True), None)

    def undo(self) -> None:
        self._store.apply_states([(rid, before) for rid, before, _after in self._changes])
        self._notify(self._shown(after=False), None)

    def _shown(self, *, after: bool) -> int | None:
        for rid, before, later in self._changes:
            if (later if after else before) is not None:
                return rid
        return None
