"""Reads of the log of reads of personal data: the administrators' search, newest first."""

import datetime as dt
import re

from django.db.models import QuerySet
from django.utils import timezone

from upw import domain
from upw.models import PersonalDataAccess

PERSON_NOT_UNDERSTOOD = "Enter a CRN, like A123456, or a person's ID number, like 1042"
UNTIL_BEFORE_SINCE = "The date to search to must be the same as or after the date to search from"
_PERSON_ID = re.compile(r"^[0-9]{1,18}$")


def person_lookup(value: str) -> dict:
    """The filter for a person searched for by CRN or by ID number. Raises ValueError if it is neither."""
    value = (value or "").strip()
    if _PERSON_ID.match(value):
        return {"person_id": int(value)}
    if domain.is_valid_crn(domain.normalise_crn(value)):
        return {"crn": domain.normalise_crn(value)}
    raise ValueError(PERSON_NOT_UNDERSTOOD)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def reads(
    *, person: str = "", username: str = "", since: dt.date | None = None, until: dt.date | None = None
) -> QuerySet:
    """Logged reads, newest first. `since` and `until` are whole days, both included, in UK time."""
    found = PersonalDataAccess.objects.all()
    if person:
        found = found.filter(**person_lookup(person))
    if username.strip():
        found = found.filter(username__iexact=username.strip())
    if since:
        found = found.filter(at__gte=_start_of(since))
    if until:
        found = found.filter(at__lt=_start_of(until + dt.timedelta(days=1)))
    return found.order_by("-at", "-id")
