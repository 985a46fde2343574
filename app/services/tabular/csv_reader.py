"""Read a CSV lead file with Apache Arrow's multi-threaded parser.

Arrow parses and types the whole file natively; placeholders in their common spellings
are turned into nulls while parsing. Columns stay in Arrow form until first used (see
`ArrowColumn`). When rows have the wrong number of values, the file is scanned again
with Python's csv module, which is slow but tells the user exactly which rows.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from app.services.errors import ImportFailed, ImportProblem
from app.services.progress import CancelToken, ProgressCallback, report
from app.services.tabular.arrow_columns import ArrowColumn
from app.services.tabular.header import check_header
from app.services.tabular.sniff import TextLayout, detect_text_layout, guess_encoding, refuse
from app.services.tabular.table import Columns, Table
from app.services.tabular.values import PLACEHOLDERS, column_letter

MAX_PROBLEMS = 10
STREAM_ABOVE_BYTES = 32 * 2**20
"""Larger files are fed to Arrow block by block, reporting progress and checking Cancel."""


def _spellings(word: str) -> list[str]:
    """Every upper/lower-case spelling of a placeholder word ("n/a", "N/a", …)."""
    options = [(ch.lower(), ch.upper()) if ch.isalpha() else (ch,) for ch in word]
    return sorted({"".join(parts) for parts in itertools.product(*options)})


NULL_SPELLINGS: list[str] = sorted({s for word in PLACEHOLDERS for s in _spellings(word)})


class _ProgressFile:
    """Hands the file to Arrow while reporting progress and honouring Cancel.

    Deliberately not an io.RawIOBase: its generic `read` adds a copy per block that
    made reading a third slower.
    """

    closed = False

    def __init__(
        self,
        handle: io.BufferedReader,
        size: int,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> None:
        self._handle = handle
        self._size = max(1, size)
        self._progress = progress
        self._cancel = cancel
        self._done = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def read(self, size: int = -1) -> bytes:
        if self._cancel is not None:
            self._cancel.raise_if_cancelled()
        data = self._handle.read(size)
        self._done += len(data)
        report(self._progress, 0.95 * self._done / self._size)
        return data

    def close(self) -> None:
        """The caller's `with` block closes the real file."""


