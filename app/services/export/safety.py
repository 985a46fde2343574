"""Making workspace text safe to hand to a spreadsheet or a CRM import.

Three rules, applied to every text cell of the workbook and of the CSV files:

1. **Formula injection.** Text that a spreadsheet could start evaluating — it begins
   with `=`, `+`, `-`, `@`, a tab or a carriage return, or a full-width / small-form
   look-alike of `=`, `+`, `-`, `@` or the Unicode minus sign, possibly after leading
   spaces or invisible formatting characters — gets a single quote (`'`) in front, as
   data, which is OWASP's advice for CSV injection. The quote is visible in the cell on
   purpose: it is the only marker that survives every CRM import and every CSV round.
   *Negative numbers:* text that is exactly a plain signed number (`-5`, `+2.5`,
   `-1e3`) is left alone. A spreadsheet reads it as a number, never as a formula, and
   prefixing it would corrupt values such as a criterion threshold of `-5`.
   Text that already begins with quotes followed by a trigger (`'=x`) gets one more
   quote, so `restore_text` (strip exactly one quote when what follows is a trigger
   after optional quotes) gives back the original every time.
2. **Control characters.** CR LF and lone CR become LF (line breaks are kept); every
   other control character, lone surrogate and the XML non-characters U+FFFE/U+FFFF
   are removed, since XML cannot carry them and CRMs choke on them.
3. **Length.** A cell holds at most 32,767 characters (Excel's limit, also what most
   CRM imports accept); longer text is cut and the caller is told so it can warn,
   naming sheet, row and column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_CELL_CHARS = 32_767
QUOTE = "'"

# ASCII triggers plus the look-alikes some spreadsheets normalise to them.
_TRIGGERS = frozenset("=+-@\t\r＝﹦＋﹢－﹣−＠﹫")
_LINE_BREAKS_RE = re.compile(r"\r\n?")
_UNSAFE_CHARS_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_PLAIN_NUMBER_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# A first character that needs a closer look: a trigger, a quote, whitespace or an
# invisible formatting character in front of what could be a trigger.
_SUSPECT_START = _TRIGGERS | {QUOTE}


@dataclass(frozen=True)
class SafeText:
    """Text ready for a cell, and whether it had to be cut to fit."""

    text: str
    truncated: bool = False


def clean_text(text: str) -> str:
    """Normalise line breaks and drop characters that cannot go into a cell."""
    if "\r" in text:
        text = _LINE_BREAKS_RE.sub("\n", text)
    if _UNSAFE_CHARS_RE.search(text):
        text = _UNSAFE_CHARS_RE.sub("", text)
    return text


def _skip_invisible(text: str) -> str:
    index = 0
    while index < len(text) and (
        text[index].isspace() or unicodedata.category(text[index]) == "Cf"
    ):
        index += 1
    return text[index:]


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read `text` as the start of a formula."""
    if not text:
        return False
    first = text[0]
    if first not in _TRIGGERS and not first.isspace() and unicodedata.category(first) != "Cf":
        return False
    visible = _skip_invisible(text)
    if not visible or visible[0] not in _TRIGGERS:
        # Tabs and carriage returns are whitespace, so check them before skipping.
        return first in ("\t", "\r")
    return _PLAIN_NUMBER_RE.fullmatch(visible.strip()) is None


def neutralise(text: str) -> str:
    """Prefix a quote when the text (after any leading quotes) looks like a formula."""
    suspect = text and (text[0] in _SUSPECT_START or text[0].isspace() or not text[0].isprintable())
    if suspect and looks_like_formula(text.lstrip(QUOTE)):
        return QUOTE + text
    return text


def restore_text(text: str) -> str:
    """Undo `neutralise`: drop the one quote it added, and nothing else."""
    if text.startswith(QUOTE) and looks_like_formula(text[1:].lstrip(QUOTE)):
        return text[1:]
    return text


def safe_text(text: str) -> SafeText:
    """Apply all three rules; `truncated` says the text was cut to the cell limit."""
    text = neutralise(clean_text(text))
    if len(text) <= MAX_CELL_CHARS:
        return SafeText(text)
    return SafeText(text[:MAX_CELL_CHARS], truncated=True)
