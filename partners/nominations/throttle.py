"""A fixed-window rate limit on Django's cache (per process with the default local-memory cache;
shared across processes when CACHES points at Redis or Memcached)."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 60 * 60


def client_ip(request: HttpRequest) -> str:
    # Behind a trusted proxy the client is the first X-Forwarded-For address; otherwise the
    # header is the client's to forge, so only REMOTE_ADDR counts.
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def hit(*, scope: str, key: str, limit: int, window: int = WINDOW_SECONDS) -> bool:
    """Counts one attempt; False once `limit` attempts were made in the window."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"throttle:{scope}:{digest}"
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        return True
    return count <= limit


def nomination_allowed(request: HttpRequest) -> bool:
    return hit(scope="nominate", key=client_ip(request), limit=settings.UPW_NOMINATIONS_PER_HOUR)
