"""The hours ledger: append-only entries with author and reason; corrections reverse, never edit.

A requirement's `minutes_credited` is always the sum of its entries, recomputed under a row lock
on the requirement after every write, so the denormalised figure cannot drift from the ledger.
Callers that change several things at once hold the lock (`lock_requirement`) for the whole
transaction.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from upw.core import earned_reduction, hours, notices
from upw.core.earned_reduction import WorkedDay
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
from upw.models.attendance import ENFORCEABLE_OUTCOMES
from upw.models.attendance_sync import NoticeKind, StaffNotice
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES, Concurrency

logger = logging.getLogger(__name__)

CREDIT_KINDS = (LedgerEntryKind.CREDIT, LedgerEntryKind.CORRECTION)
ADJUSTMENT_REASON_REQUIRED = "Give a reason for the adjustment."
ADJUSTMENT_NOT_ZERO = "An adjustment must be a whole number of minutes other than zero."
ALREADY_REVERSED = "This entry has already been reversed."
KEY_REUSED = "This idempotency key was used for another requirement."
REDUCTION_NOT_REVERSIBLE = "Earned reduction follows the hours worked: correct the attendance instead."
CORRECTION_NOT_REVERSIBLE = "A correction cannot itself be reversed: add a new entry instead."


class LedgerError(ValueError):
    """A change the rules refuse; `field` names the input the message is about, if one."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.field = field


def lock_requirement(requirement_id: int) -> Requirement:
    return Requirement.objects.select_for_update().get(pk=requirement_id)


def ledger_total(*, requirement: Requirement) -> int:
    return HoursLedgerEntry.objects.filter(requirement=requirement).aggregate(total=Sum("minutes"))["total"] or 0


def _net_for_attendance(attendance: AttendanceRecord, requirement: Requirement) -> int:
    entries = HoursLedgerEntry.objects.filter(attendance=attendance, requirement=requirement, kind__in=CREDIT_KINDS)
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


# Hours worked: attendance credits (and hours worked carried in from elsewhere) net of their corrections.
# Adjustments, travel time and earned reduction count towards the order but are not work.
WORKED = Q(kind=LedgerEntryKind.CREDIT) | Q(kind=LedgerEntryKind.CORRECTION, reverses__kind=LedgerEntryKind.CREDIT)


def worked_days(requirement: Requirement, *, excluding: AttendanceRecord | None = None) -> list[WorkedDay]:
    """The work credited to the requirement, by attendance, and the attendances of its group with an
    enforceable outcome (which stop earned reduction), as earned_reduction takes them. Work carried
    in without an attendance counts from the sentence date."""
    credits = HoursLedgerEntry.objects.filter(WORKED, requirement=requirement)
    failures = AttendanceRecord.objects.filter(
        allocation__requirement__in=concurrent_group_ids(requirement), outcome__in=ENFORCEABLE_OUTCOMES
    )
    if excluding is not None:
        credits = credits.exclude(attendance=excluding)
        failures = failures.exclude(pk=excluding.pk)
    rows = credits.values("attendance_id", "attendance__allocation__session__date").annotate(total=Sum("minutes"))
    days = [
        WorkedDay(date=row["attendance__allocation__session__date"] or requirement.sentence_date, minutes=row["total"])
        for row in rows
    ]
    days += [
        WorkedDay(date=day, minutes=0, enforceable=True)
        for day in failures.values_list("allocation__session__date", flat=True)
    ]
    return days


def _other_minutes(requirement: Requirement) -> int:
    """Adjustments and travel time: what counts towards the order but is neither work nor earned reduction."""
    entries = HoursLedgerEntry.objects.filter(requirement=requirement).exclude(
        WORKED | Q(kind=LedgerEntryKind.EARNED_REDUCTION)
    )
    return entries.aggregate(total=Sum("minutes"))["total"] or 0


def concurrent_group_ids(requirement: Requirement) -> list[int]:
    """The requirement and those worked together with it (concurrent orders of the same person)."""
    root_id = requirement.pk
    if requirement.concurrency == Concurrency.CONCURRENT and requirement.concurrent_with_id:
        root_id = requirement.concurrent_with_id
    members = Requirement.objects.filter(
        Q(pk=root_id) | Q(concurrent_with_id=root_id, concurrency=Concurrency.CONCURRENT),
        person_id=requirement.person_id,
    )
    return sorted({requirement.pk, *members.values_list("pk", flat=True)})


