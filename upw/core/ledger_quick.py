"""The cheap path of the ledger re-sync for one attendance, taken in the common case.

`ledger.ledger_sync_attendance` followed by `ledger.requirement_recount` reads the ledger a dozen
times. For a single order (no concurrent or additional orders), a project that is not ETE and no
enforceable outcome in play, every figure they need is a sum over the requirement's ledger, so
the figures are read in the same statement as the attendance (`with_figures`, run after the
requirement is locked) and the writes are one insert and one update. Anything else returns None
and the caller takes the full path, so every rule keeps one definition there.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, Min, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from upw.core import earned_reduction, hours
from upw.core.earned_reduction import WorkedDay
from upw.core.ledger import CREDIT_KINDS, WORKED
from upw.models import AttendanceRecord, HoursLedgerEntry, LedgerEntryKind, ProjectType, Requirement, RequirementStatus
from upw.models.attendance import ENFORCEABLE_OUTCOMES
from upw.models.requirements import Concurrency


def _sum(entries: QuerySet) -> Coalesce:
    column = entries.order_by().values("requirement_id").annotate(total=Sum("minutes")).values("total")
    return Coalesce(Subquery(column, output_field=IntegerField()), Value(0))


def with_figures(allocations: QuerySet) -> QuerySet:
    """Annotates each allocation with the ledger figures of its requirement and of its attendance."""
    ledger = HoursLedgerEntry.objects.filter(requirement_id=OuterRef("requirement_id"))
    own = ledger.filter(attendance__allocation_id=OuterRef("pk"))
    live = (
        own.filter(kind=LedgerEntryKind.CREDIT, reversed_by__isnull=True)
        .order_by()
        .values("requirement_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    failures = (
        AttendanceRecord.objects.filter(
            allocation__requirement_id=OuterRef("requirement_id"), outcome__in=ENFORCEABLE_OUTCOMES
        )
        .exclude(allocation_id=OuterRef("pk"))
        .order_by()
        .values("allocation__requirement_id")
        .annotate(first=Min("allocation__session__date"))
        .values("first")
    )
    return allocations.annotate(
        ledger_total=_sum(ledger),
        ledger_worked=_sum(ledger.filter(WORKED)),
        ledger_reduction=_sum(ledger.filter(kind=LedgerEntryKind.EARNED_REDUCTION)),
        own_net=_sum(own.filter(kind__in=CREDIT_KINDS)),
        own_worked=_sum(own.filter(WORKED)),
        own_live_credits=Coalesce(Subquery(live, output_field=IntegerField()), Value(0)),
        first_other_failure=Subquery(failures),
        has_linked_orders=Exists(Requirement.objects.filter(concurrent_with_id=OuterRef("requirement_id"))),
    )


@dataclass(frozen=True)
class QuickSync:
    credited: int  # the attendance's credit on its requirement now
    completed: bool  # the order was completed by this change


def quick_sync(
    *, attendance: AttendanceRecord, requirement: Requirement, figures, author, writes=None
) -> QuickSync | None:
    """Re-syncs the credit, earned reduction and total of a single order in at most two writes, or
    returns None (nothing written) when the case needs the full path. `figures` is the allocation
    annotated by `with_figures`, read under the locks. Given `writes` (`upw.core.combined_writes`), the
    new entries are queued there rather than inserted; the total is set on `requirement`, unsaved."""
    session = attendance.allocation.session
    project = session.project
    if (
        requirement.concurrency != Concurrency.SINGLE
        or requirement.concurrent_with_id
        or figures.has_linked_orders
        or project.project_type == ProjectType.ETE
        or figures.first_other_failure is not None
        or attendance.outcome in ENFORCEABLE_OUTCOMES
    ):
        return None
    current = figures.own_net
    rules = earned_reduction.policy()
    other = figures.ledger_total - figures.ledger_worked - figures.ledger_reduction
    worked_elsewhere = figures.ledger_worked - figures.own_worked
    days = [WorkedDay(date=session.date, minutes=worked_elsewhere)] if worked_elsewhere else []
    minutes_left = earned_reduction.minutes_to_finish(
        ordered=requirement.minutes_ordered,
        order_type=requirement.order_type,
        days=days,
        other_minutes=other,
        on=session.date,
        rules=rules,
    )
    tz = timezone.get_default_timezone()
    wanted = hours.credit_minutes(
        outcome=attendance.outcome,
        arrived=attendance.arrived_at,
        left=attendance.left_at,
        session_start=dt.datetime.combine(session.date, session.start_time, tzinfo=tz),
        session_end=dt.datetime.combine(session.date, session.end_time, tzinfo=tz),
        unpaid_break_minutes=project.unpaid_break_minutes,
        penalty_minutes=attendance.penalty_minutes,
        minutes_left=minutes_left,
        ete_minutes_left=None,
    ).minutes
    if wanted != current and (current or figures.own_worked or figures.own_live_credits):
        return None  # a credit to reverse: the full path writes the corrections
    worked = figures.ledger_worked + (wanted - current)
    # No enforceable outcome anywhere on the order, so the dates of the work do not matter.
    reduction = earned_reduction.earned_reduction(
        ordered=requirement.minutes_ordered,
        order_type=requirement.order_type,
        days=[WorkedDay(date=session.date, minutes=worked)] if worked else [],
        other_minutes=other,
        rules=rules,
    ).minutes
    entries = []
    if wanted != current:
        label = f"Attended ({attendance.get_outcome_display()})" if attendance.outcome else "Attended"
        entries.append(
            HoursLedgerEntry(
                requirement=requirement,
                kind=LedgerEntryKind.CREDIT,
                minutes=wanted,
                attendance=attendance,
                reason=f"{label} {project.name} on {session.date:%d %b %Y}"[:200],
                author=author,
            )
        )
    if reduction != figures.ledger_reduction:
        entries.append(
            HoursLedgerEntry(
                requirement=requirement,
                kind=LedgerEntryKind.EARNED_REDUCTION,
                minutes=reduction - figures.ledger_reduction,
                reason=(
                    f"Earned reduction now {hours.format_minutes(reduction)}: "
                    f"{hours.format_minutes(worked)} worked with no enforceable outcome"
                )[:200],
                author=author,
            )
        )
    if entries and writes is not None:
        for entry in entries:
            writes.insert(entry)
    elif entries:
        HoursLedgerEntry.objects.bulk_create(entries)
    total = figures.ledger_total + (wanted - current) + (reduction - figures.ledger_reduction)
    return QuickSync(credited=wanted, completed=_recount(requirement, total=total))


def _recount(requirement: Requirement, *, total: int) -> bool:
    """Sets the total and moves the status as ledger.requirement_recount does, without saving;
    returns whether the order was completed now (the caller queues the notice)."""
    now = timezone.now()
    requirement.minutes_credited = max(total, 0)
    if requirement.minutes_credited >= requirement.minutes_ordered:
        if requirement.status in (RequirementStatus.UNALLOCATED, RequirementStatus.IN_PROGRESS):
            requirement.status = RequirementStatus.COMPLETED
            requirement.completed_at = requirement.ended_at = now
            return True
    elif requirement.status == RequirementStatus.COMPLETED:
        requirement.status = RequirementStatus.IN_PROGRESS
        requirement.completed_at = requirement.ended_at = None
    elif requirement.status == RequirementStatus.UNALLOCATED and requirement.minutes_credited > 0:
        requirement.status = RequirementStatus.IN_PROGRESS
    return False
