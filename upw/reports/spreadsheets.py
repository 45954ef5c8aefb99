"""A measure group as rows for a download: CSV (through upw.web.csv_export) or an XLSX workbook
whose second sheet holds the definitions."""

import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING

from upw.reports.selectors import MeasureGroup, Period, Scope, Table

UNIT_NAMES = {"count": "number", "hours": "hours", "percent": "per cent", "days": "days"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def figure_rows(group: MeasureGroup, *, period: Period, scope: Scope) -> list[list]:
    rows = [
        [group.title, period.label, scope.label],
        [],
        ["Figure", "Value", "Unit"],
        *([figure.label, figure.value, UNIT_NAMES.get(figure.unit, figure.unit)] for figure in group.figures),
    ]
    for table in group.tables:
        rows += table_rows(table)
    return rows


def table_rows(table: Table) -> list[list]:
    return [[], [table.title], list(table.columns), *(list(row) for row in table.rows)]


def definition_rows(group: MeasureGroup) -> list[list]:
    rows = [["Figure or table", "Definition"]]
    rows += [[figure.label, figure.definition] for figure in group.figures]
    rows += [[table.title, table.definition] for table in group.tables]
    return rows


def file_stem(group: MeasureGroup, *, period: Period, scope: Scope) -> str:
    words = f"{group.key} {scope.label} {period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}"
    return re.sub(r"[^A-Za-z0-9_-]+", "-", words).strip("-").lower()


def xlsx_bytes(sheets: list[tuple[str, list[list]]]) -> bytes:
    """A workbook with one sheet per (title, rows). Text is stored as text, never as a formula, so a
    name beginning with `=` cannot run when the file is opened."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        for row in rows:
            sheet.append([None if value is None else value for value in row])
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
