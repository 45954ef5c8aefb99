import pytest

from tests import factories as f
from tests.api import bearer

URL = "/api/v1/requirements"

pytestmark = pytest.mark.django_db


def test_it_lists_the_requirements_of_the_coordinators_region(client, world):
    r = client.get(URL, **bearer(world.cora))
    assert r.status_code == 200
    assert [req["id"] for req in r.json()["items"]] == [world.alex_requirement.id]
    assert r.json()["count"] == 1


def test_it_shows_progress(client, world):
    world.alex_requirement.minutes_credited = 90 * 60
    world.alex_requirement.status = "in_progress"
    world.alex_requirement.save()
    r = client.get(f"{URL}/{world.alex_requirement.id}", **bearer(world.cora))
    assert r.status_code == 200
    body = r.json()
    assert body["person_crn"] == "A123456"
    assert body["hours_ordered"] == 120
    assert body["minutes_ordered"] == 7200
    assert body["minutes_credited"] == 5400
    assert body["minutes_left"] == 1800
    assert body["percent_complete"] == 75
    assert body["status"] == "in_progress"
    assert body["deadline"] == world.alex_requirement.deadline.isoformat()


def test_it_gives_404_for_a_requirement_of_another_region(client, world):
    r = client.get(f"{URL}/{world.bryn_requirement.id}", **bearer(world.cora))
    assert r.status_code == 404
    assert r.json() == {"detail": "No requirement found."}


def test_it_refuses_partners_and_supervisors(client, world):
    for user in (world.pat, world.sam):
        headers = bearer(user)
        assert client.get(URL, **headers).status_code == 403
        assert client.get(f"{URL}/{world.alex_requirement.id}", **headers).status_code == 403


def test_it_requires_a_token(client, world):
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/{world.alex_requirement.id}").status_code == 401


def test_it_filters_by_status_and_person(client, world):
    other = f.RequirementFactory(person__pdu=world.newcastle, status="completed")
    headers = bearer(world.admin)
    assert [r["id"] for r in client.get(URL, {"status": "completed"}, **headers).json()["items"]] == [other.id]
    by_person = client.get(URL, {"person": "w654321"}, **headers).json()["items"]
    assert [r["id"] for r in by_person] == [world.bryn_requirement.id]


def test_it_rejects_an_unknown_status(client, world):
    r = client.get(URL, {"status": "finished"}, **bearer(world.cora))
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "status"]


def test_it_paginates(client, world):
    f.RequirementFactory.create_batch(26, person__pdu=world.newcastle)
    body = client.get(URL, {"page": 2}, **bearer(world.cora)).json()
    assert body["count"] == 27
    assert len(body["items"]) == 2


def test_it_lists_requirements_in_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    f.RequirementFactory.create_batch(10, person__pdu=world.newcastle)
    headers = bearer(world.cora)
    client.get(URL, **headers)
    with django_assert_max_num_queries(5):
        assert len(client.get(URL, **headers).json()["items"]) == 11
