"""The rate limits hold across processes: two separate Django processes count into one Redis cache."""

import os
import uuid

import pytest

from tests.celery_support import broker_or_skip
from tests.test_settings import run_django

CACHE_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"


def _attempts_allowed(scope: str, attempts: int, limit: int) -> int:
    result = run_django(
        "from partners.nominations.throttle import hit; "
        f"print(sum(hit(scope={scope!r}, key='203.0.113.5', limit={limit}) for _ in range({attempts})))",
        DEBUG="true",
        REDIS_URL=CACHE_URL,
        CACHE_KEY_PREFIX=f"test-{scope}",
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


@pytest.mark.services
def test_two_processes_share_one_throttle_count():
    broker_or_skip(CACHE_URL)
    scope = f"shared-{uuid.uuid4().hex[:8]}"
    first = _attempts_allowed(scope, attempts=4, limit=5)
    second = _attempts_allowed(scope, attempts=4, limit=5)
    assert (first, second) == (4, 1)


def test_the_cache_is_redis_when_redis_url_is_set_and_local_memory_otherwise():
    backend = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    with_redis = run_django(backend, DEBUG="true", REDIS_URL="redis://redis.example:6379/1")
    without = run_django(backend, DEBUG="true")
    assert with_redis.stdout.split()[-1] == "django.core.cache.backends.redis.RedisCache"
    assert without.stdout.split()[-1] == "django.core.cache.backends.locmem.LocMemCache"
