"""The monthly summary email: last month's headline figures for each region's coordinators, and the
national figures for national leads, with a link to the reports page."""

import datetime as dt
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Count, DateField, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from upw.core.email import public_link, send_email
from upw.models import (
    Allocation,
    AllocationStatus,
    AttendanceRecord,
    HoursLedgerEntry,
    Region,
    ReportSummaryRefresh,
    RequirementFirstSession,
    RequirementLedgerMonth,
    RequirementLedgerTotal,
    Role,
    SessionReportFigures,
    User,
)
from upw.models.attendance import ATTENDED_OUTCOMES
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
    """Refreshes the summary, then works out the figures the reports pages ask for most, so the first reader of
    the day waits for none."""
    refresh_summary()
    return selectors.warm_cache(today=today or timezone.localdate())


def refresh_summary(*, now: dt.datetime | None = None) -> selectors.SummaryState:
    """Works out the reports' summary again from the places and the ledger: each session's places booked,
    hours worked and outcomes, and each requirement's first attended session (`upw.models.reports`). The
    reports read it for the days before today; run by the warm-up, before it works the figures out."""
    now = now or timezone.now()
    sessions: dict[int, dict] = {}
    for row in (
        Allocation.objects.filter(status=AllocationStatus.ALLOCATED)
        .values("session")
        .annotate(places=Count("id"))
        .order_by()
    ):
        sessions.setdefault(row["session"], {})["places_booked"] = row["places"]
    for row in (
        Allocation.objects.filter(status=AllocationStatus.ALLOCATED)
        .filter(Q(attendance__isnull=True) | Q(attendance__outcome=""))
        .values("session")
        .annotate(places=Count("id"))
        .order_by()
    ):
        sessions.setdefault(row["session"], {})["places_awaiting_outcome"] = row["places"]
    for row in (
        HoursLedgerEntry.objects.filter(selectors.hours_worked_q(), attendance__isnull=False)
        .values("attendance__allocation__session")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    ):
        sessions.setdefault(row["attendance__allocation__session"], {})["minutes_worked"] = row["minutes"]
    for row in (
        AttendanceRecord.objects.exclude(outcome="")
        .values("allocation__session")
        .annotate(
            with_outcome=Count("id"),
            attended=Count("id", filter=Q(outcome__in=sorted(ATTENDED_OUTCOMES))),
            acceptable_absences=Count("id", filter=Q(outcome__in=selectors.ACCEPTABLE_ABSENCES)),
            unacceptable_absences=Count("id", filter=Q(outcome__in=selectors.UNACCEPTABLE_ABSENCES)),
        )
        .order_by()
    ):
        sessions.setdefault(row.pop("allocation__session"), {}).update(row)
    firsts = (
        AttendanceRecord.objects.filter(outcome__in=sorted(ATTENDED_OUTCOMES))
        .values("allocation__requirement")
        .annotate(first=Min("allocation__session__date"))
        .order_by()
    )
    with transaction.atomic():
        SessionReportFigures.objects.all().delete()
        SessionReportFigures.objects.bulk_create(
            (SessionReportFigures(session_id=session, **figures) for session, figures in sessions.items()),
            batch_size=5000,
        )
        RequirementFirstSession.objects.all().delete()
        RequirementFirstSession.objects.bulk_create(
            (
                RequirementFirstSession(requirement_id=row["allocation__requirement"], first_attended_on=row["first"])
                for row in firsts
            ),
            batch_size=5000,
        )
        RequirementLedgerTotal.objects.all().delete()
        # The ledger up to its latest entry now (read inside this transaction, so the totals and the ids agree),
        # recorded before today: the reports add the rest from the ledger.
        refreshed_on = timezone.localdate(now)
        day_start = timezone.make_aware(dt.datetime.combine(refreshed_on, dt.time()))
        up_to = HoursLedgerEntry.objects.aggregate(up_to=Max("id"))["up_to"] or 0
        held = HoursLedgerEntry.objects.filter(id__lte=up_to, created_at__lt=day_start)
        later_from = (
            HoursLedgerEntry.objects.filter(id__lte=up_to, created_at__gte=day_start).aggregate(first=Min("id"))[
                "first"
            ]
            or up_to + 1
        )
        RequirementLedgerTotal.objects.bulk_create(
            (
                RequirementLedgerTotal(requirement_id=row["requirement"], minutes=row["minutes"])
                for row in held.values("requirement").annotate(minutes=Sum("minutes")).order_by()
            ),
            batch_size=5000,
        )
        RequirementLedgerMonth.objects.all().delete()
        RequirementLedgerMonth.objects.bulk_create(
            (
                RequirementLedgerMonth(requirement_id=row["requirement"], month=row["month"], minutes=row["minutes"])
                for row in held.annotate(month=TruncMonth("created_at", output_field=DateField()))
                .values("requirement", "month")
                .annotate(minutes=Sum("minutes"))
                .order_by()
            ),
            batch_size=10000,
        )
        ReportSummaryRefresh.objects.all().delete()
        ReportSummaryRefresh.objects.create(
            refreshed_at=now,
            refreshed_on=refreshed_on,
            ledger_entries_up_to=up_to,
            ledger_later_from=later_from,
        )
    return selectors.summary_state()
