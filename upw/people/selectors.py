"""People and their requirements, as the people pages list them."""

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from upw.core.selectors import active_requirements, at_risk_requirement_ids
from upw.models import Allocation, AllocationStatus, Requirement
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES

# Requirement status filter values offered on the people list, besides each RequirementStatus.
STATUS_ACTIVE = "active"


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


def requirements_awaiting_first_session(requirements: QuerySet) -> QuerySet:
    """Active requirements that have no live allocation at all."""
    live = Allocation.objects.filter(requirement=OuterRef("pk"), status=AllocationStatus.ALLOCATED)
    return active_requirements(requirements).filter(~Exists(live))
