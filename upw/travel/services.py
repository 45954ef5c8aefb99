"""A coordinator's decision on a travel-time claim: approve (at most the per-session cap, credited to the
ledger as travel time) or refuse with a reason. Each claim is decided once."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from upw.core import ledger
from upw.core.hours import format_minutes
from upw.models import HoursLedgerEntry, LedgerEntryKind, TravelClaim, TravelClaimStatus, User

ALREADY_DECIDED = "This claim has already been decided."
REASON_REQUIRED = "Give the reason for refusing the claim."
NOTHING_OWED = "The order has no hours left to credit travel time to."
MINUTES_RANGE = "Approve between 1 minute and {cap}."


class TravelClaimError(ValueError):
    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.field = field


def travel_cap() -> int:
    return settings.UPW["TRAVEL_MAX_MINUTES_PER_SESSION"]


def _locked(claim_id: int) -> tuple[TravelClaim, object]:
    requirement_id = TravelClaim.objects.values_list("requirement_id", flat=True).get(pk=claim_id)
    requirement = ledger.lock_requirement(requirement_id)
    claim = (
        TravelClaim.objects.select_for_update()
        .select_related("attendance__allocation__session__project")
        .get(pk=claim_id)
    )
    if claim.status != TravelClaimStatus.PENDING:
        raise TravelClaimError(ALREADY_DECIDED)
    return claim, requirement


@transaction.atomic
def travel_claim_approve(*, claim_id: int, user: User, minutes: int | None = None) -> TravelClaim:
    """Credits the claim (or `minutes` of it), never beyond the cap per session nor beyond what is owed."""
    claim, requirement = _locked(claim_id)
    cap = travel_cap()
    wanted = claim.minutes_claimed if minutes is None else minutes
    if not 1 <= wanted <= cap:
        raise TravelClaimError(MINUTES_RANGE.format(cap=format_minutes(cap)), field="minutes")
    owed = max(requirement.minutes_ordered - ledger.ledger_total(requirement=requirement), 0)
    granted = min(wanted, owed)
    if granted <= 0:
        raise TravelClaimError(NOTHING_OWED)
    session = claim.attendance.allocation.session
    entry = HoursLedgerEntry.objects.create(
        requirement=requirement,
        kind=LedgerEntryKind.TRAVEL,
        minutes=granted,
        reason=f"Travel time to and from {session.project.name} on {session.date:%d %b %Y}"[:200],
        effective_on=session.date,
        author=user,
    )
    claim.status = TravelClaimStatus.APPROVED
    claim.minutes_approved = granted
    claim.ledger_entry = entry
    claim.decided_by, claim.decided_at = user, timezone.now()
    claim.save()
    ledger.requirement_recount(requirement=requirement, author=user)
    return claim


@transaction.atomic
def travel_claim_refuse(*, claim_id: int, user: User, reason: str) -> TravelClaim:
    if not reason.strip():
        raise TravelClaimError(REASON_REQUIRED, field="reason")
    claim, _requirement = _locked(claim_id)
    claim.status = TravelClaimStatus.REFUSED
    claim.decision_reason = reason.strip()[:300]
    claim.decided_by, claim.decided_at = user, timezone.now()
    claim.save()
    return claim
