"""Idempotent, order-independent sync of attendance actions and the ledger they write."""

import datetime as dt

import pytest
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone

from partners.models import ProjectType
from tests import factories as f
from upw.attendance import services as service
from upw.core import ledger
from upw.models import AttendanceRecord, HoursLedgerEntry, RequirementStatus
from upw.models.attendance_sync import NoticeKind, RequirementProgress, StaffNotice, SyncAction

from .conftest import ATTENDED, at


def act(user, allocation, kind, key, client_at, **payload):
    return service.attendance_apply_action(
        user=user, key=key, allocation_id=allocation.pk, kind=kind, payload=payload, client_at=client_at
    )


def ledger_sum(requirement) -> int:
    return HoursLedgerEntry.objects.filter(requirement=requirement).aggregate(s=Sum("minutes"))["s"] or 0


def test_it_checks_in_and_out_and_credits_the_ledger_once(world, today_session, django_capture_on_commit_callbacks):
    day, allocation = today_session.date, today_session.alex_allocation
    first = act(world.sam, allocation, "check_in", "key-in-0001", at(day, "09:01"), at=at(day, "09:00").isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        act(
            world.sam,
            allocation,
            "check_out",
            "key-out-0001",
            at(day, "16:30"),
            at=at(day, "16:30").isoformat(),
            **ATTENDED,
        )
    assert first.action.status == "applied" and not first.duplicate
    record = AttendanceRecord.objects.get(allocation=allocation)
    assert (record.outcome, record.recorded_by) == ("ATTC", world.sam)
    credits = HoursLedgerEntry.objects.filter(attendance=record)
    assert [(e.kind, e.minutes, e.author) for e in credits] == [("credit", 420, world.sam)]
    world.alex_requirement.refresh_from_db()
    assert world.alex_requirement.minutes_credited == 420 == ledger_sum(world.alex_requirement)
    assert world.alex_requirement.status == RequirementStatus.IN_PROGRESS
    # Refreshed with the credit once the sync commits.
    progress = RequirementProgress.objects.get(requirement=world.alex_requirement)
    assert progress.credited_minutes == 420


def test_it_returns_the_first_result_for_a_repeated_key(world, today_session):
    day, allocation = today_session.date, today_session.alex_allocation
    act(world.sam, allocation, "check_in", "key-in-0001", at(day, "09:00"))
    act(world.sam, allocation, "check_out", "key-out-0001", at(day, "16:30"), **ATTENDED)
    for _ in range(3):
        again = act(world.sam, allocation, "check_out", "key-out-0001", at(day, "16:30"), **ATTENDED)
        assert again.duplicate and again.action.status == "applied"
    assert SyncAction.objects.count() == 2
    assert HoursLedgerEntry.objects.filter(requirement=world.alex_requirement).count() == 1
    world.alex_requirement.refresh_from_db()
    assert world.alex_requirement.minutes_credited == 420


def test_it_keeps_a_check_out_that_arrives_before_its_check_in(world, today_session):
    day, allocation = today_session.date, today_session.alex_allocation
    out = act(
        world.sam,
        allocation,
        "check_out",
        "key-out-0001",
        at(day, "16:00"),
        at=at(day, "16:00").isoformat(),
        **ATTENDED,
    )
    assert out.action.status == "applied"
    assert HoursLedgerEntry.objects.count() == 0  # no arrival yet: nothing to credit
    act(world.sam, allocation, "check_in", "key-in-0001", at(day, "09:30"), at=at(day, "09:30").isoformat())
    record = AttendanceRecord.objects.get(allocation=allocation)
    assert (record.arrived_at, record.left_at) == (at(day, "09:30"), at(day, "16:00"))
    assert [e.minutes for e in HoursLedgerEntry.objects.all()] == [360]  # 6h30 less the 30-minute break


def test_it_lets_the_later_action_win_whichever_arrives_first(world, today_session):
    day, allocation = today_session.date, today_session.alex_allocation
    act(world.sam, allocation, "check_in", "key-in-late", at(day, "09:40"), at=at(day, "09:40").isoformat())
    old = act(world.sam, allocation, "check_in", "key-in-early", at(day, "09:05"), at=at(day, "09:05").isoformat())
    assert old.action.status == "superseded"
    assert AttendanceRecord.objects.get(allocation=allocation).arrived_at == at(day, "09:40")


def test_it_corrects_a_credit_with_a_reversing_entry_never_an_edit(world, today_session):
    day, allocation = today_session.date, today_session.alex_allocation
    act(world.sam, allocation, "check_in", "key-in-0001", at(day, "09:00"))
    act(
        world.sam,
        allocation,
        "check_out",
        "key-out-0001",
        at(day, "16:30"),
        at=at(day, "16:30").isoformat(),
        **ATTENDED,
    )
    act(
        world.sam,
        allocation,
        "check_out",
        "key-out-0002",
        at(day, "16:35"),
        at=at(day, "12:00").isoformat(),
        **ATTENDED,
    )
    entries = list(HoursLedgerEntry.objects.order_by("id").values_list("kind", "minutes", "reverses__minutes"))
    assert entries == [("credit", 420, None), ("correction", -420, 420), ("credit", 180, None)]
    world.alex_requirement.refresh_from_db()
    assert world.alex_requirement.minutes_credited == 180 == ledger_sum(world.alex_requirement)


def test_it_keeps_totals_equal_to_the_sum_of_entries_after_corrections(world, today_session):
    day, allocation = today_session.date, today_session.alex_allocation
    act(world.sam, allocation, "check_in", "key-in-0001", at(day, "09:00"))
    act(
        world.sam,
        allocation,
        "check_out",
        "key-out-0001",
        at(day, "16:30"),
        at=at(day, "16:30").isoformat(),
        **ATTENDED,
    )
    adjustment = ledger.ledger_adjust(
        requirement_id=world.alex_requirement.pk, minutes=45, reason="Travel time", author=world.cora
    )
    ledger.ledger_reverse(entry_id=adjustment.pk, reason="Entered twice", author=world.cora)
    ledger.ledger_adjust(
        requirement_id=world.alex_requirement.pk, minutes=-30, reason="Court variation", author=world.cora
    )
    with pytest.raises(ledger.LedgerError, match="already been reversed"):
        ledger.ledger_reverse(entry_id=adjustment.pk, reason="Again", author=world.cora)
    world.alex_requirement.refresh_from_db()
    assert world.alex_requirement.minutes_credited == ledger_sum(world.alex_requirement) == 390


def test_it_rejects_a_departure_before_the_arrival_and_remembers_the_rejection(world, today_session):
    day, allocation = today_session.date, today_session.alex_allocation
    act(world.sam, allocation, "check_in", "key-in-0001", at(day, "10:00"), at=at(day, "10:00").isoformat())
    bad = act(
        world.sam,
        allocation,
        "check_out",
        "key-out-0001",
        at(day, "10:05"),
        at=at(day, "09:00").isoformat(),
        **ATTENDED,
    )
    assert bad.action.status == "rejected"
    assert bad.action.result["error"] == service.LEAVES_BEFORE_ARRIVING
    assert act(world.sam, allocation, "check_out", "key-out-0001", at(day, "10:05")).action.status == "rejected"
    assert AttendanceRecord.objects.get(allocation=allocation).left_at is None


def test_it_needs_a_reason_to_send_someone_home(world, today_session):
    day, allocation = today_session.date, today_session.alex_allocation
    no_reason = act(world.sam, allocation, "outcome", "key-out-0001", at(day, "11:00"), outcome="ATSH")
    assert no_reason.action.result["error"] == service.SENT_HOME_NEEDS_REASON
    act(world.sam, allocation, "check_in", "key-in-0001", at(day, "09:00"))
    act(
        world.sam,
        allocation,
        "outcome",
        "key-oc-0002",
        at(day, "11:00"),
        outcome="ATSH",
        sent_home_reason="Abusive",
        work_quality="poor",
        behaviour="poor",
    )
    act(world.sam, allocation, "check_out", "key-out-0002", at(day, "11:00"), at=at(day, "11:00").isoformat())
    record = AttendanceRecord.objects.get(allocation=allocation)
    assert (record.outcome, record.sent_home_reason) == ("ATSH", "Abusive")
    assert HoursLedgerEntry.objects.get().minutes == 120


def test_it_refuses_coordinator_outcomes_to_supervisors(world, today_session):
    result = act(world.sam, today_session.alex_allocation, "outcome", "key-oc-0001", timezone.now(), outcome="AAME")
    assert result.action.result["error"] == service.OUTCOME_NOT_ALLOWED.format(code="AAME")


def test_it_refuses_another_supervisor_and_other_partners(world, today_session):
    for user in (world.sid, world.quinn, world.pat, world.nia):
        with pytest.raises(Http404):
            act(user, today_session.alex_allocation, "check_in", f"key-{user.username}-1", timezone.now())
    assert not SyncAction.objects.exists()


def test_it_lets_a_partner_record_individual_placements_of_their_own_organisation(world):
    project = f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, project_type=ProjectType.INDIVIDUAL)
    session = f.SessionFactory(project=project, date=timezone.localdate())
    allocation = f.AllocationFactory(requirement=world.alex_requirement, session=session)
    result = act(world.pat, allocation, "check_in", "key-pat-0001", timezone.now())
    assert result.action.status == "applied"
    with pytest.raises(Http404):
        act(world.quinn, allocation, "check_in", "key-quinn-001", timezone.now())


