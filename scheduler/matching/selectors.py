"""Read queries for the matching pages. Runs come in already scoped by `upw.core.access.visible`."""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from scheduler.matching.adapter import ENGINE_PROJECT_TYPES, RUNNING_PROJECT_STATUSES
from scheduler.matching.engine.explain import PRIORITY_MARK, placed_summary
from scheduler.models import MatchingRun, PersonExplanation, ProposalSource, ProposedAllocation
from upw.models import Allocation, AllocationStatus, Session, SessionStatus

# The run list's sortable columns: the fields each sorts on (whitelisted, never user input).
RUN_SORTS = {
    "started": ("created_at",),
    "region": ("region__name",),
    "dates": ("start_date", "end_date"),
    "status": ("status",),
}


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


def _places(run: MatchingRun) -> tuple[set[int], dict[int, int]]:
    """A rota run's limits on this run (plan the fortnight): sessions left out, places per session."""
    params = run.parameters or {}
    excluded = {int(x) for x in params.get("excluded_sessions", ())}
    places = {int(k): int(v) for k, v in (params.get("session_places") or {}).items()}
    return excluded, places


def free_places(session, places: dict[int, int] | None = None) -> int:
    """Places left on a session of `run_sessions`: capacity (capped by the rota) less booked and proposed."""
    capacity = session.capacity
    if places and session.id in places:
        capacity = min(capacity, places[session.id])
    return max(capacity - session.booked - session.proposed, 0)


def _free_text(free: int) -> str:
    if free <= 0:
        return "full"
    return f"{free} place{'' if free == 1 else 's'} free"


def session_choices(run: MatchingRun, *, leave_out_full: bool = False, exclude=()) -> list[tuple[int, str]]:
    """The run's sessions for the add and move forms: those with free places first (by date), then
    the full ones, labelled "3 places free" or "full" (`leave_out_full` drops them: the move form).
    The hard rules are checked again on submit, so a full session is refused there all the same."""
    excluded, places = _places(run)
    leave_out = excluded | set(exclude)
    rows = []
    for s in run_sessions(run):
        if s.id in leave_out:
            continue
        free = free_places(s, places)
        if free <= 0 and leave_out_full:
            continue
        label = f"{s.project.name}, {s.date:%a %d %b} {s.start_time:%H:%M}-{s.end_time:%H:%M}: {_free_text(free)}"
        rows.append((free <= 0, s.id, label))
    rows.sort(key=lambda row: row[0])  # stable: date order within each group
    return [(sid, label) for _, sid, label in rows]


ORDERS = ("placed", "left_out", "name")


def explanations(*, run: MatchingRun, q: str = "", placed: str = "", order: str = "placed") -> QuerySet:
    """The run's people, searchable by CRN or name, placed or left out; placed first unless `order`
    is "left_out" (left out first) or "name"."""
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
    by_name = ("requirement__person__last_name", "requirement__person__first_name", "id")
    if order == "name":
        return rows.order_by(*by_name)
    rows = rows.annotate(has_place=has_place)
    first = "has_place" if order == "left_out" else "-has_place"
    return rows.order_by(first, *by_name)


@dataclass
class ReviewRow:
    """One person on the review page: the engine's explanation, the places now, and the summary now."""

    explanation: PersonExplanation
    places: list = field(default_factory=list)
    summary: str = ""
    # "": as the engine left it; "changed": placed, with places changed by hand; "added": placed by
    # hand (the engine left them out); "taken_out": the engine placed them, now taken out by hand.
    change: str = ""


def _engine_places(explanation: PersonExplanation) -> int:
    return len(explanation.details or []) if explanation.placed else 0


def review_row(explanation: PersonExplanation, places: list) -> ReviewRow:
    """The summary of the plan as it stands: after a hand edit, the hours come from the places now,
    not from the engine's summary (which stays as the engine's word, shown when it differs)."""
    if not places:
        change = "taken_out" if explanation.placed else ""
        return ReviewRow(explanation, [], explanation.summary, change)
    priority = ""
    if explanation.placed and PRIORITY_MARK in explanation.summary:
        priority = explanation.summary.split(PRIORITY_MARK, 1)[1].rstrip(".")
    summary = placed_summary(len(places), sum(p.minutes for p in places), explanation.minutes_left, priority)
    if not explanation.placed:
        change = "added"
        summary = summary.replace("Placed on", "Placed by hand on", 1)
    elif any(p.source == ProposalSource.MANUAL for p in places) or len(places) != _engine_places(explanation):
        change = "changed"
    else:
        change = ""
        summary = explanation.summary  # the engine's own words
    for p in places:
        p.why = place_why(p)
    return ReviewRow(explanation, places, summary, change)


# An explanation stored before the session was left out of it: "Park on Mon 05 Jan, Mon 05 Jan 09:00-16:30: ".
_OLD_HEADING = re.compile(r"^.*? \d\d:\d\d-\d\d:\d\d: ")


def place_why(place: ProposedAllocation) -> str:
    """The "Why" of a place, each fact once: the distance, skills and the like (the session is beside it)."""
    why = _OLD_HEADING.sub("", place.explanation or "", count=1)
    if place.distance_km is not None and "km from home" not in why:
        km = f"{place.distance_km:.1f} km from home"
        why = f"{km}. {why}" if why else km
    return why


def proposals_by_requirement(*, run: MatchingRun, requirement_ids) -> dict[int, list[ProposedAllocation]]:
    out: dict[int, list[ProposedAllocation]] = defaultdict(list)
    for p in (
        ProposedAllocation.objects.filter(run=run, requirement_id__in=list(requirement_ids))
        .select_related("session__project")
        .order_by("session__date", "session__start_time", "id")
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


def run_totals(run: MatchingRun) -> dict:
    """Hours and people of the run's proposals as they stand now (after any hand edits).

    `manual`: places added by hand (a move counts here, as the place it made); `removed`: the
    engine's places taken out by hand (a move counts here too, as the place it left); None when the
    run did not record how many places the engine proposed."""
    agg = ProposedAllocation.objects.filter(run=run).aggregate(
        minutes=Sum("minutes"),
        places=Count("id"),
        people=Count("requirement", distinct=True),
        manual=Count("id", filter=Q(source=ProposalSource.MANUAL)),
    )
    figures = run.figures or {}
    removed = None
    if figures.get("proposals") is not None:
        engine_places = agg["places"] - agg["manual"]
        removed = max(int(figures["proposals"]) - engine_places, 0)
    return {
        "hours": (agg["minutes"] or 0) / 60,
        "places": agg["places"],
        "people": agg["people"],
        "manual": agg["manual"],
        "removed": removed,
        "changed": agg["manual"] + (removed or 0),
    }
