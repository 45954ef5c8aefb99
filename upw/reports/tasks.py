"""Celery tasks of the reports: thin, scheduled in settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

from upw.reports import services


@shared_task(name="upw.reports.send_monthly_summaries")
def send_monthly_summaries() -> dict:
    return services.send_monthly_summaries()


@shared_task(name="upw.reports.warm_cache")
def warm_cache() -> int:
    return services.warm_cache()
