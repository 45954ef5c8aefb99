"""Read queries for the matching pages. Runs come in already scoped by `upw.access.visible`."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from scheduler.adapters.matching import ENGINE_PROJECT_TYPES, RUNNING_PROJECT_STATUSES
from scheduler.models import MatchingRun, PersonExplanation, ProposedAllocation
from upw.models import Allocation, AllocationStatus, Session, SessionStatus


def run_sessions(run: MatchingRun) -> QuerySet:
    """The sessions a run can place people on, with places booked and places proposed by the run."""
    first = max(run.start_date, timezone.localdate() + dt.timedelta(days=1))
    booked = (
        Allocation.objects.filter(session=OuterRef("pk"), status=AllocationStatus.ALLOCATED)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    proposed = (
        ProposedAllocation.objects.filter(session=OuterRef("pk"), run=run)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Session.objects.filter(
            project__site__pdu__region=run.region_id,
            date__gte=first,
            date__lte=run.end_date,
            status=SessionStatus.SCHEDULED,
            project__status__in=RUNNING_PROJECT_STATUSES,
            project__project_type__in=ENGINE_PROJECT_TYPES,
        )
        .select_related("project__site")
        .annotate(
            booked=Coalesce(Subquery(booked, output_field=IntegerField()), Value(0)),
            proposed=Coalesce(Subquery(proposed, output_field=IntegerField()), Value(0)),
        )
        .order_by("date", "start_time", "project__name", "id")
    )


def session_choices(run: MatchingRun) -> list[tuple[int, str]]:
    return [
        (
            s.id,
            f"{s.project.name}, {s.date:%a %d %b} {s.start_time:%H:%M}-{s.end_time:%H:%M} "
            f"({s.booked + s.proposed} of {s.capacity} places)",
        )
        for s in run_sessions(run)
    ]


def explanations(*, run: MatchingRun, q: str = "", placed: str = "") -> QuerySet:
    """The run's people, searchable by CRN or name, placed or left out."""
    rows = PersonExplanation.objects.filter(run=run).select_related("requirement__person")
    q = (q or "").strip()
    if q:
        name = Q()
        for part in q.split():
            name &= Q(requirement__person__first_name__icontains=part) | Q(
                requirement__person__last_name__icontains=part
            )
        rows = rows.filter(Q(requirement__person__crn__iexact=q) | name)
    # Placed or left out as the plan stands now, after any hand changes, not as the engine left it.
    has_place = Exists(ProposedAllocation.objects.filter(run=run, requirement_id=OuterRef("requirement_id")))
    if placed == "placed":
        rows = rows.filter(has_place)
    elif placed == "left_out":
        rows = rows.filter(~has_place)
    return rows


def proposals_by_requirement(*, run: MatchingRun, requirement_ids) -> dict[int, list[ProposedAllocation]]:
    out: dict[int, list[ProposedAllocation]] = defaultdict(list)
    for p in ProposedAllocation.objects.filter(run=run, requirement_id__in=list(requirement_ids)).select_related(
        "session__project"
    ):
        out[p.requirement_id].append(p)
    return out


def review_sessions(*, run: MatchingRun, q: str = "") -> QuerySet:
    rows = run_sessions(run)
    q = (q or "").strip()
    if q:
        rows = rows.filter(Q(project__name__icontains=q) | Q(project__site__postcode__icontains=q))
    return rows


def proposals_by_session(*, run: MatchingRun, session_ids) -> dict[int, list[ProposedAllocation]]:
    out: dict[int, list[ProposedAllocation]] = defaultdict(list)
    for p in (
        ProposedAllocation.objects.filter(run=run, session_id__in=list(session_ids))
        .select_related("requirement__person")
        .order_by("requirement__person__last_name", "id")
    ):
        out[p.session_id].append(p)
    return out
