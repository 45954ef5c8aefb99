"""The period a matching or rota run covers: its default (the next fortnight) and its rules."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

DEFAULT_RUN_DAYS = 14
END_BEFORE_START = "The end date must be the same as or after the start date."


def next_fortnight(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Tomorrow and the 13 days after: sessions that have started cannot be planned."""
    start = (today or timezone.localdate()) + dt.timedelta(days=1)
    return start, start + dt.timedelta(days=DEFAULT_RUN_DAYS - 1)


def validate_period(*, start_date: dt.date, end_date: dt.date, max_days: int, too_long: str, in_the_past: str) -> None:
    """Raises a ValidationError on end_date; `too_long` and `in_the_past` are each run kind's wording."""
    if end_date < start_date:
        raise ValidationError({"end_date": END_BEFORE_START})
    if (end_date - start_date).days + 1 > max_days:
        raise ValidationError({"end_date": too_long})
    if end_date <= timezone.localdate():
        raise ValidationError({"end_date": in_the_past})
