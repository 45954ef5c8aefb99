"""Celery tasks of retention: thin, scheduled nightly in settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

from upw.retention.services import anonymise_people_past_retention as anonymise


@shared_task(name="upw.retention.anonymise_people_past_retention")
def anonymise_people_past_retention() -> dict:
    return anonymise()
