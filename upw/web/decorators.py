"""The view decorator every role-restricted page uses: signed in, then one of the given roles."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from upw.core.access import NOT_FOR_ROLE, require_role


def role_required(roles: frozenset, message: str = NOT_FOR_ROLE) -> Callable[[Callable], Callable]:
    """Anonymous users go to sign in; signed-in users of another role get a 403 with `message`."""

    def decorate(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            require_role(request.user, roles, message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
