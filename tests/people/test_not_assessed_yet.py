"""Before the first assessment a person's risk, travel, availability and restrictions are unknown:
they are shown as "Not assessed yet", never as the starting values the record holds."""

import re

import pytest
from django.urls import reverse

from tests import factories as f
from tests.api import bearer
from tests.intake.conftest import DISTRICTS
from tests.intake.helpers import answer_everything
from upw.models import PostcodeDistrict

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts(db):
    for code, (lat, lon) in DISTRICTS.items():
        PostcodeDistrict.objects.create(district=code, area=code.rstrip("0123456789"), latitude=lat, longitude=lon)


def _page(client, user, crn) -> str:
    client.force_login(user)
    response = client.get(reverse("person", args=[crn]))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_person_not_assessed_yet_shows_no_risk_travel_or_availability_as_fact(client, world):
    waiting = f.PersonFactory(crn="A200001", pdu=world.newcastle, assessed_on=None, risk_level="low")
    f.RequirementFactory(person=waiting)
    text = _text(_page(client, world.cora, waiting.crn))
    assert "Risk level Not assessed yet" in text
    assert "Travel Not assessed yet" in text
    assert "Placement preference Not assessed yet" in text
    assert "Low" not in text
    assert "15 km" not in text
    assert "Available" not in text


def test_an_assessed_person_shows_the_assessment_s_answers(client, world):
    text = _text(_page(client, world.cora, world.alex.crn))
    assert "Not assessed yet" not in text
    assert "Risk level Medium" in text
    assert "Up to 15 km" in text
    assert "Available" in text


def test_the_api_says_whether_a_person_is_assessed(client, world):
    waiting = f.PersonFactory(crn="A200002", pdu=world.newcastle, assessed_on=None)
    body = client.get(f"/api/v1/people/{waiting.crn}", **bearer(world.cora)).json()
    assert body["assessed"] is False and body["assessed_on"] is None
    body = client.get(f"/api/v1/people/{world.alex.crn}", **bearer(world.cora)).json()
    assert body["assessed"] is True and body["assessed_on"] == world.alex.assessed_on.isoformat()


def test_the_new_order_form_chooses_no_gender_or_employment_for_the_user(client, world):
    client.force_login(world.cora)
    html = client.get(reverse("intake_new")).content.decode()
    assert 'name="gender" type="radio"' in html
    assert 'name="employment_status" type="radio"' in html
    assert " checked" not in html
    assert '<option value="female"' not in html


def test_the_new_order_form_asks_for_gender_and_employment_when_none_is_chosen(client, world):
    client.force_login(world.cora)
    response = client.post(reverse("intake_new"), {"crn": "K400001"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Select the person&#x27;s gender" in html
    assert "Select the person&#x27;s employment" in html


def test_a_first_assessment_starts_from_the_gender_and_employment_the_order_gave(client, world):
    person = f.PersonFactory(
        crn="A200003", pdu=world.newcastle, assessed_on=None, gender="non_binary", employment_status="education"
    )
    f.RequirementFactory(person=person)
    client.force_login(world.cora)
    client.post(reverse("assessment_start", args=[person.crn]))
    placement = client.get(reverse("assessment_section", args=[person.crn, "placement"])).content.decode()
    assert re.search(r'value="non_binary" checked', placement)
    assert not re.search(r'value="(male|female|not_stated)" checked', placement)
    ete = client.get(reverse("assessment_section", args=[person.crn, "ete"])).content.decode()
    assert re.search(r'value="education" checked', ete)


def test_a_re_assessment_starts_from_the_latest_answers_not_the_order(client, world, districts):
    person = f.PersonFactory(crn="A200004", pdu=world.newcastle, assessed_on=None, gender="female")
    f.RequirementFactory(person=person)
    client.force_login(world.cora)
    answer_everything(client, person.crn)
    client.post(reverse("assessment_check", args=[person.crn]))
    client.post(reverse("assessment_start", args=[person.crn]))
    placement = client.get(reverse("assessment_section", args=[person.crn, "placement"])).content.decode()
    assert re.search(r'value="male" checked', placement)
