"""Writes that take a natural key (a CRN, an order reference) resolve it within the user's regions only.

A case held by another region is refused with one message that tells nothing about it, whatever else
was right or wrong, and the attempt is logged; an administrator can transfer the case."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.api import bearer
from tests.intake.conftest import csv_file, districts, row  # noqa: F401 (districts is a fixture)
from upw.core.access import intake_pdus
from upw.intake import services as intake
from upw.models import ImportBatch, Person, PersonalDataAccess, Requirement
from upw.people.services import HELD_BY_ANOTHER_REGION

# The orders of these tests are placed on the map, so the postcode districts must be there.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("districts")]

ORDERS = "/api/v1/intake/orders"


def _bryns_order(world, **changes) -> dict:
    """An order for Bryn, whose case Wales holds, as Cora (North East) might send it."""
    body = {
        "crn": world.bryn.crn,
        "first_name": "Someone",
        "last_name": "Else",
        "date_of_birth": "1980-02-02",
        "gender": "male",
        "postcode": "NE6 5XB",
        "pdu": "newcastle",
        "order_reference": "UPW/GUESS/1",
        "court": "Newcastle Magistrates' Court",
        "sentence_date": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "hours_ordered": 100,
    }
    return {**body, **changes}


def _refusals(user, person) -> int:
    return PersonalDataAccess.objects.filter(
        user=user, person_id=person.id, channel=PersonalDataAccess.Channel.REFUSED
    ).count()


def test_the_api_refuses_an_order_for_a_case_held_by_another_region(client, world):
    response = client.post(ORDERS, _bryns_order(world), content_type="application/json", **bearer(world.cora))
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The order is not valid.",
        "errors": [{"line": 1, "reason": HELD_BY_ANOTHER_REGION}],
    }
    assert list(Requirement.objects.filter(person=world.bryn)) == [world.bryn_requirement]
    assert _refusals(world.cora, world.bryn) == 1


def test_the_refusal_is_the_same_whatever_the_guess_gets_right(client, world):
    """Right or wrong date of birth and name, a new or an existing order reference: one answer, with no
    requirement id, deadline, hours or order references of the other region's case."""
    bryn = world.bryn
    guesses = [
        _bryns_order(world),
        _bryns_order(world, first_name=bryn.first_name, last_name=bryn.last_name),
        _bryns_order(world, date_of_birth=bryn.date_of_birth.isoformat()),
        _bryns_order(
            world,
            first_name=bryn.first_name,
            last_name=bryn.last_name,
            date_of_birth=bryn.date_of_birth.isoformat(),
            order_reference=world.bryn_requirement.order_reference,
        ),
        _bryns_order(world, concurrency="additional", hours_ordered=300, linked_order_reference="NOPE"),
    ]
    answers = [client.post(ORDERS, guess, content_type="application/json", **bearer(world.cora)) for guess in guesses]
    assert {answer.status_code for answer in answers} == {400}
    assert all(answer.content == answers[0].content for answer in answers)
    body = answers[0].content.decode()
    requirement = world.bryn_requirement
    for secret in (str(requirement.id), requirement.deadline.isoformat(), requirement.order_reference, "60"):
        assert secret not in body
    assert _refusals(world.cora, bryn) == len(guesses)


def test_an_administrator_may_still_record_an_order_for_any_case(client, world):
    body = _bryns_order(world, date_of_birth=world.bryn.date_of_birth.isoformat(), pdu="cardiff")
    response = client.post(ORDERS, body, content_type="application/json", **bearer(world.admin))
    assert response.status_code == 201, response.json()
    assert Requirement.objects.filter(person=world.bryn).count() == 2


def test_the_csv_import_refuses_rows_of_cases_held_by_another_region(world):
    content = csv_file(row(), row(crn=world.bryn.crn, order="UPW/2", dob="1990-01-01"))
    outcome = intake.orders_import(content=content, file_name="orders.csv", by=world.cora, pdus=intake_pdus(world.cora))
    assert [(error.line, error.reason) for error in outcome.errors] == [(3, HELD_BY_ANOTHER_REGION)]
    assert not Person.objects.filter(crn="K100001").exists()
    assert Requirement.objects.filter(person=world.bryn).count() == 1
    assert _refusals(world.cora, world.bryn) == 1


def test_the_api_import_refuses_them_too(client, world, django_capture_on_commit_callbacks):
    content = csv_file(row(crn=world.bryn.crn, order="UPW/2"))
    upload = SimpleUploadedFile("orders.csv", content)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/intake/imports", {"file": upload}, **bearer(world.cora))
    assert response.status_code == 202
    job = client.get(response.json()["status_url"], **bearer(world.cora)).json()
    assert job["status"] == "rejected"
    assert job["errors"] == [{"line": 2, "reason": HELD_BY_ANOTHER_REGION}]
    # The import ran in the background, and the refusal is logged with the upload's request all the same.
    refusal = PersonalDataAccess.objects.get(person_id=world.bryn.id, channel=PersonalDataAccess.Channel.REFUSED)
    assert refusal.path == "/api/v1/intake/imports" and refusal.ip_address == "127.0.0.1"


