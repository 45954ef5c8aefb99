"""Every page, search, API answer and register that shows a person logs who read whom, once, in one insert."""

import datetime as dt

import pytest
from celery import shared_task
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from tests.api import bearer
from tests.audit.conftest import logged
from upw.core import audit
from upw.core.combined_writes import Writes
from upw.models import Allocation, Person, PersonalDataAccess

OFFICE_ADDRESS = "203.0.113.9"
AUDIT_MIDDLEWARE = "upw.web.audit_middleware.PersonalDataReadsMiddleware"


def test_a_persons_page_logs_who_read_whom_from_where(client, world):
    client.force_login(world.cora)
    assert client.get("/people/A123456/", REMOTE_ADDR=OFFICE_ADDRESS).status_code == 200
    assert logged() == [("cora", "A123456", "page", "/people/A123456/", OFFICE_ADDRESS)]
    read = PersonalDataAccess.objects.get()
    assert (read.user, read.person_id, read.view_name) == (world.cora, world.alex.pk, "person")


def test_the_address_logged_is_the_one_the_trusted_proxy_saw_not_one_the_client_claims(client, world, settings):
    settings.UPW_TRUSTED_PROXY_COUNT = 1
    client.force_login(world.cora)
    client.get("/people/A123456/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.66, {OFFICE_ADDRESS}")
    assert logged() == [("cora", "A123456", "page", "/people/A123456/", OFFICE_ADDRESS)]


def test_the_people_list_logs_only_the_people_on_the_page_shown(client, world, settings):
    settings.PAGE_SIZE = 1
    f.PersonFactory(crn="A000001", last_name="Zephyr", pdu=world.newcastle)
    client.force_login(world.cora)
    client.get("/people/")
    assert logged() == [("cora", "A123456", "page", "/people/", "127.0.0.1")]


def test_search_results_are_logged_as_a_search(client, world):
    f.PersonFactory(first_name="Casey", last_name="Brown", pdu=world.newcastle)
    client.force_login(world.cora)
    client.get("/people/", {"q": "jones"})
    assert logged() == [("cora", "A123456", "search", "/people/", "127.0.0.1")]


def test_a_search_that_finds_nobody_logs_nothing(client, world):
    client.force_login(world.cora)
    client.get("/people/", {"q": "nobody-like-this"})
    assert logged() == []


def test_an_administrators_api_list_logs_everyone_in_the_answer(client, world):
    assert client.get("/api/v1/people", **bearer(world.admin)).status_code == 200
    assert sorted(logged()) == [
        ("ada", "A123456", "api", "/api/v1/people", "127.0.0.1"),
        ("ada", "W654321", "api", "/api/v1/people", "127.0.0.1"),
    ]


def test_the_api_person_and_requirement_endpoints_are_logged(client, world):
    client.get("/api/v1/people/A123456", **bearer(world.cora))
    client.get(f"/api/v1/requirements/{world.alex_requirement.pk}", **bearer(world.cora))
    client.get("/api/v1/requirements", **bearer(world.cora))
    assert logged() == [
        ("cora", "A123456", "api", "/api/v1/people/A123456", "127.0.0.1"),
        ("cora", "A123456", "api", f"/api/v1/requirements/{world.alex_requirement.pk}", "127.0.0.1"),
        ("cora", "A123456", "api", "/api/v1/requirements", "127.0.0.1"),
    ]


def test_a_supervisors_register_on_the_phone_and_through_the_api_is_logged(client, world, today_session):
    client.force_login(world.sam)
    assert client.get(f"/my/sessions/{today_session.pk}/").status_code == 200
    assert client.get(f"/api/v1/attendance/sessions/{today_session.pk}").status_code == 200
    assert logged() == [
        ("sam", "A123456", "page", f"/my/sessions/{today_session.pk}/", "127.0.0.1"),
        ("sam", "A123456", "api", f"/api/v1/attendance/sessions/{today_session.pk}", "127.0.0.1"),
    ]


def test_a_phones_sync_logs_its_read_once_with_its_own_writes(client, world, today_session):
    allocation = Allocation.objects.get(session=today_session)
    action = {"key": "audit-sync-1", "allocation": allocation.pk, "kind": "outcome"}
    action["client_at"] = dt.datetime.combine(today_session.date, dt.time(16, 31), tzinfo=dt.UTC).isoformat()
    action["payload"] = {"outcome": "ATTC", "work_quality": "good", "behaviour": "good"}
    for _ in range(2):  # the same action again is answered from the stored one, and logged again
        answer = client.post(
            "/api/v1/attendance/actions", {"actions": [action]}, content_type="application/json", **bearer(world.sam)
        )
        assert answer.json()["results"][0]["status"] == "applied"
    assert logged() == [("sam", "A123456", "api", "/api/v1/attendance/actions", "127.0.0.1")] * 2
    assert set(PersonalDataAccess.objects.values_list("view_name", flat=True)) == {"api:sync_actions"}


def flush_a_services_writes(user) -> None:
    """A service's writes (none of its own here), with the log of the reads so far added to them."""
    with audit.reads_logged_with_writes(), transaction.atomic():
        writes = Writes()
        audit.log_reads_with(writes, user)
        writes.flush()


