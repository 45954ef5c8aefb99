"""Shared reads about requirements and sessions: what is active, placeable or at risk, and places taken."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from upw.models import AllocationStatus, Requirement
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES

# The "at risk" rule looks closer at requirements whose deadline is this near.
AT_RISK_HORIZON_WEEKS = 8


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
    agree: the requirement is active and its induction is done (induction comes before
    the first working session).
    """
    return active_requirements(requirements).filter(induction_completed_on__isnull=False)


def at_risk_requirement_ids(requirements: QuerySet, *, today: dt.date) -> list[int]:
    """Ids of the active requirements at risk of missing their deadline: by the rule of `is_at_risk`
    today, or because the nightly pace check (upw.core.pace) found that their pace so far would
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


def with_places_taken(sessions: QuerySet) -> QuerySet:
    return sessions.annotate(
        places_taken=Count("allocations", filter=Q(allocations__status=AllocationStatus.ALLOCATED), distinct=True)
    )


def places_taken(session) -> int:
    return session.allocations.filter(status=AllocationStatus.ALLOCATED).count()
