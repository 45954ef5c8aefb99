"""Who could fill a session's place, which sessions a person could do, and booking one of them.

Coordinators (their regions) and administrators only: other roles get 403, a session or person
outside the caller's regions 404. Booking goes through the hard rules of every placement (409 with
the rules' sentences when refused) and is idempotent: send an `idempotency_key` made by the client
and the same key again on a retry; booking a person already on the session answers 200 with the
place that exists, a new place 201.
"""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from scheduler.candidates import selectors, services
from scheduler.models import RotaRun
from upw.core.access import OFFICE_ROLES, get_visible, require_role, visible
from upw.models import Person, Session
from upw.web.api import ErrorOut

router = Router(tags=["candidates"])


class CandidateOut(Schema):
    crn: str
    requirement_id: int
    session_id: int
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    project: str
    points: float = Field(description="The matching engine's points for this placement alone; higher is better.")
    distance_km: float
    hours: float = Field(description="Hours the session credits.")
    reasons: list[str] = Field(description="Why it fits: distance, hours still to place, pace, skills.")
    refusals: list[str] = Field(description="The hard rules that refuse it; empty when it may be booked.")


class CandidatesOut(Schema):
    fits: list[CandidateOut] = Field(description="Allowed by every hard rule, best first.")
    refused: list[CandidateOut] = Field(description="Within reach but refused, nearest first, with why.")
    unavailable: str = Field(description="Why nothing could be ranked (empty when the lists apply).")


class CandidateBookIn(Schema):
    crn: str
    # Made by the client and sent again on a retry, so a retried booking books once.
    idempotency_key: str = Field("", max_length=80)


class CandidateBookedOut(Schema):
    id: int
    crn: str
    requirement_id: int
    session_id: int
    date: dt.date
    status: str
    created: bool


class CandidateBookingRefusedOut(Schema):
    detail: str
    reasons: list[str]


def _out(c: selectors.Candidate) -> CandidateOut:
    s = c.session
    return CandidateOut(
        crn=c.person.crn,
        requirement_id=c.requirement_id,
        session_id=s.pk,
        date=s.date,
        start_time=s.start_time,
        end_time=s.end_time,
        project=s.project.name,
        points=c.points,
        distance_km=c.km,
        hours=c.hours,
        reasons=c.reasons,
        refusals=c.refusals,
    )


def _listed(found: selectors.Candidates) -> CandidatesOut:
    return CandidatesOut(
        fits=[_out(c) for c in found.fits], refused=[_out(c) for c in found.refused], unavailable=found.unavailable
    )


@router.get(
    "/sessions/{session_id}",
    response={200: CandidatesOut, 403: ErrorOut, 404: ErrorOut},
    summary="Who could fill this session's place",
)
def session_candidates(request: HttpRequest, session_id: int):
    """The people within reach of the session, in the caller's regions: those every hard rule allows,
    ranked by the matching engine's points for that placement, and those refused, with the rules."""
    require_role(request.auth, OFFICE_ROLES)
    session = get_visible(request.auth, Session, pk=session_id)
    return _listed(
        selectors.who_could_fill(session=session, people=visible(request.auth, Person), today=timezone.localdate())
    )


@router.get(
    "/people/{crn}",
    response={200: CandidatesOut, 403: ErrorOut, 404: ErrorOut},
    summary="Sessions this person could do",
)
def person_candidates(request: HttpRequest, crn: str):
    """Sessions from tomorrow for four weeks within reach of the person's home, ranked and checked as
    for a session's place."""
    require_role(request.auth, OFFICE_ROLES)
    person = get_visible(request.auth, Person, crn=crn)
    return _listed(
        selectors.sessions_for(person=person, sessions=visible(request.auth, Session), today=timezone.localdate())
    )


@router.post(
    "/sessions/{session_id}/book",
    response={
        200: CandidateBookedOut,
        201: CandidateBookedOut,
        403: ErrorOut,
        404: ErrorOut,
        409: CandidateBookingRefusedOut,
    },
    summary="Book a person on a session",
)
def book(request: HttpRequest, session_id: int, payload: CandidateBookIn):
    """Books the person on the session through the hard rules: 201 with the new place, 200 when the
    person already has it (a retry), 409 with the rules' sentences when refused."""
    require_role(request.auth, OFFICE_ROLES)
    session = get_visible(request.auth, Session, pk=session_id)
    person = get_visible(request.auth, Person, crn=payload.crn)
    try:
        booked = services.candidate_book(
            requirement=selectors.requirement_to_book(person=person),
            session=session,
            by=request.auth,
            today=timezone.localdate(),
            key=payload.idempotency_key,
        )
    except services.BookingRefused as refused:
        return Status(409, CandidateBookingRefusedOut(detail=str(refused), reasons=refused.reasons))
    a = booked.allocation
    out = CandidateBookedOut(
        id=a.pk,
        crn=person.crn,
        requirement_id=a.requirement_id,
        session_id=a.session_id,
        date=session.date,
        status=a.status,
        created=booked.created,
    )
    return Status(201 if booked.created else 200, out)


class StaffCandidateOut(Schema):
    supervisor_id: int
    name: str
    cost: int = Field(description="What adding them changes in the rota engine's objective; lower is better.")
    minutes_left: int = Field(description="Contract minutes left over the rota's period.")
    distance_km: float | None
    reasons: list[str]
    refusals: list[str] = Field(description="The rota's rules that refuse it; empty when they may be added.")


class StaffingOut(Schema):
    session_id: int
    session: str
    short_by: int
    fits: list[StaffCandidateOut] = Field(description="Allowed by the rota's rules, best first.")
    refused: list[StaffCandidateOut]


def _staff_out(c: services.StaffCandidate) -> StaffCandidateOut:
    return StaffCandidateOut(
        supervisor_id=c.supervisor_id,
        name=c.name,
        cost=c.cost,
        minutes_left=c.minutes_left,
        distance_km=None if c.km is None else round(c.km, 2),
        reasons=c.reasons,
        refusals=c.refusals,
    )


@router.get(
    "/rota/{run_id}/sessions/{session_id}",
    response={200: StaffingOut, 403: ErrorOut, 404: ErrorOut},
    summary="Who can staff this session of a rota",
)
def rota_staffing(request: HttpRequest, run_id: int, session_id: int):
    """The region's supervisors for one session of a rota run, ranked by the rota engine's objective,
    and those the rota's rules refuse, with why. Add one with `POST /api/v1/rota/runs/{run_id}/edits`,
    which checks the same rules."""
    require_role(request.auth, OFFICE_ROLES)
    run = get_visible(request.auth, RotaRun, pk=run_id)
    staffing = services.staffing_candidates(run=run, session_id=session_id)
    if staffing.unavailable:
        return Status(404, ErrorOut(detail=staffing.unavailable))
    return StaffingOut(
        session_id=staffing.session_id,
        session=staffing.label,
        short_by=staffing.short_by,
        fits=[_staff_out(c) for c in staffing.fits],
        refused=[_staff_out(c) for c in staffing.refused],
    )
