"""Sessions made from a project's schedule, for a rolling horizon.

Dates and times of sessions are local (Europe/London) wall-clock values, so a 10:00 slot stays at
10:00 across the clock changes; `upw.core.calendar.local_start` gives the aware datetime when one is
needed.

Generation is idempotent: it works out the sessions the schedule wants between tomorrow and the
horizon and compares them with those that exist. Missing ones are created; generated ones the
schedule no longer wants are deleted, unless someone is allocated, has attendance or a supervisor
is rostered on them, in which case they are flagged for the coordinator and left alone. Sessions
on or before today are never touched, and none is made on a bank holiday (`upw.core.calendar`).
"""

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partners.models import Frequency, Project, ProjectType, ScheduleSlot
from partners.workflow import SCHEDULED
from upw.core.calendar import is_bank_holiday
from upw.models import Session

NO_LONGER_SCHEDULED = "The project's schedule no longer includes this session; it has people or staff on it."


TIMES_CHANGED = "The project's schedule now runs {start}-{end} on this day; this session has people or staff on it."


def horizon_weeks() -> int:
    return settings.UPW_SESSION_HORIZON_WEEKS


@dataclass(frozen=True)
class Wanted:
    slot: ScheduleSlot
    date: dt.date

    @property
    def key(self) -> tuple[dt.date, dt.time]:
        return self.date, self.slot.start_time


def _first_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def wanted_dates(*, slot: ScheduleSlot, project_start: dt.date, first: dt.date, last: dt.date) -> list[dt.date]:
    """The dates in [first, last] a slot runs on, bank holidays left out.

    Fortnightly slots run on the slot's weekday of the project's first week and every other week
    after; a slot run "once" runs on its weekday's first date on or after the project's start.
    """
    anchor = _first_on_or_after(project_start, slot.weekday)
    if slot.frequency == Frequency.ONCE:
        dates = [anchor] if first <= anchor <= last else []
    else:
        step = 14 if slot.frequency == Frequency.FORTNIGHTLY else 7
        day = max(anchor, first)
        # Move forward to the next date in step with the anchor.
        offset = (day - anchor).days % step
        if offset:
            day += dt.timedelta(days=step - offset)
        dates = []
        while day <= last:
            dates.append(day)
            day += dt.timedelta(days=step)
    return [day for day in dates if not is_bank_holiday(day)]


def supervisors_needed(project: Project) -> int:
    if project.project_type == ProjectType.GROUP:
        return math.ceil(project.capacity / project.supervision_ratio)
    if project.project_type == ProjectType.INDUCTION:
        return 1
    return 0  # the partner supervises individual and ETE placements


@dataclass
class GenerationResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    flagged: int = 0

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.deleted or self.flagged)


def _is_busy(session: Session) -> bool:
    """Anyone allocated (even since cancelled: that is history, and attendance hangs off it) or any
    supervisor rostered."""
    return session.allocations.exists() or session.supervisor_assignments.exists()


@transaction.atomic
def generate_sessions(*, project: Project, today: dt.date | None = None, weeks: int | None = None) -> GenerationResult:
    """Brings the project's future sessions into line with its schedule (see the module docstring)."""
    today = today or timezone.localdate()
    weeks = horizon_weeks() if weeks is None else weeks
    result = GenerationResult()
    first = max(today + dt.timedelta(days=1), project.start_date)
    last = today + dt.timedelta(weeks=weeks)
    if project.end_date:
        last = min(last, project.end_date)
    project = Project.objects.select_for_update().get(pk=project.pk)
    wanted: dict[tuple[dt.date, dt.time], Wanted] = {}
    if project.status in SCHEDULED:
        for slot in project.schedule.all():
            for day in wanted_dates(slot=slot, project_start=project.start_date, first=first, last=last):
                wanted.setdefault((day, slot.start_time), Wanted(slot, day))

    existing = {
        (s.date, s.start_time): s for s in Session.objects.filter(project=project, date__gte=today + dt.timedelta(1))
    }
    needed = supervisors_needed(project)
    for key, session in existing.items():
        if not session.generated_from_schedule:
            continue  # made by hand: not ours to change
        want = wanted.get(key)
        if want is None:
            if _is_busy(session):
                if not session.needs_attention:
                    session.needs_attention = True
                    session.attention_reason = NO_LONGER_SCHEDULED
                    session.save(update_fields=["needs_attention", "attention_reason"])
                    result.flagged += 1
            else:
                session.delete()
                result.deleted += 1
            continue
        changes = {}
        if session.end_time != want.slot.end_time:
            changes["end_time"] = want.slot.end_time
        if session.schedule_slot_id != want.slot.id:
            changes["schedule_slot"] = want.slot
        if session.capacity != project.capacity:
            changes["capacity"] = project.capacity
        if not changes:
            continue
        if _is_busy(session) and ("end_time" in changes or "capacity" in changes):
            if not session.needs_attention:
                session.needs_attention = True
                session.attention_reason = TIMES_CHANGED.format(
                    start=f"{want.slot.start_time:%H:%M}", end=f"{want.slot.end_time:%H:%M}"
                )[:250]
                session.save(update_fields=["needs_attention", "attention_reason"])
                result.flagged += 1
            continue
        for name, value in changes.items():
            setattr(session, name, value)
        session.save(update_fields=list(changes))
        result.updated += 1

    new = [
        Session(
            project=project,
            date=want.date,
            start_time=want.slot.start_time,
            end_time=want.slot.end_time,
            capacity=project.capacity,
            supervisors_needed=needed,
            schedule_slot=want.slot,
            generated_from_schedule=True,
        )
        for key, want in sorted(wanted.items())
        if key not in existing
    ]
    Session.objects.bulk_create(new)
    result.created = len(new)
    return result


def fill_horizon(*, today: dt.date | None = None) -> dict[str, int]:
    """Generates sessions for every approved or active project (the periodic task)."""
    totals = {"projects": 0, "created": 0, "updated": 0, "deleted": 0, "flagged": 0}
    for project in Project.objects.filter(status__in=[s.value for s in SCHEDULED]).order_by("id"):
        result = generate_sessions(project=project, today=today)
        totals["projects"] += 1
        for name in ("created", "updated", "deleted", "flagged"):
            totals[name] += getattr(result, name)
    return totals
