"""upw.core.prepared: a queryset compiled once answers each run as the ORM would for its values."""

import pytest
from django.db.models import Count, Q

from tests import factories as f
from upw.core.prepared import Marker, Prepared
from upw.models import Person, Requirement


def people_named(*, first_name: str, min_hours: int, min_id: int):
    return (
        Person.objects.filter(first_name=first_name, id__gte=min_id)
        .select_related("pdu__region")
        .annotate(orders=Count("requirements", filter=Q(requirements__hours_ordered__gte=min_hours)))
        .order_by("id")
    )


PEOPLE_NAMED = Prepared(people_named, first_name=Marker(str), min_hours=Marker(int), min_id=Marker(int))


@pytest.mark.django_db
def test_each_run_answers_as_the_orm_does_for_its_own_values():
    ann = f.PersonFactory(first_name="Ann")
    f.RequirementFactory(person=ann, hours_ordered=60)
    f.RequirementFactory(person=ann, hours_ordered=120)
    f.PersonFactory(first_name="Ann")
    bob = f.PersonFactory(first_name="Bob")
    for values in (
        {"first_name": "Ann", "min_hours": 100, "min_id": 0},
        {"first_name": "Ann", "min_hours": 40, "min_id": ann.pk + 1},
        {"first_name": "Bob", "min_hours": 40, "min_id": bob.pk},
        {"first_name": "Bob", "min_hours": 40, "min_id": bob.pk + 1},
    ):
        prepared = PEOPLE_NAMED.run(**values)
        expected = list(people_named(**values))
        assert [(p.pk, p.orders, p.pdu.region.code) for p in prepared] == [
            (p.pk, p.orders, p.pdu.region.code) for p in expected
        ]
    assert [p.orders for p in PEOPLE_NAMED.run(first_name="Ann", min_hours=40, min_id=0)] == [2, 0]
    assert [p.orders for p in PEOPLE_NAMED.run(first_name="Ann", min_hours=100, min_id=0)] == [1, 0]


@pytest.mark.django_db
def test_an_argument_that_is_not_a_plain_value_is_refused():
    unused = Prepared(lambda hours: Requirement.objects.filter(hours_ordered__gt=0), hours=Marker(int))
    with pytest.raises(ValueError, match="hours"):
        unused.run(hours=5)
