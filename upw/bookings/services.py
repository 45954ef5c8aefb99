"""Changing a booked place: cancel it, move it to another session, or reschedule it.

Every new place goes through the hard rules of every placement (upw.core.placement: the matching
checker), so a coordinator's change can break no rule that matching keeps. A reschedule records
RSSR or RSOF on the old place through the attendance service's sync actions, so the ledger and the
supervisor's register see it like any other outcome. Each change is saved with its reason on the
place's history, which is both the person's and the session's. The person is told of the change by
SMS or email (as their reminders are sent), unless they opted out, once the change is committed.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from upw.attendance import services as attendance
from upw.core import placement, selectors
from upw.models import Allocation, AllocationStatus, AttendanceRecord, Session, SessionStatus, User
from upw.models.attendance_sync import SyncAction, SyncActionStatus
from upw.reminders import services as reminders

CANCEL_REASONS = {
    "order_ended": "The order ended or was revoked",
    "not_suitable": "The placement is not suitable",
    "person_unavailable": "The person cannot attend",
    "duplicate": "Booked by mistake",
    "other": "Other reason",
}
RESCHEDULE_OUTCOMES = {"service": "RSSR", "person": "RSOF"}

NOT_BOOKED = "This place is no longer booked."
HAS_OUTCOME = "This place already has an outcome ({code}): it cannot be changed."
SESSION_OVER = "This session has already happened: record an outcome instead."
UNKNOWN_REASON = "Choose why the place is cancelled."
SAME_SESSION = "Choose another session: the person is already booked on this one."
TARGET_NOT_BOOKABLE = "That session has already started or was stood down."
TARGET_FULL = "That session is full. Choose another one."
ALREADY_ON_TARGET = "The person is already booked on that session."
UNKNOWN_REQUESTER = "Say whether the service or the person asked for the change."
BREAKS_RULES = "The person cannot be booked on that session: {reasons}"


class BookingError(ValueError):
    def __init__(self, message: str, reasons: list[str] | None = None, *, field: str = ""):
        super().__init__(message)
        # The hard rules' own sentences, when the refusal comes from them.
        self.reasons = list(reasons or [])
        self.field = field


def _locked_place(allocation: Allocation, *, today: dt.date) -> Allocation:
    allocation = Allocation.objects.select_for_update().select_related("session__project").get(pk=allocation.pk)
    if allocation.status != AllocationStatus.ALLOCATED:
        raise BookingError(NOT_BOOKED)
    outcome = AttendanceRecord.objects.filter(allocation=allocation).values_list("outcome", flat=True).first()
    if outcome:
        raise BookingError(HAS_OUTCOME.format(code=outcome))
    if allocation.session.date < today:
        raise BookingError(SESSION_OVER)
    return allocation


def _release(allocation: Allocation, *, reason: str, by: User) -> None:
    allocation.status = AllocationStatus.CANCELLED
    allocation._history_user = by
    allocation._change_reason = reason[:100]
    allocation.save(update_fields=["status"])


def _has_started(session: Session, *, today: dt.date) -> bool:
    """Before today, or today at or after its start: nobody can be sent to it now."""
    if session.date != today:
        return session.date < today
    return session.start_time <= timezone.localtime().time()


def _when_and_where(session: Session) -> str:
    site = session.project.site
    return f"{session.date:%A %d %B} from {session.start_time:%H:%M} to {session.end_time:%H:%M} at {site.name}"


def _tell(allocation: Allocation, text: str) -> None:
    reminders.tell_after_commit(allocation.requirement.person, f"Community Payback: {text}")


def _tell_moved(allocation: Allocation, booking: Allocation) -> None:
    site = booking.session.project.site
    _tell(
        booking,
        f"your session on {allocation.session.date:%A %d %B} has changed. Your session is now on "
        f"{_when_and_where(booking.session)}, {site.postcode}.",
    )


def _book(*, allocation: Allocation, to_session: Session, by: User, today: dt.date, reason: str) -> Allocation:
    """A new place for the allocation's requirement on `to_session`, once every hard rule allows it."""
    to_session = Session.objects.select_for_update().get(pk=to_session.pk)
    if to_session.pk == allocation.session_id:
        raise BookingError(SAME_SESSION, field="session")
    if to_session.status != SessionStatus.SCHEDULED or _has_started(to_session, today=today):
        raise BookingError(TARGET_NOT_BOOKABLE, field="session")
    live = Allocation.objects.filter(session=to_session, status=AllocationStatus.ALLOCATED)
    if live.filter(requirement_id=allocation.requirement_id).exists():
        raise BookingError(ALREADY_ON_TARGET, field="session")
    if selectors.places_taken(to_session) >= to_session.capacity:
        raise BookingError(TARGET_FULL, field="session")
    reasons = placement.placement_refusals(requirement_id=allocation.requirement_id, session_id=to_session.pk)
    if reasons:
        raise BookingError(BREAKS_RULES.format(reasons=" ".join(reasons)), reasons, field="session")
    booking = Allocation(requirement_id=allocation.requirement_id, session=to_session, source="change", created_by=by)
    booking._history_user = by
    booking._change_reason = reason[:100]
    booking.save()
    return booking


