"""Every request gets an id, returned in X-Request-ID and written on every log line it causes; its
latency is counted by view; the probes and metrics are answered before anything else runs."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from upw.operations import metrics, request_context, views

log = logging.getLogger("upw.request")

UNRESOLVED = "unresolved"


def _view_label(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match and match.view_name else UNRESOLVED


def _route(request: HttpRequest) -> str:
    # The URL pattern, not the path: paths carry case reference numbers, patterns carry none.
    match = getattr(request, "resolver_match", None)
    return f"/{match.route}" if match and match.route else UNRESOLVED


class RequestIdMiddleware:
    """First in MIDDLEWARE. The id is our proxy's X-Request-ID when the service sits behind proxies
    it trusts (UPW_TRUSTED_PROXY_COUNT) and the id looks like one; otherwise a new one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sent = request.headers.get(request_context.REQUEST_ID_HEADER) if settings.UPW_TRUSTED_PROXY_COUNT else None
        request.request_id = request_context.acceptable_request_id(sent) or request_context.new_request_id()
        id_token = request_context.request_id.set(request.request_id)
        user_token = request_context.user_id.set(None)
        try:
            response = views.answer(request)
            if response is None:
                response = self._timed(request)
        finally:
            request_context.request_id.reset(id_token)
            request_context.user_id.reset(user_token)
        response[request_context.REQUEST_ID_HEADER] = request.request_id
        return response

    def _timed(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        view = _view_label(request)
        metrics.observe_request(view=view, method=request.method, status=response.status_code, seconds=seconds)
        # A bearer token is only read by the API's own authentication, after the user middleware.
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            request_context.user_id.set(user.pk)
        log.info(
            "request",
            extra={
                "method": request.method,
                "view": view,
                "route": _route(request),
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
            },
        )
        return response


class RequestUserMiddleware:
    """After authentication: log lines written while the view runs carry the signed-in user's id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request_context.user_id.set(user.pk)
        return self.get_response(request)
