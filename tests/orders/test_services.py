"""The order's life: extensions, pauses and resumptions, and the ways it ends, each with its effects."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f
from upw.core import at_risk, selectors
from upw.models import Allocation, AllocationStatus, OrderEvent, Requirement
from upw.models.requirements import RequirementStatus
from upw.orders import selectors as order_selectors
from upw.orders import services as orders

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def booked(world, today):
    """Alex's order in progress with a session next week booked."""
    requirement = world.alex_requirement
    requirement.status = RequirementStatus.IN_PROGRESS
    requirement.save()
    session = f.SessionFactory(project=world.project_a, date=today + dt.timedelta(days=7))
    allocation = f.AllocationFactory(requirement=requirement, session=session)
    return allocation


def test_it_records_a_court_extension_with_its_history(world, today):
    requirement = world.alex_requirement
    old = requirement.deadline
    event = orders.order_extend(
        requirement=requirement,
        new_deadline=old + dt.timedelta(days=90),
        court="Newcastle Crown Court",
        decided_on=today,
        court_reference="T2026/0042",
        by=world.cora,
        today=today,
    )
    requirement.refresh_from_db()
    assert requirement.deadline == old + dt.timedelta(days=90)
    assert (event.deadline_before, event.deadline_after, event.court_reference) == (
        old,
        old + dt.timedelta(days=90),
        "T2026/0042",
    )
    assert list(order_selectors.extensions(requirement)) == [event]
    assert requirement.history.first().history_change_reason.startswith("Extended to")


def test_an_extension_must_move_the_deadline_on_and_be_decided_already(world, today):
    requirement = world.alex_requirement
    with pytest.raises(orders.OrderError, match="after the current deadline"):
        orders.order_extend(
            requirement=requirement,
            new_deadline=requirement.deadline,
            court="X",
            decided_on=today,
            by=world.cora,
            today=today,
        )
    with pytest.raises(orders.OrderError, match="cannot be in the future"):
        orders.order_extend(
            requirement=requirement,
            new_deadline=requirement.deadline + dt.timedelta(days=30),
            court="X",
            decided_on=today + dt.timedelta(days=1),
            by=world.cora,
            today=today,
        )
    assert not OrderEvent.objects.exists()


def test_an_order_with_no_statutory_deadline_is_not_extended(world, today):
    requirement = world.alex_requirement
    Requirement.objects.filter(pk=requirement.pk).update(deadline_is_statutory=False)
    requirement.refresh_from_db()
    with pytest.raises(orders.OrderError, match="no statutory deadline"):
        orders.order_extend(
            requirement=requirement,
            new_deadline=requirement.deadline + dt.timedelta(days=30),
            court="X",
            decided_on=today,
            by=world.cora,
            today=today,
        )
    assert "extend" not in order_selectors.allowed_actions(requirement)


def test_a_pause_stops_matching_and_cancels_future_bookings_with_a_reason(world, today, booked):
    requirement = world.alex_requirement
    ahead = Allocation.objects.filter(
        requirement=requirement, status=AllocationStatus.ALLOCATED, session__date__gte=today
    )
    count = ahead.count()
    event = orders.order_pause(
        requirement=requirement, pause_reason="custody", reason="Remanded", on=today, by=world.cora, today=today
    )
    requirement.refresh_from_db()
    booked.refresh_from_db()
    assert requirement.status == RequirementStatus.PAUSED
    assert booked.status == AllocationStatus.CANCELLED
    assert booked.history.first().history_change_reason == "Order paused (in custody)"
    assert event.bookings_cancelled == count >= 1 and not ahead.exists()
    assert not selectors.placeable_requirements(Requirement.objects.all()).filter(pk=requirement.pk).exists()
    # Pace and at-risk stop too: a paused order has no reasons.
    flagged = at_risk.with_risk_reasons(Requirement.objects.filter(pk=requirement.pk), today=today).get()
    assert not flagged.risk_any and not flagged.risk_past_deadline


def test_a_pause_keeps_past_sessions_and_their_outcomes(world, today, booked):
    past = f.AllocationFactory(
        requirement=world.alex_requirement,
        session=f.SessionFactory(project=world.project_a, date=today - dt.timedelta(days=3)),
    )
    orders.order_pause(
        requirement=world.alex_requirement,
        pause_reason="illness",
        reason="In hospital",
        on=today,
        by=world.cora,
        today=today,
    )
    past.refresh_from_db()
    assert past.status == AllocationStatus.ALLOCATED


