"""Referring on a first failure from the decision page; the referrals page and API with outcomes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.api import bearer
from tests.enforcement.test_warnings_per_order import failure, unacceptable
from upw.models import EnforcementAction
from upw.models.enforcement import EnforcementKind
from upw.models.requirements import RequirementStatus

pytestmark = pytest.mark.django_db


def test_the_decision_page_refers_on_a_first_failure(client, world):
    record = failure(world, world.alex_requirement)
    client.force_login(world.cora)
    page = client.get(reverse("absence_decide", args=[record.pk])).content.decode()
    assert "refer to the enforcement officer now" in page
    client.post(reverse("absence_decide", args=[record.pk]), {"decision": "refer", "reason": "Threatened staff"})
    assert EnforcementAction.objects.get(attendance=record).kind == EnforcementKind.REFER_TO_OFFICER


def test_the_referrals_page_records_breach_laid(client, world):
    referral = unacceptable(world, failure(world, world.alex_requirement), refer=True)
    client.force_login(world.cora)
    listing = client.get(reverse("referrals")).content.decode()
    assert reverse("referral_outcome", args=[referral.pk]) in listing
    today = timezone.localdate()
    response = client.post(
        reverse("referral_outcome", args=[referral.pk]),
        {"form": "outcome", "outcome": "breach_laid", "outcome_on": today.isoformat(), "note": "Laid"},
    )
    assert response.status_code == 302
    world.alex_requirement.refresh_from_db()
    assert world.alex_requirement.status == RequirementStatus.BREACHED
    assert "Breach laid before the court" in client.get(reverse("referrals")).content.decode()


def test_the_referral_page_shows_errors_and_moves_the_respond_by_date(client, world):
    referral = unacceptable(world, failure(world, world.alex_requirement), refer=True)
    client.force_login(world.cora)
    url = reverse("referral_outcome", args=[referral.pk])
    content = client.post(url, {"form": "outcome"}).content.decode()
    assert "There is a problem" in content and "Select what came of the referral" in content
    later = timezone.localdate() + dt.timedelta(days=30)
    client.post(url, {"form": "respond_by", "respond_by": later.isoformat()})
    referral.refresh_from_db()
    assert referral.respond_by == later


def test_the_referral_pages_are_scoped(client, world):
    referral = unacceptable(world, failure(world, world.alex_requirement), refer=True)
    client.force_login(world.nia)
    assert client.get(reverse("referral_outcome", args=[referral.pk])).status_code == 404
    assert "No referrals" in client.get(reverse("referrals")).content.decode()
    client.force_login(world.sam)
    assert client.get(reverse("referrals")).status_code == 403


def test_the_api_lists_referrals_and_records_an_outcome(client, world):
    referral = unacceptable(world, failure(world, world.alex_requirement), refer=True)
    headers = bearer(world.cora)
    listed = client.get("/api/v1/enforcement/referrals?open=true", **headers).json()
    assert [r["id"] for r in listed["items"]] == [referral.pk]
    assert listed["items"][0]["respond_by"] == referral.respond_by.isoformat()
    url = f"/api/v1/enforcement/referrals/{referral.pk}/outcome"
    payload = {"outcome": "no_further_action", "outcome_on": timezone.localdate().isoformat()}
    r = client.post(url, payload, content_type="application/json", **headers)
    assert r.status_code == 200 and r.json()["outcome"] == "no_further_action"
    again = client.post(url, payload, content_type="application/json", **headers)
    assert again.status_code == 409 and "already been recorded" in again.json()["detail"]
    assert client.get("/api/v1/enforcement/referrals?open=true", **headers).json()["count"] == 0
    assert client.post(url, payload, content_type="application/json", **bearer(world.nia)).status_code == 404
    assert client.get("/api/v1/enforcement/referrals", **bearer(world.sam)).status_code == 403


def test_the_orders_page_lists_its_referrals_with_a_link_to_record_the_outcome(client, world):
    referral = unacceptable(world, failure(world, world.alex_requirement), refer=True)
    client.force_login(world.cora)
    page = client.get(reverse("order", args=[world.alex_requirement.pk])).content.decode()
    assert "Referred to the responsible officer" in page
    assert reverse("referral_outcome", args=[referral.pk]) in page
