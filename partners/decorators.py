"""Access decorators shared by the partner portal and review views."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from upw.core.access import OFFICE_ROLES, effective_role
from upw.models import Role
from upw.web.decorators import role_required

NOT_A_PARTNER = "The partner portal is for partner organisations' users."
NOT_STAFF = "Only placement coordinators and administrators can review projects."


def partner_required(view: Callable) -> Callable:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if effective_role(request.user) != Role.PARTNER or not hasattr(request.user, "partner_membership"):
            raise PermissionDenied(NOT_A_PARTNER)
        return view(request, *args, **kwargs)

    return wrapped


staff_required = role_required(OFFICE_ROLES, NOT_STAFF)
