"""Readable word-level differences between two versions of a text."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import Enum

_TOKEN = re.compile(r"\s+|[^\s]+")


class Change(Enum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class DiffPiece:
    change: Change
    text: str


def word_diff(before: str, after: str) -> list[DiffPiece]:
    """The pieces that turn `before` into `after`, word by word, whitespace kept."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    pieces: list[DiffPiece] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(DiffPiece(Change.SAME, "".join(old[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            pieces.append(DiffPiece(Change.REMOVED, "".join(old[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(DiffPiece(Change.ADDED, "".join(new[j1:j2])))
    return pieces


def apply_pieces(pieces: list[DiffPiece], side: Change) -> str:
    """Rebuild one side of a diff: SAME + REMOVED gives `before`, SAME + ADDED `after`."""
    return "".join(p.text for p in pieces if p.change in (Change.SAME, side))
