"""A sync action from a phone costs a handful of SQL queries, whatever it is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from upw.attendance import services as service
from upw.models import HoursLedgerEntry

from .conftest import ATTENDED, at

MAX_QUERIES_PER_ACTION = 6
# The audit history of the attendance record and, when its status moves, of the order: counted apart.
MAX_HISTORY_ROWS = 2


def queries_of(user, allocation, kind, key, client_at, **payload):
    with CaptureQueriesContext(connection) as captured:
        outcome = service.attendance_apply_action(
            user=user, key=key, allocation_id=allocation.pk, kind=kind, payload=payload, client_at=client_at
        )
    # Under the test's own transaction each action's atomic block is a savepoint, which a request
    # (where it is the transaction itself) does not send as a query.
    sql = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    history = [q for q in sql if q.startswith('INSERT INTO "upw_historical')]
    assert len(history) <= MAX_HISTORY_ROWS, history
    return outcome, [q for q in sql if q not in history]


def test_each_kind_of_sync_action_stays_within_the_query_budget(world, today_session):
    day, allocation = today_session.date, today_session.alex_allocation
    steps = [
        ("check_in", "budget-in-1", at(day, "09:05"), {"at": at(day, "09:05").isoformat()}, "applied"),
        ("check_in", "budget-in-1", at(day, "09:05"), {"at": at(day, "09:05").isoformat()}, "applied"),  # again
        ("check_in", "budget-in-0", at(day, "09:01"), {"at": at(day, "09:00").isoformat()}, "superseded"),
        ("check_out", "budget-out-1", at(day, "16:30"), {"at": at(day, "16:30").isoformat()}, "applied"),
        ("outcome", "budget-outcome-1", at(day, "16:31"), ATTENDED, "applied"),
    ]
    for kind, key, client_at, payload, status in steps:
        outcome, sql = queries_of(world.sam, allocation, kind, key, client_at, **payload)
        assert outcome.action.status == status
        assert len(sql) <= MAX_QUERIES_PER_ACTION, "\n".join([kind] + [q[:100] + " ... " + q[-300:] for q in sql])
    credits = HoursLedgerEntry.objects.filter(attendance__allocation=allocation)
    assert [(e.kind, e.minutes) for e in credits] == [("credit", 415)]
    world.alex_requirement.refresh_from_db()
    assert world.alex_requirement.minutes_credited == 415
    assert outcome.action.result["attendance"]["credited_minutes"] == 415


@pytest.mark.parametrize("kind", ["check_in", "outcome"])
def test_a_rejected_action_stays_within_the_query_budget(world, today_session, kind):
    day, allocation = today_session.date, today_session.alex_allocation
    outcome, sql = queries_of(
        world.sam, allocation, kind, "budget-bad-1", at(day, "10:00"), at="not a time", outcome="NOPE"
    )
    assert outcome.action.status == "rejected"
    assert len(sql) <= MAX_QUERIES_PER_ACTION, sql
