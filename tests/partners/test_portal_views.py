"""The partner portal pages: proposing, editing, submitting, messages, impact and scoping."""

import datetime as dt

import pytest

from partners.models import Project, ProjectEvent, ProjectEventKind, ProjectStatus
from partners.projects import services
from partners.uploads import CONTENT_MISMATCH, TOO_BIG, WRONG_TYPE
from partners.workflow import Action
from tests import factories as f
from tests.partners.conftest import PNG, docx, pdf

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    data = {
        "name": "Ouseburn riverside clear-up",
        "description": "Clearing litter and brambles along the river path.",
        "beneficiary": "Walkers and the local school",
        "site_name": "Ouseburn path",
        "address": "Ouseburn Road, Newcastle",
        "postcode": "ne2 1aa",
        "project_type": "group",
        "work_type": "gardening",
        "capacity": "6",
        "start_date": "2027-03-01",
        "end_date": "",
        "tools_provided": "on",
        "toilets": "on",
        "public_facing": "on",
        "day_0": "on",
        "start_0": "10:00",
        "end_0": "15:00",
        "frequency_0": "weekly",
        "intent": "draft",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_it_shows_the_partner_only_its_own_projects(client, places):
    client.force_login(places.pat)
    r = client.get("/partner/")
    assert r.status_code == 200
    assert b"Jesmond Dene clearance" in r.content
    assert b"Food bank warehouse" not in r.content


def test_it_refuses_the_portal_to_coordinators(client, places):
    client.force_login(places.cora)
    assert client.get("/partner/").status_code == 403
    assert client.get("/partner/projects/new/").status_code == 403


def test_it_sends_anonymous_users_to_sign_in(client, places):
    r = client.get("/partner/")
    assert r.status_code == 302
    assert r.url.startswith("/login/")


def test_it_saves_a_draft_with_a_geocoded_site(client, places):
    client.force_login(places.pat)
    r = client.post("/partner/projects/new/", form_data())
    project = Project.objects.get(name="Ouseburn riverside clear-up")
    assert r.status_code == 302
    assert r.url == f"/partner/projects/{project.pk}/"
    assert project.status == ProjectStatus.DRAFT
    assert project.organisation == places.org_a
    assert (project.site.postcode, project.site.pdu, project.site.latitude) == ("NE2 1AA", places.newcastle, 54.98)
    assert project.public_facing and project.tools_provided and not project.heavy_work
    slot = project.schedule.get()
    assert (slot.weekday, slot.start_time, slot.end_time) == (0, dt.time(10), dt.time(15))
    assert project.events.get().kind == ProjectEventKind.CREATED


def test_it_submits_a_complete_proposal(client, places, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(places.pat)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/partner/projects/new/", form_data(intent="submit", risk_assessment=pdf()), follow=True)
    project = Project.objects.get(name="Ouseburn riverside clear-up")
    assert project.status == ProjectStatus.SUBMITTED
    assert b"has been submitted for review" in r.content
    assert project.risk_assessment_name == "risk.pdf"
    assert [m.to for m in mailoutbox] == [[places.cora.email]]


def test_it_asks_for_the_risk_assessment_before_submitting_and_saves_nothing(client, places):
    client.force_login(places.pat)
    r = client.post("/partner/projects/new/", form_data(intent="submit"))
    assert r.context["form"].errors == {"risk_assessment": [services.SUBMIT_NEEDS_RISK_ASSESSMENT]}
    assert not Project.objects.filter(name="Ouseburn riverside clear-up").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"postcode": "NOT A CODE"}, "postcode", "Enter a real postcode"),
        ({"postcode": "NE99 9ZZ"}, "postcode", 'Postcode "NE99 9ZZ" was not found'),
        ({"postcode": "CF10 1AA"}, "postcode", "outside your organisation"),
        ({"end_date": "2027-01-01"}, "end_date", "The end date must be the same as or after"),
        ({"end_0": "09:00"}, "end_0", "The end time for Monday must be after"),
        ({"start_0": ""}, "start_0", "Enter a start and end time for Monday"),
        ({"capacity": "80"}, "capacity", "Enter a number of people between 1 and 50"),
        ({"name": ""}, "name", "Enter the name of the project"),
    ],
)
def test_it_shows_field_level_errors(client, places, overrides, field, message):
    client.force_login(places.pat)
    r = client.post("/partner/projects/new/", form_data(**overrides))
    assert r.status_code == 200
    assert message in " ".join(r.context["form"].errors[field])
    assert b"govuk-error-summary" in r.content
    assert not Project.objects.filter(name="Ouseburn riverside clear-up").exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf(name="risk.exe"), WRONG_TYPE.format(kinds="PDF, DOCX or ODT")),
        (pdf(name="risk.pdf", content=b"MZ\x90\x00 not a pdf"), CONTENT_MISMATCH.format(kind="PDF")),
        (pdf(name="risk.docx"), CONTENT_MISMATCH.format(kind="DOCX")),
        (pdf(name="risk.pdf", content=b""), "The selected risk assessment is empty"),
    ],
)
def test_it_checks_the_type_and_content_of_the_risk_assessment(client, places, upload, message):
    client.force_login(places.pat)
    r = client.post("/partner/projects/new/", form_data(risk_assessment=upload))
    assert r.status_code == 200
    assert message in r.context["form"].errors["risk_assessment"]


