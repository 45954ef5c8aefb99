"""Whether the services the web process depends on answer: the database, the cache and the broker."""

from __future__ import annotations

import logging
import uuid

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection

log = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"
NOT_USED = "not used"
# A readiness probe must answer quickly even when a dependency hangs.
CONNECT_TIMEOUT_S = 2


def database_ready() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_ready() -> bool:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, 1, timeout=5)
    answered = cache.get(key) == 1
    cache.delete(key)
    return answered


def broker_ready() -> bool:
    with current_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=CONNECT_TIMEOUT_S)
        return broker.connected


def readiness() -> dict[str, str]:
    """Each dependency's state. The broker is "not used" when tasks run in-process (no broker set)."""
    checks = {"database": database_ready, "cache": cache_ready}
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = broker_ready
    states = {"broker": NOT_USED}
    for name, check in checks.items():
        try:
            states[name] = OK if check() else UNAVAILABLE
        except Exception:  # any failure means not ready; the reason goes to the log, not the probe
            log.warning("Readiness: %s is unavailable", name, exc_info=True)
            states[name] = UNAVAILABLE
    return {name: states[name] for name in ("database", "cache", "broker")}
