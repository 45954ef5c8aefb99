"""What a partner user sees of the people on their individual placements: a first name and a
last-name initial, on sessions from 7 days back to 14 days ahead, and nothing else about them."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from tests import factories as f
from upw.models import AttendanceRecord, ProjectType

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")

STAFF_NOTE = "Disclosed a relapse; speak to his probation officer"
SENT_HOME_REASON = "Smelled of alcohol on arrival"
SECRETS = ("Jones", "A123456", STAFF_NOTE, SENT_HOME_REASON, "07700 900123", "alex.jones@example.org")


def _individual_session(world, days_from_today: int = 0):
    project = f.ProjectFactory(
        organisation=world.org_a, site__pdu=world.newcastle, project_type=ProjectType.INDIVIDUAL, name="Charity shop"
    )
    session = f.SessionFactory(project=project, date=timezone.localdate() + dt.timedelta(days=days_from_today))
    session.alex_allocation = f.AllocationFactory(requirement=world.alex_requirement, session=session)
    return session


@pytest.fixture
def placement(world):
    """Alex on Tyneside Gardens Trust's individual placement today, sent home, with a staff note."""
    world.alex.phone, world.alex.email = "07700 900123", "alex.jones@example.org"
    world.alex.save(update_fields=["phone", "email"])
    session = _individual_session(world)
    AttendanceRecord.objects.create(
        allocation=session.alex_allocation, outcome="ATSH", sent_home_reason=SENT_HOME_REASON, notes=STAFF_NOTE
    )
    return session


def _register_page(client, user, session):
    client.force_login(user)
    return client.get(f"/my/sessions/{session.pk}/")


def _register_api(client, user, session):
    client.force_login(user)
    return client.get(f"/api/v1/attendance/sessions/{session.pk}")


def _assert_nothing_secret_in(text: str):
    for secret in SECRETS:
        assert secret not in text


def test_it_shows_a_partner_a_first_name_and_initial_on_the_register_page(client, world, placement):
    r = _register_page(client, world.pat, placement)
    assert r.status_code == 200
    assert "Alex J." in r.content.decode()
    _assert_nothing_secret_in(r.content.decode())


def test_it_gives_a_partner_only_the_minimised_register_through_the_api(client, world, placement):
    r = _register_api(client, world.pat, placement)
    assert r.status_code == 200
    [person] = r.json()["people"]
    assert person["name"] == "Alex J."
    assert set(person) == {
        "allocation",
        "name",
        "arrived_at",
        "left_at",
        "late_minutes",
        "outcome",
        "credited_minutes",
    }
    _assert_nothing_secret_in(r.content.decode())


def test_it_shows_initials_only_for_a_limited_access_person(client, world, placement):
    world.alex.limited_access = True
    world.alex.save(update_fields=["limited_access"])
    assert _register_api(client, world.pat, placement).json()["people"][0]["name"] == "A. J."
    page = _register_page(client, world.pat, placement).content.decode()
    assert "A. J." in page and "Alex" not in page