@transaction.atomic
def booking_cancel(*, allocation: Allocation, reason: str, by: User, today: dt.date, note: str = "") -> Allocation:
    """Cancels a booked place that has not happened, with a reason from CANCEL_REASONS."""
    if reason not in CANCEL_REASONS:
        raise BookingError(UNKNOWN_REASON, field="reason")
    allocation = _locked_place(allocation, today=today)
    _release(allocation, reason=f"Cancelled: {CANCEL_REASONS[reason]}. {note}".strip(), by=by)
    _tell(
        allocation,
        f"your session on {_when_and_where(allocation.session)} is cancelled. Do not go to the site. "
        "We will contact you with your next session.",
    )
    return allocation


@transaction.atomic
def booking_move(*, allocation: Allocation, to_session: Session, by: User, today: dt.date) -> Allocation:
    """Moves a booked place to another session. The old place is given up first, so that the hard
    rules judge the new one as if the person were not on the old; a refusal undoes both."""
    allocation = _locked_place(allocation, today=today)
    old = allocation.session
    _release(allocation, reason=f"Moved to session {to_session.pk} on {to_session.date:%d %b %Y}", by=by)
    booking = _book(
        allocation=allocation,
        to_session=to_session,
        by=by,
        today=today,
        reason=f"Moved from session {old.pk} on {old.date:%d %b %Y}",
    )
    _tell_moved(allocation, booking)
    return booking


@transaction.atomic
def booking_reschedule(
    *, allocation: Allocation, to_session: Session, requested_by: str, by: User, today: dt.date, key: str = ""
) -> Allocation:
    """Records RSSR (the service asked) or RSOF (the person asked) on the place and books the new one.

    The outcome goes through the attendance service as an idempotent sync action, keyed on `key` when a
    client gives one, so the register and the ledger treat it as every other outcome.
    """
    if requested_by not in RESCHEDULE_OUTCOMES:
        raise BookingError(UNKNOWN_REQUESTER, field="requested_by")
    if key and SyncAction.objects.filter(key=key, allocation=allocation, status=SyncActionStatus.APPLIED).exists():
        # A retry of a reschedule already done: the same answer, nothing changed twice.
        done = Allocation.objects.filter(
            requirement_id=allocation.requirement_id, session=to_session, status=AllocationStatus.ALLOCATED
        ).first()
        if done is not None:
            return done
    allocation = _locked_place(allocation, today=today)
    code = RESCHEDULE_OUTCOMES[requested_by]
    result = attendance.attendance_apply_action(
        user=by,
        key=key or attendance.new_key(),
        allocation_id=allocation.pk,
        kind="outcome",
        payload={"outcome": code, "notes": f"Rescheduled to {to_session.date:%d %B %Y}."},
        client_at=timezone.now(),
    )
    error = result.action.result.get("error")
    if error:
        raise BookingError(error)
    # The old place keeps its outcome but no longer holds a place on its session, so it neither fills
    # the session nor counts as the person's session that day when the hard rules judge the new one.
    # A refusal below undoes the outcome and the release with everything else.
    _release(allocation, reason=f"{code}: rescheduled to session {to_session.pk} on {to_session.date:%d %b %Y}", by=by)
    booking = _book(
        allocation=allocation,
        to_session=to_session,
        by=by,
        today=today,
        reason=f"{code}: rescheduled from session {allocation.session_id} on {allocation.session.date:%d %b %Y}",
    )
    _tell_moved(allocation, booking)
    return booking


def change_targets(*, allocation: Allocation, sessions, today: dt.date, limit: int = 30) -> list[Session]:
    """Sessions from today in the person's region with a place free, soonest first: what a place could
    move to. `sessions` is what the user may see; the hard rules are checked on booking."""
    person = allocation.requirement.person
    upcoming = (
        selectors.with_places_taken(
            sessions.filter(
                status=SessionStatus.SCHEDULED,
                date__gte=today,
                project__site__pdu__region=person.pdu.region_id,
            ).exclude(pk=allocation.session_id)
        )
        .select_related("project")
        .order_by("date", "start_time", "id")
    )
    return [s for s in upcoming[: limit * 3] if s.places_taken < s.capacity and not _has_started(s, today=today)][
        :limit
    ]


def place_history(allocations) -> list:
    """The history rows of these places, newest first, with who changed them and why."""
    return list(
        Allocation.history.filter(id__in=allocations.values("pk"))
        .select_related("history_user", "session__project")
        .order_by("-history_date")[:50]
    )
