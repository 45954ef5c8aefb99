"""Celery tasks for attendance: thin wrappers, scheduled in settings.CELERY_BEAT_SCHEDULE or queued
after a register sync commits (so the phone's request never waits for them)."""

from celery import shared_task

from upw.core import background, ledger, pace
from upw.models import Requirement


# Task names are the wire format between web processes and workers: kept as they were first named.
@shared_task(name="upw.attendance_tasks.refresh_pace_flags")
def refresh_pace_flags() -> int:
    return pace.refresh_pace_flags()


@shared_task(name="upw.attendance_tasks.refresh_pace_of")
def refresh_pace_of(requirement_ids: list[int]) -> int:
    return pace.refresh_pace_flags(requirement_ids=requirement_ids)


@shared_task(name="upw.attendance_tasks.refresh_gathered_pace")
def refresh_gathered_pace() -> int:
    """Pace of the orders gathered since the last run (register syncs, upw.core.background)."""
    return background.run_gathered(REFRESH_GATHERED_PACE, lambda ids: pace.refresh_pace_flags(requirement_ids=ids))


REFRESH_GATHERED_PACE = refresh_gathered_pace.name


@shared_task(name="upw.attendance_tasks.notify_completed")
def notify_completed(requirement_id: int) -> None:
    requirement = Requirement.objects.select_related("person").get(pk=requirement_id)
    if requirement.minutes_credited >= requirement.minutes_ordered:
        ledger.notify_completed(requirement)
