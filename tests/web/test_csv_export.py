"""Every CSV the service writes is safe to open in a spreadsheet (OWASP CSV injection)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from upw.web.csv_export import SafeWriter, csv_response, safe_cell


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tcmd", "\r=1+1"],
)
def test_text_a_spreadsheet_would_run_is_written_as_plain_text(typed):
    assert safe_cell(typed) == "'" + typed


@pytest.mark.parametrize("value", ["Alex Jones", "X123456", "O'Brien", "a=b", "", "1 - 2"])
def test_ordinary_text_is_left_as_it_is(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [-5, 3.5, Decimal("-1.25"), dt.date(2026, 12, 3), True])
def test_numbers_dates_and_booleans_are_left_as_they_are(value):
    assert safe_cell(value) is value


def test_nothing_is_an_empty_cell():
    assert safe_cell(None) == ""


def test_the_writer_makes_every_cell_safe():
    stream = io.StringIO()
    SafeWriter(stream).writerows([["=cmd|' /C calc'!A0", -3, "Jo"], ["@x", None, "-y"]])
    assert list(csv.reader(io.StringIO(stream.getvalue()))) == [
        ["'=cmd|' /C calc'!A0", "-3", "Jo"],
        ["'@x", "", "'-y"],
    ]


def test_a_download_is_streamed_with_a_safe_name_and_safe_cells():
    response = csv_response('hours "report"/../x', ["Name", "Hours"], iter([["=1+1", 12]]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="hours-report-x.csv"'
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body == "\ufeffName,Hours\r\n'=1+1,12\r\n"