def test_it_keeps_staff_notes_out_of_a_partners_sync_answer(world, placement):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.pat)
    client.get("/my/sessions/")
    action = {
        "key": "pat-checkout-0001",
        "allocation": placement.alex_allocation.pk,
        "kind": "check_out",
        "payload": {"at": timezone.now().isoformat()},
        "client_at": timezone.now().isoformat(),
    }
    r = client.post(
        "/api/v1/attendance/actions",
        data=json.dumps({"actions": [action]}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    [result] = r.json()["results"]
    assert result["status"] == "applied"
    assert "notes" not in result["attendance"] and "sent_home_reason" not in result["attendance"]
    _assert_nothing_secret_in(r.content.decode())


def test_it_adds_a_partners_note_to_the_staff_note_instead_of_replacing_it(world, placement):
    from upw.attendance import services

    services.attendance_apply_action(
        user=world.pat,
        key="pat-outcome-0001",
        allocation_id=placement.alex_allocation.pk,
        kind="outcome",
        payload={"outcome": "ATTC", "notes": "Worked well on the till", "work_quality": "good", "behaviour": "good"},
        client_at=timezone.now(),
    )
    services.attendance_apply_action(
        user=world.pat,
        key="pat-outcome-0002",
        allocation_id=placement.alex_allocation.pk,
        kind="outcome",
        payload={"outcome": "ATTC", "notes": ""},
        client_at=timezone.now(),
    )
    record = AttendanceRecord.objects.get(allocation=placement.alex_allocation)
    assert record.notes == f"{STAFF_NOTE}\nWorked well on the till"


@pytest.mark.parametrize("days_from_today", [-7, 0, 14])
def test_it_shows_a_partner_sessions_from_seven_days_back_to_fourteen_ahead(client, world, days_from_today):
    session = _individual_session(world, days_from_today)
    assert _register_page(client, world.pat, session).status_code == 200
    assert _register_api(client, world.pat, session).status_code == 200
    listed = client.get(f"/api/v1/attendance/sessions?date={session.date:%Y-%m-%d}").json()
    assert [s["id"] for s in listed] == [session.pk]


@pytest.mark.parametrize("days_from_today", [-8, -60, 15, 40])
def test_it_answers_404_to_a_partner_for_sessions_outside_the_window(client, world, days_from_today):
    session = _individual_session(world, days_from_today)
    assert _register_page(client, world.pat, session).status_code == 404
    assert _register_api(client, world.pat, session).status_code == 404
    assert client.get(f"/api/v1/attendance/sessions?date={session.date:%Y-%m-%d}").json() == []
    page = client.get(f"/my/sessions/?date={session.date:%Y-%m-%d}").content.decode()
    assert f"/my/sessions/{session.pk}/" not in page


def test_it_follows_the_window_settings(client, world, settings):
    settings.UPW_PARTNER_REGISTER_DAYS_BACK, settings.UPW_PARTNER_REGISTER_DAYS_AHEAD = 1, 2
    assert _register_page(client, world.pat, _individual_session(world, -2)).status_code == 404
    assert _register_page(client, world.pat, _individual_session(world, 3)).status_code == 404
    assert _register_page(client, world.pat, _individual_session(world, 2)).status_code == 200


def test_it_tells_another_partner_nothing(client, world, placement):
    assert _register_page(client, world.quinn, placement).status_code == 404
    assert _register_api(client, world.quinn, placement).status_code == 404
    assert client.get("/api/v1/attendance/sessions").json() == []
    page = client.get("/my/sessions/").content.decode()
    assert "Charity shop" not in page
    _assert_nothing_secret_in(page)


def test_it_keeps_the_full_register_for_coordinators(client, world, placement):
    page = _register_page(client, world.cora, placement).content.decode()
    assert "Alex Jones" in page and "A123456" in page and STAFF_NOTE in page and SENT_HOME_REASON in page
    [person] = _register_api(client, world.cora, placement).json()["people"]
    assert (person["crn"], person["name"], person["notes"]) == ("A123456", "Alex Jones", STAFF_NOTE)
    assert person["sent_home_reason"] == SENT_HOME_REASON


def test_no_page_or_endpoint_a_partner_reaches_shows_more_than_the_minimised_name(client, world, placement):
    client.force_login(world.pat)
    project = placement.project
    urls = [
        f"/my/sessions/{placement.pk}/",
        f"/api/v1/attendance/sessions/{placement.pk}",
        "/my/sessions/",
        f"/sessions/?week={placement.date:%Y-%m-%d}",
        f"/sessions/{placement.pk}/",
        "/partner/",
        f"/partner/projects/{project.pk}/",
        "/api/v1/attendance/sessions",
        f"/api/v1/sessions/{placement.pk}",
        f"/api/v1/sessions?date_from={placement.date:%Y-%m-%d}",
        f"/api/v1/partner-projects/{project.pk}/impact",
    ]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        _assert_nothing_secret_in(r.content.decode())
