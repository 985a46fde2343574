"""The demo workspace's scoring models: last year's retired score and this year's agreed one.

Both are built through the service, edit by edit, so the demo shows a believable
history: created, adjusted after review, proposed, signed by both teams, made active.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.models.base import SignOffTeam, Status
from app.services.scoring.models_service import ScoringModelService
from app.services.scoring.spec import (
    CriterionSpec,
    Dimension,
    Operator,
    ScoringModelSpec,
    ThresholdKind,
    ThresholdSpec,
)

if TYPE_CHECKING:
    from app.services.workspace import Workspace

# Read directly (not through app.services.demo) so that module can import this one.
DEMO_FILE = Path(__file__).resolve().parents[3] / "resources" / "demo" / "scoring.json"


def _criterion(entry: dict[str, Any]) -> CriterionSpec:
    return CriterionSpec(
        Dimension(entry["dimension"]),
        entry["field"],
        Operator(entry["operator"]),
        tuple(entry["values"]),
        float(entry["points"]),
        entry.get("cap"),
        entry.get("decay_half_life_days"),
    )


def fill_demo_scoring(workspace: Workspace) -> None:
    """Add the demo scoring models to a workspace that has none yet."""
    with DEMO_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    people = data["people"]
    service = ScoringModelService(workspace)
    ids: dict[str, int] = {}
    for entry in data["models"]:
        criteria = [_criterion(c) for c in entry["criteria"]]
        final = list(criteria)
        for edit in entry["edits"]:
            index = edit["criterion"]
            earlier = {**entry["criteria"][index], **edit["before"]}
            criteria[index] = _criterion(earlier)
        thresholds = tuple(
            ThresholdSpec(ThresholdKind(t["kind"]), t["label"], float(t["min_points"]))
            for t in entry["thresholds"]
        )
        model_id = service.create_from_spec(
            ScoringModelSpec(entry["name"], tuple(criteria), thresholds), entry["description"]
        )
        ids[entry["name"]] = model_id
        stored = service.model(model_id).criteria
        for edit in entry["edits"]:
            index = edit["criterion"]
            wanted = final[index]
            service.update_criterion(
                stored[index].id, {"values": list(wanted.values), "points": wanted.points}
            )
        if Status(entry["status"]) is Status.DRAFT:
            continue
        service.set_status(model_id, Status.PROPOSED)
        if Status(entry["status"]) in (Status.AGREED, Status.RETIRED):
            service.sign_off(model_id, SignOffTeam.SALES, people["sales"])
            service.sign_off(model_id, SignOffTeam.MARKETING, people["marketing"])
    for entry in data["models"]:
        if entry["active"]:
            service.set_active(ids[entry["name"]])
    for entry in data["models"]:
        if Status(entry["status"]) is Status.RETIRED:
            service.set_status(ids[entry["name"]], Status.RETIRED)
