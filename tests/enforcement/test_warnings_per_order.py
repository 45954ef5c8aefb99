"""Warnings count under the same order; the officer may refer on a first failure; a referral's outcome."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f
from upw.enforcement import services as enforcement
from upw.models import AllocationStatus, AttendanceRecord, EnforcementAction
from upw.models.attendance_sync import StaffNotice
from upw.models.enforcement import EnforcementKind, ReferralOutcome
from upw.models.requirements import RequirementStatus

pytestmark = pytest.mark.django_db


def failure(world, requirement, days_ago=1, outcome="UACP"):
    session = f.SessionFactory(project=world.project_a, date=timezone.localdate() - dt.timedelta(days=days_ago))
    allocation = f.AllocationFactory(requirement=requirement, session=session)
    return AttendanceRecord.objects.create(allocation=allocation, outcome=outcome, recorded_by=world.sam)


def unacceptable(world, record, **extra):
    return enforcement.absence_mark_unacceptable(attendance_id=record.pk, user=world.cora, reason="No contact", **extra)


def test_a_warning_under_another_order_does_not_force_a_referral(world):
    old_order = f.RequirementFactory(person=world.alex, status=RequirementStatus.COMPLETED, order_reference="OLD/1")
    unacceptable(world, failure(world, old_order, days_ago=60))
    action = unacceptable(world, failure(world, world.alex_requirement))
    assert action.kind == EnforcementKind.FIRST_WARNING
    assert "Second warning" not in action.letter_text


def test_a_second_failure_under_the_same_order_within_12_months_is_referred(world):
    unacceptable(world, failure(world, world.alex_requirement, days_ago=60))
    action = unacceptable(world, failure(world, world.alex_requirement))
    assert action.kind == EnforcementKind.REFER_TO_OFFICER


def test_the_officer_may_refer_on_a_first_failure(world):
    action = unacceptable(world, failure(world, world.alex_requirement), refer=True)
    assert action.kind == EnforcementKind.REFER_TO_OFFICER
    assert action.respond_by == timezone.localdate() + dt.timedelta(days=10)
    assert action.letter_text == ""
    assert "referred on this failure" in StaffNotice.objects.get(enforcement=action).message


@pytest.fixture
def referral(world):
    return unacceptable(world, failure(world, world.alex_requirement), refer=True)


def test_breach_laid_moves_the_order_to_breached_and_cancels_its_bookings(world, referral):
    today = timezone.localdate()
    ahead = f.AllocationFactory(
        requirement=world.alex_requirement,
        session=f.SessionFactory(project=world.project_a, date=today + dt.timedelta(days=5)),
    )
    enforcement.referral_record_outcome(
        referral_id=referral.pk,
        outcome=ReferralOutcome.BREACH_LAID,
        on=today,
        note="Laid at Newcastle MC",
        user=world.cora,
        today=today,
    )
    referral.refresh_from_db()
    world.alex_requirement.refresh_from_db()
    ahead.refresh_from_db()
    assert referral.outcome == ReferralOutcome.BREACH_LAID and referral.outcome_by == world.cora
    assert world.alex_requirement.status == RequirementStatus.BREACHED
    assert world.alex_requirement.ended_at is not None
    assert ahead.status == AllocationStatus.CANCELLED
    event = world.alex_requirement.order_events.get()
    assert event.kind == "breach" and event.reason == "Laid at Newcastle MC"
    assert StaffNotice.objects.get(enforcement=referral).acknowledged_at is not None


@pytest.mark.parametrize("outcome", [ReferralOutcome.NO_FURTHER_ACTION, ReferralOutcome.WITHDRAWN])
def test_other_outcomes_leave_the_order_running(world, referral, outcome):
    today = timezone.localdate()
    enforcement.referral_record_outcome(
        referral_id=referral.pk, outcome=outcome, on=today, user=world.cora, today=today
    )
    world.alex_requirement.refresh_from_db()
    assert world.alex_requirement.status != RequirementStatus.BREACHED
    with pytest.raises(enforcement.EnforcementError, match="already been recorded"):
        enforcement.referral_record_outcome(
            referral_id=referral.pk, outcome=ReferralOutcome.BREACH_LAID, on=today, user=world.cora, today=today
        )


def test_an_outcome_is_not_dated_in_the_future_nor_given_to_a_warning(world, referral):
    today = timezone.localdate()
    with pytest.raises(enforcement.EnforcementError, match="future"):
        enforcement.referral_record_outcome(
            referral_id=referral.pk,
            outcome=ReferralOutcome.WITHDRAWN,
            on=today + dt.timedelta(days=1),
            user=world.cora,
            today=today,
        )
    warning = unacceptable(
        world, failure(world, f.RequirementFactory(person=world.alex, order_reference="B/2"), days_ago=2)
    )
    with pytest.raises(enforcement.EnforcementError, match="Only a referral"):
        enforcement.referral_record_outcome(
            referral_id=warning.pk, outcome=ReferralOutcome.WITHDRAWN, on=today, user=world.cora, today=today
        )


def test_the_respond_by_date_of_an_open_referral_can_move(world, referral):
    today = timezone.localdate()
    later = today + dt.timedelta(days=21)
    enforcement.referral_change_respond_by(referral_id=referral.pk, respond_by=later, user=world.cora, today=today)
    assert EnforcementAction.objects.get(pk=referral.pk).respond_by == later
    with pytest.raises(enforcement.EnforcementError, match="past"):
        enforcement.referral_change_respond_by(
            referral_id=referral.pk, respond_by=today - dt.timedelta(days=1), user=world.cora, today=today
        )
