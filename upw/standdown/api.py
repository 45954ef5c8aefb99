"""Standing sessions down: the same preview and service as the pages."""

import datetime as dt
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from upw.core.access import OFFICE_ROLES, get_visible, require_role, visible
from upw.models import Session
from upw.standdown import services
from upw.web.api import ErrorOut

# The partners app builds on this one, so its project model is reached through the session.
Project = Session._meta.get_field("project").related_model

router = Router(tags=["stand-down"])


class WhichIn(Schema):
    """One session (`session_id`), or a project's sessions from `date_from` to `date_to`."""

    session_id: int | None = None
    project_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class StandDownIn(WhichIn):
    reason: Literal[tuple(services.REASONS)]  # type: ignore[valid-type]
    note: str = ""


class AffectedOut(Schema):
    session_id: int
    date: dt.date
    crns: list[str]
    supervisors: list[str]


class StandDownOut(Schema):
    sessions: int
    outcomes: int
    told: int
    # People with no email address or who opted out of messages: tell them another way.
    not_told: list[str]
    released: int


RESPONSES = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _sessions(request: HttpRequest, which: WhichIn) -> QuerySet:
    require_role(request.auth, OFFICE_ROLES)
    today = timezone.localdate()
    if which.session_id is not None:
        session = get_visible(request.auth, Session, pk=which.session_id)
        return services.standable(visible(request.auth, Session).filter(pk=session.pk), today=today)
    if which.project_id is None or which.date_from is None or which.date_to is None:
        raise services.StandDownError("Give a session_id, or a project_id with date_from and date_to.")
    project = get_visible(request.auth, Project, pk=which.project_id)
    return services.project_range(
        visible(request.auth, Session),
        project_id=project.pk,
        date_from=which.date_from,
        date_to=which.date_to,
        today=today,
    )


@router.post("/preview", response={200: list[AffectedOut], **RESPONSES}, summary="Who a stand-down would reach")
def preview_stand_down(request: HttpRequest, payload: WhichIn):
    """The scheduled sessions from today that would be stood down, with the CRNs of the people who would
    get AASD and the supervisors who would be released. Changes nothing."""
    try:
        sessions = _sessions(request, payload)
    except services.StandDownError as refused:
        return Status(409, ErrorOut(detail=str(refused)))
    return [
        AffectedOut(
            session_id=row.session.pk,
            date=row.session.date,
            crns=[place.requirement.person.crn for place in row.places],
            supervisors=[str(assignment.supervisor) for assignment in row.supervisors],
        )
        for row in services.preview(sessions)
    ]


@router.post("", response={200: StandDownOut, **RESPONSES}, summary="Stand sessions down")
def stand_down(request: HttpRequest, payload: StandDownIn):
    """Stands the sessions down: AASD for everyone booked (never enforced, no hours), an email to each
    person who can get one, the supervisors released, the session status `stood_down`. Repeating it
    changes nothing more (409: nothing left to stand down)."""
    try:
        result = services.stand_down(
            sessions=_sessions(request, payload),
            reason=payload.reason,
            note=payload.note,
            by=request.auth,
            today=timezone.localdate(),
        )
    except services.StandDownError as refused:
        return Status(409, ErrorOut(detail=str(refused)))
    return StandDownOut(**vars(result))
