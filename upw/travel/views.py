"""Travel time: the coordinator's queue of claims from the registers, and the decision on each."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from upw.core.access import OFFICE_ROLES
from upw.travel import selectors, services
from upw.travel.forms import TravelDecisionForm, TravelFilterForm
from upw.web.decorators import role_required
from upw.web.pagination import paginate


@role_required(OFFICE_ROLES)
@require_GET
def travel_claims(request: HttpRequest) -> HttpResponse:
    form = TravelFilterForm(request.GET or {"status": "pending"})
    status = form.cleaned_data["status"] if form.is_valid() else "pending"
    page, page_numbers = paginate(request, selectors.claims_for(request.user, status=status))
    ctx = {"form": form, "status": status, "page_obj": page, "page_numbers": page_numbers, "cap": services.travel_cap()}
    return render(request, "travel/claims.html", ctx)


@role_required(OFFICE_ROLES)
@require_http_methods(["GET", "POST"])
def travel_claim_decide(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = selectors.visible_claim(request.user, claim_id)
    if claim is None:
        raise Http404("No travel claim found.")
    form = TravelDecisionForm(
        request.POST or None, initial={"minutes": min(claim.minutes_claimed, services.travel_cap())}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                claim = services.travel_claim_approve(claim_id=claim.pk, user=request.user, minutes=data["minutes"])
                messages.success(request, f"Approved: {claim.minutes_approved} minutes of travel time credited.")
            else:
                services.travel_claim_refuse(claim_id=claim.pk, user=request.user, reason=data["reason"])
                messages.success(request, "Claim refused.")
        except services.TravelClaimError as error:
            form.add_error(error.field or None, str(error))
        else:
            return redirect("travel_claims")
    ctx = {"claim": claim, "form": form, "cap": services.travel_cap()}
    return render(request, "travel/decide.html", ctx)
