import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from tests import factories as f
from tests.intake.conftest import districts  # noqa: F401 (the postcode districts intake looks up)
from upw.core import ledger
from upw.models import AttendanceRecord


def at(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


@pytest.fixture
def no_break_project(world):
    """A group project with no unpaid break, so a session's minutes are the minutes credited."""
    return f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, unpaid_break_minutes=0)


@pytest.fixture
def work(no_break_project):
    """work(requirement, days_ago, minutes, outcome): a past session of that length, recorded and credited."""

    def record(requirement, days_ago: int, minutes: int, outcome: str = "ATTC"):
        day = timezone.localdate() - dt.timedelta(days=days_ago)
        end = (dt.datetime.combine(day, dt.time(9, 0)) + dt.timedelta(minutes=max(minutes, 1))).time()
        session = f.SessionFactory(project=no_break_project, date=day, start_time=dt.time(9, 0), end_time=end)
        allocation = f.AllocationFactory(requirement=requirement, session=session)
        attended = outcome in ("ATTC", "AFTC", "ATSH", "ATSS")
        record = AttendanceRecord.objects.create(
            allocation=allocation,
            outcome=outcome,
            arrived_at=at(day, "09:00") if attended else None,
            left_at=dt.datetime.combine(day, end, tzinfo=timezone.get_default_timezone()) if attended else None,
            work_quality="good" if attended else "",
            behaviour="good" if attended else "",
        )
        with transaction.atomic():
            locked = ledger.lock_requirement(requirement.pk)
            ledger.ledger_sync_attendance(attendance=record, requirement=locked, author=None)
            ledger.requirement_recount(requirement=locked)
        requirement.refresh_from_db()
        return record

    return record
