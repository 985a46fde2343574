"""The assessment instrument: commandments, statements, rating scale and stage rubric.

The instrument ships as a versioned JSON resource (`resources/assessment/instrument-vN.json`).
Statement ids are stable across versions so answers and results can always say which
statement, and which instrument version, they belong to. A damaged file is refused with
a message naming the file and the broken entry rather than half-loaded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.services.errors import AccordError

RESOURCES = Path(__file__).resolve().parents[3] / "resources"
INSTRUMENT_DIR = RESOURCES / "assessment"
BANDS = ("low", "mid", "high")
MIN_INDEX = 0.0
MAX_INDEX = 100.0

_FILE_NAME = re.compile(r"^instrument-v(\d+)\.json$")
_SNAKE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Statement:
    """One statement a respondent rates, e.g. `definitions.1`."""

    id: str
    text: str
    commandment_id: str


@dataclass(frozen=True)
class Commandment:
    """One commandment of alignment with its statements and a next step per band."""

    id: str
    title: str
    why: str
    statements: tuple[Statement, ...]
    next_steps: dict[str, str] = field(hash=False)

    def next_step(self, band: str) -> str:
        return self.next_steps[band]


@dataclass(frozen=True)
class StageBand:
    """A stage of maturity covering the index range [lower, upper) (upper 100 included).

    `band` ("low", "mid" or "high") is the same cut applied to a single commandment's
    index, and picks that commandment's next step.
    """

    id: str
    name: str
    band: str
    lower: float
    upper: float
    description: str

    def contains(self, index: float) -> bool:
        return self.lower <= index < self.upper or (index == self.upper == MAX_INDEX)


@dataclass(frozen=True)
class Instrument:
    """A complete, validated version of the questionnaire."""

    id: str
    version: int
    title: str
    introduction: str
    rating_labels: tuple[str, ...]
    dont_know_label: str
    stages: tuple[StageBand, ...]
    commandments: tuple[Commandment, ...]
    _statements: dict[str, Statement] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        for commandment in self.commandments:
            for statement in commandment.statements:
                self._statements[statement.id] = statement

    @property
    def statements(self) -> tuple[Statement, ...]:
        """Every statement in questionnaire order."""
        return tuple(s for c in self.commandments for s in c.statements)

    def statement(self, statement_id: str) -> Statement | None:
        return self._statements.get(statement_id)

    def commandment(self, commandment_id: str) -> Commandment:
        for commandment in self.commandments:
            if commandment.id == commandment_id:
                return commandment
        raise KeyError(commandment_id)

    def rating_label(self, rating: int | None) -> str:
        """'4 – Agree' for a rating, the don't-know label for None."""
        if rating is None:
            return self.dont_know_label
        return f"{rating} – {self.rating_labels[rating - 1]}"

    def stage_for(self, index: float) -> StageBand:
        # Rounding keeps an index such as 39.999999999 (from float means) out of the
        # lower stage when the ratings really average exactly on the boundary.
        value = round(index, 9)
        for stage in self.stages:
            if stage.contains(value):
                return stage
        raise ValueError(f"index {index} is outside 0–100")


def available_versions() -> list[int]:
    """Instrument versions shipped with this copy of Accord, oldest first."""
    versions = []
    for path in INSTRUMENT_DIR.glob("instrument-v*.json"):
        match = _FILE_NAME.match(path.name)
        if match:
            versions.append(int(match.group(1)))
    return sorted(versions)


def load_instrument(version: int | None = None) -> Instrument:
    """Load the shipped instrument of `version`, or the newest one when None."""
    versions = available_versions()
    if not versions:
        raise AccordError(
            f"No assessment instrument was found in {INSTRUMENT_DIR}; reinstall Accord."
        )
    if version is None:
        version = versions[-1]
    elif version not in versions:
        raise AccordError(
            f"Assessment instrument version {version} is not part of this copy of Accord "
            f"(it has version {', '.join(map(str, versions))}); a newer Accord may be needed."
        )
    return load_instrument_file(INSTRUMENT_DIR / f"instrument-v{version}.json")


