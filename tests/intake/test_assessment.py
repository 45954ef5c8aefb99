import pytest
from django.urls import reverse

from tests import factories as f
from tests.intake.helpers import FORM_DATA, answer_everything
from upw import domain
from upw.assessment import services as service
from upw.models import Assessment, AssessmentStatus, NonAssociation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(world, districts):
    person = f.PersonFactory(crn="K200001", pdu=world.newcastle, assessed_on=None)
    f.RequirementFactory(person=person, induction_completed_on=None)
    return person


def test_it_saves_a_draft_page_by_page(client, world, newcomer):
    client.force_login(world.cora)
    response = client.post(reverse("assessment_start", args=[newcomer.crn]))
    assert response.status_code == 302 and response.url.endswith("/assessment/availability/")
    response = client.post(
        reverse("assessment_section", args=[newcomer.crn, "availability"]), FORM_DATA["availability"]
    )
    assert response.status_code == 302 and response.url.endswith("/assessment/placement/")
    draft = Assessment.objects.get(person=newcomer)
    assert draft.status == AssessmentStatus.DRAFT and draft.version == 1
    assert draft.answers["availability"]["slots"] == ["0-0", "0-1", "2-0", "2-1", "5-0"]
    # Nothing reaches the person until the assessment is submitted.
    newcomer.refresh_from_db()
    assert newcomer.assessed_on is None and newcomer.availability_mask == domain.FULL_AVAILABILITY
    # Starting again continues the same draft.
    client.post(reverse("assessment_start", args=[newcomer.crn]))
    assert Assessment.objects.filter(person=newcomer).count() == 1


