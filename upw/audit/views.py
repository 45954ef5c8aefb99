"""The administrators' page of the log of reads of personal data."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from upw.audit import selectors
from upw.audit.forms import ReadsSearchForm
from upw.models import Role
from upw.web.decorators import role_required
from upw.web.pagination import paginate

ADMINISTRATORS_ONLY = "Only administrators can see the log of reads of personal data."


@role_required(frozenset({Role.ADMIN}), ADMINISTRATORS_ONLY)
@require_GET
def reads(request: HttpRequest) -> HttpResponse:
    form = ReadsSearchForm(request.GET or None)
    searched = form.is_bound
    if searched and not form.is_valid():
        found = selectors.reads().none()
    else:
        filters = form.cleaned_data if searched else {}
        found = selectors.reads(
            person=filters.get("person", ""),
            username=filters.get("user", ""),
            since=filters.get("since"),
            until=filters.get("until"),
        )
    page, page_numbers = paginate(request, found)
    ctx = {"form": form, "page_obj": page, "page_numbers": page_numbers, "searched": searched}
    return render(request, "audit/reads.html", ctx)
