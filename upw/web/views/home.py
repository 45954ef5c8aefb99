from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from upw.access import effective_role
from upw.models import Role

LANDING_PAGES = {
    Role.COORDINATOR: "dashboard",
    Role.ADMIN: "dashboard",
    Role.PARTNER: "partner-home",
    Role.SUPERVISOR: "my_sessions",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Sends each role to the page it starts from."""
    landing = LANDING_PAGES.get(effective_role(request.user))
    if landing is None:
        raise PermissionDenied("Your account has no role in this service.")
    return redirect(landing)