def test_resuming_moves_the_deadline_on_by_the_days_paused(world, today):
    requirement = world.alex_requirement
    requirement.status = RequirementStatus.IN_PROGRESS
    requirement.save()
    old = requirement.deadline
    orders.order_pause(
        requirement=requirement,
        pause_reason="custody",
        reason="Remanded",
        on=today - dt.timedelta(days=20),
        by=world.cora,
        today=today,
    )
    event = orders.order_resume(requirement=requirement, on=today, by=world.cora, today=today)
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.IN_PROGRESS
    assert requirement.deadline == old + dt.timedelta(days=20)
    assert event.days_paused == 20
    assert requirement.ended_at is None


def test_only_a_paused_order_resumes_and_only_an_active_one_pauses(world, today):
    requirement = world.alex_requirement
    with pytest.raises(orders.OrderError, match="not paused"):
        orders.order_resume(requirement=requirement, on=today, by=world.cora, today=today)
    orders.order_pause(
        requirement=requirement, pause_reason="illness", reason="Ill", on=today, by=world.cora, today=today
    )
    with pytest.raises(orders.OrderError, match="only an active order can be paused"):
        orders.order_pause(
            requirement=requirement, pause_reason="illness", reason="Ill", on=today, by=world.cora, today=today
        )


def test_a_pause_needs_a_reason_and_a_known_cause(world, today):
    with pytest.raises(orders.OrderError, match="Give the reason"):
        orders.order_pause(
            requirement=world.alex_requirement, pause_reason="custody", reason=" ", on=today, by=world.cora, today=today
        )
    with pytest.raises(orders.OrderError, match="Choose why"):
        orders.order_pause(
            requirement=world.alex_requirement, pause_reason="holiday", reason="x", on=today, by=world.cora, today=today
        )


@pytest.mark.parametrize(
    ("end", "status"),
    [
        (orders.order_revoke, RequirementStatus.REVOKED),
        (orders.order_breach, RequirementStatus.BREACHED),
    ],
)
def test_an_order_that_ends_records_when_and_cancels_its_bookings(world, today, booked, end, status):
    requirement = world.alex_requirement
    event = end(requirement=requirement, reason="Court decision", on=today, by=world.cora, today=today)
    requirement.refresh_from_db()
    booked.refresh_from_db()
    assert requirement.status == status and requirement.ended_at is not None
    assert booked.status == AllocationStatus.CANCELLED
    assert event.status_before == RequirementStatus.IN_PROGRESS and event.status_after == status
    # An order that has ended cannot be changed again.
    with pytest.raises(orders.OrderError, match="only an order that is running or paused"):
        orders.order_transfer(
            requirement=requirement, reason="x", transferred_to="Y", on=today, by=world.cora, today=today
        )
    with pytest.raises(orders.OrderError, match="only an active order"):
        orders.order_pause(
            requirement=requirement, pause_reason="illness", reason="x", on=today, by=world.cora, today=today
        )
    assert order_selectors.allowed_actions(requirement) == []


def test_a_transfer_out_says_where_to(world, today, booked):
    requirement = world.alex_requirement
    with pytest.raises(orders.OrderError, match="where the order is transferred"):
        orders.order_transfer(requirement=requirement, reason="Moved", on=today, by=world.cora, today=today)
    event = orders.order_transfer(
        requirement=requirement,
        reason="Moved to Scotland",
        transferred_to="Scotland (CJSW Glasgow)",
        on=today,
        by=world.cora,
        today=today,
    )
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.TRANSFERRED
    assert event.transferred_to == "Scotland (CJSW Glasgow)"
    assert not Allocation.objects.filter(requirement=requirement, status=AllocationStatus.ALLOCATED).exists()


def test_a_paused_order_can_end(world, today):
    requirement = world.alex_requirement
    orders.order_pause(
        requirement=requirement, pause_reason="custody", reason="Sentenced", on=today, by=world.cora, today=today
    )
    orders.order_revoke(
        requirement=requirement, reason="Revoked on custodial sentence", on=today, by=world.cora, today=today
    )
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.REVOKED


def test_an_order_past_its_deadline_says_extension_or_return_to_court(world, today):
    requirement = world.alex_requirement
    Requirement.objects.filter(pk=requirement.pk).update(
        sentence_date=today - dt.timedelta(days=400), deadline=today - dt.timedelta(days=35)
    )
    requirement.refresh_from_db()
    assert order_selectors.deadline_warning(requirement, today=today) == (
        "Past deadline: extension or return to court needed"
    )
    Requirement.objects.filter(pk=requirement.pk).update(deadline_is_statutory=False)
    requirement.refresh_from_db()
    assert "extension" not in order_selectors.deadline_warning(requirement, today=today)
