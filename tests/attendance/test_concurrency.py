"""Reliability under concurrency, on PostgreSQL: many phones syncing one session at once.

SQLite serialises every write with one lock per file, so it cannot show what these tests are
about (row locks under real concurrency); they are skipped there. CI runs them on PostgreSQL.
"""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.db import connection, connections
from django.db.models import Sum
from django.utils import timezone

from tests import factories as f
from upw.attendance import services as service
from upw.models import AttendanceRecord, HoursLedgerEntry, Requirement
from upw.models.attendance_sync import SyncAction

from .conftest import ATTENDED, at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks, so concurrent syncs cannot be tested on it "
        "(run with DATABASE_URL=postgres://...)",
    ),
]

PEOPLE = 50
# PostgreSQL's default max_connections is 100: one connection a thread, and room for others.
MAX_THREADS = 50


@pytest.fixture(autouse=True)
def evening():
    """The clock at 18:00 today, so every time of today's session has passed whenever the test runs."""
    with time_machine.travel(at(timezone.localdate(), "18:00"), tick=True):
        yield


@pytest.fixture
def full_session(world):
    session = f.SessionFactory(project=world.project_a, date=timezone.localdate(), capacity=PEOPLE)
    f.SessionSupervisorFactory(session=session, supervisor=world.sam.supervisor)
    allocations = [
        f.AllocationFactory(
            session=session,
            requirement=f.RequirementFactory(person=f.PersonFactory(pdu=world.newcastle), hours_ordered=100),
        )
        for _ in range(PEOPLE)
    ]
    return session, allocations


def _run_all(calls):
    """Runs the calls in waves of up to 50 parallel threads (one connection each), each wave released
    at once by a barrier; each thread closes its connection."""
    results = []
    for start in range(0, len(calls), MAX_THREADS):
        results += _run_wave(calls[start : start + MAX_THREADS])
    return results


def _run_wave(calls):
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait(timeout=30)
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [future.result() for future in [pool.submit(run, call) for call in calls]]


def _action(user, allocation, kind, key, when, at_time=None, **extra):
    payload = {"at": at_time.isoformat()} if at_time else {}
    payload.update(extra)
    return lambda: service.attendance_apply_action(
        user=user, key=key, allocation_id=allocation.pk, kind=kind, payload=payload, client_at=when
    )


def _assert_exact(allocations, minutes_each):
    assert AttendanceRecord.objects.filter(allocation__in=allocations).count() == len(allocations)
    credits = HoursLedgerEntry.objects.filter(attendance__allocation__in=allocations)
    assert credits.count() == len(allocations)
    assert credits.aggregate(s=Sum("minutes"))["s"] == minutes_each * len(allocations)
    for requirement in Requirement.objects.filter(allocations__in=allocations):
        total = HoursLedgerEntry.objects.filter(requirement=requirement).aggregate(s=Sum("minutes"))["s"]
        assert requirement.minutes_credited == total == minutes_each


def test_it_takes_50_concurrent_check_ins_for_one_session(world, full_session):
    session, allocations = full_session
    day = session.date
    results = _run_all([_action(world.sam, a, "check_in", f"in-{a.pk}-key", at(day, "09:00")) for a in allocations])
    assert [r.action.status for r in results] == ["applied"] * PEOPLE
    results = _run_all(
        [_action(world.sam, a, "check_out", f"out-{a.pk}-key", at(day, "16:30"), **ATTENDED) for a in allocations]
    )
    assert [r.action.status for r in results] == ["applied"] * PEOPLE
    assert SyncAction.objects.count() == 2 * PEOPLE
    _assert_exact(allocations, 420)


def test_it_applies_a_key_synced_many_times_at_once_only_once(world, full_session):
    session, allocations = full_session
    day = session.date
    target = allocations[0]
    _run_all([_action(world.sam, target, "check_in", "one-in-key", at(day, "09:00")) for _ in range(10)])
    results = _run_all(
        [_action(world.sam, target, "check_out", "one-out-key", at(day, "16:30"), **ATTENDED) for _ in range(25)]
    )
    assert sum(not r.duplicate for r in results) == 1
    assert SyncAction.objects.count() == 2
    _assert_exact([target], 420)


def test_it_counts_exactly_with_duplicated_and_out_of_order_syncs(world, full_session):
    """Each phone sends its check-out before its check-in, and every action twice, all at once."""
    session, allocations = full_session
    day = session.date
    calls = []
    for a in allocations:
        check_out = _action(world.sam, a, "check_out", f"out-{a.pk}-key", at(day, "16:30"), **ATTENDED)
        check_in = _action(world.sam, a, "check_in", f"in-{a.pk}-key", at(day, "09:15"), at(day, "09:15"))
        calls += [check_out, check_out, check_in, check_in]
    # Mixed up so that each wave holds check-ins, check-outs and duplicates of different people.
    random.Random(5).shuffle(calls)
    results = _run_all(calls)
    assert sum(not r.duplicate for r in results) == 2 * PEOPLE
    assert all(r.action.status == "applied" for r in results)
    assert SyncAction.objects.count() == 2 * PEOPLE
    # 09:15 to 16:30 is 435 minutes on site, less the 30-minute break.
    _assert_exact(allocations, 405)
