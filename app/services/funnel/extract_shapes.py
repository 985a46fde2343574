"""Reading a CRM extract chunk by chunk: what both shapes share, and "date per stage".

Each reader validates and converts one slice of rows at a time (whole-column NumPy
operations, no loop per row) and raises `ImportFailed` with the first problems found.
`finish()` returns the tally and, when a hand-off stage is mapped, the hand-off facts.
The stage-history shape lives in `extract_history`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from app.services.errors import ImportFailed, ImportProblem
from app.services.funnel.columns import (
    MAX_PROBLEMS,
    NAT,
    Encoded,
    encoded_form,
    factorise_text,
    fold,
    parse_dates,
    parse_encoded_dates,
    parse_numbers,
    present_text,
)
from app.services.funnel.counting import FunnelTally, ordinals_of
from app.services.funnel.figures import StageInfo
from app.services.funnel.periods import PeriodKind
from app.services.funnel.sla import HandoffRecords

if TYPE_CHECKING:
    from app.services.funnel.extract import ExtractMapping

_AB = frozenset({"a", "b"})
_HANDOFF_EXTRAS = ("touch", "attempts", "grade", "reason")


def earliest(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Element-wise earlier of two times where NAT means never."""
    both = (a != NAT) & (b != NAT)
    return np.where(both, np.minimum(a, b), np.where(a != NAT, a, b))


