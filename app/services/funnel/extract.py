"""Counting a CRM extract into funnel periods.

Two shapes of extract are understood:

* **stage history** — a stage column and a date column, one row per record reaching a
  stage (a history export); with a record-id column, records are followed over time,
  which gives days in stage, leakage and recycling; without one, rows are only counted.
* **date per stage** — one row per record and one date column per stage; a date means
  the record reached that stage then.

An `ExtractMapping` says which columns mean what. `count_extract` reads the columns in
chunks (so progress shows and Cancel works), refuses the whole extract with the first
problems (row as a spreadsheet shows it, and column) and returns per-period figures,
leakage and, when asked, record-level hand-off facts for the SLA.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import numpy as np

from app.services.errors import ImportFailed, ImportProblem, ValidationError
from app.services.funnel.columns import NAT, fold
from app.services.funnel.extract_history import HistoryReader
from app.services.funnel.extract_shapes import PerStageReader
from app.services.funnel.figures import StageFigures, StageInfo, StageLeakage, check_stages
from app.services.funnel.periods import Period, PeriodKind
from app.services.funnel.sla import HandoffRecords
from app.services.progress import CancelToken, ProgressCallback, report

CHUNK_ROWS = 250_000


class ExtractShape(enum.StrEnum):
    """The two layouts of CRM extract that can be counted."""

    STAGE_HISTORY = "stage_history"
    DATE_PER_STAGE = "date_per_stage"


@dataclass(frozen=True)
class ExtractMapping:
    """Which columns of a CRM extract mean what; unnamed columns are ignored.

    Stage history: `stage_column`, `date_column`, optional `record_id_column`, and
    `stage_values` from the file's stage values to funnel stage keys (matched ignoring
    case and spaces). `recycle_values` are stage values meaning the record was sent back
    to nurture (or closed): it was dealt with, and it does not count as reaching a stage.

    Date per stage: `stage_date_columns` from stage key to column, and optionally
    `recycle_column`, the date the record was recycled.

    Either shape: `value_column` (pipeline amount) and, for the SLA, the `handoff_stage`
    key with optional `first_touch_column` (date), `attempts_column`, `grade_column` and
    `recycle_reason_column`.
    """

    stage_column: str | None = None
    date_column: str | None = None
    record_id_column: str | None = None
    stage_values: Mapping[str, str] = field(default_factory=dict)
    recycle_values: tuple[str, ...] = ()
    stage_date_columns: Mapping[str, str] = field(default_factory=dict)
    recycle_column: str | None = None
    value_column: str | None = None
    handoff_stage: str | None = None
    first_touch_column: str | None = None
    attempts_column: str | None = None
    grade_column: str | None = None
    recycle_reason_column: str | None = None

    @property
    def shape(self) -> ExtractShape:
        history = self.stage_column is not None or self.date_column is not None
        if history and self.stage_date_columns:
            raise ValidationError(
                "Map either a stage column and a date column, or one date column per "
                "stage, not both."
            )
        if history:
            if self.stage_column is None or self.date_column is None:
                raise ValidationError("A stage history needs both a stage and a date column.")
            return ExtractShape.STAGE_HISTORY
        if not self.stage_date_columns:
            raise ValidationError(
                "Map a stage column and a date column, or a date column for each stage."
            )
        return ExtractShape.DATE_PER_STAGE

    def used_columns(self) -> list[str]:
        named = [
            self.stage_column,
            self.date_column,
            self.record_id_column,
            *self.stage_date_columns.values(),
            self.recycle_column,
            self.value_column,
            self.first_touch_column,
            self.attempts_column,
            self.grade_column,
            self.recycle_reason_column,
        ]
        return [c for c in named if c is not None]


@dataclass(frozen=True)
class ExtractCounts:
    """What an extract says, per period: figures, leakage and hand-off facts."""

    kind: PeriodKind
    as_of: datetime
    rows: int
    figures: dict[Period, dict[str, StageFigures]]
    leakage: dict[Period, dict[str, StageLeakage]]
    handoffs: HandoffRecords | None


def _as_of_seconds(as_of: date | datetime | None, latest: int) -> int:
    if as_of is None:
        return latest
    if not isinstance(as_of, datetime):
        # A day means its end: everything dated that day has happened.
        as_of = datetime.combine(as_of, time(23, 59, 59))
    if as_of.tzinfo is not None:
        # Dates with an offset in the extract are read as UTC; compare like with like.
        as_of = as_of.astimezone(UTC).replace(tzinfo=None)
    return int(np.datetime64(as_of, "s").astype(np.int64))


def _check_mapping(
    columns: Mapping[str, np.ndarray],
    mapping: ExtractMapping,
    stages: Sequence[StageInfo],
    source: str,
) -> int:
    """Refuse a mapping that names unknown stages or columns; return the row count."""
    keys = {s.key for s in stages}
    names = {s.key: s.name for s in stages}
    shape = mapping.shape
    for key in mapping.stage_date_columns:
        if key not in keys:
            raise ValidationError(f"'{key}' is not a stage of the funnel.")
    for value, key in mapping.stage_values.items():
        if key not in keys:
            raise ValidationError(f"The stage value '{value}' is mapped to an unknown stage.")
    if mapping.handoff_stage is not None and mapping.handoff_stage not in keys:
        raise ValidationError(f"'{mapping.handoff_stage}' is not a stage of the funnel.")
    clash = {fold(v) for v in mapping.recycle_values} & {fold(v) for v in mapping.stage_values}
    if clash:
        raise ValidationError(
            f"The stage value '{sorted(clash)[0]}' cannot mean both a stage and recycling."
        )
    if (
        shape is ExtractShape.DATE_PER_STAGE
        and mapping.handoff_stage is not None
        and (mapping.handoff_stage not in mapping.stage_date_columns)
    ):
        raise ValidationError(
            f"Map a date column for the hand-off stage '{names[mapping.handoff_stage]}'."
        )
    if shape is ExtractShape.STAGE_HISTORY and not mapping.stage_values:
        raise ValidationError("Map at least one of the file's stage values to a funnel stage.")
    if shape is ExtractShape.STAGE_HISTORY and mapping.recycle_column is not None:
        raise ValidationError(
            "In a stage history, recycling is a stage value; map it under recycle values."
        )
    missing = [c for c in mapping.used_columns() if c not in columns]
    if missing:
        raise ImportFailed(
            [ImportProblem(source, "the file has no such column.", column=c) for c in missing]
        )
    lengths = {len(columns[c]) for c in mapping.used_columns()}
    if len(lengths) > 1:
        raise ImportFailed([ImportProblem(source, "the columns have different lengths.")])
    return lengths.pop() if lengths else 0


def count_extract(
    columns: Mapping[str, np.ndarray],
    mapping: ExtractMapping,
    stages: Sequence[StageInfo],
    kind: PeriodKind | str = PeriodKind.MONTH,
    as_of: date | datetime | None = None,
    source: str = "extract",
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ExtractCounts:
    """Count a parsed extract into periods of `kind`.

    `as_of` is when the extract was taken (default: its latest date); arrivals whose
    SLA window has not passed by then are not judged as leaked yet. `source` names the
    file in problems. Raises ImportFailed (nothing counted) or Cancelled.
    """
    check_stages(stages)
    kind = PeriodKind(kind)
    rows = _check_mapping(columns, mapping, stages, source)
    reader = (
        HistoryReader(columns, mapping, stages, kind, source)
        if mapping.shape is ExtractShape.STAGE_HISTORY
        else PerStageReader(columns, mapping, stages, kind, source)
    )
    chunks = max(1, -(-rows // CHUNK_ROWS))
    for number, start in enumerate(range(0, max(rows, 1), CHUNK_ROWS)):
        if cancel is not None:
            cancel.raise_if_cancelled()
        reader.read_chunk(start, min(rows, start + CHUNK_ROWS))
        report(progress, 0.9 * (number + 1) / chunks)
    if cancel is not None:
        cancel.raise_if_cancelled()
    tally, handoffs = reader.finish()
    if tally.latest == NAT and as_of is None:
        raise ImportFailed([ImportProblem(source, "the extract has no dated rows to count.")])
    as_of_seconds = _as_of_seconds(as_of, tally.latest)
    if handoffs is not None:
        handoffs = HandoffRecords(**{**handoffs.__dict__, "as_of": as_of_seconds})
    result = ExtractCounts(
        kind=kind,
        as_of=np.datetime64(as_of_seconds, "s").astype(datetime),
        rows=rows,
        figures=tally.figures(),
        leakage=tally.leakage(as_of_seconds),
        handoffs=handoffs,
    )
    report(progress, 1.0)
    return result
