"""Pace for every active requirement: hours expected by today, credited, projected completion at
the current pace, an "at risk" flag and the next review date. Refreshed nightly by Celery beat."""

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min, QuerySet
from django.utils import timezone

from upw import domain
from upw.core import selectors
from upw.models import AttendanceRecord, Requirement
from upw.models.attendance_sync import RequirementProgress

# The pace is not extrapolated from less than this many days of work.
MIN_TRACK_DAYS = 28


@dataclass(frozen=True)
class Pace:
    expected_minutes: int
    credited_minutes: int
    minutes_left: int
    projected_completion: dt.date | None
    at_risk: bool
    next_review: dt.date


def next_review(*, sentence_date: dt.date, today: dt.date) -> dt.date:
    """Reviews fall every REVIEW_INTERVAL_WEEKS from sentence: the first one on or after today."""
    step = settings.UPW["REVIEW_INTERVAL_WEEKS"] * 7
    elapsed = max((today - sentence_date).days, 0)
    return sentence_date + dt.timedelta(days=max(math.ceil(elapsed / step), 1) * step)


def requirement_pace(*, requirement: Requirement, today: dt.date, started_on: dt.date | None) -> Pace:
    """`started_on` is the date of the first session attended (None if none yet).

    Projected completion = today + minutes left / minutes a day worked since the first session
    (from at least MIN_TRACK_DAYS of history). At risk: the rule of upw.core.selectors.is_at_risk (the
    pace needed exceeds what is allowed), or the projection falls after the deadline.
    """
    ordered = requirement.minutes_ordered
    credited = requirement.minutes_credited
    left = max(ordered - credited, 0)
    expected = domain.expected_minutes_by(
        ordered_minutes=ordered, sentence_date=requirement.sentence_date, deadline=requirement.deadline, today=today
    )
    projected = None
    if left == 0:
        projected = today
    elif started_on is not None and credited > 0:
        days = max((today - started_on).days, MIN_TRACK_DAYS)
        projected = today + dt.timedelta(days=math.ceil(left * days / credited))
    at_risk = requirement.is_active and (
        selectors.is_at_risk(
            minutes_left=left, deadline=requirement.deadline, intensive=requirement.intensive, today=today
        )
        or (projected is not None and projected > requirement.deadline)
    )
    return Pace(
        expected_minutes=expected,
        credited_minutes=credited,
        minutes_left=left,
        projected_completion=projected,
        at_risk=bool(at_risk),
        # The coordinator's own review date wins; the fixed cycle is the fallback.
        next_review=requirement.next_review_on or next_review(sentence_date=requirement.sentence_date, today=today),
    )


def first_session_dates(requirements: QuerySet) -> dict[int, dt.date]:
    rows = (
        AttendanceRecord.objects.filter(allocation__requirement__in=requirements, arrived_at__isnull=False)
        .values("allocation__requirement_id")
        .annotate(first=Min("allocation__session__date"))
    )
    return {row["allocation__requirement_id"]: row["first"] for row in rows}


def refresh_pace_flags(*, today: dt.date | None = None, requirement_ids: list[int] | None = None) -> int:
    """Writes RequirementProgress for every active requirement (or only those given); returns how
    many are at risk. A requirement no longer active keeps its row, with the flag cleared."""
    today = today or timezone.localdate()
    scope = Requirement.objects.all() if requirement_ids is None else Requirement.objects.filter(id__in=requirement_ids)
    requirements = selectors.active_requirements(scope)
    started = first_session_dates(requirements)
    now = timezone.now()
    rows = []
    for requirement in requirements.iterator(chunk_size=2000):
        # Without an attended session (hours carried in from elsewhere), the pace runs from sentence.
        fallback = requirement.sentence_date if requirement.minutes_credited > 0 else None
        pace = requirement_pace(requirement=requirement, today=today, started_on=started.get(requirement.id, fallback))
        rows.append(
            RequirementProgress(
                requirement_id=requirement.id,
                expected_minutes=pace.expected_minutes,
                credited_minutes=pace.credited_minutes,
                projected_completion=pace.projected_completion,
                at_risk=pace.at_risk,
                next_review=pace.next_review,
                refreshed_at=now,
            )
        )
    RequirementProgress.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["requirement"],
        update_fields=[
            "expected_minutes",
            "credited_minutes",
            "projected_completion",
            "at_risk",
            "next_review",
            "refreshed_at",
        ],
    )
    # Requirements no longer active are never at risk.
    inactive = scope.exclude(id__in=requirements.values("id"))
    RequirementProgress.objects.filter(requirement__in=inactive, at_risk=True).update(at_risk=False, refreshed_at=now)
    return sum(1 for row in rows if row.at_risk)
