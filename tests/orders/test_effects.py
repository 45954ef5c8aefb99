"""What a stopped order means elsewhere: reminders, induction, and the wording of a past deadline."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f
from upw.core import at_risk
from upw.models import Allocation, Requirement
from upw.models.requirements import RequirementStatus
from upw.orders import services as orders
from upw.reminders import services as reminders

pytestmark = pytest.mark.django_db


def test_a_paused_order_gets_no_reminder_even_for_a_booking_made_after_the_pause(world):
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    orders.order_pause(
        requirement=world.alex_requirement,
        pause_reason="custody",
        reason="Remanded",
        on=today,
        by=world.cora,
        today=today,
    )
    # A place booked by a path that did not know of the pause (a stale run, say).
    late = f.AllocationFactory(
        requirement=world.alex_requirement, session=f.SessionFactory(project=world.project_a, date=tomorrow)
    )
    assert late not in reminders.reminders_due(for_date=tomorrow)
    orders.order_resume(requirement=world.alex_requirement, on=today, by=world.cora, today=today)
    assert late in reminders.reminders_due(for_date=tomorrow)


def test_a_paused_order_is_not_booked_for_an_induction(world):
    from upw.induction import services as induction

    today = timezone.localdate()
    requirement = world.alex_requirement
    Requirement.objects.filter(pk=requirement.pk).update(induction_completed_on=None)
    orders.order_pause(
        requirement=requirement, pause_reason="illness", reason="Ill", on=today, by=world.cora, today=today
    )
    session = f.SessionFactory(
        project=f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, project_type="induction"),
        date=today + dt.timedelta(days=3),
    )
    with pytest.raises(induction.InductionError, match="no active requirement"):
        induction.induction_book(person=world.alex, session=session, by=world.cora, today=today)
    assert not Allocation.objects.filter(session=session).exists()


def _past(requirement, *, statutory: bool):
    today = timezone.localdate()
    Requirement.objects.filter(pk=requirement.pk).update(
        sentence_date=today - dt.timedelta(days=400),
        deadline=today - dt.timedelta(days=35),
        status=RequirementStatus.IN_PROGRESS,
        deadline_is_statutory=statutory,
    )
    return at_risk.with_risk_reasons(Requirement.objects.filter(pk=requirement.pk), today=today).get()


def test_the_past_deadline_tag_asks_for_an_extension_or_return_to_court(world):
    tags = at_risk.reason_tags(_past(world.alex_requirement, statutory=True))
    assert tags == [("Past deadline: extension or return to court needed", "govuk-tag--red")]


def test_a_target_date_that_has_passed_does_not_talk_of_extension_or_court(world):
    # With no statutory deadline, missing the target is falling behind pace: at risk, not past deadline.
    tags = at_risk.reason_tags(_past(world.alex_requirement, statutory=False))
    assert ("Behind pace", "govuk-tag--orange") in tags
    assert not any("court" in label or "deadline" in label for label, _ in tags)


def test_a_paused_order_stops_being_at_risk_at_once(world):
    from upw.models import RequirementProgress

    today = timezone.localdate()
    RequirementProgress.objects.update_or_create(
        requirement=world.alex_requirement,
        defaults={"expected_minutes": 600, "at_risk": True, "next_review": today, "refreshed_at": timezone.now()},
    )
    orders.order_pause(
        requirement=world.alex_requirement, pause_reason="illness", reason="Ill", on=today, by=world.cora, today=today
    )
    assert not RequirementProgress.objects.get(requirement=world.alex_requirement).at_risk
