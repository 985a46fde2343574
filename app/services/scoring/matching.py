"""Which rows a single criterion fires on, for a whole column at once.

A text column is tested once per distinct value (its encoded labels), then the answer
is spread to the rows by their codes; a numeric column is compared directly. The
rules, shared with the plain reference scorer:

- missing (None, NaN, blank or a placeholder) fires only `is_empty`;
- text is compared trimmed and lower-case; `contains`/`starts_with` look for the value
  as a substring / prefix;
- `gte`/`lte`/`between` (bounds included) compare numbers; text that holds a number
  (" 12 ") is read as that number, other text never fires them;
- on a numeric column `equals`/`one_of` compare numbers, and `contains`/`starts_with`
  look at the number as a spreadsheet prints it ("1200", "2.5").
"""

from __future__ import annotations

import math

import numpy as np

from app.services.errors import ValidationError
from app.services.scoring.spec import CriterionSpec, Operator
from app.services.tabular.table import EncodedText, encode_values
from app.services.tabular.values import (
    format_number,
    is_missing_text,
    normalise_text,
    parse_number,
)


def criterion_number(criterion: CriterionSpec, position: int) -> float:
    """The numeric bound at `position` of a ≥/≤/between criterion."""
    if len(criterion.values) <= position:
        needed = "two numbers" if criterion.operator is Operator.BETWEEN else "a number"
        raise ValidationError(
            f"The rule on '{criterion.field}' ({criterion.operator.value}) needs {needed}.",
            field=criterion.field,
        )
    number = parse_number(criterion.values[position])
    if number is None:
        raise ValidationError(
            f"The rule on '{criterion.field}' needs a number, not '{criterion.values[position]}'.",
            field=criterion.field,
        )
    return number


def criterion_text(criterion: CriterionSpec) -> str:
    """The (normalised) text an equals/contains/starts-with criterion looks for."""
    if not criterion.values:
        raise ValidationError(
            f"The rule on '{criterion.field}' ({criterion.operator.value}) needs a value.",
            field=criterion.field,
        )
    return normalise_text(criterion.values[0])


def numbers_in(values: tuple[str, ...]) -> list[float]:
    """The criterion values that are numbers (for equals/one_of on numeric columns)."""
    return [n for n in map(parse_number, values) if n is not None]


def compare_numbers(criterion: CriterionSpec, numbers: np.ndarray) -> np.ndarray:
    """≥, ≤ or between over an array of numbers (NaN never fires)."""
    with np.errstate(invalid="ignore"):
        if criterion.operator is Operator.GTE:
            return numbers >= criterion_number(criterion, 0)
        if criterion.operator is Operator.LTE:
            return numbers <= criterion_number(criterion, 0)
        low, high = criterion_number(criterion, 0), criterion_number(criterion, 1)
        return (numbers >= low) & (numbers <= high)


class MissingColumn:
    """A field the table does not have: every row counts as empty."""

    def __init__(self, n_rows: int) -> None:
        self.n_rows = n_rows

    def fired(self, criterion: CriterionSpec) -> np.ndarray:
        fires = criterion.operator is Operator.IS_EMPTY
        return np.full(self.n_rows, fires, dtype=bool)


class TextColumn:
    """An encoded text column; each criterion is judged once per distinct value."""

    def __init__(self, encoded: EncodedText) -> None:
        self.codes = encoded.codes
        self.n_rows = len(encoded.codes)
        labels = encoded.labels.tolist()
        missing = [is_missing_text(label) for label in labels]
        self.label_missing = np.array(missing, dtype=bool)
        self.normalised = [
            "" if gone else normalise_text(label)
            for label, gone in zip(labels, missing, strict=True)
        ]
        self._numbers: np.ndarray | None = None

    @property
    def numbers(self) -> np.ndarray:
        if self._numbers is None:
            parsed = [parse_number(text) for text in self.normalised]
            self._numbers = np.array(
                [math.nan if n is None else n for n in parsed], dtype=np.float64
            )
        return self._numbers

    def label_fires(self, criterion: CriterionSpec) -> np.ndarray:
        """Per distinct value: does the criterion fire (missing labels excluded)."""
        op = criterion.operator
        texts = self.normalised
        if op is Operator.IS_EMPTY:
            return self.label_missing.copy()
        if op is Operator.IS_NOT_EMPTY:
            return ~self.label_missing
        if op is Operator.EQUALS:
            wanted = criterion_text(criterion)
            hits = [text == wanted for text in texts]
        elif op is Operator.ONE_OF:
            options = {normalise_text(value) for value in criterion.values}
            hits = [text in options for text in texts]
        elif op is Operator.CONTAINS:
            part = criterion_text(criterion)
            hits = [part in text for text in texts]
        elif op is Operator.STARTS_WITH:
            prefix = criterion_text(criterion)
            hits = [text.startswith(prefix) for text in texts]
        else:
            return compare_numbers(criterion, self.numbers) & ~self.label_missing
        return np.array(hits, dtype=bool) & ~self.label_missing

    def fired(self, criterion: CriterionSpec) -> np.ndarray:
        per_label = self.label_fires(criterion)
        missing_fires = criterion.operator is Operator.IS_EMPTY
        # Code -1 (missing) reads the extra last slot.
        return np.append(per_label, missing_fires).take(self.codes)


class NumericColumn:
    """A float64 column (NaN = missing)."""

    def __init__(self, values: np.ndarray) -> None:
        self.values = values
        self.n_rows = len(values)
        self._as_text: TextColumn | None = None

    def fired(self, criterion: CriterionSpec) -> np.ndarray:
        op = criterion.operator
        values = self.values
        if op is Operator.IS_EMPTY:
            return np.isnan(values)
        if op is Operator.IS_NOT_EMPTY:
            return ~np.isnan(values)
        if op in (Operator.EQUALS, Operator.ONE_OF):
            if op is Operator.EQUALS:
                criterion_text(criterion)  # same message as text columns when no value
            wanted = numbers_in(criterion.values[:1] if op is Operator.EQUALS else criterion.values)
            if not wanted:
                return np.zeros(len(values), dtype=bool)
            return np.isin(values, wanted)
        if op in (Operator.CONTAINS, Operator.STARTS_WITH):
            return self.as_text().fired(criterion)
        return compare_numbers(criterion, values)

    def as_text(self) -> TextColumn:
        """The column as the text a spreadsheet prints, for contains / starts with."""
        if self._as_text is None:
            present = ~np.isnan(self.values)
            distinct, inverse = np.unique(self.values[present], return_inverse=True)
            codes = np.full(len(self.values), -1, dtype=np.int32)
            codes[present] = inverse
            labels = np.empty(len(distinct), dtype=object)
            labels[:] = [format_number(float(n)) for n in distinct]
            self._as_text = TextColumn(EncodedText(codes=codes, labels=labels))
        return self._as_text


ColumnView = MissingColumn | TextColumn | NumericColumn


def column_view(values: np.ndarray | None, encoded: EncodedText | None, n_rows: int) -> ColumnView:
    """The right view of a column: numeric, encoded text, or missing altogether."""
    if encoded is not None:
        return TextColumn(encoded)
    if values is None:
        return MissingColumn(n_rows)
    values = np.asarray(values)
    if values.dtype.kind in "fiu":
        return NumericColumn(values.astype(np.float64, copy=False))
    return TextColumn(encode_values(values))
