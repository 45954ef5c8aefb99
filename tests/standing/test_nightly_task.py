from django.conf import settings

from scheduler.models import StandingBooking
from scheduler.standing import services, tasks
from tests.standing.conftest import FIRST_FRIDAY, FRIDAYS, MONDAY


def test_the_nightly_task_books_the_dates_that_came_into_the_horizon(world, fridays):
    standing, _ = services.standing_create(
        requirement=world.alex_requirement, project=world.project_a, weekday=4, frequency="weekly",
        start_date=FIRST_FRIDAY, by=world.cora, today=MONDAY,
    )  # fmt: skip
    # As if the last Friday had been beyond the horizon when the allocation was made.
    last = StandingBooking.objects.get(standing=standing, date=FRIDAYS[-1])
    last.delete()
    last.allocation.delete()

    figures = tasks.book_standing_allocations()

    assert figures["booked"] == 1
    assert StandingBooking.objects.filter(standing=standing, date=FRIDAYS[-1]).exists()


def test_it_runs_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["scheduler-book-standing-allocations"]
    assert entry["task"] == tasks.book_standing_allocations.name
    assert "scheduler.standing.tasks" in settings.CELERY_IMPORTS
