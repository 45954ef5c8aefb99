"""The attendance API, end to end through Django's middleware (session cookie and CSRF)."""

import json
import uuid

from django.test import Client
from django.utils import timezone

from upw.models import AttendanceRecord, HoursLedgerEntry

from .conftest import ATTENDED, at

SYNC = "/api/v1/attendance/actions"


def _post(client, actions, token=None):
    headers = {"HTTP_X_CSRFTOKEN": token} if token else {}
    return client.post(SYNC, data=json.dumps({"actions": actions}), content_type="application/json", **headers)


def _csrf_client(user) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/my/sessions/")
    return client, client.cookies["csrftoken"].value


def test_it_lists_my_sessions_today_and_the_register(client, world, today_session):
    client.force_login(world.sam)
    sessions = client.get("/api/v1/attendance/sessions").json()
    assert [s["id"] for s in sessions] == [today_session.pk]
    assert sessions[0]["expected"] == 1
    register = client.get(f"/api/v1/attendance/sessions/{today_session.pk}").json()
    assert register["outcomes"] == ["ATTC", "AFTC", "ATSH", "ATSS", "UACP"]
    assert [(p["crn"], p["name"], p["outcome"]) for p in register["people"]] == [("A123456", "Alex Jones", "")]


def test_it_refuses_a_register_outside_the_users_sessions(client, world, today_session):
    for user in (world.sid, world.quinn, world.pat):
        client.force_login(user)
        assert client.get(f"/api/v1/attendance/sessions/{today_session.pk}").status_code == 404
        assert client.get("/api/v1/attendance/sessions").json() == []


def test_it_syncs_a_batch_with_csrf_and_answers_each_action(world, today_session):
    client, token = _csrf_client(world.sam)
    day, allocation = today_session.date, today_session.alex_allocation
    actions = [
        {
            "key": str(uuid.uuid4()),
            "allocation": allocation.pk,
            "kind": "check_in",
            "client_at": at(day, "09:00").isoformat(),
        },
        {
            "key": str(uuid.uuid4()),
            "allocation": allocation.pk,
            "kind": "check_out",
            "payload": {"at": at(day, "13:00").isoformat(), **ATTENDED},
            "client_at": at(day, "13:00").isoformat(),
        },
    ]
    assert _post(client, actions).status_code == 403  # no CSRF token
    r = _post(client, actions, token)
    assert r.status_code == 200
    results = r.json()["results"]
    assert [(x["status"], x["duplicate"]) for x in results] == [("applied", False), ("applied", False)]
    assert results[1]["attendance"]["credited_minutes"] == 240
    again = _post(client, actions, token).json()["results"]
    assert [(x["status"], x["duplicate"]) for x in again] == [("applied", True), ("applied", True)]
    assert HoursLedgerEntry.objects.count() == 1


def test_it_answers_per_action_so_one_bad_action_does_not_block_the_rest(world, today_session):
    client, token = _csrf_client(world.sam)
    now = timezone.now().isoformat()
    actions = [
        {"key": "short", "allocation": today_session.alex_allocation.pk, "kind": "check_in", "client_at": now},
        {"key": str(uuid.uuid4()), "allocation": 999999, "kind": "check_in", "client_at": now},
        {"key": str(uuid.uuid4()), "allocation": world.session_not_sams.pk, "kind": "check_in", "client_at": now},
        {
            "key": str(uuid.uuid4()),
            "allocation": today_session.alex_allocation.pk,
            "kind": "check_in",
            "client_at": now,
        },
    ]
    results = _post(client, actions, token).json()["results"]
    assert [x["status"] for x in results] == ["rejected", "rejected", "rejected", "applied"]
    assert results[1]["error"] == "No such allocation in your sessions."
    assert AttendanceRecord.objects.count() == 1


def test_it_needs_authentication(world, today_session):
    r = Client().post(SYNC, data=json.dumps({"actions": []}), content_type="application/json")
    assert r.status_code == 401


def test_it_lets_a_coordinator_adjust_and_reverse_through_the_api(client, world):
    client.force_login(world.cora)
    url = f"/api/v1/attendance/requirements/{world.alex_requirement.pk}"
    body = {"minutes": 90, "reason": "Travel time", "idempotency_key": "adjust-key-0001"}
    first = client.post(f"{url}/adjustments", body, content_type="application/json")
    again = client.post(f"{url}/adjustments", body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    entry_id = first.json()["id"]
    r = client.post(
        f"/api/v1/attendance/ledger/{entry_id}/reverse", {"reason": "Wrong person"}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["minutes"] == -90 and r.json()["reverses"] == entry_id
    r = client.post(
        f"/api/v1/attendance/ledger/{entry_id}/reverse", {"reason": "Again"}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["detail"] == "This entry has already been reversed."
    ledger = client.get(f"{url}/ledger").json()
    assert ledger["minutes_credited"] == 0
    assert [(e["kind"], e["minutes"], e["author"]) for e in ledger["entries"]] == [
        ("adjustment", 90, "cora"),
        ("correction", -90, "cora"),
    ]
    bad = client.post(f"{url}/adjustments", {"minutes": 0, "reason": "x"}, content_type="application/json")
    assert bad.json()["detail"] == "An adjustment must be a whole number of minutes other than zero."


def test_it_refuses_the_ledger_to_other_regions_and_roles(client, world):
    url = f"/api/v1/attendance/requirements/{world.alex_requirement.pk}"
    client.force_login(world.nia)
    assert client.get(f"{url}/ledger").status_code == 404
    assert (
        client.post(f"{url}/adjustments", {"minutes": 5, "reason": "x"}, content_type="application/json").status_code
        == 404
    )
    for user in (world.sam, world.pat):
        client.force_login(user)
        assert client.get(f"{url}/ledger").status_code == 403
