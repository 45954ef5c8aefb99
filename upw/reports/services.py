"""The monthly summary email: last month's headline figures for each region's coordinators, and the
national figures for national leads, with a link to the reports page."""

import datetime as dt
from urllib.parse import urlencode

from django.utils import timezone

from upw.core.email import public_link, send_email
from upw.models import Region, Role, User
from upw.reports import selectors

# (group, figure) pairs the summary quotes, in order.
HEADLINES = (
    ("starts", "requirements_started"),
    ("delivery", "hours_worked"),
    ("delivery", "attendance_rate"),
    ("completions", "completion_rate"),
    ("caseload", "active_requirements"),
    ("operations", "overdue_outcomes"),
)


def headline_lines(*, period: selectors.Period, scope: selectors.Scope, today: dt.date) -> list[str]:
    groups: dict[str, selectors.MeasureGroup] = {}
    lines = []
    for key, figure_key in HEADLINES:
        if key not in groups:
            groups[key] = selectors.measure_group(key, period=period, scope=scope, today=today)
        figure = groups[key].figure(figure_key)
        value = "no data" if figure.value is None else f"{figure.value:,g}{'%' if figure.unit == 'percent' else ''}"
        lines.append(f"- {figure.label}: {value}")
    return lines


def summary_link(*, period: selectors.Period, scope_code: str) -> str:
    query = {
        "kind": "month",
        "on-day": period.start.day,
        "on-month": period.start.month,
        "on-year": period.start.year,
        "scope": scope_code,
    }
    return f"{public_link('reports')}?{urlencode(query)}"


def _body(*, title: str, period: selectors.Period, lines: list[str], link: str) -> str:
    return "\n".join(
        [
            f"{title}: {period.label}",
            "",
            *lines,
            "",
            "Each figure's definition, the trend over 8 quarters and the downloads are on the reports page:",
            link,
        ]
    )


def send_monthly_summaries(*, today: dt.date | None = None) -> dict:
    """Last month's summary to each region's active coordinators and to every active national lead.
    Returns how many emails of each kind were queued."""
    today = today or timezone.localdate()
    period = selectors.month_of(today.replace(day=1) - dt.timedelta(days=1))
    sent = {"regions": 0, "national": 0}
    for region in Region.objects.order_by("name"):
        to = list(
            User.objects.filter(role=Role.COORDINATOR, is_active=True, regions=region)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if not to:
            continue
        code = f"region:{region.code}"
        scope = selectors.Scope(selectors.ScopeKind.REGION, region.name, region_ids=(region.id,), code=code)
        lines = headline_lines(period=period, scope=scope, today=today)
        link = summary_link(period=period, scope_code=code)
        send_email(
            to=to,
            subject=f"Unpaid work in {region.name}: {period.label}",
            body=_body(title=region.name, period=period, lines=lines, link=link),
        )
        sent["regions"] += 1
    leads = list(
        User.objects.filter(role=Role.NATIONAL_LEAD, is_active=True).exclude(email="").values_list("email", flat=True)
    )
    if leads:
        national = selectors.Scope(selectors.ScopeKind.NATIONAL, "England and Wales")
        lines = headline_lines(period=period, scope=national, today=today)
        send_email(
            to=leads,
            subject=f"Unpaid work in England and Wales: {period.label}",
            body=_body(
                title="England and Wales",
                period=period,
                lines=lines,
                link=summary_link(period=period, scope_code=selectors.ScopeKind.NATIONAL),
            ),
        )
        sent["national"] += 1
    return sent


def warm_cache(*, today: dt.date | None = None) -> int:
    """Works out the figures the reports pages ask for most, so the first reader of the day waits for none."""
    return selectors.warm_cache(today=today or timezone.localdate())
