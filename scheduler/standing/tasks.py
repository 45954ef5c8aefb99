"""Celery task of standing allocations: thin, scheduled nightly in settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

from partners.schedule.services import fill_horizon
from scheduler.standing import services


@shared_task(name="scheduler.standing.book_standing_allocations")
def book_standing_allocations() -> dict[str, int]:
    """Fills the session horizon first (idempotent), so the night's new sessions are there to book, then
    books every active standing allocation's dates up to the horizon."""
    fill_horizon()
    return services.generate_bookings().as_dict()
