"""Booking straight from the ranked list: through check_placement, once, on the history, the person told."""

import pytest
from django.urls import reverse

from scheduler.models import DirectBooking
from tests.api import bearer
from upw.models import Allocation, AllocationStatus
from upw.reminders import services as reminders

pytestmark = pytest.mark.django_db


def _places(requirement, session):
    return Allocation.objects.filter(requirement=requirement, session=session, status=AllocationStatus.ALLOCATED)


def _book(client, fill, requirement, key="key-0000001", back=""):
    return client.post(
        reverse("candidate-book", args=[fill.session.pk]),
        {"person": requirement.person.pk, "idempotency_key": key, "back": back},
    )


def test_booking_the_top_person_puts_them_on_the_session(client, fill):
    client.force_login(fill.world.cora)
    response = _book(client, fill, fill.near)
    assert response.status_code == 302
    assert response.url == reverse("session", args=[fill.session.pk])
    place = _places(fill.near, fill.session).get()
    assert place.source == "booked directly"
    page = client.get(response.url).content.decode()
    assert "N100001" in page


def test_the_booking_is_on_the_places_history_with_who_made_it(client, fill):
    client.force_login(fill.world.cora)
    _book(client, fill, fill.near)
    history = Allocation.history.filter(requirement_id=fill.near.pk, session=fill.session).get()
    assert history.history_user == fill.world.cora
    assert history.history_change_reason.startswith("Booked directly by")


@pytest.fixture
def sent(monkeypatch):
    messages = []
    monkeypatch.setattr(reminders, "send", lambda message: messages.append(message) or ("test", "1"))
    return messages