def test_it_shows_field_errors_on_a_question_page(client, world, newcomer):
    client.force_login(world.cora)
    client.post(reverse("assessment_start", args=[newcomer.crn]))
    response = client.post(reverse("assessment_section", args=[newcomer.crn, "availability"]), {})
    assert response.status_code == 400
    assert "Select at least one time of the week" in response.content.decode()
    response = client.post(
        reverse("assessment_section", args=[newcomer.crn, "risk"]),
        {"risk_level": "low", "zone_1_postcode": "NE4 5NL", "non_associations": "X999999 nobody"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Enter the radius of exclusion zone 1" in content and "no person with CRN X999999" in content


def test_it_submits_and_applies_the_answers_to_the_person(client, world, newcomer):
    client.force_login(world.cora)
    answer_everything(client, newcomer.crn)
    response = client.get(reverse("assessment_check", args=[newcomer.crn]))
    assert response.status_code == 200 and "Check your answers" in response.content.decode()
    response = client.post(reverse("assessment_check", args=[newcomer.crn]))
    assert response.status_code == 302
    person = Person.objects.get(pk=newcomer.pk)
    assert person.assessed_on is not None
    assert person.availability == {(0, 0), (0, 1), (2, 0), (2, 1), (5, 0)}
    assert person.no_children and person.no_heavy_work and person.max_travel_km == 12
    assert person.supervisor_gender_restriction == "not_female"
    assert person.employment_status == "unemployed" and person.ete_need
    zone = person.exclusion_zones.get()
    assert (zone.postcode, zone.radius_km) == ("NE4 5NL", 2.0)
    assert NonAssociation.objects.filter(person_a=min(person, world.alex, key=lambda p: p.id)).exists()
    assert person.requirements.get().intensive
    assert Assessment.objects.get(person=person).status == AssessmentStatus.SUBMITTED


def test_it_refuses_to_submit_an_incomplete_draft(client, world, newcomer):
    client.force_login(world.cora)
    client.post(reverse("assessment_start", args=[newcomer.crn]))
    response = client.post(reverse("assessment_check", args=[newcomer.crn]))
    assert response.status_code == 400
    assert "Answer every section" in response.content.decode()
    assert Person.objects.get(pk=newcomer.pk).assessed_on is None


def test_a_reassessment_is_a_new_version_and_matching_reads_the_latest(client, world, newcomer):
    client.force_login(world.cora)
    answer_everything(client, newcomer.crn)
    client.post(reverse("assessment_check", args=[newcomer.crn]))
    first = Assessment.objects.get(person=newcomer)

    client.post(reverse("assessment_start", args=[newcomer.crn]))
    second = service.current_draft(newcomer)
    assert second.version == 2 and second.answers == first.answers  # starts from the latest answers
    client.post(reverse("assessment_section", args=[newcomer.crn, "availability"]), {"slots": ["6-0", "6-1"]})
    client.post(reverse("assessment_check", args=[newcomer.crn]))

    first.refresh_from_db()
    assert first.answers["availability"]["slots"] == FORM_DATA["availability"]["slots"]  # kept as it was
    assert Person.objects.get(pk=newcomer.pk).availability == {(6, 0), (6, 1)}
    assert list(newcomer.assessments.values_list("version", "status")) == [(2, "submitted"), (1, "submitted")]
    assert client.get(reverse("assessment_version", args=[newcomer.crn, 1])).status_code == 200


def test_intensive_working_needs_an_unemployed_person(world, newcomer):
    draft = service.assessment_start(person=newcomer, by=world.cora)
    answers = {key: {} for key in ("availability", "placement", "risk", "health", "travel", "skills")}
    answers["ete"] = {"employment_status": "employed"}
    answers["intensive"] = {"intensive": True}
    draft.answers = answers
    draft.save()
    with pytest.raises(service.AssessmentError, match="Intensive working"):
        service.assessment_submit(assessment=draft, by=world.cora)


def test_restriction_sections_are_only_for_roles_that_may_see_them(world):
    keys = lambda user: [s.key for s in service.sections_for(user)]  # noqa: E731
    assert "risk" in keys(world.cora) and "health" in keys(world.admin)
    assert "risk" not in keys(world.sam) and "health" not in keys(world.pat)


def test_the_check_page_shows_restrictions_to_a_coordinator(client, world, newcomer):
    client.force_login(world.cora)
    answer_everything(client, newcomer.crn)
    content = client.get(reverse("assessment_check", args=[newcomer.crn])).content.decode()
    assert "Not with a female supervisor" in content and "Victim&#x27;s home" in content


@pytest.mark.parametrize("username, status", [("pat", 403), ("sam", 403), ("nia", 404), ("cora", 200)])
def test_the_assessment_pages_are_refused_to_those_who_may_not_see_the_person(
    client, world, newcomer, username, status
):
    client.force_login(getattr(world, username))
    assert client.get(reverse("assessment", args=[newcomer.crn])).status_code == status
    if status != 200:
        assert client.post(reverse("assessment_start", args=[newcomer.crn])).status_code == status
        assert not Assessment.objects.exists()


def test_a_section_page_without_a_draft_goes_back_to_the_overview(client, world, newcomer):
    client.force_login(world.cora)
    response = client.get(reverse("assessment_section", args=[newcomer.crn, "risk"]))
    assert response.status_code == 302 and response.url == reverse("assessment", args=[newcomer.crn])
    assert client.get(reverse("assessment_section", args=[newcomer.crn, "nonsense"])).status_code == 404


def test_reassessing_someone_assessed_before_starts_from_their_record_and_keeps_it(world, districts):
    person = world.alex
    person.availability_mask = domain.availability_mask({(1, 0), (3, 2)})
    person.no_vulnerable_adults = True
    person.max_travel_km = 9
    person.save()
    zone = person.exclusion_zones.create(
        label="Victim", postcode="NE4 5NL", latitude=54.969, longitude=-1.64, radius_km=3
    )
    NonAssociation.objects.create(person_a=person, person_b=world.bryn, reason="Restraining order")
    draft = service.assessment_start(person=person, by=world.cora)
    assert draft.answers["availability"]["slots"] == ["1-0", "3-2"]
    assert draft.answers["risk"]["non_associations"] == [{"crn": "W654321", "reason": "Restraining order"}]
    service.assessment_submit(assessment=draft, by=world.cora)
    person = Person.objects.get(pk=person.pk)
    assert person.availability == {(1, 0), (3, 2)} and person.no_vulnerable_adults and person.max_travel_km == 9
    kept = person.exclusion_zones.get()
    assert (kept.postcode, kept.radius_km) == (zone.postcode, zone.radius_km)
    assert NonAssociation.objects.get().reason == "Restraining order"


def test_submitting_twice_is_refused(world, newcomer):
    draft = service.assessment_start(person=newcomer, by=world.cora)
    draft.answers = service.answers_from_person(newcomer)
    draft.save()
    service.assessment_submit(assessment=draft, by=world.cora)
    with pytest.raises(service.AssessmentError, match="already been submitted"):
        service.assessment_submit(assessment=draft, by=world.cora)
