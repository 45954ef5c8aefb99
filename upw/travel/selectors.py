from django.db.models import QuerySet

from upw.core.access import visible
from upw.models import Requirement, TravelClaim, TravelClaimStatus, User


def claims_for(user: User, *, status: str = TravelClaimStatus.PENDING) -> QuerySet:
    """The claims on requirements the user may see, oldest session first."""
    claims = TravelClaim.objects.filter(requirement__in=visible(user, Requirement))
    if status:
        claims = claims.filter(status=status)
    return claims.select_related(
        "requirement__person__pdu", "attendance__allocation__session__project", "decided_by"
    ).order_by("attendance__allocation__session__date", "id")


def visible_claim(user: User, claim_id: int) -> TravelClaim | None:
    return claims_for(user, status="").filter(pk=claim_id).first()
