"""Celery tasks for attendance: thin wrappers, scheduled in settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

from upw.core import pace


@shared_task(name="upw.attendance_tasks.refresh_pace_flags")
def refresh_pace_flags() -> int:
    return pace.refresh_pace_flags()
