"""A year of plausible self-assessment answers for the demo workspace.

Six leaders (three in sales, three in marketing) answer four quarters, 2025-Q4 to
2026-Q3. Scores climb by about half a rating step a quarter, and the two teams start
far apart where marketing built something sales did not (definitions, scoring, the
hand-off, content) and move closer as the work is done together. The answers are
generated from a fixed seed, so every demo workspace is the same.
"""

from __future__ import annotations

import random

from app.services.assessment.instrument import Instrument, load_instrument
from app.services.assessment.scoring import Answer

DEMO_QUARTERS = ("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3")
DEMO_RESPONDENTS = (
    ("Daniel Okafor", "sales", "VP Sales"),
    ("Priya Raman", "sales", "Senior Account Executive"),
    ("Tom Becker", "sales", "Sales Development Lead"),
    ("Claire Dubois", "marketing", "Chief Marketing Officer"),
    ("Marcus Lee", "marketing", "Demand Generation Manager"),
    ("Sofia Alvarez", "marketing", "Content Marketing Lead"),
)
SEED = 20251006  # chosen so that the gaps narrow every quarter, as in the story

_START = 2.2  # around index 30: Ambiguous
_STEP = 0.5  # rating points gained per quarter
_NOISE = 0.45  # spread of one person's rating around the team's view
# Some commandments are easier to live than others.
_EASE = {
    "goodwill": 0.3,
    "keep_talking": 0.2,
    "platforms": 0.1,
    "goals": -0.3,
    "data": -0.2,
    "scoring": -0.2,
    "responsibility": -0.1,
}
# How much more favourably sales (+) or marketing (−) sees a commandment at first, in
# rating points.
_SALES_VIEW = {
    "definitions": -1.2,
    "scoring": -1.4,
    "process": -1.0,
    "content": -1.0,
    "field_insight": 0.8,
    "goals": 0.7,
    "data": -0.4,
}
_NARROWING = 0.8  # share of the initial gap closed by the last quarter
_PERSONAL = {
    "Daniel Okafor": 0.1,
    "Priya Raman": -0.1,
    "Tom Becker": -0.2,
    "Claire Dubois": 0.2,
    "Marcus Lee": 0.0,
    "Sofia Alvarez": -0.1,
}
# Where people often cannot judge: what happens on the other team's side.
_OFTEN_UNKNOWN = {
    "sales": {"platforms.3", "content.4", "field_insight.2"},
    "marketing": {"process.2", "content.2", "scoring.2"},
}

_COMMENTS = {
    ("2025-Q4", "Tom Becker", "scoring.2"): (
        1,
        "Half the 'hot' leads I called last month were students downloading the e-book.",
    ),
    ("2025-Q4", "Claire Dubois", "definitions.1"): (
        3,
        "We have an MQL definition, but I doubt many people in sales have read it.",
    ),
    ("2025-Q4", "Daniel Okafor", "goals.1"): (
        2,
        "Marketing still reports lead volume to the board, not pipeline or revenue.",
    ),
    ("2025-Q4", "Sofia Alvarez", "content.2"): (
        None,
        "I honestly do not know which of our case studies sales sends out.",
    ),
    ("2026-Q1", "Priya Raman", "field_insight.1"): (
        2,
        "I keep hearing the same pricing objection and nobody has asked me about it.",
    ),
    ("2026-Q1", "Marcus Lee", "process.3"): (
        3,
        "Recycled leads now come back with a reason, which already helps nurturing.",
    ),
    ("2026-Q2", "Daniel Okafor", "definitions.2"): (
        4,
        "The definition workshop in April was the first time we agreed anything in writing.",
    ),
    ("2026-Q2", "Claire Dubois", "keep_talking.1"): (
        4,
        "The fortnightly pipeline call has stuck, even in the busy weeks.",
    ),
    ("2026-Q2", "Tom Becker", "platforms.2"): (
        4,
        "Seeing the pages a lead visited before my first call is a real help.",
    ),
    ("2026-Q3", "Priya Raman", "scoring.3"): (
        4,
        "Since the threshold moved after the backtest, far fewer of my calls are wasted.",
    ),
    ("2026-Q3", "Sofia Alvarez", "content.4"): (
        5,
        "Sales now tells us which decks to retire before we build new ones.",
    ),
    ("2026-Q3", "Marcus Lee", "responsibility.1"): (
        4,
        "The Q2 miss was treated as a shared problem; a year ago it would have been a fight.",
    ),
}


def demo_answers(instrument: Instrument | None = None) -> list[Answer]:
    """Every demo answer, in quarter, respondent and statement order; always the same."""
    instrument = instrument or load_instrument(1)
    rng = random.Random(SEED)
    answers = []
    last = len(DEMO_QUARTERS) - 1
    for step, quarter in enumerate(DEMO_QUARTERS):
        gap_left = 1 - _NARROWING * step / last
        for name, team, _role in DEMO_RESPONDENTS:
            side = 1 if team == "sales" else -1
            for statement in instrument.statements:
                # Draw every random number in a fixed order, whatever is used, so that
                # one change to the comments does not reshuffle all other answers.
                noise = rng.gauss(0, _NOISE)
                unknown_draw = rng.random()
                key = (quarter, name, statement.id)
                if key in _COMMENTS:
                    rating, comment = _COMMENTS[key]
                    answers.append(Answer(name, team, quarter, statement.id, rating, comment))
                    continue
                unknown_chance = (
                    0.35 - 0.08 * step if statement.id in _OFTEN_UNKNOWN[team] else 0.02
                )
                if unknown_draw < unknown_chance:
                    answers.append(Answer(name, team, quarter, statement.id, None))
                    continue
                view = _SALES_VIEW.get(statement.commandment_id, 0.0) * gap_left * side / 2
                latent = (
                    _START
                    + _STEP * step
                    + _EASE.get(statement.commandment_id, 0.0)
                    + view
                    + _PERSONAL[name]
                    + noise
                )
                rating = min(5, max(1, round(latent)))
                answers.append(Answer(name, team, quarter, statement.id, rating))
    return answers