def test_the_person_is_told_by_sms_when_they_have_not_opted_out(client, fill, sent, django_capture_on_commit_callbacks):
    client.force_login(fill.world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        _book(client, fill, fill.near)
    assert [(m.channel, m.to) for m in sent] == [("sms", fill.near.person.phone)]
    assert "you are booked on Wednesday 09 December" in sent[0].text


def test_someone_without_a_phone_is_told_by_email(client, fill, sent, django_capture_on_commit_callbacks):
    fill.near.person.phone = ""
    fill.near.person.save()
    client.force_login(fill.world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        _book(client, fill, fill.near)
    assert [(m.channel, m.to) for m in sent] == [("email", "near@example.org")]


def test_a_person_who_opted_out_is_not_told(client, fill, sent, django_capture_on_commit_callbacks):
    fill.near.person.reminders_opt_out = True
    fill.near.person.save()
    client.force_login(fill.world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        _book(client, fill, fill.near)
    assert sent == []
    assert _places(fill.near, fill.session).count() == 1


def test_a_double_submit_books_once(client, fill, sent, django_capture_on_commit_callbacks):
    client.force_login(fill.world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        _book(client, fill, fill.near)
        second = _book(client, fill, fill.near)
        third = _book(client, fill, fill.near, key="another-key-2")
    assert second.status_code == third.status_code == 302
    assert _places(fill.near, fill.session).count() == 1
    assert set(DirectBooking.objects.values_list("allocation_id", flat=True)) == {
        _places(fill.near, fill.session).get().pk
    }
    assert len(sent) == 1


def test_a_forged_post_cannot_book_someone_the_rules_refuse(client, fill):
    client.force_login(fill.world.cora)
    response = _book(client, fill, fill.excluded)
    assert response.status_code == 409
    assert "exclusion zones" in response.content.decode()
    assert not _places(fill.excluded, fill.session).exists()
    assert DirectBooking.objects.count() == 0


def test_someone_not_available_that_day_cannot_be_booked(client, fill):
    client.force_login(fill.world.cora)
    response = _book(client, fill, fill.busy)
    assert response.status_code == 409
    assert not _places(fill.busy, fill.session).exists()


def test_someone_who_must_not_meet_a_person_there_cannot_be_booked(client, fill):
    client.force_login(fill.world.cora)
    assert _book(client, fill, fill.enemy).status_code == 409
    assert not _places(fill.enemy, fill.session).exists()


def test_booking_from_the_person_page_goes_back_to_the_person(client, fill):
    client.force_login(fill.world.cora)
    response = _book(client, fill, fill.near, back="person")
    assert response.url.startswith(reverse("person", args=["N100001"]))


def test_a_coordinator_of_another_region_cannot_book_and_learns_nothing(client, fill):
    client.force_login(fill.world.nia)
    response = _book(client, fill, fill.near)
    assert response.status_code == 404
    assert b"N100001" not in response.content
    assert not _places(fill.near, fill.session).exists()


def test_a_partner_cannot_book(client, fill):
    client.force_login(fill.world.pat)
    assert _book(client, fill, fill.near).status_code == 403
    assert not _places(fill.near, fill.session).exists()


def test_booking_needs_a_post(client, fill):
    client.force_login(fill.world.cora)
    assert client.get(reverse("candidate-book", args=[fill.session.pk])).status_code == 405


# --- The API ------------------------------------------------------------------------------------------


def test_the_api_lists_the_ranked_candidates(client, fill):
    response = client.get(f"/api/v1/candidates/sessions/{fill.session.pk}", **bearer(fill.world.cora))
    assert response.status_code == 200
    body = response.json()
    points = [c["points"] for c in body["fits"]]
    assert points == sorted(points, reverse=True)
    refused = {c["crn"]: c["refusals"] for c in body["refused"]}
    assert any("exclusion zones" in r for r in refused["N100005"])


def test_the_api_lists_the_sessions_a_person_could_do(client, fill):
    response = client.get("/api/v1/candidates/people/N100001", **bearer(fill.world.cora))
    assert response.status_code == 200
    assert fill.session.pk in [c["session_id"] for c in response.json()["fits"]]


def test_the_api_books_once_under_an_idempotency_key(client, fill):
    def book():
        return client.post(
            f"/api/v1/candidates/sessions/{fill.session.pk}/book",
            {"crn": "N100001", "idempotency_key": "phone-retry-1"},
            content_type="application/json",
            **bearer(fill.world.cora),
        )

    first, second = book(), book()
    assert first.status_code == 201, first.content
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert second.json()["created"] is False
    assert _places(fill.near, fill.session).count() == 1


def test_the_api_refuses_a_key_used_for_another_booking(client, fill):
    payload = {"crn": "N100001", "idempotency_key": "phone-retry-2"}
    url = f"/api/v1/candidates/sessions/{fill.session.pk}/book"
    client.post(url, payload, content_type="application/json", **bearer(fill.world.cora))
    other = client.post(url, {**payload, "crn": "N100002"}, content_type="application/json", **bearer(fill.world.cora))
    assert other.status_code == 409
    assert not _places(fill.further, fill.session).exists()


def test_the_api_says_which_rules_refuse_a_booking(client, fill):
    response = client.post(
        f"/api/v1/candidates/sessions/{fill.session.pk}/book",
        {"crn": "N100005"},
        content_type="application/json",
        **bearer(fill.world.cora),
    )
    assert response.status_code == 409
    assert any("exclusion zones" in r for r in response.json()["reasons"])


def test_the_api_answers_another_regions_coordinator_404(client, fill):
    listed = client.get(f"/api/v1/candidates/sessions/{fill.session.pk}", **bearer(fill.world.nia))
    booked = client.post(
        f"/api/v1/candidates/sessions/{fill.session.pk}/book",
        {"crn": "N100001"},
        content_type="application/json",
        **bearer(fill.world.nia),
    )
    assert listed.status_code == booked.status_code == 404
    assert b"N100001" not in listed.content + booked.content


def test_the_api_refuses_a_partner(client, fill):
    response = client.get(f"/api/v1/candidates/sessions/{fill.session.pk}", **bearer(fill.world.pat))
    assert response.status_code == 403


def test_the_api_documents_the_candidates_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/candidates/sessions/{session_id}" in schema["paths"]
    assert "/api/v1/candidates/sessions/{session_id}/book" in schema["paths"]
