"""The demo workspace: a B2B software company part-way through its alignment work."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.models.base import SignOffTeam, Status
from app.models.lexicon import TermCategory
from app.services.assessment.store import fill_demo_assessment

if TYPE_CHECKING:
    from app.services.workspace import Workspace

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def demo_data(name: str) -> dict[str, Any]:
    with (RESOURCES / "demo" / name).open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def fill_demo_workspace(workspace: Workspace) -> None:
    """Fill an empty workspace with the demo content, with a believable history."""
    from app.services.personas import fill_demo_personas
    from app.services.scoring.models_demo import fill_demo_scoring

    _fill_lexicon(workspace)
    fill_demo_personas(workspace)
    fill_demo_scoring(workspace)
    fill_demo_assessment(workspace)


def _fill_lexicon(workspace: Workspace) -> None:
    data = demo_data("lexicon.json")
    people = data["people"]
    edits = {edit["name"]: edit for edit in data["edits"]}
    lexicon = workspace.lexicon
    for entry in data["terms"]:
        final = {k: v for k, v in entry.items() if k not in ("name", "category", "status")}
        edit = {
            k: v
            for k, v in edits.get(entry["name"], {}).items()
            if k not in ("name", "before_agreement")
        }
        agreed_then_changed = (
            entry["name"] in edits and not edits[entry["name"]]["before_agreement"]
        )
        first = {**final, **edit}
        term_id = lexicon.create_term(entry["name"], TermCategory(entry["category"]), **first)
        status = Status(entry["status"])
        if edit and not agreed_then_changed:
            lexicon.update_term(term_id, {k: final[k] for k in edit})
        if status is Status.DRAFT:
            continue
        lexicon.set_status(term_id, Status.PROPOSED)
        if status is Status.AGREED or agreed_then_changed:
            lexicon.sign_off(term_id, SignOffTeam.SALES, people["sales"])
            lexicon.sign_off(term_id, SignOffTeam.MARKETING, people["marketing"])
        if agreed_then_changed:
            lexicon.update_term(term_id, {k: final[k] for k in edit})
