"""The pace of orders synced close together is worked out in one run of a task, gathered in Redis."""

import uuid

import pytest

from tests import factories as f
from tests.celery_support import broker_or_skip
from upw.attendance import tasks
from upw.core import background
from upw.models import RequirementProgress

REDIS = "redis://127.0.0.1:6379/9"
SINGLE = "upw.attendance_tasks.refresh_pace_of"


@pytest.fixture
def gathering(settings, monkeypatch):
    """Redis for the gathering and a broker (the runs sent are recorded, not run); a task name of its
    own, so no other test's items are taken."""
    broker_or_skip(REDIS)
    settings.REDIS_URL, settings.CELERY_TASK_ALWAYS_EAGER = REDIS, False
    sent = []
    # Sent by name, as to a broker: nothing is imported or run here.
    monkeypatch.setattr(background.current_app, "send_task", lambda name, args=(), **options: sent.append(options))
    name = f"tests.gathered.{uuid.uuid4().hex}"
    yield name, sent
    background.run_gathered(name, lambda items: None)


def test_items_queued_close_together_send_one_run_that_works_through_them_all(gathering):
    name, sent = gathering
    for requirement_id in (5, 7, 5):
        background.enqueue_gathered(name, requirement_id, single_task=SINGLE, within_s=2)
    assert sent == [{"countdown": 2}]
    worked = []
    assert background.run_gathered(name, worked.append) == 2
    assert worked == [[5, 7]]
    assert background.run_gathered(name, worked.append) == 0  # nothing left

    background.enqueue_gathered(name, 9, single_task=SINGLE)  # after the run started: a new run
    assert len(sent) == 2
    assert background.gathered_count(name) == 1


def test_a_run_that_fails_midway_leaves_its_items_for_the_next(gathering):
    name, _ = gathering
    background.enqueue_gathered(name, 5, single_task=SINGLE)

    def killed(items):
        raise RuntimeError("worker lost")

    with pytest.raises(RuntimeError):
        background.run_gathered(name, killed)
    assert background.gathered_count(name) == 1
    worked = []
    background.run_gathered(name, worked.append)
    assert worked == [[5]]


@pytest.mark.django_db
def test_the_run_refreshes_the_pace_of_every_order_gathered(gathering, monkeypatch):
    name, _ = gathering
    monkeypatch.setattr(tasks, "REFRESH_GATHERED_PACE", name)
    first, second = f.RequirementFactory(), f.RequirementFactory()
    background.enqueue_gathered(name, first.pk, single_task=SINGLE)
    background.enqueue_gathered(name, second.pk, single_task=SINGLE)

    assert tasks.refresh_gathered_pace() == 2
    assert set(RequirementProgress.objects.values_list("requirement_id", flat=True)) >= {first.pk, second.pk}
    assert tasks.refresh_gathered_pace() == 0  # nothing left


def test_without_redis_each_item_is_sent_at_once(settings, monkeypatch):
    settings.REDIS_URL = ""
    sent = []
    monkeypatch.setattr(background, "enqueue", lambda name, *args: sent.append((name, args)))
    background.enqueue_gathered("upw.attendance_tasks.refresh_gathered_pace", 5, single_task=SINGLE)
    assert sent == [(SINGLE, ([5],))]


def test_with_the_caches_redis_down_each_item_is_sent_at_once(settings, monkeypatch):
    settings.REDIS_URL, settings.CELERY_TASK_ALWAYS_EAGER = "redis://127.0.0.1:1/0", False
    sent = []
    monkeypatch.setattr(background, "enqueue", lambda name, *args: sent.append((name, args)))
    background.enqueue_gathered("upw.attendance_tasks.refresh_gathered_pace", 5, single_task=SINGLE)
    assert sent == [(SINGLE, ([5],))]


def test_with_a_broker_a_task_is_sent_by_its_name_without_importing_it(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent, imported = [], []
    monkeypatch.setattr(background.current_app, "send_task", lambda name, **options: sent.append((name, options)))
    monkeypatch.setattr(background.current_app.loader, "import_default_modules", lambda: imported.append(True))
    background.enqueue("upw.attendance_tasks.notify_completed", 42)
    assert sent == [("upw.attendance_tasks.notify_completed", {"args": (42,)})]
    assert imported == []
