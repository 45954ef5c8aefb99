"""Changing a booked place: the same services and hard-rule checks as the change page."""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from upw.bookings import services
from upw.core.access import OFFICE_ROLES, get_visible, require_role
from upw.models import Allocation, Session
from upw.web.api import ErrorOut

router = Router(tags=["bookings"])


class BookingOut(Schema):
    id: int
    crn: str
    requirement_id: int
    session_id: int
    date: dt.date
    status: str


class BookingRefusedOut(Schema):
    detail: str
    # The hard rules the new place breaks, one sentence each (empty when another check refused it).
    reasons: list[str]


class CancelIn(Schema):
    reason: Literal[tuple(services.CANCEL_REASONS)]  # type: ignore[valid-type]
    note: str = ""


class MoveIn(Schema):
    session_id: int


class RescheduleIn(Schema):
    session_id: int
    requested_by: Literal["service", "person"]
    # Made by the client and sent again on a retry, so a retried reschedule records its outcome once.
    idempotency_key: str = ""


RESPONSES = {200: BookingOut, 403: ErrorOut, 404: ErrorOut, 409: BookingRefusedOut}


def _out(booking: Allocation) -> BookingOut:
    return BookingOut(
        id=booking.pk,
        crn=booking.requirement.person.crn,
        requirement_id=booking.requirement_id,
        session_id=booking.session_id,
        date=booking.session.date,
        status=booking.status,
    )


def _place(request: HttpRequest, allocation_id: int) -> Allocation:
    require_role(request.auth, OFFICE_ROLES)
    return get_visible(request.auth, Allocation, pk=allocation_id)


def _refused(refused: services.BookingError):
    return Status(409, BookingRefusedOut(detail=str(refused), reasons=refused.reasons))


@router.post("/{allocation_id}/cancel", response=RESPONSES, summary="Cancel a booked place")
def cancel_booking(request: HttpRequest, allocation_id: int, payload: CancelIn):
    """Cancels a place that has not happened and has no outcome, with a reason. 409 when it cannot be
    cancelled (already cancelled, has an outcome, in the past)."""
    allocation = _place(request, allocation_id)
    try:
        booking = services.booking_cancel(
            allocation=allocation, reason=payload.reason, note=payload.note, by=request.auth, today=timezone.localdate()
        )
    except services.BookingError as refused:
        return _refused(refused)
    return _out(booking)


@router.post("/{allocation_id}/move", response=RESPONSES, summary="Move a booked place to another session")
def move_booking(request: HttpRequest, allocation_id: int, payload: MoveIn):
    """Moves the place to another session, through the hard rules every placement goes through
    (exclusion zones, restrictive orders, the only woman in a mixed group, ...): 409 says why it is
    refused, each rule broken in `reasons`, and leaves the place where it was."""
    allocation = _place(request, allocation_id)
    to_session = get_visible(request.auth, Session, pk=payload.session_id)
    try:
        booking = services.booking_move(
            allocation=allocation, to_session=to_session, by=request.auth, today=timezone.localdate()
        )
    except services.BookingError as refused:
        return _refused(refused)
    return _out(booking)


@router.post("/{allocation_id}/reschedule", response=RESPONSES, summary="Reschedule a booked place")
def reschedule_booking(request: HttpRequest, allocation_id: int, payload: RescheduleIn):
    """Records RSSR (`requested_by: service`) or RSOF (`person`) on the place and books the person on
    the new session, through the hard rules; 409 as for a move."""
    allocation = _place(request, allocation_id)
    to_session = get_visible(request.auth, Session, pk=payload.session_id)
    try:
        booking = services.booking_reschedule(
            allocation=allocation,
            to_session=to_session,
            requested_by=payload.requested_by,
            by=request.auth,
            today=timezone.localdate(),
            key=payload.idempotency_key,
        )
    except services.BookingError as refused:
        return _refused(refused)
    return _out(booking)
