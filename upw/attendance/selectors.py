"""Read queries for attendance: the phone's session lists, review lists and the timeline.

As with upw.core.selectors, every function narrows querysets the caller got from upw.core.access.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from upw.core.access import effective_role, may_see_sensitive
from upw.models import (
    Allocation,
    AllocationStatus,
    AttendanceRecord,
    EnforcementAction,
    HoursLedgerEntry,
    LedgerEntryKind,
    Person,
    Role,
    Session,
    User,
)
from upw.models.attendance import ENFORCEABLE_OUTCOMES

# Probation staff who run or oversee a register. Anyone else recording attendance (a partner user)
# sees only what calling the register needs: no CRN, notes or sent-home reasons.
CASE_DETAIL_ROLES = frozenset({Role.SUPERVISOR, Role.COORDINATOR, Role.ADMIN})
CASE_DETAIL_FIELDS = ("crn", "notes", "sent_home_reason")


def sees_case_details(user: User) -> bool:
    return effective_role(user) in CASE_DETAIL_ROLES


def display_name(user: User, person: Person) -> str:
    """The name a user sees on a register.

    Partner users: first name and the initial of the last name (initials only for a limited-access
    person). Staff without case access: the CRN alone for a limited-access person. Otherwise the
    full name.
    """
    if not sees_case_details(user):
        if person.limited_access:
            return f"{person.first_name[:1]}. {person.last_name[:1]}.".upper()
        return f"{person.first_name} {person.last_name[:1]}."
    if person.limited_access and not may_see_sensitive(user):
        return person.crn
    return person.full_name


def attendance_for(user: User, attendance: dict | None) -> dict | None:
    """A person's attendance as a client shows it, without the case details the user may not see."""
    if attendance is None or sees_case_details(user):
        return attendance
    return {field: value for field, value in attendance.items() if field not in CASE_DETAIL_FIELDS}


def sessions_on(*, sessions: QuerySet, date: dt.date) -> QuerySet:
    return (
        sessions.filter(date=date)
        .select_related("project__site")
        .annotate(
            expected=Count("allocations", filter=Q(allocations__status=AllocationStatus.ALLOCATED), distinct=True)
        )
        .order_by("start_time", "id")
    )


def session_register(*, allocations: QuerySet, session: Session) -> list[Allocation]:
    """The people expected on a session, each with their attendance (or None) and ledger entries."""
    rows = (
        allocations.filter(session=session, status=AllocationStatus.ALLOCATED)
        .select_related("requirement__person")
        .prefetch_related(
            Prefetch(
                "attendance__ledger_entries",
                queryset=HoursLedgerEntry.objects.order_by("id"),
            )
        )
        .order_by("requirement__person__last_name", "requirement__person__first_name", "id")
    )
    result = []
    for allocation in rows:
        try:
            allocation.record = allocation.attendance
        except AttendanceRecord.DoesNotExist:
            allocation.record = None
        result.append(allocation)
    return result


def _recorded() -> Exists:
    """The allocation has an arrival or an outcome recorded."""
    return Exists(
        AttendanceRecord.objects.filter(allocation=OuterRef("pk")).filter(Q(arrived_at__isnull=False) | ~Q(outcome=""))
    )


