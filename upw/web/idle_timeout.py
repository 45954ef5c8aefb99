"""Signs out a session that has been idle too long.

Office roles (coordinators, administrators, and any national role) are signed out after
UPW_IDLE_TIMEOUT_MINUTES without a request; supervisors and partners, who use the service from a
phone on site, after UPW_IDLE_TIMEOUT_SUPERVISOR_MINUTES.
"""

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from upw.core.access import effective_role
from upw.models import Role

LAST_ACTIVITY_KEY = "upw_last_activity"
# Writing the time on every request would save the session on every request; to the minute is enough.
ACTIVITY_RESOLUTION = dt.timedelta(minutes=1)
FIELD_ROLES = frozenset({Role.SUPERVISOR, Role.PARTNER})


def idle_limit_minutes(user) -> int:
    if effective_role(user) in FIELD_ROLES:
        return settings.UPW_IDLE_TIMEOUT_SUPERVISOR_MINUTES
    return settings.UPW_IDLE_TIMEOUT_MINUTES


def signed_out_message(minutes: int) -> str:
    if minutes % 60 == 0:
        hours = minutes // 60
        span = f"{hours} hour{'s' if hours != 1 else ''}"
    else:
        span = f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"You were signed out after {span} without activity. Sign in again to carry on."


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = timezone.now()
        last = request.session.get(LAST_ACTIVITY_KEY)
        minutes = idle_limit_minutes(user)
        if last is not None and now - dt.datetime.fromtimestamp(last, tz=dt.UTC) > dt.timedelta(minutes=minutes):
            logout(request)
            messages.info(request, signed_out_message(minutes))
            if request.path.startswith("/api/"):
                # The API answers for itself: with the session gone, its auth gives 401.
                return self.get_response(request)
            return redirect_to_login(request.get_full_path())
        if last is None or now - dt.datetime.fromtimestamp(last, tz=dt.UTC) >= ACTIVITY_RESOLUTION:
            request.session[LAST_ACTIVITY_KEY] = now.timestamp()
        return self.get_response(request)
