"""Queueing background work from a service.

A service queues a Celery task by its name rather than importing the tasks module, because each
tasks module imports its service: naming the task keeps the import graph free of cycles. Task names
are the wire format between web processes and workers, so they never change when code moves.

With a broker, a task is sent by name alone (`send_task`): the web process does not import the
tasks modules. So options that act where a task is sent (a queue, routing, priority, expiry) belong
in the settings (`CELERY_TASK_ROUTES`), not on a task's decorator, where they would be ignored; the
worker applies the task's own acknowledgement and time limits. A misspelt name fails on the worker,
not here: the tests run every task in-process, where it fails at once.
"""

import functools

import redis
from celery import current_app
from django.conf import settings


def enqueue(task_name: str, *args) -> None:
    """Sends the task (run in-process when no broker is configured, as in the embedded default)."""
    _send(task_name, args)


def _send(task_name: str, args: tuple = (), **options) -> None:
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        # By name: a web process need not import every tasks module (about a tenth of a second of CPU,
        # in the middle of some phone's request, in each worker) only to queue a task. The worker
        # applies the task's own settings (acks, time limits) when it runs it.
        current_app.send_task(task_name, args=args, **options)
        return
    _task(task_name).apply_async(args, **options)


def _task(task_name: str):
    """The task itself, its module imported on first use (workers import settings.CELERY_IMPORTS as
    they start)."""
    if task_name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[task_name]


def enqueue_group(task_name: str, calls: list[tuple]) -> str | None:
    """Sends one task per argument tuple as a Celery group, to run in parallel on as many workers as
    there are; returns the group's id (None when there was nothing to send)."""
    if not calls:
        return None
    from celery import group

    task = _task(task_name)
    return group(task.s(*args) for args in calls).apply_async().id


def enqueue_gathered(gathering_task: str, item: int, *, single_task: str, within_s: float = 2.0) -> None:
    """Queues `item` for a run of `gathering_task` (a task without arguments that works through every
    item gathered for it, `run_gathered`), sent `within_s` seconds after the first item of a batch:
    busy registers then cost one task every few seconds rather than one a request. The items gather in
    Redis (REDIS_URL) when a broker is configured; without either, or when that Redis does not answer,
    `single_task` is sent at once with [item], as before."""
    client = _redis()
    if client is None:
        enqueue(single_task, [item])
        return
    key = _gathered_key(gathering_task)
    pipe = client.pipeline()
    pipe.sadd(key, item)
    pipe.expire(key, GATHERED_ITEMS_KEPT_S)  # the nightly refresh covers what no run took
    # Expires in case the run is lost (a worker killed before it started): the next item sends another.
    pipe.set(f"{key}:sent", 1, nx=True, ex=60)
    try:
        *_, first = pipe.execute()
    except redis.RedisError:
        # The cache's Redis may be down while the broker is not: the item is sent on its own, as before.
        enqueue(single_task, [item])
        return
    if first:
        try:
            _send(gathering_task, countdown=within_s)
        except Exception:
            client.delete(f"{key}:sent")  # or no run would be sent for the next minute
            raise


# A day: a worker down longer than that leaves the pace to the nightly refresh.
GATHERED_ITEMS_KEPT_S = 24 * 60 * 60


def run_gathered(gathering_task: str, work) -> int:
    """Runs `work(items)` on the items gathered for the task and then removes them, so a worker killed
    midway leaves them for the message's redelivery. An item queued from the start of this run sends a
    new run (two runs may then refresh the same item: the work must be idempotent). Returns how many."""
    client = _redis()
    if client is None:
        return 0
    key = _gathered_key(gathering_task)
    pipe = client.pipeline()  # MULTI/EXEC: the flag is cleared and the items read as one step
    pipe.delete(f"{key}:sent")
    pipe.smembers(key)
    _, members = pipe.execute()
    items = sorted(int(item) for item in members)
    if items:
        work(items)
        client.srem(key, *members)
    return len(items)


def gathered_count(gathering_task: str) -> int:
    """Items waiting for a run of the task (0 without Redis)."""
    client = _redis()
    return client.scard(_gathered_key(gathering_task)) if client is not None else 0


def _gathered_key(gathering_task: str) -> str:
    # Prefixed as the cache's own keys are, so deployments sharing a Redis keep apart.
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    return f"{prefix}:gathered:{gathering_task}"


def _redis():
    if not settings.REDIS_URL or settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    return _client(settings.REDIS_URL)


@functools.cache
def _client(url: str):
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
