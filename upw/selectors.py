"""Read queries for the coordinator web pages (HackSoft selectors).

Every function takes querysets already scoped by `upw.access.visible`, so a selector can narrow what
a user may see but never widen it.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from upw.models import Allocation, AllocationStatus, Requirement
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES

# The "at risk" rule looks closer at requirements whose deadline is this near.
AT_RISK_HORIZON_WEEKS = 8

# Requirement status filter values offered on the people list, besides each RequirementStatus.
STATUS_ACTIVE = "active"


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week `day` falls in."""
    return day - dt.timedelta(days=day.weekday())


def is_at_risk(*, minutes_left: int, deadline: dt.date, intensive: bool, today: dt.date) -> bool:
    """Whether an active requirement is at risk of missing its deadline.

    The rule, with the pace needed = minutes left / weeks until the deadline (less the
    UPW["AT_RISK_MARGIN_DAYS"] setting):

    1. at risk if the pace needed is more than the weekly maximum (21 hours, or 28 for intensive
       working), because then even the fastest allowed pace cannot finish in time; this includes a
       deadline that has passed with minutes still owed;
    2. at risk if the deadline is within 8 weeks and the pace needed is more than the weekly minimum
       offered to everybody (one 7-hour day), because the person has fallen behind the pace the
       service plans for and has little time left to catch up.

    A requirement with nothing left to do is never at risk.
    """
    if minutes_left <= 0:
        return False
    policy = settings.UPW
    days_left = (deadline - today).days - policy["AT_RISK_MARGIN_DAYS"]
    if days_left <= 0:
        return True
    weekly_maximum = policy["INTENSIVE_WEEKLY_MAXIMUM_MINUTES" if intensive else "STANDARD_WEEKLY_MAXIMUM_MINUTES"]
    # Compare minutes_left / (days_left / 7) with each figure without dividing.
    needed_times_days = minutes_left * 7
    if needed_times_days > weekly_maximum * days_left:
        return True
    return days_left <= AT_RISK_HORIZON_WEEKS * 7 and needed_times_days > policy["WEEKLY_MINIMUM_MINUTES"] * days_left


def at_risk_rule() -> dict:
    """The figures `is_at_risk` uses, in hours, for pages that explain the rule."""
    policy = settings.UPW
    return {
        "standard_maximum": policy["STANDARD_WEEKLY_MAXIMUM_MINUTES"] / 60,
        "intensive_maximum": policy["INTENSIVE_WEEKLY_MAXIMUM_MINUTES"] / 60,
        "weekly_minimum": policy["WEEKLY_MINIMUM_MINUTES"] / 60,
        "horizon_weeks": AT_RISK_HORIZON_WEEKS,
        "margin_days": policy["AT_RISK_MARGIN_DAYS"],
    }


def active_requirements(requirements: QuerySet) -> QuerySet:
    return requirements.filter(status__in=ACTIVE_REQUIREMENT_STATUSES)


def placeable_requirements(requirements: QuerySet) -> QuerySet:
    """The requirements the matching engine may place: active ones whose person is ready to work.

    The one place that decides who is placeable, so matching, its adapter and the dashboard all
    agree: the requirement is active and its induction is done (issue 7: induction comes before
    the first working session).
    """
    return active_requirements(requirements).filter(induction_completed_on__isnull=False)


def requirements_awaiting_first_session(requirements: QuerySet) -> QuerySet:
    """Active requirements that have no live allocation at all."""
    live = Allocation.objects.filter(requirement=OuterRef("pk"), status=AllocationStatus.ALLOCATED)
    return active_requirements(requirements).filter(~Exists(live))


def at_risk_requirement_ids(requirements: QuerySet, *, today: dt.date) -> list[int]:
    """Ids of the active requirements at risk of missing their deadline: by the rule of `is_at_risk`
    today, or because the nightly pace check (upw.services.pace) found that their pace so far would
    finish after the deadline. Every page and count uses this one definition.

    The rule is worked out in Python rather than SQL so that it reads the same everywhere and
    needs no date arithmetic in the database; it reads six columns of the active requirements only.
    """
    rows = active_requirements(requirements).values_list(
        "id", "hours_ordered", "minutes_credited", "deadline", "intensive", "progress__at_risk"
    )
    return [
        pk
        for pk, hours, credited, deadline, intensive, behind_pace in rows
        if behind_pace
        or is_at_risk(minutes_left=hours * 60 - credited, deadline=deadline, intensive=intensive, today=today)
    ]


