"""Scoring models as the workspace keeps them: create, edit, agree, activate, compare.

A new model starts with the usual bars (status MQL from 60 total points; grades A from
40, B from 25, C from 10, D from 0 fit points) so that the test bench gives a status
and a grade at once; pass `thresholds=()` for a model without them. Exactly one model
is active while any exist: the first one created becomes active, and the active model
can be neither deleted nor retired while it is active (another must take its place).
Changing what a model scores (criteria, thresholds) sends an Agreed model back to
Proposed and clears its sign-offs; its name, description, order of criteria and
active flag are not part of what the teams sign, so changing them does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.base import SignOffTeam, Status, utc_now
from app.models.scoring import (
    ScoringCriterion,
    ScoringModel,
    ScoringModelRevision,
    ScoringModelSignOff,
    ScoringThreshold,
)
from app.services.agreement import (
    STATUS_LABELS,
    check_can_sign,
    check_transition,
    status_after_sign_offs,
)
from app.services.errors import ValidationError
from app.services.scoring.models_compare import ModelComparison, compare_specs
from app.services.scoring.models_criteria import CriteriaEditing
from app.services.scoring.models_records import (
    CriterionDetail,
    EditOutcome,
    ModelDetail,
    ModelRevision,
    ModelSummary,
    ScoringState,
    ThresholdDetail,
)
from app.services.scoring.models_rules import (
    DEFAULT_THRESHOLDS,
    clean_criterion,
    clean_threshold,
)
from app.services.scoring.spec import CriterionSpec, ScoringModelSpec, ThresholdSpec

if TYPE_CHECKING:
    from app.services.workspace import Workspace

__all__ = [
    "CriterionDetail",
    "EditOutcome",
    "ModelComparison",
    "ModelDetail",
    "ModelRevision",
    "ModelSummary",
    "ScoringModelService",
    "ScoringState",
    "ThresholdDetail",
]

_MAX_NAME = 200


class ScoringModelService(CriteriaEditing):
    """Reads and changes scoring models; every call is one committed transaction."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)

    # Reading -------------------------------------------------------------------------

    def list_models(self) -> list[ModelSummary]:
        """Every model: the active one first, retired ones last, then by name."""
        counts = (
            select(ScoringCriterion.model_id, func.count().label("n"))
            .group_by(ScoringCriterion.model_id)
            .subquery()
        )
        with self._db.session() as session:
            rows = session.execute(
                select(
                    ScoringModel.id,
                    ScoringModel.name,
                    ScoringModel.description,
                    ScoringModel.status,
                    ScoringModel.is_active,
                    func.coalesce(counts.c.n, 0),
                    ScoringModel.updated_at,
                ).outerjoin(counts, counts.c.model_id == ScoringModel.id)
            ).all()
        summaries = [ModelSummary(*row) for row in rows]
        return sorted(
            summaries,
            key=lambda m: (not m.is_active, m.status is Status.RETIRED, m.name.lower()),
        )

    def model(self, model_id: int) -> ModelDetail:
        with self._db.session() as session:
            model = self._get(session, model_id)
            count = session.scalar(
                select(func.count()).where(ScoringModelRevision.model_id == model_id)
            )
            return ModelDetail(
                id=model.id,
                name=model.name,
                description=model.description,
                status=model.status,
                is_active=model.is_active,
                criteria=self._criteria(model),
                thresholds=self._thresholds(model),
                sign_offs=self._sign_offs(model),
                revision_count=count or 0,
                updated_at=model.updated_at,
            )

    def spec(self, model_id: int) -> ScoringModelSpec:
        """The model as the engine, the backtest and the CRM export use it."""
        return self.model(model_id).spec()

    def active_model_id(self) -> int | None:
        with self._db.session() as session:
            return session.scalar(select(ScoringModel.id).where(ScoringModel.is_active))

    def model_id_by_name(self, name: str) -> int:
        """The id of the model called `name` (case is ignored), or ValidationError."""
        with self._db.session() as session:
            found = session.scalar(
                select(ScoringModel.id).where(func.lower(ScoringModel.name) == name.strip().lower())
            )
            if found is None:
                names = ", ".join(session.scalars(select(ScoringModel.name)).all()) or "none"
                raise ValidationError(f"There is no scoring model '{name}' (models: {names}).")
            return found

    def known_fields(self) -> list[str]:
        """Every lead field any model's criteria read, alphabetically."""
        with self._db.session() as session:
            fields = set(session.scalars(select(ScoringCriterion.field).distinct()))
        return sorted(fields, key=str.lower)

    def revisions(self, model_id: int) -> list[ModelRevision]:
        """The model's history, oldest first."""
        with self._db.session() as session:
            rows = session.scalars(
                select(ScoringModelRevision)
                .where(ScoringModelRevision.model_id == model_id)
                .order_by(ScoringModelRevision.number)
            ).all()
            return [
                ModelRevision(r.number, r.author, r.created_at, r.summary, dict(r.snapshot))
                for r in rows
            ]

    def compare(self, a_id: int, b_id: int) -> ModelComparison:
        return compare_specs(self.spec(a_id), self.spec(b_id))

    # Models --------------------------------------------------------------------------

    def create_model(
        self,
        name: str,
        description: str = "",
        *,
        thresholds: Sequence[ThresholdSpec] | None = None,
    ) -> int:
        """A new Draft model without criteria (default thresholds unless given)."""
        bars = DEFAULT_THRESHOLDS if thresholds is None else tuple(thresholds)
        return self._create(name, description, (), bars, "Created")

    def create_from_spec(self, spec: ScoringModelSpec, description: str = "") -> int:
        """A new Draft model holding exactly the criteria and thresholds of `spec`."""
        count = len(spec.criteria)
        return self._create(
            spec.name,
            description,
            spec.criteria,
            spec.thresholds,
            f"Created with {count} criteri{'on' if count == 1 else 'a'}",
        )

    def update_model(
        self, model_id: int, *, name: str | None = None, description: str | None = None
    ) -> None:
        """Rename or describe a model (neither changes how it scores)."""
        with self._db.session() as session:
            model = self._get(session, model_id)
            changes = []
            if name is not None and name.strip() != model.name:
                clean = self._check_name(session, name, model_id)
                changes.append(f"Renamed from '{model.name}' to '{clean}'")
                model.name = clean
            if description is not None and description != model.description:
                model.description = description
                changes.append("Description edited")
            if changes:
                self._touch(model)
                self._add_revision(session, model, "; ".join(changes))

    def set_active(self, model_id: int) -> None:
        """Make this the model that scores leads; the previous one stops being active."""
        with self._db.session() as session:
            model = self._get(session, model_id)
            if model.is_active:
                return
            if model.status is Status.RETIRED:
                raise ValidationError(
                    f"'{model.name}' is retired; reinstate it before making it active."
                )
            for other in session.scalars(select(ScoringModel).where(ScoringModel.is_active)):
                other.is_active = False
                self._touch(other)
                self._add_revision(
                    session, other, f"No longer the active model ('{model.name}' is now)"
                )
            model.is_active = True
            self._touch(model)
            self._add_revision(session, model, "Made the active model")

    def copy_model(self, model_id: int) -> int:
        """A Draft, inactive copy named "Copy of …", with the same criteria and bars."""
        source = self.model(model_id)
        with self._db.session() as session:
            taken = {n.lower() for n in session.scalars(select(ScoringModel.name))}
        base = f"Copy of {source.name}"[:_MAX_NAME]
        name, number = base, 1
        while name.lower() in taken:
            number += 1
            suffix = f" ({number})"
            name = base[: _MAX_NAME - len(suffix)] + suffix
        return self._create(
            name,
            source.description,
            tuple(c.spec() for c in source.criteria),
            tuple(t.spec() for t in source.thresholds),
            f"Copied from '{source.name}'",
        )

    def delete_model(self, model_id: int) -> None:
        with self._db.session() as session:
            model = self._get(session, model_id)
            others = session.scalar(select(func.count()).where(ScoringModel.id != model_id))
            if model.is_active and others:
                raise ValidationError(
                    f"'{model.name}' is the active model; make another model active "
                    "before deleting it."
                )
            session.delete(model)

    # Agreement -----------------------------------------------------------------------

    def set_status(self, model_id: int, status: Status) -> None:
        """Draft ⇄ Proposed, Retired, or back to Draft; Agreed comes from sign-offs."""
        with self._db.session() as session:
            model = self._get(session, model_id)
            if status is model.status:
                return
            check_transition(model.status, status)
            if status is Status.RETIRED and model.is_active:
                raise ValidationError(
                    f"'{model.name}' is the active model; make another model active "
                    "before retiring it."
                )
            model.status = status
            if status is not Status.AGREED:
                model.sign_offs.clear()
            self._touch(model)
            self._add_revision(session, model, f"Status set to {STATUS_LABELS[status]}")

    def sign_off(self, model_id: int, team: SignOffTeam, name: str) -> Status:
        """Record one team's agreement; with both teams signed the model is Agreed."""
        with self._db.session() as session:
            model = self._get(session, model_id)
            name = check_can_sign(model.status, model.name, name)
            for existing in list(model.sign_offs):
                if existing.team is team:
                    model.sign_offs.remove(existing)
            model.sign_offs.append(ScoringModelSignOff(team=team, name=name, signed_at=utc_now()))
            model.status = status_after_sign_offs(s.team for s in model.sign_offs)
            self._touch(model)
            summary = f"Signed off for {team.value} by {name}"
            if model.status is Status.AGREED:
                summary += "; agreed by both teams"
            self._add_revision(session, model, summary)
            return model.status

    def withdraw_sign_off(self, model_id: int, team: SignOffTeam) -> None:
        with self._db.session() as session:
            model = self._get(session, model_id)
            removed = [s for s in model.sign_offs if s.team is team]
            if not removed:
                return
            for sign_off in removed:
                model.sign_offs.remove(sign_off)
            if model.status is Status.AGREED:
                model.status = Status.PROPOSED
            self._touch(model)
            self._add_revision(session, model, f"Sign-off for {team.value} withdrawn")

    # Internals -----------------------------------------------------------------------

    def _create(
        self,
        name: str,
        description: str,
        criteria: Sequence[CriterionSpec],
        thresholds: Sequence[ThresholdSpec],
        summary: str,
    ) -> int:
        cleaned = [clean_criterion(self._spec_dict(c)) for c in criteria]
        bars: list[ThresholdSpec] = []
        for bar in thresholds:
            bars.append(clean_threshold(bar.kind, bar.label, bar.min_points, bars))
        with self._db.session() as session:
            clean_name = self._check_name(session, name, None)
            has_active = session.scalar(select(ScoringModel.id).where(ScoringModel.is_active))
            model = ScoringModel(
                name=clean_name,
                description=description,
                status=Status.DRAFT,
                is_active=has_active is None,
            )
            model.criteria.extend(
                ScoringCriterion(position=i, **c) for i, c in enumerate(cleaned, start=1)
            )
            model.thresholds.extend(
                ScoringThreshold(kind=b.kind, label=b.label, min_points=b.min_points) for b in bars
            )
            session.add(model)
            session.flush()
            self._add_revision(session, model, summary)
            return model.id

    def _check_name(self, session: Session, name: str, model_id: int | None) -> str:
        clean = name.strip()
        if not clean:
            raise ValidationError("A scoring model needs a name.", "name")
        if len(clean) > _MAX_NAME:
            raise ValidationError(f"A name can be at most {_MAX_NAME} characters.", "name")
        clash = session.scalar(
            select(ScoringModel.name).where(
                func.lower(ScoringModel.name) == clean.lower(),
                ScoringModel.id != (model_id or -1),
            )
        )
        if clash:
            raise ValidationError(
                f"A model called '{clash}' already exists; names must differ (case is ignored).",
                "name",
            )
        return clean
