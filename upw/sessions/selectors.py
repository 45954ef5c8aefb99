"""Sessions by day and the people on them, for the session pages."""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, QuerySet

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
    count: int = 0  # the day's sessions in the whole week, not just on this page
    page: int = 1  # the page the day starts on
    continued: bool = False  # the day began on the page before


@dataclass(frozen=True)
class WeekPage:
    days: list[Day]  # the days on this page, each with its sessions on it
    week: list[Day]  # all seven days, with their counts and pages, without sessions
    page: Page
    session_count: int


def _week_of(sessions: QuerySet, monday: dt.date) -> QuerySet:
    return sessions.filter(date__gte=monday, date__lt=monday + dt.timedelta(days=7))


def week_page(
    *, sessions: QuerySet, monday: dt.date, with_supervisors: bool, page_size: int | None, page_number=1
) -> WeekPage:
    """One page of the week's sessions in time order, grouped by day.

    A region's week runs to a thousand sessions and more, so the week is cut into pages of
    `page_size` sessions (None: one page). Each day is shown on every page its sessions fall on,
    marked as continued after the first; a day without sessions is shown on the page of the
    session that follows it (or the last page), so every day appears somewhere.
    """
    counts = dict(
        _week_of(sessions, monday).order_by().values_list("date").annotate(sessions=Count("id", distinct=True))
    )
    total = sum(counts.values())
    size = page_size or max(total, 1)
    ordered = with_places_taken(
        _week_of(sessions, monday)
        .select_related("project__site", "project__organisation")
        .order_by("date", "start_time", "id")
    )
    if with_supervisors:
        ordered = ordered.prefetch_related("supervisor_assignments__supervisor__user")
    paginator = Paginator(ordered, size)
    paginator.count = total  # already counted by day; saves a second count of the same rows
    page = paginator.get_page(page_number)
    on_page: dict[dt.date, list] = {}
    for session in page.object_list:
        on_page.setdefault(session.date, []).append(session)
    week, days, before = [], [], 0
    first, last = (page.number - 1) * size, page.number * size
    for offset in range(7):
        date = monday + dt.timedelta(days=offset)
        count = counts.get(date, 0)
        starts_on = min(before // size + 1, paginator.num_pages)
        week.append(Day(date=date, sessions=[], count=count, page=starts_on))
        # A day with sessions shows where they fall; an empty one where it starts.
        shown = (before < last and before + count > first) if count else starts_on == page.number
        if shown:
            days.append(
                Day(date=date, sessions=on_page.get(date, []), count=count, page=starts_on, continued=before < first)
            )
        before += count
    return WeekPage(days=days, week=week, page=page, session_count=total)


def session_people(*, allocations: QuerySet, session) -> QuerySet:
    """The live allocations on a session, with their people, in name order."""
    return (
        allocations.filter(session=session, status=AllocationStatus.ALLOCATED)
        .select_related("requirement__person")
        .order_by("requirement__person__last_name", "requirement__person__first_name")
    )
