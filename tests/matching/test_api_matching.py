"""The matching API: /api/v1/matching/runs."""

import pytest

from scheduler.models import MatchingRun
from tests.api import bearer
from upw.models import Allocation

URL = "/api/v1/matching/runs"

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_id(client, plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            URL,
            {"region": "north-east", "start_date": plan.start.isoformat(), "end_date": plan.end.isoformat()},
            content_type="application/json",
            **bearer(plan.world.cora),
        )
    assert r.status_code == 201, r.content
    return r.json()["id"]


def test_it_creates_a_run_and_reports_status_progress_and_figures(client, plan, run_id):
    body = client.get(f"{URL}/{run_id}", **bearer(plan.world.cora)).json()
    assert body["status"] == "ready"
    assert body["progress"] == 100
    assert body["region"] == "north-east"
    assert body["figures"]["hours_placed"] > 0
    assert body["figures"]["violations"] == 0
    listed = client.get(URL, **bearer(plan.world.cora)).json()
    assert [r["id"] for r in listed["items"]] == [run_id]


def test_the_dates_default_to_the_next_fortnight(client, plan):
    r = client.post(URL, {"region": "north-east"}, content_type="application/json", **bearer(plan.world.cora))
    assert r.status_code == 201
    run = MatchingRun.objects.get(pk=r.json()["id"])
    assert (run.end_date - run.start_date).days == 13


def test_it_refuses_bad_input(client, plan):
    headers = bearer(plan.world.cora)
    r = client.post(URL, {"region": "wales"}, content_type="application/json", **headers)
    assert r.status_code == 403
    r = client.post(URL, {"region": "atlantis"}, content_type="application/json", **headers)
    assert r.status_code == 400
    r = client.post(
        URL,
        {"region": "north-east", "start_date": plan.end.isoformat(), "end_date": plan.start.isoformat()},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 400
    r = client.post(URL, {"region": "north-east", "weights": {"bogus": 1}}, content_type="application/json", **headers)
    assert r.status_code == 400 and "bogus" in r.json()["detail"]


def test_it_lists_proposals(client, plan, run_id):
    body = client.get(f"{URL}/{run_id}/proposals", **bearer(plan.world.cora)).json()
    assert body["count"] > 0
    first = body["items"][0]
    assert {"crn", "session_id", "minutes", "explanation", "source", "distance_km"} <= set(first)
    crn = first["crn"]
    only = client.get(f"{URL}/{run_id}/proposals", {"crn": crn}, **bearer(plan.world.cora)).json()
    assert {p["crn"] for p in only["items"]} == {crn}


def test_an_adjustment_is_refused_with_the_reasons(client, plan, run_id):
    r = client.post(
        f"{URL}/{run_id}/adjustments",
        {"action": "add", "requirement_id": plan.men[0].id, "session_id": plan.women_session.id},
        content_type="application/json",
        **bearer(plan.world.cora),
    )
    assert r.status_code == 409
    assert "The session is for women only." in r.json()["reasons"]
    r = client.post(
        f"{URL}/{run_id}/adjustments", {"action": "explode"}, content_type="application/json", **bearer(plan.world.cora)
    )
    assert r.status_code == 400


def test_an_adjustment_removes_a_place_unless_the_rules_refuse(client, plan, run_id):
    headers = bearer(plan.world.cora)
    before = client.get(f"{URL}/{run_id}/proposals", **headers).json()
    proposals = before["items"]
    removed = None
    for target in proposals:
        r = client.post(
            f"{URL}/{run_id}/adjustments",
            {"action": "remove", "proposal_id": target["id"]},
            content_type="application/json",
            **headers,
        )
        if r.status_code == 409:
            # The one refusal a removal can meet: it would leave a woman alone in a mixed group.
            assert any("only woman" in reason for reason in r.json()["reasons"]), r.json()
            continue
        assert r.status_code == 200, r.content
        removed = target
        break
    assert removed is not None, "no proposal could be removed"
    after = client.get(f"{URL}/{run_id}/proposals", **headers).json()
    assert after["count"] == before["count"] - 1
    assert removed["id"] not in {p["id"] for p in after["items"]}


def test_approval_is_idempotent(client, plan, run_id):
    headers = bearer(plan.world.cora)
    first = client.post(f"{URL}/{run_id}/approve", **headers)
    assert first.status_code == 200
    body = first.json()
    assert body["created"] > 0 and not body["already_approved"]
    assert body["run"]["status"] == "approved"
    booked = set(Allocation.objects.filter(source=f"matching run {run_id}").values_list("id", flat=True))
    second = client.post(f"{URL}/{run_id}/approve", **headers)
    assert second.status_code == 200
    assert second.json()["already_approved"] and second.json()["created"] == 0
    assert set(Allocation.objects.filter(source=f"matching run {run_id}").values_list("id", flat=True)) == booked


def test_scoping(client, plan, run_id):
    assert client.get(f"{URL}/{run_id}", **bearer(plan.world.nia)).status_code == 404
    assert client.post(f"{URL}/{run_id}/approve", **bearer(plan.world.nia)).status_code == 404
    assert client.get(URL, **bearer(plan.world.nia)).json()["items"] == []
    for persona in (plan.world.pat, plan.world.sam):
        assert client.get(f"{URL}/{run_id}", **bearer(persona)).status_code == 403
        assert client.get(URL, **bearer(persona)).status_code == 403
        r = client.post(URL, {"region": "north-east"}, content_type="application/json", **bearer(persona))
        assert r.status_code == 403
    assert client.get(f"{URL}/{run_id}", **bearer(plan.world.admin)).status_code == 200
    assert client.get(f"{URL}/{run_id}").status_code == 401
