"""A retried hours adjustment (same idempotency key) is answered with the first entry, and says so."""

from upw.models import HoursLedgerEntry


def _adjust(client, requirement, **body):
    return client.post(
        f"/api/v1/attendance/requirements/{requirement.pk}/adjustments", body, content_type="application/json"
    )


def test_a_replayed_adjustment_answers_200_with_the_original_entry_and_credits_once(client, world):
    client.force_login(world.cora)
    first = _adjust(client, world.alex_requirement, minutes=90, reason="Travel time", idempotency_key="replay-key-01")
    replay = _adjust(client, world.alex_requirement, minutes=90, reason="Travel time", idempotency_key="replay-key-01")

    assert first.status_code == 201
    assert replay.status_code == 200
    assert replay.json() == first.json()
    assert HoursLedgerEntry.objects.filter(requirement=world.alex_requirement).count() == 1
    world.alex_requirement.refresh_from_db()
    assert world.alex_requirement.minutes_credited == 90


def test_a_replay_with_a_changed_body_still_returns_the_original_entry_unchanged(client, world):
    client.force_login(world.cora)
    first = _adjust(client, world.alex_requirement, minutes=90, reason="Travel time", idempotency_key="replay-key-02")
    replay = _adjust(client, world.alex_requirement, minutes=30, reason="Other", idempotency_key="replay-key-02")

    assert replay.status_code == 200
    assert replay.json()["minutes"] == first.json()["minutes"] == 90


def test_the_api_documents_both_answers():
    from upw.api import api

    operation = api.get_openapi_schema()["paths"]["/api/v1/attendance/requirements/{requirement_id}/adjustments"]
    assert {200, 201} <= set(operation["post"]["responses"])
