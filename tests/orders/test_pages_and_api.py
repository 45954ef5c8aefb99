"""The order's page and actions for coordinators, and the same through the API."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.api import bearer
from upw.models import Requirement
from upw.models.requirements import RequirementStatus

pytestmark = pytest.mark.django_db


def _past_deadline(requirement):
    today = timezone.localdate()
    Requirement.objects.filter(pk=requirement.pk).update(
        sentence_date=today - dt.timedelta(days=400),
        deadline=today - dt.timedelta(days=35),
        status=RequirementStatus.IN_PROGRESS,
        induction_completed_on=today - dt.timedelta(days=390),
    )


def test_the_person_page_links_to_the_order_and_says_past_deadline_with_the_actions(client, world):
    _past_deadline(world.alex_requirement)
    client.force_login(world.cora)
    page = client.get(reverse("person", args=["A123456"])).content.decode()
    assert reverse("order", args=[world.alex_requirement.pk]) in page
    assert "Past deadline: extension or return to court needed" in page
    assert reverse("order_action", args=[world.alex_requirement.pk, "extend"]) in page
    order = client.get(reverse("order", args=[world.alex_requirement.pk])).content.decode()
    assert "Past deadline: extension or return to court needed" in order
    assert "Record a court extension" in order and "Pause the order" in order


def test_a_coordinator_records_an_extension_from_the_page(client, world):
    _past_deadline(world.alex_requirement)
    client.force_login(world.cora)
    today = timezone.localdate()
    new = today + dt.timedelta(days=90)
    response = client.post(
        reverse("order_action", args=[world.alex_requirement.pk, "extend"]),
        {
            "new_deadline": new.isoformat(),
            "court": "Newcastle Magistrates' Court",
            "decided_on": today.isoformat(),
            "court_reference": "NMC/123",
        },
    )
    assert response.status_code == 302
    world.alex_requirement.refresh_from_db()
    assert world.alex_requirement.deadline == new
    page = client.get(reverse("order", args=[world.alex_requirement.pk])).content.decode()
    assert "Extended by the court" in page and "NMC/123" in page
    assert "extension or return to court needed" not in page


def test_the_action_page_shows_field_errors(client, world):
    client.force_login(world.cora)
    response = client.post(
        reverse("order_action", args=[world.alex_requirement.pk, "pause"]), {"pause_reason": "custody"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert (
        "There is a problem" in content
        and "Give the reason" in content
        and "Enter the date the person stopped being able to work" in content
    )


def test_a_coordinator_pauses_and_resumes_from_the_pages(client, world):
    client.force_login(world.cora)
    today = timezone.localdate()
    old = world.alex_requirement.deadline
    client.post(
        reverse("order_action", args=[world.alex_requirement.pk, "pause"]),
        {
            "pause_reason": "illness",
            "effective_on": (today - dt.timedelta(days=10)).isoformat(),
            "reason": "In hospital",
        },
    )
    world.alex_requirement.refresh_from_db()
    assert world.alex_requirement.status == RequirementStatus.PAUSED
    page = client.get(reverse("order", args=[world.alex_requirement.pk])).content.decode()
    assert "Resume the order" in page and "Pause the order" not in page
    client.post(
        reverse("order_action", args=[world.alex_requirement.pk, "resume"]), {"effective_on": today.isoformat()}
    )
    world.alex_requirement.refresh_from_db()
    assert world.alex_requirement.status != RequirementStatus.PAUSED
    assert world.alex_requirement.deadline == old + dt.timedelta(days=10)


def test_the_order_pages_are_for_coordinators_of_the_region(client, world):
    url = reverse("order", args=[world.alex_requirement.pk])
    client.force_login(world.nia)
    assert client.get(url).status_code == 404
    assert client.post(reverse("order_action", args=[world.alex_requirement.pk, "revoke"])).status_code == 404
    client.force_login(world.sam)
    assert client.get(url).status_code == 403
    client.force_login(world.cora)
    assert client.get(reverse("order_action", args=[world.alex_requirement.pk, "nonsense"])).status_code == 404
    assert client.delete(url).status_code == 405


def test_an_action_not_allowed_now_is_refused_with_a_message(client, world):
    client.force_login(world.cora)
    response = client.get(reverse("order_action", args=[world.alex_requirement.pk, "resume"]), follow=True)
    assert "not possible while the order is" in response.content.decode()


def test_the_api_extends_pauses_resumes_and_ends_an_order(client, world):
    headers = bearer(world.cora)
    url = f"/api/v1/orders/{world.alex_requirement.pk}"
    today = timezone.localdate()
    body = client.get(url, **headers).json()
    assert body["allowed_actions"] == ["extend", "pause", "revoke", "breach", "transfer"]
    new = (world.alex_requirement.deadline + dt.timedelta(days=60)).isoformat()
    r = client.post(
        f"{url}/extensions",
        {"new_deadline": new, "court": "Newcastle Crown Court", "decided_on": today.isoformat()},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 200 and r.json()["deadline"] == new
    r = client.post(
        f"{url}/pause",
        {"pause_reason": "custody", "reason": "Remanded", "effective_on": today.isoformat()},
        content_type="application/json",
        **headers,
    )
    assert r.json()["status"] == "paused"
    r = client.post(f"{url}/resume", {"effective_on": today.isoformat()}, content_type="application/json", **headers)
    assert r.json()["status"] in ("unallocated", "in_progress")
    r = client.post(
        f"{url}/transfer",
        {"reason": "Moved", "effective_on": today.isoformat(), "transferred_to": "Scotland"},
        content_type="application/json",
        **headers,
    )
    body = r.json()
    assert body["status"] == "transferred" and body["ended_at"] and body["allowed_actions"] == []
    assert [e["kind"] for e in body["events"]] == ["transfer", "resume", "pause", "extension"]


def test_the_api_says_why_an_action_is_refused(client, world):
    r = client.post(
        f"/api/v1/orders/{world.alex_requirement.pk}/extensions",
        {
            "new_deadline": world.alex_requirement.deadline.isoformat(),
            "court": "X",
            "decided_on": timezone.localdate().isoformat(),
        },
        content_type="application/json",
        **bearer(world.cora),
    )
    assert r.status_code == 409
    assert r.json()["field"] == "new_deadline" and "after the current deadline" in r.json()["detail"]


def test_the_api_refuses_other_regions_and_roles(client, world):
    url = f"/api/v1/orders/{world.alex_requirement.pk}"
    assert client.get(url, **bearer(world.nia)).status_code == 404
    assert client.get(url, **bearer(world.sam)).status_code == 403
    assert client.get(url, **bearer(world.pat)).status_code == 403


def test_the_order_page_has_a_plain_title_and_one_list_of_warnings(client, world):
    client.force_login(world.cora)
    page = client.get(f"/orders/{world.alex_requirement.pk}/").content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and f"Order {world.alex_requirement.order_reference}" in title
    assert page.count('id="order-enforcement"') + page.count("No warnings or referrals under this order") == 1
