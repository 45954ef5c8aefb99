"""The demo gives Sam a session with people to run from the phone, and its ledger stays consistent."""

import time_machine
from django.db.models import Sum
from django.utils import timezone

from upw.attendance import services as service
from upw.demo.attendance import prepare_attendance_demo
from upw.demo.generator import generate_region, reset_demo_data
from upw.models import HoursLedgerEntry, Requirement, SessionSupervisor, User
from upw.models.attendance_sync import RequirementProgress, SyncAction

from .conftest import ATTENDED, at


def test_sam_can_run_a_whole_session_in_the_demo(db):
    today = timezone.localdate()
    generate_region(people=150, partners=10, projects=20, supervisors=8, today=today, seed=2)
    result = prepare_attendance_demo(today=today)
    session = result["sam_session"]
    assert session is not None and today <= session.date
    sam = User.objects.get(username="sam")
    assert SessionSupervisor.objects.filter(session=session, supervisor__user=sam).exists()
    assert SessionSupervisor.objects.filter(supervisor__user=sam, session__date=session.date).count() == 1
    assert RequirementProgress.objects.exists()

    allocations = list(session.allocations.filter(status="allocated"))
    assert len(allocations) >= 2
    # Late that day, so the times recorded have passed.
    clock = time_machine.travel(at(today, "18:00"), tick=True)
    clock.start()
    if session.date == today:
        for n, allocation in enumerate(allocations):
            service.attendance_apply_action(
                user=sam, key=f"demo-in-{n}-key", allocation_id=allocation.pk, kind="check_in",
                payload={"at": at(today, "09:00").isoformat()}, client_at=at(today, "09:00"),
            )  # fmt: skip
            service.attendance_apply_action(
                user=sam, key=f"demo-out-{n}-key", allocation_id=allocation.pk, kind="check_out",
                payload={"at": at(today, "12:00").isoformat(), **ATTENDED}, client_at=at(today, "12:00"),
            )  # fmt: skip
        assert SyncAction.objects.filter(status="applied").count() == 2 * len(allocations)
    for requirement in Requirement.objects.filter(allocations__session=session):
        total = HoursLedgerEntry.objects.filter(requirement=requirement).aggregate(s=Sum("minutes"))["s"] or 0
        assert requirement.minutes_credited == total
    pat_session = result["pat_session"]
    pat = User.objects.get(username="pat")
    pat_allocation = pat_session.allocations.get()
    applied = service.attendance_apply_action(
        user=pat,
        key="demo-pat-in-key",
        allocation_id=pat_allocation.pk,
        kind="check_in",
        payload={},
        client_at=at(today, "10:00"),
    )
    clock.stop()
    assert applied.action.status == "applied"
    reset_demo_data()
    assert not SyncAction.objects.exists() and not RequirementProgress.objects.exists()