def test_a_read_a_service_logged_is_left_out_only_once_its_writes_are_flushed(rf, world):
    with audit.collecting(api_request=rf.get("/api/v1/somewhere")) as loaded:
        Person.objects.get(crn="A123456")
        with pytest.raises(IntegrityError), audit.reads_logged_with_writes(), transaction.atomic():
            failing = Writes()
            audit.log_reads_with(failing, world.sam)
            failing.insert(PersonalDataAccess(person_id=None, crn="", channel="api"))  # no person: refused
            failing.flush()
        assert audit.people_loaded(loaded) == [(world.alex.pk, "A123456")]  # still the middleware's to log
        with pytest.raises(RuntimeError), audit.reads_logged_with_writes(), transaction.atomic():
            written = Writes()
            audit.log_reads_with(written, world.sam)
            written.flush()
            raise RuntimeError("the transaction rolls back after the writes")
        assert audit.people_loaded(loaded) == [(world.alex.pk, "A123456")]  # the log was rolled back too
        flush_a_services_writes(world.sam)
        assert audit.people_loaded(loaded) == []
    assert logged() == [("sam", "A123456", "api", "/api/v1/somewhere", "127.0.0.1")]


def test_on_a_page_the_service_leaves_the_log_to_the_middleware(rf, world):
    with audit.collecting() as loaded:  # a page's request
        Person.objects.get(crn="A123456")
        flush_a_services_writes(world.sam)
        # A change on a page answers with a redirect, which the middleware does not log.
        assert audit.people_loaded(loaded) == [(world.alex.pk, "A123456")]
    assert logged() == []


def test_a_service_outside_its_own_transaction_guard_leaves_the_log_to_the_middleware(rf, world):
    with audit.collecting(api_request=rf.get("/api/v1/somewhere")) as loaded:
        Person.objects.get(crn="A123456")
        writes = Writes()
        audit.log_reads_with(writes, world.sam)
        writes.flush()
        assert audit.people_loaded(loaded) == [(world.alex.pk, "A123456")]
    assert logged() == []


def test_outside_a_request_a_service_logs_nothing(world):
    Person.objects.get(crn="A123456")
    flush_a_services_writes(world.sam)
    assert logged() == []


def test_a_session_page_naming_its_people_is_logged(client, world, today_session):
    client.force_login(world.cora)
    r = client.get(f"/sessions/{today_session.pk}/")
    assert b"Alex" in r.content
    assert logged() == [("cora", "A123456", "page", f"/sessions/{today_session.pk}/", "127.0.0.1")]


def test_a_partner_seeing_a_first_name_and_initial_is_still_logged(client, world, individual_placement_today):
    client.force_login(world.pat)
    r = client.get(f"/my/sessions/{individual_placement_today.pk}/")
    assert b"Alex J." in r.content
    assert logged() == [("pat", "A123456", "page", f"/my/sessions/{individual_placement_today.pk}/", "127.0.0.1")]


def test_a_read_refused_as_not_found_or_forbidden_logs_no_read(client, world):
    client.force_login(world.cora)
    assert client.get("/people/W654321/").status_code == 404
    assert client.get("/api/v1/people/W654321", **bearer(world.cora)).status_code == 404
    client.force_login(world.pat)
    assert client.get("/people/").status_code == 403
    assert client.get("/api/v1/people", **bearer(world.sam)).status_code == 403
    assert not PersonalDataAccess.objects.exclude(channel=PersonalDataAccess.Channel.REFUSED).exists()


def test_a_page_that_shows_nobody_logs_nothing(client, world):
    client.force_login(world.cora)
    client.get("/sessions/")
    client.get("/api/v1/auth/me", **bearer(world.cora))
    assert logged() == []


@pytest.mark.parametrize("url", ["/people/", "/people/A123456/"])
def test_logging_costs_the_people_pages_one_insert(world, settings, url):
    f.PersonFactory.create_batch(5, pdu=world.newcastle)

    def queries_of_a_second_visit() -> list[str]:
        client = Client()  # loads the middleware as the settings now have it
        client.force_login(world.cora)
        client.get(url)  # so that both visits find the session and the user as warm
        with CaptureQueriesContext(connection) as visit:
            assert client.get(url).status_code == 200
        return [query["sql"] for query in visit.captured_queries]

    logging_on = queries_of_a_second_visit()
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != AUDIT_MIDDLEWARE]
    logging_off = queries_of_a_second_visit()

    assert len(logging_on) == len(logging_off) + 1
    assert logging_on[-1].startswith('INSERT INTO "upw_personaldataaccess"')


@shared_task(name="tests.audit.load_everyone")
def load_everyone() -> int:
    return len(list(Person.objects.all()))


def test_a_task_run_inside_a_request_is_not_counted_as_the_users_read(world):
    with audit.collecting() as loaded:
        assert load_everyone.delay().get() == 2
        assert loaded == []
        world.alex.refresh_from_db()  # a read in the request itself is still collected
    assert audit.people_loaded(loaded) == [(world.alex.pk, "A123456")]


def test_people_loaded_with_only_some_fields_cost_no_extra_query(world, django_assert_num_queries):
    with audit.collecting() as loaded:
        list(Person.objects.only("id"))
    with django_assert_num_queries(0):
        assert sorted(audit.people_loaded(loaded)) == [(world.alex.pk, ""), (world.bryn.pk, "")]


@pytest.mark.urls("tests.audit.urls")
def test_a_streamed_export_logs_each_person_sent_once_the_stream_closes(client, world):
    client.force_login(world.admin)
    response = client.get("/export/people.csv")
    assert logged() == []  # nobody has been read yet: the rows are read as the file is sent
    body = b"".join(response.streaming_content)
    assert b"Alex Jones" in body and b"Bryn Evans" in body
    assert logged() == [
        ("ada", "A123456", "export", "/export/people.csv", "127.0.0.1"),
        ("ada", "W654321", "export", "/export/people.csv", "127.0.0.1"),
    ]