def read_csv_table(
    path: Path,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Table:
    """Read a delimited text file into a Table; see `read_table` for the rules."""
    layout, _sample = detect_text_layout(path)
    try:
        arrow_table = _parse_or_explain(path, layout, progress, cancel)
    except _NotUtf8:
        # The sample was plain ASCII; a legacy encoding shows only further down.
        layout = TextLayout(_guess_whole_file(path), layout.delimiter)
        arrow_table = _parse_or_explain(path, layout, progress, cancel)
    names = [name.strip() for name in arrow_table.column_names]
    # An unnamed column with no values (a trailing delimiter on every line) is dropped.
    keep = [
        i
        for i, name in enumerate(names)
        if name or arrow_table.column(i).null_count < arrow_table.num_rows
    ]
    check_header(path, [names[i] for i in keep], letters=[column_letter(i) for i in keep])
    if arrow_table.num_rows == 0:
        raise refuse(path, "The file has column names but no rows of leads.", row=2)
    decimal_comma = layout.delimiter == ";"
    sources = {
        names[i]: ArrowColumn(arrow_table.column(i), decimal_comma=decimal_comma) for i in keep
    }
    report(progress, 1.0)
    return Table(
        source=path,
        columns=Columns(sources),
        n_rows=arrow_table.num_rows,
        row_locator=_RowLocator(path, layout),
    )


def _parse_or_explain(
    path: Path, layout: TextLayout, progress: ProgressCallback | None, cancel: CancelToken | None
) -> Any:
    try:
        return _parse(path, layout, progress, cancel, newlines_in_values=False)
    except _RaggedRows:
        pass
    # Quoted values spanning lines confuse the fast block splitter; retry carefully.
    try:
        return _parse(path, layout, progress, cancel, newlines_in_values=True)
    except _RaggedRows:
        raise ImportFailed(locate_ragged_rows(path, layout)) from None


class _RaggedRows(Exception):
    pass


class _NotUtf8(Exception):
    pass


def _parse(
    path: Path,
    layout: TextLayout,
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    *,
    newlines_in_values: bool,
) -> Any:
    import pyarrow as pa
    from pyarrow import csv as pa_csv

    ragged: list[object] = []

    def note_ragged(row: object) -> str:
        ragged.append(row)
        return "skip"

    native = layout.encoding in ("utf-8", "utf-8-sig")
    read_options = pa_csv.ReadOptions(encoding="utf8" if native else layout.encoding)
    parse_options = pa_csv.ParseOptions(
        delimiter=layout.delimiter,
        newlines_in_values=newlines_in_values,
        invalid_row_handler=note_ragged,
    )
    convert_options = pa_csv.ConvertOptions(
        null_values=NULL_SPELLINGS,
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
        # Keep "yes/no", "TRUE/FALSE" as the text they are; the backtest reads them.
        true_values=[],
        false_values=[],
    )
    size = path.stat().st_size
    try:
        if size <= STREAM_ABOVE_BYTES:
            # Small files are read in a blink; Arrow's own file access is quickest.
            table = pa_csv.read_csv(
                path,
                read_options=read_options,
                parse_options=parse_options,
                convert_options=convert_options,
            )
        else:
            with path.open("rb") as handle:
                table = pa_csv.read_csv(
                    _ProgressFile(handle, size, progress, cancel),
                    read_options=read_options,
                    parse_options=parse_options,
                    convert_options=convert_options,
                )
    except pa.ArrowInvalid as exc:
        message = str(exc)
        if native and "UTF8" in message.upper().replace("-", ""):
            raise _NotUtf8() from exc
        if "Expected" in message and "columns" in message:
            raise _RaggedRows() from exc
        raise refuse(path, f"The file could not be read as CSV ({_short(message)}).") from exc
    except (UnicodeDecodeError, LookupError) as exc:
        raise refuse(
            path, f"The file is not valid {layout.encoding} text and could not be decoded."
        ) from exc
    if ragged:
        raise _RaggedRows()
    if native and any(pa.types.is_binary(f.type) for f in table.schema):
        raise _NotUtf8()  # Arrow keeps undecodable text as bytes rather than failing
    return table


def _short(message: str) -> str:
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    return first[:200]


def _guess_whole_file(path: Path) -> str:
    """Guess the encoding from the first non-ASCII stretch, wherever it lies."""
    data = path.read_bytes()
    first_high = next((i for i, byte in enumerate(data) if byte > 0x7F), 0)
    start = max(0, first_high - 1024)
    encoding = guess_encoding(path, data[start : start + 256 * 1024])
    if encoding in ("utf-8", "ascii"):
        return "cp1252"
    return encoding


def _records(path: Path, layout: TextLayout) -> tuple[TextIO, Iterator[list[str]]]:
    handle = path.open("r", encoding=layout.encoding, errors="replace", newline="")
    return handle, csv.reader(handle, delimiter=layout.delimiter)


def locate_ragged_rows(path: Path, layout: TextLayout) -> list[ImportProblem]:
    """Rows whose number of values differs from the header's, as a user would see them."""
    handle, reader = _records(path, layout)
    problems: list[ImportProblem] = []
    with handle:
        header = next(reader, [])
        names = [name.strip() for name in header]
        for row_number, record in enumerate(reader, start=2):
            if not record or len(record) == len(header):
                continue
            if len(record) > len(header):
                column = column_letter(len(header))
                message = (
                    f"This row has {len(record)} values but the header names {len(header)} columns."
                )
            else:
                column = names[len(record)] or column_letter(len(record))
                message = (
                    f"This row has only {len(record)} values but the header names "
                    f"{len(header)} columns."
                )
            problems.append(ImportProblem(str(path), message, row=row_number, column=column))
            if len(problems) >= MAX_PROBLEMS:
                break
    if not problems:
        problems.append(
            ImportProblem(str(path), "Some rows do not have as many values as the header.")
        )
    return problems


class _RowLocator:
    """Maps a data row index to the row a spreadsheet shows, counting blank lines.

    Only needed when reporting a problem, so the file is scanned then, not before.
    """

    def __init__(self, path: Path, layout: TextLayout) -> None:
        self._path = path
        self._layout = layout
        self._rows: list[int] | None = None

    def __call__(self, index: int) -> int:
        if self._rows is None:
            self._rows = self._scan()
        return self._rows[index] if 0 <= index < len(self._rows) else index + 2

    def _scan(self) -> list[int]:
        handle, reader = _records(self._path, self._layout)
        with handle:
            next(reader, None)
            return [n for n, record in enumerate(reader, start=2) if record]
