"""CSV files the service writes out, safe to open in a spreadsheet.

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a formula (and some treat a
leading tab or carriage return the same way), so a name or note typed by anyone could run on a
coordinator's machine when they open an export (OWASP: CSV injection). Every text cell that begins
with one of them is written with a leading apostrophe, which spreadsheets show as plain text.
Numbers, dates and booleans are written as they are: a negative number is not a formula.

Every CSV the service writes goes through `safe_cell`, by way of `SafeWriter` or `csv_response`.
"""

import csv
import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Excel opens a CSV as UTF-8 only when the file starts with a byte order mark.
BYTE_ORDER_MARK = "\ufeff"


def safe_cell(value: Any) -> Any:
    """The value as it may go into a CSV cell: text that a spreadsheet would run is made plain text."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | dt.date | dt.time):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class SafeWriter:
    """`csv.writer` whose every cell goes through `safe_cell`. Takes any file-like object."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _Line:
    """A file-like object whose write hands the line straight back, for streaming."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Iterable[str]:
    """The CSV text, line by line, byte order mark first: rows are read one at a time, never all held."""
    writer = SafeWriter(_Line())
    yield BYTE_ORDER_MARK + writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)


def csv_response(file_name: str, header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> StreamingHttpResponse:
    """A download of `rows` under `header`, streamed, named `file_name` (letters, digits, `-` and `_` kept)."""
    stem = re.sub(r"\.csv$", "", file_name, flags=re.IGNORECASE)
    name = (re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "export") + ".csv"
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
