"""Editing the criteria and thresholds of a scoring model, which changes what it scores.

Every such edit is checked by `models_rules`, recorded as a revision in plain words,
and sends an Agreed model back to Proposed with its sign-offs cleared: people sign
what the model scores now.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.models.base import Status
from app.models.scoring import ScoringCriterion, ScoringModel, ScoringThreshold
from app.services.errors import ValidationError
from app.services.scoring.models_records import EditOutcome
from app.services.scoring.models_rules import (
    DIMENSION_LABELS,
    KIND_LABELS,
    clean_criterion,
    clean_threshold,
    describe_condition,
    describe_criterion,
    describe_points,
    plain_number,
)
from app.services.scoring.models_store import ModelStore
from app.services.scoring.spec import VALUELESS_OPERATORS, CriterionSpec

VALUELESS_OPERATOR_NAMES = frozenset(op.value for op in VALUELESS_OPERATORS)
REVERTED_NOTE = "; back to Proposed until both teams sign again"


class CriteriaEditing(ModelStore):
    """The criteria and thresholds part of `ScoringModelService`."""

    # Criteria ------------------------------------------------------------------------

    def add_criterion(
        self,
        model_id: int,
        dimension: Any,
        field: str,
        operator: Any,
        values: Sequence[str] | str = (),
        points: float | str = 0.0,
        cap: float | str | None = None,
        decay_half_life_days: float | str | None = None,
    ) -> EditOutcome:
        """Append a criterion; the outcome's `item_id` is the new criterion's id."""
        clean = clean_criterion(
            {
                "dimension": dimension,
                "field": field,
                "operator": operator,
                "values": values,
                "points": points,
                "cap": cap,
                "decay_half_life_days": decay_half_life_days,
            }
        )
        with self._db.session() as session:
            model = self._get(session, model_id)
            position = max((c.position for c in model.criteria), default=0) + 1
            criterion = ScoringCriterion(position=position, **clean)
            model.criteria.append(criterion)
            session.flush()
            summary = (
                f"Added {DIMENSION_LABELS[clean['dimension']].lower()} criterion: "
                f"{describe_criterion(self._criterion_spec(criterion))}"
            )
            return self._meaning_changed(session, model, summary, criterion.id)

    def update_criterion(self, criterion_id: int, changes: Mapping[str, Any]) -> EditOutcome:
        """Change some fields of a criterion (checked as a whole after the change)."""
        with self._db.session() as session:
            criterion = self._get_criterion(session, criterion_id)
            before = self._criterion_spec(criterion)
            current = self._spec_dict(before)
            # Switching to "is empty" must not fail on the value the old test needed.
            if (
                "values" not in changes
                and str(changes.get("operator", "")) in VALUELESS_OPERATOR_NAMES
            ):
                current["values"] = []
            clean = clean_criterion({**current, **changes})
            after_spec = CriterionSpec(**{**clean, "values": tuple(clean["values"])})
            if after_spec == before:
                return EditOutcome(item_id=criterion_id)
            for name, value in clean.items():
                setattr(criterion, name, value)
            criterion.version += 1
            summary = self._criterion_change(before, after_spec)
            return self._meaning_changed(session, criterion.model, summary, criterion_id)

    def delete_criterion(self, criterion_id: int) -> EditOutcome:
        with self._db.session() as session:
            criterion = self._get_criterion(session, criterion_id)
            model = criterion.model
            spec = self._criterion_spec(criterion)
            model.criteria.remove(criterion)
            summary = (
                f"Deleted {DIMENSION_LABELS[spec.dimension].lower()} criterion: "
                f"{describe_criterion(spec)}"
            )
            return self._meaning_changed(session, model, summary, None)

    def move_criterion(self, criterion_id: int, offset: int) -> bool:
        """Move a criterion up (negative) or down the list; False when it cannot move."""
        with self._db.session() as session:
            criterion = self._get_criterion(session, criterion_id)
            model = criterion.model
            order = [c.id for c in model.criteria]
        index = order.index(criterion_id)
        target = index + offset
        if not 0 <= target < len(order):
            return False
        order.insert(target, order.pop(index))
        self.set_criteria_order(model.id, order)
        return True

    def set_criteria_order(self, model_id: int, criterion_ids: Sequence[int]) -> None:
        """Put the model's criteria in exactly this order (the order does not score)."""
        with self._db.session() as session:
            model = self._get(session, model_id)
            by_id = {c.id: c for c in model.criteria}
            if sorted(criterion_ids) != sorted(by_id):
                raise ValidationError("The new order must list every criterion of the model once.")
            if [c.id for c in model.criteria] == list(criterion_ids):
                return
            for position, criterion_id in enumerate(criterion_ids, start=1):
                by_id[criterion_id].position = position
            self._touch(model)
            self._add_revision(session, model, "Criteria reordered")

    # Thresholds ----------------------------------------------------------------------

    def add_threshold(self, model_id: int, kind: Any, label: str, min_points: Any) -> EditOutcome:
        with self._db.session() as session:
            model = self._get(session, model_id)
            spec = clean_threshold(kind, label, min_points, self._bars(model))
            threshold = ScoringThreshold(
                kind=spec.kind, label=spec.label, min_points=spec.min_points
            )
            model.thresholds.append(threshold)
            session.flush()
            summary = (
                f"Added {KIND_LABELS[spec.kind].lower()} {spec.label} from "
                f"{plain_number(spec.min_points)}"
            )
            return self._meaning_changed(session, model, summary, threshold.id)

    def update_threshold(self, threshold_id: int, changes: Mapping[str, Any]) -> EditOutcome:
        """Change the label and/or `min_points` of a threshold."""
        unknown = set(changes) - {"label", "min_points"}
        if unknown:
            raise ValueError(f"not threshold fields: {sorted(unknown)}")
        with self._db.session() as session:
            threshold = self._get_threshold(session, threshold_id)
            model = threshold.model
            others = [
                b
                for t, b in zip(model.thresholds, self._bars(model), strict=True)
                if t.id != threshold_id
            ]
            spec = clean_threshold(
                threshold.kind,
                changes.get("label", threshold.label),
                changes.get("min_points", threshold.min_points),
                others,
            )
            if (spec.label, spec.min_points) == (threshold.label, threshold.min_points):
                return EditOutcome(item_id=threshold_id)
            what = KIND_LABELS[threshold.kind].lower()
            parts = []
            if spec.label != threshold.label:
                parts.append(f"renamed to {spec.label}")
            if spec.min_points != threshold.min_points:
                parts.append(
                    f"from {plain_number(threshold.min_points)} → {plain_number(spec.min_points)}"
                )
            summary = f"Changed {what} {threshold.label}: {', '.join(parts)}"
            threshold.label, threshold.min_points = spec.label, spec.min_points
            threshold.version += 1
            return self._meaning_changed(session, model, summary, threshold_id)

    def delete_threshold(self, threshold_id: int) -> EditOutcome:
        with self._db.session() as session:
            threshold = self._get_threshold(session, threshold_id)
            model = threshold.model
            summary = (
                f"Deleted {KIND_LABELS[threshold.kind].lower()} {threshold.label} "
                f"(from {plain_number(threshold.min_points)})"
            )
            model.thresholds.remove(threshold)
            return self._meaning_changed(session, model, summary, None)

    def _meaning_changed(
        self, session: Session, model: ScoringModel, summary: str, item_id: int | None
    ) -> EditOutcome:
        """What every change of criteria or thresholds does to the agreement."""
        outcome = EditOutcome(
            item_id=item_id,
            reverted_to_proposed=model.status is Status.AGREED,
            sign_offs_cleared=bool(model.sign_offs),
        )
        if model.status is Status.AGREED:
            model.status = Status.PROPOSED
            summary += REVERTED_NOTE
        model.sign_offs.clear()
        self._touch(model)
        session.flush()
        self._add_revision(session, model, summary)
        return outcome

    @staticmethod
    def _criterion_change(before: CriterionSpec, after: CriterionSpec) -> str:
        dimension = DIMENSION_LABELS[before.dimension].lower()
        summary = f"Changed {dimension} criterion '{describe_condition(before)}'"
        parts = []
        if before.dimension is not after.dimension:
            parts.append(f"now {DIMENSION_LABELS[after.dimension].lower()}")
        if describe_condition(before) != describe_condition(after):
            parts.append(f"now '{describe_condition(after)}'")
        if describe_points(before) != describe_points(after):
            parts.append(f"{describe_points(before)} → {describe_points(after)}")
        return f"{summary}: {'; '.join(parts)}" if parts else summary
