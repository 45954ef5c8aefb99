"""An order's life through the API: its history, court extensions, pauses and the ways it ends.

The same services as the order's page; coordinators and administrators only, scoped to their regions
(an order elsewhere is 404, as if it did not exist). A refusal by the rules is 409 with the message
and the field it concerns.
"""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from upw.core.access import OFFICE_ROLES, get_visible, require_role
from upw.models import OrderEventKind, Requirement
from upw.orders import selectors
from upw.orders import services as orders
from upw.web.api import ErrorOut

router = Router(tags=["orders"])


class OrderEventOut(Schema):
    id: int
    kind: str
    effective_on: dt.date
    status_before: str
    status_after: str
    deadline_before: dt.date
    deadline_after: dt.date
    pause_reason: str
    days_paused: int | None
    court: str
    court_reference: str
    transferred_to: str
    reason: str
    bookings_cancelled: int
    created_at: dt.datetime


class OrderOut(Schema):
    id: int
    person_crn: str
    order_reference: str
    status: str
    deadline: dt.date
    # False when the completion window is switched off: `deadline` is then a target date, not the court's.
    deadline_is_statutory: bool
    ended_at: dt.datetime | None
    # "Past deadline: extension or return to court needed" when the deadline has gone with hours owed.
    deadline_warning: str
    # What may be recorded now: extend, pause, resume, revoke, breach, transfer.
    allowed_actions: list[str]
    events: list[OrderEventOut]


class OrderRefusedOut(Schema):
    detail: str
    field: str


class ExtensionIn(Schema):
    new_deadline: dt.date
    court: str
    decided_on: dt.date
    court_reference: str = ""
    reason: str = ""


class PauseIn(Schema):
    pause_reason: str  # custody, illness or other
    reason: str
    effective_on: dt.date


class ResumeIn(Schema):
    effective_on: dt.date
    reason: str = ""


class EndIn(Schema):
    reason: str
    effective_on: dt.date
    court: str = ""
    court_reference: str = ""


class TransferIn(Schema):
    reason: str
    effective_on: dt.date
    transferred_to: str


RESPONSES = {200: OrderOut, 403: ErrorOut, 404: ErrorOut, 409: OrderRefusedOut}


def _order(request: HttpRequest, requirement_id: int) -> Requirement:
    require_role(request.auth, OFFICE_ROLES)
    return get_visible(request.auth, Requirement, pk=requirement_id)


def _out(requirement: Requirement) -> OrderOut:
    requirement.refresh_from_db()
    return OrderOut(
        id=requirement.pk,
        person_crn=requirement.person.crn,
        order_reference=requirement.order_reference,
        status=requirement.status,
        deadline=requirement.deadline,
        deadline_is_statutory=requirement.deadline_is_statutory,
        ended_at=requirement.ended_at,
        deadline_warning=selectors.deadline_warning(requirement, today=timezone.localdate()),
        allowed_actions=selectors.allowed_actions(requirement),
        events=[OrderEventOut.from_orm(event) for event in selectors.order_events(requirement)],
    )


def _do(request: HttpRequest, requirement_id: int, change, **fields):
    requirement = _order(request, requirement_id)
    try:
        change(requirement=requirement, by=request.auth, today=timezone.localdate(), **fields)
    except orders.OrderError as refused:
        return Status(409, OrderRefusedOut(detail=str(refused), field=refused.field))
    return _out(requirement)


@router.get("/{int:requirement_id}", response=RESPONSES, summary="An order's status, deadline and history")
def get_order(request: HttpRequest, requirement_id: int):
    return _out(_order(request, requirement_id))


@router.post("/{int:requirement_id}/extensions", response=RESPONSES, summary="Record a court extension")
def extend_order(request: HttpRequest, requirement_id: int, payload: ExtensionIn):
    """Only for an order with a statutory deadline that is running or paused; the new deadline must be
    later than the current one and the court's decision not in the future."""
    return _do(request, requirement_id, orders.order_extend, **payload.dict())


@router.post("/{int:requirement_id}/pause", response=RESPONSES, summary="Pause an order (custody, illness)")
def pause_order(request: HttpRequest, requirement_id: int, payload: PauseIn):
    """The deadline and pace stop; bookings from the day it starts (or today) are cancelled."""
    return _do(
        request,
        requirement_id,
        orders.order_pause,
        pause_reason=payload.pause_reason,
        reason=payload.reason,
        on=payload.effective_on,
    )


@router.post("/{int:requirement_id}/resume", response=RESPONSES, summary="Resume a paused order")
def resume_order(request: HttpRequest, requirement_id: int, payload: ResumeIn):
    """The deadline moves on by the days the order was paused."""
    return _do(request, requirement_id, orders.order_resume, on=payload.effective_on, reason=payload.reason)


def _end(kind: str):
    def end(request: HttpRequest, requirement_id: int, payload: EndIn):
        return _do(
            request,
            requirement_id,
            orders.order_end,
            kind=kind,
            reason=payload.reason,
            on=payload.effective_on,
            court=payload.court,
            court_reference=payload.court_reference,
        )

    return end


@router.post("/{int:requirement_id}/revoke", response=RESPONSES, summary="Record that the court revoked an order")
def revoke_order(request: HttpRequest, requirement_id: int, payload: EndIn):
    return _end(OrderEventKind.REVOKE)(request, requirement_id, payload)


@router.post("/{int:requirement_id}/breach", response=RESPONSES, summary="Record that an order was breached")
def breach_order(request: HttpRequest, requirement_id: int, payload: EndIn):
    return _end(OrderEventKind.BREACH)(request, requirement_id, payload)


@router.post("/{int:requirement_id}/transfer", response=RESPONSES, summary="Record that an order was transferred out")
def transfer_order(request: HttpRequest, requirement_id: int, payload: TransferIn):
    return _do(
        request,
        requirement_id,
        orders.order_end,
        kind=OrderEventKind.TRANSFER,
        reason=payload.reason,
        on=payload.effective_on,
        transferred_to=payload.transferred_to,
    )
