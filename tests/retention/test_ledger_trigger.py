import pytest
from django.db import DatabaseError, connection, transaction

from upw.models import HoursLedgerEntry

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The ledger's append-only trigger exists on PostgreSQL only; run with DATABASE_URL=postgres://...",
)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE upw_hoursledgerentry SET minutes = 1 WHERE id = %s", "DELETE FROM upw_hoursledgerentry WHERE id = %s"],
)
def test_the_database_refuses_to_rewrite_the_ledger(people, statement):
    entry = HoursLedgerEntry.objects.filter(requirement=people.olu.requirement).get()

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [entry.pk])

    assert HoursLedgerEntry.objects.get(pk=entry.pk).minutes == 420
