"""A real Celery worker takes a task from the real broker (Redis) and writes to the database."""

import os

import pytest

from tests import factories as f
from tests.celery_support import worker_on
from upw.models import PostcodeDistrict
from upw.people.tasks import geocode_person

BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_celery():
    with worker_on(BROKER_URL) as worker_app:
        yield worker_app


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_it_geocodes_a_person_on_a_worker_through_redis(redis_celery):
    PostcodeDistrict.objects.create(district="NE1", area="NE", latitude=54.9716, longitude=-1.6094, postcode_count=1)
    person = f.PersonFactory(postcode="NE1 9ZZ", latitude=None, longitude=None)

    outcome = geocode_person.delay(person.pk).get(timeout=30)

    person.refresh_from_db()
    assert outcome["crn"] == person.crn
    assert (person.latitude, person.longitude) == pytest.approx((54.9716, -1.6094))