class ExtractReader:
    """What both shapes share: column access, problems, optional columns, hand-offs."""

    def __init__(
        self,
        columns: Mapping[str, np.ndarray],
        mapping: ExtractMapping,
        stages: Sequence[StageInfo],
        kind: PeriodKind,
        source: str,
    ) -> None:
        self.columns = columns
        self.mapping = mapping
        self.stages = list(stages)
        self.kind = kind
        self.source = source
        self.problems: list[ImportProblem] = []
        self.dated: dict[str, bool] = {}
        self.encoded: dict[str, Encoded | None] = {}
        self.date_tables: dict[str, np.ndarray] = {}
        self.ordinal_tables: dict[str, np.ndarray] = {}
        keys = [s.key for s in self.stages]
        self.handoff = None if mapping.handoff_stage is None else keys.index(mapping.handoff_stage)
        self.parts: dict[str, list[np.ndarray]] = {}

    # --- columns ----------------------------------------------------------------------
    def coded(self, column: str) -> Encoded | None:
        if column not in self.encoded:
            self.encoded[column] = encoded_form(self.columns, column)
        return self.encoded[column]

    def dates(self, column: str, start: int, stop: int) -> np.ndarray:
        """One chunk of a date column as seconds; each distinct text is parsed once."""
        coded = self.coded(column)
        if coded is None:
            seconds, problems = parse_dates(
                self.columns[column][start:stop], column, self.source, start
            )
            self.problems.extend(problems)
        else:
            self.dates_of_labels(column, coded)
            table = self.date_tables[column]
            seconds = table.take(coded.codes[start:stop]) if len(table) else table
        if len(seconds) == stop - start:
            self.dated[column] = self.dated.get(column, False) or bool((seconds != NAT).any())
        return seconds

    def present_dates(
        self, column: str, start: int, stop: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows of a chunk holding a date, their times and their periods.

        For an encoded column only the present rows are looked up, and each distinct
        date's period is worked out once.
        """
        coded = self.coded(column)
        if coded is None:
            seconds = self.dates(column, start, stop)
            rows = np.flatnonzero(seconds != NAT)
            present = seconds.take(rows)
            return rows, present, ordinals_of(present, self.kind)
        self.dates_of_labels(column, coded)
        codes = coded.codes[start:stop]
        rows = np.flatnonzero(codes >= 0)
        if len(rows):
            self.dated[column] = True
        picked = codes.take(rows)
        table = self.date_tables[column]
        if len(table) == 0:  # unreadable dates; reported by raise_problems
            return rows, np.empty(0, np.int64), np.empty(0, np.int64)
        if column not in self.ordinal_tables:
            self.ordinal_tables[column] = ordinals_of(np.where(table == NAT, 0, table), self.kind)
        return rows, table.take(picked), self.ordinal_tables[column].take(picked)

    def dates_of_labels(self, column: str, coded: Encoded) -> None:
        """Parse an encoded date column's distinct values once, noting any problems."""
        if column not in self.date_tables:
            table, problems = parse_encoded_dates(coded, column, self.source)
            self.problems.extend(problems)
            self.date_tables[column] = table

    def text(self, column: str, start: int, stop: int) -> Encoded:
        """One chunk of a text column as distinct values and codes (-1 missing)."""
        coded = self.coded(column)
        if coded is not None:
            return Encoded(coded.labels, coded.codes[start:stop])
        raw = self.columns[column][start:stop]
        return factorise_text(raw, present_text(raw))

    def optional(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """The optional columns of one chunk, converted; unmapped ones are left out."""
        m = self.mapping
        out: dict[str, np.ndarray] = {}
        if m.first_touch_column:
            out["touch"] = self.dates(m.first_touch_column, start, stop)
        for key, column in (("value", m.value_column), ("attempts", m.attempts_column)):
            if column:
                values, problems = parse_numbers(
                    self.columns[column][start:stop], column, self.source, start
                )
                self.problems.extend(problems)
                out[key] = values
        if m.grade_column:
            grades = self.text(m.grade_column, start, stop)
            table = np.array([1 if fold(v) in _AB else 0 for v in grades.labels] + [-1], np.int8)
            out["grade"] = table.take(grades.codes)  # code -1 picks the trailing "no grade"
        if m.recycle_reason_column:
            out["reason"] = self.text(m.recycle_reason_column, start, stop).codes >= 0
        return out

    # --- bookkeeping ------------------------------------------------------------------
    def raise_problems(self) -> None:
        if self.problems:
            raise ImportFailed(sorted(self.problems, key=lambda p: p.row or 0)[:MAX_PROBLEMS])

    def keep(self, name: str, array: np.ndarray) -> None:
        self.parts.setdefault(name, []).append(array)

    def joined(self, name: str) -> np.ndarray | None:
        parts = self.parts.get(name)
        return np.concatenate(parts) if parts else None

    def check_dated(self, columns: Sequence[str]) -> None:
        empty = [c for c in columns if not self.dated.get(c)]
        if empty:
            message = (
                "this column has no dates at all; check the column mapping, or leave the "
                "column unmapped."
            )
            raise ImportFailed([ImportProblem(self.source, message, column=c) for c in empty])

    def keep_handoff(
        self,
        here: np.ndarray,
        reached: np.ndarray,
        disposed: np.ndarray | None,
        recycled: np.ndarray | None,
        extra: Mapping[str, np.ndarray],
    ) -> None:
        """Keep the hand-off arrivals (`here`, a mask or rows, picks their extra values)."""
        self.keep("h_reached", reached)
        if disposed is not None:
            self.keep("h_disposed", disposed)
        if recycled is not None:
            self.keep("h_recycled", recycled)
        for name in _HANDOFF_EXTRAS:
            if name in extra:
                self.keep(f"h_{name}", extra[name][here])

    def handoff_records(self, disposed_known: bool) -> HandoffRecords | None:
        reached = self.joined("h_reached")
        if self.handoff is None or reached is None:
            return None
        recycled = self.joined("h_recycled")
        return HandoffRecords(
            kind=self.kind,
            as_of=NAT,  # count_extract fills it in
            ordinals=ordinals_of(reached, self.kind),
            reached_at=reached,
            disposed_at=self.joined("h_disposed") if disposed_known else None,
            first_touch_at=self.joined("h_touch"),
            attempts=self.joined("h_attempts"),
            grade=self.joined("h_grade"),
            recycled=recycled,
            reason_given=self.joined("h_reason") if recycled is not None else None,
        )


class PerStageReader(ExtractReader):
    """One row per record and one date column per stage."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        columns = self.mapping.stage_date_columns
        self.order = [i for i, s in enumerate(self.stages) if s.key in columns]
        followable = [i < self.order[-1] for i in range(len(self.stages))]
        self.tally = FunnelTally(self.stages, self.kind, followable)

    def read_chunk(self, start: int, stop: int) -> None:
        m = self.mapping
        dates = {
            i: self.present_dates(m.stage_date_columns[self.stages[i].key], start, stop)
            for i in self.order
        }
        recycle = self.dates(m.recycle_column, start, stop) if m.recycle_column else None
        extra = self.optional(start, stop)
        self.raise_problems()
        # Walking up the funnel, `later` holds each record's next reached stage's date.
        later = np.full(stop - start, NAT, dtype=np.int64)
        for i in reversed(self.order):
            # Row numbers, not masks: deeper stages are sparse and each is used often.
            has, reached, ordinals = dates[i]
            moved = later.take(has)
            recycled = np.full(len(reached), NAT, dtype=np.int64)
            if recycle is not None:
                back = recycle.take(has)
                recycled = np.where((back != NAT) & (back >= reached), back, NAT)
            value = extra["value"].take(has) if "value" in extra else None
            self.tally.add_reached(i, ordinals, value)
            self.tally.add_arrivals(i, reached, ordinals, moved, recycled)
            self.tally.seen(reached)
            if i == self.handoff:
                self.keep_handoff(
                    has,
                    reached,
                    earliest(moved, recycled),
                    recycled != NAT if recycle is not None else None,
                    extra,
                )
            later[has] = reached
        for other in (recycle, extra.get("touch")):
            if other is not None:
                self.tally.seen(other)

    def finish(self) -> tuple[FunnelTally, HandoffRecords | None]:
        self.check_dated([self.mapping.stage_date_columns[self.stages[i].key] for i in self.order])
        # With nothing mapped after the hand-off stage, no disposition can be seen.
        disposed_known = self.handoff is not None and self.handoff != self.order[-1]
        return self.tally, self.handoff_records(disposed_known)