def requirement_at_risk(requirement: Requirement, *, today: dt.date) -> bool:
    """`at_risk_requirement_ids` for one requirement already in memory."""
    if not requirement.is_active:
        return False
    progress = getattr(requirement, "progress", None)
    return bool(progress and progress.at_risk) or is_at_risk(
        minutes_left=requirement.minutes_left,
        deadline=requirement.deadline,
        intensive=requirement.intensive,
        today=today,
    )


@dataclass(frozen=True)
class DashboardCounts:
    active_requirements: int
    awaiting_first_session: int
    at_risk: int
    sessions_this_week: int


def dashboard_counts(
    *, people: QuerySet, requirements: QuerySet, sessions: QuerySet, today: dt.date
) -> DashboardCounts:
    monday = week_start(today)
    return DashboardCounts(
        active_requirements=active_requirements(requirements).count(),
        awaiting_first_session=person_list(
            people=people, requirements=requirements, awaiting=True, today=today
        ).count(),
        at_risk=person_list(people=people, requirements=requirements, at_risk=True, today=today).count(),
        sessions_this_week=sessions.filter(date__gte=monday, date__lt=monday + dt.timedelta(days=7)).count(),
    )


def person_list(
    *,
    people: QuerySet,
    requirements: QuerySet,
    today: dt.date,
    q: str = "",
    pdu=None,
    status: str = "",
    awaiting: bool = False,
    at_risk: bool = False,
) -> QuerySet:
    """People matching the people-list search and filters, with their requirements prefetched.

    `q` matches the CRN exactly (any case) or any part of the first or last name, or of both as
    "first last". `status` is a RequirementStatus value or "active" (unallocated or in progress).
    """
    result = people
    q = (q or "").strip()
    if q:
        parts = q.split()
        name_match = Q()
        for part in parts:
            name_match &= Q(first_name__icontains=part) | Q(last_name__icontains=part)
        result = result.filter(Q(crn__iexact=q) | name_match)
    if pdu is not None:
        result = result.filter(pdu=pdu)
    if status == STATUS_ACTIVE:
        result = result.filter(id__in=active_requirements(requirements).values("person_id"))
    elif status:
        result = result.filter(id__in=requirements.filter(status=status).values("person_id"))
    if awaiting:
        result = result.filter(id__in=requirements_awaiting_first_session(requirements).values("person_id"))
    if at_risk:
        ids = at_risk_requirement_ids(requirements, today=today)
        result = result.filter(id__in=requirements.filter(id__in=ids).values("person_id"))
    return result.select_related("pdu").prefetch_related(
        Prefetch("requirements", queryset=requirements.order_by("deadline", "id"), to_attr="scoped_requirements")
    )


def current_requirement(requirements: list[Requirement]) -> Requirement | None:
    """The requirement a list row shows: the active one due first, else the one due last."""
    active = [r for r in requirements if r.status in ACTIVE_REQUIREMENT_STATUSES]
    if active:
        return min(active, key=lambda r: (r.deadline, r.id))
    return max(requirements, key=lambda r: (r.deadline, r.id)) if requirements else None


def person_requirements(*, requirements: QuerySet, person) -> QuerySet:
    return requirements.filter(person=person).select_related("progress").order_by("deadline", "id")


def upcoming_allocations(*, allocations: QuerySet, today: dt.date) -> QuerySet:
    return (
        allocations.filter(status=AllocationStatus.ALLOCATED, session__date__gte=today)
        .select_related("session__project__site", "requirement")
        .order_by("session__date", "session__start_time")
    )


def project_list(*, projects: QuerySet, q: str = "", status: str = "", project_type: str = "") -> QuerySet:
    result = projects
    q = (q or "").strip()
    if q:
        result = result.filter(
            Q(name__icontains=q)
            | Q(organisation__name__icontains=q)
            | Q(site__name__icontains=q)
            | Q(site__postcode__icontains=q)
        )
    if status:
        result = result.filter(status=status)
    if project_type:
        result = result.filter(project_type=project_type)
    return result.select_related("organisation", "site__pdu").order_by("name", "id")


def with_places_taken(sessions: QuerySet) -> QuerySet:
    return sessions.annotate(
        places_taken=Count("allocations", filter=Q(allocations__status=AllocationStatus.ALLOCATED), distinct=True)
    )


def upcoming_sessions(*, sessions: QuerySet, today: dt.date, limit: int = 20) -> QuerySet:
    return with_places_taken(sessions.filter(date__gte=today)).order_by("date", "start_time", "id")[:limit]


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


def places_taken(session) -> int:
    return session.allocations.filter(status=AllocationStatus.ALLOCATED).count()
