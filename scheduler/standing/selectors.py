"""Reading standing allocations: always from the user's scope (upw.core.access)."""

from django.db.models import Count, Q, QuerySet

from scheduler.models import StandingAllocation, StandingBooking, StandingShortfall
from upw.core.access import visible
from upw.models import AllocationStatus, User


def standing_list(*, user: User, region_code: str = "", search: str = "", status: str = "") -> QuerySet:
    """The standing allocations the user may see, newest first, narrowed by region, status and a search
    of the CRN, the person's name or the project's name."""
    rows = visible(user, StandingAllocation).select_related("region", "requirement__person", "project")
    if region_code:
        rows = rows.filter(region__code=region_code)
    if status:
        rows = rows.filter(status=status)
    for word in search.split()[:5]:
        rows = rows.filter(
            Q(requirement__person__crn__iexact=word)
            | Q(requirement__person__first_name__icontains=word)
            | Q(requirement__person__last_name__icontains=word)
            | Q(project__name__icontains=word)
        )
    return rows.annotate(
        # Distinct: the two joins multiply each other's rows.
        places=Count("bookings", filter=Q(bookings__allocation__status=AllocationStatus.ALLOCATED), distinct=True),
        shortfall_count=Count("shortfalls", distinct=True),
    ).order_by("-created_at", "-id")


def standing_bookings(standing: StandingAllocation) -> QuerySet:
    return StandingBooking.objects.filter(standing=standing).select_related(
        "allocation__session__project", "allocation__attendance"
    )


def standing_shortfalls(standing: StandingAllocation) -> QuerySet:
    return StandingShortfall.objects.filter(standing=standing)
