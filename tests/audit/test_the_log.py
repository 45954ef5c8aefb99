"""The log of reads: administrators search it on a page and through the API; nobody else learns
anything from it; its rows are never changed; the nightly purge removes only rows past retention."""

import datetime as dt

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tests.api import bearer
from upw.audit.tasks import purge_expired_reads_task
from upw.core.audit import Channel, record_person_access
from upw.models import PersonalDataAccess
from upw.models.audit import AppendOnlyError


def _read(user, person, *, on: str, path="/people/"):
    with time_machine.travel(dt.datetime.fromisoformat(on).replace(tzinfo=dt.UTC), tick=False):
        record_person_access(user, [person], channel=Channel.PAGE, path=path)


@pytest.fixture
def reads(world):
    _read(world.cora, world.alex, on="2026-11-02T10:00", path="/people/A123456/")
    _read(world.nia, world.bryn, on="2026-11-20T11:00", path="/people/W654321/")
    _read(world.cora, world.alex, on="2026-12-01T09:30", path="/people/")
    return world


# --- The page ---------------------------------------------------------------------------------


def test_an_administrator_sees_every_read_newest_first(client, reads):
    client.force_login(reads.admin)
    r = client.get("/audit/")
    assert r.status_code == 200
    assert [read.path for read in r.context["page_obj"]] == ["/people/", "/people/W654321/", "/people/A123456/"]
    assert b"Reads of personal data" in r.content


def test_an_administrator_searches_by_crn_by_id_and_by_username(client, reads):
    client.force_login(reads.admin)
    by_crn = client.get("/audit/", {"person": "a123456"}).context["page_obj"]
    assert {read.crn for read in by_crn} == {"A123456"} and len(by_crn) == 2
    by_id = client.get("/audit/", {"person": str(reads.bryn.pk)}).context["page_obj"]
    assert [read.username for read in by_id] == ["nia"]
    by_user = client.get("/audit/", {"user": "NIA"}).context["page_obj"]
    assert [read.crn for read in by_user] == ["W654321"]


def test_an_administrator_searches_a_range_of_days_both_included(client, reads):
    client.force_login(reads.admin)
    r = client.get("/audit/", {"since": "2026-11-02", "until": "2026-11-20"})
    assert [read.path for read in r.context["page_obj"]] == ["/people/W654321/", "/people/A123456/"]


def test_the_page_is_paginated(client, reads, settings):
    settings.PAGE_SIZE = 2
    client.force_login(reads.admin)
    second = client.get("/audit/", {"page": 2}).context["page_obj"]
    assert [read.path for read in second] == ["/people/A123456/"]


def test_a_search_it_cannot_understand_is_answered_field_by_field(client, reads):
    client.force_login(reads.admin)
    r = client.get("/audit/", {"person": "Alex", "since": "yesterday", "until": ""})
    assert r.status_code == 200
    assert r.context["form"].errors == {
        "person": ["Enter a CRN, like A123456, or a person's ID number, like 1042"],
        "since": ["The date to search from must be a real date"],
    }
    assert b"There is a problem" in r.content
    assert len(r.context["page_obj"]) == 0
    r = client.get("/audit/", {"since": "2026-11-20", "until": "2026-11-02"})
    assert r.context["form"].errors == {
        "until": ["The date to search to must be the same as or after the date to search from"]
    }


@pytest.mark.parametrize("who", ["cora", "pat", "sam"])
def test_nobody_but_an_administrator_may_open_the_page_or_learn_from_it(client, reads, who):
    client.force_login(getattr(reads, who))
    r = client.get("/audit/", {"person": "A123456"})
    assert r.status_code == 403
    assert b"You do not have access to this page" in r.content
    assert b"A123456" not in r.content and b"/people/W654321/" not in r.content


def test_the_page_sends_anonymous_users_to_sign_in(client, reads):
    assert client.get("/audit/").url.startswith("/login/")


def test_only_administrators_have_the_page_in_the_navigation(client, reads):
    client.force_login(reads.admin)
    assert b'href="/audit/"' in client.get("/people/").content
    client.force_login(reads.cora)
    assert b'href="/audit/"' not in client.get("/people/").content


# --- The API ----------------------------------------------------------------------------------


def test_an_administrator_searches_through_the_api(client, reads):
    r = client.get(
        "/api/v1/audit/reads", {"person": "A123456", "user": "cora", "since": "2026-12-01"}, **bearer(reads.admin)
    )
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1
    read = body["items"][0]
    assert (read["username"], read["crn"], read["person_id"], read["channel"], read["path"]) == (
        "cora",
        "A123456",
        reads.alex.pk,
        "page",
        "/people/",
    )


