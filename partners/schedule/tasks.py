"""Celery tasks for partners: thin, calling services."""

from celery import shared_task

from partners.schedule.services import fill_horizon


@shared_task(name="partners.tasks.fill_session_horizon")
def fill_session_horizon() -> dict[str, int]:
    """Keeps every approved or active project's sessions filled to the rolling horizon."""
    return fill_horizon()
