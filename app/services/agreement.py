"""The sign-off rules every agreed definition follows (terms, personas, scoring models).

Draft ⇄ Proposed → Agreed (only through both teams' sign-offs) → Retired → Draft; a
change of meaning sends an Agreed item back to Proposed and clears its sign-offs.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.models.base import SignOffTeam, Status
from app.services.errors import ValidationError

STATUS_LABELS: dict[Status, str] = {
    Status.DRAFT: "Draft",
    Status.PROPOSED: "Proposed",
    Status.AGREED: "Agreed",
    Status.RETIRED: "Retired",
}

ALLOWED_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.PROPOSED, Status.RETIRED}),
    Status.PROPOSED: frozenset({Status.DRAFT, Status.RETIRED}),
    Status.AGREED: frozenset({Status.PROPOSED, Status.RETIRED}),
    Status.RETIRED: frozenset({Status.DRAFT}),
}


def check_transition(current: Status, target: Status) -> None:
    """Raise ValidationError unless `current` may move to `target` by a status change."""
    if target is current or target in ALLOWED_TRANSITIONS[current]:
        return
    if target is Status.AGREED:
        raise ValidationError(
            "It becomes Agreed only when sales and marketing have both signed off."
        )
    raise ValidationError(
        f"A {STATUS_LABELS[current]} item cannot become {STATUS_LABELS[target]} directly."
    )


def check_can_sign(current: Status, item_name: str, person: str) -> str:
    """The cleaned name of the person signing; refuses unless the item is Proposed."""
    person = person.strip()
    if not person:
        raise ValidationError("Enter the name of the person signing off.", "sign_off")
    if current is not Status.PROPOSED:
        raise ValidationError(
            f"Only a Proposed item can be signed off; '{item_name}' is "
            f"{STATUS_LABELS[current]}."
        )
    return person


def status_after_sign_offs(teams: Iterable[SignOffTeam]) -> Status:
    """Agreed once every team has signed, else still Proposed."""
    return Status.AGREED if set(teams) >= set(SignOffTeam) else Status.PROPOSED
