"""Fixed-window rate limits on Django's cache, which every process shares (Redis) in production, so
a limit holds however many web workers there are. Keys are hashed: the cache may be shared, and a
key is often an email or network address."""

import hashlib
import time

from django.core.cache import cache

HOUR = 60 * 60


def _cache_key(scope: str, key: str, window: int) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    # The window is named by the service's clock, not left to the cache's expiry alone: Redis keeps
    # its own time, and a window must end when the service says the hour (or day) is over.
    return f"throttle:{scope}:{int(time.time() // window)}:{digest}"


def attempts(*, scope: str, key: str, window: int = HOUR) -> int:
    """Counts one attempt and returns how many there have been in this window, this one included."""
    cache_key = _cache_key(scope, key, window)
    if cache.add(cache_key, 1, timeout=window):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        return 1


def hit(*, scope: str, key: str, limit: int, window: int = HOUR) -> bool:
    """Counts one attempt; False once `limit` attempts were made in the window."""
    return attempts(scope=scope, key=key, window=window) <= limit


def forget(*, scope: str, key: str, window: int = HOUR) -> None:
    cache.delete(_cache_key(scope, key, window))
