"""Queueing background work from a service.

A service queues a Celery task by its name rather than importing the tasks module, because each
tasks module imports its service: naming the task keeps the import graph free of cycles. Task names
are the wire format between web processes and workers, so they never change when code moves.
"""

from celery import current_app


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
