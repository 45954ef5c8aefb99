"""A sync action from a phone costs a handful of SQL queries, whatever it is."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api import bearer
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


# Every statement a sync request sends, as the server answers it: the token, the middleware (the log
# of reads among them), the transaction (BEGIN and COMMIT, here a savepoint and its release, under
# the test's own transaction) and the history rows. On PostgreSQL an action's writes (attendance,
# history, ledger, order, action, and the log of the request's reads) are one statement, so a request
# is at most BEGIN, the lock, the read, the writes and COMMIT. Elsewhere the writes go one statement each, and the
# outcome that first credits an order, moving its status with a history row, costs the most.
MAX_STATEMENTS_PER_REQUEST = {"postgresql": 5}.get(connection.vendor, 11)


def test_a_whole_sync_request_stays_within_its_statement_budget(client, world, today_session):
    day, allocation = today_session.date, today_session.alex_allocation
    headers = bearer(world.sam)
    client.get("/api/v1/attendance/sessions", **headers)  # a phone opens its sessions first
    steps = [
        ("check_in", "request-in-1", at(day, "09:05"), {"at": at(day, "09:00").isoformat()}, "applied"),
        ("check_in", "request-in-1", at(day, "09:05"), {"at": at(day, "09:00").isoformat()}, "applied"),
        ("check_in", "request-in-0", at(day, "09:01"), {"at": at(day, "09:30").isoformat()}, "superseded"),
        ("check_out", "request-out-1", at(day, "16:30"), {"at": at(day, "16:30").isoformat()}, "applied"),
        ("outcome", "request-outcome-1", at(day, "16:31"), ATTENDED, "applied"),
    ]
    statements = []
    for kind, key, client_at, payload, status in steps:
        action = {"key": key, "allocation": allocation.pk, "kind": kind, "payload": payload}
        action["client_at"] = client_at.isoformat()
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                "/api/v1/attendance/actions",
                json.dumps({"actions": [action]}),
                content_type="application/json",
                **headers,
            )
        assert response.json()["results"][0]["status"] == status
        sql = [q["sql"] for q in captured.captured_queries]
        assert not [q for q in sql if "upw_apitoken" in q], "the token's user is cached"
        assert sum('INSERT INTO "upw_personaldataaccess"' in q for q in sql) == 1, "the read is logged, once"
        statements.append(sql)
        assert len(sql) <= MAX_STATEMENTS_PER_REQUEST, "\n".join([kind] + [q[:160] for q in sql])
    # A key received before answers from its stored result: nothing is written but the log of the read.
    writes = [q for q in statements[1] if q.startswith(("INSERT", "UPDATE", "WITH"))]
    assert len(writes) == 1 and writes[0].startswith('INSERT INTO "upw_personaldataaccess"'), writes


def test_only_an_action_that_moves_the_pace_queues_its_refresh(
    world, today_session, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(service.background, "enqueue", lambda name, *args: queued.append(name))
    monkeypatch.setattr(
        service.background, "enqueue_gathered", lambda name, *args, **kw: queued.append(kw["single_task"])
    )
    day, allocation = today_session.date, today_session.alex_allocation
    steps = [
        ("check_in", "pace-in-1", at(day, "09:05"), {"at": at(day, "09:00").isoformat()}, []),
        ("check_out", "pace-out-1", at(day, "16:30"), {"at": at(day, "16:30").isoformat()}, []),
        ("outcome", "pace-outcome-1", at(day, "16:31"), ATTENDED, ["upw.attendance_tasks.refresh_pace_of"]),
    ]
    for kind, key, client_at, payload, expected in steps:
        queued.clear()
        with django_capture_on_commit_callbacks(execute=True):
            service.attendance_apply_action(
                user=world.sam, key=key, allocation_id=allocation.pk, kind=kind, payload=payload, client_at=client_at
            )
        assert queued == expected, kind
