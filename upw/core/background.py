"""Queueing background work from a service.

A service queues a Celery task by its name rather than importing the tasks module, because each
tasks module imports its service: naming the task keeps the import graph free of cycles. Task names
are the wire format between web processes and workers, so they never change when code moves.
"""

import functools

import redis
from celery import current_app
from django.conf import settings


def enqueue(task_name: str, *args) -> None:
    """Sends the task (run in-process when no broker is configured, as in the embedded default)."""
    if task_name not in current_app.tasks:
        # Workers import settings.CELERY_IMPORTS when they start; a web process does it on first use.
        current_app.loader.import_default_modules()
    current_app.tasks[task_name].delay(*args)


def enqueue_group(task_name: str, calls: list[tuple]) -> str | None:
    """Sends one task per argument tuple as a Celery group, to run in parallel on as many workers as
    there are; returns the group's id (None when there was nothing to send)."""
    if not calls:
        return None
    from celery import group

    if task_name not in current_app.tasks:
        current_app.loader.import_default_modules()
    task = current_app.tasks[task_name]
    return group(task.s(*args) for args in calls).apply_async().id


def enqueue_gathered(task_name: str, item: int, *, within_s: float = 2.0) -> None:
    """Queues the task for `item`, gathering every item queued for it within `within_s` seconds into
    one run with all of them: the task takes a list, and is sent with None to take the gathered
    items itself (`take_gathered`). Busy registers then cost one task a few seconds rather than one a
    request. The items gather in Redis (REDIS_URL) when a broker is configured; without either the
    task is sent at once for [item], as `enqueue` would."""
    client = _redis()
    if client is None:
        enqueue(task_name, [item])
        return
    key = _gathered_key(task_name)
    pipe = client.pipeline()
    pipe.sadd(key, item)
    # Expires in case the run is lost (a worker killed before it started): the next item sends another.
    pipe.set(f"{key}:sent", 1, nx=True, ex=60)
    try:
        _, first = pipe.execute()
    except redis.RedisError:
        # The cache's Redis may be down while the broker is not: the item is sent on its own, as before.
        enqueue(task_name, [item])
        return
    if first:
        if task_name not in current_app.tasks:
            current_app.loader.import_default_modules()
        current_app.tasks[task_name].apply_async(args=[None], countdown=within_s)


def take_gathered(task_name: str) -> list[int]:
    """The items gathered for the task, removed as one step; an item queued from now on sends a new run."""
    client = _redis()
    if client is None:
        return []
    key = _gathered_key(task_name)
    pipe = client.pipeline()  # MULTI/EXEC: nothing added between the read and the delete is lost
    pipe.delete(f"{key}:sent")
    pipe.smembers(key)
    pipe.delete(key)
    _, items, _ = pipe.execute()
    return sorted(int(item) for item in items)


def gathered_count(task_name: str) -> int:
    """Items waiting for a run of the task (0 without Redis)."""
    client = _redis()
    return client.scard(_gathered_key(task_name)) if client is not None else 0


def _gathered_key(task_name: str) -> str:
    return f"upw:gathered:{task_name}"


def _redis():
    if not settings.REDIS_URL or settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    return _client(settings.REDIS_URL)


@functools.cache
def _client(url: str):
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
