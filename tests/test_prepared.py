"""upw.core.prepared: a queryset compiled once answers each run as the ORM would for its values."""

import pytest
from django.db import connection
from django.db.models import Count, Q

from tests import factories as f
from upw.core.prepared import Marker, Prepared, numbered_placeholders, server_prepared_cursor
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


def test_placeholders_are_numbered_in_turn_and_an_escaped_percent_is_kept():
    assert numbered_placeholders("SELECT %s, %s WHERE a LIKE '10%%' AND b = %s") == (
        "SELECT $1, $2 WHERE a LIKE '10%' AND b = $3"
    )
    assert numbered_placeholders("SELECT 1") == "SELECT 1"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="statements prepared on the server: PostgreSQL only")
def test_a_long_statement_with_percent_signs_runs_prepared_with_its_values_in_place():
    # Longer than psycopg keeps the parts of (4 KB), with a literal percent sign and a value that
    # looks like a placeholder: each value lands where its %s was, and the percent sign stays one.
    columns = ", ".join(f"%s::int AS c{n}" for n in range(400))
    sql = f"SELECT 'a%%b' AS literal, %s::text AS text, {columns}"
    assert len(sql) > 4096
    values = ["%s and $1", *range(400)]
    for _ in range(3):
        with server_prepared_cursor(connection) as cursor:
            cursor.execute(sql, values)
            row = cursor.fetchone()
        assert row == ("a%b", "%s and $1", *range(400))
