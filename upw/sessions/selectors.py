"""Sessions by day and the people on them, for the session pages."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from upw.core.selectors import with_places_taken
from upw.models import AllocationStatus, SessionSupervisor

STAFFED = "staffed"
UNSTAFFED = "unstaffed"


def upcoming_sessions(*, sessions: QuerySet, today: dt.date, limit: int = 20) -> QuerySet:
    return with_places_taken(sessions.filter(date__gte=today)).order_by("date", "start_time", "id")[:limit]


def filter_sessions(*, sessions: QuerySet, pdu=None, project_type: str = "", staffing: str = "") -> QuerySet:
    """Sessions at one PDU's sites, of one type of project, or with (STAFFED) or without (UNSTAFFED) a
    supervisor, as far as each is given."""
    if pdu:
        sessions = sessions.filter(project__site__pdu=pdu)
    if project_type:
        sessions = sessions.filter(project__project_type=project_type)
    if staffing in (STAFFED, UNSTAFFED):
        staffed = Exists(SessionSupervisor.objects.filter(session=OuterRef("pk")))
        sessions = sessions.filter(staffed if staffing == STAFFED else ~staffed)
    return sessions


@dataclass(frozen=True)
class Day:
    date: dt.date
    sessions: list


def sessions_by_day(*, sessions: QuerySet, monday: dt.date, with_supervisors: bool) -> list[Day]:
    """The seven days from `monday`, each with its sessions in time order."""
    week = with_places_taken(
        sessions.filter(date__gte=monday, date__lt=monday + dt.timedelta(days=7))
        .select_related("project__site", "project__organisation")
        .order_by("date", "start_time", "id")
    )
    if with_supervisors:
        week = week.prefetch_related("supervisor_assignments__supervisor__user")
    by_date: dict[dt.date, list] = {monday + dt.timedelta(days=i): [] for i in range(7)}
    for session in week:
        by_date[session.date].append(session)
    return [Day(date=date, sessions=items) for date, items in by_date.items()]


def session_people(*, allocations: QuerySet, session) -> QuerySet:
    """The live allocations on a session, with their people, in name order."""
    return (
        allocations.filter(session=session, status=AllocationStatus.ALLOCATED)
        .select_related("requirement__person")
        .order_by("requirement__person__last_name", "requirement__person__first_name")
    )
