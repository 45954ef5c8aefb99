"""Celery tasks for attendance: thin wrappers, scheduled in settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

from upw.core import pace


# Task names are the wire format between web processes and workers: kept as they were first named.
@shared_task(name="upw.attendance_tasks.refresh_pace_flags")
def refresh_pace_flags() -> int:
    return pace.refresh_pace_flags()
