"""The database itself refuses data that breaks the rules, whatever code tries to store it."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tests import factories as f
from upw.models import HoursLedgerEntry, NonAssociation
from upw.models.ledger import AppendOnlyError


def refuses(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.django_db
def test_it_refuses_a_malformed_crn():
    refuses(lambda: f.PersonFactory(crn="12345AB"))


@pytest.mark.django_db
@pytest.mark.parametrize("hours", [39, 301])
def test_it_refuses_hours_outside_40_to_300(hours):
    refuses(lambda: f.RequirementFactory(hours_ordered=hours))


@pytest.mark.django_db
def test_it_refuses_a_deadline_before_sentence():
    refuses(lambda: f.RequirementFactory(sentence_date=dt.date(2026, 5, 1), deadline=dt.date(2026, 4, 1)))


@pytest.mark.django_db
def test_it_refuses_a_second_order_with_the_same_reference_for_a_person():
    requirement = f.RequirementFactory(order_reference="ORD-1")
    refuses(lambda: f.RequirementFactory(person=requirement.person, order_reference="ORD-1"))


@pytest.mark.django_db
def test_it_refuses_a_session_that_ends_before_it_starts():
    refuses(lambda: f.SessionFactory(start_time=dt.time(14), end_time=dt.time(9)))


@pytest.mark.django_db
def test_it_refuses_two_live_allocations_of_one_requirement_to_one_session():
    allocation = f.AllocationFactory()
    refuses(lambda: f.AllocationFactory(requirement=allocation.requirement, session=allocation.session))


@pytest.mark.django_db
def test_it_allows_a_new_allocation_after_a_cancelled_one():
    allocation = f.AllocationFactory(status="cancelled")
    f.AllocationFactory(requirement=allocation.requirement, session=allocation.session)


@pytest.mark.django_db
def test_it_stores_a_non_association_once_per_pair():
    a, b = f.PersonFactory(), f.PersonFactory()
    NonAssociation.objects.create(person_a=a, person_b=b, reason="Non-molestation order")
    refuses(lambda: NonAssociation.objects.create(person_a=b, person_b=a, reason="Same pair reversed"))


@pytest.mark.django_db
def test_it_refuses_a_working_days_mask_outside_the_week():
    refuses(lambda: f.SupervisorFactory(working_days_mask=0b11111111))


@pytest.mark.django_db
def test_it_never_changes_or_deletes_a_ledger_entry():
    requirement = f.RequirementFactory()
    entry = HoursLedgerEntry.objects.create(requirement=requirement, kind="credit", minutes=420, reason="Attended")
    entry.minutes = 480
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        HoursLedgerEntry.objects.filter(pk=entry.pk).update(minutes=1)
    with pytest.raises(AppendOnlyError):
        HoursLedgerEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.django_db
def test_it_requires_a_correction_to_reverse_an_entry():
    requirement = f.RequirementFactory()
    refuses(
        lambda: HoursLedgerEntry.objects.create(requirement=requirement, kind="correction", minutes=-60, reason="?")
    )
    entry = HoursLedgerEntry.objects.create(requirement=requirement, kind="credit", minutes=60, reason="Attended")
    HoursLedgerEntry.objects.create(requirement=requirement, kind="correction", minutes=-60, reverses=entry, reason="x")
    refuses(
        lambda: HoursLedgerEntry.objects.create(
            requirement=requirement, kind="correction", minutes=-60, reverses=entry, reason="twice"
        )
    )