def test_it_refuses_a_risk_assessment_over_the_size_limit(client, places, settings):
    settings.UPW_UPLOAD_MAX_MB = 1
    client.force_login(places.pat)
    big = pdf(content=b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    r = client.post("/partner/projects/new/", form_data(risk_assessment=big))
    assert TOO_BIG.format(mb=1) in r.context["form"].errors["risk_assessment"]


def test_it_accepts_a_docx_risk_assessment(client, places):
    client.force_login(places.pat)
    client.post("/partner/projects/new/", form_data(risk_assessment=docx()))
    assert Project.objects.get(name="Ouseburn riverside clear-up").risk_assessment_name == "risk.docx"


def test_it_serves_the_risk_assessment_only_to_those_who_may_see_the_project(client, propose, places):
    project = propose()
    url = f"/partner/projects/{project.pk}/risk-assessment/"
    client.force_login(places.pat)
    r = client.get(url)
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith('attachment; filename="risk.pdf"')
    assert b"".join(r.streaming_content).startswith(b"%PDF")
    client.force_login(places.cora)
    assert client.get(url).status_code == 200
    for outsider in (places.quinn, places.nia):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    assert not project.risk_assessment.url.startswith("/partner/")  # stored under MEDIA_ROOT, never linked


def test_it_lets_the_partner_edit_while_in_review_and_records_it(client, propose, places):
    project = services.project_transition(project=propose(), user=places.pat, action=Action.SUBMIT)
    project = services.project_transition(project=project, user=places.cora, action=Action.START_REVIEW)
    client.force_login(places.pat)
    r = client.post(f"/partner/projects/{project.pk}/edit/", form_data(capacity="8", intent="save"))
    assert r.status_code == 302
    project.refresh_from_db()
    assert (project.capacity, project.status) == (8, ProjectStatus.IN_REVIEW)
    edit = project.events.filter(kind=ProjectEventKind.EDITED).get()
    assert edit.actor == places.pat
    assert "Capacity: 6 to 8" in edit.message


def test_it_stops_partner_edits_once_approved(client, propose, places):
    project = propose()
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.APPROVED)
    client.force_login(places.pat)
    r = client.post(f"/partner/projects/{project.pk}/edit/", form_data(capacity="8"))
    assert r.status_code == 302
    project.refresh_from_db()
    assert project.capacity == 6
    with pytest.raises(services.PermissionDenied):
        services.project_update(project=project, user=places.pat, fields={"capacity": 8})