def minutes_to_finish(requirement: Requirement, *, attendance: AttendanceRecord | None = None) -> int:
    """The fewest minutes of work that finish the order, counting the earned reduction they would add.

    With `attendance`, the work of that attendance is left out (it is the one being credited).
    """
    session_date = attendance.allocation.session.date if attendance else timezone.localdate()
    return earned_reduction.minutes_to_finish(
        ordered=requirement.minutes_ordered,
        order_type=requirement.order_type,
        days=worked_days(requirement, excluding=attendance),
        other_minutes=_other_minutes(requirement),
        on=session_date,
        enforceable=bool(attendance and attendance.outcome in ENFORCEABLE_OUTCOMES),
        rules=earned_reduction.policy(),
    )


def attendance_credit(
    *, attendance: AttendanceRecord, requirement: Requirement, available: int | None = None
) -> hours.Credit:
    """What the attendance should be credited to `requirement` now, by the rules of upw.core.hours,
    within what the order still needs (and, for hours passed on from another order, `available`)."""
    session = attendance.allocation.session
    project = session.project
    tz = timezone.get_default_timezone()
    minutes_left = minutes_to_finish(requirement, attendance=attendance)
    if available is not None:
        minutes_left = min(minutes_left, available)
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
        minutes_left=minutes_left,
        ete_minutes_left=ete_left,
    )


def _sync_credit(
    *, attendance: AttendanceRecord, requirement: Requirement, wanted: int, reason: str, author: User | None
) -> int:
    """Makes the live credit of `attendance` on `requirement` equal `wanted`: reverses each live credit by
    a correction and adds one new credit. Writes nothing when it is already right."""
    current = _net_for_attendance(attendance, requirement)
    if wanted == current:
        return current
    session = attendance.allocation.session
    where = f"{session.project.name} on {session.date:%d %b %Y}"
    live = HoursLedgerEntry.objects.filter(
        attendance=attendance, requirement=requirement, kind=LedgerEntryKind.CREDIT, reversed_by__isnull=True
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
            reason=f"{reason} {where}"[:200],
            author=author,
        )
    return wanted


def _creditable(requirement: Requirement) -> bool:
    return requirement.status in (*ACTIVE_REQUIREMENT_STATUSES, RequirementStatus.COMPLETED)


def ledger_sync_attendance(*, attendance: AttendanceRecord, requirement: Requirement, author: User | None) -> int:
    """Brings the ledger's credit for one attendance in line with the rules; returns the minutes now
    credited to the requirement it was booked under.

    Nothing is written when the credit is already right, so applying the same facts twice is a
    no-op. The same minutes count towards each concurrent order of the person (ATCH); minutes beyond
    what the order needs pass to an additional order that follows it. Earned reduction is brought up
    to date on each. The caller holds the lock on `requirement` (and on the attendance's allocation)
    and recounts it; the other orders are locked and recounted here.
    """
    credit = attendance_credit(attendance=attendance, requirement=requirement)
    label = f"Attended ({attendance.get_outcome_display()})" if attendance.outcome else "Attended"
    minutes = _sync_credit(
        attendance=attendance, requirement=requirement, wanted=credit.minutes, reason=label, author=author
    )
    worked = credit.minutes + credit.capped_off
    partners = [pk for pk in concurrent_group_ids(requirement) if pk != requirement.pk]
    for partner in Requirement.objects.select_for_update().filter(pk__in=partners).order_by("pk"):
        wanted = attendance_credit(attendance=attendance, requirement=partner).minutes if _creditable(partner) else 0
        _sync_credit(
            attendance=attendance,
            requirement=partner,
            wanted=wanted,
            reason=f"Concurrent hours (ATCH) with order {requirement.order_reference}:",
            author=author,
        )
        requirement_recount(requirement=partner, author=author)
    overflow = worked - minutes
    following = (
        Requirement.objects.select_for_update()
        .filter(person_id=requirement.person_id, concurrent_with=requirement, concurrency=Concurrency.ADDITIONAL)
        .order_by("pk")
    )
    for successor in following:
        wanted = 0
        if overflow > 0 and _creditable(successor):
            wanted = attendance_credit(attendance=attendance, requirement=successor, available=overflow).minutes
        _sync_credit(
            attendance=attendance,
            requirement=successor,
            wanted=wanted,
            reason=f"Hours beyond order {requirement.order_reference} (additional order):",
            author=author,
        )
        overflow -= wanted
        requirement_recount(requirement=successor, author=author)
    return minutes