def test_the_api_lists_newest_first_a_page_at_a_time(client, reads):
    r = client.get("/api/v1/audit/reads", {"page_size": 2}, **bearer(reads.admin))
    assert r.json()["count"] == 3
    assert [read["path"] for read in r.json()["items"]] == ["/people/", "/people/W654321/"]


def test_the_api_answers_a_search_it_cannot_understand_with_a_message_a_field(client, reads):
    r = client.get(
        "/api/v1/audit/reads", {"person": "Alex", "since": "2026-12-01", "until": "2026-11-01"}, **bearer(reads.admin)
    )
    assert r.status_code == 422
    assert {tuple(e["loc"]): e["msg"] for e in r.json()["detail"]} == {
        ("query", "person"): "Enter a CRN, like A123456, or a person's ID number, like 1042",
        ("query", "until"): "The date to search to must be the same as or after the date to search from",
    }


@pytest.mark.parametrize("who", ["cora", "pat", "sam"])
def test_nobody_but_an_administrator_may_use_the_api(client, reads, who):
    r = client.get("/api/v1/audit/reads", {"person": "A123456"}, **bearer(getattr(reads, who)))
    assert r.status_code == 403
    assert r.json() == {"detail": "Only administrators can see the log of reads of personal data."}


def test_searching_the_log_is_not_itself_a_read_of_anyones_record(client, reads):
    client.force_login(reads.admin)
    client.get("/audit/")
    client.get("/api/v1/audit/reads", **bearer(reads.admin))
    assert PersonalDataAccess.objects.count() == 3


# --- Append-only and the purge ----------------------------------------------------------------


def test_a_logged_read_cannot_be_changed_or_deleted(reads):
    read = PersonalDataAccess.objects.first()
    read.username = "someone-else"
    with pytest.raises(AppendOnlyError):
        read.save()
    with pytest.raises(AppendOnlyError):
        read.delete()
    with pytest.raises(AppendOnlyError):
        PersonalDataAccess.objects.filter(username="cora").update(username="someone-else")
    with pytest.raises(AppendOnlyError):
        PersonalDataAccess.objects.all().delete()
    assert PersonalDataAccess.objects.filter(username="cora").count() == 2


def test_the_admin_site_shows_reads_but_cannot_add_change_or_delete_them(client, reads):
    reads.admin.is_staff = reads.admin.is_superuser = True
    reads.admin.save()
    client.force_login(reads.admin)
    read = PersonalDataAccess.objects.first()
    base = "/admin/upw/personaldataaccess/"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}{read.pk}/change/", {"username": "x"}).status_code == 403
    assert client.post(f"{base}{read.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PersonalDataAccess.objects.filter(pk=read.pk, username=read.username).exists()


def test_a_deleted_account_leaves_its_reads_under_the_name_it_had(reads):
    reads.nia.delete()
    read = PersonalDataAccess.objects.get(crn="W654321")
    assert (read.user, read.username) == (None, "nia")


@pytest.mark.pin_clock("2026-12-07T09:00")
def test_the_nightly_purge_deletes_only_reads_older_than_the_retention_period(reads, settings):
    settings.UPW_ACCESS_LOG_RETENTION_DAYS = 20  # keeps reads from 17 November on
    assert purge_expired_reads_task.delay().get() == 1
    assert sorted(PersonalDataAccess.objects.values_list("path", flat=True)) == ["/people/", "/people/W654321/"]


def test_the_purge_runs_every_night_and_keeps_seven_years_by_default(settings):
    from upw import settings as defaults

    assert defaults.UPW_ACCESS_LOG_RETENTION_DAYS == 2557
    beat = settings.CELERY_BEAT_SCHEDULE["upw-purge-expired-reads"]
    assert beat["task"] == purge_expired_reads_task.name
    assert "upw.audit.tasks" in settings.CELERY_IMPORTS
    assert timezone.now()  # the schedule is read in the worker's time zone, Europe/London


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_itself_refuses_to_change_a_logged_read_but_lets_the_purge_delete(reads):
    with pytest.raises(DatabaseError, match="never changed"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE upw_personaldataaccess SET username = 'someone-else'")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM upw_personaldataaccess WHERE username = 'nia'")
    assert PersonalDataAccess.objects.count() == 2
