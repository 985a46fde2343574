"""Turning one column parsed by Arrow into NumPy, the first time someone uses it.

Everything a column needs is decided per distinct value with Arrow's vectorised
functions: which values are placeholders, whether the rest are all numbers (then the
column is numeric), and the encoded text otherwise.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from app.services.tabular.table import MISSING_CODE, EncodedText, LazyColumn
from app.services.tabular.values import NUMBER_PATTERN, PLACEHOLDERS

_NUMBER_REGEX = f"^{NUMBER_PATTERN}$"
_DECIMAL_COMMA_REGEX = r"^[+-]?\d+,\d+$"


class ArrowColumn(LazyColumn):
    """A column of a pyarrow Table; `decimal_comma` accepts "3,5" as a number."""

    def __init__(self, chunked: Any, *, decimal_comma: bool = False) -> None:
        super().__init__()
        self._chunked = chunked
        self._decimal_comma = decimal_comma

    def _convert(self) -> np.ndarray | EncodedText:
        import pyarrow as pa
        import pyarrow.compute as pc

        column = self._chunked
        kind = column.type
        if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
            values = pc.cast(column, pa.float64()).to_numpy()
            self._chunked = None  # the Arrow copy is no longer needed
            return np.asarray(values, dtype=np.float64)
        if pa.types.is_null(kind):
            return EncodedText(np.full(len(column), MISSING_CODE, np.int32), _objects([]))
        # Encoding a chunked column gives chunks that all share the final dictionary.
        encoded = pc.dictionary_encode(column)
        labels = encoded.chunk(0).dictionary
        if not (pa.types.is_string(labels.type) or pa.types.is_large_string(labels.type)):
            labels = pc.cast(labels, pa.string())  # dates, times: as ISO text
        indices = pa.chunked_array([chunk.indices for chunk in encoded.chunks])
        codes = pc.fill_null(indices, MISSING_CODE).to_numpy().astype(np.int32, copy=False)
        self._chunked = None
        trimmed = pc.utf8_trim_whitespace(labels)
        placeholder = pc.is_in(pc.utf8_lower(trimmed), value_set=pa.array(sorted(PLACEHOLDERS)))
        placeholder_np = placeholder.to_numpy(zero_copy_only=False).astype(bool)
        numbers = self._numbers(trimmed, placeholder_np)
        if numbers is not None:
            with_missing = np.append(numbers, np.nan)
            return with_missing.take(codes)
        label_objects = labels.to_numpy(zero_copy_only=False)
        if placeholder_np.any():
            keep = ~placeholder_np
            new_code = np.where(keep, np.cumsum(keep) - 1, MISSING_CODE).astype(np.int32)
            codes = np.append(new_code, np.int32(MISSING_CODE)).take(codes)
            label_objects = label_objects[keep]
        return EncodedText(codes=codes, labels=_objects(label_objects))

    def _numbers(self, trimmed: Any, placeholder: np.ndarray) -> np.ndarray | None:
        """Each label as a number (NaN for placeholders), or None if any is text."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if placeholder.all():
            return None
        # Most text columns give themselves away in their first few distinct values.
        head = min(len(trimmed), 64)
        if not self._all_numbers(trimmed.slice(0, head), placeholder[:head]):
            return None
        if pc.all(
            pc.or_(pc.match_substring_regex(trimmed, _NUMBER_REGEX), pa.array(placeholder))
        ).as_py():
            source = trimmed
        elif self._all_numbers(trimmed, placeholder):
            source = pc.replace_substring(trimmed, ",", ".")
        else:
            return None
        masked = pc.if_else(pa.array(placeholder), pa.scalar(None, pa.string()), source)
        return pc.cast(masked, pa.float64()).to_numpy(zero_copy_only=False).astype(np.float64)

    def _all_numbers(self, trimmed: Any, placeholder: np.ndarray) -> bool:
        """Every label is a number or a placeholder (decimal commas when allowed)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        ok = pc.or_(pc.match_substring_regex(trimmed, _NUMBER_REGEX), pa.array(placeholder))
        if self._decimal_comma:
            ok = pc.or_(ok, pc.match_substring_regex(trimmed, _DECIMAL_COMMA_REGEX))
        return bool(pc.all(ok).as_py())


def _objects(values: Any) -> np.ndarray:
    if isinstance(values, np.ndarray) and values.dtype == object:
        return values
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out
