"""Booking an induction: the same service and hard-rule check as the person's page."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from upw import domain
from upw.core.access import OFFICE_ROLES, get_visible, require_role
from upw.induction import services as induction
from upw.models import Person, Session
from upw.web.api import ErrorOut

router = Router(tags=["induction"])


class InductionBookingIn(Schema):
    crn: str
    session_id: int


class InductionBookingOut(Schema):
    id: int
    crn: str
    requirement_id: int
    session_id: int
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    project: str


class InductionRefusedOut(Schema):
    detail: str
    # The hard rules the booking breaks, one sentence each (empty when another check refused it).
    reasons: list[str]


@router.post(
    "/bookings",
    response={200: InductionBookingOut, 403: ErrorOut, 404: ErrorOut, 409: InductionRefusedOut},
    summary="Book a person on an induction session",
)
def book_induction(request: HttpRequest, payload: InductionBookingIn):
    """Books the person (by CRN) on an induction session, moving any booking they had. The booking goes
    through the hard rules every placement does (exclusion zones, restrictive orders, the only woman in
    a mixed group, ...): 409 says why it is refused, with each rule broken in `reasons`."""
    require_role(request.auth, OFFICE_ROLES)
    person = get_visible(request.auth, Person, crn=domain.normalise_crn(payload.crn))
    session = get_visible(request.auth, Session, pk=payload.session_id)
    try:
        booking = induction.induction_book(person=person, session=session, by=request.auth, today=timezone.localdate())
    except induction.InductionError as refused:
        return Status(409, InductionRefusedOut(detail=str(refused), reasons=refused.reasons))
    session = booking.session
    return InductionBookingOut(
        id=booking.pk,
        crn=person.crn,
        requirement_id=booking.requirement_id,
        session_id=session.pk,
        date=session.date,
        start_time=session.start_time,
        end_time=session.end_time,
        project=session.project.name,
    )
