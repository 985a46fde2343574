"""Counting CRM extracts into periods: both shapes, leakage, the SLA, and bad files."""

from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.errors import Cancelled, ImportFailed, ValidationError
from app.services.funnel import (
    ExtractMapping,
    Period,
    PeriodKind,
    ServiceLevelAgreement,
    SlaMeasure,
    StageFigures,
    StageInfo,
    StageLeakage,
    count_extract,
    sla_compliance,
)
from app.services.funnel import extract as extract_module
from app.services.progress import CancelToken

STAGES = [
    StageInfo("lead", "Lead", 48),
    StageInfo("mql", "MQL", 24),
    StageInfo("sql", "SQL", 72),
    StageInfo("won", "Customer"),
]
JAN, FEB, MAR = (Period(PeriodKind.MONTH, 2026, m) for m in (1, 2, 3))


def text(*values: object) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def per_stage_extract() -> dict[str, np.ndarray]:
    """Five records, one row each, one date column per stage (worked out by hand below)."""
    return {
        "Id": text("r1", "r2", "r3", "r4", "r5"),
        "Lead date": text(
            "2026-01-05", "2026-01-10", "2026-01-14", "2026-02-01", "2026-03-30T12:00"
        ),
        "MQL date": text("2026-01-06", "2026-01-20", "2026-01-16", None, None),
        "SQL date": text("2026-01-06 12:00", None, None, "2026-02-02", None),
        "Customer date": text("2026-02-10", None, None, None, ""),
        "Recycled": text(None, None, "2026-01-16T20:00", None, None),
        "First touch": text("2026-01-06T05:00", None, "2026-01-17T12:00", None, None),
        "Attempts": np.array([3.0, np.nan, 6.0, np.nan, np.nan]),
        "Grade": text("A", "c", " b ", None, None),
        "Recycle reason": text(None, None, "no budget this year", None, None),
    }


PER_STAGE = ExtractMapping(
    stage_date_columns={s.key: f"{s.name} date" for s in STAGES},
    recycle_column="Recycled",
    handoff_stage="mql",
    first_touch_column="First touch",
    attempts_column="Attempts",
    grade_column="Grade",
    recycle_reason_column="Recycle reason",
)
AS_OF = date(2026, 3, 31)


def reached(counts: dict, period: Period) -> list[int]:
    return [counts[period][s.key].reached for s in STAGES]


def test_date_per_stage_counts_arrivals_per_period() -> None:
    counts = count_extract(per_stage_extract(), PER_STAGE, STAGES, "month", as_of=AS_OF)
    assert list(counts.figures) == [JAN, FEB, MAR]
    assert reached(counts.figures, JAN) == [3, 3, 1, 0]
    assert reached(counts.figures, FEB) == [1, 0, 1, 1]
    assert reached(counts.figures, MAR) == [1, 0, 0, 0]
    assert counts.rows == 5


def test_days_in_stage_run_to_the_next_stage_reached() -> None:
    figures = count_extract(per_stage_extract(), PER_STAGE, STAGES, "month", as_of=AS_OF).figures
    assert figures[JAN]["lead"].median_days == 2.0  # 1, 10 and 2 days
    assert figures[FEB]["lead"].median_days == 1.0  # straight past MQL to SQL
    assert figures[JAN]["mql"].median_days == 0.5  # only r1 moved on; r3 was recycled
    assert figures[JAN]["sql"].median_days == 34.5
    assert figures[FEB]["sql"].median_days is None
    assert figures[JAN]["won"].median_days is None


def test_leakage_counts_arrivals_not_dealt_with_inside_the_window() -> None:
    leakage = count_extract(per_stage_extract(), PER_STAGE, STAGES, "month", as_of=AS_OF).leakage
    # Lead (48 h): r2 waited 10 days; r3 moved on after exactly 48 h; r5's window is open.
    assert leakage[JAN]["lead"] == StageLeakage(due=3, leaked=1)
    assert leakage[MAR]["lead"] == StageLeakage(due=0, leaked=0)
    # MQL (24 h): r2 never moved; r3 was recycled after 20 h, which is dealt with.
    assert leakage[JAN]["mql"] == StageLeakage(due=3, leaked=1)
    # SQL (72 h): moving on after 34 days is late; r4 never moved.
    assert leakage[JAN]["sql"] == StageLeakage(due=1, leaked=1)
    assert leakage[FEB]["sql"] == StageLeakage(due=1, leaked=1)
    assert "won" not in leakage[JAN]  # nothing comes after the last stage


