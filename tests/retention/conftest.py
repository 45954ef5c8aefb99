"""People whose orders ended long ago or recently, with attendance, hours and history to erase."""

import datetime as dt
from types import SimpleNamespace

import pytest

from tests import factories as f
from upw.models import AttendanceRecord, HoursLedgerEntry, LedgerEntryKind, Role


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.UPW_RETENTION_YEARS_AFTER_ORDER_END = 6
    return settings.MEDIA_ROOT


def person_with_order(*, crn: str, first_name: str, deadline: dt.date):
    person = f.PersonFactory(
        crn=crn, first_name=first_name, last_name="Okafor", email=f"{first_name.lower()}@example.org"
    )
    requirement = f.RequirementFactory(
        person=person, sentence_date=deadline - dt.timedelta(days=365), deadline=deadline, status="completed"
    )
    session = f.SessionFactory(date=deadline - dt.timedelta(days=100))
    allocation = f.AllocationFactory(requirement=requirement, session=session)
    attendance = AttendanceRecord.objects.create(
        allocation=allocation, outcome="ATTC", notes=f"{first_name} spoke about his brother's court case"
    )
    HoursLedgerEntry.objects.create(
        requirement=requirement, kind=LedgerEntryKind.CREDIT, minutes=420, attendance=attendance, reason="Attended"
    )
    return SimpleNamespace(person=person, requirement=requirement, attendance=attendance)


@pytest.fixture
def people(db):
    """On 7 December 2026, with six years' retention: Olu's order ended in 2019, Tomas's in 2021."""
    return SimpleNamespace(
        olu=person_with_order(crn="B100001", first_name="Olu", deadline=dt.date(2019, 3, 1)),
        tomas=person_with_order(crn="B100002", first_name="Tomas", deadline=dt.date(2021, 3, 1)),
        ada=f.UserFactory(username="ada", role=Role.ADMIN, is_staff=True, is_superuser=True),
    )
