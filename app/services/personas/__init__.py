"""Buyer personas: worksheets both teams agree on, their field notes and their history.

`records` says what a persona is (labels, snapshots, rules), `service` reads and
changes them, `demo` fills the demo workspace.
"""

from app.services.personas.demo import fill_demo_personas
from app.services.personas.records import (
    EDITABLE_FIELDS,
    FIELD_LABELS,
    NOTES_LABEL,
    FieldNote,
    PersonaDetail,
    PersonaState,
    PersonaSummary,
)
from app.services.personas.service import PersonaService

__all__ = [
    "EDITABLE_FIELDS",
    "FIELD_LABELS",
    "NOTES_LABEL",
    "FieldNote",
    "PersonaDetail",
    "PersonaService",
    "PersonaState",
    "PersonaSummary",
    "fill_demo_personas",
]