def test_as_of_defaults_to_the_latest_date_in_the_extract() -> None:
    counts = count_extract(per_stage_extract(), PER_STAGE, STAGES, "month")
    assert counts.as_of == datetime(2026, 3, 30, 12, 0)
    # r5's lead window (48 h) has not passed by then either.
    assert counts.leakage[MAR]["lead"] == StageLeakage(due=0, leaked=0)
    # The moment the window closes, an untouched arrival has leaked.
    closing = datetime(2026, 4, 1, 12, 0)
    later = count_extract(per_stage_extract(), PER_STAGE, STAGES, "month", as_of=closing)
    assert later.leakage[MAR]["lead"] == StageLeakage(due=1, leaked=1)


def test_sla_compliance_from_an_extract() -> None:
    counts = count_extract(per_stage_extract(), PER_STAGE, STAGES, "month", as_of=AS_OF)
    sla = ServiceLevelAgreement(3, 0.6, 24, 6, 10, recycle_reason_required=True)
    by_period = {c.period: c for c in sla_compliance(sla, "mql", counts.figures, counts.handoffs)}
    jan = by_period[JAN]
    assert jan.result(SlaMeasure.MQLS_DELIVERED).met is True
    grade = jan.result(SlaMeasure.GRADE_AB_SHARE)
    assert (grade.count, grade.out_of, grade.met) == (2, 3, True)
    touch = jan.result(SlaMeasure.FIRST_TOUCH)  # 5 h, never, 36 h
    assert (touch.count, touch.out_of, touch.met) == (1, 3, False)
    disposition = jan.result(SlaMeasure.DISPOSITION)  # 12 h to SQL, never, recycled in 20 h
    assert (disposition.count, disposition.out_of) == (2, 3)
    attempts = jan.result(SlaMeasure.ATTEMPTS)  # only r3 was given back, after 6 attempts
    assert (attempts.count, attempts.out_of, attempts.met) == (1, 1, True)
    assert jan.result(SlaMeasure.RECYCLE_REASON).actual == 1.0
    feb = by_period[FEB]
    assert feb.result(SlaMeasure.MQLS_DELIVERED).actual == 0
    assert feb.result(SlaMeasure.FIRST_TOUCH).actual is None
    assert "no hand-off" in (feb.result(SlaMeasure.FIRST_TOUCH).reason or "")


def history_extract() -> dict[str, np.ndarray]:
    """A stage history, rows out of order; lead A is recycled and comes back in February."""
    rows = [
        ("A", "MQL", "2026-02-20"),
        ("B", "Lead", "2026-01-07"),
        ("A", "Lead", "2026-01-05"),
        ("A", "Nurture", "2026-01-11"),
        ("B", "marketing qualified", "2026-01-08"),
        ("A", "mql", "2026-01-10"),
        ("B", "MQL", "2026-01-09"),  # B again, still an MQL: not a new arrival
        ("A", "SQL", "2026-02-21"),
        (None, None, None),  # a blank line in the export
    ]
    return {
        "Lead id": text(*(r[0] for r in rows)),
        "Lifecycle stage": text(*(r[1] for r in rows)),
        "Changed": text(*(r[2] for r in rows)),
    }


HISTORY = ExtractMapping(
    stage_column="Lifecycle stage",
    date_column="Changed",
    record_id_column="Lead id",
    stage_values={
        "Lead": "lead",
        "MQL": "mql",
        "Marketing Qualified": "mql",
        "SQL": "sql",
        "Won": "won",
    },
    recycle_values=("Nurture",),
    handoff_stage="mql",
)


