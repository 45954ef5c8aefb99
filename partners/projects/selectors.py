"""Reads about projects: lists, the review queue, impact and message threads."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from partners import workflow
from partners.models import NominationStatus, Project, ProjectEventKind
from upw.models import AttendanceRecord, HoursLedgerEntry, SessionStatus
from upw.models.attendance import ATTENDED_OUTCOMES
from upw.reports import selectors as report_selectors

QUEUE_DEFAULT = "awaiting"

# The sortable columns of the coordinators' project lists: the fields each sorts on (whitelisted,
# never user input).
PROJECT_SORTS = {
    "name": ("name",),
    "partner": ("organisation__name",),
    "site": ("site__name",),
    "pdu": ("site__pdu__name",),
    "type": ("project_type",),
    "status": ("status",),
}
QUEUE_SORTS = {
    "name": ("name",),
    "partner": ("organisation__name",),
    "pdu": ("site__pdu__name",),
    "type": ("project_type",),
    "proposed": ("created_at",),
    "status": ("status",),
}


def project_list(
    *,
    projects: QuerySet,
    q: str = "",
    status: str = "",
    project_type: str = "",
    pdu=None,
    ordering: list[str] | None = None,
) -> QuerySet:
    """Projects matching the list's search and filters, in `ordering` (built from PROJECT_SORTS), else by name."""
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
    if pdu:
        result = result.filter(site__pdu=pdu)
    return result.select_related("organisation", "site__pdu").order_by(*(ordering or ("name", "id")))


def review_queue(
    *,
    projects: QuerySet,
    status: str = "",
    region=None,
    organisation=None,
    q: str = "",
    project_type: str = "",
    pdu=None,
    ordering: list[str] | None = None,
) -> QuerySet:
    """The coordinator's review queue: by default everything waiting for a decision, oldest first;
    `ordering` is built from QUEUE_SORTS."""
    projects = projects.select_related("organisation", "site__pdu__region")
    if not status or status == QUEUE_DEFAULT:
        projects = projects.filter(status__in=[s.value for s in workflow.AWAITING_REVIEW])
    else:
        projects = projects.filter(status=status)
    if region:
        projects = projects.filter(site__pdu__region=region)
    if organisation:
        projects = projects.filter(organisation=organisation)
    if q:
        projects = projects.filter(Q(name__icontains=q) | Q(organisation__name__icontains=q))
    if project_type:
        projects = projects.filter(project_type=project_type)
    if pdu:
        projects = projects.filter(site__pdu=pdu)
    return projects.order_by(*(ordering or ("created_at", "id")))


def partner_projects(*, projects: QuerySet) -> QuerySet:
    return projects.select_related("site").order_by("-created_at", "-id")


@dataclass(frozen=True)
class Impact:
    """What a project has achieved, in counts only: a partner never sees who attended."""

    sessions_held: int
    sessions_upcoming: int
    hours_delivered: float
    attendances: int
    absences: int
    photos: int


def impact(*, project: Project, sessions: QuerySet) -> Impact:
    today = timezone.localdate()
    sessions = sessions.filter(project=project)
    held = sessions.filter(date__lte=today).exclude(status=SessionStatus.STOOD_DOWN).count()
    upcoming = sessions.filter(date__gt=today, status=SessionStatus.SCHEDULED).count()
    records = AttendanceRecord.objects.filter(allocation__session__in=sessions.values("id"))
    attended = records.filter(outcome__in=list(ATTENDED_OUTCOMES))
    minutes = (
        HoursLedgerEntry.objects.filter(
            report_selectors.hours_worked_q(), attendance__allocation__session__in=sessions.values("id")
        ).aggregate(total=Sum("minutes"))["total"]
        or 0
    )
    return Impact(
        sessions_held=held,
        sessions_upcoming=upcoming,
        hours_delivered=round(minutes / 60, 1),
        attendances=attended.count(),
        absences=records.exclude(outcome__in=list(ATTENDED_OUTCOMES)).count(),
        photos=project.photos.count(),
    )


def thread(*, project: Project) -> QuerySet:
    """The conversation: messages, and decisions that came with one."""
    said = Q(kind=ProjectEventKind.MESSAGE) | (Q(kind=ProjectEventKind.TRANSITION) & ~Q(message=""))
    return project.events.filter(said).select_related("actor").order_by("created_at", "id")


def sessions_needing_attention(*, sessions: QuerySet) -> QuerySet:
    return sessions.filter(needs_attention=True).select_related("project").order_by("date", "start_time")


def queue_counts(*, projects: QuerySet, nominations_qs: QuerySet) -> dict[str, int]:
    counts = dict(
        projects.filter(status__in=[s.value for s in workflow.AWAITING_REVIEW])
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    counts["nominations"] = nominations_qs.filter(status=NominationStatus.NEW).count()
    return counts
