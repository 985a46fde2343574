"""Every kind of record a workspace holds, by the name reports and `check` use."""

from __future__ import annotations

from app.models.assessment import AssessmentAnswer, AssessmentRespondent
from app.models.base import Base
from app.models.lexicon import Term, TermRevision, TermSignOff
from app.models.personas import Persona, PersonaNote, PersonaRevision, PersonaSignOff
from app.models.scoring import (
    ScoringCriterion,
    ScoringModel,
    ScoringModelRevision,
    ScoringModelSignOff,
    ScoringThreshold,
)
from app.models.workspace_info import WorkspaceSetting

# Insertion order is the order reports list them and copies write them (parents first).
RECORD_KINDS: dict[str, type[Base]] = {
    "terms": Term,
    "term_revisions": TermRevision,
    "term_sign_offs": TermSignOff,
    "personas": Persona,
    "persona_notes": PersonaNote,
    "persona_revisions": PersonaRevision,
    "persona_sign_offs": PersonaSignOff,
    "scoring_models": ScoringModel,
    "scoring_criteria": ScoringCriterion,
    "scoring_thresholds": ScoringThreshold,
    "scoring_model_revisions": ScoringModelRevision,
    "scoring_model_sign_offs": ScoringModelSignOff,
    "assessment_respondents": AssessmentRespondent,
    "assessment_answers": AssessmentAnswer,
}

ALL_MODELS: tuple[type[Base], ...] = (WorkspaceSetting, *RECORD_KINDS.values())
