"""A fixed-window rate limit on Django's cache, which is shared by every process (Redis) in
production, so a limit holds however many web workers there are."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from upw.core.client_address import client_address

WINDOW_SECONDS = 60 * 60


def hit(*, scope: str, key: str, limit: int, window: int = WINDOW_SECONDS) -> bool:
    """Counts one attempt; False once `limit` attempts were made in the window."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    # The window is named by the service's clock, not left to the cache's expiry alone: Redis keeps
    # its own time, and a window must end when the service says the hour (or day) is over.
    window_number = int(time.time() // window)
    cache_key = f"throttle:{scope}:{window_number}:{digest}"
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        return True
    return count <= limit


def nomination_allowed(request: HttpRequest) -> bool:
    return hit(scope="nominate", key=client_address(request) or "", limit=settings.UPW_NOMINATIONS_PER_HOUR)
