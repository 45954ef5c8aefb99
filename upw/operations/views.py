"""The probes and the metrics endpoint. The middleware (upw.operations.middleware) answers these
paths itself, ahead of sessions, sign-in and the second factor, so they stay cheap and need no
account; the metrics are refused (404) unless the request carries the token or comes from this host."""

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse

from upw.core.client_address import client_address
from upw.operations import metrics, selectors


def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answering. Touches nothing else, so a slow database never restarts it."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> HttpResponse:
    """Ready to take traffic: the database, the cache and the broker all answer (503 otherwise)."""
    checks = selectors.readiness()
    ready = all(state in (selectors.OK, selectors.NOT_USED) for state in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


def metrics_allowed(request: HttpRequest) -> bool:
    token = settings.UPW_METRICS_TOKEN
    if token:
        sent = request.headers.get("Authorization", "")
        return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())
    # No token: only a scraper on this host (the client address counts only our own proxies).
    address = client_address(request)
    return bool(address) and ipaddress.ip_address(address).is_loopback


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not settings.UPW_METRICS_ENABLED or not metrics_allowed(request):
        return HttpResponse("Not found", status=404, content_type="text/plain")
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)


ENDPOINTS = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics_view}


def answer(request: HttpRequest) -> HttpResponse | None:
    """The response for an operations path, or None for any other path."""
    view = ENDPOINTS.get(request.path_info.rstrip("/") or "/")
    if view is None:
        return None
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    response = view(request)
    response["Cache-Control"] = "no-store"
    return response
