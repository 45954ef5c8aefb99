"""Celery tasks of retention on the partner side: thin, scheduled nightly in settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

from partners.retention.services import anonymise_nominations_past_retention as anonymise


@shared_task(name="partners.retention.anonymise_nominations_past_retention")
def anonymise_nominations_past_retention() -> dict:
    return anonymise()
