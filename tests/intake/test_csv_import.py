import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.intake.conftest import csv_file, row
from upw.core.access import intake_pdus
from upw.intake import csv_import as intake_csv
from upw.intake import services as intake
from upw.models import ImportBatch, Person, Requirement

pytestmark = pytest.mark.django_db


def _import(user, content: bytes, name="orders.csv"):
    return intake.orders_import(content=content, file_name=name, by=user, pdus=intake_pdus(user))


def test_it_parses_rows_and_reports_line_numbers_without_the_database():
    today = dt.date(2026, 11, 23)
    content = csv_file(row(sentence="2026-11-20"), row(crn="bad", order="UPW/2", sentence="2026-11-20", hours="10"))
    result = intake_csv.parse_orders(content, today=today)
    assert [o.crn for o in result.orders] == ["K100001"]
    assert [e.line for e in result.errors] == [3]
    assert 'CRN "bad"' in result.errors[0].reason
    assert "hours_ordered" in result.errors[0].reason


def test_it_accepts_case_management_column_names_and_date_formats():
    content = (
        b"CRN,Forename,Surname,DOB,Gender,Postcode,PDU code,Event number,Sentencing court,Sentence date,UPW hours\n"
        b"k100001,Jo,Bloggs,12/06/1994,F,ne6 5xb,newcastle,E1,Court,20/11/2026,40\n"
    )
    result = intake_csv.parse_orders(content, today=dt.date(2026, 11, 23))
    assert result.ok
    order = result.orders[0]
    assert (order.crn, order.postcode, order.gender, order.sentence_date) == (
        "K100001",
        "NE6 5XB",
        "female",
        dt.date(2026, 11, 20),
    )


def test_it_reports_a_missing_column_on_line_one():
    result = intake_csv.parse_orders(b"crn,first_name\nK100001,Jo\n", today=dt.date(2026, 11, 23))
    assert result.errors[0].line == 1
    assert "last_name" in result.errors[0].reason


def test_it_imports_a_valid_file(world, districts):
    outcome = _import(world.cora, csv_file(row(), row(crn="K100002", order="UPW/2", first_name="Megan", gender="F")))
    assert outcome.ok and not outcome.already_imported
    assert outcome.batch.requirements_created == 2 and outcome.batch.people_created == 2
    person = Person.objects.get(crn="K100001")
    requirement = person.requirements.get()
    assert person.pdu == world.newcastle and person.latitude == pytest.approx(54.978)
    assert person.assessed_on is None
    assert requirement.induction_completed_on is None
    assert requirement.deadline == requirement.sentence_date.replace(year=requirement.sentence_date.year + 1)
    assert requirement.next_review_on is not None


def test_it_writes_nothing_when_one_row_is_bad_and_reports_that_row(world, districts):
    content = csv_file(row(), row(crn="K100002", order="UPW/2", hours="301"), row(crn="K100003", order="UPW/3"))
    before = (Person.objects.count(), Requirement.objects.count())
    outcome = _import(world.cora, content)
    assert not outcome.ok
    assert [(e.line, "hours_ordered" in e.reason) for e in outcome.errors] == [(3, True)]
    assert (Person.objects.count(), Requirement.objects.count()) == before
    assert not ImportBatch.objects.exists()


def test_it_reports_database_problems_by_line(world, districts):
    content = csv_file(
        row(),
        row(crn="K100002", order="UPW/2", pdu="cardiff", postcode="CF10 1AA"),  # Nia's region, not Cora's
        row(crn="K100003", order="UPW/3", postcode="NE99 9ZZ"),
        row(crn="A123456", order="UPW/4", dob="1970-01-01"),  # Alex, with another birth date
    )
    outcome = _import(world.cora, content)
    by_line = {e.line: e.reason for e in outcome.errors}
    assert set(by_line) == {3, 4, 5}
    assert "not one of the delivery units in your regions" in by_line[3]
    assert "was not found" in by_line[4]
    assert "different date of birth" in by_line[5]
    assert not Person.objects.filter(crn="K100001").exists()


