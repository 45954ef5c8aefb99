"""Who is past the retention period: every order ended more than the set number of years ago."""

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from upw.models import Person, RequirementStatus

# An order still running: not yet ended by completion or revocation.
LIVE_STATUSES = (
    RequirementStatus.UNALLOCATED,
    RequirementStatus.IN_PROGRESS,
    RequirementStatus.PAUSED,
    RequirementStatus.BREACHED,
)


def retention_years() -> int:
    return settings.UPW_RETENTION_YEARS_AFTER_ORDER_END


def retention_cutoff(*, today: dt.date | None = None, years: int | None = None) -> dt.date:
    """The last day an order may have ended on for its person to be past retention today."""
    today = today or timezone.localdate()
    years = retention_years() if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February, in a year that has none
        return today.replace(year=today.year - years, day=28)


def people_past_retention(*, cutoff: dt.date) -> QuerySet[Person]:
    """People not yet erased whose every order ended on or before `cutoff`.

    An order ends on its deadline, or on the day its hours were completed if that was later. A
    person with no order at all is past retention once their record has not changed since `cutoff`.
    """
    return (
        Person.objects.filter(erasure__isnull=True)
        .exclude(requirements__deadline__gt=cutoff)
        .exclude(requirements__completed_at__date__gt=cutoff)
        .filter(Q(requirements__isnull=False) | Q(updated_at__date__lte=cutoff))
        .distinct()
        .order_by("pk")
    )


def has_live_order(person: Person, *, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return person.requirements.filter(status__in=LIVE_STATUSES, deadline__gte=today).exists()
