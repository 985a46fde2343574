"""Recognise a lead file from its bytes: workbook or text, and for text its encoding
and delimiter. The file name's suffix is never trusted: CRMs and colleagues rename.
"""

from __future__ import annotations

import codecs
import csv
import enum
import io
import mmap
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.services.errors import ImportFailed, ImportProblem

SAMPLE_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t", "|")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Share of control characters above which "text" is really binary data.
_MAX_CONTROL_SHARE = 0.005
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class FileFormat(enum.StrEnum):
    """What a lead file really is, whatever its name says."""

    CSV = "csv"
    XLSX = "xlsx"
    XLSB = "xlsb"
    XLS = "xls"
    ODS = "ods"


@dataclass(frozen=True)
class TextLayout:
    """How a text file is written: its encoding (a Python codec name) and delimiter."""

    encoding: str
    delimiter: str


def refuse(
    path: Path,
    message: str,
    *,
    row: int | None = None,
    column: str | None = None,
    sheet: str | None = None,
) -> ImportFailed:
    """An ImportFailed with one problem about `path`."""
    return ImportFailed([ImportProblem(str(path), message, row, column, sheet)])


def detect_format(path: Path) -> FileFormat:
    """The real format of `path`, judged from its content."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise refuse(path, f"The file could not be opened ({exc.strerror}).") from exc
    if not head:
        raise refuse(path, "The file is empty (0 bytes).")
    if head.startswith(_ZIP_MAGIC):
        return _zip_format(path)
    if head == _OLE2_MAGIC:
        return _ole2_format(path)
    return FileFormat.CSV


def _zip_format(path: Path) -> FileFormat:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return FileFormat.XLSX
            if "xl/workbook.bin" in names:
                return FileFormat.XLSB
            if "mimetype" in names and archive.read("mimetype").startswith(_ODS_MIMETYPE):
                return FileFormat.ODS
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise refuse(path, "The workbook is damaged: its zip structure cannot be read.") from exc
    raise refuse(path, "This is a zip archive but not a spreadsheet (XLSX or ODS) or a CSV file.")


def _ole2_format(path: Path) -> FileFormat:
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        # Stream names in an OLE2 directory are UTF-16LE; Office encryption writes these.
        if data.find("EncryptedPackage".encode("utf-16-le")) >= 0:
            raise refuse(
                path,
                "The workbook is password-protected. Save a copy without a password and "
                "import that.",
            )
        if (
            data.find("Workbook".encode("utf-16-le")) < 0
            and data.find("Book".encode("utf-16-le")) < 0
        ):
            raise refuse(path, "This is an Office file but not an Excel workbook.")
    return FileFormat.XLS


def read_sample(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(SAMPLE_BYTES)


def detect_encoding(path: Path, sample: bytes) -> str:
    """The Python codec that decodes the file: BOM first, then UTF-8, then a guess."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if sample.startswith(bom):
            return name
    if b"\x00" in sample:
        return _utf16_without_bom(path, sample)
    if _decodes_as_utf8(sample):
        return "utf-8"
    return guess_encoding(path, sample)


def _utf16_without_bom(path: Path, sample: bytes) -> str:
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    raise not_text(path)


def _decodes_as_utf8(sample: bytes) -> bool:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the end of the sample is not a fault.
        return len(sample) == SAMPLE_BYTES and exc.start >= len(sample) - 3
    return True


def guess_encoding(path: Path, data: bytes) -> str:
    """Guess a legacy single-byte encoding (cp1252, latin-1…) with charset-normalizer."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise not_text(path)
    best = matches[0]
    tied = {
        codecs.lookup(name).name
        for match in matches
        if (match.chaos, match.coherence) == (best.chaos, best.coherence)
        for name in match.could_be_from_charset
    }
    # Short samples fit several code pages equally well; CRM exports from Western
    # European and American systems are by far the most common, so prefer cp1252.
    if tied & {"cp1252", "iso8859-1", "iso8859-15"}:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return "iso8859-1"
        return "cp1252"
    return codecs.lookup(best.encoding).name


def not_text(path: Path) -> ImportFailed:
    return refuse(
        path,
        "This file is neither a spreadsheet nor readable text; export the leads as "
        "CSV or XLSX and try again.",
    )


def decode_sample(path: Path, sample: bytes, encoding: str) -> str:
    """Decode the sample, dropping a character cut at its end; refuse binary data."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        text = decoder.decode(sample, final=len(sample) < SAMPLE_BYTES)
    except UnicodeDecodeError as exc:
        raise not_text(path) from exc
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > _MAX_CONTROL_SHARE * max(1, len(text)):
        raise not_text(path)
    return text


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the sample's rows most consistently (comma if none)."""
    if len(text) >= SAMPLE_BYTES // 4 and "\n" in text:
        text = text[: text.rfind("\n")]  # the last line may be cut short
    best: tuple[float, int, str] | None = None
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        counts = []
        try:
            for row in reader:
                if row:
                    counts.append(len(row))
                if len(counts) >= 50:
                    break
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistency = counts.count(counts[0]) / len(counts)
        candidate = (consistency, counts[0], delimiter)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else ","


def detect_text_layout(path: Path) -> tuple[TextLayout, str]:
    """The encoding and delimiter of a text file, plus its decoded sample."""
    sample = read_sample(path)
    if not sample.strip():
        raise refuse(path, "The file is empty: it has no column names and no rows.")
    encoding = detect_encoding(path, sample)
    text = decode_sample(path, sample, encoding)
    if not text.strip():
        raise refuse(path, "The file is empty: it has no column names and no rows.")
    return TextLayout(encoding=encoding, delimiter=detect_delimiter(text)), text
