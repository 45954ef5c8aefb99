import pytest

from tests import factories as f
from tests.api import bearer

URL = "/api/v1/projects"

pytestmark = pytest.mark.django_db


def ids(response):
    return [p["id"] for p in response.json()["items"]]


def test_it_lists_only_the_partners_own_projects(client, world):
    r = client.get(URL, **bearer(world.pat))
    assert r.status_code == 200
    assert ids(r) == [world.project_a.id]


def test_it_shows_the_partner_its_own_project(client, world):
    r = client.get(f"{URL}/{world.project_a.id}", **bearer(world.pat))
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "Jesmond Dene clearance"
    assert body["organisation"]["name"] == "Tyneside Gardens Trust"
    assert body["region"] == "North East"
    assert body["site"]["pdu"] == "newcastle"


def test_it_gives_404_for_another_organisations_project(client, world):
    r = client.get(f"{URL}/{world.project_b.id}", **bearer(world.pat))
    assert r.status_code == 404
    assert r.json() == {"detail": "No project found."}


def test_it_gives_404_for_a_project_that_does_not_exist(client, world):
    assert client.get(f"{URL}/999999", **bearer(world.admin)).status_code == 404


def test_it_never_includes_person_data(client, world):
    world.alex_requirement.last_project = world.project_a
    world.alex_requirement.save()
    headers = bearer(world.pat)
    for url in (URL, f"{URL}/{world.project_a.id}"):
        text = client.get(url, **headers).content.decode()
        assert "A123456" not in text
        assert "Alex" not in text


def test_it_scopes_coordinators_to_their_region(client, world):
    assert ids(client.get(URL, **bearer(world.nia))) == [world.project_b.id]
    assert client.get(f"{URL}/{world.project_a.id}", **bearer(world.nia)).status_code == 404


def test_it_shows_a_supervisor_the_projects_of_their_sessions(client, world):
    other = f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle)
    headers = bearer(world.sam)
    assert ids(client.get(URL, **headers)) == [world.project_a.id]
    assert client.get(f"{URL}/{other.id}", **headers).status_code == 404


def test_it_shows_skills_and_schedule(client, world):
    r = client.get(f"{URL}/{world.project_a.id}", **bearer(world.cora))
    assert r.json()["skills"] == []
    assert r.json()["schedule"] == []


def test_it_filters_by_status_and_name(client, world):
    f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, name="Quayside paint", status="draft")
    headers = bearer(world.cora)
    assert client.get(URL, {"status": "draft"}, **headers).json()["count"] == 1
    assert ids(client.get(URL, {"q": "jesmond"}, **headers)) == [world.project_a.id]
    assert client.get(URL, {"status": "nonsense"}, **headers).status_code == 422


def test_it_requires_a_token(client, world):
    assert client.get(URL).status_code == 401
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer upw_wrong").status_code == 401


def test_it_paginates(client, world):
    f.ProjectFactory.create_batch(27, organisation=world.org_a, site__pdu=world.newcastle)
    body = client.get(URL, {"page_size": 10, "page": 3}, **bearer(world.pat)).json()
    assert body["count"] == 28
    assert len(body["items"]) == 8


def test_it_lists_projects_in_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    f.ProjectFactory.create_batch(10, organisation=world.org_a, site__pdu=world.newcastle)
    headers = bearer(world.pat)
    client.get(URL, **headers)
    with django_assert_max_num_queries(5):
        assert len(client.get(URL, **headers).json()["items"]) == 11
