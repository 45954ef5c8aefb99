"""A rota run on a real Celery worker through Redis: queued, progress, ready."""

import os
import re
import time

import pytest

from scheduler.models import RotaRun, RotaRunStatus
from scheduler.rota import services
from tests.celery_support import worker_on

# A Redis database of its own: a worker started by another test run on the shared default one could
# take this test's task and look for the run in its own database.
ROTA_BROKER_URL = os.environ.get("UPW_ROTA_TEST_BROKER_URL") or (
    re.sub(r"/\d+$", "", os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379") + "/12"
)


@pytest.fixture
def rota_worker():
    with worker_on(ROTA_BROKER_URL) as worker_app:
        yield worker_app


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_it_runs_a_rota_on_a_worker_and_reports_progress(rota_world, rota_worker):
    rw = rota_world
    run = services.run_create(
        user=rw.world.cora, region=rw.north_east, start_date=rw.monday, end_date=rw.sunday, time_limit_s=5
    )
    seen = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        seen.add((run.status, run.progress))
        if run.is_finished:
            break
        time.sleep(0.05)
    assert run.status == RotaRunStatus.READY, run.error
    assert run.progress == 100 and run.figures["assignments"] >= 3
    assert RotaRun.objects.get(pk=run.pk).assignments.count() == run.figures["assignments"]
    assert run.started_at <= run.finished_at
    assert {status for status, _ in seen} <= {"queued", "running", "ready"}
