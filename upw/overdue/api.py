"""Overdue outcomes, and a whole session's outcomes at once: the same selectors and service as the pages."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from upw.attendance.services import outcomes_for
from upw.core.access import OFFICE_ROLES, get_visible, require_role, visible
from upw.models import Allocation, Session
from upw.models.attendance import GRADED_OUTCOMES, Grade
from upw.overdue import selectors, services
from upw.web.api import ErrorOut, Pages

router = Router(tags=["overdue outcomes"])


class OverdueOut(Schema):
    session_id: int
    project: str
    region: str
    date: dt.date
    days_overdue: int
    without_outcome: int
    supervisors: list[str]


@router.get("", response=list[OverdueOut], summary="Overdue outcomes")
@paginate(Pages)
def list_overdue(
    request: HttpRequest, region: int | None = None, project: int | None = None, supervisor: int | None = None
):
    """Sessions in the last UPW_OVERDUE_OUTCOME_DAYS days (45 by default), not stood down, with people
    booked and no outcome, oldest first; filtered by region, project or supervisor id."""
    require_role(request.auth, OFFICE_ROLES)
    today = timezone.localdate()
    overdue = selectors.filtered(
        selectors.overdue_sessions(visible(request.auth, Session), today=today),
        region=region,
        project=project,
        supervisor=supervisor,
    )
    return [
        OverdueOut(
            session_id=s.pk,
            project=s.project.name,
            region=s.project.site.pdu.region.name,
            date=s.date,
            days_overdue=(today - s.date).days,
            without_outcome=s.waiting,
            supervisors=[str(a.supervisor) for a in s.supervisor_assignments.all()],
        )
        for s in overdue
    ]


class ExceptionIn(Schema):
    allocation_id: int
    outcome: str
    note: str = ""


class SessionOutcomesIn(Schema):
    work_quality: Grade | None = None
    behaviour: Grade | None = None
    exceptions: list[ExceptionIn] = []
    # Made by the client and sent again on a retry, so each outcome is recorded once.
    idempotency_key: str


class SessionOutcomesOut(Schema):
    recorded: int
    refused: dict[str, str]


@router.post(
    "/sessions/{session_id}",
    response={200: SessionOutcomesOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Record a whole session's outcomes",
)
def record_session(request: HttpRequest, session_id: int, payload: SessionOutcomesIn):
    """Everyone on the session still without an outcome gets ATTC with the grades (and the session's
    times), except those in `exceptions`, each through the attendance sync actions keyed on
    `idempotency_key`. `refused` gives, by CRN, why an outcome was not recorded."""
    require_role(request.auth, OFFICE_ROLES)
    session = get_visible(request.auth, Session, pk=session_id)
    if session.date >= timezone.localdate():
        return Status(409, ErrorOut(detail="Outcomes for the whole session can be recorded once the day is over."))
    places = list(selectors.waiting_places(visible(request.auth, Allocation).filter(session=session)))
    exceptions = {e.allocation_id: services.OtherOutcome(e.outcome, e.note) for e in payload.exceptions}
    if any(e.outcome not in outcomes_for(request.auth) for e in exceptions.values()):
        return Status(409, ErrorOut(detail="One of the outcomes is not one you may record."))
    graded = any(exceptions.get(p.pk, services.OtherOutcome("ATTC")).outcome in GRADED_OUTCOMES for p in places)
    if graded and not (payload.work_quality and payload.behaviour):
        return Status(409, ErrorOut(detail="Give work_quality and behaviour for the people who attended."))
    result = services.record_session_outcomes(
        session=session,
        places=places,
        work_quality=payload.work_quality or "",
        behaviour=payload.behaviour or "",
        exceptions=exceptions,
        by=request.auth,
        key=payload.idempotency_key,
    )
    return SessionOutcomesOut(recorded=result.recorded, refused=result.refused)