def test_stage_history_follows_each_record_including_a_recycled_lead() -> None:
    counts = count_extract(history_extract(), HISTORY, STAGES, "month", as_of=AS_OF)
    assert reached(counts.figures, JAN) == [2, 2, 0, 0]
    assert reached(counts.figures, FEB) == [0, 1, 1, 0]  # A reached MQL again
    assert counts.figures[JAN]["lead"].median_days == 3.0  # 5 days and 1 day
    assert counts.figures[JAN]["mql"].median_days is None  # recycled, or never moved
    assert counts.figures[FEB]["mql"].median_days == 1.0
    # A was recycled exactly 24 h after becoming an MQL: in time. B never moved.
    assert counts.leakage[JAN]["mql"] == StageLeakage(due=2, leaked=1)
    assert counts.leakage[FEB]["mql"] == StageLeakage(due=1, leaked=0)
    assert counts.leakage[JAN]["lead"] == StageLeakage(due=2, leaked=1)
    handoffs = counts.handoffs
    assert handoffs is not None and handoffs.recycled is not None
    assert sorted(handoffs.recycled.tolist()) == [False, False, True]


def test_a_recycled_lead_reaching_a_stage_twice_in_a_period_counts_once() -> None:
    columns = {
        "Lead id": text("A", "A", "A"),
        "Lifecycle stage": text("MQL", "Nurture", "MQL"),
        "Changed": text("2026-01-02", "2026-01-02T10:00", "2026-01-20"),
    }
    counts = count_extract(columns, HISTORY, STAGES, "month", as_of=AS_OF)
    assert counts.figures[JAN]["mql"].reached == 1
    assert counts.leakage[JAN]["mql"] == StageLeakage(due=2, leaked=1)  # each arrival judged


def test_stage_history_without_ids_counts_rows_only() -> None:
    columns = history_extract()
    del columns["Lead id"]
    mapping = ExtractMapping(
        stage_column="Lifecycle stage",
        date_column="Changed",
        stage_values=HISTORY.stage_values,
        recycle_values=HISTORY.recycle_values,
    )
    counts = count_extract(columns, mapping, STAGES, "month")
    assert reached(counts.figures, JAN) == [2, 3, 0, 0]
    assert counts.figures[JAN]["lead"].median_days is None
    assert counts.leakage == {}


def test_quarters_and_values() -> None:
    columns = per_stage_extract()
    columns["Amount"] = np.array([1000.0, 500.0, np.nan, 250.0, np.nan])
    mapping = ExtractMapping(stage_date_columns=PER_STAGE.stage_date_columns, value_column="Amount")
    figures = count_extract(columns, mapping, STAGES, "quarter", as_of=AS_OF).figures
    (q1,) = figures
    assert str(q1) == "2026-Q1"
    assert figures[q1]["lead"] == StageFigures(5, value=1750.0, median_days=1.5)
    assert figures[q1]["won"].value == 1000.0
    assert figures[q1]["mql"].value == 1500.0


def test_dates_as_datetime64_or_datetime_objects_count_the_same() -> None:
    expected = count_extract(per_stage_extract(), PER_STAGE, STAGES, "month", as_of=AS_OF)
    as_numpy = per_stage_extract()
    as_objects = per_stage_extract()
    for column in ("Lead date", "MQL date", "SQL date", "Customer date", "Recycled", "First touch"):
        parsed = np.array([v or None for v in as_numpy[column]], dtype="datetime64[s]")
        as_numpy[column] = parsed
        as_objects[column] = text(*(None if np.isnat(v) else v.astype(datetime) for v in parsed))
    for columns in (as_numpy, as_objects):
        counts = count_extract(columns, PER_STAGE, STAGES, "month", as_of=AS_OF)
        assert counts.figures == expected.figures
        assert counts.leakage == expected.leakage