def sync_earned_reduction(*, requirement: Requirement, author: User | None = None) -> int:
    """Appends an earned-reduction entry for any difference between what the order has earned and
    what the ledger holds; returns the reduction now held."""
    target = earned_reduction.earned_reduction(
        ordered=requirement.minutes_ordered,
        order_type=requirement.order_type,
        days=worked_days(requirement),
        other_minutes=_other_minutes(requirement),
        rules=earned_reduction.policy(),
    )
    held = (
        HoursLedgerEntry.objects.filter(requirement=requirement, kind=LedgerEntryKind.EARNED_REDUCTION).aggregate(
            total=Sum("minutes")
        )["total"]
        or 0
    )
    if target.minutes != held:
        HoursLedgerEntry.objects.create(
            requirement=requirement,
            kind=LedgerEntryKind.EARNED_REDUCTION,
            minutes=target.minutes - held,
            reason=(
                f"Earned reduction now {hours.format_minutes(target.minutes)}: "
                f"{hours.format_minutes(target.worked_counted)} worked with no enforceable outcome"
            )[:200],
            author=author,
        )
    return target.minutes


def requirement_recount(
    *, requirement: Requirement, now: dt.datetime | None = None, author: User | None = None, notify: bool = True
) -> Requirement:
    """Brings earned reduction up to date, sets minutes_credited from the ledger and moves the status to
    match; tells the coordinator on completion (unless `notify` is False: the caller queues it)."""
    now = now or timezone.now()
    sync_earned_reduction(requirement=requirement, author=author)
    requirement.minutes_credited = max(ledger_total(requirement=requirement), 0)
    fields = ["minutes_credited"]
    if requirement.minutes_credited >= requirement.minutes_ordered:
        if requirement.status in (RequirementStatus.UNALLOCATED, RequirementStatus.IN_PROGRESS):
            requirement.status = RequirementStatus.COMPLETED
            requirement.completed_at = requirement.ended_at = now
            fields += ["status", "completed_at", "ended_at"]
            if notify:
                notify_completed(requirement)
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


def notify_completed(requirement: Requirement) -> None:
    """Posts the completion notice on the coordinators' dashboard (once) and emails them."""
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


ADJUSTMENT_REASONS = {
    "court_variation": "Court variation",
    "hours_worked_elsewhere": "Hours worked under another provider",
    "correction": "Correction of a record",
    "other": "Other",
}
ADJUSTMENT_REASON_UNKNOWN = "Choose a reason for the adjustment from the list."
ADJUSTMENT_TOO_LARGE = "An adjustment for this reason can move at most {limit}."
ADJUSTMENT_BEYOND_OWED = "This adjustment would credit more than the {owed} still owed."
ADJUSTMENT_BELOW_ZERO = "This adjustment would take off more than the {credited} counted so far."
ADJUSTMENT_IN_FUTURE = "The date of an adjustment cannot be in the future."
ADJUSTMENT_BEFORE_SENTENCE = "The date of an adjustment cannot be before the sentence ({sentence})."


def adjustment_limits() -> dict[str, int]:
    return dict(settings.UPW["ADJUSTMENT_MAX_MINUTES"])


def _check_adjustment(*, requirement: Requirement, minutes: int, reason_code: str, effective_on: dt.date) -> None:
    limits = adjustment_limits()
    if reason_code not in limits:
        raise LedgerError(ADJUSTMENT_REASON_UNKNOWN, field="reason_code")
    if abs(minutes) > limits[reason_code]:
        raise LedgerError(ADJUSTMENT_TOO_LARGE.format(limit=hours.format_minutes(limits[reason_code])), field="minutes")
    total = max(ledger_total(requirement=requirement), 0)
    owed = max(requirement.minutes_ordered - total, 0)
    if minutes > owed:
        raise LedgerError(ADJUSTMENT_BEYOND_OWED.format(owed=hours.format_minutes(owed)), field="minutes")
    if minutes < -total:
        raise LedgerError(ADJUSTMENT_BELOW_ZERO.format(credited=hours.format_minutes(total)), field="minutes")
    if effective_on > timezone.localdate():
        raise LedgerError(ADJUSTMENT_IN_FUTURE, field="effective_on")
    if effective_on < requirement.sentence_date:
        raise LedgerError(
            ADJUSTMENT_BEFORE_SENTENCE.format(sentence=f"{requirement.sentence_date:%d %B %Y}"), field="effective_on"
        )


