"""An order's life after sentence: court extensions, pauses and resumptions, and the ways it ends.

Every change is a keyword-only function in a transaction that locks the requirement, checks the
status it starts from, writes one append-only `OrderEvent` (who, when, why, the status and deadline
before and after) and saves the requirement with a reason in its own history.

The effect on the rest of the service comes from the status: matching, induction, pace, at-risk and
reminders look only at active orders (`ACTIVE_REQUIREMENT_STATUSES`). When an order stops being active
(paused, revoked, breached, transferred out) its bookings from the day it stopped are cancelled, with
the reason in each booking's history, so that rotas and reminders stop counting them and the places
go back to others. A pause stops the clock: on resumption the deadline moves on by the days paused.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from upw.core import pace
from upw.models import Allocation, AllocationStatus, OrderEvent, OrderEventKind, PauseReason, Requirement, User
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES, RequirementStatus

NOT_RUNNING = "This order is {status}: only an order that is running or paused can be changed."
NOT_ACTIVE = "This order is {status}: only an active order can be paused."
NOT_PAUSED = "This order is not paused."
NO_STATUTORY_DEADLINE = (
    "This order has no statutory deadline (the completion window is switched off): its date is a target, "
    "which the court does not extend."
)
EXTENSION_NOT_LATER = "The new deadline must be after the current deadline ({deadline:%d %B %Y})."
DECIDED_IN_FUTURE = "The date of the court's decision cannot be in the future."
BEFORE_SENTENCE = "The date cannot be before the sentence date ({date:%d %B %Y})."
IN_FUTURE = "The date cannot be in the future."
RESUME_BEFORE_PAUSE = "The order cannot resume before the day it was paused ({date:%d %B %Y})."
GIVE_REASON = "Give the reason."
GIVE_COURT = "Enter the court that extended the order."
GIVE_DESTINATION = "Enter where the order is transferred to."
BAD_PAUSE_REASON = "Choose why the order is paused."

# An order in one of these may still be changed: extended, or brought to an end.
RUNNING_STATUSES = (*ACTIVE_REQUIREMENT_STATUSES, RequirementStatus.PAUSED)

ENDINGS = {
    OrderEventKind.REVOKE: RequirementStatus.REVOKED,
    OrderEventKind.BREACH: RequirementStatus.BREACHED,
    OrderEventKind.TRANSFER: RequirementStatus.TRANSFERRED,
}


class OrderError(ValueError):
    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def _lock(requirement: Requirement) -> Requirement:
    return Requirement.objects.select_for_update().select_related("person").get(pk=requirement.pk)


def _status_label(requirement: Requirement) -> str:
    return requirement.get_status_display().lower()


def _require_running(requirement: Requirement) -> None:
    if requirement.status not in RUNNING_STATUSES:
        raise OrderError(NOT_RUNNING.format(status=_status_label(requirement)))


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise OrderError(GIVE_REASON, "reason")
    return reason


def _check_day(requirement: Requirement, day: dt.date, today: dt.date, field: str = "effective_on") -> None:
    if day > today:
        raise OrderError(IN_FUTURE, field)
    if day < requirement.sentence_date:
        raise OrderError(BEFORE_SENTENCE.format(date=requirement.sentence_date), field)


def _save(requirement: Requirement, fields: list[str], *, by: User, reason: str) -> None:
    requirement._change_reason = reason[:100]
    requirement._history_user = by
    requirement.save(update_fields=fields)


def _event(requirement: Requirement, *, kind: str, before: tuple[str, dt.date], by: User, **fields) -> OrderEvent:
    # The pace row follows at once (not at the nightly refresh): a paused or ended order is never at
    # risk, and a new deadline changes the pace.
    pace.refresh_pace_flags(requirement_ids=[requirement.pk])
    return OrderEvent.objects.create(
        requirement=requirement,
        kind=kind,
        status_before=before[0],
        deadline_before=before[1],
        status_after=requirement.status,
        deadline_after=requirement.deadline,
        created_by=by,
        **fields,
    )


def cancel_bookings_from(*, requirement: Requirement, day: dt.date, by: User, reason: str) -> int:
    """Cancels the requirement's live bookings on sessions from `day` on (one by one, so that each
    booking's history says why). Returns how many."""
    cancelled = 0
    for allocation in Allocation.objects.filter(
        requirement=requirement, status=AllocationStatus.ALLOCATED, session__date__gte=day, attendance__isnull=True
    ):
        allocation.status = AllocationStatus.CANCELLED
        allocation._change_reason = reason[:100]
        allocation._history_user = by
        allocation.save(update_fields=["status"])
        cancelled += 1
    return cancelled


@transaction.atomic
def order_extend(
    *,
    requirement: Requirement,
    new_deadline: dt.date,
    court: str,
    decided_on: dt.date,
    court_reference: str = "",
    reason: str = "",
    by: User,
    today: dt.date,
) -> OrderEvent:
    """The court extended the time to work the hours: the deadline becomes `new_deadline`."""
    requirement = _lock(requirement)
    _require_running(requirement)
    if not requirement.deadline_is_statutory:
        raise OrderError(NO_STATUTORY_DEADLINE)
    if new_deadline <= requirement.deadline:
        raise OrderError(EXTENSION_NOT_LATER.format(deadline=requirement.deadline), "new_deadline")
    if decided_on > today:
        raise OrderError(DECIDED_IN_FUTURE, "decided_on")
    if decided_on < requirement.sentence_date:
        raise OrderError(BEFORE_SENTENCE.format(date=requirement.sentence_date), "decided_on")
    court = (court or "").strip()
    if not court:
        raise OrderError(GIVE_COURT, "court")
    before = (requirement.status, requirement.deadline)
    requirement.deadline = new_deadline
    text = (reason or "").strip() or f"Extended by {court}"
    _save(requirement, ["deadline"], by=by, reason=f"Extended to {new_deadline:%d %b %Y} by {court}")
    return _event(
        requirement,
        kind=OrderEventKind.EXTENSION,
        before=before,
        by=by,
        effective_on=decided_on,
        court=court[:120],
        court_reference=(court_reference or "").strip()[:60],
        reason=text,
    )