class EncodedColumns(dict):
    """A table offering text columns as distinct values + codes, like the file reader."""

    def encoded(self, name: str) -> SimpleNamespace | None:
        values = self[name]
        if values.dtype != object:
            return None
        labels = sorted({v for v in values if v not in (None, "")})
        codes = np.array([labels.index(v) if v in labels else -1 for v in values], np.int32)
        return SimpleNamespace(labels=np.array(labels, dtype=object), codes=codes)


def test_a_table_with_encoded_text_columns_counts_the_same() -> None:
    for columns, mapping in ((per_stage_extract(), PER_STAGE), (history_extract(), HISTORY)):
        plain = count_extract(columns, mapping, STAGES, "month", as_of=AS_OF)
        coded = count_extract(EncodedColumns(columns), mapping, STAGES, "month", as_of=AS_OF)
        assert coded.figures == plain.figures
        assert coded.leakage == plain.leakage


def test_chunks_give_the_same_counts_progress_and_cancel(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = count_extract(history_extract(), HISTORY, STAGES, "month", as_of=AS_OF)
    monkeypatch.setattr(extract_module, "CHUNK_ROWS", 2)
    seen: list[float] = []
    chunked = count_extract(
        history_extract(), HISTORY, STAGES, "month", as_of=AS_OF, progress=seen.append
    )
    assert chunked.figures == whole.figures and chunked.leakage == whole.leakage
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 5
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        count_extract(history_extract(), HISTORY, STAGES, "month", cancel=token)


# --- malformed extracts ----------------------------------------------------------------


def problems_of(columns: dict, mapping: ExtractMapping, source: str = "leads.csv") -> list:
    with pytest.raises(ImportFailed) as caught:
        count_extract(columns, mapping, STAGES, "month", source=source)
    return caught.value.problems


def test_an_unreadable_date_names_the_row_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract_module, "CHUNK_ROWS", 2)  # the bad cell is in a later chunk
    columns = per_stage_extract()
    columns["MQL date"] = text("2026-01-06", "2026-01-20", "2026-01-16", "31/01/2026", None)
    source = str(tmp_path / "leads.csv")
    (problem,) = problems_of(columns, PER_STAGE, source)
    assert (problem.row, problem.column) == (5, "MQL date")
    assert "'31/01/2026' is not a date" in str(problem)
    assert str(problem).startswith("leads.csv, row 5, column 'MQL date'")


def test_implausible_dates_and_numbers_are_not_dates() -> None:
    columns = per_stage_extract()
    columns["Lead date"] = text("20260105", "2026-01-10", "2026-01-15", "2026-02-01", None)
    (problem,) = problems_of(columns, PER_STAGE)
    assert (problem.row, problem.column) == (2, "Lead date")
    columns["Lead date"] = np.array([45000.0, np.nan, np.nan, np.nan, np.nan])
    (problem,) = problems_of(columns, PER_STAGE)
    assert "holds numbers" in problem.message


def test_an_empty_date_column_is_refused() -> None:
    columns = per_stage_extract()
    columns["Customer date"] = text(None, None, "", None, None)
    (problem,) = problems_of(columns, PER_STAGE)
    assert problem.column == "Customer date" and "no dates" in problem.message


def test_unknown_stage_values_are_listed() -> None:
    columns = history_extract()
    columns["Lifecycle stage"][1] = "Closed Lost"
    columns["Lifecycle stage"][4] = "Evangelist"
    (problem,) = problems_of(columns, HISTORY)
    assert problem.row == 3 and problem.column == "Lifecycle stage"
    assert "'Closed Lost'" in problem.message and "'Evangelist'" in problem.message


def test_half_filled_history_rows_and_missing_ids_are_refused() -> None:
    columns = history_extract()
    columns["Changed"][2] = None
    columns["Lead id"][5] = None
    problems = problems_of(columns, HISTORY)
    assert [(p.row, p.column) for p in problems] == [(4, "Changed"), (7, "Lead id")]


