"""Shared reads about requirements and sessions: what is active, placeable or at risk, and places taken."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import Coalesce

from upw.core import at_risk
from upw.core.at_risk import AT_RISK_HORIZON_WEEKS
from upw.models import AllocationStatus, Requirement
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES, Concurrency


def first_rows_and_counts(rows: QuerySet, limit: int, *, offset: int = 0, **counts: Q) -> tuple[list, dict[str, int]]:
    """`limit` rows from `offset`, with how many rows there are in all (key "total") and how many match
    each condition in `counts`, in one query; no rows (and counts of 0) past the end.

    The counts are window aggregates over the whole result, so a list whose rows are costly to find
    (at risk, reviews due, waiting) is worked out once to show its head and its size, not twice.
    """
    windows = {"first_rows_total": Window(Count("pk"))}
    windows |= {f"first_rows_{name}": Window(Count("pk", filter=condition)) for name, condition in counts.items()}
    first = list(rows.annotate(**windows)[offset : offset + limit])
    names = ["total", *counts]
    if not first:
        return [], dict.fromkeys(names, 0)
    return first, {name: getattr(first[0], f"first_rows_{name}") for name in names}


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
        "warning_months": at_risk.WARNING_LOOKBACK_MONTHS,
    }


def active_requirements(requirements: QuerySet) -> QuerySet:
    return requirements.filter(status__in=ACTIVE_REQUIREMENT_STATUSES)


def placeable_requirements(requirements: QuerySet) -> QuerySet:
    """The requirements the matching engine may place: active ones whose person is ready to work.

    The one place that decides who is placeable, so matching, its adapter and the dashboard all
    agree: the requirement is active, its person has been assessed (before that, risk, travel and
    availability are only starting values) and its induction is done (induction comes before the
    first working session).
    """
    # An order worked together with, or after, another order still running is placed through that
    # order: the same booking counts towards both (concurrent) or passes its extra hours on (additional).
    placed_through_another = Q(
        concurrency__in=(Concurrency.CONCURRENT, Concurrency.ADDITIONAL),
        concurrent_with__status__in=ACTIVE_REQUIREMENT_STATUSES,
    )
    return (
        active_requirements(requirements)
        .filter(induction_completed_on__isnull=False, person__assessed_on__isnull=False)
        .exclude(placed_through_another)
    )


def at_risk_requirement_ids(
    requirements: QuerySet, *, today: dt.date, reasons=tuple(at_risk.AT_RISK_REASONS)
) -> list[int]:
    """Ids of the requirements with any of `reasons` (upw.core.at_risk; by default the reasons that
    make a requirement "at risk", which never include past deadline). Every page and count uses it."""
    annotated = at_risk.with_risk_reasons(requirements, today=today)
    condition = Q()
    for reason in reasons:
        condition |= Q(**{at_risk.REASON_FIELDS[reason]: True})
    return list(annotated.filter(condition).values_list("id", flat=True))


def with_places_taken(sessions: QuerySet) -> QuerySet:
    return sessions.annotate(
        places_taken=Count("allocations", filter=Q(allocations__status=AllocationStatus.ALLOCATED), distinct=True)
    )


def places_taken(session) -> int:
    return session.allocations.filter(status=AllocationStatus.ALLOCATED).count()


def with_linked_minutes(requirements: QuerySet) -> QuerySet:
    """Annotates what the orders placed through each requirement still need: `concurrent_minutes_left`,
    the most any concurrent order still needs (the same booking counts towards each), and
    `additional_minutes_left`, what the additional orders that follow it need in all."""

    def linked_left(concurrency: str, aggregate) -> Coalesce:
        rows = (
            Requirement.objects.filter(
                concurrent_with=OuterRef("pk"), concurrency=concurrency, status__in=ACTIVE_REQUIREMENT_STATUSES
            )
            .annotate(left=F("hours_ordered") * 60 - F("minutes_credited"))
            .values("concurrent_with")
            .annotate(total=aggregate("left"))
            .values("total")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return requirements.annotate(
        concurrent_minutes_left=linked_left(Concurrency.CONCURRENT, Max),
        additional_minutes_left=linked_left(Concurrency.ADDITIONAL, Sum),
    )
