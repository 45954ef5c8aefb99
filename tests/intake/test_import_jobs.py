"""A CSV file is imported by a background job: the upload answers at once, a page and the API follow
the job, the same file sent again is the same job, and nobody else sees it."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests import factories as f
from tests.api import bearer
from tests.intake.conftest import csv_file, row
from upw.intake import services as intake
from upw.models import ImportBatch, ImportJob, ImportJobStatus, Person, PostcodeDistrict, Requirement, Role

pytestmark = pytest.mark.django_db


def _file(rows: int = 2, first: int = 100001) -> bytes:
    return csv_file(*(row(crn=f"K{first + i:06d}", order=f"UPW/{i}") for i in range(rows)))


def _upload(client, content: bytes, name="orders.csv"):
    return client.post(
        reverse("intake_import_upload"), {"file": SimpleUploadedFile(name, content, content_type="text/csv")}
    )


@pytest.fixture
def queued(monkeypatch):
    """The task names queued, instead of running them: as with a broker and no worker yet."""
    sent = []
    monkeypatch.setattr(intake, "enqueue", lambda name, *args: sent.append((name, *args)))
    return sent


def test_the_upload_answers_at_once_and_the_page_refreshes_until_the_job_has_run(
    client, world, districts, queued, django_capture_on_commit_callbacks
):
    client.force_login(world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, _file())
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("intake_import_job", args=[job.pk])
    assert queued == [(intake.RUN_IMPORT_JOB_TASK, job.pk)]
    home = client.get(reverse("intake")).content.decode()
    assert reverse("intake_import_job", args=[job.pk]) in home and "Waiting to start" in home
    assert job.status == ImportJobStatus.QUEUED and not Person.objects.filter(crn="K100001").exists()
    page = client.get(response.url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Waiting to start" in page

    intake.import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and (job.rows_done, job.rows_total) == (2, 2)
    assert job.batch.requirements_created == 2 and job.content == b""
    page = client.get(response.url).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "2 new orders imported." in page and "K100002" in page


def test_the_job_tells_how_far_it_has_got_while_it_runs(world, districts, monkeypatch):
    seen = []
    progress = intake._job_progress

    def watched(job_id):
        tell = progress(job_id)

        def tell_and_look(**kwargs):
            tell(**kwargs)
            seen.append(ImportJob.objects.values_list("status", "rows_done", "rows_total", "progress_message").get())

        return tell_and_look

    monkeypatch.setattr(intake, "_job_progress", watched)
    job = ImportJob.objects.create(
        created_by=world.cora, file_sha256="x" * 64, file_name="big.csv", content=_file(rows=1200)
    )
    intake.import_job_run(job_id=job.pk)
    assert seen[0] == ("running", 500, 1200, "Reading the file.")
    assert seen[1] == ("running", 1000, 1200, "Reading the file.")
    assert [s[3] for s in seen[2:]] == ["Checking the rows against the records.", "Writing the new orders."]
    assert ImportJob.objects.get().status == ImportJobStatus.DONE
    assert Requirement.objects.filter(created_by=world.cora).count() == 1200


def test_a_job_with_one_bad_row_imports_nothing_and_lists_every_bad_row(
    client, world, districts, django_capture_on_commit_callbacks
):
    rows = [row(crn=f"K{200000 + i:06d}", order=f"UPW/{i}") for i in range(30)]
    rows[4] = row(crn="K200004", order="UPW/4", hours="500")
    rows[20] = row(crn="K200020", order="UPW/20", postcode="NE99 9ZZ")
    client.force_login(world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, csv_file(*rows))
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.REJECTED
    assert [line for line, _ in job.errors] == [6, 22]
    assert not Person.objects.filter(crn__startswith="K2").exists() and not ImportBatch.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Nothing was imported" in page and "was not found" in page and 'http-equiv="refresh"' not in page


def test_the_same_file_uploaded_again_is_the_same_job_and_imports_once(
    client, world, districts, django_capture_on_commit_callbacks
):
    client.force_login(world.cora)
    content = _file(rows=3)
    with django_capture_on_commit_callbacks(execute=True):
        first = _upload(client, content)
    with django_capture_on_commit_callbacks(execute=True):
        again = _upload(client, content, name="orders (1).csv")
    assert first.url == again.url
    assert ImportJob.objects.count() == 1 and ImportBatch.objects.count() == 1
    assert Requirement.objects.filter(person__crn__startswith="K1000").count() == 3
    assert Person.history.filter(crn="K100001").count() == 1


def test_an_upload_retried_before_its_job_has_run_is_not_queued_twice(
    client, world, districts, queued, django_capture_on_commit_callbacks
):
    client.force_login(world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, _file())
        _upload(client, _file())
    assert len(queued) == 1 and ImportJob.objects.count() == 1
    job = ImportJob.objects.get()
    intake.import_job_run(job_id=job.pk)
    intake.import_job_run(job_id=job.pk)  # the task delivered twice: claimed once
    assert ImportBatch.objects.count() == 1 and Requirement.objects.filter(person__crn="K100001").count() == 1


def test_a_rejected_file_uploaded_again_is_checked_again(client, world, districts, django_capture_on_commit_callbacks):
    content = csv_file(row(postcode="SR1 1AA"))
    client.force_login(world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, content)
    assert ImportJob.objects.get().status == ImportJobStatus.REJECTED
    PostcodeDistrict.objects.create(district="SR1", area="SR", latitude=54.9, longitude=-1.38)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, content)
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.DONE and job.errors == []
    assert Person.objects.filter(crn="K100001").exists()


def test_a_job_that_fails_writes_nothing_and_runs_again_when_the_file_is_sent_again(
    client, world, districts, monkeypatch, django_capture_on_commit_callbacks
):
    record_many = intake._record_many

    def half_way(**kwargs):
        record_many(**kwargs)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(intake, "_record_many", half_way)
    client.force_login(world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, _file())
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED and job.failure == intake.JOB_FAILED
    assert not Person.objects.filter(crn="K100001").exists() and not ImportBatch.objects.exists()
    assert intake.JOB_FAILED in client.get(response.url).content.decode()

    monkeypatch.setattr(intake, "_record_many", record_many)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, _file())
    assert ImportJob.objects.get().status == ImportJobStatus.DONE
    assert Person.objects.filter(crn="K100001").exists()


def test_nobody_else_sees_a_job(client, world, districts, django_capture_on_commit_callbacks):
    colleague = f.UserFactory(username="colin", role=Role.COORDINATOR, regions=[world.north_east])
    client.force_login(world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, csv_file(row(first_name="Unmistakable")))
    job = ImportJob.objects.get()
    page_url, api_url = response.url, f"/api/v1/intake/import-jobs/{job.pk}"
    missing_page = reverse("intake_import_job", args=[job.pk + 1000])
    missing_api = f"/api/v1/intake/import-jobs/{job.pk + 1000}"
    for other in (world.nia, colleague):
        client.force_login(other)
        refused = client.get(page_url)
        assert refused.status_code == 404
        assert client.get(missing_page).status_code == 404
        assert b"orders.csv" not in refused.content and b"Unmistakable" not in refused.content
        refused = client.get(api_url, **bearer(other))
        assert refused.status_code == 404 and refused.json() == client.get(missing_api, **bearer(other)).json()
        assert b"orders.csv" not in refused.content and b"K100001" not in refused.content
    client.force_login(world.pat)
    assert client.get(page_url).status_code == 403
    assert client.get(api_url, **bearer(world.pat)).status_code == 403
    client.force_login(world.admin)
    assert client.get(page_url).status_code == 200


def test_a_coordinator_who_left_the_region_no_longer_sees_the_job(client, world, districts, queued):
    job = intake.import_job_start(content=_file(), file_name="a.csv", by=world.cora)
    assert list(job.regions.all()) == [world.north_east]
    world.cora.regions.set([world.wales])
    client.force_login(world.cora)
    assert client.get(reverse("intake_import_job", args=[job.pk])).status_code == 404


def test_the_api_answers_202_with_the_job_and_its_status_follows_it(
    client, world, districts, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/intake/imports", {"file": SimpleUploadedFile("a.csv", _file())}, **bearer(world.cora)
        )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued" and body["status_url"] == f"/api/v1/intake/import-jobs/{body['job_id']}"
    assert client.get(body["status_url"], **bearer(world.cora)).json()["status"] == "queued"

    intake.import_job_run(job_id=body["job_id"])

    status = client.get(body["status_url"], **bearer(world.cora)).json()
    assert status["status"] == "done" and status["rows_done"] == status["rows_total"] == 2
    assert status["errors"] == []
    assert status["result"] == {
        "batch_id": ImportBatch.objects.get().pk,
        "already_imported": False,
        "rows": 2,
        "requirements_created": 2,
        "people_created": 2,
        "rows_skipped": 0,
    }


def test_the_api_refuses_other_roles_an_import(client, world, districts):
    response = client.post(
        "/api/v1/intake/imports", {"file": SimpleUploadedFile("a.csv", _file())}, **bearer(world.pat)
    )
    assert response.status_code == 403 and not ImportJob.objects.exists()


def test_the_bench_imports_its_file_both_ways_and_leaves_nothing_behind(tmp_path):
    out = tmp_path / "bench.json"
    call_command("bench_intake", rows=40, json_path=str(out))
    figures = json.loads(out.read_text())
    assert figures["rows"] == 40
    for path in ("direct", "job"):
        assert figures[path]["requirements_created"] == 40 and figures[path]["queries"] > 0
    assert not Person.objects.exists() and not ImportJob.objects.exists()
