import datetime as dt

import pytest

from tests import factories as f
from tests.api import bearer

URL = "/api/v1/sessions"

pytestmark = pytest.mark.django_db

# Extra sessions start after lunch, so they never clash with the fixture's morning sessions.
AFTERNOON = {"start_time": dt.time(13, 0), "end_time": dt.time(16, 0)}


def ids(response):
    return [s["id"] for s in response.json()["items"]]


def test_it_shows_a_supervisor_only_their_sessions(client, world):
    headers = bearer(world.sam)
    assert ids(client.get(URL, **headers)) == [world.session_a.id]
    assert client.get(f"{URL}/{world.session_a.id}", **headers).status_code == 200
    assert client.get(f"{URL}/{world.session_not_sams.id}", **headers).status_code == 404


def test_it_counts_places_taken(client, world):
    f.AllocationFactory(requirement__person__pdu=world.newcastle, session=world.session_a, status="cancelled")
    f.AllocationFactory(requirement__person__pdu=world.newcastle, session=world.session_a)
    r = client.get(f"{URL}/{world.session_a.id}", **bearer(world.cora))
    assert r.status_code == 200
    body = r.json()
    assert body["places_taken"] == 2
    assert body["places_left"] == 6
    assert body["capacity"] == 8
    assert body["supervisors_rostered"] == 1
    assert body["duration_minutes"] == 450
    assert body["project"]["name"] == "Jesmond Dene clearance"


def test_it_counts_places_once_when_several_supervisors_are_rostered(client, world):
    f.SessionSupervisorFactory(session=world.session_a, supervisor=world.sid.supervisor)
    listed = client.get(URL, **bearer(world.sam)).json()["items"]
    assert [(s["id"], s["places_taken"]) for s in listed] == [(world.session_a.id, 1)]


def test_it_shows_partners_their_organisations_sessions(client, world):
    headers = bearer(world.pat)
    assert set(ids(client.get(URL, **headers))) == {world.session_a.id, world.session_not_sams.id}
    assert client.get(f"{URL}/{world.session_b.id}", **headers).status_code == 404


def test_it_never_shows_partners_who_is_allocated(client, world):
    text = client.get(f"{URL}/{world.session_a.id}", **bearer(world.pat)).content.decode()
    assert "A123456" not in text
    assert "Alex" not in text


def test_it_gives_404_for_a_session_of_another_region(client, world):
    r = client.get(f"{URL}/{world.session_b.id}", **bearer(world.cora))
    assert r.status_code == 404
    assert r.json() == {"detail": "No session found."}


def test_it_filters_by_date_and_project(client, world):
    headers = bearer(world.admin)
    day = world.session_a.date
    on_the_day = {s.id for s in (world.session_a, world.session_b, world.session_not_sams) if s.date == day}
    r = client.get(URL, {"date_from": day.isoformat(), "date_to": day.isoformat()}, **headers)
    assert set(ids(r)) == on_the_day
    assert set(ids(client.get(URL, {"project": world.project_b.id}, **headers))) == {world.session_b.id}
    later = (day + dt.timedelta(days=1)).isoformat()
    assert ids(client.get(URL, {"date_from": later}, **headers)) == []


def test_it_rejects_a_bad_date(client, world):
    r = client.get(URL, {"date_from": "next tuesday"}, **bearer(world.cora))
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "date_from"]


def test_it_requires_a_token(client, world):
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/{world.session_a.id}").status_code == 401


def test_it_paginates(client, world):
    for n in range(26):
        f.SessionFactory(project=world.project_a, date=world.session_a.date + dt.timedelta(days=n + 1), **AFTERNOON)
    body = client.get(URL, {"page": 2}, **bearer(world.cora)).json()
    assert body["count"] == 28
    assert len(body["items"]) == 3


def test_it_lists_sessions_in_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for n in range(10):
        session = f.SessionFactory(
            project=world.project_a, date=world.session_a.date + dt.timedelta(days=n + 1), **AFTERNOON
        )
        f.AllocationFactory(requirement__person__pdu=world.newcastle, session=session)
    headers = bearer(world.cora)
    client.get(URL, **headers)
    with django_assert_max_num_queries(5):
        assert len(client.get(URL, **headers).json()["items"]) == 12
