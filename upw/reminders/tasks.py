"""Celery tasks for reminders: thin wrappers, scheduled in settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

from upw.reminders import services as reminders


# Task names are the wire format between web processes and workers: kept as they were first named.
@shared_task(name="upw.attendance_tasks.send_session_reminders")
def send_session_reminders() -> dict:
    return reminders.send_session_reminders()
