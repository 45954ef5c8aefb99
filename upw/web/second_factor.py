"""The second factor at sign-in, enforced in one place for every page and the API's session routes.

A user who needs a second factor and has signed in with a password only is held here: pages
redirect to the code page (or to set one up), and the API treats the session as not signed in.
Bearer tokens are untouched: a token is issued only against a second factor (upw.accounts.api).
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django_otp import user_has_device

from upw.core.access import effective_role

# The pages a user part-way through signing in may reach.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {"login", "logout", "second-factor", "second-factor-setup", "accessibility", "privacy"}
)


def second_factor_enforced() -> bool:
    return settings.UPW_MFA_ENFORCED


def second_factor_required_for_role(user) -> bool:
    return effective_role(user) in set(settings.UPW_MFA_REQUIRED_ROLES)


def needs_second_factor(user) -> bool:
    """Whether signing in takes a code: always for the roles that must have one, and for anyone who
    chose to set one up."""
    if not second_factor_enforced() or not user.is_authenticated:
        return False
    return second_factor_required_for_role(user) or user_has_device(user, confirmed=True)


def is_verified(user) -> bool:
    return bool(getattr(user, "is_verified", None) and user.is_verified())


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_verified(user) or not needs_second_factor(user):
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            # Half signed in is not signed in: the API answers 401 unless a bearer token is sent.
            request.user = AnonymousUser()
            return self.get_response(request)
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            name = None
        if name in OPEN_BEFORE_SECOND_FACTOR:
            return self.get_response(request)
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('second-factor')}?{query}")
