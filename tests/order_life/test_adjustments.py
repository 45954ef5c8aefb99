"""Adjustments by hand: a reason from the list, at most that reason's maximum, never beyond what is owed
nor below nothing counted, dated (not in the future, not before sentence)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f
from upw.core import ledger


@pytest.fixture
def forty(world):
    return f.RequirementFactory(person=world.alex, hours_ordered=40)


def adjust(requirement, minutes, **kw):
    kw.setdefault("reason_code", "court_variation")
    return ledger.ledger_adjust(requirement_id=requirement.pk, minutes=minutes, reason="Variation", author=None, **kw)


def test_an_adjustment_cannot_credit_more_than_is_owed(forty):
    with pytest.raises(ledger.LedgerError, match="more than the 40h still owed") as refused:
        adjust(forty, 100 * 60)
    assert refused.value.field == "minutes"
    adjust(forty, 40 * 60)
    forty.refresh_from_db()
    assert forty.status == "completed"


def test_an_adjustment_cannot_take_off_more_than_is_counted(forty):
    adjust(forty, 120)
    with pytest.raises(ledger.LedgerError, match="more than the 2h counted"):
        adjust(forty, -180)


def test_each_reason_has_its_maximum(forty, settings):
    with pytest.raises(ledger.LedgerError, match="at most 7h"):
        adjust(forty, 8 * 60, reason_code="other")
    with pytest.raises(ledger.LedgerError, match="from the list"):
        adjust(forty, 60, reason_code="travel")


def test_an_adjustment_is_dated_within_the_order(forty):
    today = timezone.localdate()
    with pytest.raises(ledger.LedgerError, match="future"):
        adjust(forty, 60, effective_on=today + dt.timedelta(days=1))
    with pytest.raises(ledger.LedgerError, match="before the sentence"):
        adjust(forty, 60, effective_on=forty.sentence_date - dt.timedelta(days=1))
    entry = adjust(forty, 60, effective_on=forty.sentence_date)
    assert (entry.reason_code, entry.effective_on) == ("court_variation", forty.sentence_date)


def test_the_page_shows_the_refusal_next_to_the_minutes(client, world, forty):
    client.force_login(world.cora)
    page = client.post(
        f"/requirements/{forty.pk}/adjust/", {"reason_code": "court_variation", "minutes": "6000", "reason": "Varied"}
    ).content.decode()
    assert "more than the 40h still owed" in page and "govuk-error-summary" in page


def test_the_api_refuses_too_much_and_documents_the_sign(client, world, forty):
    from upw.api import api

    client.force_login(world.cora)
    url = f"/api/v1/attendance/requirements/{forty.pk}/adjustments"
    answer = client.post(
        url, {"minutes": 6000, "reason": "x", "reason_code": "court_variation"}, content_type="application/json"
    )
    assert answer.status_code == 400 and "still owed" in answer.json()["detail"]
    document = api.get_openapi_schema()
    body = document["paths"]["/api/v1/attendance/requirements/{requirement_id}/adjustments"]["post"]["requestBody"]
    name = body["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    assert (
        "MoJ Community Payback API" in document["components"]["schemas"][name]["properties"]["minutes"]["description"]
    )


def test_the_ledger_download_gives_both_sign_conventions(client, world, forty):
    adjust(forty, 90)
    client.force_login(world.cora)
    answer = client.get(f"/requirements/{forty.pk}/ledger.csv")
    lines = b"".join(answer.streaming_content).decode("utf-8-sig").splitlines()
    assert "positive credits time" in lines[0] and "positive adds to the hours required" in lines[0]
    assert ",90,-90,court_variation," in lines[1]
    client.force_login(world.nia)
    assert client.get(f"/requirements/{forty.pk}/ledger.csv").status_code == 404
