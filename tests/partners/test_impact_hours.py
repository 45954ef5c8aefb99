"""A project's impact counts hours worked: credits net of the corrections that reversed them."""

import datetime as dt

from django.utils import timezone

from partners.projects import selectors
from tests import factories as f
from upw.models import AttendanceRecord, HoursLedgerEntry, LedgerEntryKind, Session


def test_it_counts_a_corrected_credit_as_no_hours(world):
    held = f.SessionFactory(project=world.project_a, date=timezone.localdate() - dt.timedelta(days=7))
    sick = AttendanceRecord.objects.create(
        allocation=f.AllocationFactory(requirement=world.alex_requirement, session=held), outcome="AAME"
    )
    wrong = HoursLedgerEntry.objects.create(
        requirement=world.alex_requirement, kind=LedgerEntryKind.CREDIT, minutes=420, attendance=sick, reason="x"
    )
    HoursLedgerEntry.objects.create(
        requirement=world.alex_requirement,
        kind=LedgerEntryKind.CORRECTION,
        minutes=-420,
        attendance=sick,
        reverses=wrong,
        reason="Off sick",
    )
    worked = AttendanceRecord.objects.create(
        allocation=f.AllocationFactory(requirement=world.bryn_requirement, session=held), outcome="ATTC"
    )
    HoursLedgerEntry.objects.create(
        requirement=world.bryn_requirement, kind=LedgerEntryKind.CREDIT, minutes=210, attendance=worked, reason="x"
    )
    HoursLedgerEntry.objects.create(
        requirement=world.bryn_requirement, kind=LedgerEntryKind.TRAVEL, minutes=60, attendance=worked, reason="x"
    )

    impact = selectors.impact(project=world.project_a, sessions=Session.objects.all())

    assert impact.hours_delivered == 3.5
