"""The home page (each role's landing page) and the coordinators' dashboard."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from upw.core import selectors as core_selectors
from upw.core.access import effective_role, visible
from upw.dashboard import selectors as dashboard_selectors
from upw.dayview import selectors as dayview_selectors
from upw.models import Person, Requirement, Role, Session
from upw.overdue import selectors as overdue_selectors

LANDING_PAGES = {
    Role.COORDINATOR: "dashboard",
    Role.ADMIN: "dashboard",
    Role.PARTNER: "partner-home",
    Role.SUPERVISOR: "my_sessions",
    Role.NATIONAL_LEAD: "reports",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Sends each role to the page it starts from."""
    landing = LANDING_PAGES.get(effective_role(request.user))
    if landing is None:
        raise PermissionDenied("Your account has no role in this service.")
    return redirect(landing)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    # Reading people is what makes this a coordinator's page: other roles get 403 here.
    people = visible(request.user, Person)
    counts = dashboard_selectors.dashboard_counts(
        people=people,
        requirements=visible(request.user, Requirement),
        sessions=visible(request.user, Session),
        today=timezone.localdate(),
    )
    overdue = overdue_selectors.overdue_sessions(visible(request.user, Session), today=timezone.localdate()).count()
    cannot_run = dayview_selectors.cannot_run(visible(request.user, Session), today=timezone.localdate()).count()
    ctx = {
        "counts": counts,
        "rule": core_selectors.at_risk_rule(),
        "overdue_outcomes": overdue,
        "cannot_run": cannot_run,
    }
    return render(request, "dashboard/dashboard.html", ctx)