def test_it_refuses_partner_a_anything_of_partner_b(client, places):
    project_b = places.project_b
    client.force_login(places.pat)
    for url in (
        f"/partner/projects/{project_b.pk}/",
        f"/partner/projects/{project_b.pk}/edit/",
        f"/partner/projects/{project_b.pk}/risk-assessment/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (f"/partner/projects/{project_b.pk}/submit/", f"/partner/projects/{project_b.pk}/messages/"):
        assert client.post(url, {"message": "hello"}).status_code == 404, url
    assert not ProjectEvent.objects.filter(project=project_b).exists()
    with pytest.raises(services.Http404):
        services.project_update(project=project_b, user=places.pat, fields={"capacity": 2})
    with pytest.raises(services.PermissionDenied):
        services.project_create(
            user=places.pat, organisation=places.org_b, fields={}, site=services.SiteDetails("x", "y", "CF10 1AA")
        )


def test_it_threads_messages_between_partner_and_coordinator(
    client, propose, places, mailoutbox, django_capture_on_commit_callbacks
):
    project = services.project_transition(project=propose(), user=places.pat, action=Action.SUBMIT)
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(places.cora)
        client.post(f"/partner/projects/{project.pk}/messages/", {"message": "Is there a toilet on site?"})
        client.force_login(places.pat)
        r = client.post(f"/partner/projects/{project.pk}/messages/", {"message": "Yes, in the cafe."})
    assert r.url == f"/partner/projects/{project.pk}/#messages"
    page = client.get(f"/partner/projects/{project.pk}/")
    assert b"Is there a toilet on site?" in page.content
    assert b"Yes, in the cafe." in page.content
    assert [m.to for m in mailoutbox[-2:]] == [[places.pat.email], [places.cora.email]]


def test_it_shows_impact_as_counts_without_names(client, places):
    session = places.session_a
    session.date = dt.date.today() - dt.timedelta(days=3)
    session.save()
    client.force_login(places.pat)
    r = client.get(f"/partner/projects/{places.project_a.pk}/")
    assert r.status_code == 200
    assert r.context["impact"].sessions_held >= 1
    assert b"Alex" not in r.content
    assert b"A123456" not in r.content


def test_it_adds_and_serves_a_photo_only_in_scope(client, places):
    client.force_login(places.pat)
    from django.core.files.uploadedfile import SimpleUploadedFile

    image = SimpleUploadedFile("work.png", PNG)
    client.post(f"/partner/projects/{places.project_a.pk}/photos/", {"image": image, "caption": "New path"})
    photo = places.project_a.photos.get()
    assert client.get(f"/partner/photos/{photo.pk}/").status_code == 200
    client.force_login(places.quinn)
    assert client.get(f"/partner/photos/{photo.pk}/").status_code == 404


def test_it_refuses_a_renamed_file_as_a_photo(client, places):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(places.pat)
    client.post(
        f"/partner/projects/{places.project_a.pk}/photos/",
        {"image": SimpleUploadedFile("work.png", b"<html>"), "caption": "x"},
    )
    assert not places.project_a.photos.exists()


def test_it_keeps_other_organisations_out_of_the_partner_navigation(client, places):
    client.force_login(places.pat)
    r = client.get("/partner/")
    assert b'href="/partner/"' in r.content
    assert b'href="/review/"' not in r.content


def test_a_national_partner_may_propose_in_any_region(places):
    national = f.OrganisationFactory(name="Canal Trust", kind="national", region=None)
    user = f.MembershipFactory(organisation=national).user
    project = services.project_create(
        user=user,
        organisation=national,
        fields={"name": "Canal towpath", "work_type": "canal", "start_date": dt.date(2027, 3, 1)},
        site=services.SiteDetails("Taff towpath", "Cardiff", "CF10 1AA"),
    )
    assert project.site.pdu == places.cardiff


def test_a_retried_proposal_makes_one_project(client, places):
    client.force_login(places.pat)
    first = client.post("/partner/projects/new/", form_data(submission_id="abc123"))
    again = client.post("/partner/projects/new/", form_data(submission_id="abc123"))
    assert first.url == again.url
    assert Project.objects.filter(name="Ouseburn riverside clear-up").count() == 1


def test_a_site_other_projects_use_is_not_moved_by_a_new_proposal(places):
    from tests.partners.conftest import SITE, proposal_fields

    services.project_create(user=places.pat, organisation=places.org_a, fields=proposal_fields(), site=SITE)
    moved = services.SiteDetails(name=SITE.name, address="Elsewhere", postcode="NE2 9ZZ")
    with pytest.raises(services.ValidationError) as error:
        services.project_create(user=places.pat, organisation=places.org_a, fields=proposal_fields(), site=moved)
    assert error.value.message_dict == {"site_name": [services.SITE_NAME_IN_USE]}
