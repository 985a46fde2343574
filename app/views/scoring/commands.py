"""Undo commands for scoring models: each records exact before/after states of one model."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.services.scoring.models_service import ScoringModelService, ScoringState

Notify = Callable[[int | None], None]


class ScoringCommand(QUndoCommand):
    """A change already made to one model; undo/redo put back the exact states.

    Use `perform`: the change runs before the command is pushed, so a change the
    service refuses never reaches the undo stack. The states include which model is
    active, so making a model active (which touches two models) undoes in one step.
    """

    def __init__(
        self,
        service: ScoringModelService,
        model_id: int,
        text: str,
        before: ScoringState,
        after: ScoringState,
        notify: Notify,
        result: object = None,
    ) -> None:
        super().__init__(text)
        self._service = service
        self.model_id = model_id
        self._before = before
        self._after = after
        self._notify = notify
        self.result = result
        self._first_redo = True

    @classmethod
    def perform(
        cls,
        service: ScoringModelService,
        model_id: int | None,
        text: str,
        action: Callable[[], object],
        notify: Notify,
    ) -> ScoringCommand:
        """Run `action` (which returns the new model's id when `model_id` is None)."""
        if model_id is not None:
            before = service.state(model_id)
        else:
            before = ScoringState(None, service.active_model_id())
        result = action()
        changed_id = model_id if model_id is not None else result
        assert isinstance(changed_id, int)
        after = service.state(changed_id)
        return cls(service, changed_id, text, before, after, notify, result)

    def redo(self) -> None:
        if self._first_redo:
            self._first_redo = False
        else:
            self._service.apply_state(self.model_id, self._after, f"Redo: {self.text()}")
        self._notify(self.model_id if self._after.model is not None else None)

    def undo(self) -> None:
        self._service.apply_state(self.model_id, self._before, f"Undo: {self.text()}")
        self._notify(self.model_id if self._before.model is not None else None)
