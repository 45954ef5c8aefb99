import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.api import bearer
from tests.intake.conftest import csv_file, row
from tests.intake.helpers import answer_everything
from upw.models import Person, Requirement

pytestmark = pytest.mark.django_db

URL = "/api/v1/intake/orders"


def _order(**changes) -> dict:
    body = {
        "crn": "K400001",
        "first_name": "Sam",
        "last_name": "Tyne",
        "date_of_birth": "1992-05-01",
        "gender": "male",
        "postcode": "NE6 5XB",
        "pdu": "newcastle",
        "order_reference": "UPW/API/1",
        "court": "Newcastle Magistrates' Court",
        "sentence_date": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "hours_ordered": 100,
    }
    return {**body, **changes}


def test_the_api_records_an_order_once(client, world, districts):
    first = client.post(URL, _order(), content_type="application/json", **bearer(world.cora))
    assert first.status_code == 201, first.json()
    assert first.json()["created"] and first.json()["person_created"]
    again = client.post(URL, _order(), content_type="application/json", **bearer(world.cora))
    assert again.status_code == 200 and not again.json()["created"]
    assert again.json()["requirement_id"] == first.json()["requirement_id"]
    assert Requirement.objects.filter(person__crn="K400001").count() == 1


def test_the_api_adds_an_order_to_a_known_person(client, world, districts):
    body = _order(crn="A123456", date_of_birth="1990-01-01", order_reference="UPW/API/2")
    response = client.post(URL, body, content_type="application/json", **bearer(world.cora))
    assert response.status_code == 201 and not response.json()["person_created"]
    assert Person.objects.filter(crn="A123456").count() == 1


def test_the_api_lists_every_problem(client, world, districts):
    response = client.post(
        URL, _order(hours_ordered=20, crn="bad"), content_type="application/json", **bearer(world.cora)
    )
    assert response.status_code == 400
    reasons = " ".join(e["reason"] for e in response.json()["errors"])
    assert "hours_ordered" in reasons and "CRN" in reasons
    response = client.post(URL, _order(pdu="cardiff"), content_type="application/json", **bearer(world.cora))
    assert response.status_code == 400 and "your regions" in response.json()["errors"][0]["reason"]


@pytest.mark.parametrize("username", ["pat", "sam"])
def test_the_api_refuses_other_roles(client, world, districts, username):
    response = client.post(URL, _order(), content_type="application/json", **bearer(getattr(world, username)))
    assert response.status_code == 403
    assert not Person.objects.filter(crn="K400001").exists()


def _api_import(client, user, content: bytes, capture, name="a.csv") -> dict:
    """Sends the file and follows its job to the end (tasks run in-process, once the upload commits)."""
    with capture(execute=True):
        response = client.post("/api/v1/intake/imports", {"file": SimpleUploadedFile(name, content)}, **bearer(user))
    assert response.status_code == 202, response.content
    status = client.get(response.json()["status_url"], **bearer(user))
    assert status.status_code == 200
    return status.json()


def test_the_api_imports_a_file_all_or_nothing_and_once(client, world, districts, django_capture_on_commit_callbacks):
    good = csv_file(row(), row(crn="K100002", order="UPW/2"))
    bad = csv_file(row(crn="K100009", order="UPW/9"), row(crn="K100008", order="UPW/8", hours="5"))
    job = _api_import(client, world.cora, bad, django_capture_on_commit_callbacks, name="bad.csv")
    assert job["status"] == "rejected" and job["errors"][0]["line"] == 3
    assert not Person.objects.filter(crn="K100009").exists()
    job = _api_import(client, world.cora, good, django_capture_on_commit_callbacks)
    assert job["status"] == "done" and job["result"]["requirements_created"] == 2
    again = _api_import(client, world.cora, good, django_capture_on_commit_callbacks)
    assert again["job_id"] == job["job_id"] and again["status"] == "done" and not again["result"]["already_imported"]
    assert Requirement.objects.filter(person__crn__in=["K100001", "K100002"]).count() == 2


def test_the_api_shows_the_latest_assessment(client, world, districts):
    client.force_login(world.cora)
    answer_everything(client, "A123456", co_defendant="")
    client.post(reverse("assessment_check", args=["A123456"]))
    client.logout()
    response = client.get("/api/v1/intake/assessments/A123456", **bearer(world.cora))
    assert response.status_code == 200 and response.json()["version"] == 1
    assert response.json()["answers"]["risk"]["no_children"] is True
    assert client.get("/api/v1/intake/assessments/A123456", **bearer(world.nia)).status_code == 404
    assert client.get("/api/v1/intake/assessments/A123456", **bearer(world.pat)).status_code == 403


def test_the_new_order_form_records_an_order(client, world, districts):
    client.force_login(world.cora)
    assert client.get(reverse("intake_new")).status_code == 200
    data = {
        **_order(),
        "gender": "male",
        "order_type": "community_order",
        "concurrency": "single",
        "employment_status": "employed",
    }
    response = client.post(reverse("intake_new"), data)
    assert response.status_code == 302 and response.url == reverse("person", args=["K400001"])
    response = client.post(reverse("intake_new"), data)
    assert response.status_code == 302
    assert Requirement.objects.filter(person__crn="K400001").count() == 1


def test_the_new_order_form_shows_errors_by_field(client, world, districts):
    client.force_login(world.cora)
    data = {
        **_order(hours_ordered=301, sentence_date="31/02/2026"),
        "order_type": "community_order",
        "concurrency": "single",
        "employment_status": "employed",
    }
    response = client.post(reverse("intake_new"), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "must be a whole number from 40 to 300" in content
    assert "The sentence date must be a real date" in content
    assert 'href="#id_hours_ordered"' in content


def test_the_api_refuses_a_file_over_the_limit_from_its_declared_length_alone(client, world, districts):
    """A 40 MB body is answered before it is read: here only its length is declared, the body is tiny."""
    upload = SimpleUploadedFile("big.csv", csv_file(row()))
    response = client.post(
        "/api/v1/intake/imports", {"file": upload}, CONTENT_LENGTH=str(40 * 1024 * 1024), **bearer(world.cora)
    )
    assert response.status_code == 413
    assert response.json()["errors"] == [{"line": 1, "reason": "The selected file must be smaller than 5 MB"}]
    assert not Person.objects.filter(crn="K100001").exists()


def test_the_api_refuses_a_file_over_the_limit_as_the_web_form_does(client, world, districts):
    content = csv_file(row()) + b"," * (5 * 1024 * 1024)
    response = client.post(
        "/api/v1/intake/imports", {"file": SimpleUploadedFile("big.csv", content)}, **bearer(world.cora)
    )
    assert response.status_code == 413
    assert not Person.objects.filter(crn="K100001").exists()
    client.force_login(world.cora)
    response = client.post(reverse("intake_import_upload"), {"file": SimpleUploadedFile("big.csv", content)})
    assert response.status_code == 400
    assert response.context["import_form"].errors["file"] == ["The selected file must be smaller than 5 MB"]


def test_a_file_that_is_not_readable_csv_is_rejected_with_its_line(
    client, world, districts, django_capture_on_commit_callbacks
):
    content = csv_file(row(), row(crn="K100002", order="UPW/2").replace("Newcastle", '"' + "x" * 200_000, 1))
    job = _api_import(client, world.cora, content, django_capture_on_commit_callbacks, name="odd.csv")
    assert job["status"] == "rejected"
    assert job["errors"][0]["line"] == 3
    assert "cannot be read as CSV" in job["errors"][0]["reason"]
