"""Referrals to the enforcement officer and their outcomes: the same services as the referrals page.

Coordinators and administrators only, scoped to their regions (a referral elsewhere is 404).
"""

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from upw.core.access import OFFICE_ROLES, require_role, visible
from upw.enforcement import selectors
from upw.enforcement import services as enforcement
from upw.models import EnforcementAction, Requirement
from upw.web.api import ErrorOut, Pages

router = Router(tags=["enforcement"])


class ReferralOut(Schema):
    id: int
    requirement_id: int
    person_crn: str
    order_reference: str
    failure_outcome: str | None
    failure_date: dt.date | None
    referred_at: dt.datetime
    respond_by: dt.date | None
    # breach_laid, no_further_action or withdrawn; empty while the referral is open.
    outcome: str
    outcome_on: dt.date | None
    outcome_note: str

    @staticmethod
    def resolve_person_crn(obj: EnforcementAction) -> str:
        return obj.requirement.person.crn

    @staticmethod
    def resolve_order_reference(obj: EnforcementAction) -> str:
        return obj.requirement.order_reference

    @staticmethod
    def resolve_failure_outcome(obj: EnforcementAction) -> str | None:
        return obj.attendance.outcome if obj.attendance else None

    @staticmethod
    def resolve_failure_date(obj: EnforcementAction) -> dt.date | None:
        return obj.attendance.allocation.session.date if obj.attendance else None

    @staticmethod
    def resolve_referred_at(obj: EnforcementAction) -> dt.datetime:
        return obj.created_at


class OutcomeIn(Schema):
    outcome: str  # breach_laid, no_further_action or withdrawn
    outcome_on: dt.date
    note: str = ""


class RespondByIn(Schema):
    respond_by: dt.date


def _referrals(request: HttpRequest):
    require_role(request.auth, OFFICE_ROLES)
    return selectors.referrals(requirements=visible(request.auth, Requirement))


def _referral(request: HttpRequest, referral_id: int) -> EnforcementAction:
    referral = _referrals(request).filter(pk=referral_id).first()
    if referral is None:
        raise Http404("No referral found.")
    return referral


@router.get("/referrals", response=list[ReferralOut], summary="Referrals to the enforcement officer")
@paginate(Pages)
def list_referrals(request: HttpRequest, open: bool = False):
    """Open referrals first, soonest respond-by date first; `open=true` leaves out decided ones."""
    found = _referrals(request)
    return found.filter(outcome="") if open else found


@router.post(
    "/referrals/{int:referral_id}/outcome",
    response={200: ReferralOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Record the outcome of a referral",
)
def record_referral_outcome(request: HttpRequest, referral_id: int, payload: OutcomeIn):
    """`breach_laid` moves the order to breached and cancels its future bookings. 409 if the outcome
    was already recorded, or the date is in the future."""
    referral = _referral(request, referral_id)
    try:
        enforcement.referral_record_outcome(
            referral_id=referral.pk,
            outcome=payload.outcome,
            on=payload.outcome_on,
            note=payload.note,
            user=request.auth,
            today=timezone.localdate(),
        )
    except enforcement.EnforcementError as refused:
        return Status(409, ErrorOut(detail=str(refused)))
    return _referral(request, referral_id)


@router.post(
    "/referrals/{int:referral_id}/respond-by",
    response={200: ReferralOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Change an open referral's respond-by date",
)
def change_referral_respond_by(request: HttpRequest, referral_id: int, payload: RespondByIn):
    referral = _referral(request, referral_id)
    try:
        enforcement.referral_change_respond_by(
            referral_id=referral.pk, respond_by=payload.respond_by, user=request.auth, today=timezone.localdate()
        )
    except enforcement.EnforcementError as refused:
        return Status(409, ErrorOut(detail=str(refused)))
    return _referral(request, referral_id)
