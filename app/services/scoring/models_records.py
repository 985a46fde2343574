"""What the scoring-model service hands out: plain, frozen snapshots of stored models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.models.base import SignOffTeam, Status
from app.services.lexicon import SignOff
from app.services.scoring.spec import (
    CriterionSpec,
    Dimension,
    Operator,
    ScoringModelSpec,
    ThresholdKind,
    ThresholdSpec,
)

__all__ = [
    "CriterionDetail",
    "EditOutcome",
    "ModelDetail",
    "ModelRevision",
    "ModelState",
    "ModelSummary",
    "ScoringState",
    "SignOff",
    "ThresholdDetail",
]


@dataclass(frozen=True)
class ModelSummary:
    """What the model list shows."""

    id: int
    name: str
    description: str
    status: Status
    is_active: bool
    criteria_count: int
    updated_at: datetime


@dataclass(frozen=True)
class CriterionDetail:
    """One stored criterion, with its place in the model."""

    id: int
    position: int
    dimension: Dimension
    field: str
    operator: Operator
    values: tuple[str, ...]
    points: float
    cap: float | None
    decay_half_life_days: float | None

    def spec(self) -> CriterionSpec:
        return CriterionSpec(
            self.dimension,
            self.field,
            self.operator,
            self.values,
            self.points,
            self.cap,
            self.decay_half_life_days,
        )

    def fields(self) -> dict[str, Any]:
        """The editable fields, as `ScoringModelService.update_criterion` takes them."""
        return {
            "dimension": self.dimension,
            "field": self.field,
            "operator": self.operator,
            "values": list(self.values),
            "points": self.points,
            "cap": self.cap,
            "decay_half_life_days": self.decay_half_life_days,
        }


@dataclass(frozen=True)
class ThresholdDetail:
    """One stored threshold: from `min_points` on, a lead takes `label`."""

    id: int
    kind: ThresholdKind
    label: str
    min_points: float

    def spec(self) -> ThresholdSpec:
        return ThresholdSpec(self.kind, self.label, self.min_points)


@dataclass(frozen=True)
class ModelDetail:
    """Everything the Scoring page shows about one model."""

    id: int
    name: str
    description: str
    status: Status
    is_active: bool
    criteria: tuple[CriterionDetail, ...]
    thresholds: tuple[ThresholdDetail, ...]
    sign_offs: tuple[SignOff, ...]
    revision_count: int
    updated_at: datetime

    def sign_off_for(self, team: SignOffTeam) -> SignOff | None:
        return next((s for s in self.sign_offs if s.team is team), None)

    def fields(self) -> list[str]:
        """The lead fields the criteria read, in first-use order."""
        return list(dict.fromkeys(c.field for c in self.criteria))

    def criterion(self, criterion_id: int) -> CriterionDetail | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def thresholds_of(self, kind: ThresholdKind) -> list[ThresholdDetail]:
        """Thresholds of one kind, highest bar first."""
        return sorted((t for t in self.thresholds if t.kind is kind), key=lambda t: -t.min_points)

    def spec(self) -> ScoringModelSpec:
        return ScoringModelSpec(
            self.name,
            tuple(c.spec() for c in self.criteria),
            tuple(t.spec() for t in self.thresholds),
        )


@dataclass(frozen=True)
class ModelRevision:
    """One entry of a model's history; `snapshot` is the whole model after the change."""

    number: int
    author: str
    created_at: datetime
    summary: str
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class EditOutcome:
    """What an edit did beyond itself, so the page can tell the user (and select it)."""

    item_id: int | None = None
    reverted_to_proposed: bool = False
    sign_offs_cleared: bool = False


@dataclass(frozen=True)
class ModelState:
    """All one model is, so an undo can put it back exactly (with its history)."""

    id: int
    name: str
    description: str
    status: Status
    created_at: datetime
    criteria: tuple[CriterionDetail, ...]
    thresholds: tuple[ThresholdDetail, ...]
    sign_offs: tuple[SignOff, ...]
    revisions: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class ScoringState:
    """One model (None: it does not exist) and which model of the workspace is active."""

    model: ModelState | None
    active_model_id: int | None
