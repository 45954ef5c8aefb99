"""A real Celery worker on a real Redis broker, for the tests that need one."""

import contextlib
import os

import pytest
import redis
from celery.contrib.testing.worker import start_worker

from upw.celery import app


def broker_or_skip(broker: str) -> str:
    try:
        redis.Redis.from_url(broker, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        if os.environ.get("UPW_REQUIRE_SERVICES"):
            raise AssertionError(f"Redis is required here but not reachable at {broker}: {error}") from error
        pytest.skip(f"No Redis at {broker}")
    return broker


def _fresh_connections() -> None:
    # Publishing reuses the app's producer pool, and results are read through a backend cached per
    # thread; an earlier test in this process may have made both for the in-memory broker, so a task
    # would never reach Redis, or its result would never be seen.
    app._pool = None
    app.amqp._producer_pool = None
    if hasattr(app._local, "backend"):
        del app._local.backend


@contextlib.contextmanager
def worker_on(broker: str):
    broker_or_skip(broker)
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=broker, result_backend=broker, task_always_eager=False)
    _fresh_connections()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(saved)
        _fresh_connections()
