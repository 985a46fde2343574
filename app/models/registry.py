"""Every kind of record a workspace holds, by the name reports and `check` use."""

from __future__ import annotations

from app.models.base import Base
from app.models.lexicon import Term, TermRevision, TermSignOff
from app.models.workspace_info import WorkspaceSetting

# Insertion order is the order reports list them and copies write them (parents first).
RECORD_KINDS: dict[str, type[Base]] = {
    "terms": Term,
    "term_revisions": TermRevision,
    "term_sign_offs": TermSignOff,
}

ALL_MODELS: tuple[type[Base], ...] = (WorkspaceSetting, *RECORD_KINDS.values())
