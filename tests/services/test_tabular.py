"""Reading lead files: formats judged by content, encodings, delimiters, placeholders,
and clear refusals of files that cannot be read."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from pathlib import Path

import numpy as np
import pytest
from openpyxl import Workbook

from app.services.errors import Cancelled, ImportFailed
from app.services.progress import CancelToken
from app.services.tabular import FileFormat, csv_reader, detect_format, parse_dates, read_table

LEADS_CSV = (
    " Email , Country,Employees,Stage\n"
    "ana@acme.com,Germany,250,MQL\n"
    "bo@beta.io,N/A,n/a,Select\n"
    "cy@gamma.org, select ,-,--\n"
    "di@delta.net,null,NULL,none\n"
    "ed@eps.com,,1200, NA \n"
)


def write(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def problems_of(error: pytest.ExceptionInfo[ImportFailed]) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in error.value.problems]


def test_csv_columns_keep_trimmed_names_and_types(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "leads.csv", LEADS_CSV))
    assert table.column_names == ["Email", "Country", "Employees", "Stage"]
    assert table.n_rows == 5
    employees = table.columns["Employees"]
    assert employees.dtype == np.float64
    assert employees[0] == 250 and employees[4] == 1200
    assert table.columns["Email"].dtype == object


def test_placeholders_are_missing_whatever_their_case_or_spaces(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "leads.csv", LEADS_CSV))
    assert list(table.columns["Country"]) == ["Germany", None, None, None, None]
    assert list(table.columns["Stage"]) == ["MQL", None, None, None, None]
    assert np.isnan(table.columns["Employees"][1:4]).all()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    names = ["Zürich AG", "Crème Brûlée SARL", "São Paulo Ltda", "Ærø ApS"]
    if encoding in ("cp1252", "utf-8", "utf-16"):
        names.append("Euro € Handel")
    body = "Company;City\n" + "".join(f"{n};Straße {i}\n" for i, n in enumerate(names))
    table = read_table(write(tmp_path, "leads.csv", body, encoding))
    assert table.column_names == ["Company", "City"]
    assert list(table.columns["Company"]) == names


def test_utf16_without_bom_is_read(tmp_path: Path) -> None:
    body = "Company,Score\nMüller GmbH,5\n".encode("utf-16-le")
    table = read_table(write(tmp_path, "leads.csv", body))
    assert list(table.columns["Company"]) == ["Müller GmbH"]


def test_legacy_encoding_found_past_the_sample(tmp_path: Path) -> None:
    ascii_rows = "".join(f"lead{i}@example.com,Paris\n" for i in range(4000))
    body = "Email,City\n" + ascii_rows + "zoe@example.com,Köln\n"
    table = read_table(write(tmp_path, "leads.csv", body, "cp1252"))
    assert table.columns["City"][-1] == "Köln"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_detected(tmp_path: Path, delimiter: str) -> None:
    rows = [["Name", "Country", "Visits"], ["Ana", "Spain", "3"], ["Bo", "Chile", "12"]]
    body = "\n".join(delimiter.join(row) for row in rows) + "\n"
    table = read_table(write(tmp_path, "leads.txt", body))
    assert table.column_names == ["Name", "Country", "Visits"]
    assert list(table.columns["Visits"]) == [3.0, 12.0]


def test_semicolon_file_with_decimal_commas_reads_numbers(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "leads.csv", "Name;Revenue\nAna;3,5\nBo;12\n"))
    assert list(table.columns["Revenue"]) == [3.5, 12.0]


def test_quoted_values_spanning_lines_far_into_the_file(tmp_path: Path) -> None:
    rows = "".join(f"lead{i},note {i}\n" for i in range(150_000))
    body = "Lead,Notes\n" + rows + 'last,"called twice,\nleft a message"\n'
    table = read_table(write(tmp_path, "leads.csv", body))
    assert table.n_rows == 150_001
    assert table.columns["Notes"][-1] == "called twice,\nleft a message"


def make_xlsx(path: Path, rows: list[list[object]], title: str = "Leads") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_named_csv_is_read_as_a_workbook(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path / "export.csv",
        [
            ["Email", "Employees", "Created", "Stage"],
            ["ana@acme.com", 250, dt.datetime(2024, 3, 5), "N/A"],
            ["bo@beta.io", "n/a", dt.datetime(2024, 3, 6, 14, 30), "SQL"],
        ],
    )
    table = read_table(path)
    assert table.sheet == "Leads"
    assert list(table.columns["Employees"][:1]) == [250.0]
    assert math.isnan(table.columns["Employees"][1])
    assert list(table.columns["Stage"]) == [None, "SQL"]
    dates = parse_dates(table.columns["Created"])
    assert list(dates.astype(str)) == ["2024-03-05", "2024-03-06"]


def test_workbook_blank_rows_are_skipped_but_rows_keep_their_numbers(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path / "leads.xlsx",
        [[None], ["Name", "Score"], ["Ana", 3], [None, None], ["Bo", "high"]],
    )
    table = read_table(path)
    assert table.n_rows == 2
    assert list(table.columns["Score"]) == ["3", "high"]
    assert [table.spreadsheet_row(0), table.spreadsheet_row(1)] == [3, 5]


def test_workbook_column_without_a_name_is_refused(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "leads.xlsx", [["Name", None], ["Ana", None], ["Bo", "x"]])
    with pytest.raises(ImportFailed) as error:
        read_table(path)
    assert problems_of(error) == [(3, "B")]
    assert error.value.problems[0].sheet == "Leads"


def test_empty_files_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="empty \\(0 bytes\\)"):
        read_table(write(tmp_path, "zero.csv", b""))
    with pytest.raises(ImportFailed, match="empty"):
        read_table(write(tmp_path, "blank.csv", "\n  \n"))
    with pytest.raises(ImportFailed, match="no rows") as error:
        read_table(write(tmp_path, "header.csv", "Email,Country\n"))
    assert problems_of(error) == [(2, None)]


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    garbage = bytes(np.random.default_rng(3).integers(0, 256, 5000, dtype=np.uint8))
    with pytest.raises(ImportFailed, match="neither a spreadsheet nor readable text"):
        read_table(write(tmp_path, "leads.csv", garbage))
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with pytest.raises(ImportFailed, match="neither a spreadsheet nor readable text"):
        read_table(write(tmp_path, "picture.csv", png))


def test_ragged_rows_are_named_with_row_and_column(tmp_path: Path) -> None:
    body = "Name,Country,Visits\nAna,Spain,3\n\nBo,Chile,12,extra\nCy,Peru\n"
    with pytest.raises(ImportFailed) as error:
        read_table(write(tmp_path, "leads.csv", body))
    assert problems_of(error) == [(4, "D"), (5, "Visits")]
    assert "4 values" in error.value.problems[0].message


def test_header_names_must_be_present_and_unique(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as error:
        read_table(write(tmp_path, "leads.csv", "Name,,Email,Name \n1,2,3,4\n"))
    assert problems_of(error) == [(1, "B"), (1, "D")]
    assert "used twice" in error.value.problems[1].message


def test_trailing_delimiters_do_not_make_a_column(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "leads.csv", "Name,Visits,\nAna,3,\nBo,4,\n"))
    assert table.column_names == ["Name", "Visits"]


def test_format_is_judged_by_content(tmp_path: Path) -> None:
    ods = tmp_path / "leads.xlsx"
    with zipfile.ZipFile(ods, "w") as out:
        out.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        out.writestr("content.xml", "<office:document-content/>")
    assert detect_format(ods) is FileFormat.ODS
    assert detect_format(write(tmp_path, "leads.xlsx", "Name\nAna\n")) is FileFormat.CSV


def test_zip_that_is_no_spreadsheet_and_damaged_workbooks(tmp_path: Path) -> None:
    archive = tmp_path / "leads.csv"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("word/document.xml", "<doc/>")
    with pytest.raises(ImportFailed, match="not a spreadsheet"):
        read_table(archive)
    good = make_xlsx(tmp_path / "good.xlsx", [["Name"], ["Ana"]])
    broken = write(tmp_path, "broken.xlsx", good.read_bytes()[:600])
    with pytest.raises(ImportFailed, match="damaged"):
        read_table(broken)


def test_password_protected_workbook_is_named_as_such(tmp_path: Path) -> None:
    ole2 = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    ole2 += "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(ImportFailed, match="password-protected"):
        read_table(write(tmp_path, "leads.xlsx", bytes(ole2)))


def test_a_cancelled_read_raises_cancelled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_reader, "STREAM_ABOVE_BYTES", 0)  # stream even a small file
    body = "Email,Visits\n" + "".join(f"lead{i}@example.com,{i}\n" for i in range(200_000))
    path = write(tmp_path, "leads.csv", body)
    token = CancelToken()
    seen: list[float] = []

    def progress(fraction: float) -> None:
        seen.append(fraction)
        token.cancel()

    with pytest.raises(Cancelled):
        read_table(path, progress=progress, cancel=token)
    assert seen and max(seen) < 1.0


class TestParseDates:
    def test_iso_and_excel_forms(self) -> None:
        values = np.array(
            ["2024-03-05", "2024-03-06T10:00:00Z", None, dt.datetime(2024, 1, 2, 9), "45357"],
            dtype=object,
        )
        assert list(parse_dates(values).astype(str)) == [
            "2024-03-05",
            "2024-03-06",
            "NaT",
            "2024-01-02",
            "2024-03-06",
        ]

    def test_excel_serial_numbers(self) -> None:
        serials = np.array([45357.0, np.nan, 45357.75])
        assert list(parse_dates(serials).astype(str)) == ["2024-03-06", "NaT", "2024-03-06"]

    def test_day_first_column_is_recognised_from_one_value(self) -> None:
        values = np.array(["03/04/2024", "25/04/2024"], dtype=object)
        assert list(parse_dates(values).astype(str)) == ["2024-04-03", "2024-04-25"]

    def test_month_first_column_is_recognised_from_one_value(self) -> None:
        values = np.array(["03/04/2024", "04/25/2024"], dtype=object)
        assert list(parse_dates(values).astype(str)) == ["2024-03-04", "2024-04-25"]

    def test_undecided_column_reads_months_first_unless_told(self) -> None:
        values = np.array(["03/04/2024"], dtype=object)
        assert str(parse_dates(values)[0]) == "2024-03-04"
        assert str(parse_dates(values, day_first=True)[0]) == "2024-04-03"

    def test_mixed_orders_are_refused(self) -> None:
        values = np.array(["25/04/2024", "04/26/2024"], dtype=object)
        with pytest.raises(ImportFailed, match="mixes day-first"):
            parse_dates(values)

    def test_a_value_that_is_no_date_names_its_row(self, tmp_path: Path) -> None:
        body = "Name,Created\nAna,2024-01-05\n\nBo,soon\nCy,2024-02-30\n"
        table = read_table(write(tmp_path, "leads.csv", body))
        with pytest.raises(ImportFailed) as error:
            parse_dates(
                table.columns["Created"],
                source=table.source,
                column="Created",
                row_number=table.spreadsheet_row,
            )
        assert problems_of(error) == [(4, "Created"), (5, "Created")]
        assert "'soon' is not a date" in str(error.value)