def test_it_refuses_a_key_used_by_another_user(world, today_session):
    act(world.sam, today_session.alex_allocation, "check_in", "shared-key-1", timezone.now())
    with pytest.raises(service.ActionRejected, match="another user"):
        act(world.cora, today_session.alex_allocation, "check_in", "shared-key-1", timezone.now())


def test_it_refuses_a_session_in_the_future(world):
    allocation = world.session_a.allocations.get()
    result = act(world.sam, allocation, "check_in", "key-future-1", timezone.now())
    assert result.action.result["error"] == service.FUTURE_SESSION


def test_it_completes_the_requirement_and_tells_the_coordinator(
    world, today_session, mailoutbox, django_capture_on_commit_callbacks
):
    requirement = world.alex_requirement
    ledger.ledger_adjust(
        requirement_id=requirement.pk,
        minutes=120 * 60 - 60,
        reason="Carried over",
        author=world.cora,
        reason_code="hours_worked_elsewhere",
    )
    day, allocation = today_session.date, today_session.alex_allocation
    act(world.sam, allocation, "check_in", "key-in-0001", at(day, "09:00"))
    with django_capture_on_commit_callbacks(execute=True):
        act(
            world.sam,
            allocation,
            "check_out",
            "key-out-0001",
            at(day, "16:30"),
            at=at(day, "16:30").isoformat(),
            **ATTENDED,
        )
    assert [(m.subject, m.to) for m in mailoutbox] == [("Unpaid work hours completed", ["cora@example.org"])]
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.COMPLETED
    assert requirement.minutes_credited == 120 * 60  # capped at the hours left: 60, not 420
    assert HoursLedgerEntry.objects.filter(attendance__isnull=False).get().minutes == 60
    notice = StaffNotice.objects.get(requirement=requirement)
    assert notice.kind == NoticeKind.COMPLETED and "A123456" in notice.message
    act(
        world.sam,
        allocation,
        "check_out",
        "key-out-0002",
        at(day, "16:31"),
        at=at(day, "16:20").isoformat(),
        **ATTENDED,
    )
    assert StaffNotice.objects.filter(requirement=requirement).count() == 1


