"""The reports page, its downloads, and the partner's own hours."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from upw.core.access import (
    NOT_FOR_REPORTS,
    REPORT_READERS,
    effective_role,
    partner_organisation_id,
    reads_national_reports,
    report_regions,
)
from upw.models import Role
from upw.reports import selectors, spreadsheets
from upw.reports.charts import bar_chart, interactive_map, pdu_map, value_text
from upw.reports.forms import ReportFilterForm
from upw.web.csv_export import csv_response
from upw.web.decorators import role_required

FORMATS = ("csv", "xlsx")
NO_SUCH_MEASURE = "There is no such report."
NO_SUCH_FORMAT = "Downloads are CSV or XLSX."
PARTNERS_ONLY = "Only partner organisations' users see their organisation's hours here."


def _group_key(request: HttpRequest) -> str:
    key = request.GET.get("measure") or "delivery"
    if key not in selectors.GROUPS:
        raise PermissionDenied(NO_SUCH_MEASURE)
    return key


def _map(group, scope, period):
    """The delivery units' map, the projects on it (for a region or a delivery unit: the nation's
    projects are too many to read) and what the zoomable map draws; None off the operations group."""
    table = next((table for table in group.tables if table.key == "places_against_owed"), None)
    if table is None:
        return None, (), None
    drawn = pdu_map(rows=table.rows, positions=selectors.pdu_positions(scope=scope))
    if drawn is None:
        return None, (), None
    national = scope.kind == selectors.ScopeKind.NATIONAL
    projects = () if national else selectors.project_places(period=period, scope=scope)
    data = interactive_map(
        drawn, projects=projects, tile_url=settings.UPW_MAP_TILE_URL, attribution=settings.UPW_MAP_TILE_ATTRIBUTION
    )
    return drawn, projects, data


def _change(change, unit: str) -> str:
    if change is None:
        return "no comparison"
    points = " points" if unit == "percent" else ""
    return f"{change:+,g}{points}" if change else "no change"


@role_required(REPORT_READERS, NOT_FOR_REPORTS)
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    key = _group_key(request)
    choices = selectors.scope_choices(request.user)
    form = ReportFilterForm(request.GET or None, scope_choices=choices)
    if form.is_bound and form.is_valid():
        period = form.period(today=today)
        scope = selectors.scope_for(request.user, form.cleaned_data.get("scope"))
    else:
        period = selectors.quarter_of(today)
        scope = selectors.scope_for(request.user, None)
    group = selectors.cached_group(key, period=period, scope=scope, today=today)
    before = selectors.cached_group(key, period=period.a_year_before(), scope=scope, today=today)
    drawn_map, map_projects, map_data = _map(group, scope, period)
    headline, points = selectors.trend(key, period=period, scope=scope, today=today)
    national = scope.kind == selectors.ScopeKind.NATIONAL and reads_national_reports(request.user)
    query = urlencode({"measure": key, "period": selectors.period_code(period), "scope": scope.code})
    kept = request.GET.copy()
    links = []
    for group_key, (title, _) in selectors.GROUPS.items():
        kept["measure"] = group_key
        links.append({"key": group_key, "title": title, "query": kept.urlencode(), "current": group_key == key})
    ctx = {
        "form": form,
        "group": group,
        "groups": selectors.GROUPS,
        "period": period,
        "year_before": period.a_year_before(),
        "scope": scope,
        "comparison": [
            (figure, value_text(now, figure.unit), value_text(then, figure.unit), _change(change, figure.unit))
            for figure, now, then, change in selectors.comparison(group, before)
        ],
        "links": links,
        "headline": headline,
        "points": points,
        "map": drawn_map,
        "map_projects": map_projects,
        "map_data": map_data,
        "projects_definition": selectors.PROJECTS_ON_THE_MAP,
        "chart": bar_chart(title=f"{headline.label}, last 8 quarters", unit=headline.unit, points=points),
        "regions": [
            (row[0], *(value_text(value, figure.unit) for value, figure in zip(row[1:], group.figures, strict=True)))
            for row in selectors.region_comparison(key, period=period, today=today)
        ]
        if national
        else [],
        "query": query,
        "region_count": report_regions(request.user).count(),
    }
    return render(request, "reports/reports.html", ctx)


@role_required(REPORT_READERS, NOT_FOR_REPORTS)
@require_GET
def download(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in FORMATS:
        raise PermissionDenied(NO_SUCH_FORMAT)
    today = timezone.localdate()
    key = _group_key(request)
    try:
        period = selectors.parse_period(request.GET.get("period"), today=today)
    except ValueError as problem:
        return HttpResponse(str(problem), status=400, content_type="text/plain; charset=utf-8")
    scope = selectors.scope_for(request.user, request.GET.get("scope"))
    group = selectors.cached_group(key, period=period, scope=scope, today=today)
    stem = spreadsheets.file_stem(group, period=period, scope=scope)
    rows = spreadsheets.figure_rows(group, period=period, scope=scope)
    if file_format == "csv":
        return csv_response(stem, rows[0], rows[1:])
    content = spreadsheets.xlsx_bytes([("Figures", rows), ("Definitions", spreadsheets.definition_rows(group))])
    response = HttpResponse(content, content_type=spreadsheets.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response


@login_required
@require_GET
def partner_hours(request: HttpRequest) -> HttpResponse:
    """A partner user's own organisation's hours worked by project and month, on the page or as CSV."""
    organisation_id = partner_organisation_id(request.user)
    if effective_role(request.user) != Role.PARTNER or organisation_id is None:
        raise PermissionDenied(PARTNERS_ONLY)
    today = timezone.localdate()
    try:
        period = selectors.parse_period(
            request.GET.get("period") or f"year:{selectors.financial_year_of(today).start.year}", today=today
        )
    except ValueError:
        period = selectors.financial_year_of(today)
    national = selectors.Scope(selectors.ScopeKind.NATIONAL, "England and Wales")
    table = selectors.partner_hours(organisation_id=organisation_id, period=period, scope=national)
    if request.GET.get("format") == "csv":
        return csv_response(f"hours-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}", table.columns, table.rows)
    return render(
        request,
        "reports/partner_hours.html",
        {"table": table, "period": period, "period_code": selectors.period_code(period)},
    )
