"""Read queries for intake: who is waiting for assessment, induction or a first working
session, and the time from sentence to induction and to the first session against the targets.

Every function takes querysets already scoped by `upw.core.access.visible`.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, Min, OuterRef, QuerySet, Subquery

from upw.core import selectors
from upw.models import Allocation, AllocationStatus, Person, ProjectType, Requirement

STAGES = {
    "assessment": "Waiting for assessment",
    "induction": "Waiting for induction",
    "first-session": "Waiting for a first working session",
}


def _live(requirement_ref="pk") -> QuerySet:
    return Allocation.objects.filter(requirement=OuterRef(requirement_ref), status=AllocationStatus.ALLOCATED)


def waiting_for_assessment(requirements: QuerySet) -> QuerySet:
    return selectors.active_requirements(requirements).filter(person__assessed_on__isnull=True)


def waiting_for_induction(requirements: QuerySet) -> QuerySet:
    booked = (
        Allocation.objects.filter(
            requirement__person=OuterRef("person"),
            status=AllocationStatus.ALLOCATED,
            session__project__project_type=ProjectType.INDUCTION,
        )
        .order_by("-session__date")
        .values("session__date")[:1]
    )
    return (
        selectors.active_requirements(requirements)
        .filter(person__assessed_on__isnull=False, induction_completed_on__isnull=True)
        .annotate(induction_booked_on=Subquery(booked))
    )


def waiting_for_first_session(requirements: QuerySet) -> QuerySet:
    """Inducted active requirements with no working session (past or booked) at all."""
    working = _live().exclude(session__project__project_type=ProjectType.INDUCTION)
    return selectors.placeable_requirements(requirements).filter(minutes_credited=0).exclude(Exists(working))


@dataclass(frozen=True)
class Waiting:
    requirement: Requirement
    since: dt.date
    days: int
    target_days: int | None
    booked_on: dt.date | None = None

    @property
    def over_target(self) -> bool:
        return self.target_days is not None and self.days > self.target_days


def waiting(*, stage: str, requirements: QuerySet, today: dt.date) -> list[Waiting]:
    """One list of the dashboard, longest waiting first. Every wait counts from the sentence date, as
    the targets do (TARGET_DAYS_TO_INDUCTION, TARGET_DAYS_TO_FIRST_SESSION)."""
    policy = settings.UPW
    if stage == "assessment":
        rows = waiting_for_assessment(requirements).order_by("sentence_date", "id")
        since, target = (lambda r: r.sentence_date), policy["TARGET_DAYS_TO_INDUCTION"]
    elif stage == "induction":
        rows = waiting_for_induction(requirements).order_by("sentence_date", "id")
        since, target = (lambda r: r.sentence_date), policy["TARGET_DAYS_TO_INDUCTION"]
    elif stage == "first-session":
        rows = waiting_for_first_session(requirements).order_by("sentence_date", "id")
        since, target = (lambda r: r.sentence_date), policy["TARGET_DAYS_TO_FIRST_SESSION"]
    else:
        raise ValueError(stage)
    found, seen = [], set()
    for requirement in rows.select_related("person__pdu"):
        # One row a person: their longest wait (two orders of one person wait together).
        if requirement.person_id in seen:
            continue
        seen.add(requirement.person_id)
        start = since(requirement)
        found.append(
            Waiting(
                requirement=requirement,
                since=start,
                days=max((today - start).days, 0),
                target_days=target,
                booked_on=getattr(requirement, "induction_booked_on", None),
            )
        )
    return found


@dataclass(frozen=True)
class Milestones:
    """Days from sentence to induction and to the first working session, against the targets."""

    sentence_date: dt.date
    induction_on: dt.date | None
    induction_booked_on: dt.date | None
    first_session_on: dt.date | None
    days_to_induction: int | None
    days_to_first_session: int | None
    target_induction: int
    target_first_session: int
    today: dt.date

    @property
    def induction_late(self) -> bool:
        days = self.days_to_induction
        if days is None:
            days = (self.today - self.sentence_date).days
        return days > self.target_induction

    @property
    def first_session_late(self) -> bool:
        days = self.days_to_first_session
        if days is None:
            days = (self.today - self.sentence_date).days
        return days > self.target_first_session


def milestones(*, requirement: Requirement, today: dt.date) -> Milestones:
    allocations = Allocation.objects.filter(
        requirement__person=requirement.person_id, status=AllocationStatus.ALLOCATED
    )
    first = (
        allocations.filter(requirement=requirement)
        .exclude(session__project__project_type=ProjectType.INDUCTION)
        .aggregate(first=Min("session__date"))["first"]
    )
    booked = (
        allocations.filter(session__project__project_type=ProjectType.INDUCTION)
        .order_by("-session__date")
        .values_list("session__date", flat=True)
        .first()
    )
    induction = requirement.induction_completed_on
    return Milestones(
        sentence_date=requirement.sentence_date,
        induction_on=induction,
        induction_booked_on=booked if induction is None else None,
        first_session_on=first,
        days_to_induction=(induction - requirement.sentence_date).days if induction else None,
        days_to_first_session=(first - requirement.sentence_date).days if first else None,
        target_induction=settings.UPW["TARGET_DAYS_TO_INDUCTION"],
        target_first_session=settings.UPW["TARGET_DAYS_TO_FIRST_SESSION"],
        today=today,
    )


def person_stage(person: Person, requirements: QuerySet) -> str:
    """Where a person is on the way to their first session: assessment, induction, placeable or ''."""
    active = selectors.active_requirements(requirements.filter(person=person))
    if not active.exists():
        return ""
    if person.assessed_on is None:
        return "assessment"
    if active.filter(induction_completed_on__isnull=True).exists():
        return "induction"
    return "placeable"


# The columns a waiting list sorts by (upw.web.sorting). One row a person is chosen in Python (their
# longest wait), so the list is sorted there too.
WAITING_SORTS = {
    "person": lambda w: (w.requirement.person.last_name.lower(), w.requirement.person.first_name.lower()),
    "pdu": lambda w: w.requirement.person.pdu.name,
    "since": lambda w: w.since,
    "waiting": lambda w: w.days,
}
