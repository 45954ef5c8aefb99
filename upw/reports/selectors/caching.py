"""What the reports keep in the cache, and how the hourly warm-up replaces it."""

from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache

# While `warm_cache` runs: the keys it has written so far. Every other key is worked out again even
# if it is still cached, so an hourly refresh never passes over a figure just before it expires (it
# would then lapse for an hour), and what it writes lives a little longer than the hour until the next.
_warming: ContextVar[set[str] | None] = ContextVar("upw_reports_warming", default=None)
WARM_OVERLAP_SECONDS = 15 * 60


def _usable(cache_key: str) -> bool:
    warmed = _warming.get()
    return warmed is None or cache_key in warmed


def _store(values: dict) -> None:
    timeout = settings.UPW["REPORTS_CACHE_SECONDS"]
    warmed = _warming.get()
    if warmed is not None:
        warmed.update(values)
        timeout += WARM_OVERLAP_SECONDS
    cache.set_many(values, timeout)


def cached(cache_key: str, work):
    """The value kept under `cache_key`, worked out by `work()` when there is none (or the warm-up is
    replacing it)."""
    found = cache.get(cache_key) if _usable(cache_key) else None
    if found is None:
        found = work()
        _store({cache_key: found})
    return found
