"""Public nominations: the form, its reference, the honeypot, the rate limit and triage."""

import re

import pytest

from partners.models import Nomination, NominationStatus, ProjectStatus
from partners.nominations import services

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Clear the overgrown path by the allotments",
    "description": "Brambles block the path to the allotments and the school garden.",
    "location": "Behind St Mary's church, Jesmond",
    "postcode": "ne2 3aa",
    "toilets": "no",
    "accessible": "unknown",
    "nominator_name": "Jo Bloggs",
    "nominator_email": "jo@example.org",
    "nominator_phone": "",
    "organisation_name": "Friends of Jesmond",
    "website": "",
}


def test_it_shows_the_form_without_signing_in(client, places):
    r = client.get("/nominate/")
    assert r.status_code == 200
    assert b"Nominate a Community Payback project" in r.content


def test_it_takes_a_nomination_and_gives_a_reference(client, places, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/nominate/", FORM, follow=True)
    nomination = Nomination.objects.get()
    assert re.fullmatch(r"NOM-\d{4}-\d{6}", nomination.reference)
    assert nomination.reference.encode() in r.content
    assert (nomination.postcode, nomination.region) == ("NE2 3AA", places.north_east)
    assert nomination.status == NominationStatus.NEW
    assert {tuple(m.to) for m in mailoutbox} == {("jo@example.org",), (places.cora.email,)}


def test_it_shows_field_errors(client, places):
    r = client.post("/nominate/", {**FORM, "postcode": "nonsense", "nominator_email": "not-an-email"})
    assert r.status_code == 200
    assert set(r.context["form"].errors) == {"postcode", "nominator_email"}
    assert not Nomination.objects.exists()


def test_it_silently_drops_what_fills_the_honeypot(client, places):
    r = client.post("/nominate/", {**FORM, "website": "http://spam.example"}, follow=True)
    assert r.status_code == 200
    assert b"Nomination sent" in r.content
    assert not Nomination.objects.exists()


def test_it_throttles_repeated_nominations_from_one_address(client, places, settings):
    settings.UPW_NOMINATIONS_PER_HOUR = 3
    for _ in range(3):
        assert client.post("/nominate/", FORM).status_code == 302
    r = client.post("/nominate/", FORM)
    assert r.status_code == 429
    assert b"too many nominations" in r.content
    assert Nomination.objects.count() == 3
    # Another address is not held back.
    assert client.post("/nominate/", FORM, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_confirmation_page_needs_a_nomination_first(client, places):
    assert client.get("/nominate/submitted/").url == "/nominate/"


def test_coordinators_see_nominations_of_their_regions(client, places):
    client.post("/nominate/", FORM)
    welsh = client.post("/nominate/", {**FORM, "postcode": "CF10 2AA", "name": "Welsh"})
    assert welsh.status_code == 302
    client.force_login(places.cora)
    names = [n.name for n in client.get("/review/nominations/").context["page_obj"]]
    assert names == [FORM["name"]]
    other = Nomination.objects.get(name="Welsh")
    assert client.get(f"/review/nominations/{other.pk}/").status_code == 404
    client.force_login(places.pat)
    assert client.get("/review/nominations/").status_code == 403


def test_a_coordinator_declines_a_nomination(client, places, mailoutbox, django_capture_on_commit_callbacks):
    client.post("/nominate/", FORM)
    nomination = Nomination.objects.get()
    client.force_login(places.cora)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/review/nominations/{nomination.pk}/", {"form": "triage", "status": "declined", "note": "Private land."}
        )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.triaged_by) == (NominationStatus.DECLINED, places.cora)
    assert "Private land." in mailoutbox[-1].body


def test_a_coordinator_turns_a_nomination_into_a_partners_draft_project(client, places):
    client.post("/nominate/", FORM)
    nomination = Nomination.objects.get()
    client.force_login(places.cora)
    r = client.post(
        f"/review/nominations/{nomination.pk}/",
        {
            "form": "convert",
            "organisation": places.org_a.pk,
            "work_type": "gardening",
            "project_type": "group",
            "start_date": "2027-04-05",
        },
    )
    nomination.refresh_from_db()
    project = nomination.project
    assert r.url == f"/review/projects/{project.pk}/"
    assert (project.organisation, project.status, project.toilets) == (places.org_a, ProjectStatus.DRAFT, False)
    assert nomination.status == NominationStatus.CONVERTED
    assert project.site.postcode == "NE2 3AA"
    with pytest.raises(services.ValidationError):
        services.nomination_convert(nomination=nomination, user=places.cora, organisation=places.org_a, work_type="x")
    # The partner finds it in its portal.
    client.force_login(places.pat)
    assert client.get(f"/partner/projects/{project.pk}/").status_code == 200


def test_it_takes_an_optional_photo_and_shows_it_only_to_coordinators(client, places):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.partners.conftest import PNG

    client.post("/nominate/", {**FORM, "photo": SimpleUploadedFile("place.png", PNG)})
    nomination = Nomination.objects.get()
    assert nomination.photo
    url = f"/review/nominations/{nomination.pk}/photo/"
    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(places.cora)
    assert client.get(url).status_code == 200
    client.force_login(places.nia)
    assert client.get(url).status_code == 404
    client.force_login(places.cora)
    client.post(
        f"/review/nominations/{nomination.pk}/",
        {"form": "convert", "organisation": places.org_a.pk, "work_type": "gardening", "project_type": "group",
         "start_date": "2027-04-05"},
    )  # fmt: skip
    nomination.refresh_from_db()
    assert nomination.project.photos.get().image.name == nomination.photo.name


def test_it_refuses_a_photo_that_is_not_an_image(client, places):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post("/nominate/", {**FORM, "photo": SimpleUploadedFile("place.png", b"<script>")})
    assert r.status_code == 200
    assert "photo" in r.context["form"].errors
    assert not Nomination.objects.exists()