def ledger_adjust(
    *,
    requirement_id: int,
    minutes: int,
    reason: str,
    author: User,
    idempotency_key: str | None = None,
    reason_code: str = "other",
    effective_on: dt.date | None = None,
) -> HoursLedgerEntry:
    """A positive (credits time) or negative (takes time off) adjustment with a reason from the list,
    a note and the day it applies from; never more than is owed nor below nothing counted.

    With an idempotency key, a retried request returns the entry the first one made.
    """
    entry, _replayed = ledger_adjust_or_replay(
        requirement_id=requirement_id,
        minutes=minutes,
        reason=reason,
        author=author,
        idempotency_key=idempotency_key,
        reason_code=reason_code,
        effective_on=effective_on,
    )
    return entry


@transaction.atomic
def ledger_adjust_or_replay(
    *,
    requirement_id: int,
    minutes: int,
    reason: str,
    author: User,
    idempotency_key: str | None = None,
    reason_code: str = "other",
    effective_on: dt.date | None = None,
) -> tuple[HoursLedgerEntry, bool]:
    """ledger_adjust, also saying whether the key had been used (True: the first request's entry, unchanged)."""
    if not reason.strip():
        raise LedgerError(ADJUSTMENT_REASON_REQUIRED, field="reason")
    if not minutes:
        raise LedgerError(ADJUSTMENT_NOT_ZERO, field="minutes")
    requirement = lock_requirement(requirement_id)
    if idempotency_key:
        existing = HoursLedgerEntry.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.requirement_id != requirement.pk:
                raise LedgerError(KEY_REUSED)
            return existing, True
    effective_on = effective_on or timezone.localdate()
    _check_adjustment(requirement=requirement, minutes=minutes, reason_code=reason_code, effective_on=effective_on)
    entry = HoursLedgerEntry.objects.create(
        requirement=requirement,
        kind=LedgerEntryKind.ADJUSTMENT,
        minutes=minutes,
        reason=reason[:200],
        reason_code=reason_code,
        effective_on=effective_on,
        author=author,
        idempotency_key=idempotency_key or None,
    )
    requirement_recount(requirement=requirement, author=author)
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
    if entry.kind == LedgerEntryKind.EARNED_REDUCTION:
        raise LedgerError(REDUCTION_NOT_REVERSIBLE)
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
    requirement_recount(requirement=requirement, author=author)
    return correction


@dataclass(frozen=True)
class HoursBreakdown:
    """What makes up the minutes counted towards an order, as the person's page explains them."""

    ordered: int
    worked: int  # credits for work, net of corrections (concurrent hours included)
    travel: int
    adjustments: int
    reduction: int
    owed: int
    reduction_detail: earned_reduction.Reduction


def hours_breakdown(requirement: Requirement) -> HoursBreakdown:
    totals = {
        row["kind"]: row["total"]
        for row in HoursLedgerEntry.objects.filter(requirement=requirement)
        .values("kind")
        .annotate(total=Sum("minutes"))
    }
    worked = (
        HoursLedgerEntry.objects.filter(WORKED, requirement=requirement).aggregate(total=Sum("minutes"))["total"] or 0
    )
    travel = totals.get(LedgerEntryKind.TRAVEL, 0)
    reduction = totals.get(LedgerEntryKind.EARNED_REDUCTION, 0)
    adjustments = sum(totals.values(), start=0) - worked - travel - reduction
    detail = earned_reduction.earned_reduction(
        ordered=requirement.minutes_ordered,
        order_type=requirement.order_type,
        days=worked_days(requirement),
        other_minutes=travel + adjustments,
        rules=earned_reduction.policy(),
    )
    return HoursBreakdown(
        ordered=requirement.minutes_ordered,
        worked=worked,
        travel=travel,
        adjustments=adjustments,
        reduction=reduction,
        owed=max(requirement.minutes_ordered - worked - travel - adjustments - reduction, 0),
        reduction_detail=detail,
    )