def test_it_changes_nothing_when_the_same_file_is_imported_twice(world, districts):
    content = csv_file(row(), row(crn="K100002", order="UPW/2"))
    first = _import(world.cora, content)
    counts = (Person.objects.count(), Requirement.objects.count(), ImportBatch.objects.count())
    second = _import(world.cora, content)
    assert second.already_imported and second.batch == first.batch
    assert (Person.objects.count(), Requirement.objects.count(), ImportBatch.objects.count()) == counts


def test_it_skips_orders_already_recorded_in_another_file(world, districts):
    _import(world.cora, csv_file(row()))
    outcome = _import(world.cora, csv_file(row(), row(order="UPW/9", concurrency="concurrent", linked="UPW/1")))
    assert outcome.batch.requirements_created == 1 and outcome.batch.rows_skipped == 1
    assert outcome.batch.people_created == 0
    assert Person.objects.filter(crn="K100001").count() == 1
    assert Requirement.objects.filter(person__crn="K100001").count() == 2


def test_it_adds_a_new_order_to_a_known_person(world, districts):
    outcome = _import(world.cora, csv_file(row(crn="A123456", order="NEW/1", first_name="Alex", dob="1990-01-01")))
    assert outcome.ok, outcome.errors
    assert world.alex.requirements.count() == 2
    # Alex is inducted on the current order, so the new one is too.
    new = world.alex.requirements.get(order_reference="NEW/1")
    assert new.induction_completed_on == world.alex_requirement.induction_completed_on


def test_it_refuses_additional_orders_over_300_hours(world, districts):
    outcome = _import(
        world.cora, csv_file(row(crn="A123456", order="NEW/1", hours="200", dob="1990-01-01", concurrency="additional"))
    )
    assert "may not total more than 300" in outcome.errors[0].reason


def test_it_rejects_duplicate_rows_in_one_file(world, districts):
    outcome = _import(world.cora, csv_file(row(), row()))
    assert outcome.errors[0].line == 3 and "line 2" in outcome.errors[0].reason


def test_the_upload_page_lists_rejected_rows(client, world, districts, django_capture_on_commit_callbacks):
    client.force_login(world.cora)
    upload = _upload(csv_file(row(), row(crn="K100002", order="UPW/2", sentence="2999-01-01")))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("intake_import_upload"), {"file": upload})
    assert response.status_code == 302
    response = client.get(response.url)
    assert b"Nothing was imported" in response.content
    assert b"Line" in response.content and b"in the future" in response.content
    assert not Person.objects.filter(crn="K100001").exists()


def test_the_upload_page_imports_and_shows_the_batch(client, world, districts, django_capture_on_commit_callbacks):
    client.force_login(world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("intake_import_upload"), {"file": _upload(csv_file(row()))})
    response = client.get(response.url)
    assert response.status_code == 200
    assert b"K100001" in response.content
    assert Person.objects.filter(crn="K100001").exists()


def test_the_sample_file_is_valid():
    from pathlib import Path

    content = (Path(__file__).resolve().parents[2] / "docs" / "samples" / "new-orders.csv").read_bytes()
    result = intake_csv.parse_orders(content, today=timezone.localdate())
    assert result.ok, result.errors
    assert result.rows == 6


@pytest.mark.parametrize("username, status", [("pat", 403), ("sam", 403)])
def test_it_refuses_other_roles(client, world, username, status):
    client.force_login(getattr(world, username))
    assert client.get(reverse("intake")).status_code == status
    assert client.post(reverse("intake_import_upload"), {"file": _upload(csv_file(row()))}).status_code == status


def _upload(content: bytes, name="orders.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_an_import_is_seen_only_by_coordinators_of_the_importers_regions(client, world, districts):
    outcome = _import(world.cora, csv_file(row()))
    url = reverse("intake_import", args=[outcome.batch.id])
    client.force_login(world.nia)
    assert client.get(url).status_code == 404
    assert outcome.batch.file_name not in client.get(reverse("intake_imports")).content.decode()
    client.force_login(world.admin)
    assert client.get(url).status_code == 200
    client.force_login(world.pat)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("username, status", [("pat", 403), ("sam", 403), ("nia", 200)])
def test_the_waiting_lists_are_for_coordinators(client, world, username, status):
    client.force_login(getattr(world, username))
    assert client.get(reverse("intake_waiting", args=["induction"])).status_code == status
    assert client.get(reverse("reviews_due")).status_code == status
