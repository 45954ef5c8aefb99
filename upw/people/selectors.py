"""People and their requirements, as the people pages list them."""

import datetime as dt

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from upw.core import at_risk as risk
from upw.core.selectors import active_requirements
from upw.models import Allocation, AllocationStatus, Person, Requirement
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES

# Requirement status filter values offered on the people list, besides each RequirementStatus.
STATUS_ACTIVE = "active"
# The "at risk" filter: any reason, or one of upw.core.at_risk's reasons (or its past deadline group).
AT_RISK_ANY = "on"
WAITING_INDUCTION = "induction"
WAITING_FIRST_SESSION = "first_session"

# The people list's sortable columns: the fields each sorts on (whitelisted: never user input).
PERSON_SORTS = {
    "name": ("last_name", "first_name"),
    "crn": ("crn",),
    "pdu": ("pdu__name",),
    "hours_ordered": ("hours_ordered",),
    "hours_credited": ("minutes_credited",),
    "deadline": ("deadline",),
    "status": ("status",),
}
# Columns of the row's requirement rather than of the person.
CURRENT_REQUIREMENT_SORTS = frozenset({"hours_ordered", "hours_credited", "deadline", "status"})


def person_list(
    *,
    people: QuerySet,
    requirements: QuerySet,
    today: dt.date,
    q: str = "",
    pdu=None,
    status: str = "",
    awaiting: bool = False,
    at_risk: str | bool = "",
    waiting_for: str = "",
    waiting_days: int | None = None,
    sort: str = "name",
    descending: bool = False,
) -> QuerySet:
    """People matching the people-list search and filters, sorted, with their requirements prefetched
    (annotated with the reasons they need attention, upw.core.at_risk).

    `q` matches the CRN exactly (any case) or any part of the first or last name, or of both as
    "first last". `status` is a RequirementStatus value or "active" (unallocated or in progress).
    `at_risk` is AT_RISK_ANY (or True), one of upw.core.at_risk.AT_RISK_REASONS, or PAST_DEADLINE.
    `waiting_for` is WAITING_INDUCTION or WAITING_FIRST_SESSION, for more than `waiting_days` days.
    `sort` is a key of PERSON_SORTS; any other sorts by name.
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
    if at_risk is True or at_risk == AT_RISK_ANY:
        result = result.filter(id__in=risk.requirements_at_risk(requirements, today=today).values("person_id"))
    elif at_risk in risk.AT_RISK_REASONS:
        flagged = risk.requirements_at_risk(requirements, today=today, reason=at_risk)
        result = result.filter(id__in=flagged.values("person_id"))
    elif at_risk == risk.PAST_DEADLINE:
        result = result.filter(id__in=risk.requirements_past_deadline(requirements, today=today).values("person_id"))
    if waiting_for:
        waiting = requirements_waiting(requirements, waiting_for=waiting_for, today=today, more_than_days=waiting_days)
        result = result.filter(id__in=waiting.values("person_id"))
    return sorted_people(result, requirements=requirements, sort=sort, descending=descending).prefetch_related(
        Prefetch(
            "requirements",
            queryset=risk.with_risk_reasons(requirements, today=today).order_by("deadline", "id"),
            to_attr="scoped_requirements",
        )
    )


def sorted_people(people: QuerySet, *, requirements: QuerySet, sort: str, descending: bool) -> QuerySet:
    """People in the order of a PERSON_SORTS key; a requirement's column is that of the row's requirement
    (`current_requirement`), people without one last."""
    if sort not in PERSON_SORTS:
        sort, descending = "name", False
    fields = PERSON_SORTS[sort]
    result = people.select_related("pdu")
    if sort in CURRENT_REQUIREMENT_SORTS:
        result = result.annotate(sort_value=_current_requirement_value(requirements, fields[0]))
        fields = ("sort_value",)
    ordering = [F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True) for field in fields]
    return result.order_by(*ordering, "-id" if descending else "id")


def _current_requirement_value(requirements: QuerySet, field: str) -> Coalesce:
    """A column of the requirement `current_requirement` picks, as a subquery per person."""
    mine = requirements.filter(person=OuterRef("pk"))
    first_active = active_requirements(mine).order_by("deadline", "id").values(field)[:1]
    last = mine.order_by("-deadline", "-id").values(field)[:1]
    return Coalesce(Subquery(first_active), Subquery(last))


def requirements_waiting(
    requirements: QuerySet, *, waiting_for: str, today: dt.date, more_than_days: int | None = None
) -> QuerySet:
    """Active requirements waiting for an induction (since sentence) or, once inducted, for a first
    session to be booked (since the induction), for more than `more_than_days` days if given."""
    since = today - dt.timedelta(days=more_than_days or 0)
    if waiting_for == WAITING_INDUCTION:
        waiting = active_requirements(requirements).filter(induction_completed_on__isnull=True)
        return waiting.filter(sentence_date__lt=since) if more_than_days else waiting
    if waiting_for == WAITING_FIRST_SESSION:
        waiting = requirements_awaiting_first_session(requirements).filter(induction_completed_on__isnull=False)
        return waiting.filter(induction_completed_on__lt=since) if more_than_days else waiting
    return requirements.none()


def current_requirement(requirements: list[Requirement]) -> Requirement | None:
    """The requirement a list row shows: the active one due first, else the one due last."""
    active = [r for r in requirements if r.status in ACTIVE_REQUIREMENT_STATUSES]
    if active:
        return min(active, key=lambda r: (r.deadline, r.id))
    return max(requirements, key=lambda r: (r.deadline, r.id)) if requirements else None


def person_requirements(*, requirements: QuerySet, person, today: dt.date) -> QuerySet:
    """The person's requirements, annotated with the reasons each needs attention (upw.core.at_risk)."""
    mine = requirements.filter(person=person).select_related("progress", "concurrent_with")
    return risk.with_risk_reasons(mine, today=today).order_by("deadline", "id")


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


# Fields whose change the history names in other words, or not at all (they follow another field).
CHANGE_LABELS = {"availability_mask": "availability", "postcode": "home postcode", "risk_level": "risk level"}
UNNAMED_CHANGES = frozenset({"latitude", "longitude", "assessed_on"})
PERSON_CHANGES_SHOWN = 10


def person_changes(person: Person, limit: int = PERSON_CHANGES_SHOWN) -> list[dict]:
    """The latest changes to a person, newest first: when, by whom, the fields changed (by name, not
    value) and the reason given."""
    records = list(person.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    changes = []
    # People made in bulk (the demo, imports) have no history rows at all.
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        if len(changes) == limit:
            break
        if older is None:
            fields = ["record created"] if newer.history_type == "+" else []
        else:
            fields = [
                CHANGE_LABELS.get(change.field) or str(Person._meta.get_field(change.field).verbose_name)
                for change in newer.diff_against(older).changes
                if change.field not in UNNAMED_CHANGES
            ]
        if not fields and not newer.history_change_reason:
            continue
        changes.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "fields": fields,
                "reason": newer.history_change_reason or "",
            }
        )
    return changes