@pytest.mark.pin_clock("2026-12-02T18:00")
def test_it_stops_ete_hours_at_the_cap(world, settings):
    settings.UPW = {**settings.UPW, "EARNED_REDUCTION_ENABLED": False}  # only the ETE cap at work here
    requirement = f.RequirementFactory(person=world.alex, hours_ordered=40, ete_cap_percent=30)  # 720 minutes
    project = f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, project_type=ProjectType.ETE)
    credited = []
    for n in range(3):
        session = f.SessionFactory(
            project=project,
            date=timezone.localdate() - dt.timedelta(days=n),
            start_time=dt.time(10),
            end_time=dt.time(15),
        )
        allocation = f.AllocationFactory(requirement=requirement, session=session)
        act(world.cora, allocation, "check_in", f"ete-in-{n}-key", at(session.date, "10:00"))
        act(
            world.cora,
            allocation,
            "check_out",
            f"ete-out-{n}-key",
            at(session.date, "15:00"),
            at=at(session.date, "15:00").isoformat(),
            **ATTENDED,
        )
        credited.append(
            HoursLedgerEntry.objects.filter(attendance__allocation=allocation).aggregate(s=Sum("minutes"))["s"]
        )
    assert credited == [300, 300, 120]
    requirement.refresh_from_db()
    assert requirement.minutes_credited == 720


def test_it_rounds_credits_down_when_the_setting_is_on(world, today_session, settings):
    settings.UPW = {**settings.UPW, "CREDIT_ROUNDING_MINUTES": 15}
    day, allocation = today_session.date, today_session.alex_allocation
    act(world.sam, allocation, "check_in", "key-in-0001", at(day, "09:07"), at=at(day, "09:07").isoformat())
    act(
        world.sam,
        allocation,
        "check_out",
        "key-out-0001",
        at(day, "12:00"),
        at=at(day, "12:00").isoformat(),
        **ATTENDED,
    )
    assert HoursLedgerEntry.objects.get().minutes == 165
