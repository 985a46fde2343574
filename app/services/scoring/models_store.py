"""Database plumbing of the scoring-model service: lookups, snapshots, history, restores."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.models.base import utc_now
from app.models.scoring import (
    ScoringCriterion,
    ScoringModel,
    ScoringModelRevision,
    ScoringModelSignOff,
    ScoringThreshold,
)
from app.services.errors import ValidationError
from app.services.scoring.models_records import (
    CriterionDetail,
    ModelState,
    ScoringState,
    SignOff,
    ThresholdDetail,
)
from app.services.scoring.spec import CriterionSpec, ThresholdKind, ThresholdSpec

if TYPE_CHECKING:
    from app.models.database import Database
    from app.services.workspace import Workspace

_KIND_ORDER = {ThresholdKind.STATUS: 0, ThresholdKind.GRADE: 1}


class ModelStore:
    """Reading and writing the rows of one scoring model inside a session."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    @property
    def _db(self) -> Database:
        return self._workspace.database

    @staticmethod
    def _get(session: Session, model_id: int) -> ScoringModel:
        model = session.get(ScoringModel, model_id)
        if model is None:
            raise ValidationError("That scoring model no longer exists.")
        return model

    @staticmethod
    def _get_criterion(session: Session, criterion_id: int) -> ScoringCriterion:
        criterion = session.get(ScoringCriterion, criterion_id)
        if criterion is None:
            raise ValidationError("That criterion no longer exists.")
        return criterion

    @staticmethod
    def _get_threshold(session: Session, threshold_id: int) -> ScoringThreshold:
        threshold = session.get(ScoringThreshold, threshold_id)
        if threshold is None:
            raise ValidationError("That threshold no longer exists.")
        return threshold

    # Rows as snapshots -----------------------------------------------------------------

    @staticmethod
    def _criterion_spec(criterion: ScoringCriterion) -> CriterionSpec:
        return CriterionSpec(
            criterion.dimension,
            criterion.field,
            criterion.operator,
            tuple(criterion.values),
            criterion.points,
            criterion.cap,
            criterion.decay_half_life_days,
        )

    @staticmethod
    def _spec_dict(spec: CriterionSpec) -> dict[str, Any]:
        return {
            "dimension": spec.dimension,
            "field": spec.field,
            "operator": spec.operator,
            "values": list(spec.values),
            "points": spec.points,
            "cap": spec.cap,
            "decay_half_life_days": spec.decay_half_life_days,
        }

    @staticmethod
    def _criteria(model: ScoringModel) -> tuple[CriterionDetail, ...]:
        ordered = sorted(model.criteria, key=lambda c: (c.position, c.id))
        return tuple(
            CriterionDetail(
                c.id,
                c.position,
                c.dimension,
                c.field,
                c.operator,
                tuple(c.values),
                c.points,
                c.cap,
                c.decay_half_life_days,
            )
            for c in ordered
        )

    @staticmethod
    def _thresholds(model: ScoringModel) -> tuple[ThresholdDetail, ...]:
        ordered = sorted(model.thresholds, key=lambda t: (_KIND_ORDER[t.kind], -t.min_points))
        return tuple(ThresholdDetail(t.id, t.kind, t.label, t.min_points) for t in ordered)

    @staticmethod
    def _bars(model: ScoringModel) -> list[ThresholdSpec]:
        return [ThresholdSpec(t.kind, t.label, t.min_points) for t in model.thresholds]

    @staticmethod
    def _sign_offs(model: ScoringModel) -> tuple[SignOff, ...]:
        return tuple(
            sorted(
                (SignOff(s.team, s.name, s.signed_at) for s in model.sign_offs),
                key=lambda s: s.team.value,
            )
        )

    # History ---------------------------------------------------------------------------

    @staticmethod
    def _touch(model: ScoringModel) -> None:
        model.updated_at = utc_now()
        model.version += 1

    def _snapshot(self, model: ScoringModel) -> dict[str, Any]:
        return {
            "name": model.name,
            "description": model.description,
            "status": model.status.value,
            "is_active": model.is_active,
            "criteria": [
                {
                    **self._spec_dict(c.spec()),
                    "dimension": c.dimension.value,
                    "operator": c.operator.value,
                }
                for c in self._criteria(model)
            ],
            "thresholds": [
                {"kind": t.kind.value, "label": t.label, "min_points": t.min_points}
                for t in self._thresholds(model)
            ],
            "sign_offs": [
                {"team": s.team.value, "name": s.name, "signed_at": s.signed_at.isoformat()}
                for s in self._sign_offs(model)
            ],
        }

    def _add_revision(self, session: Session, model: ScoringModel, summary: str) -> None:
        number = (
            session.scalar(
                select(func.max(ScoringModelRevision.number)).where(
                    ScoringModelRevision.model_id == model.id
                )
            )
            or 0
        ) + 1
        session.add(
            ScoringModelRevision(
                model_id=model.id,
                number=number,
                author=self._workspace.actor,
                summary=summary[:300],
                snapshot=self._snapshot(model),
            )
        )

    # Exact states, for undo/redo -------------------------------------------------------

    def state(self, model_id: int) -> ScoringState:
        """The model as it is now (with its history) and which model is active."""
        with self._db.session() as session:
            active = session.scalar(select(ScoringModel.id).where(ScoringModel.is_active))
            model = session.get(ScoringModel, model_id)
            if model is None:
                return ScoringState(None, active)
            revisions = tuple(
                {
                    "number": r.number,
                    "author": r.author,
                    "created_at": r.created_at,
                    "summary": r.summary,
                    "snapshot": r.snapshot,
                }
                for r in session.scalars(
                    select(ScoringModelRevision).where(ScoringModelRevision.model_id == model_id)
                )
            )
            return ScoringState(
                ModelState(
                    id=model.id,
                    name=model.name,
                    description=model.description,
                    status=model.status,
                    created_at=model.created_at,
                    criteria=self._criteria(model),
                    thresholds=self._thresholds(model),
                    sign_offs=self._sign_offs(model),
                    revisions=revisions,
                ),
                active,
            )

    def apply_state(self, model_id: int, state: ScoringState, summary: str) -> None:
        """Make the model exactly `state.model` (None deletes it) and restore the active flag.

        A revision records the change on every model still there whose content or
        active flag it touched.
        """
        with self._db.session() as session:
            model = session.get(ScoringModel, model_id)
            saved = state.model
            if saved is None:
                if model is not None:
                    session.delete(model)
                    session.flush()
                model = None
            else:
                if model is None:
                    model = ScoringModel(
                        id=saved.id,
                        name=saved.name,
                        description=saved.description,
                        status=saved.status,
                        created_at=saved.created_at,
                    )
                    session.add(model)
                    session.flush()
                    if saved.revisions:
                        session.execute(
                            insert(ScoringModelRevision),
                            [{**r, "model_id": saved.id} for r in saved.revisions],
                        )
                self._restore(session, model, saved)
            self._restore_active(session, state.active_model_id, model, summary)
            if model is not None:
                self._touch(model)
                self._add_revision(session, model, summary)

    # Restoring exact states ------------------------------------------------------------

    @staticmethod
    def _restore(session: Session, model: ScoringModel, saved: ModelState) -> None:
        """Give `model` exactly the content of `saved`, keeping every row's id."""
        model.name = saved.name
        model.description = saved.description
        model.status = saved.status
        model.criteria.clear()
        model.thresholds.clear()
        model.sign_offs.clear()
        # The old rows must be gone before rows with the same ids come back.
        session.flush()
        model.criteria.extend(
            ScoringCriterion(
                id=c.id,
                position=c.position,
                dimension=c.dimension,
                field=c.field,
                operator=c.operator,
                values=list(c.values),
                points=c.points,
                cap=c.cap,
                decay_half_life_days=c.decay_half_life_days,
            )
            for c in saved.criteria
        )
        model.thresholds.extend(
            ScoringThreshold(id=t.id, kind=t.kind, label=t.label, min_points=t.min_points)
            for t in saved.thresholds
        )
        model.sign_offs.extend(
            ScoringModelSignOff(team=s.team, name=s.name, signed_at=s.signed_at)
            for s in saved.sign_offs
        )

    def _restore_active(
        self,
        session: Session,
        active_id: int | None,
        restored: ScoringModel | None,
        summary: str,
    ) -> None:
        """Mark exactly `active_id` active; other models whose flag flips get a revision."""
        session.flush()
        for model in session.scalars(select(ScoringModel)):
            wanted = model.id == active_id
            if model.is_active != wanted:
                model.is_active = wanted
                if restored is None or model.id != restored.id:
                    self._touch(model)
                    self._add_revision(session, model, summary)
