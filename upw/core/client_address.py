"""The address of the client a request came from, counting only the proxies this service trusts.

Each proxy appends the address it was called from to X-Forwarded-For, so only the entries our own
proxies added can be believed: with UPW_TRUSTED_PROXY_COUNT = N, the Nth from the right. Anything
further left was sent by the client and may be forged. Throttles, lockouts (axes) and the log of
reads of personal data all use this one function.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest | None) -> str | None:
    """The client's IP address, or None when there is no request or no valid address."""
    if request is None:
        return None
    remote = _valid_ip(request.META.get("REMOTE_ADDR") or "")
    trusted_proxies = settings.UPW_TRUSTED_PROXY_COUNT
    if trusted_proxies <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(forwarded) < trusted_proxies:
        return remote
    return _valid_ip(forwarded[-trusted_proxies]) or remote
