"""The performance measures as JSON, one endpoint per measure group, scoped as the reports page is."""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import ValidationError

from upw.core.access import NOT_FOR_REPORTS, REPORT_READERS, require_role
from upw.reports import selectors
from upw.web.api import ErrorOut

router = Router(tags=["reports"])

Measure = Literal["starts", "delivery", "caseload", "terminations", "completions", "operations", "partners"]


class FigureOut(Schema):
    key: str
    label: str
    value: int | float | None
    unit: str
    definition: str


class TableOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[list[str | int | float | None]]
    definition: str


class PeriodOut(Schema):
    code: str
    kind: str
    start: dt.date
    end: dt.date
    label: str


class ScopeOut(Schema):
    code: str
    label: str


class ReportOut(Schema):
    measure: str
    title: str
    summary: str
    period: PeriodOut
    scope: ScopeOut
    figures: list[FigureOut]
    tables: list[TableOut]
    worked_out_at: dt.datetime | None
    # When the summary read for the sessions before today was refreshed; null when none was read.
    summary_refreshed_at: dt.datetime | None


@router.get(
    "/{measure}",
    response={200: ReportOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="A group of performance measures",
)
def report(request: HttpRequest, measure: Measure, period: str | None = None, scope: str | None = None):
    """The figures of one measure group (starts, delivery, caseload, terminations, completions for
    completion within 12 months (SL029), operations, partners), each with its definition.

    `period` is `month:YYYY-MM`, `quarter:YYYY-Qn`, `year:YYYY` (the financial year from April of that
    year) or `custom:YYYY-MM-DD..YYYY-MM-DD`; by default the current quarter. `scope` is `national`
    (national leads and administrators), `region:<code>` or `pdu:<code>`; by default a coordinator's
    first region, everyone else's England and Wales. Coordinators read their own regions only.
    """
    require_role(request.auth, REPORT_READERS, NOT_FOR_REPORTS)
    today = timezone.localdate()
    try:
        asked = selectors.parse_period(period, today=today)
    except ValueError as problem:
        raise ValidationError([{"type": "value_error", "loc": ["query", "period"], "msg": str(problem)}]) from problem
    area = selectors.scope_for(request.auth, scope)
    group = selectors.cached_group(measure, period=asked, scope=area, today=today)
    return {
        "measure": group.key,
        "title": group.title,
        "summary": group.summary,
        "period": {
            "code": selectors.period_code(asked),
            "kind": asked.kind,
            "start": asked.start,
            "end": asked.end,
            "label": asked.label,
        },
        "scope": {"code": area.code, "label": area.label},
        "worked_out_at": group.worked_out_at,
        "summary_refreshed_at": group.summary_refreshed_at,
        "figures": [figure.__dict__ for figure in group.figures],
        "tables": [
            {**table.__dict__, "columns": list(table.columns), "rows": [list(row) for row in table.rows]}
            for table in group.tables
        ],
    }
