import pytest

from tests import factories as f
from tests.api import bearer
from upw.people.api import PersonOut, PersonSensitiveOut

URL = "/api/v1/people"

SENSITIVE = set(PersonSensitiveOut.model_fields) - set(PersonOut.model_fields)

pytestmark = pytest.mark.django_db


def test_it_lists_the_people_of_the_coordinators_region(client, world):
    r = client.get(URL, **bearer(world.cora))
    assert r.status_code == 200
    assert [p["crn"] for p in r.json()["items"]] == ["A123456"]


def test_it_never_lists_people_of_another_region(client, world):
    r = client.get(URL, {"q": "Bryn"}, **bearer(world.cora))
    assert r.json() == {"items": [], "count": 0}


def test_it_lists_everyone_for_an_administrator(client, world):
    r = client.get(URL, **bearer(world.admin))
    assert {p["crn"] for p in r.json()["items"]} == {"A123456", "W654321"}


def test_it_shows_a_person(client, world):
    r = client.get(f"{URL}/A123456", **bearer(world.cora))
    assert r.status_code == 200
    body = r.json()
    assert body["first_name"] == "Alex"
    assert body["pdu"] == "newcastle"
    assert body["region"] == "North East"


def test_it_finds_a_crn_in_any_case(client, world):
    assert client.get(f"{URL}/a123456", **bearer(world.cora)).status_code == 200


def test_it_gives_404_for_a_person_of_another_region(client, world):
    r = client.get(f"{URL}/W654321", **bearer(world.cora))
    assert r.status_code == 404
    assert r.json() == {"detail": "No person found."}


def test_it_gives_404_for_a_crn_that_does_not_exist(client, world):
    assert client.get(f"{URL}/Z999999", **bearer(world.cora)).status_code == 404


@pytest.mark.parametrize("persona", ["pat", "sam"])
def test_it_refuses_partners_and_supervisors(client, world, persona):
    headers = bearer(getattr(world, persona))
    for url in (URL, f"{URL}/A123456"):
        r = client.get(url, **headers)
        assert r.status_code == 403
        assert "detail" in r.json()


def test_it_requires_a_token(client, world):
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/A123456", HTTP_AUTHORIZATION="Bearer upw_wrong").status_code == 401


def test_it_shows_sensitive_fields_to_a_coordinator(client, world):
    detail = client.get(f"{URL}/A123456", **bearer(world.cora)).json()
    assert set(detail) >= SENSITIVE
    assert detail["offence_summary"] == "Theft from a shop"
    assert detail["risk_level"] == "medium"
    listed = client.get(URL, **bearer(world.cora)).json()["items"][0]
    assert set(listed) >= SENSITIVE


def test_it_leaves_out_sensitive_fields_for_a_role_that_may_not_see_them(client, world, monkeypatch):
    # Every role that may read people today may also see their sensitive details, so a role that
    # may not is simulated: the endpoints must follow may_see_sensitive, whatever it says.
    monkeypatch.setattr("upw.people.api.may_see_sensitive", lambda user: False)
    headers = bearer(world.cora)
    detail = client.get(f"{URL}/A123456", **headers).json()
    listed = client.get(URL, **headers).json()["items"][0]
    for person in (detail, listed):
        assert person["crn"] == "A123456"
        assert not SENSITIVE & set(person)
        assert "Theft" not in str(person)
        assert "07700" not in str(person)


def test_it_searches_by_name_and_crn(client, world):
    f.PersonFactory(crn="A000001", first_name="Alexa", last_name="Brown", pdu=world.newcastle)
    headers = bearer(world.cora)
    assert client.get(URL, {"q": "alex"}, **headers).json()["count"] == 2
    assert client.get(URL, {"q": "alex jones"}, **headers).json()["count"] == 1
    assert [p["crn"] for p in client.get(URL, {"q": "a000001"}, **headers).json()["items"]] == ["A000001"]


def test_it_filters_by_pdu(client, world):
    headers = bearer(world.admin)
    assert [p["crn"] for p in client.get(URL, {"pdu": "cardiff"}, **headers).json()["items"]] == ["W654321"]


def test_it_paginates(client, world):
    f.PersonFactory.create_batch(30, pdu=world.newcastle)
    headers = bearer(world.cora)
    first = client.get(URL, **headers).json()
    assert set(first) == {"items", "count"}
    assert first["count"] == 31
    assert len(first["items"]) == 25
    second = client.get(URL, {"page": 2}, **headers).json()
    assert len(second["items"]) == 6
    assert not {p["crn"] for p in first["items"]} & {p["crn"] for p in second["items"]}
    assert len(client.get(URL, {"page_size": 500}, **headers).json()["items"]) == 31


def test_it_caps_the_page_size(client, world):
    f.PersonFactory.create_batch(105, pdu=world.newcastle)
    r = client.get(URL, {"page_size": 500}, **bearer(world.cora))
    assert len(r.json()["items"]) == 100


def test_it_rejects_a_bad_page_number(client, world):
    assert client.get(URL, {"page": 0}, **bearer(world.cora)).status_code == 422


def test_it_lists_people_in_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    f.PersonFactory.create_batch(20, pdu=world.newcastle)
    headers = bearer(world.cora)
    client.get(URL, **headers)  # the token's first use is recorded once
    with django_assert_max_num_queries(5):
        assert len(client.get(URL, **headers).json()["items"]) == 21
