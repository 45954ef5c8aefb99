"""A real Celery worker takes a task from the real broker (Redis) and writes to the database."""

import os

import pytest
import redis
from celery.contrib.testing.worker import start_worker

from tests import factories as f
from upw.celery import app
from upw.models import PostcodeDistrict
from upw.tasks import geocode_person

BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15"


def broker_or_skip() -> str:
    try:
        redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        if os.environ.get("UPW_REQUIRE_SERVICES"):
            raise AssertionError(f"Redis is required here but not reachable at {BROKER_URL}: {error}") from error
        pytest.skip(f"No Redis at {BROKER_URL}")
    return BROKER_URL


@pytest.fixture
def redis_celery():
    broker = broker_or_skip()
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=broker, result_backend=broker, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(saved)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_it_geocodes_a_person_on_a_worker_through_redis(redis_celery):
    PostcodeDistrict.objects.create(district="NE1", area="NE", latitude=54.9716, longitude=-1.6094, postcode_count=1)
    person = f.PersonFactory(postcode="NE1 9ZZ", latitude=None, longitude=None)

    outcome = geocode_person.delay(person.pk).get(timeout=30)

    person.refresh_from_db()
    assert outcome["crn"] == person.crn
    assert (person.latitude, person.longitude) == pytest.approx((54.9716, -1.6094))
