"""Absences and failures: acceptable or unacceptable, warnings, and breach review on a second failure."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests import factories as f
from upw.enforcement import services as enforcement
from upw.models import AttendanceRecord, EnforcementAction, HoursLedgerEntry
from upw.models.attendance_sync import NoticeKind, StaffNotice
from upw.models.enforcement import EnforcementKind


def _failure(world, outcome="UACP", days_ago=1, **extra):
    session = f.SessionFactory(project=world.project_a, date=timezone.localdate() - dt.timedelta(days=days_ago))
    allocation = f.AllocationFactory(requirement=world.alex_requirement, session=session)
    return AttendanceRecord.objects.create(allocation=allocation, outcome=outcome, recorded_by=world.sam, **extra)


def test_it_marks_an_absence_acceptable_with_reason_and_evidence(world):
    record = _failure(world)
    enforcement.absence_mark_acceptable(
        attendance_id=record.pk, user=world.cora, outcome="AAME", reason="Ill", evidence="GP letter seen"
    )
    record.refresh_from_db()
    assert (record.outcome, record.decision, record.evidence_note, record.decided_by) == (
        "AAME",
        "acceptable",
        "GP letter seen",
        world.cora,
    )
    assert not EnforcementAction.objects.exists()
    with pytest.raises(enforcement.EnforcementError, match="already"):
        enforcement.absence_mark_unacceptable(attendance_id=record.pk, user=world.cora, reason="Changed my mind")


def test_it_keeps_the_credit_of_an_attended_failure_deemed_acceptable(world):
    day = timezone.localdate() - dt.timedelta(days=1)
    tz = timezone.get_default_timezone()
    record = _failure(
        world,
        outcome="AFTC",
        arrived_at=dt.datetime.combine(day, dt.time(9), tzinfo=tz),
        left_at=dt.datetime.combine(day, dt.time(12), tzinfo=tz),
    )
    with pytest.raises(enforcement.EnforcementError):
        enforcement.absence_mark_acceptable(attendance_id=record.pk, user=world.cora, outcome="AAME", reason="x")
    enforcement.absence_mark_acceptable(
        attendance_id=record.pk, user=world.cora, outcome="AFDA", reason="Misunderstood"
    )
    assert HoursLedgerEntry.objects.get(attendance=record).minutes == 180


def test_it_records_a_warning_letter_for_an_unacceptable_absence(world):
    record = _failure(world)
    action = enforcement.absence_mark_unacceptable(attendance_id=record.pk, user=world.cora, reason="No contact")
    assert action.kind == EnforcementKind.FIRST_WARNING
    assert "Alex Jones (A123456)" in action.letter_text
    assert "did not attend" in action.letter_text
    assert "unacceptable" in action.letter_text
    assert "within the next 12 months" in action.letter_text
    assert not StaffNotice.objects.exists()


def test_it_raises_a_breach_review_for_a_second_failure_within_12_months(world):
    first = _failure(world, days_ago=40)
    enforcement.absence_mark_unacceptable(attendance_id=first.pk, user=world.cora, reason="No contact")
    second = _failure(world, outcome="ATSH", days_ago=1, sent_home_reason="Drunk")
    action = enforcement.absence_mark_unacceptable(attendance_id=second.pk, user=world.cora, reason="Behaviour")
    assert action.kind == EnforcementKind.REFER_TO_OFFICER
    assert action.respond_by == timezone.localdate() + dt.timedelta(days=10)
    notice = StaffNotice.objects.get()
    assert notice.kind == NoticeKind.BREACH_REVIEW and notice.enforcement == action


def test_it_gives_a_second_warning_not_a_referral_after_12_months(world):
    first = _failure(world, days_ago=2)
    with time_machine.travel(timezone.now() - dt.timedelta(days=400), tick=False):
        enforcement.absence_mark_unacceptable(attendance_id=first.pk, user=world.cora, reason="No contact")
    second = _failure(world, days_ago=1)
    action = enforcement.absence_mark_unacceptable(attendance_id=second.pk, user=world.cora, reason="No contact")
    assert action.kind == EnforcementKind.SECOND_WARNING
    assert "Second warning" in action.letter_text


def test_it_refuses_a_decision_on_an_outcome_that_is_not_enforceable(world):
    record = _failure(world, outcome="AAME")
    with pytest.raises(enforcement.EnforcementError, match="Only enforceable"):
        enforcement.absence_mark_unacceptable(attendance_id=record.pk, user=world.cora, reason="x")