def load_instrument_file(path: Path) -> Instrument:
    """Read and validate one instrument file; AccordError names what is broken."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise AccordError(
            f"The assessment instrument {path.name} cannot be read: {error.strerror or error}."
        ) from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise AccordError(
            f"The assessment instrument {path.name} is damaged (it is not valid JSON: {error})."
        ) from error
    return _Reader(path.name).instrument(raw)


class _Reader:
    """Validates the parsed JSON, keeping the file name for the error messages."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name

    def fail(self, where: str, problem: str) -> AccordError:
        return AccordError(
            f"The assessment instrument {self.file_name} is damaged: {where} {problem}."
        )

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "should be an object")
        return value

    def items(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list) or not value:
            raise self.fail(where, "should be a non-empty list")
        return value

    def text(self, data: dict[str, Any], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}", "is missing or empty")
        return value.strip()

    def number(self, data: dict[str, Any], key: str, where: str) -> float:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{where}.{key}", "should be a number")
        return float(value)

    def instrument(self, raw: Any) -> Instrument:
        data = self.obj(raw, "the file")
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise self.fail("version", "should be a whole number from 1")
        expected = _FILE_NAME.match(self.file_name)
        if expected and int(expected.group(1)) != version:
            raise self.fail("version", f"says {version} but the file name says {expected.group(1)}")
        labels, dont_know = self.scale(self.obj(data.get("scale"), "scale"))
        commandments = tuple(
            self.commandment(item, f"commandments[{n}]")
            for n, item in enumerate(self.items(data.get("commandments"), "commandments"))
        )
        self.unique([c.id for c in commandments], "commandment id")
        self.unique([s.id for c in commandments for s in c.statements], "statement id")
        return Instrument(
            id=self.text(data, "id", "the file"),
            version=version,
            title=self.text(data, "title", "the file"),
            introduction=self.text(data, "introduction", "the file"),
            rating_labels=labels,
            dont_know_label=dont_know,
            stages=self.stages(self.items(data.get("stages"), "stages")),
            commandments=commandments,
        )

    def scale(self, data: dict[str, Any]) -> tuple[tuple[str, ...], str]:
        ratings = self.items(data.get("ratings"), "scale.ratings")
        labels = []
        for n, item in enumerate(ratings, start=1):
            where = f"scale.ratings[{n - 1}]"
            entry = self.obj(item, where)
            if entry.get("value") != n:
                raise self.fail(f"{where}.value", f"should be {n}")
            labels.append(self.text(entry, "label", where))
        if len(labels) != 5:
            raise self.fail("scale.ratings", "should list the five ratings 1 to 5")
        return tuple(labels), self.text(data, "dont_know", "scale")

    def stages(self, items: list[Any]) -> tuple[StageBand, ...]:
        stages = []
        for n, item in enumerate(items):
            where = f"stages[{n}]"
            data = self.obj(item, where)
            stages.append(
                StageBand(
                    id=self.text(data, "id", where),
                    name=self.text(data, "name", where),
                    band=self.text(data, "band", where),
                    lower=self.number(data, "lower", where),
                    upper=self.number(data, "upper", where),
                    description=self.text(data, "description", where),
                )
            )
        if [s.band for s in stages] != list(BANDS):
            raise self.fail("stages", "should be three stages with the bands low, mid, high")
        # The stages must tile 0–100 without gaps or overlaps, so every index has a stage.
        edges = [MIN_INDEX] + [s.upper for s in stages]
        for stage, lower in zip(stages, edges, strict=False):
            if stage.lower != lower or stage.upper <= stage.lower:
                raise self.fail(
                    f"stage '{stage.id}'", f"should start at {lower:g} and end above its start"
                )
        if stages[-1].upper != MAX_INDEX:
            raise self.fail("stages", "should end at 100")
        return tuple(stages)

    def commandment(self, item: Any, where: str) -> Commandment:
        data = self.obj(item, where)
        commandment_id = self.text(data, "id", where)
        if not _SNAKE_ID.match(commandment_id):
            raise self.fail(f"{where}.id", "should be lower-case words joined by underscores")
        statements = []
        for n, entry in enumerate(self.items(data.get("statements"), f"{where}.statements")):
            at = f"{where}.statements[{n}]"
            statement = self.obj(entry, at)
            statement_id = self.text(statement, "id", at)
            if statement_id != f"{commandment_id}.{n + 1}":
                raise self.fail(f"{at}.id", f"should be '{commandment_id}.{n + 1}'")
            statements.append(
                Statement(statement_id, self.text(statement, "text", at), commandment_id)
            )
        if not 3 <= len(statements) <= 4:
            raise self.fail(f"{where}.statements", "should hold 3 or 4 statements")
        steps = self.obj(data.get("next_steps"), f"{where}.next_steps")
        return Commandment(
            id=commandment_id,
            title=self.text(data, "title", where),
            why=self.text(data, "why", where),
            statements=tuple(statements),
            next_steps={band: self.text(steps, band, f"{where}.next_steps") for band in BANDS},
        )

    def unique(self, ids: list[str], what: str) -> None:
        seen: set[str] = set()
        for value in ids:
            if value in seen:
                raise self.fail(f"{what} '{value}'", "is used twice")
            seen.add(value)
