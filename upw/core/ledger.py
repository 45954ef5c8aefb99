"""The hours ledger: append-only entries with author and reason; corrections reverse, never edit.

A requirement's `minutes_credited` is always the sum of its entries, recomputed under a row lock
on the requirement after every write, so the denormalised figure cannot drift from the ledger.
Callers that change several things at once hold the lock (`lock_requirement`) for the whole
transaction.
"""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from upw.core import hours, notices
from upw.core.email import send_email
from upw.models import (
    AttendanceRecord,
    HoursLedgerEntry,
    LedgerEntryKind,
    ProjectType,
    Requirement,
    RequirementStatus,
    Role,
    User,
)
from upw.models.attendance_sync import NoticeKind, StaffNotice

logger = logging.getLogger(__name__)

CREDIT_KINDS = (LedgerEntryKind.CREDIT, LedgerEntryKind.CORRECTION)
ADJUSTMENT_REASON_REQUIRED = "Give a reason for the adjustment."
ADJUSTMENT_NOT_ZERO = "An adjustment must be a whole number of minutes other than zero."
ALREADY_REVERSED = "This entry has already been reversed."
KEY_REUSED = "This idempotency key was used for another requirement."
CORRECTION_NOT_REVERSIBLE = "A correction cannot itself be reversed: add a new entry instead."


class LedgerError(ValueError):
    pass


def lock_requirement(requirement_id: int) -> Requirement:
    return Requirement.objects.select_for_update().get(pk=requirement_id)


def ledger_total(*, requirement: Requirement) -> int:
    return HoursLedgerEntry.objects.filter(requirement=requirement).aggregate(total=Sum("minutes"))["total"] or 0


def _net_for_attendance(attendance: AttendanceRecord) -> int:
    entries = HoursLedgerEntry.objects.filter(attendance=attendance, kind__in=CREDIT_KINDS)
    return entries.aggregate(total=Sum("minutes"))["total"] or 0


def _ete_credited(requirement: Requirement, *, excluding: AttendanceRecord | None) -> int:
    entries = HoursLedgerEntry.objects.filter(
        requirement=requirement,
        kind__in=CREDIT_KINDS,
        attendance__allocation__session__project__project_type=ProjectType.ETE,
    )
    if excluding is not None:
        entries = entries.exclude(attendance=excluding)
    return entries.aggregate(total=Sum("minutes"))["total"] or 0


def attendance_credit(*, attendance: AttendanceRecord, requirement: Requirement) -> hours.Credit:
    """What the attendance should be credited now, by the rules of upw.core.hours, within what is left."""
    session = attendance.allocation.session
    project = session.project
    tz = timezone.get_default_timezone()
    others = ledger_total(requirement=requirement) - _net_for_attendance(attendance)
    minutes_left = requirement.minutes_ordered - others
    ete_left = None
    if project.project_type == ProjectType.ETE:
        allowance = requirement.minutes_ordered * requirement.ete_cap_percent // 100
        ete_left = allowance - _ete_credited(requirement, excluding=attendance)
    return hours.credit_minutes(
        outcome=attendance.outcome,
        arrived=attendance.arrived_at,
        left=attendance.left_at,
        session_start=dt.datetime.combine(session.date, session.start_time, tzinfo=tz),
        session_end=dt.datetime.combine(session.date, session.end_time, tzinfo=tz),
        unpaid_break_minutes=project.unpaid_break_minutes,
        penalty_minutes=attendance.penalty_minutes,
        from_pick_up=attendance.from_pick_up,
        minutes_left=minutes_left,
        ete_minutes_left=ete_left,
    )


def ledger_sync_attendance(*, attendance: AttendanceRecord, requirement: Requirement, author: User | None) -> int:
    """Brings the ledger's credit for one attendance in line with the rules; returns the minutes now credited.

    Nothing is written when the credit is already right, so applying the same facts twice is a
    no-op. When it changes, each live credit is reversed by a correction and one new credit added.
    The caller holds the lock on `requirement` (and on the attendance's allocation).
    """
    wanted = attendance_credit(attendance=attendance, requirement=requirement).minutes
    current = _net_for_attendance(attendance)
    if wanted == current:
        return current
    session = attendance.allocation.session
    where = f"{session.project.name} on {session.date:%d %b %Y}"
    live = HoursLedgerEntry.objects.filter(
        attendance=attendance, kind=LedgerEntryKind.CREDIT, reversed_by__isnull=True
    ).order_by("id")
    for entry in live:
        HoursLedgerEntry.objects.create(
            requirement=requirement,
            kind=LedgerEntryKind.CORRECTION,
            minutes=-entry.minutes,
            attendance=attendance,
            reverses=entry,
            reason=f"Attendance changed at {where}"[:200],
            author=author,
        )
    if wanted:
        HoursLedgerEntry.objects.create(
            requirement=requirement,
            kind=LedgerEntryKind.CREDIT,
            minutes=wanted,
            attendance=attendance,
            reason=f"Attended {where} ({attendance.get_outcome_display()})"[:200],
            author=author,
        )
    return wanted


