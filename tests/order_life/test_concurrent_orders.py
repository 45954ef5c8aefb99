"""Concurrent orders are worked together (the same minutes count towards each: ATCH); an additional
order's hours follow once the first order's are done."""

from tests import factories as f
from upw.core import ledger
from upw.models import HoursLedgerEntry
from upw.models.requirements import Concurrency


def test_the_same_minutes_count_towards_each_concurrent_order(world, work):
    first = f.RequirementFactory(person=world.alex, hours_ordered=100)
    second = f.RequirementFactory(
        person=world.alex, hours_ordered=60, concurrency=Concurrency.CONCURRENT, concurrent_with=first
    )
    work(first, 2, 7 * 60)
    first.refresh_from_db()
    second.refresh_from_db()
    assert ledger.hours_breakdown(first).worked == ledger.hours_breakdown(second).worked == 420
    copy = HoursLedgerEntry.objects.get(requirement=second, kind="credit")
    assert "Concurrent hours (ATCH)" in copy.reason


def test_a_correction_reaches_the_concurrent_order_too(world, work):
    first = f.RequirementFactory(person=world.alex, hours_ordered=100)
    second = f.RequirementFactory(
        person=world.alex, hours_ordered=60, concurrency=Concurrency.CONCURRENT, concurrent_with=first
    )
    record = work(first, 2, 7 * 60)
    credit = HoursLedgerEntry.objects.get(requirement=first, attendance=record, kind="credit")
    ledger.ledger_reverse(entry_id=credit.pk, reason="Recorded on the wrong person", author=world.cora)
    # The reversal of one order's credit is the coordinator's to make on each order; the copy stays
    # until the attendance itself changes.
    record.outcome = "UACP"
    record.save()
    work_again = ledger.ledger_sync_attendance
    from django.db import transaction

    with transaction.atomic():
        work_again(attendance=record, requirement=ledger.lock_requirement(first.pk), author=None)
    assert ledger.hours_breakdown(second).worked == 0


def test_hours_beyond_an_order_pass_to_the_additional_order_that_follows(world, work):
    first = f.RequirementFactory(person=world.alex, hours_ordered=40)
    ledger.ledger_adjust(
        requirement_id=first.pk,
        minutes=40 * 60 - 120,
        reason="Hours worked in Durham",
        reason_code="hours_worked_elsewhere",
        author=world.cora,
    )
    additional = f.RequirementFactory(
        person=world.alex, hours_ordered=50, concurrency=Concurrency.ADDITIONAL, concurrent_with=first
    )
    work(first, 1, 7 * 60)
    first.refresh_from_db()
    additional.refresh_from_db()
    assert first.status == "completed"
    assert ledger.hours_breakdown(additional).worked == 7 * 60 - 120


def test_intake_links_a_concurrent_order_to_the_one_running(world):
    from upw.intake.services import running_order

    first = world.alex_requirement
    assert running_order(world.alex, concurrency=Concurrency.CONCURRENT) == first
    assert running_order(world.alex, concurrency=Concurrency.SINGLE) is None


def test_matching_places_a_linked_order_through_the_order_it_runs_with(world):
    from upw.core.selectors import placeable_requirements
    from upw.models import Requirement

    world.alex.assessed_on = world.alex_requirement.sentence_date
    world.alex.save(update_fields=["assessed_on"])
    concurrent = f.RequirementFactory(
        person=world.alex, hours_ordered=60, concurrency=Concurrency.CONCURRENT, concurrent_with=world.alex_requirement
    )
    placeable = set(placeable_requirements(Requirement.objects.filter(person=world.alex)))
    assert placeable == {world.alex_requirement}
    world.alex_requirement.status = "completed"
    world.alex_requirement.save(update_fields=["status"])
    assert set(placeable_requirements(Requirement.objects.filter(person=world.alex))) == {concurrent}


def test_matching_places_what_is_left_across_the_linked_orders(world):
    from scheduler.matching.adapter import minutes_to_place
    from upw.core.selectors import with_linked_minutes
    from upw.models import Requirement

    first = world.alex_requirement  # 120 hours
    f.RequirementFactory(
        person=world.alex, hours_ordered=150, concurrency=Concurrency.CONCURRENT, concurrent_with=first
    )
    f.RequirementFactory(person=world.alex, hours_ordered=40, concurrency=Concurrency.ADDITIONAL, concurrent_with=first)
    row = with_linked_minutes(Requirement.objects.filter(pk=first.pk)).values(
        "hours_ordered", "minutes_credited", "concurrent_minutes_left", "additional_minutes_left"
    )[0]
    assert (
        minutes_to_place(row, planned_minutes=0) == (150 + 40) * 60
    )  # the longer concurrent order, then the additional
    assert minutes_to_place(row, planned_minutes=60) == (150 + 40) * 60 - 60
