"""A table read from a lead file: named columns as NumPy arrays, converted on first use.

Numeric columns are float64 arrays (NaN = missing); text columns are object arrays
(None = missing). A CRM extract often has dozens of columns of which a backtest uses a
handful, so each column is converted from the reader's native form only when it is
first asked for; text columns also keep an encoded form (distinct values plus one code
per row) that lets the scoring engine test a rule once per distinct value.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.services.tabular.values import is_missing_text, text_of

MISSING_CODE = -1


@dataclass(frozen=True)
class EncodedText:
    """A text column as its distinct values and, per row, the index of its value.

    `labels` holds each distinct non-missing text once (object array of str);
    `codes` (int32, one per row) indexes into it, with -1 for a missing value.
    """

    codes: np.ndarray
    labels: np.ndarray

    def to_array(self) -> np.ndarray:
        """The column as an object array with None for missing values."""
        with_missing = np.empty(len(self.labels) + 1, dtype=object)
        with_missing[:-1] = self.labels
        # Code -1 picks the trailing None: NumPy reads negative indices from the end.
        return with_missing.take(self.codes)


def encode_values(values: np.ndarray | list[object]) -> EncodedText:
    """Encode any sequence of cell values as text; placeholders become missing.

    Work is done once per distinct value; rows are only looked up, at C speed.
    """
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    label_codes: dict[str, int] = {}
    code_of: dict[object, int] = {}
    for value in dict.fromkeys(items):
        text = text_of(value)
        if is_missing_text(text):
            code_of[value] = MISSING_CODE
        else:
            assert text is not None
            code_of[value] = label_codes.setdefault(text, len(label_codes))
    codes = np.fromiter(map(code_of.__getitem__, items), dtype=np.int32, count=len(items))
    labels = np.empty(len(label_codes), dtype=object)
    labels[:] = list(label_codes)
    return EncodedText(codes=codes, labels=labels)


class LazyColumn:
    """One column in the reader's native form, converted to NumPy on first use.

    A subclass's `_convert` gives either a float64 array (numeric column) or the
    encoded text; the object array of a text column is built only if asked for.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done: np.ndarray | EncodedText | None = None
        self._objects: np.ndarray | None = None

    def converted(self) -> np.ndarray | EncodedText:
        """The numeric array or the encoded text; computed once."""
        if self._done is None:
            with self._lock:
                if self._done is None:
                    self._done = self._convert()
        return self._done

    def array(self) -> np.ndarray:
        done = self.converted()
        if isinstance(done, np.ndarray):
            return done
        if self._objects is None:
            self._objects = done.to_array()
        return self._objects

    def encoded(self) -> EncodedText | None:
        done = self.converted()
        return done if isinstance(done, EncodedText) else None

    def _convert(self) -> np.ndarray | EncodedText:
        raise NotImplementedError


class ArrayColumn(LazyColumn):
    """A column handed over as an array (tests, synthetic data, other readers)."""

    def __init__(self, values: np.ndarray | list[object]) -> None:
        super().__init__()
        self._values = np.asarray(values)

    def _convert(self) -> np.ndarray | EncodedText:
        values = self._values
        if values.dtype.kind in "fiu":
            return values.astype(np.float64, copy=False)
        return encode_values(values)


class Columns(Mapping[str, np.ndarray]):
    """Column name → NumPy array, in file order; each column converted when first read."""

    def __init__(self, sources: Mapping[str, LazyColumn]) -> None:
        self._sources = dict(sources)

    def __getitem__(self, name: str) -> np.ndarray:
        return self._sources[name].array()

    def __contains__(self, name: object) -> bool:
        # Mapping's default would convert the column just to answer yes.
        return name in self._sources

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def encoded(self, name: str) -> EncodedText | None:
        """The encoded form of a text column; None for a numeric column."""
        return self._sources[name].encoded()


def _default_row(index: int) -> int:
    return index + 2


@dataclass
class Table:
    """Rows of a lead file: `columns` maps each header (trimmed) to a NumPy array."""

    source: Path
    columns: Columns
    n_rows: int
    sheet: str | None = None
    row_locator: Callable[[int], int] = field(default=_default_row, repr=False)

    @property
    def column_names(self) -> list[str]:
        return list(self.columns)

    def encoded(self, name: str) -> EncodedText | None:
        """The encoded form of text column `name` (None for a numeric column)."""
        return self.columns.encoded(name)

    def spreadsheet_row(self, index: int) -> int:
        """The row number a spreadsheet shows for data row `index` (0-based)."""
        return self.row_locator(index)

    @classmethod
    def from_arrays(
        cls,
        columns: Mapping[str, np.ndarray | list[object]],
        *,
        source: Path | str = "table",
    ) -> Table:
        """A table over arrays already in memory; all columns must be the same length."""
        lengths = {len(values) for values in columns.values()}
        if len(lengths) > 1:
            raise ValueError("All columns of a table must have the same length.")
        n_rows = lengths.pop() if lengths else 0
        sources = {name: ArrayColumn(values) for name, values in columns.items()}
        return cls(source=Path(source), columns=Columns(sources), n_rows=n_rows)

    @classmethod
    def from_encoded(
        cls,
        numeric: Mapping[str, np.ndarray],
        text: Mapping[str, EncodedText],
        *,
        source: Path | str = "table",
    ) -> Table:
        """A table over columns that are already numeric or encoded text."""
        sources: dict[str, LazyColumn] = {n: ArrayColumn(v) for n, v in numeric.items()}
        sources.update({n: _EncodedColumn(e) for n, e in text.items()})
        lengths = {len(v) for v in numeric.values()} | {len(e.codes) for e in text.values()}
        if len(lengths) > 1:
            raise ValueError("All columns of a table must have the same length.")
        n_rows = lengths.pop() if lengths else 0
        return cls(source=Path(source), columns=Columns(sources), n_rows=n_rows)


class _EncodedColumn(LazyColumn):
    def __init__(self, encoded: EncodedText) -> None:
        super().__init__()
        self._encoded = encoded

    def _convert(self) -> np.ndarray | EncodedText:
        return self._encoded