def test_the_new_order_form_shows_the_refusal_on_the_crn(client, world):
    client.force_login(world.cora)
    data = {
        **_bryns_order(world),
        "order_type": "community_order",
        "concurrency": "single",
        "employment_status": "employed",
    }
    response = client.post(reverse("intake_new"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["crn"] == [HELD_BY_ANOTHER_REGION]
    assert Requirement.objects.filter(person=world.bryn).count() == 1
    assert _refusals(world.cora, world.bryn) == 1


def test_a_file_imported_by_another_region_is_not_answered_with_its_import(world):
    content = csv_file(row(crn="W100001", pdu="cardiff", postcode="CF10 1AA"))
    first = intake.orders_import(content=content, file_name="wales.csv", by=world.nia, pdus=intake_pdus(world.nia))
    assert first.ok and first.batch is not None
    again = intake.orders_import(content=content, file_name="wales.csv", by=world.cora, pdus=intake_pdus(world.cora))
    assert again.batch is None and not again.already_imported
    assert [error.reason for error in again.errors] == [HELD_BY_ANOTHER_REGION]
    assert ImportBatch.objects.count() == 1


# --- Transfer between regions ---------------------------------------------------------------------


def test_an_administrator_transfers_a_case_with_a_reason_kept_in_its_history(client, world):
    client.force_login(world.admin)
    page = client.get(reverse("person", args=[world.bryn.crn]))
    assert reverse("person_transfer", args=[world.bryn.crn]) in page.content.decode()
    response = client.post(
        reverse("person_transfer", args=[world.bryn.crn]),
        {"pdu": world.newcastle.pk, "reason": "Moved to Newcastle"},
    )
    assert response.status_code == 302 and response.url == reverse("person", args=[world.bryn.crn])
    world.bryn.refresh_from_db()
    assert world.bryn.pdu == world.newcastle
    latest = world.bryn.history.first()
    assert latest.history_change_reason == "Transferred: Moved to Newcastle"
    assert latest.history_user == world.admin
    assert latest.prev_record.pdu_id == world.cardiff.pk


def test_after_a_transfer_the_new_region_may_record_orders_for_the_case(client, world):
    client.force_login(world.admin)
    client.post(reverse("person_transfer", args=[world.bryn.crn]), {"pdu": world.newcastle.pk, "reason": "Moved"})
    body = _bryns_order(world, date_of_birth=world.bryn.date_of_birth.isoformat())
    response = client.post(ORDERS, body, content_type="application/json", **bearer(world.cora))
    assert response.status_code == 201, response.json()


def test_the_transfer_form_asks_for_a_reason(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("person_transfer", args=[world.bryn.crn]), {"pdu": world.newcastle.pk})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == ["Enter why the case is being transferred"]
    world.bryn.refresh_from_db()
    assert world.bryn.pdu == world.cardiff


def test_a_coordinator_cannot_transfer_a_case(client, world):
    client.force_login(world.nia)
    page = client.get(reverse("person", args=[world.bryn.crn]))
    assert reverse("person_transfer", args=[world.bryn.crn]) not in page.content.decode()
    response = client.post(
        reverse("person_transfer", args=[world.bryn.crn]), {"pdu": world.newcastle.pk, "reason": "Mine now"}
    )
    assert response.status_code == 403
    response = client.post(
        f"/api/v1/people/{world.bryn.crn}/transfer",
        {"pdu": "newcastle", "reason": "Mine now"},
        content_type="application/json",
        **bearer(world.nia),
    )
    assert response.status_code == 403
    world.bryn.refresh_from_db()
    assert world.bryn.pdu == world.cardiff


def test_the_api_transfers_a_case_and_names_the_field_at_fault(client, world):
    url = f"/api/v1/people/{world.bryn.crn}/transfer"
    unknown = client.post(
        url, {"pdu": "atlantis", "reason": "Moved"}, content_type="application/json", **bearer(world.admin)
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"] == [
        {
            "loc": ["body", "payload", "pdu"],
            "msg": 'There is no probation delivery unit with the code "atlantis"',
            "type": "value_error",
        }
    ]
    same = client.post(
        url, {"pdu": "cardiff", "reason": "Moved"}, content_type="application/json", **bearer(world.admin)
    )
    assert same.status_code == 422 and same.json()["detail"][0]["loc"] == ["body", "payload", "pdu"]
    blank = client.post(
        url, {"pdu": "newcastle", "reason": " "}, content_type="application/json", **bearer(world.admin)
    )
    assert blank.status_code == 422 and blank.json()["detail"][0]["msg"] == "Enter why the case is being transferred"
    moved = client.post(
        url, {"pdu": "newcastle", "reason": "Moved"}, content_type="application/json", **bearer(world.admin)
    )
    assert moved.status_code == 200 and moved.json()["region"] == "North East"
    assert PersonalDataAccess.objects.filter(
        user=world.admin, person_id=world.bryn.id, channel=PersonalDataAccess.Channel.API
    ).exists()


# --- Non-associations in an assessment ------------------------------------------------------------


def _risk_form(world, non_associations: str):
    from upw.assessment.forms import section_form

    data = {"risk_level": "low", "non_associations": non_associations}
    return section_form("risk", person=world.alex, user=world.cora, data=data)


def test_an_assessment_cannot_pair_someone_with_a_case_held_by_another_region(world):
    form = _risk_form(world, f"{world.bryn.crn} Co-defendant")
    assert not form.is_valid()
    assert form.errors["non_associations"] == [f"Line 1: {HELD_BY_ANOTHER_REGION}"]
    assert _refusals(world.cora, world.bryn) == 1


def test_a_pair_already_recorded_stays_whoever_holds_the_other_person(world):
    from upw.models import NonAssociation

    NonAssociation.objects.create(person_a=world.alex, person_b=world.bryn, reason="Restraining order")
    form = _risk_form(world, f"{world.bryn.crn} Restraining order")
    assert form.is_valid(), form.errors
    assert _refusals(world.cora, world.bryn) == 0
