"""Read queries for intake: who is waiting for assessment, induction or a first working
session, and the time from sentence to induction and to the first session against the targets.

Every function takes querysets already scoped by `upw.core.access.visible`.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, ExpressionWrapper, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Lower

from upw.core import selectors
from upw.core.at_risk import DaysFrom
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


_WAITING_STAGES = {
    "assessment": (waiting_for_assessment, "TARGET_DAYS_TO_INDUCTION"),
    "induction": (waiting_for_induction, "TARGET_DAYS_TO_INDUCTION"),
    "first-session": (waiting_for_first_session, "TARGET_DAYS_TO_FIRST_SESSION"),
}


def waiting_queryset(*, stage: str, requirements: QuerySet, today: dt.date) -> QuerySet:
    """One list of the dashboard, longest waiting first, as a queryset to count and page: one row a
    person, their longest wait (two orders of one person wait together). Every wait counts from the
    sentence date, as the targets do (TARGET_DAYS_TO_INDUCTION, TARGET_DAYS_TO_FIRST_SESSION).
    `waiting_row` turns a row into a Waiting."""
    if stage not in _WAITING_STAGES:
        raise ValueError(stage)
    rows = _WAITING_STAGES[stage][0](requirements)
    waited_longer = rows.filter(person=OuterRef("person")).filter(
        Q(sentence_date__lt=OuterRef("sentence_date"))
        | Q(sentence_date=OuterRef("sentence_date"), id__lt=OuterRef("id"))
    )
    return (
        rows.exclude(Exists(waited_longer))
        .annotate(
            waiting_last_name=Lower("person__last_name"),
            waiting_first_name=Lower("person__first_name"),
            waiting_days=ExpressionWrapper(Value(0) - DaysFrom("sentence_date", today), output_field=IntegerField()),
        )
        .select_related("person__pdu")
        .order_by("sentence_date", "id")
    )


def waiting_row(requirement: Requirement, *, stage: str, today: dt.date) -> Waiting:
    """A row of `waiting_queryset` as a Waiting."""
    return Waiting(
        requirement=requirement,
        since=requirement.sentence_date,
        days=max((today - requirement.sentence_date).days, 0),
        target_days=settings.UPW[_WAITING_STAGES[stage][1]],
        booked_on=getattr(requirement, "induction_booked_on", None),
    )


def waiting(*, stage: str, requirements: QuerySet, today: dt.date) -> list[Waiting]:
    """The whole of one list (waiting_queryset) as Waiting rows: long lists page the queryset instead."""
    rows = waiting_queryset(stage=stage, requirements=requirements, today=today)
    return [waiting_row(requirement, stage=stage, today=today) for requirement in rows]


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


# The columns a waiting list sorts by (upw.web.sorting): the fields and annotations of
# waiting_queryset each orders by.
WAITING_SORTS = {
    "person": ("waiting_last_name", "waiting_first_name"),
    "pdu": ("person__pdu__name",),
    "since": ("sentence_date",),
    "waiting": ("waiting_days",),
}
