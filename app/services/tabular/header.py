"""Checks on a file's header row: every column needs a name, and a name only once."""

from __future__ import annotations

from pathlib import Path

from app.services.errors import ImportFailed, ImportProblem
from app.services.tabular.values import column_letter


def check_header(
    path: Path,
    names: list[str],
    *,
    sheet: str | None = None,
    row: int = 1,
    letters: list[str] | None = None,
) -> None:
    """Raise ImportFailed naming each blank or repeated column name in `names`.

    `letters` gives each name's spreadsheet column when it is not simply A, B, C…
    """
    if letters is None:
        letters = [column_letter(index) for index in range(len(names))]
    problems: list[ImportProblem] = []
    first_seen: dict[str, int] = {}
    for index, name in enumerate(names):
        letter = letters[index]
        if not name:
            problems.append(
                ImportProblem(
                    str(path),
                    "This column has no name in the header row; give it one or delete it.",
                    row=row,
                    column=letter,
                    sheet=sheet,
                )
            )
            continue
        key = name
        if key in first_seen:
            problems.append(
                ImportProblem(
                    str(path),
                    f"The column name '{name}' is used twice (columns "
                    f"{letters[first_seen[key]]} and {letter}); names must be unique.",
                    row=row,
                    column=letter,
                    sheet=sheet,
                )
            )
        else:
            first_seen[key] = index
    if problems:
        raise ImportFailed(problems)
