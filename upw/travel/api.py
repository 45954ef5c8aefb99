"""Travel-time claims: list them and approve or refuse each (coordinators of the person's region)."""

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from upw.core.access import OFFICE_ROLES, require_role
from upw.models import TravelClaimStatus
from upw.travel import selectors, services
from upw.web.api import ErrorOut

router = Router(tags=["travel time"])


class TravelClaimOut(Schema):
    id: int
    requirement: int = Field(..., alias="requirement_id")
    crn: str = Field(..., alias="requirement.person.crn")
    session_date: dt.date = Field(..., alias="attendance.allocation.session.date")
    project: str = Field(..., alias="attendance.allocation.session.project.name")
    picked_up_at: dt.datetime | None = Field(None, alias="attendance.picked_up_at")
    returned_at: dt.datetime | None = Field(None, alias="attendance.returned_at")
    minutes_claimed: int
    status: str
    minutes_approved: int | None = Field(
        None, description="Credited to the ledger as travel time (positive: credits time)"
    )
    decision_reason: str


class ApproveIn(Schema):
    minutes: int | None = Field(
        None, description="Minutes to credit; the claim's own if left out. At most the cap per session."
    )


class RefuseIn(Schema):
    reason: str = Field(..., max_length=300)


def _claim(request: HttpRequest, claim_id: int):
    require_role(request.auth, OFFICE_ROLES)
    claim = selectors.visible_claim(request.auth, claim_id)
    if claim is None:
        raise Http404("No travel claim found.")
    return claim


@router.get(
    "/travel-claims", response={200: list[TravelClaimOut], 400: ErrorOut, 403: ErrorOut}, summary="Travel-time claims"
)
def list_claims(request: HttpRequest, status: str = TravelClaimStatus.PENDING):
    """`status`: pending (the default), approved, refused, or empty for all."""
    require_role(request.auth, OFFICE_ROLES)
    if status and status not in TravelClaimStatus.values:
        return Status(400, {"detail": "Unknown status: use pending, approved or refused, or leave it empty."})
    return list(selectors.claims_for(request.auth, status=status)[:500])


@router.post(
    "/travel-claims/{int:claim_id}/approve",
    response={200: TravelClaimOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Approve a travel-time claim",
)
def approve_claim(request: HttpRequest, claim_id: int, body: ApproveIn):
    claim = _claim(request, claim_id)
    try:
        claim = services.travel_claim_approve(claim_id=claim.pk, user=request.auth, minutes=body.minutes)
    except services.TravelClaimError as error:
        return Status(400, {"detail": str(error)})
    return selectors.visible_claim(request.auth, claim.pk)


@router.post(
    "/travel-claims/{int:claim_id}/refuse",
    response={200: TravelClaimOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Refuse a travel-time claim",
)
def refuse_claim(request: HttpRequest, claim_id: int, body: RefuseIn):
    claim = _claim(request, claim_id)
    try:
        services.travel_claim_refuse(claim_id=claim.pk, user=request.auth, reason=body.reason)
    except services.TravelClaimError as error:
        return Status(400, {"detail": str(error)})
    return selectors.visible_claim(request.auth, claim.pk)