def test_a_missing_column_or_a_wrong_mapping_is_refused() -> None:
    columns = per_stage_extract()
    del columns["SQL date"]
    (problem,) = problems_of(columns, PER_STAGE)
    assert problem.column == "SQL date" and "no such column" in problem.message
    unknown_stage = ExtractMapping(stage_date_columns={"deal": "Customer date"})
    with pytest.raises(ValidationError, match="'deal' is not a stage"):
        count_extract(per_stage_extract(), unknown_stage, STAGES)
    both_shapes = ExtractMapping(stage_column="X", date_column="Y", stage_date_columns={"a": "b"})
    with pytest.raises(ValidationError, match="either a stage column"):
        count_extract(per_stage_extract(), both_shapes, STAGES)


# --- a plain-Python reference for the date-per-stage shape -------------------------------

DAY0 = datetime(2026, 1, 1)
# Hours after DAY0; half of them on a 12-hour grid so that windows often end exactly.
hours = st.one_of(st.integers(0, 240).map(lambda h: h * 12), st.integers(0, 24 * 120))
offsets = st.one_of(st.none(), hours)


def reference(rows: list[list[int | None]], recycle: list[int | None], windows: list[int | None]):
    """Count the way a careful person would, record by record (times in hours)."""
    as_of = max(h for row in [*rows, recycle] for h in row if h is not None)
    reached: dict = {}
    stays: dict = {}
    leak: dict = {}
    for row, back in zip(rows, recycle, strict=True):
        for s, at in enumerate(row):
            if at is None:
                continue
            day = DAY0 + timedelta(hours=at)
            key = ((day.year, day.month), s)
            reached[key] = reached.get(key, 0) + 1
            later = next((h for h in row[s + 1 :] if h is not None), None)
            if later is not None and later >= at:
                stays.setdefault(key, []).append((later - at) / 24)
            window = windows[s]
            if window is None or s == len(row) - 1:
                continue
            in_time = (later is not None and later - at <= window) or (
                back is not None and at <= back <= at + window
            )
            elapsed = at + window <= as_of
            due, leaked = leak.get(key, (0, 0))
            leak[key] = (due + (in_time or elapsed), leaked + (not in_time and elapsed))
    return reached, stays, leak


@settings(max_examples=60, deadline=None)
@given(
    first=st.lists(hours, min_size=3, max_size=3),
    rest=st.lists(st.lists(offsets, min_size=3, max_size=3), max_size=24),
    recycle_offsets=st.lists(offsets, min_size=25, max_size=25),
    windows=st.lists(st.sampled_from([None, 12, 24, 48, 100]), min_size=3, max_size=3),
)
def test_counting_matches_a_plain_reference(first, rest, recycle_offsets, windows) -> None:
    rows: list[list[int | None]] = [list(first), *rest]  # every stage reached at least once
    recycle = recycle_offsets[: len(rows)]
    stages = [StageInfo(f"s{i}", f"Stage {i}", windows[i]) for i in range(3)]

    def column(values: list[int | None]) -> np.ndarray:
        return text(
            *(None if h is None else (DAY0 + timedelta(hours=h)).isoformat() for h in values)
        )

    columns = {f"d{i}": column([row[i] for row in rows]) for i in range(3)}
    columns["back"] = column(recycle)
    mapping = ExtractMapping(
        stage_date_columns={f"s{i}": f"d{i}" for i in range(3)}, recycle_column="back"
    )
    counts = count_extract(columns, mapping, stages, "month")
    expected_reached, stays, leak = reference(rows, recycle, windows)
    for period, by_stage in counts.figures.items():
        for s in range(3):
            key = ((period.year, period.number), s)
            figures = by_stage[f"s{s}"]
            assert figures.reached == expected_reached.get(key, 0)
            expected_median = statistics.median(stays[key]) if key in stays else None
            assert figures.median_days == pytest.approx(expected_median)
            found = counts.leakage.get(period, {}).get(f"s{s}")
            if windows[s] is None or s == 2:
                assert found is None
            else:
                assert found is not None and (found.due, found.leaked) == leak.get(key, (0, 0))
    counted = sum(f.reached for by_stage in counts.figures.values() for f in by_stage.values())
    assert counted == sum(expected_reached.values())  # no arrival left out of every period
