"""A small fixed history whose every measure is worked out by hand in the tests.

Today is Monday 7 December 2026 and the period asked about is July to September 2026. Two regions:
the North East (delivery unit Newcastle) and Wales (Cardiff).
"""

import datetime as dt
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
import time_machine

from tests import factories as f
from upw.models import AttendanceRecord, HoursLedgerEntry, LedgerEntryKind, Role

TODAY = "2026-12-07T09:00"
NINE, TEN, HALF_ONE, FOUR = dt.time(9), dt.time(10), dt.time(13, 30), dt.time(16)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


@contextmanager
def on(text: str):
    """Records made inside get `created_at` of that evening, as if recorded on the day."""
    with time_machine.travel(moment(f"{text}T18:00"), tick=False):
        yield


def requirement(person, *, sentenced: str, hours: int, status="in_progress", ended: str | None = None, **extra):
    return f.RequirementFactory(
        person=person,
        sentence_date=day(sentenced),
        hours_ordered=hours,
        status=status,
        ended_at=moment(f"{ended}T12:00") if ended else None,
        completed_at=moment(f"{ended}T12:00") if ended and status == "completed" else None,
        **extra,
    )


def attend(allocation, outcome: str, *, on_day: str, credit: int = 0):
    """The outcome and, for attended ones, the credit the ledger would have written that day."""
    with on(on_day):
        record = AttendanceRecord.objects.create(allocation=allocation, outcome=outcome)
        entry = None
        if credit:
            entry = HoursLedgerEntry.objects.create(
                requirement=allocation.requirement,
                kind=LedgerEntryKind.CREDIT,
                minutes=credit,
                attendance=record,
                reason="Attended",
            )
    return record, entry


@pytest.fixture
def history(db):
    north_east = f.RegionFactory(code="north-east", name="North East")
    wales = f.RegionFactory(code="wales", name="Wales")
    newcastle = f.PDUFactory(code="newcastle", name="Newcastle", region=north_east)
    cardiff = f.PDUFactory(code="cardiff", name="Cardiff", region=wales)
    cora = f.UserFactory(username="cora", role=Role.COORDINATOR, regions=[north_east])
    nia = f.UserFactory(username="nia", role=Role.COORDINATOR, regions=[wales])
    lena = f.UserFactory(username="lena", role=Role.NATIONAL_LEAD)
    ada = f.UserFactory(username="ada", role=Role.ADMIN)
    sam = f.SupervisorFactory(user__username="sam", base_office__pdu=newcastle)

    alex = f.PersonFactory(crn="A123456", pdu=newcastle, assessed_on=day("2026-07-12"))
    bea = f.PersonFactory(crn="B123456", pdu=newcastle, assessed_on=day("2026-10-12"))
    carl = f.PersonFactory(crn="C123456", pdu=newcastle, assessed_on=day("2025-06-03"))
    dai = f.PersonFactory(crn="D123456", pdu=cardiff, assessed_on=day("2026-07-21"))

    # r1: low band, completed inside twelve months. r2: medium, completed after more than twelve.
    r1 = requirement(alex, sentenced="2026-07-10", hours=60, status="completed", ended="2026-09-20")
    r2 = requirement(carl, sentenced="2025-06-01", hours=120, status="completed", ended="2026-08-15")
    # r3: high band, breached. r4: low band (80 is the boundary), still running, no induction yet.
    r3 = requirement(
        bea,
        sentenced="2026-08-05",
        hours=200,
        status="breached",
        ended="2026-09-30",
        induction_completed_on=day("2026-08-15"),
    )
    r4 = requirement(
        bea,
        sentenced="2026-09-01",
        hours=80,
        induction_completed_on=None,
        next_review_on=day("2026-11-01"),
        deadline=day("2027-09-01"),
    )
    # r5: transferred out (not counted by SL029). w1: Wales, medium band boundary, revoked.
    r5 = requirement(carl, sentenced="2025-10-01", hours=100, status="transferred", ended="2026-07-15")
    w1 = requirement(dai, sentenced="2026-07-20", hours=150, status="revoked", ended="2026-09-10")

    gardens = f.OrganisationFactory(name="Tyneside Gardens Trust", region=north_east)
    college = f.OrganisationFactory(name="=Tyne College", region=north_east)
    clearance = f.ProjectFactory(organisation=gardens, site__pdu=newcastle, name="Jesmond Dene clearance")
    course = f.ProjectFactory(
        organisation=college, site__pdu=newcastle, name="Forklift course", project_type="ete", beneficiary="Learners"
    )
    s1 = f.SessionFactory(project=clearance, date=day("2026-08-03"), start_time=NINE, end_time=FOUR, status="completed")
    s2 = f.SessionFactory(
        project=clearance, date=day("2026-08-10"), start_time=NINE, end_time=FOUR, status="stood_down"
    )
    s3 = f.SessionFactory(project=course, date=day("2026-09-07"), start_time=TEN, end_time=HALF_ONE, status="completed")
    s4 = f.SessionFactory(project=clearance, date=day("2026-09-14"), start_time=NINE, end_time=FOUR)
    s5 = f.SessionFactory(project=clearance, date=day("2026-11-30"), start_time=NINE, end_time=FOUR)
    for session in (s1, s2, s3):
        f.SessionSupervisorFactory(session=session, supervisor=sam)

    attend(f.AllocationFactory(requirement=r1, session=s1), "ATTC", on_day="2026-08-03", credit=420)
    # Bea's 7 hours on 3 August were credited, then corrected: she was in fact off sick.
    absent, credit = attend(f.AllocationFactory(requirement=r4, session=s1), "AAME", on_day="2026-08-03", credit=420)
    with on("2026-08-05"):
        HoursLedgerEntry.objects.create(
            requirement=r4,
            kind=LedgerEntryKind.CORRECTION,
            minutes=-420,
            attendance=absent,
            reverses=credit,
            reason="Recorded as attended by mistake: off sick",
        )
    attend(f.AllocationFactory(requirement=r3, session=s1), "UACP", on_day="2026-08-03")
    f.AllocationFactory(requirement=r1, session=s2)
    attend(f.AllocationFactory(requirement=r3, session=s3), "AFTC", on_day="2026-09-07", credit=200)
    with on("2026-09-07"):
        # Neither is hours worked: an adjustment and travel time.
        HoursLedgerEntry.objects.create(
            requirement=r3, kind=LedgerEntryKind.ADJUSTMENT, minutes=60, reason="Court variation"
        )
        HoursLedgerEntry.objects.create(requirement=r3, kind=LedgerEntryKind.TRAVEL, minutes=30, reason="Travel")
    f.AllocationFactory(requirement=r4, session=s4)  # no outcome, but long before the last 45 days
    f.AllocationFactory(requirement=r4, session=s5)  # no outcome, a week ago: overdue

    return SimpleNamespace(
        north_east=north_east,
        wales=wales,
        newcastle=newcastle,
        cardiff=cardiff,
        cora=cora,
        nia=nia,
        lena=lena,
        ada=ada,
        gardens=gardens,
        college=college,
        r1=r1,
        r2=r2,
        r3=r3,
        r4=r4,
        r5=r5,
        w1=w1,
    )