@transaction.atomic
def order_pause(
    *, requirement: Requirement, pause_reason: str, reason: str, on: dt.date, by: User, today: dt.date
) -> OrderEvent:
    """The person cannot work for now (in custody, ill): the order, its deadline and its pace stop from
    `on`, and its bookings from then are cancelled."""
    requirement = _lock(requirement)
    if requirement.status not in ACTIVE_REQUIREMENT_STATUSES:
        raise OrderError(NOT_ACTIVE.format(status=_status_label(requirement)))
    if pause_reason not in PauseReason.values:
        raise OrderError(BAD_PAUSE_REASON, "pause_reason")
    reason = _require_reason(reason)
    _check_day(requirement, on, today)
    before = (requirement.status, requirement.deadline)
    requirement.status = RequirementStatus.PAUSED
    label = PauseReason(pause_reason).label
    _save(requirement, ["status"], by=by, reason=f"Paused: {label}")
    cancelled = cancel_bookings_from(
        requirement=requirement, day=max(on, today), by=by, reason=f"Order paused ({label.lower()})"
    )
    return _event(
        requirement,
        kind=OrderEventKind.PAUSE,
        before=before,
        by=by,
        effective_on=on,
        pause_reason=pause_reason,
        reason=reason,
        bookings_cancelled=cancelled,
    )


def _current_pause(requirement: Requirement) -> OrderEvent | None:
    return requirement.order_events.filter(kind=OrderEventKind.PAUSE).order_by("-created_at", "-id").first()


@transaction.atomic
def order_resume(*, requirement: Requirement, on: dt.date, reason: str = "", by: User, today: dt.date) -> OrderEvent:
    """The person can work again from `on`: the order returns to the status it had, and the deadline
    moves on by the days it was paused."""
    requirement = _lock(requirement)
    if requirement.status != RequirementStatus.PAUSED:
        raise OrderError(NOT_PAUSED)
    pause = _current_pause(requirement)
    _check_day(requirement, on, today)
    paused_on = pause.effective_on if pause else on
    if on < paused_on:
        raise OrderError(RESUME_BEFORE_PAUSE.format(date=paused_on), "effective_on")
    days = (on - paused_on).days
    before = (requirement.status, requirement.deadline)
    was = pause.status_before if pause else RequirementStatus.IN_PROGRESS
    if was not in ACTIVE_REQUIREMENT_STATUSES:
        was = RequirementStatus.IN_PROGRESS
    if was == RequirementStatus.UNALLOCATED and requirement.minutes_credited > 0:
        was = RequirementStatus.IN_PROGRESS
    requirement.status = was
    requirement.deadline = requirement.deadline + dt.timedelta(days=days)
    requirement.ended_at = None
    _save(requirement, ["status", "deadline", "ended_at"], by=by, reason=f"Resumed after {days} days paused")
    return _event(
        requirement,
        kind=OrderEventKind.RESUME,
        before=before,
        by=by,
        effective_on=on,
        days_paused=days,
        reason=(reason or "").strip() or f"Resumed after {days} days paused",
    )


@transaction.atomic
def order_end(
    *,
    requirement: Requirement,
    kind: str,
    reason: str,
    on: dt.date,
    by: User,
    today: dt.date,
    transferred_to: str = "",
    court: str = "",
    court_reference: str = "",
) -> OrderEvent:
    """The order ends without its hours done: revoked by the court, breached, or transferred out.
    Its bookings from `on` (or today, if later) are cancelled."""
    requirement = _lock(requirement)
    _require_running(requirement)
    reason = _require_reason(reason)
    _check_day(requirement, on, today)
    transferred_to = (transferred_to or "").strip()
    if kind == OrderEventKind.TRANSFER and not transferred_to:
        raise OrderError(GIVE_DESTINATION, "transferred_to")
    before = (requirement.status, requirement.deadline)
    requirement.status = ENDINGS[kind]
    requirement.ended_at = timezone.now()
    label = OrderEventKind(kind).label
    _save(requirement, ["status", "ended_at"], by=by, reason=f"{label}: {reason}")
    cancelled = cancel_bookings_from(
        requirement=requirement, day=max(on, today), by=by, reason=f"Order {label.lower()}"
    )
    return _event(
        requirement,
        kind=kind,
        before=before,
        by=by,
        effective_on=on,
        reason=reason,
        transferred_to=transferred_to[:120],
        court=(court or "").strip()[:120],
        court_reference=(court_reference or "").strip()[:60],
        bookings_cancelled=cancelled,
    )


def order_revoke(**kwargs) -> OrderEvent:
    return order_end(kind=OrderEventKind.REVOKE, **kwargs)


def order_breach(**kwargs) -> OrderEvent:
    return order_end(kind=OrderEventKind.BREACH, **kwargs)


def order_transfer(**kwargs) -> OrderEvent:
    return order_end(kind=OrderEventKind.TRANSFER, **kwargs)