def requirement_recount(*, requirement: Requirement, now: dt.datetime | None = None) -> Requirement:
    """Sets minutes_credited from the ledger and moves the status to match; tells the coordinator on completion."""
    now = now or timezone.now()
    requirement.minutes_credited = max(ledger_total(requirement=requirement), 0)
    fields = ["minutes_credited"]
    if requirement.minutes_credited >= requirement.minutes_ordered:
        if requirement.status in (RequirementStatus.UNALLOCATED, RequirementStatus.IN_PROGRESS):
            requirement.status = RequirementStatus.COMPLETED
            requirement.completed_at = requirement.ended_at = now
            fields += ["status", "completed_at", "ended_at"]
            notice, created = StaffNotice.objects.get_or_create(
                requirement=requirement,
                kind=NoticeKind.COMPLETED,
                defaults={
                    "message": (
                        f"{notices.person_reference(requirement.person)} has completed the "
                        f"{requirement.hours_ordered} hours of order {requirement.order_reference}."
                    )[:300]
                },
            )
            if created:
                tell_coordinators(requirement=requirement, subject="Unpaid work hours completed", body=notice.message)
    elif requirement.status == RequirementStatus.COMPLETED:
        # A correction took the total below the hours ordered: the order is open again.
        requirement.status = RequirementStatus.IN_PROGRESS
        requirement.completed_at = requirement.ended_at = None
        fields += ["status", "completed_at", "ended_at"]
    elif requirement.status == RequirementStatus.UNALLOCATED and requirement.minutes_credited > 0:
        requirement.status = RequirementStatus.IN_PROGRESS
        fields.append("status")
    requirement.save(update_fields=fields)
    return requirement


def tell_coordinators(*, requirement: Requirement, subject: str, body: str) -> None:
    """Emails the coordinators of the person's region once the transaction commits (the notice on
    their dashboard is the record; the email is a prompt, so a failure to send is only logged)."""
    region_id = requirement.person.pdu.region_id
    addresses = sorted(
        set(
            User.objects.filter(role=Role.COORDINATOR, regions=region_id, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    send_email(to=addresses, subject=subject, body=body)


def ledger_adjust(
    *, requirement_id: int, minutes: int, reason: str, author: User, idempotency_key: str | None = None
) -> HoursLedgerEntry:
    """A positive or negative adjustment with a reason (travel time, court variation...).

    With an idempotency key, a retried request returns the entry the first one made.
    """
    entry, _replayed = ledger_adjust_or_replay(
        requirement_id=requirement_id, minutes=minutes, reason=reason, author=author, idempotency_key=idempotency_key
    )
    return entry


@transaction.atomic
def ledger_adjust_or_replay(
    *, requirement_id: int, minutes: int, reason: str, author: User, idempotency_key: str | None = None
) -> tuple[HoursLedgerEntry, bool]:
    """ledger_adjust, also saying whether the key had been used (True: the first request's entry, unchanged)."""
    if not reason.strip():
        raise LedgerError(ADJUSTMENT_REASON_REQUIRED)
    if not minutes:
        raise LedgerError(ADJUSTMENT_NOT_ZERO)
    requirement = lock_requirement(requirement_id)
    if idempotency_key:
        existing = HoursLedgerEntry.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.requirement_id != requirement.pk:
                raise LedgerError(KEY_REUSED)
            return existing, True
    entry = HoursLedgerEntry.objects.create(
        requirement=requirement,
        kind=LedgerEntryKind.ADJUSTMENT,
        minutes=minutes,
        reason=reason[:200],
        author=author,
        idempotency_key=idempotency_key or None,
    )
    requirement_recount(requirement=requirement)
    return entry, False


@transaction.atomic
def ledger_reverse(*, entry_id: int, reason: str, author: User) -> HoursLedgerEntry:
    """Reverses one entry with a correction of the opposite sign."""
    if not reason.strip():
        raise LedgerError(ADJUSTMENT_REASON_REQUIRED)
    requirement_id = HoursLedgerEntry.objects.values_list("requirement_id", flat=True).get(pk=entry_id)
    requirement = lock_requirement(requirement_id)
    entry = HoursLedgerEntry.objects.get(pk=entry_id)
    if entry.kind == LedgerEntryKind.CORRECTION:
        raise LedgerError(CORRECTION_NOT_REVERSIBLE)
    if HoursLedgerEntry.objects.filter(reverses=entry).exists():
        raise LedgerError(ALREADY_REVERSED)
    correction = HoursLedgerEntry.objects.create(
        requirement=requirement,
        kind=LedgerEntryKind.CORRECTION,
        minutes=-entry.minutes,
        attendance=entry.attendance,
        reverses=entry,
        reason=reason[:200],
        author=author,
    )
    requirement_recount(requirement=requirement)
    return correction
