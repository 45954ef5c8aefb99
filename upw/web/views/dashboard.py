from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from upw import selectors
from upw.access import visible
from upw.models import Person, Requirement, Session


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    # Reading people is what makes this a coordinator's page: other roles get 403 here.
    people = visible(request.user, Person)
    counts = selectors.dashboard_counts(
        people=people,
        requirements=visible(request.user, Requirement),
        sessions=visible(request.user, Session),
        today=timezone.localdate(),
    )
    return render(request, "upw/dashboard.html", {"counts": counts, "rule": selectors.at_risk_rule()})
