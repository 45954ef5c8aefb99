"""Changing many booked places at once: the same service as the session page and the people list."""

from typing import Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from upw.core.access import OFFICE_ROLES, get_visible, require_role, visible
from upw.dayview import services
from upw.models import Allocation, Session
from upw.web.api import ErrorOut

router = Router(tags=["bookings"])

MAX_PLACES = 200


class BulkIn(Schema):
    allocation_ids: list[int] = Field(..., min_length=1, max_length=MAX_PLACES)
    action: Literal["move", "cancel", "message"]
    session_id: int | None = None
    reason: str = ""
    note: str = Field("", max_length=60)
    subject: str = Field("", max_length=services.MESSAGE_SUBJECT_MAX)
    body: str = Field("", max_length=1000)
    # Made by the client and sent again on a retry: the retry answers with the first results.
    idempotency_key: str = Field(..., min_length=1, max_length=80)


class PersonOutcomeOut(Schema):
    allocation_id: int
    crn: str
    done: bool
    message: str


class BulkOut(Schema):
    action: str
    done: int
    refused: int
    repeated: bool
    people: list[PersonOutcomeOut]


@router.post(
    "/bulk",
    response={200: BulkOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Move, cancel or message many booked places",
)
def bulk_bookings(request: HttpRequest, payload: BulkIn):
    """Moves (`session_id`), cancels (`reason`, optional `note`) or messages (`subject`, `body`) each
    place, each through the same service and hard rules as a single change; `people` says what
    happened to each. One refusal leaves the others done. Sent again with the same
    `idempotency_key`, it answers with the first results (`repeated: true`) and changes nothing.
    A place the caller may not see is a 404 for the whole request, and nothing changes."""
    require_role(request.auth, OFFICE_ROLES)
    ids = set(payload.allocation_ids)
    places = list(
        visible(request.auth, Allocation)
        .filter(pk__in=ids)
        .select_related("requirement__person", "session__project__site")
    )
    if len(places) != len(ids):
        raise Http404("No allocation found.")
    to_session = get_visible(request.auth, Session, pk=payload.session_id) if payload.session_id else None
    try:
        result = services.bulk_change(
            places=places,
            action=payload.action,
            by=request.auth,
            today=timezone.localdate(),
            key=payload.idempotency_key,
            to_session=to_session,
            reason=payload.reason,
            note=payload.note,
            subject=payload.subject,
            body=payload.body,
        )
    except services.BulkError as refused:
        return Status(409, ErrorOut(detail=str(refused)))
    return BulkOut(
        action=result.action,
        done=result.done,
        refused=result.refused,
        repeated=result.repeated,
        people=[
            PersonOutcomeOut(allocation_id=o.allocation_id, crn=o.crn, done=o.done, message=o.message)
            for o in result.outcomes
        ],
    )
