"""Celery tasks for partners: thin, calling services."""

from celery import shared_task

from partners.schedule.services import fill_horizon


# Task names are the wire format between web processes and workers: kept as they were first named.
@shared_task(name="partners.tasks.fill_session_horizon")
def fill_session_horizon() -> dict[str, int]:
    """Keeps every approved or active project's sessions filled to the rolling horizon."""
    return fill_horizon()
