"""Where things sit on an offline assessment form, and how its cells are read back.

Export and import share this module so that they cannot disagree about a row. The
layout is derived from the instrument alone, which lets the importer recompute where
every statement must be and spot rows that were moved, deleted or edited.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from app.services.assessment.instrument import Commandment, Instrument, Statement
from app.services.assessment.scoring import TEAMS

FORMAT_MARKER = "accord-assessment-form"
FORMAT_VERSION = 1
INSTRUCTIONS_SHEET = "Instructions"
FORM_SHEET = "Form"
META_SHEET = "accord_form"

QUARTER_ROW = 2
NAME_ROW = 3
TEAM_ROW = 4
HEADER_ROW = 6
LABEL_COLUMN = "A"
VALUE_COLUMN = "B"
REF_COLUMN = "A"
STATEMENT_COLUMN = "B"
ANSWER_COLUMN = "C"
COMMENT_COLUMN = "D"
HEADERS = ("Ref", "Statement", "Your answer", "Comment (optional)")
TEAM_LABELS = {team: team.capitalize() for team in TEAMS}

# The metadata sheet: key/value pairs from row 1, then the statement rows table.
META_KEYS = (
    "format",
    "format_version",
    "instrument_id",
    "instrument_version",
    "quarter",
    "respondent",
    "team",
    "checksum",
)
META_TABLE_ROW = len(META_KEYS) + 2

_CHECKSUM_SALT = "accord/assessment-form"
_RATING_TEXT = re.compile(r"^([1-5])(?:\s*[-–—:.)]\s*(.*))?$")


@dataclass(frozen=True)
class FormRow:
    """A row of the Form sheet: a commandment heading or a statement to answer."""

    row: int
    commandment: Commandment
    statement: Statement | None


def form_rows(instrument: Instrument) -> list[FormRow]:
    """Every row below the header: each commandment's heading, then its statements."""
    rows = []
    row = HEADER_ROW + 1
    for commandment in instrument.commandments:
        rows.append(FormRow(row, commandment, None))
        row += 1
        for statement in commandment.statements:
            rows.append(FormRow(row, commandment, statement))
            row += 1
    return rows


def statement_rows(instrument: Instrument) -> list[tuple[int, Statement]]:
    return [(r.row, r.statement) for r in form_rows(instrument) if r.statement is not None]


def form_checksum(instrument: Instrument, quarter: str) -> str:
    """A fingerprint of what the form asks: instrument, quarter, rows, statement texts."""
    payload = [
        _CHECKSUM_SALT,
        FORMAT_VERSION,
        instrument.id,
        instrument.version,
        quarter,
        [[row, s.id, s.text] for row, s in statement_rows(instrument)],
    ]
    encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def answer_choices(instrument: Instrument) -> list[str]:
    """The dropdown entries: '1 – Strongly disagree' … '5 – Strongly agree', Don't know."""
    return [instrument.rating_label(n) for n in range(1, 6)] + [instrument.dont_know_label]


def _simplify(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.split()).casefold()


def parse_answer(instrument: Instrument, value: object) -> tuple[bool, int | None]:
    """(answered, rating) for an answer cell; rating None means don't know.

    Besides the dropdown entries, a bare number 1–5 or a label alone ("Agree") is
    accepted, since some spreadsheet programs let people type past the dropdown.
    Raises ValueError for anything else.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return False, None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if value in (1, 2, 3, 4, 5):
            return True, int(value)
        raise ValueError(value)
    if not isinstance(value, str):
        raise ValueError(value)
    text = _simplify(value)
    if text in (_simplify(instrument.dont_know_label), "dont know"):
        return True, None
    labels = [_simplify(label) for label in instrument.rating_labels]
    match = _RATING_TEXT.match(text)
    if match:
        rating = int(match.group(1))
        label = match.group(2)
        # "3 – Strongly agree" contradicts itself: refuse rather than guess.
        if label and label != labels[rating - 1]:
            raise ValueError(value)
        return True, rating
    if text in labels:
        return True, labels.index(text) + 1
    raise ValueError(value)


def parse_team(value: object) -> str | None:
    """The team id for a team cell ('Sales' → 'sales'), None when it is not a team."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    return text if text in TEAMS else None


def cell_text(value: object) -> str:
    """A cell's content as trimmed text (numbers typed as comments become text)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
