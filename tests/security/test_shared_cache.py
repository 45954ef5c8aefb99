"""The rate limits hold across processes: two separate Django processes count into one Redis cache."""

import os
import uuid

import pytest

from tests.celery_support import broker_or_skip
from tests.test_settings import run_django

CACHE_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"


def _attempts_allowed(scope: str, attempts: int, limit: int) -> tuple[int, int]:
    """Attempts allowed in a new Django process, and the hour (its own clock) it counted them in."""
    result = run_django(
        "import time; from upw.core.throttle import hit; "
        f"print(sum(hit(scope={scope!r}, key='203.0.113.5', limit={limit}) for _ in range({attempts})), "
        "int(time.time() // 3600))",
        DEBUG="true",
        REDIS_URL=CACHE_URL,
        CACHE_KEY_PREFIX=f"test-{scope}",
    )
    assert result.returncode == 0, result.stderr
    allowed, hour = result.stdout.strip().splitlines()[-1].split()
    return int(allowed), int(hour)


@pytest.mark.services
def test_two_processes_share_one_throttle_count():
    broker_or_skip(CACHE_URL)
    for _ in range(2):  # once more if the two processes fell either side of an hour's turn
        scope = f"shared-{uuid.uuid4().hex[:8]}"
        first, first_hour = _attempts_allowed(scope, attempts=4, limit=5)
        second, second_hour = _attempts_allowed(scope, attempts=4, limit=5)
        if first_hour == second_hour:
            break
    assert (first, second) == (4, 1)


def test_the_cache_is_redis_when_redis_url_is_set_and_local_memory_otherwise():
    backend = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    with_redis = run_django(backend, DEBUG="true", REDIS_URL="redis://redis.example:6379/1")
    without = run_django(backend, DEBUG="true")
    assert with_redis.stdout.split()[-1] == "django.core.cache.backends.redis.RedisCache"
    assert without.stdout.split()[-1] == "django.core.cache.backends.locmem.LocMemCache"


def _wrong_codes(user_pk: int, scope: str, *, codes: int, threads: int = 1) -> str:
    """Wrong codes entered for one user in a new Django process (`threads` at once); prints the
    count the last one saw and whether code entry is now locked."""
    result = run_django(
        "import threading; from types import SimpleNamespace; "
        "from upw.accounts.throttle import record_wrong_code, code_entry_locked; "
        f"user = SimpleNamespace(pk={user_pk}, username='cora'); gate = threading.Barrier({threads}); "
        "counts = []; "
        f"work = lambda: (gate.wait(), [counts.append(record_wrong_code(user)) for _ in range({codes})]); "
        f"pool = [threading.Thread(target=work) for _ in range({threads})]; "
        "[t.start() for t in pool]; [t.join() for t in pool]; "
        "print(max(counts), code_entry_locked(user))",
        DEBUG="true",
        REDIS_URL=CACHE_URL,
        CACHE_KEY_PREFIX=f"test-{scope}",
        UPW_MFA_MAX_ATTEMPTS="5",
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.services
def test_two_processes_share_one_count_of_wrong_second_factor_codes():
    broker_or_skip(CACHE_URL)
    scope = f"codes-{uuid.uuid4().hex[:8]}"
    assert _wrong_codes(41, scope, codes=3) == "3 False"
    assert _wrong_codes(41, scope, codes=3) == "6 True"


@pytest.mark.services
def test_wrong_codes_sent_at_once_all_count():
    broker_or_skip(CACHE_URL)
    scope = f"codes-at-once-{uuid.uuid4().hex[:8]}"
    assert _wrong_codes(42, scope, codes=5, threads=8) == "40 True"
