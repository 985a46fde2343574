"""The demo personas of Northwind Analytics, with field notes and a believable history."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

from app.models.base import SignOffTeam, Status
from app.services.personas.records import EDITABLE_FIELDS
from app.services.personas.service import PersonaService

if TYPE_CHECKING:
    from app.services.workspace import Workspace


@contextmanager
def _acting_as(workspace: Workspace, person: str) -> Iterator[None]:
    # The demo's history reads as the people who made each change, not the installer.
    previous = workspace.actor
    workspace.actor = person
    try:
        yield
    finally:
        workspace.actor = previous


def fill_demo_personas(workspace: Workspace) -> None:
    """Add the personas of resources/demo/personas.json: notes, edits and sign-offs."""
    from app.services.demo import demo_data

    data = demo_data("personas.json")
    people = data["people"]
    service = PersonaService(workspace)
    for entry in data["personas"]:
        final = {k: entry[k] for k in EDITABLE_FIELDS}
        earlier = entry.get("earlier", {})
        changed_after_agreement = bool(earlier.get("after_agreement"))
        with _acting_as(workspace, entry["author"]):
            persona_id = service.create_persona(**{**final, **earlier.get("fields", {})})
        if earlier and not changed_after_agreement:
            with _acting_as(workspace, earlier["edited_by"]):
                service.update_persona(persona_id, final)
        for note in entry.get("notes", []):
            with _acting_as(workspace, note["author"]):
                service.add_note(
                    persona_id,
                    note["text"],
                    author=note["author"],
                    noted_on=date.fromisoformat(note["noted_on"]),
                )
        status = Status(entry["status"])
        if status is Status.DRAFT:
            continue
        with _acting_as(workspace, entry["author"]):
            service.set_status(persona_id, Status.PROPOSED)
        if status is Status.AGREED or changed_after_agreement:
            for team in (SignOffTeam.SALES, SignOffTeam.MARKETING):
                with _acting_as(workspace, people[team.value]):
                    service.sign_off(persona_id, team, people[team.value])
        if changed_after_agreement:
            with _acting_as(workspace, earlier["edited_by"]):
                service.update_persona(persona_id, final)
