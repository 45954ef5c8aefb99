"""Working days: bank holidays of England and Wales (from the `holidays` package, which ships its data:
no network at run time), and a session's local start."""

import datetime as dt
from functools import cache

import holidays
from django.utils import timezone

from upw.models import Session


@cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    # England and Wales share their bank holidays; both are asked for in case they ever differ.
    england = holidays.country_holidays("GB", subdiv="ENG", years=year)
    wales = holidays.country_holidays("GB", subdiv="WLS", years=year)
    return frozenset(england) | frozenset(wales)


def is_bank_holiday(day: dt.date) -> bool:
    return day in _bank_holidays(day.year)


def local_start(session: Session) -> dt.datetime:
    """The session's start as an aware datetime in the service's time zone."""
    return timezone.make_aware(dt.datetime.combine(session.date, session.start_time))
