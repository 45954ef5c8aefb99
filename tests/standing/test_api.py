"""The standing allocations API: /api/v1/standing-allocations."""

from scheduler.models import StandingAllocation
from scheduler.standing import services
from tests.api import bearer
from tests.standing.conftest import FIRST_FRIDAY, FRIDAYS
from upw.models import Allocation

URL = "/api/v1/standing-allocations"


def body(world, **changes):
    return {
        "requirement_id": world.alex_requirement.pk,
        "project_id": world.project_a.pk,
        "weekday": 4,
        "frequency": "weekly",
        "start_date": FIRST_FRIDAY.isoformat(),
        **changes,
    }


def post(client, user, data):
    return client.post(URL, data, content_type="application/json", **bearer(user))


def test_it_creates_a_standing_allocation_and_answers_with_its_bookings_and_shortfalls(client, world, fridays):
    r = post(client, world.cora, body(world, end_date=FRIDAYS[3].isoformat()))

    assert r.status_code == 201
    made = r.json()
    assert made["crn"] == "A123456" and made["weekday_name"] == "Friday" and made["status"] == "active"
    assert [b["date"] for b in made["bookings"]] == ["2026-12-11", "2026-12-18"]
    assert [s["date"] for s in made["shortfalls"]] == ["2026-12-25", "2027-01-01"]
    assert made["shortfalls"][0]["reason"] == services.BANK_HOLIDAY


def test_a_retried_create_with_the_same_key_answers_with_the_first_and_books_nothing(client, world, fridays):
    first = post(client, world.cora, body(world, idempotency_key="k-1"))
    places = Allocation.objects.count()

    again = post(client, world.cora, body(world, idempotency_key="k-1"))

    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert StandingAllocation.objects.count() == 1
    assert Allocation.objects.count() == places


def test_it_refuses_bad_input_naming_the_field(client, world, fridays):
    r = post(client, world.cora, body(world, start_date=FRIDAYS[0].replace(day=10).isoformat()))
    assert r.status_code == 400
    assert r.json()["field"] == "start_date"

    r = post(client, world.cora, body(world, end_date="2026-12-01"))
    assert r.json() == {"detail": services.END_BEFORE_START, "field": "end_date"}


def test_it_lists_reads_and_ends(client, world, fridays):
    made = post(client, world.cora, body(world)).json()

    listed = client.get(URL, {"q": "A123456"}, **bearer(world.cora)).json()
    assert [s["id"] for s in listed["items"]] == [made["id"]]
    assert client.get(URL, {"q": "nobody"}, **bearer(world.cora)).json()["items"] == []
    assert client.get(f"{URL}/{made['id']}", **bearer(world.cora)).json()["project"] == "Jesmond Dene clearance"

    ended = client.post(f"{URL}/{made['id']}/end", **bearer(world.cora)).json()
    assert ended["cancelled"] == 6 and ended["standing"]["status"] == "ended" and not ended["already_ended"]
    again = client.post(f"{URL}/{made['id']}/end", **bearer(world.cora)).json()
    assert again["already_ended"] and again["cancelled"] == 0


def test_another_region_is_not_found_and_a_partner_is_refused(client, world, fridays):
    made = post(client, world.cora, body(world)).json()

    assert client.get(f"{URL}/{made['id']}", **bearer(world.nia)).status_code == 404
    assert client.post(f"{URL}/{made['id']}/end", **bearer(world.nia)).status_code == 404
    assert client.get(URL, **bearer(world.nia)).json()["items"] == []
    assert post(client, world.nia, body(world)).status_code == 404
    for persona in (world.pat, world.sam):
        assert client.get(f"{URL}/{made['id']}", **bearer(persona)).status_code == 403
        assert client.get(URL, **bearer(persona)).status_code == 403
        assert post(client, persona, body(world)).status_code == 403
    assert StandingAllocation.objects.get().status == "active"


def test_a_project_of_another_region_is_refused(client, world, fridays):
    r = post(client, world.admin, body(world, project_id=world.project_b.pk))

    assert r.status_code == 400
    assert r.json() == {"detail": services.PROJECT_OTHER_REGION, "field": "project"}
