"""Reading a stage-history extract: a stage column and a date column, a row per change.

With a record id, each record's rows are put in time order to see where every arrival
went next (a later stage, back to nurture, or nowhere), which gives days in stage,
leakage and the hand-off facts; without one, rows can only be counted.
"""

from __future__ import annotations

import numpy as np

from app.services.errors import ImportProblem
from app.services.funnel.columns import (
    MAX_PROBLEMS,
    NAT,
    Encoded,
    factorise_text,
    fold,
    match_labels,
    sheet_row,
)
from app.services.funnel.counting import FunnelTally, ordinals_of
from app.services.funnel.extract_shapes import ExtractReader, earliest
from app.services.funnel.sla import HandoffRecords


class HistoryReader(ExtractReader):
    """A stage column and a date column; one row per record reaching a stage."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        m = self.mapping
        index = {s.key: i for i, s in enumerate(self.stages)}
        self.recycle_code = len(self.stages)
        self.lookup = {fold(v): index[k] for v, k in m.stage_values.items()}
        self.lookup.update({fold(v): self.recycle_code for v in m.recycle_values})
        self.mapped = sorted({index[k] for k in m.stage_values.values()})
        linked = m.record_id_column is not None
        self.followable = [linked and i < self.mapped[-1] for i in range(len(self.stages))]

    def read_chunk(self, start: int, stop: int) -> None:
        m = self.mapping
        assert m.stage_column is not None and m.date_column is not None
        stages = self.text(m.stage_column, start, stop)
        when = self.dates(m.date_column, start, stop)
        extra = self.optional(start, stop)
        self.raise_problems()
        has_stage, has_date = stages.codes >= 0, when != NAT
        for mask, message, column in (
            (has_stage & ~has_date, "this row has a stage but no date.", m.date_column),
            (has_date & ~has_stage, "this row has a date but no stage.", m.stage_column),
        ):
            self.problems.extend(
                ImportProblem(self.source, message, row=sheet_row(start + i), column=column)
                for i in np.flatnonzero(mask)[:MAX_PROBLEMS]
            )
        table, unknown = match_labels(stages.labels, self.lookup)
        if unknown:
            self._unknown_stages(stages, unknown, start)
        ids = None
        if m.record_id_column:
            ids = self.text(m.record_id_column, start, stop)
            self.problems.extend(
                ImportProblem(
                    self.source,
                    "this row has no record id.",
                    row=sheet_row(start + i),
                    column=m.record_id_column,
                )
                for i in np.flatnonzero(has_stage & (ids.codes < 0))[:MAX_PROBLEMS]
            )
        self.raise_problems()
        rows = has_stage & has_date
        self.keep("stage", table.take(stages.codes[rows]))
        self.keep("when", when[rows])
        if len(when):
            self.keep("latest", when.max(keepdims=True))
        if ids is not None and m.record_id_column is not None:
            # Codes are only comparable across chunks when the table encoded the column.
            if self.coded(m.record_id_column) is not None:
                self.keep("ids", ids.codes[rows])
            else:
                self.keep("ids", self.columns[m.record_id_column][start:stop][rows])
        for name, values in extra.items():
            self.keep(f"x_{name}", values[rows])
            if name == "touch" and len(values):
                self.keep("latest", values.max(keepdims=True))

    def _unknown_stages(self, stages: Encoded, unknown: list[str], start: int) -> None:
        label = stages.labels.index(unknown[0])
        whole = self.coded(self.mapping.stage_column or "")
        # An encoded column's codes cover the whole table; a chunk's only the chunk.
        first = whole.first_row(label) if whole is not None else start + stages.first_row(label)
        listed = ", ".join(f"'{v}'" for v in unknown[:MAX_PROBLEMS])
        more = f" and {len(unknown) - MAX_PROBLEMS} more" if len(unknown) > MAX_PROBLEMS else ""
        self.problems.append(
            ImportProblem(
                self.source,
                f"these stage values are not mapped to a funnel stage: {listed}{more}.",
                row=sheet_row(first),
                column=self.mapping.stage_column,
            )
        )
        self.raise_problems()

    def finish(self) -> tuple[FunnelTally, HandoffRecords | None]:
        m = self.mapping
        assert m.date_column is not None
        self.check_dated([m.date_column])
        tally = FunnelTally(self.stages, self.kind, self.followable)
        stage, when = self.joined("stage"), self.joined("when")
        assert stage is not None and when is not None
        latest = self.joined("latest")
        if latest is not None:
            tally.seen(latest)
        extra = {
            k[2:]: v for k in self.parts if k.startswith("x_") if (v := self.joined(k)) is not None
        }
        ids = self.joined("ids")
        if ids is None:
            ordinals = ordinals_of(when, self.kind)
            for i in self.mapped:
                here = stage == i
                value = extra["value"][here] if "value" in extra else None
                tally.add_reached(i, ordinals[here], value)
            if self.handoff is not None:
                here = stage == self.handoff
                self.keep_handoff(here, when[here], None, None, extra)
            return tally, self.handoff_records(disposed_known=False)
        if ids.dtype.kind not in "iu":
            ids = factorise_text(ids, np.ones(len(ids), bool)).codes
        return self._follow(tally, ids, stage, when, extra)

    def _follow(
        self,
        tally: FunnelTally,
        record: np.ndarray,
        stage: np.ndarray,
        when: np.ndarray,
        extra: dict[str, np.ndarray],
    ) -> tuple[FunnelTally, HandoffRecords | None]:
        """Order each record's rows in time and see where each arrival went next."""
        order = np.lexsort((stage, when, record))
        record, stage, when = record[order], stage[order], when[order]
        # Rows repeating the stage a record is already in are not new arrivals.
        keep = np.ones(len(stage), bool)
        keep[1:] = (record[1:] != record[:-1]) | (stage[1:] != stage[:-1])
        record, stage, when = record[keep], stage[keep], when[keep]
        extra = {k: v[order][keep] for k, v in extra.items()}
        same = np.zeros(len(stage), bool)
        same[:-1] = record[1:] == record[:-1]
        next_stage = np.append(stage[1:], -1)
        next_when = np.append(when[1:], NAT)
        moved = same & (next_stage > stage) & (next_stage < self.recycle_code)
        recycled = same & (next_stage == self.recycle_code)
        moved_at = np.where(moved, next_when, NAT)
        recycled_at = np.where(recycled, next_when, NAT)
        ordinals = ordinals_of(when, self.kind)
        # A record reaching a stage twice in one period (after recycling) counts once.
        low = int(ordinals.min()) if len(ordinals) else 0
        span = len(self.stages) + 1
        key = ((ordinals - low) * span + stage) * (int(record.max(initial=0)) + 1) + record
        distinct = np.zeros(len(stage), bool)
        distinct[np.unique(key, return_index=True)[1]] = True
        for i in self.mapped:
            here = stage == i
            once = here & distinct
            tally.add_reached(i, ordinals[once], extra["value"][once] if "value" in extra else None)
            tally.add_arrivals(i, when[here], ordinals[here], moved_at[here], recycled_at[here])
        if "reason" in extra:
            # The reason is written on the row that recycles the record: the next one.
            extra["reason"] = np.append(extra["reason"][1:], False) & recycled
        if self.handoff is not None:
            here = stage == self.handoff
            disposed = earliest(moved_at, recycled_at)
            self.keep_handoff(here, when[here], disposed[here], recycled[here], extra)
        return tally, self.handoff_records(disposed_known=True)
