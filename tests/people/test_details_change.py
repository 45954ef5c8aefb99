"""Coordinators change a person's contact details, availability and restrictions after assessment,
with a reason that the person's history keeps."""

import pytest
from django.urls import reverse

from tests import factories as f
from upw import domain
from upw.models import Person, PostcodeDistrict

pytestmark = pytest.mark.django_db

CONTACT = {"phone": "07700 900999", "email": "alex@example.com", "address": "1 New Street", "postcode": "NE1 1AD"}


def _url(person, part):
    return reverse("person_details_change", args=[person.crn, part])


def _latest(person):
    return Person.history.filter(id=person.id).order_by("-history_date", "-history_id").first()


def test_a_coordinator_changes_contact_details_and_the_history_keeps_who_and_why(client, world):
    client.force_login(world.cora)
    response = client.post(_url(world.alex, "contact"), {**CONTACT, "reason": "New phone given at appointment"})
    assert response.status_code == 302 and response.url == reverse("person", args=[world.alex.crn])
    world.alex.refresh_from_db()
    assert world.alex.phone == "07700 900999"
    assert (world.alex.email, world.alex.address) == ("alex@example.com", "1 New Street")
    record = _latest(world.alex)
    assert record.history_user == world.cora
    assert record.history_change_reason == "Contact details: New phone given at appointment"
    page = client.get(reverse("person", args=[world.alex.crn])).content.decode()
    assert "New phone given at appointment" in page and "Address, email, phone" in page


def test_a_new_postcode_is_geocoded_as_intake_does(client, world):
    PostcodeDistrict.objects.create(district="NE6", area="NE", latitude=54.978, longitude=-1.565)
    client.force_login(world.cora)
    response = client.post(_url(world.alex, "contact"), {**CONTACT, "postcode": "ne6 5xb", "reason": "Moved house"})
    assert response.status_code == 302
    world.alex.refresh_from_db()
    assert (world.alex.postcode, world.alex.latitude, world.alex.longitude) == ("NE6 5XB", 54.978, -1.565)


def test_a_postcode_nobody_knows_is_refused_on_its_field(client, world):
    client.force_login(world.cora)
    response = client.post(_url(world.alex, "contact"), {**CONTACT, "postcode": "ZZ9 9ZZ", "reason": "Moved house"})
    assert response.status_code == 400
    assert "Enter a real postcode, like NE1 4XX" in response.content.decode()
    world.alex.refresh_from_db()
    assert world.alex.postcode == "NE1 1AD"


def test_every_change_needs_a_reason(client, world):
    client.force_login(world.cora)
    answers = {"contact": CONTACT, "availability": {"slots": ["0-0"]}, "restrictions": {"risk_level": "high"}}
    for part, data in answers.items():
        response = client.post(_url(world.alex, part), {**data, "reason": "  "})
        assert response.status_code == 400, part
        assert "Enter why you are making this change" in response.content.decode()
    world.alex.refresh_from_db()
    assert world.alex.risk_level == "medium" and world.alex.availability_mask == domain.FULL_AVAILABILITY


def test_a_coordinator_changes_availability_with_a_reason(client, world):
    client.force_login(world.cora)
    response = client.post(_url(world.alex, "availability"), {"slots": ["0-0", "2-1"], "reason": "Started a job"})
    assert response.status_code == 302
    world.alex.refresh_from_db()
    assert world.alex.availability == {(0, 0), (2, 1)}
    assert _latest(world.alex).history_change_reason == "Availability: Started a job"


def test_an_administrator_changes_restrictions_with_a_reason(client, world):
    client.force_login(world.admin)
    data = {"risk_level": "high", "no_children": "on", "supervisor_gender_restriction": ""}
    data["reason"] = "New MAPPA advice"
    response = client.post(_url(world.alex, "restrictions"), data)
    assert response.status_code == 302
    world.alex.refresh_from_db()
    assert world.alex.risk_level == "high" and world.alex.no_children
    record = _latest(world.alex)
    assert record.history_user == world.admin
    assert record.history_change_reason == "Restrictions: New MAPPA advice"


def test_restrictions_that_contradict_each_other_are_refused(client, world):
    client.force_login(world.cora)
    data = {"risk_level": "low", "individual_only": "on", "unsuitable_for_individual": "on", "reason": "Review"}
    response = client.post(_url(world.alex, "restrictions"), data)
    assert response.status_code == 400
    assert "cannot be both individual-only and unsuitable" in response.content.decode()


def test_the_forms_start_from_the_person_s_details(client, world):
    client.force_login(world.cora)
    assert "07700 900123" in client.get(_url(world.alex, "contact")).content.decode()
    assert 'value="medium" checked' in client.get(_url(world.alex, "restrictions")).content.decode()


def test_availability_and_restrictions_wait_for_the_assessment(client, world):
    waiting = f.PersonFactory(crn="A200011", pdu=world.newcastle, assessed_on=None)
    client.force_login(world.cora)
    response = client.post(_url(waiting, "availability"), {"slots": ["0-0"], "reason": "Asked"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.availability_mask == domain.FULL_AVAILABILITY
    assert client.get(_url(waiting, "contact")).status_code == 200


def test_partners_and_supervisors_are_refused(client, world):
    for user in (world.pat, world.sam):
        client.force_login(user)
        for part in ("contact", "availability", "restrictions"):
            assert client.get(_url(world.alex, part)).status_code == 403
            assert client.post(_url(world.alex, part), {**CONTACT, "reason": "x"}).status_code == 403


def test_a_coordinator_of_another_region_finds_nobody(client, world):
    client.force_login(world.nia)
    response = client.post(_url(world.alex, "contact"), {**CONTACT, "reason": "Moved"})
    assert response.status_code == 404
    world.alex.refresh_from_db()
    assert world.alex.phone == "07700 900123"


def test_the_person_page_offers_the_changes_to_coordinators(client, world):
    client.force_login(world.cora)
    page = client.get(reverse("person", args=[world.alex.crn])).content.decode()
    for part in ("contact", "availability", "restrictions"):
        assert _url(world.alex, part) in page
