"""POST /api/v1/bookings/bulk: the bulk service through the API, idempotent on its key."""

import pytest

from tests.api import bearer
from upw.models import AllocationStatus

pytestmark = pytest.mark.django_db

URL = "/api/v1/bookings/bulk"


def _post(client, user, body):
    return client.post(URL, body, content_type="application/json", **bearer(user))


def test_it_moves_each_place_and_says_what_happened(client, world, heaton):
    body = {
        "allocation_ids": [p.pk for p in heaton.places],
        "action": "move",
        "session_id": world.session_a.pk,
        "idempotency_key": "api-1",
    }
    answer = _post(client, world.cora, body)
    assert answer.status_code == 200
    data = answer.json()
    assert (data["done"], data["refused"], data["repeated"]) == (2, 0, False)
    assert {p["crn"] for p in data["people"]} == {r.person.crn for r in heaton.requirements}
    assert all(p["done"] for p in data["people"])


def test_a_retry_with_the_same_key_answers_the_same_and_changes_nothing(client, world, heaton):
    body = {
        "allocation_ids": [p.pk for p in heaton.places],
        "action": "cancel",
        "reason": "other",
        "idempotency_key": "a",
    }
    first = _post(client, world.cora, body).json()
    again = _post(client, world.cora, body).json()
    assert again["repeated"] and again["people"] == first["people"]
    assert heaton.places[0].history.filter(history_change_reason__startswith="Cancelled").count() == 1


def test_a_place_of_another_region_is_404_and_nothing_changes(client, world, heaton):
    body = {
        "allocation_ids": [p.pk for p in heaton.places],
        "action": "cancel",
        "reason": "other",
        "idempotency_key": "b",
    }
    answer = _post(client, world.nia, body)
    assert answer.status_code == 404
    assert "Heaton" not in answer.content.decode() and "A123456" not in answer.content.decode()
    assert heaton.session.allocations.filter(status=AllocationStatus.ALLOCATED).count() == 2


def test_a_target_session_of_another_region_is_404(client, world, heaton):
    body = {
        "allocation_ids": [heaton.places[0].pk],
        "action": "move",
        "session_id": world.session_b.pk,
        "idempotency_key": "c",
    }
    assert _post(client, world.cora, body).status_code == 404
    assert heaton.session.allocations.filter(status=AllocationStatus.ALLOCATED).count() == 2


def test_partners_are_refused(client, world, heaton):
    body = {"allocation_ids": [heaton.places[0].pk], "action": "cancel", "reason": "other", "idempotency_key": "d"}
    assert _post(client, world.pat, body).status_code == 403


def test_a_cancel_without_a_reason_is_409_and_a_missing_key_422(client, world, heaton):
    body = {"allocation_ids": [heaton.places[0].pk], "action": "cancel", "idempotency_key": "e"}
    assert _post(client, world.cora, body).status_code == 409
    del body["idempotency_key"]
    assert _post(client, world.cora, body).status_code == 422


def test_the_single_place_endpoints_still_answer(client, world, heaton):
    answer = _post_one = client.post(
        f"/api/v1/bookings/{heaton.places[0].pk}/cancel",
        {"reason": "other"},
        content_type="application/json",
        **bearer(world.cora),
    )
    assert _post_one.status_code == 200 and answer.json()["status"] == "cancelled"
