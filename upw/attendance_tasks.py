"""Celery tasks for attendance (issue 5): thin wrappers, scheduled in settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

from upw.services import pace, reminders


@shared_task(name="upw.attendance_tasks.refresh_pace_flags")
def refresh_pace_flags() -> int:
    return pace.refresh_pace_flags()


@shared_task(name="upw.attendance_tasks.send_session_reminders")
def send_session_reminders() -> dict:
    return reminders.send_session_reminders()
