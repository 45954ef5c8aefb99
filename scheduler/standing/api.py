"""Standing allocations: list, create, read and end them.

Coordinators (their regions) and administrators only; other roles get 403, and a standing allocation,
requirement or project outside the caller's regions is a 404. Create is idempotent with an
`idempotency_key`: a retry answers 200 with the allocation the first request made and books nothing
new. Ending an ended allocation answers 200 with `already_ended` true.
"""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from partners.models import Project
from scheduler.models import Frequency, StandingAllocation
from scheduler.standing import selectors, services
from upw.core.access import OFFICE_ROLES, get_visible, require_role, visible
from upw.models import Requirement
from upw.web.api import ErrorOut, Pages

router = Router(tags=["standing allocations"])


class StandingIn(Schema):
    requirement_id: int
    project_id: int
    weekday: int = Field(ge=0, le=6, description="0 is Monday, 6 is Sunday.")
    frequency: Frequency = Frequency.WEEKLY
    start_date: dt.date = Field(description="The first day: tomorrow or later, on the weekday.")
    end_date: dt.date | None = Field(None, description="Optional: otherwise until the hours are all booked.")
    notes: str = Field("", max_length=500)
    idempotency_key: str = Field("", max_length=100, description="Sent again on a retry: answers with the first.")


class StandingOut(Schema):
    id: int
    region: str
    requirement_id: int
    crn: str
    project_id: int
    project: str
    weekday: int
    weekday_name: str
    frequency: str
    start_date: dt.date
    end_date: dt.date | None
    status: str
    notes: str
    created_at: dt.datetime
    ended_at: dt.datetime | None

    @staticmethod
    def resolve_region(obj: StandingAllocation) -> str:
        return obj.region.code

    @staticmethod
    def resolve_crn(obj: StandingAllocation) -> str:
        return obj.requirement.person.crn

    @staticmethod
    def resolve_project(obj: StandingAllocation) -> str:
        return obj.project.name


class StandingBookingOut(Schema):
    date: dt.date
    allocation_id: int
    session_id: int
    status: str


class StandingShortfallOut(Schema):
    date: dt.date
    reason: str


class StandingDetailOut(StandingOut):
    bookings: list[StandingBookingOut]
    shortfalls: list[StandingShortfallOut]

    @staticmethod
    def resolve_bookings(obj: StandingAllocation) -> list[dict]:
        return [
            {"date": b.date, "allocation_id": b.allocation_id, "session_id": b.allocation.session_id,
             "status": b.allocation.status}
            for b in selectors.standing_bookings(obj)
        ]  # fmt: skip

    @staticmethod
    def resolve_shortfalls(obj: StandingAllocation) -> list[dict]:
        return [{"date": s.date, "reason": s.reason} for s in selectors.standing_shortfalls(obj)]


class StandingRefusedOut(Schema):
    detail: str
    field: str


class StandingEndOut(Schema):
    standing: StandingOut
    cancelled: int
    already_ended: bool


def _visible_standing(request: HttpRequest, standing_id: int) -> StandingAllocation:
    require_role(request.auth, OFFICE_ROLES)
    return get_visible(request.auth, StandingAllocation, pk=standing_id)


def _detail(standing: StandingAllocation) -> StandingAllocation:
    return StandingAllocation.objects.select_related("region", "requirement__person", "project").get(pk=standing.pk)


@router.get("", response=list[StandingOut], summary="Standing allocations")
@paginate(Pages)
def list_standing(request: HttpRequest, region: str = "", q: str = "", status: str = ""):
    require_role(request.auth, OFFICE_ROLES)
    return selectors.standing_list(user=request.auth, region_code=region, search=q, status=status)


@router.post(
    "",
    response={200: StandingDetailOut, 201: StandingDetailOut, 400: StandingRefusedOut, 403: ErrorOut, 404: ErrorOut},
    summary="Make a standing allocation and book its dates (idempotent with idempotency_key)",
)
def create_standing(request: HttpRequest, payload: StandingIn):
    require_role(request.auth, OFFICE_ROLES)
    requirement = get_visible(request.auth, Requirement, pk=payload.requirement_id)
    project = get_object_or_404(visible(request.auth, Project).select_related("site__pdu"), pk=payload.project_id)
    try:
        standing, created = services.standing_create(
            requirement=requirement,
            project=project,
            weekday=payload.weekday,
            frequency=payload.frequency,
            start_date=payload.start_date,
            end_date=payload.end_date,
            notes=payload.notes,
            by=request.auth,
            idempotency_key=payload.idempotency_key.strip(),
            today=timezone.localdate(),
        )
    except services.StandingError as refused:
        return Status(400, {"detail": str(refused), "field": refused.field})
    return Status(201 if created else 200, _detail(standing))


@router.get("/{standing_id}", response={200: StandingDetailOut, 404: ErrorOut}, summary="A standing allocation")
def get_standing(request: HttpRequest, standing_id: int):
    """With the places it booked and the dates it could not book, each with the reason."""
    return _detail(_visible_standing(request, standing_id))


@router.post("/{standing_id}/end", response={200: StandingEndOut, 404: ErrorOut}, summary="End a standing allocation")
def end_standing(request: HttpRequest, standing_id: int):
    """Ends it and cancels its places after today that have no outcome yet."""
    standing = _visible_standing(request, standing_id)
    try:
        cancelled = services.standing_end(standing=standing, by=request.auth, today=timezone.localdate())
        already = False
    except services.StandingError:
        cancelled, already = 0, True
    standing = StandingAllocation.objects.select_related("region", "requirement__person", "project").get(pk=standing.pk)
    return {"standing": standing, "cancelled": cancelled, "already_ended": already}