def person_sessions(*, allocations: QuerySet, now: dt.datetime, past_limit: int = 10) -> dict:
    """A person's sessions, split for the person page.

    Upcoming: allocated, not over yet and nothing recorded. Past: over, or with an arrival or an
    outcome recorded (so today's session moves here once the supervisor records it), newest
    first, at most `past_limit` of them, each with its attendance and the minutes credited.
    Cancelled allocations are left out unless attendance was recorded against them.
    """
    local = timezone.localtime(now)
    today, time = local.date(), local.time()
    # A session today is over once its end time has passed (one that ends after midnight is not).
    not_over = Q(session__date__gt=today) | (
        Q(session__date=today) & (Q(session__end_time__gt=time) | Q(session__end_time__lte=F("session__start_time")))
    )
    rows = allocations.annotate(recorded=_recorded()).select_related("session__project__site", "requirement")
    upcoming = rows.filter(not_over, status=AllocationStatus.ALLOCATED, recorded=False).order_by(
        "session__date", "session__start_time", "id"
    )
    past = (
        rows.filter(Q(recorded=True) | (~not_over & Q(status=AllocationStatus.ALLOCATED)))
        .select_related("attendance")
        .annotate(
            credited=Coalesce(
                Sum(
                    "attendance__ledger_entries__minutes",
                    # Only this booking's own credit: a concurrent order's copy of it is not counted twice.
                    filter=Q(
                        attendance__ledger_entries__kind__in=(LedgerEntryKind.CREDIT, LedgerEntryKind.CORRECTION),
                        attendance__ledger_entries__requirement_id=F("requirement_id"),
                    ),
                ),
                0,
            )
        )
        .order_by("-session__date", "-session__start_time", "-id")
    )
    past_rows = list(past[:past_limit])
    for allocation in past_rows:
        try:
            allocation.record = allocation.attendance
        except AttendanceRecord.DoesNotExist:
            allocation.record = None
    return {"upcoming": upcoming, "past": past_rows, "past_total": past.count()}


@dataclass(frozen=True)
class TimelineItem:
    when: dt.datetime
    kind: str  # attendance, credit, correction, adjustment, warning, referral, decision
    title: str
    detail: str
    tag: str = ""
    letter: str = ""
    reversible_entry: int | None = None  # a ledger entry that may still be reversed
    minutes: int | None = None  # a ledger entry's amount, shown in hours like everywhere else


def person_timeline(*, person: Person, requirements: QuerySet, limit: int = 50) -> list[TimelineItem]:
    """Attendance, ledger entries, decisions and enforcement for one person, newest first."""
    tz = timezone.get_current_timezone()
    requirements = requirements.filter(person=person)
    items: list[TimelineItem] = []
    records = (
        AttendanceRecord.objects.filter(allocation__requirement__in=requirements)
        .exclude(outcome="")
        .select_related("allocation__session__project", "decided_by")
        .order_by("-allocation__session__date")[:limit]
    )
    for record in records:
        session = record.allocation.session
        when = record.left_at or record.arrived_at or dt.datetime.combine(session.date, session.start_time, tzinfo=tz)
        items.append(
            TimelineItem(
                when=when,
                kind="attendance",
                title=f"{record.get_outcome_display()} ({record.outcome})",
                detail=f"{session.project.name}, {session.date:%d %b %Y}"
                + (f". Sent home: {record.sent_home_reason}" if record.sent_home_reason else "")
                + (f". {record.notes}" if record.notes else ""),
                tag="red" if record.outcome in ENFORCEABLE_OUTCOMES else "green",
            )
        )
        if record.decision and record.decided_at:
            items.append(
                TimelineItem(
                    when=record.decided_at,
                    kind="decision",
                    title=f"Marked {record.get_decision_display().lower()}",
                    detail=" ".join(filter(None, [record.decision_reason, record.evidence_note])),
                    tag="green" if record.decision == "acceptable" else "red",
                )
            )
    entries = (
        HoursLedgerEntry.objects.filter(requirement__in=requirements)
        .select_related("author")
        .annotate(is_reversed=Exists(HoursLedgerEntry.objects.filter(reverses=OuterRef("pk"))))
        .order_by("-created_at", "-id")[:limit]
    )
    for entry in entries:
        items.append(
            TimelineItem(
                when=entry.created_at,
                kind=entry.kind,
                title=entry.get_kind_display(),
                minutes=entry.minutes,
                detail=f"{entry.reason}"
                + (f" (by {entry.author.get_full_name() or entry.author})" if entry.author else ""),
                reversible_entry=entry.pk if entry.kind != "correction" and not entry.is_reversed else None,
            )
        )
    actions = EnforcementAction.objects.filter(requirement__in=requirements).order_by("-created_at")[:limit]
    for action in actions:
        items.append(
            TimelineItem(
                when=action.created_at,
                kind="enforcement",
                title=action.get_kind_display(),
                detail=f"Respond by {action.respond_by:%d %b %Y}" if action.respond_by else "",
                tag="red",
                letter=action.letter_text,
            )
        )
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]
