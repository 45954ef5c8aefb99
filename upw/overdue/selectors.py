"""Overdue outcomes: sessions in the last UPW_OVERDUE_OUTCOME_DAYS days with people booked and no outcome."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from upw.models import Allocation, AllocationStatus, Session, SessionStatus


def _without_outcome() -> Q:
    # No attendance record, or one with no outcome yet (a check-in alone is not an outcome).
    return Q(attendance__isnull=True) | Q(attendance__outcome="")


def waiting_places(allocations: QuerySet) -> QuerySet:
    return allocations.filter(status=AllocationStatus.ALLOCATED).filter(_without_outcome())


def overdue_sessions(sessions: QuerySet, *, today: dt.date) -> QuerySet:
    """Sessions before today, within the window, not stood down, with a booked place without an outcome;
    oldest first, each with `waiting` (the places without an outcome)."""
    since = today - dt.timedelta(days=settings.UPW["OVERDUE_OUTCOME_DAYS"])
    waiting = waiting_places(Allocation.objects.filter(session=OuterRef("pk")))
    return (
        sessions.filter(date__lt=today, date__gte=since)
        .exclude(status=SessionStatus.STOOD_DOWN)
        .filter(Exists(waiting))
        .annotate(
            waiting=Count(
                "allocations",
                filter=Q(allocations__status=AllocationStatus.ALLOCATED)
                & (Q(allocations__attendance__isnull=True) | Q(allocations__attendance__outcome="")),
                distinct=True,
            )
        )
        .select_related("project__site__pdu__region")
        .prefetch_related("supervisor_assignments__supervisor__user")
        .order_by("date", "start_time", "id")
    )


def filtered(overdue: QuerySet, *, region=None, project=None, supervisor=None) -> QuerySet:
    if region:
        overdue = overdue.filter(project__site__pdu__region=region)
    if project:
        overdue = overdue.filter(project=project)
    if supervisor:
        overdue = overdue.filter(supervisor_assignments__supervisor=supervisor)
    return overdue


USERNAME, FIRST, LAST = (
    f"supervisor_assignments__supervisor__user__{name}" for name in ("username", "first_name", "last_name")
)


def totals(overdue: QuerySet) -> dict[str, list[dict]]:
    """How many overdue sessions per region, project and supervisor, most first."""
    ids = overdue.values("pk")
    base = Session.objects.filter(pk__in=ids)

    def count(*fields):
        return list(base.values(*fields).annotate(sessions=Count("pk", distinct=True)).order_by("-sessions", fields[1]))

    return {
        "region": count("project__site__pdu__region", "project__site__pdu__region__name"),
        "project": count("project", "project__name"),
        "supervisor": [
            {**row, "name": f"{row[FIRST]} {row[LAST]}".strip() or row[USERNAME]}
            for row in count("supervisor_assignments__supervisor", USERNAME, FIRST, LAST)
            if row["supervisor_assignments__supervisor"]
        ],
    }
