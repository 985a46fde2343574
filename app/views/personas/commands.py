"""The undo command for the Personas page: exact before/after states of one persona."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.services.personas import PersonaService, PersonaState

Notify = Callable[[int | None], None]


class PersonaCommand(QUndoCommand):
    """A change already made to one persona; undo/redo put back the exact states.

    Use `perform`: the change runs before the command is pushed, so a change the
    service refuses never reaches the undo stack.
    """

    def __init__(
        self,
        personas: PersonaService,
        persona_id: int,
        text: str,
        before: PersonaState | None,
        after: PersonaState | None,
        notify: Notify,
    ) -> None:
        super().__init__(text)
        self._personas = personas
        self.persona_id = persona_id
        self._before = before
        self._after = after
        self._notify = notify
        self._first_redo = True

    @classmethod
    def perform(
        cls,
        personas: PersonaService,
        persona_id: int | None,
        text: str,
        action: Callable[[], object],
        notify: Notify,
    ) -> PersonaCommand:
        """Run `action` (which returns the new id when it creates a persona) and record it."""
        before = personas.state(persona_id, with_revisions=True) if persona_id is not None else None
        result = action()
        changed_id = persona_id if persona_id is not None else result
        assert isinstance(changed_id, int)
        after = personas.state(changed_id, with_revisions=True)
        return cls(personas, changed_id, text, before, after, notify)

    def redo(self) -> None:
        if self._first_redo:
            self._first_redo = False
        else:
            self._personas.apply_state(self.persona_id, self._after, f"Redo: {self.text()}")
        self._notify(self.persona_id if self._after is not None else None)

    def undo(self) -> None:
        self._personas.apply_state(self.persona_id, self._before, f"Undo: {self.text()}")
        self._notify(self.persona_id if self._before is not None else None)
